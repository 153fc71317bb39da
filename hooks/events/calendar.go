package events

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/guard"
	"ben/hooks/recurrence"
	"ben/hooks/tz"
)

// MaxExdates is how many single dates of a series may be cancelled.
const MaxExdates = 366

// sequenceFields are the fields whose change calendar apps must learn
// about (RFC 5546 §2.1.4): time, place, the recurrence and the status.
var sequenceFields = []string{"starts_at", "ends_at", "all_day", "rrule", "exdates", "location", "cancelled"}

// prepareCalendar brings what was written into its stored form before the
// record is validated: all-day dates at midnight in Bitburg, the rule and
// the cancelled dates in canonical form, the series end and the sequence
// number computed. It changes nothing it cannot read; validation reports it.
func prepareCalendar(e *core.RecordEvent) error {
	r := e.Record
	if r.GetBool("all_day") {
		snapAllDay(r)
	}
	series, rule, ruleErr := SeriesOf(r)
	if rule != nil {
		r.Set("rrule", rule.String())
	}
	if dates, bad := parseExdates(r.Get("exdates")); bad == nil {
		r.Set("exdates", formatExdates(dates))
	}
	if ruleErr == nil && series != nil {
		if end, ok := series.LastEnd(); ok {
			r.Set("series_ends_at", end)
		} else if series.Rule != nil {
			r.Set("series_ends_at", "") // the series has no end
		} else {
			r.Set("series_ends_at", r.GetDateTime("ends_at"))
		}
	}
	r.Set("sequence", nextSequence(r))
	return e.Next()
}

// nextSequence is 0 for a new event, and one more than before whenever a
// field in sequenceFields changed. It is never taken from the request.
func nextSequence(r *core.Record) int {
	if r.IsNew() {
		return 0
	}
	old := r.Original()
	seq := old.GetInt("sequence")
	for _, name := range sequenceFields {
		if fmt.Sprint(normalised(old, name)) != fmt.Sprint(normalised(r, name)) {
			return seq + 1
		}
	}
	return seq
}

func normalised(r *core.Record, name string) any {
	switch name {
	case "starts_at", "ends_at":
		return r.GetDateTime(name).String()
	case "exdates":
		dates, _ := parseExdates(r.Get(name))
		return formatExdates(dates)
	}
	return r.Get(name)
}

// snapAllDay moves the start to midnight of its day in Bitburg and the end
// to midnight after its day (the exclusive end of RFC 5545), unless it is a
// midnight already.
func snapAllDay(r *core.Record) {
	start, end := r.GetDateTime("starts_at"), r.GetDateTime("ends_at")
	if !start.IsZero() {
		r.Set("starts_at", recurrence.WallTime(recurrence.Date(start.Time(), tz.Berlin), 0, 0, 0, tz.Berlin))
	}
	if !end.IsZero() {
		day := recurrence.Date(end.Time(), tz.Berlin)
		if !recurrence.WallTime(day, 0, 0, 0, tz.Berlin).Equal(end.Time()) {
			day = day.AddDate(0, 0, 1)
		}
		if !start.IsZero() && !day.After(recurrence.Date(start.Time(), tz.Berlin)) {
			day = recurrence.Date(start.Time(), tz.Berlin).AddDate(0, 0, 1)
		}
		r.Set("ends_at", recurrence.WallTime(day, 0, 0, 0, tz.Berlin))
	}
}

// SeriesOf reads the dates of an event record: nil without a start or end,
// and the rule's error when the rule cannot be read (the series is then nil).
func SeriesOf(r *core.Record) (*recurrence.Series, *recurrence.Rule, error) {
	return NewSeries(r.GetDateTime("starts_at"), r.GetDateTime("ends_at"), r.GetBool("all_day"), r.GetString("rrule"), r.Get("exdates"))
}

// NewSeries is SeriesOf for an event's stored values.
func NewSeries(start, end types.DateTime, allDay bool, rrule string, rawExdates any) (*recurrence.Series, *recurrence.Rule, error) {
	var rule *recurrence.Rule
	if rrule != "" {
		var err error
		if rule, err = recurrence.Parse(rrule); err != nil {
			return nil, nil, err
		}
	}
	if start.IsZero() || end.IsZero() || !start.Time().Before(end.Time()) {
		return nil, rule, nil
	}
	var exdates []time.Time
	if rule != nil {
		exdates, _ = parseExdates(rawExdates)
	}
	return &recurrence.Series{
		Start: start.Time(), End: end.Time(), AllDay: allDay,
		Rule: rule, Exdates: exdates, Loc: tz.Berlin,
	}, rule, nil
}

// exdateError is the broken rule of an unreadable list of dates.
var exdateError = &guard.Violation{Field: "exdates", Code: "validation_exdates_format",
	Message: `Abgesagte Termine werden als Liste von Tagen geschrieben, z. B. ["2027-03-23", "2027-04-06"].`}

