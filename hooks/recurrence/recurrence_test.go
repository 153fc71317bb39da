package recurrence

import (
	"errors"
	"strings"
	"testing"
	"time"

	"ben/hooks/guard"
	"ben/hooks/tz"
)

func TestParse(t *testing.T) {
	t.Parallel()
	valid := []struct{ in, canonical string }{
		{"FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;BYDAY=TU"},
		{"RRULE:freq=weekly;byday=tu,th", "FREQ=WEEKLY;BYDAY=TU,TH"},
		{"FREQ=DAILY;INTERVAL=1", "FREQ=DAILY"},
		{"FREQ=DAILY;COUNT=10", "FREQ=DAILY;COUNT=10"},
		{"FREQ=WEEKLY;INTERVAL=2;UNTIL=20271231;BYDAY=MO,MO", "FREQ=WEEKLY;INTERVAL=2;UNTIL=20271231;BYDAY=MO"},
		{"FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR"},
		{"FREQ=MONTHLY;BYMONTHDAY=15,-1", "FREQ=MONTHLY;BYMONTHDAY=15,-1"},
		{"FREQ=MONTHLY;UNTIL=20270101T120000Z", "FREQ=MONTHLY;UNTIL=20270101T120000Z"},
		{"FREQ=WEEKLY;WKST=SU;BYDAY=SU,TU;INTERVAL=2", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,TU;WKST=SU"},
		{" FREQ=MONTHLY ; COUNT=1000 ", "FREQ=MONTHLY;COUNT=1000"},
	}
	for _, c := range valid {
		t.Run("accepts "+c.in, func(t *testing.T) {
			t.Parallel()
			r, err := Parse(c.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", c.in, err)
			}
			if got := r.String(); got != c.canonical {
				t.Fatalf("String() = %q, want %q", got, c.canonical)
			}
		})
	}

	invalid := []struct{ in, code string }{
		{"", "validation_rrule_empty"},
		{"RRULE:", "validation_rrule_empty"},
		{"FREQ=YEARLY", "validation_rrule_freq"},
		{"FREQ=HOURLY", "validation_rrule_freq"},
		{"BYDAY=MO", "validation_rrule_freq"},
		{"FREQ=WEEKLY;FREQ=DAILY", "validation_rrule_syntax"},
		{"FREQ=WEEKLY;BYDAY", "validation_rrule_syntax"},
		{"FREQ=WEEKLY;INTERVAL=0", "validation_rrule_interval"},
		{"FREQ=WEEKLY;INTERVAL=367", "validation_rrule_interval"},
		{"FREQ=WEEKLY;INTERVAL=x", "validation_rrule_interval"},
		{"FREQ=WEEKLY;COUNT=0", "validation_rrule_count"},
		{"FREQ=WEEKLY;COUNT=1001", "validation_rrule_count"},
		{"FREQ=WEEKLY;COUNT=2;UNTIL=20271231", "validation_rrule_count_until"},
		{"FREQ=WEEKLY;UNTIL=2027-12-31", "validation_rrule_until"},
		{"FREQ=WEEKLY;UNTIL=20271231T120000", "validation_rrule_until"},
		{"FREQ=WEEKLY;BYDAY=DI", "validation_rrule_byday"},
		{"FREQ=WEEKLY;BYDAY=1TU", "validation_rrule_byday"},
		{"FREQ=MONTHLY;BYDAY=6TU", "validation_rrule_byday"},
		{"FREQ=MONTHLY;BYDAY=0TU", "validation_rrule_byday"},
		{"FREQ=MONTHLY;BYMONTHDAY=32", "validation_rrule_bymonthday"},
		{"FREQ=MONTHLY;BYMONTHDAY=0", "validation_rrule_bymonthday"},
		{"FREQ=WEEKLY;BYMONTHDAY=3", "validation_rrule_bymonthday"},
		{"FREQ=WEEKLY;WKST=XX", "validation_rrule_wkst"},
		{"FREQ=MONTHLY;BYSETPOS=1", "validation_rrule_unsupported"},
		{"FREQ=WEEKLY;BYHOUR=10", "validation_rrule_unsupported"},
		{"FREQ=WEEKLY;" + strings.Repeat("BYDAY=MO;", 60), "validation_rrule_too_long"},
	}
	for _, c := range invalid {
		t.Run("refuses "+c.in, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(c.in)
			var re guard.Violation
			if !errors.As(err, &re) {
				t.Fatalf("Parse(%q) = %v, want a guard.Violation", c.in, err)
			}
			if re.Field != "rrule" {
				t.Fatalf("the violation blames %q, want rrule", re.Field)
			}
			if re.Code != c.code {
				t.Fatalf("code %q, want %q (%s)", re.Code, c.code, re.Message)
			}
			if re.Message == "" || !strings.HasSuffix(re.Message, ".") {
				t.Fatalf("the message must be a whole German sentence: %q", re.Message)
			}
		})
	}
}

