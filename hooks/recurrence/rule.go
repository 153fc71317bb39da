// Package recurrence reads and expands the recurrence rules of events: the
// part of RFC 5545 (§3.3.10, §3.8.5) that clubs need for weekly trainings and
// monthly meetings. FREQ=DAILY, WEEKLY and MONTHLY with INTERVAL, BYDAY,
// BYMONTHDAY, WKST, COUNT and UNTIL; exceptions are whole dates (EXDATE).
//
// Occurrences are computed in the wall time of a time zone (Europe/Berlin
// for BEN): a training at 18:00 stays at 18:00 across the change to summer
// time. Everything here is pure; the events hooks gather the inputs.
package recurrence

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"ben/hooks/guard"
)

// Limits of what a rule may say, so that no rule can make expansion costly.
const (
	MaxCount    = 1000 // COUNT
	MaxInterval = 366  // INTERVAL
	MaxRuleLen  = 500  // characters of the rule text
)

// Freq is the FREQ of a rule.
type Freq string

// The supported frequencies.
const (
	Daily   Freq = "DAILY"
	Weekly  Freq = "WEEKLY"
	Monthly Freq = "MONTHLY"
)

// WeekdayNum is one BYDAY entry: a weekday, with N = 0 for every such day of
// the period, or the N-th (negative: from the end) of the month.
type WeekdayNum struct {
	N   int
	Day time.Weekday
}

// Rule is a parsed RRULE value.
type Rule struct {
	Freq       Freq
	Interval   int // 1 when not given
	Count      int // 0: no COUNT
	Until      time.Time
	UntilDate  bool // UNTIL was a DATE (a local calendar day, inclusive); Until is then midnight UTC of that day
	ByDay      []WeekdayNum
	ByMonthDay []int
	WeekStart  time.Weekday
}

// fail is a rule that cannot be used, as the town's one violation type:
// the field rrule, a stable code and a German sentence.
func fail(code, format string, args ...any) error {
	return guard.Violation{Field: "rrule", Code: code, Message: fmt.Sprintf(format, args...)}
}

var dayCodes = map[string]time.Weekday{
	"MO": time.Monday, "TU": time.Tuesday, "WE": time.Wednesday, "TH": time.Thursday,
	"FR": time.Friday, "SA": time.Saturday, "SU": time.Sunday,
}

var dayNames = map[time.Weekday]string{
	time.Monday: "MO", time.Tuesday: "TU", time.Wednesday: "WE", time.Thursday: "TH",
	time.Friday: "FR", time.Saturday: "SA", time.Sunday: "SU",
}

// Parse reads an RRULE value ("FREQ=WEEKLY;BYDAY=TU"; a leading "RRULE:"
// is allowed). Parts BEN cannot expand are refused, never ignored: a rule
// must mean the same in BEN and in every calendar app.
func Parse(text string) (*Rule, error) {
	text = strings.TrimSpace(text)
	if len(text) > MaxRuleLen {
		return nil, fail("validation_rrule_too_long", "Die Wiederholungsregel ist zu lang (höchstens %d Zeichen).", MaxRuleLen)
	}
	if len(text) >= 6 && strings.EqualFold(text[:6], "RRULE:") {
		text = text[6:]
	}
	if text == "" {
		return nil, fail("validation_rrule_empty", "Die Wiederholungsregel ist leer.")
	}
	r := &Rule{Interval: 1, WeekStart: time.Monday}
	seen := map[string]bool{}
	for _, part := range strings.Split(text, ";") {
		name, value, ok := strings.Cut(part, "=")
		name = strings.ToUpper(strings.TrimSpace(name))
		value = strings.ToUpper(strings.TrimSpace(value))
		if !ok || name == "" || value == "" {
			return nil, fail("validation_rrule_syntax", "Die Wiederholungsregel ist nicht lesbar: „%s“ hat nicht die Form NAME=WERT.", clip(part))
		}
		if seen[name] {
			return nil, fail("validation_rrule_syntax", "Die Wiederholungsregel nennt %s zweimal.", name)
		}
		seen[name] = true
		switch name {
		case "FREQ":
			switch Freq(value) {
			case Daily, Weekly, Monthly:
				r.Freq = Freq(value)
			default:
				return nil, fail("validation_rrule_freq", "Termine wiederholen sich täglich, wöchentlich oder monatlich (FREQ=DAILY, WEEKLY oder MONTHLY); „%s“ ist nicht möglich.", clip(value))
			}
		case "INTERVAL":
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 || n > MaxInterval {
				return nil, fail("validation_rrule_interval", "INTERVAL muss eine ganze Zahl von 1 bis %d sein.", MaxInterval)
			}
			r.Interval = n
		case "COUNT":
			n, err := strconv.Atoi(value)
			if err != nil || n < 1 || n > MaxCount {
				return nil, fail("validation_rrule_count", "COUNT muss eine ganze Zahl von 1 bis %d sein.", MaxCount)
			}
			r.Count = n
		case "UNTIL":
			until, isDate, err := parseUntil(value)
			if err != nil {
				return nil, err
			}
			r.Until, r.UntilDate = until, isDate
		case "BYDAY":
			for _, d := range strings.Split(value, ",") {
				wn, err := parseWeekdayNum(d)
				if err != nil {
					return nil, err
				}
				if slices.Contains(r.ByDay, wn) {
					continue
				}
				r.ByDay = append(r.ByDay, wn)
			}
		case "BYMONTHDAY":
			for _, d := range strings.Split(value, ",") {
				n, err := strconv.Atoi(strings.TrimSpace(d))
				if err != nil || n == 0 || n < -31 || n > 31 {
					return nil, fail("validation_rrule_bymonthday", "BYMONTHDAY nennt Tage des Monats von 1 bis 31 (oder -1 bis -31 vom Monatsende); „%s“ ist keiner.", clip(d))
				}
				if !slices.Contains(r.ByMonthDay, n) {
					r.ByMonthDay = append(r.ByMonthDay, n)
				}
			}
		case "WKST":
			d, ok := dayCodes[value]
			if !ok {
				return nil, fail("validation_rrule_wkst", "WKST nennt einen Wochentag (MO bis SU); „%s“ ist keiner.", clip(value))
			}
			r.WeekStart = d
		default:
			return nil, fail("validation_rrule_unsupported", "%s wird in Wiederholungsregeln nicht unterstützt. Möglich sind FREQ, INTERVAL, BYDAY, BYMONTHDAY, WKST, COUNT und UNTIL.", clip(name))
		}
	}
	if r.Freq == "" {
		return nil, fail("validation_rrule_freq", "Die Wiederholungsregel braucht FREQ (DAILY, WEEKLY oder MONTHLY).")
	}
	if r.Count > 0 && !r.Until.IsZero() {
		return nil, fail("validation_rrule_count_until", "Eine Wiederholungsregel endet entweder nach einer Anzahl (COUNT) oder an einem Datum (UNTIL), nicht mit beidem.")
	}
	for _, wn := range r.ByDay {
		if wn.N != 0 && r.Freq != Monthly {
			return nil, fail("validation_rrule_byday", "Eine Zahl vor dem Wochentag (z. B. 1FR, -1SA) gibt es nur bei monatlichen Wiederholungen.")
		}
	}
	if len(r.ByMonthDay) > 0 && r.Freq == Weekly {
		return nil, fail("validation_rrule_bymonthday", "BYMONTHDAY passt nicht zu wöchentlichen Wiederholungen.")
	}
	return r, nil
}

