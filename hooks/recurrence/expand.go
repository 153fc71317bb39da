package recurrence

import (
	"slices"
	"time"
)

// MaxPeriods bounds how many periods (days, weeks, months) one iterator
// looks at. A valid rule yields an occurrence in far fewer; the bound only
// stops rules that match almost never from costing time.
const MaxPeriods = 100_000

// lastYear is the end of every expansion: dates beyond it are not computed.
const lastYear = 2200

// Series is an event and its recurrence: the first occurrence (Start to
// End), the rule (nil: a single date), the dates taken out, and the zone
// whose wall time the rule runs in.
type Series struct {
	Start, End time.Time
	AllDay     bool // Start and End are midnights in Loc, End exclusive
	Rule       *Rule
	Exdates    []time.Time // calendar days (midnight UTC of the date in Loc)
	Loc        *time.Location
}

// Occurrence is one date of a series.
type Occurrence struct {
	Start, End time.Time
}

// Date is the calendar day of t in loc, as midnight UTC: the form dates
// have in this package.
func Date(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// WallTime is the instant at which the clocks in loc show the given date
// and time. As RFC 5545 §3.3.5 says, a time that does not exist (skipped in
// spring) is taken to be that long after the change, and a time that exists
// twice (repeated in autumn) is the first of the two.
func WallTime(date time.Time, hour, minute, second int, loc *time.Location) time.Time {
	y, m, d := date.Date()
	t := time.Date(y, m, d, hour, minute, second, 0, loc) // a skipped time comes out after the change
	for _, back := range []time.Duration{time.Hour, 30 * time.Minute} {
		if earlier := t.Add(-back); sameWall(earlier, t, loc) {
			return earlier
		}
	}
	return t
}

// Ambiguous tells whether the clocks in loc show t's time twice (the hour
// repeated when summer time ends), so that the local time alone does not
// say which instant is meant.
func Ambiguous(t time.Time, loc *time.Location) bool {
	for _, d := range []time.Duration{time.Hour, 30 * time.Minute} {
		if sameWall(t, t.Add(d), loc) || sameWall(t, t.Add(-d), loc) {
			return true
		}
	}
	return false
}

func sameWall(a, b time.Time, loc *time.Location) bool {
	la, lb := a.In(loc), b.In(loc)
	return la.Hour() == lb.Hour() && la.Minute() == lb.Minute() && la.Second() == lb.Second() &&
		la.YearDay() == lb.YearDay() && la.Year() == lb.Year()
}

// Iterator yields the occurrences of a series in order.
type Iterator struct {
	s           *Series
	first       time.Time // first date of the series
	h, min, sec int       // wall clock of the start
	days        int       // all-day: length in days
	duration    time.Duration
	period      int // index of the next period
	lastPeriod  int // bound of period
	pending     []time.Time
	counted     int // occurrences produced, exdates included (COUNT counts them)
	done        bool
	exdates     map[time.Time]bool
	from        time.Time // occurrences that end by then are passed over
}

// Iterate returns an iterator over the occurrences of s that end after
// from (all of them for a zero from). Without COUNT it jumps straight to
// the period around from, so a window far from the start costs no more than
// one near it.
func (s *Series) Iterate(from time.Time) *Iterator {
	it := &Iterator{s: s, first: Date(s.Start, s.Loc), lastPeriod: MaxPeriods}
	local := s.Start.In(s.Loc)
	it.h, it.min, it.sec = local.Hour(), local.Minute(), local.Second()
	it.duration = s.End.Sub(s.Start)
	if s.AllDay {
		it.days = max(1, int(Date(s.End, s.Loc).Sub(it.first).Hours()/24+0.5))
	}
	if len(s.Exdates) > 0 {
		it.exdates = make(map[time.Time]bool, len(s.Exdates))
		for _, d := range s.Exdates {
			it.exdates[d] = true
		}
	}
	if s.Rule != nil && s.Rule.Count == 0 && !from.IsZero() {
		// a date whose occurrence could still reach into from: step back by
		// the length of an occurrence and one more day
		target := Date(from.Add(-it.duration), s.Loc).AddDate(0, 0, -1)
		if s.AllDay {
			target = Date(from, s.Loc).AddDate(0, 0, -it.days-1)
		}
		if skip := it.periodOf(target); skip > 0 {
			it.period = skip
			it.lastPeriod = skip + MaxPeriods
		}
	}
	it.from = from
	return it
}

// Next returns the next occurrence, or false when there is none.
func (it *Iterator) Next() (Occurrence, bool) {
	for {
		date, ok := it.nextDate()
		if !ok {
			return Occurrence{}, false
		}
		if it.exdates[date] {
			continue
		}
		occ := it.at(date)
		if !it.from.IsZero() && !occ.End.After(it.from) {
			continue
		}
		return occ, true
	}
}

// at is the occurrence on date.
func (it *Iterator) at(date time.Time) Occurrence {
	if it.s.AllDay {
		return Occurrence{
			Start: WallTime(date, 0, 0, 0, it.s.Loc),
			End:   WallTime(date.AddDate(0, 0, it.days), 0, 0, 0, it.s.Loc),
		}
	}
	start := WallTime(date, it.h, it.min, it.sec, it.s.Loc)
	// RFC 5545 §3.8.5.3: every occurrence lasts the exact duration of the first
	return Occurrence{Start: start, End: start.Add(it.duration)}
}

// nextDate returns the next date the rule generates (before exceptions).
func (it *Iterator) nextDate() (time.Time, bool) {
	r := it.s.Rule
	if r == nil {
		if it.done {
			return time.Time{}, false
		}
		it.done = true
		return it.first, true
	}
	for len(it.pending) == 0 {
		if it.done || it.period > it.lastPeriod {
			it.done = true
			return time.Time{}, false
		}
		it.pending = it.candidates(it.period)
		it.period++
	}
	date := it.pending[0]
	it.pending = it.pending[1:]
	if date.Year() > lastYear || it.pastUntil(date) {
		it.done = true
		it.pending = nil
		return time.Time{}, false
	}
	it.counted++
	if r.Count > 0 && it.counted >= r.Count {
		it.done = true
		it.pending = nil
	}
	return date, true
}

func (it *Iterator) pastUntil(date time.Time) bool {
	r := it.s.Rule
	if r.Until.IsZero() {
		return false
	}
	if r.UntilDate {
		return date.After(r.Until)
	}
	if it.s.AllDay {
		return date.After(Date(r.Until, it.s.Loc))
	}
	return it.at(date).Start.After(r.Until)
}

// periodStart is the first day of period 0: the start date, the first day
// of its week, or the first of its month.
func (it *Iterator) periodStart() time.Time {
	switch it.s.Rule.Freq {
	case Weekly:
		back := (int(it.first.Weekday()) - int(it.s.Rule.WeekStart) + 7) % 7
		return it.first.AddDate(0, 0, -back)
	case Monthly:
		return time.Date(it.first.Year(), it.first.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return it.first
}

// periodOf is the index of the period that holds date (0 when before).
func (it *Iterator) periodOf(date time.Time) int {
	r := it.s.Rule
	base := it.periodStart()
	if !date.After(base) {
		return 0
	}
	var units int
	switch r.Freq {
	case Daily:
		units = int(date.Sub(base).Hours()/24 + 0.5)
	case Weekly:
		units = int(date.Sub(base).Hours()/24+0.5) / 7
	case Monthly:
		units = (date.Year()-base.Year())*12 + int(date.Month()-base.Month())
	}
	return units / r.Interval
}

// candidates are the dates of period n that the rule names, in order,
// none before the start.
func (it *Iterator) candidates(n int) []time.Time {
	r := it.s.Rule
	base := it.periodStart()
	var dates []time.Time
	switch r.Freq {
	case Daily:
		d := base.AddDate(0, 0, n*r.Interval)
		if dayMatches(r, d) && monthDayMatches(r.ByMonthDay, d) {
			dates = append(dates, d)
		}
	case Weekly:
		week := base.AddDate(0, 0, 7*n*r.Interval)
		for i := range 7 {
			d := week.AddDate(0, 0, i)
			if len(r.ByDay) == 0 && d.Weekday() != it.first.Weekday() {
				continue
			}
			if dayMatches(r, d) {
				dates = append(dates, d)
			}
		}
	case Monthly:
		month := base.AddDate(0, n*r.Interval, 0)
		dates = it.monthDates(month)
	}
	kept := dates[:0]
	for _, d := range dates {
		if !d.Before(it.first) {
			kept = append(kept, d)
		}
	}
	return kept
}

// monthDates are the dates a monthly rule names in the month starting at
// month: BYDAY expands (or, with BYMONTHDAY, narrows), BYMONTHDAY expands,
// neither means the day of the month of the start.
func (it *Iterator) monthDates(month time.Time) []time.Time {
	r := it.s.Rule
	last := month.AddDate(0, 1, -1).Day()
	var dates []time.Time
	switch {
	case len(r.ByDay) > 0:
		for day := 1; day <= last; day++ {
			d := month.AddDate(0, 0, day-1)
			if monthWeekdayMatches(r.ByDay, d, last) && monthDayMatches(r.ByMonthDay, d) {
				dates = append(dates, d)
			}
		}
	case len(r.ByMonthDay) > 0:
		for day := 1; day <= last; day++ {
			d := month.AddDate(0, 0, day-1)
			if monthDayMatches(r.ByMonthDay, d) {
				dates = append(dates, d)
			}
		}
	default:
		// months without that day (the 31st in April) are skipped, as RFC 5545 says
		if day := it.first.Day(); day <= last {
			dates = append(dates, month.AddDate(0, 0, day-1))
		}
	}
	return dates
}

func dayMatches(r *Rule, d time.Time) bool {
	if len(r.ByDay) == 0 {
		return true
	}
	return slices.ContainsFunc(r.ByDay, func(wn WeekdayNum) bool { return wn.Day == d.Weekday() })
}

func monthWeekdayMatches(days []WeekdayNum, d time.Time, last int) bool {
	for _, wn := range days {
		if wn.Day != d.Weekday() {
			continue
		}
		switch {
		case wn.N == 0:
			return true
		case wn.N > 0 && (d.Day()-1)/7+1 == wn.N:
			return true
		case wn.N < 0 && (last-d.Day())/7+1 == -wn.N:
			return true
		}
	}
	return false
}

func monthDayMatches(days []int, d time.Time) bool {
	if len(days) == 0 {
		return true
	}
	last := time.Date(d.Year(), d.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	for _, n := range days {
		if n == d.Day() || (n < 0 && last+1+n == d.Day()) {
			return true
		}
	}
	return false
}

// Between returns the occurrences of s that overlap [from, to), in order,
// at most limit of them.
func (s *Series) Between(from, to time.Time, limit int) []Occurrence {
	var list []Occurrence
	it := s.Iterate(from)
	for len(list) < limit {
		occ, ok := it.Next()
		if !ok || !occ.Start.Before(to) {
			break
		}
		list = append(list, occ)
	}
	return list
}

// LastEnd is the end of the last occurrence, and false when the series has
// no end (no COUNT, no UNTIL) or none could be found within the bounds.
func (s *Series) LastEnd() (time.Time, bool) {
	if s.Rule != nil && s.Rule.Count == 0 && s.Rule.Until.IsZero() {
		return time.Time{}, false
	}
	var last Occurrence
	found := false
	it := s.Iterate(time.Time{})
	for {
		occ, ok := it.Next()
		if !ok {
			break
		}
		last, found = occ, true
	}
	return last.End, found
}

// FirstDate is the first date the rule generates, exceptions ignored; false
// when it generates none.
func (s *Series) FirstDate() (time.Time, bool) {
	it := s.Iterate(time.Time{})
	return it.nextDate()
}

// Generates tells whether the rule generates date (before exceptions).
func (s *Series) Generates(date time.Time) bool {
	probe := *s
	probe.Exdates = nil
	it := probe.Iterate(WallTime(date, 0, 0, 0, s.Loc))
	for {
		d, ok := it.nextDate()
		if !ok || d.After(date) {
			return false
		}
		if d.Equal(date) {
			return true
		}
	}
}