func berlin(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, tz.Berlin)
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func mustRule(t *testing.T, s string) *Rule {
	t.Helper()
	r, err := Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func starts(list []Occurrence) []string {
	out := make([]string, len(list))
	for i, o := range list {
		out[i] = o.Start.In(tz.Berlin).Format("2006-01-02 15:04 MST")
	}
	return out
}

func TestExpansion(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		start, end time.Time
		allDay     bool
		rule       string
		exdates    []time.Time
		from, to   time.Time
		want       []string
	}{
		{
			name:  "a weekly training keeps its wall time across the change to summer time",
			start: berlin(2027, 3, 16, 18, 0), end: berlin(2027, 3, 16, 20, 0), rule: "FREQ=WEEKLY;BYDAY=TU",
			from: berlin(2027, 3, 1, 0, 0), to: berlin(2027, 4, 7, 0, 0),
			want: []string{"2027-03-16 18:00 CET", "2027-03-23 18:00 CET", "2027-03-30 18:00 CEST", "2027-04-06 18:00 CEST"},
		},
		{
			name:  "a cancelled single date is left out",
			start: berlin(2027, 3, 16, 18, 0), end: berlin(2027, 3, 16, 20, 0), rule: "FREQ=WEEKLY;BYDAY=TU",
			exdates: []time.Time{day(2027, 3, 23)},
			from:    berlin(2027, 3, 1, 0, 0), to: berlin(2027, 4, 1, 0, 0),
			want: []string{"2027-03-16 18:00 CET", "2027-03-30 18:00 CEST"},
		},
		{
			name:  "COUNT counts the cancelled dates too",
			start: berlin(2027, 3, 16, 18, 0), end: berlin(2027, 3, 16, 20, 0), rule: "FREQ=WEEKLY;COUNT=3",
			exdates: []time.Time{day(2027, 3, 23)},
			want:    []string{"2027-03-16 18:00 CET", "2027-03-30 18:00 CEST"},
		},
		{
			name:  "two days a week, every other week, weeks starting on Monday",
			start: berlin(2027, 1, 5, 19, 0), end: berlin(2027, 1, 5, 21, 0), rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=5",
			want: []string{"2027-01-05 19:00 CET", "2027-01-07 19:00 CET", "2027-01-19 19:00 CET", "2027-01-21 19:00 CET", "2027-02-02 19:00 CET"},
		},
		{
			name:  "WKST decides which days share a week (RFC 5545 example)",
			start: berlin(1997, 8, 5, 9, 0), end: berlin(1997, 8, 5, 10, 0), rule: "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
			want: []string{"1997-08-05 09:00 CEST", "1997-08-17 09:00 CEST", "1997-08-19 09:00 CEST", "1997-08-31 09:00 CEST"},
		},
		{
			name:  "WKST=MO puts the same rule's Sundays in other weeks (RFC 5545 example)",
			start: berlin(1997, 8, 5, 9, 0), end: berlin(1997, 8, 5, 10, 0), rule: "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO",
			want: []string{"1997-08-05 09:00 CEST", "1997-08-10 09:00 CEST", "1997-08-19 09:00 CEST", "1997-08-24 09:00 CEST"},
		},
		{
			name:  "the last Friday of every month",
			start: berlin(2027, 1, 29, 19, 30), end: berlin(2027, 1, 29, 22, 0), rule: "FREQ=MONTHLY;BYDAY=-1FR;COUNT=4",
			want: []string{"2027-01-29 19:30 CET", "2027-02-26 19:30 CET", "2027-03-26 19:30 CET", "2027-04-30 19:30 CEST"},
		},
		{
			name:  "the first Monday, every third month",
			start: berlin(2027, 1, 4, 18, 0), end: berlin(2027, 1, 4, 19, 0), rule: "FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO;COUNT=3",
			want: []string{"2027-01-04 18:00 CET", "2027-04-05 18:00 CEST", "2027-07-05 18:00 CEST"},
		},
		{
			name:  "monthly on the 31st skips the shorter months",
			start: berlin(2027, 1, 31, 10, 0), end: berlin(2027, 1, 31, 11, 0), rule: "FREQ=MONTHLY;COUNT=4",
			want: []string{"2027-01-31 10:00 CET", "2027-03-31 10:00 CEST", "2027-05-31 10:00 CEST", "2027-07-31 10:00 CEST"},
		},
		{
			name:  "the last day of every month",
			start: berlin(2027, 1, 31, 10, 0), end: berlin(2027, 1, 31, 11, 0), rule: "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3",
			want: []string{"2027-01-31 10:00 CET", "2027-02-28 10:00 CET", "2027-03-31 10:00 CEST"},
		},
		{
			name:  "daily on weekdays only",
			start: berlin(2027, 6, 4, 8, 0), end: berlin(2027, 6, 4, 9, 0), rule: "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=3",
			want: []string{"2027-06-04 08:00 CEST", "2027-06-07 08:00 CEST", "2027-06-08 08:00 CEST"},
		},
		{
			name:  "UNTIL as a date includes that whole day",
			start: berlin(2027, 6, 1, 20, 0), end: berlin(2027, 6, 1, 21, 0), rule: "FREQ=DAILY;UNTIL=20270603",
			want: []string{"2027-06-01 20:00 CEST", "2027-06-02 20:00 CEST", "2027-06-03 20:00 CEST"},
		},
		{
			name:  "UNTIL as a UTC time is an inclusive bound on the start",
			start: berlin(2027, 6, 1, 20, 0), end: berlin(2027, 6, 1, 21, 0), rule: "FREQ=DAILY;UNTIL=20270602T180000Z",
			want: []string{"2027-06-01 20:00 CEST", "2027-06-02 20:00 CEST"},
		},
		{
			name:  "a time skipped in spring is taken one hour later",
			start: berlin(2027, 3, 21, 2, 30), end: berlin(2027, 3, 21, 3, 0), rule: "FREQ=WEEKLY;COUNT=2",
			want: []string{"2027-03-21 02:30 CET", "2027-03-28 03:30 CEST"},
		},
		{
			name:  "a time repeated in autumn is the first of the two",
			start: berlin(2027, 10, 24, 2, 30), end: berlin(2027, 10, 24, 3, 0), rule: "FREQ=WEEKLY;COUNT=2",
			want: []string{"2027-10-24 02:30 CEST", "2027-10-31 02:30 CEST"},
		},
		{
			name:  "all-day dates start at midnight in Bitburg",
			start: berlin(2027, 10, 30, 0, 0), end: berlin(2027, 11, 1, 0, 0), allDay: true, rule: "FREQ=WEEKLY;COUNT=2",
			want: []string{"2027-10-30 00:00 CEST", "2027-11-06 00:00 CET"},
		},
		{
			name:  "a window far from the start finds the same dates",
			start: berlin(2020, 1, 7, 18, 0), end: berlin(2020, 1, 7, 20, 0), rule: "FREQ=WEEKLY;BYDAY=TU",
			from: berlin(2031, 1, 1, 0, 0), to: berlin(2031, 1, 15, 0, 0),
			want: []string{"2031-01-07 18:00 CET", "2031-01-14 18:00 CET"},
		},
		{
			name:  "an occurrence running into the window belongs to it",
			start: berlin(2027, 1, 1, 22, 0), end: berlin(2027, 1, 2, 2, 0), rule: "FREQ=DAILY",
			from: berlin(2027, 1, 10, 0, 0), to: berlin(2027, 1, 10, 12, 0),
			want: []string{"2027-01-09 22:00 CET"},
		},
		{
			name:  "a single date is one occurrence",
			start: berlin(2027, 1, 1, 22, 0), end: berlin(2027, 1, 2, 2, 0),
			want: []string{"2027-01-01 22:00 CET"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := &Series{Start: c.start, End: c.end, AllDay: c.allDay, Exdates: c.exdates, Loc: tz.Berlin}
			if c.rule != "" {
				s.Rule = mustRule(t, c.rule)
			}
			to := c.to
			if to.IsZero() {
				to = berlin(2100, 1, 1, 0, 0)
			}
			got := starts(s.Between(c.from, to, 1000))
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Fatalf("got  %v\nwant %v", got, c.want)
			}
		})
	}
}