func parseUntil(value string) (time.Time, bool, error) {
	if t, err := time.Parse("20060102", value); err == nil {
		return t, true, nil
	}
	if t, err := time.Parse("20060102T150405Z", value); err == nil {
		return t, false, nil
	}
	return time.Time{}, false, fail("validation_rrule_until", "UNTIL muss ein Datum (JJJJMMTT) oder eine Zeit in UTC (JJJJMMTTThhmmssZ) sein; „%s“ ist keines.", clip(value))
}

func parseWeekdayNum(s string) (WeekdayNum, error) {
	s = strings.TrimSpace(s)
	bad := fail("validation_rrule_byday", "BYDAY nennt Wochentage als MO, TU, WE, TH, FR, SA, SU, monatlich auch mit Zahl davor (1MO, -1FR); „%s“ ist keiner.", clip(s))
	if len(s) < 2 {
		return WeekdayNum{}, bad
	}
	day, ok := dayCodes[s[len(s)-2:]]
	if !ok {
		return WeekdayNum{}, bad
	}
	wn := WeekdayNum{Day: day}
	if num := s[:len(s)-2]; num != "" {
		n, err := strconv.Atoi(num)
		if err != nil || n == 0 || n < -5 || n > 5 {
			return WeekdayNum{}, bad
		}
		wn.N = n
	}
	return wn, nil
}

// clip keeps echoed input short in error messages.
func clip(s string) string {
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

// String writes the rule in canonical form, with UNTIL as written.
func (r *Rule) String() string {
	return r.format(r.untilText())
}

// ICal writes the rule for a calendar file. RFC 5545 wants UNTIL of the
// value type of DTSTART: a DATE for all-day events, otherwise a UTC time; a
// DATE given for a timed event means the end of that day in loc.
func (r *Rule) ICal(allDay bool, loc *time.Location) string {
	if r.Until.IsZero() {
		return r.format("")
	}
	if allDay {
		if r.UntilDate {
			return r.format(r.Until.Format("20060102"))
		}
		return r.format(r.Until.In(loc).Format("20060102"))
	}
	return r.format(r.untilInstant(loc).UTC().Format("20060102T150405Z"))
}

func (r *Rule) untilText() string {
	switch {
	case r.Until.IsZero():
		return ""
	case r.UntilDate:
		return r.Until.Format("20060102")
	default:
		return r.Until.UTC().Format("20060102T150405Z")
	}
}

// untilInstant is the last instant an occurrence of a timed event may
// start at.
func (r *Rule) untilInstant(loc *time.Location) time.Time {
	if r.UntilDate {
		y, m, d := r.Until.Date()
		return time.Date(y, m, d, 23, 59, 59, 0, loc)
	}
	return r.Until
}

func (r *Rule) format(until string) string {
	parts := []string{"FREQ=" + string(r.Freq)}
	if r.Interval > 1 {
		parts = append(parts, "INTERVAL="+strconv.Itoa(r.Interval))
	}
	if r.Count > 0 {
		parts = append(parts, "COUNT="+strconv.Itoa(r.Count))
	}
	if until != "" {
		parts = append(parts, "UNTIL="+until)
	}
	if len(r.ByDay) > 0 {
		days := make([]string, len(r.ByDay))
		for i, wn := range r.ByDay {
			days[i] = dayNames[wn.Day]
			if wn.N != 0 {
				days[i] = strconv.Itoa(wn.N) + days[i]
			}
		}
		parts = append(parts, "BYDAY="+strings.Join(days, ","))
	}
	if len(r.ByMonthDay) > 0 {
		days := make([]string, len(r.ByMonthDay))
		for i, d := range r.ByMonthDay {
			days[i] = strconv.Itoa(d)
		}
		parts = append(parts, "BYMONTHDAY="+strings.Join(days, ","))
	}
	if r.WeekStart != time.Monday {
		parts = append(parts, "WKST="+dayNames[r.WeekStart])
	}
	return strings.Join(parts, ";")
}