// parseExdates reads the stored JSON list of days ("2027-03-23").
func parseExdates(raw any) ([]time.Time, *guard.Violation) {
	var list []string
	switch v := raw.(type) {
	case nil:
		return nil, nil
	case string:
		if v == "" || v == "null" {
			return nil, nil
		}
		if err := json.Unmarshal([]byte(v), &list); err != nil {
			return nil, exdateError
		}
	case types.JSONRaw:
		if len(v) == 0 || string(v) == "null" {
			return nil, nil
		}
		if err := json.Unmarshal(v, &list); err != nil {
			return nil, exdateError
		}
	case []string:
		list = v
	default:
		data, err := json.Marshal(v)
		if err != nil {
			return nil, exdateError
		}
		if string(data) == "null" || string(data) == `""` {
			return nil, nil
		}
		if err := json.Unmarshal(data, &list); err != nil {
			return nil, exdateError
		}
	}
	if len(list) > MaxExdates {
		return nil, &guard.Violation{Field: "exdates", Code: "validation_exdates_too_many",
			Message: fmt.Sprintf("Höchstens %d einzelne Termine einer Reihe können abgesagt werden.", MaxExdates)}
	}
	dates := make([]time.Time, 0, len(list))
	for _, s := range list {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return nil, &guard.Violation{Field: "exdates", Code: "validation_exdates_format",
				Message: fmt.Sprintf("„%s“ ist kein Tag in der Form JJJJ-MM-TT.", clip(s))}
		}
		if !slices.ContainsFunc(dates, d.Equal) {
			dates = append(dates, d)
		}
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	return dates, nil
}

func formatExdates(dates []time.Time) []string {
	out := make([]string, len(dates))
	for i, d := range dates {
		out[i] = d.Format(time.DateOnly)
	}
	return out
}

func clip(s string) string {
	if r := []rune(s); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}

// calendarViolations are the broken rules of the recurrence and the
// cancelled dates of r.
func calendarViolations(r *core.Record) []guard.Violation {
	var vs []guard.Violation
	series, rule, err := SeriesOf(r)
	if err != nil {
		var v guard.Violation
		if !errors.As(err, &v) {
			v = guard.Violation{Code: "validation_rrule_syntax", Message: "Die Wiederholungsregel ist ungültig."}
		}
		v.Field = "rrule"
		vs = append(vs, v)
	}
	exdates, exErr := parseExdates(r.Get("exdates"))
	if exErr != nil {
		vs = append(vs, *exErr)
	} else if len(exdates) > 0 && rule == nil && err == nil {
		vs = append(vs, guard.Violation{Field: "exdates", Code: "validation_exdates_without_rule",
			Message: "Einzelne Termine absagen geht nur bei einer Terminreihe. Einen einmaligen Termin sagen Sie mit „abgesagt“ ab."})
	}
	if series == nil || rule == nil {
		return vs
	}
	start := series.Start
	if !series.AllDay && recurrence.Ambiguous(start, tz.Berlin) {
		return append(vs, guard.Violation{Field: "starts_at", Code: "validation_series_ambiguous_start",
			Message: "Eine Terminreihe kann nicht in der Stunde beginnen, die bei der Umstellung auf die Winterzeit doppelt vorkommt (2:00 bis 2:59 Uhr)."})
	}
	if !rule.Until.IsZero() {
		until := rule.Until
		if rule.UntilDate {
			until = recurrence.WallTime(rule.Until, 23, 59, 59, tz.Berlin)
		}
		if until.Before(start) {
			return append(vs, guard.Violation{Field: "rrule", Code: "validation_rrule_until_before_start",
				Message: "Das Ende der Wiederholung (UNTIL) liegt vor dem Beginn der Reihe."})
		}
	}
	startDate := recurrence.Date(start, tz.Berlin)
	if first, ok := series.FirstDate(); !ok || !first.Equal(startDate) {
		msg := fmt.Sprintf("Der Beginn am %s passt nicht zur Wiederholungsregel. Bitte wählen Sie als Beginn den ersten Termin der Reihe", startDate.Format("02.01.2006"))
		if ok {
			msg += fmt.Sprintf(" (nach dieser Regel der %s).", first.Format("02.01.2006"))
		} else {
			msg += "."
		}
		return append(vs, guard.Violation{Field: "rrule", Code: "validation_rrule_start_mismatch", Message: msg})
	}
	if exErr != nil {
		return vs
	}
	for _, d := range exdates {
		if !series.Generates(d) {
			return append(vs, guard.Violation{Field: "exdates", Code: "validation_exdates_not_in_series",
				Message: fmt.Sprintf("Der %s ist kein Termin dieser Reihe.", d.Format("02.01.2006"))})
		}
	}
	return vs
}