func TestOccurrencesLastTheExactDuration(t *testing.T) {
	t.Parallel()
	s := &Series{Start: berlin(2027, 10, 30, 23, 0), End: berlin(2027, 10, 31, 1, 0), Loc: tz.Berlin,
		Rule: mustRule(t, "FREQ=DAILY;COUNT=2")}
	list := s.Between(time.Time{}, berlin(2100, 1, 1, 0, 0), 10)
	for _, o := range list {
		if d := o.End.Sub(o.Start); d != 2*time.Hour {
			t.Fatalf("occurrence %v lasts %v, want 2h", o.Start, d)
		}
	}
	allDay := &Series{Start: berlin(2027, 10, 30, 0, 0), End: berlin(2027, 11, 1, 0, 0), AllDay: true, Loc: tz.Berlin,
		Rule: mustRule(t, "FREQ=DAILY;COUNT=1")}
	o := allDay.Between(time.Time{}, berlin(2100, 1, 1, 0, 0), 1)[0]
	if !o.End.Equal(berlin(2027, 11, 1, 0, 0)) {
		t.Fatalf("an all-day occurrence ends at midnight of the day after, got %v", o.End)
	}
}

func TestAmbiguousAndWallTime(t *testing.T) {
	t.Parallel()
	first := time.Date(2027, 10, 31, 0, 30, 0, 0, time.UTC) // 02:30 CEST
	second := first.Add(time.Hour)                          // 02:30 CET
	for _, c := range []struct {
		t    time.Time
		want bool
	}{
		{first, true}, {second, true},
		{first.Add(-31 * time.Minute), false}, // 01:59 CEST
		{second.Add(30 * time.Minute), false}, // 03:00 CET
		{time.Date(2027, 3, 28, 1, 30, 0, 0, time.UTC), false},
	} {
		if got := Ambiguous(c.t, tz.Berlin); got != c.want {
			t.Errorf("Ambiguous(%v) = %v, want %v", c.t, got, c.want)
		}
	}
	if got := WallTime(day(2027, 10, 31), 2, 30, 0, tz.Berlin); !got.Equal(first) {
		t.Errorf("02:30 on 31 Oct 2027 is %v, want the first one %v", got.UTC(), first)
	}
	if got := WallTime(day(2027, 3, 28), 2, 30, 0, tz.Berlin); !got.Equal(time.Date(2027, 3, 28, 1, 30, 0, 0, time.UTC)) {
		t.Errorf("02:30 on 28 Mar 2027 does not exist; got %v, want 03:30 CEST", got.UTC())
	}
}

