package awards

import (
	"testing"
	"time"

	"ben/hooks/guard"
	"ben/hooks/tz"
)

// berlin is a wall-clock time in Bitburg.
func berlin(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, tz.Berlin)
}

// day is a date as stored by the dashboard or a migration: midnight UTC.
func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

var (
	period2019 = Period{Name: "2019–2024", Start: day(2019, 5, 26), End: day(2024, 6, 8)}
	period2024 = Period{Name: "2024–2029", Start: day(2024, 6, 9), End: day(2029, 6, 8)}
)

func TestNominationsOpen(t *testing.T) {
	from, until := day(2027, 3, 1), day(2027, 4, 30)
	cases := []struct {
		name string
		now  time.Time
		open bool
	}{
		{"the evening before the first day is closed", berlin(2027, 2, 28, 23, 59, 59), false},
		{"the first day opens at midnight in Bitburg", berlin(2027, 3, 1, 0, 0, 0), true},
		{"the first day at midnight UTC is already open (01:00 in Bitburg)", day(2027, 3, 1), true},
		{"23:30 UTC on the eve is already the first day in Bitburg", time.Date(2027, 2, 28, 23, 30, 0, 0, time.UTC), true},
		{"the middle of the window is open", berlin(2027, 4, 1, 12, 0, 0), true},
		{"the last day is open until its end", berlin(2027, 4, 30, 23, 59, 59), true},
		{"the day after the last day is closed", berlin(2027, 5, 1, 0, 0, 0), false},
		{"22:30 UTC on the last day is already the next day in Bitburg (summer time)", time.Date(2027, 4, 30, 22, 30, 0, 0, time.UTC), false},
		{"21:59 UTC on the last day is still the last day in Bitburg", time.Date(2027, 4, 30, 21, 59, 0, 0, time.UTC), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := NominationsOpen(from, until, c.now); got != c.open {
				t.Fatalf("NominationsOpen at %v = %v, want %v", c.now, got, c.open)
			}
		})
	}
	t.Run("a window of one day is open on that day only", func(t *testing.T) {
		d := day(2027, 3, 1)
		if !NominationsOpen(d, d, berlin(2027, 3, 1, 12, 0, 0)) || NominationsOpen(d, d, berlin(2027, 3, 2, 0, 0, 0)) {
			t.Fatal("a one-day window should be open on its day and closed the next")
		}
	})
	t.Run("a round without dates is closed", func(t *testing.T) {
		if NominationsOpen(time.Time{}, until, berlin(2027, 4, 1, 12, 0, 0)) || NominationsOpen(from, time.Time{}, berlin(2027, 4, 1, 12, 0, 0)) {
			t.Fatal("a missing date must close the round")
		}
	})
	t.Run("a date picked at local midnight in the dashboard means the same day", func(t *testing.T) {
		picked := berlin(2027, 4, 30, 0, 0, 0).UTC() // stored as 2027-04-29 22:00Z
		if !NominationsOpen(from, picked, berlin(2027, 4, 30, 20, 0, 0)) || NominationsOpen(from, picked, berlin(2027, 5, 1, 0, 0, 1)) {
			t.Fatal("the last day must be 30 April")
		}
	})
}

func TestCheckPeriod(t *testing.T) {
	cases := []struct {
		name   string
		p      Period
		others []Period
		code   string
	}{
		{"the seeded periods do not overlap", period2024, []Period{period2019}, ""},
		{"the next period may start the day after the last one ends", Period{"2029–2034", day(2029, 6, 9), day(2034, 6, 8)}, []Period{period2019, period2024}, ""},
		{"the next period cannot start on the last day of the previous one", Period{"2029–2034", day(2029, 6, 8), day(2034, 6, 8)}, []Period{period2024}, "validation_period_overlap"},
		{"a period inside another is refused", Period{"x", day(2020, 1, 1), day(2021, 1, 1)}, []Period{period2019}, "validation_period_overlap"},
		{"a period around another is refused", Period{"x", day(2018, 1, 1), day(2025, 1, 1)}, []Period{period2019}, "validation_period_overlap"},
		{"a period ending the day before another starts", Period{"x", day(2014, 5, 25), day(2019, 5, 25)}, []Period{period2019}, ""},
		{"a period ending on the day another starts is refused", Period{"x", day(2014, 5, 25), day(2019, 5, 26)}, []Period{period2019}, "validation_period_overlap"},
		{"a one-day period is allowed", Period{"x", day(2030, 1, 1), day(2030, 1, 1)}, nil, ""},
		{"a period ending before it starts is refused", Period{"x", day(2030, 1, 2), day(2030, 1, 1)}, nil, "validation_period_order"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertCode(t, CheckPeriod(c.p, c.others), c.code)
		})
	}
}