func TestRuleICal(t *testing.T) {
	t.Parallel()
	r := mustRule(t, "FREQ=WEEKLY;UNTIL=20271231;BYDAY=TU")
	if got := r.ICal(false, tz.Berlin); got != "FREQ=WEEKLY;UNTIL=20271231T225959Z;BYDAY=TU" {
		t.Errorf("a timed event's UNTIL is the end of the day in UTC, got %q", got)
	}
	if got := r.ICal(true, tz.Berlin); got != "FREQ=WEEKLY;UNTIL=20271231;BYDAY=TU" {
		t.Errorf("an all-day event's UNTIL stays a date, got %q", got)
	}
	r = mustRule(t, "FREQ=WEEKLY;UNTIL=20271231T230000Z")
	if got := r.ICal(true, tz.Berlin); got != "FREQ=WEEKLY;UNTIL=20280101" {
		t.Errorf("a UTC UNTIL becomes the local date for all-day events, got %q", got)
	}
}

func TestLastEndGeneratesAndFirstDate(t *testing.T) {
	t.Parallel()
	s := &Series{Start: berlin(2027, 1, 5, 19, 0), End: berlin(2027, 1, 5, 21, 0), Loc: tz.Berlin,
		Rule: mustRule(t, "FREQ=WEEKLY;COUNT=3"), Exdates: []time.Time{day(2027, 1, 19)}}
	end, ok := s.LastEnd()
	if !ok || !end.Equal(berlin(2027, 1, 12, 21, 0)) {
		t.Errorf("LastEnd = %v, %v; the last date that takes place ends 12 Jan 21:00", end, ok)
	}
	if !s.Generates(day(2027, 1, 19)) || s.Generates(day(2027, 1, 20)) || s.Generates(day(2027, 1, 26)) {
		t.Error("Generates must name exactly the rule's dates, exceptions included")
	}
	s.Rule = mustRule(t, "FREQ=WEEKLY")
	if _, ok := s.LastEnd(); ok {
		t.Error("a series without COUNT or UNTIL has no last end")
	}
	s.Rule = mustRule(t, "FREQ=WEEKLY;BYDAY=WE")
	if d, ok := s.FirstDate(); !ok || !d.Equal(day(2027, 1, 6)) {
		t.Errorf("FirstDate = %v, want the first Wednesday", d)
	}
}

// FuzzSeries: any rule Parse accepts expands in order, within COUNT and
// UNTIL, without the cancelled dates, and a window gives the same dates as
// walking from the start.
func FuzzSeries(f *testing.F) {
	f.Add("FREQ=WEEKLY;BYDAY=TU,TH", int64(0), uint16(120), false, uint16(30), uint16(40))
	f.Add("FREQ=MONTHLY;BYDAY=-1FR;INTERVAL=2", int64(86400*300), uint16(150), false, uint16(400), uint16(120))
	f.Add("FREQ=DAILY;INTERVAL=3;UNTIL=20300101", int64(86400*10), uint16(60), true, uint16(9), uint16(200))
	f.Add("FREQ=MONTHLY;BYMONTHDAY=31,-1;COUNT=20", int64(3600*5), uint16(30), false, uint16(0), uint16(366))
	f.Fuzz(func(t *testing.T, text string, offset int64, minutes uint16, allDay bool, skipDays, spanDays uint16) {
		r, err := Parse(text)
		if err != nil {
			return
		}
		again, err := Parse(r.String())
		if err != nil || again.String() != r.String() {
			t.Fatalf("String() %q does not read back the same: %v", r.String(), err)
		}
		base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		start := base.Add(time.Duration(offset%(86400*2000)) * time.Second)
		end := start.Add(time.Duration(1+int(minutes)%(3*1440)) * time.Minute)
		if allDay {
			start = WallTime(Date(start, tz.Berlin), 0, 0, 0, tz.Berlin)
			end = WallTime(Date(start, tz.Berlin).AddDate(0, 0, 1+int(minutes)%5), 0, 0, 0, tz.Berlin)
		}
		s := &Series{Start: start, End: end, AllDay: allDay, Rule: r, Loc: tz.Berlin}
		far := base.AddDate(12, 0, 0)
		all := s.Between(time.Time{}, far, 5000)
		if first, ok := s.FirstDate(); ok && len(all) > 0 && !Date(all[0].Start, tz.Berlin).Equal(first) {
			t.Fatalf("FirstDate %v is not the first occurrence %v", first, all[0].Start)
		}
		for i, o := range all {
			if !o.End.After(o.Start) {
				t.Fatalf("occurrence %d ends before it starts: %v", i, o)
			}
			if i > 0 && !o.Start.After(all[i-1].Start) {
				t.Fatalf("occurrences out of order at %d: %v after %v", i, o.Start, all[i-1].Start)
			}
			if Date(o.Start, tz.Berlin).Before(Date(start, tz.Berlin)) {
				t.Fatalf("occurrence %v before the start %v", o.Start, start)
			}
			if !r.Until.IsZero() && r.UntilDate && Date(o.Start, tz.Berlin).After(r.Until) {
				t.Fatalf("occurrence %v after UNTIL %v", o.Start, r.Until)
			}
		}
		if r.Count > 0 && len(all) > r.Count {
			t.Fatalf("%d occurrences for COUNT=%d", len(all), r.Count)
		}
		if len(all) < 3 {
			return
		}
		// cancel the second date: it disappears, nothing else does
		s.Exdates = []time.Time{Date(all[1].Start, tz.Berlin)}
		without := s.Between(time.Time{}, far, 5000)
		if len(without) != len(all)-1 || !without[0].Start.Equal(all[0].Start) || !without[1].Start.Equal(all[2].Start) {
			t.Fatalf("cancelling %v changed more than that date", all[1].Start)
		}
		s.Exdates = nil
		// a window anywhere gives the dates of the full walk that overlap it
		from := start.AddDate(0, 0, int(skipDays)%4000)
		to := from.AddDate(0, 0, 1+int(spanDays)%366)
		var want []string
		for _, o := range all {
			if o.End.After(from) && o.Start.Before(to) {
				want = append(want, o.Start.String())
			}
		}
		var got []string
		for _, o := range s.Between(from, to, 5000) {
			got = append(got, o.Start.String())
		}
		if len(all) < 5000 && strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("window %v–%v: got %v, want %v", from, to, got, want)
		}
	})
}