func TestCheckRound(t *testing.T) {
	medal := func(from, until time.Time, others int) Round {
		return Round{Kind: KindMedal, FieldOfAction: "Senioren", From: from, Until: until, Period: &period2024, OtherMedalRounds: others}
	}
	cases := []struct {
		name string
		r    Round
		code string
	}{
		{"the first medal round of a period", medal(day(2027, 3, 1), day(2027, 4, 30), 0), ""},
		{"a second medal round in the same period is refused", medal(day(2027, 3, 1), day(2027, 4, 30), 1), "validation_medal_once_per_period"},
		{"other kinds may have several rounds per period", Round{Kind: KindPrize, From: day(2027, 3, 1), Until: day(2027, 4, 30), Period: &period2024, OtherMedalRounds: 1}, ""},
		{"a medal round needs its field of action", Round{Kind: KindMedal, From: day(2027, 3, 1), Until: day(2027, 4, 30), Period: &period2024}, "validation_field_of_action_required"},
		{"a prize round needs no field of action", Round{Kind: KindProject, From: day(2027, 3, 1), Until: day(2027, 4, 30), Period: &period2024}, ""},
		{"nominations may open on the period's first day", medal(day(2024, 6, 9), day(2024, 7, 1), 0), ""},
		{"nominations cannot open the day before the period", medal(day(2024, 6, 8), day(2024, 7, 1), 0), "validation_outside_period"},
		{"nominations may close on the period's last day", medal(day(2029, 5, 1), day(2029, 6, 8), 0), ""},
		{"nominations cannot close after the period", medal(day(2029, 5, 1), day(2029, 6, 9), 0), "validation_outside_period"},
		{"nominations may open and close on the same day", medal(day(2027, 3, 1), day(2027, 3, 1), 0), ""},
		{"nominations cannot close before they open", medal(day(2027, 3, 2), day(2027, 3, 1), 0), "validation_nominations_order"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertCode(t, CheckRound(c.r), c.code)
		})
	}
}

func TestCheckAward(t *testing.T) {
	medal := func(at time.Time) Award {
		return Award{Kind: KindMedal, HasRecipient: true, RoundKind: KindMedal, Period: &period2024, AwardedAt: at}
	}
	cases := []struct {
		name string
		a    Award
		code string
	}{
		{"a medal on the period's first day", medal(day(2024, 6, 9)), ""},
		{"a medal the day before the period is refused", medal(day(2024, 6, 8)), "validation_outside_period"},
		{"a medal on the period's last day", medal(berlin(2029, 6, 8, 23, 0, 0)), ""},
		{"a medal the day after the period is refused", medal(berlin(2029, 6, 9, 0, 30, 0)), "validation_outside_period"},
		{"a medal without its round is refused", Award{Kind: KindMedal, HasRecipient: true, AwardedAt: day(2027, 6, 1)}, "validation_medal_needs_round"},
		{"a medal cannot belong to a prize round", Award{Kind: KindMedal, HasRecipient: true, RoundKind: KindPrize, Period: &period2024, AwardedAt: day(2027, 6, 1)}, "validation_round_kind"},
		{"a thank-you letter needs no round", Award{Kind: KindThankYou, HasRecipient: true, AwardedAt: day(2030, 1, 1)}, ""},
		{"a thank-you letter belongs to no round", Award{Kind: KindThankYou, HasRecipient: true, RoundKind: KindMedal, AwardedAt: day(2027, 1, 1)}, "validation_round_kind"},
		{"a prize of its round may be dated any time", Award{Kind: KindPrize, HasRecipient: true, RoundKind: KindPrize, Period: &period2024, AwardedAt: day(2031, 1, 1)}, ""},
		{"an award names its recipient", Award{Kind: KindThankYou, AwardedAt: day(2027, 1, 1)}, "validation_recipient_required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assertCode(t, CheckAward(c.a), c.code)
		})
	}
}

func assertCode(t *testing.T, vs []guard.Violation, code string) {
	t.Helper()
	if code == "" {
		if len(vs) > 0 {
			t.Fatalf("unexpected violations %+v", vs)
		}
		return
	}
	for _, v := range vs {
		if v.Code == code {
			if v.Field == "" || v.Message == "" {
				t.Fatalf("violation %q lacks a field or message", code)
			}
			return
		}
	}
	t.Fatalf("want %q, got %+v", code, vs)
}

func TestFormatDay(t *testing.T) {
	if got := FormatDay(day(2029, 3, 8)); got != "8. März 2029" {
		t.Fatalf("FormatDay = %q", got)
	}
	// 23:30 UTC on New Year's Eve is already New Year in Bitburg
	if got := FormatDay(time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)); got != "1. Januar 2027" {
		t.Fatalf("FormatDay = %q", got)
	}
}

// FuzzNominationsOpen checks the window against a plain reading of the
// rule: open exactly on the days from the first to the last, in Bitburg.
func FuzzNominationsOpen(f *testing.F) {
	f.Add(int64(1803859200), int64(20), int64(1804000000))
	f.Fuzz(func(t *testing.T, fromSec, days, nowSec int64) {
		// dates of the next centuries, windows up to ten years
		fromSec = 946684800 + abs64(fromSec)%(100*365*86400)
		nowSec = 946684800 + abs64(nowSec)%(100*365*86400)
		from := time.Unix(fromSec, 0)
		until := from.AddDate(0, 0, int(abs64(days)%3650))
		now := time.Unix(nowSec, 0)

		open := NominationsOpen(from, until, now)
		first := time.Date(from.In(tz.Berlin).Year(), from.In(tz.Berlin).Month(), from.In(tz.Berlin).Day(), 0, 0, 0, 0, tz.Berlin)
		u := until.In(tz.Berlin)
		afterLast := time.Date(u.Year(), u.Month(), u.Day()+1, 0, 0, 0, 0, tz.Berlin)
		want := !now.Before(first) && now.Before(afterLast)
		if open != want {
			t.Fatalf("NominationsOpen(%v, %v, %v) = %v, want %v", from, until, now, open, want)
		}
		if p := (Period{Start: from, End: until}); p.Contains(now) != want {
			t.Fatalf("Period.Contains disagrees with NominationsOpen at %v", now)
		}
	})
}

func abs64(v int64) int64 {
	if v < 0 {
		if v == -v { // the smallest int64
			return 0
		}
		return -v
	}
	return v
}
