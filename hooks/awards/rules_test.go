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
	t.Parallel()
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
			t.Parallel()
			if got := NominationsOpen(from, until, c.now); got != c.open {
				t.Fatalf("NominationsOpen at %v = %v, want %v", c.now, got, c.open)
			}
		})
	}
	t.Run("a window of one day is open on that day only", func(t *testing.T) {
		t.Parallel()
		d := day(2027, 3, 1)
		if !NominationsOpen(d, d, berlin(2027, 3, 1, 12, 0, 0)) || NominationsOpen(d, d, berlin(2027, 3, 2, 0, 0, 0)) {
			t.Fatal("a one-day window should be open on its day and closed the next")
		}
	})
	t.Run("a round without dates is closed", func(t *testing.T) {
		t.Parallel()
		if NominationsOpen(time.Time{}, until, berlin(2027, 4, 1, 12, 0, 0)) || NominationsOpen(from, time.Time{}, berlin(2027, 4, 1, 12, 0, 0)) {
			t.Fatal("a missing date must close the round")
		}
	})
	t.Run("a date picked at local midnight in the dashboard means the same day", func(t *testing.T) {
		t.Parallel()
		picked := berlin(2027, 4, 30, 0, 0, 0).UTC() // stored as 2027-04-29 22:00Z
		if !NominationsOpen(from, picked, berlin(2027, 4, 30, 20, 0, 0)) || NominationsOpen(from, picked, berlin(2027, 5, 1, 0, 0, 1)) {
			t.Fatal("the last day must be 30 April")
		}
	})
}

func TestCheckPeriod(t *testing.T) {
	t.Parallel()
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
			t.Parallel()
			assertCode(t, CheckPeriod(c.p, c.others, nil), c.code)
		})
	}
}

// A period's dates may change only while every nomination window and
// every city medal of it still lies within.
func TestCheckPeriodKeepsWhatItHolds(t *testing.T) {
	t.Parallel()
	held := []Held{
		{Kind: HeldNominationsFrom, Name: "Stadtmedaille 2026", Day: day(2026, 11, 21)},
		{Kind: HeldNominationsUntil, Name: "Stadtmedaille 2026", Day: day(2027, 1, 12)},
		{Kind: HeldMedal, Name: "Hilde Helferin", Day: day(2029, 6, 8)},
	}
	end := func(y int, m time.Month, d int) Period {
		return Period{Name: "2024–2029", Start: day(2024, 6, 9), End: day(y, m, d)}
	}
	cases := []struct {
		name  string
		p     Period
		field string
		code  string
	}{
		{"the seeded period holds everything", period2024, "", ""},
		{"the period cannot end before its round takes its last nominations (the reported case)", end(2026, 12, 31), "ends_on", "validation_period_excludes"},
		{"the period cannot end the day before its medal", end(2029, 6, 7), "ends_on", "validation_period_excludes"},
		{"the period may end on the day of its medal", end(2029, 6, 8), "", ""},
		{"the period cannot start after its round opens", Period{Name: "x", Start: day(2026, 11, 22), End: day(2029, 6, 8)}, "starts_on", "validation_period_excludes"},
		{"the period may start on the day its round opens", Period{Name: "x", Start: day(2026, 11, 21), End: day(2029, 6, 8)}, "", ""},
		{"a period starting at local midnight of that day", Period{Name: "x", Start: berlin(2026, 11, 21, 0, 0, 0).UTC(), End: day(2029, 6, 8)}, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			vs := CheckPeriod(c.p, []Period{period2019}, held)
			assertCode(t, vs, c.code)
			for _, v := range vs {
				if v.Field != c.field {
					t.Fatalf("violation on %s, want %s: %v", v.Field, c.field, v)
				}
			}
		})
	}
	t.Run("the answer names what lies outside", func(t *testing.T) {
		t.Parallel()
		vs := CheckPeriod(end(2026, 12, 31), nil, held)
		if len(vs) != 2 || vs[0].Message != "Die Wahlperiode kann nicht am 31. Dezember 2026 enden: Die Runde „Stadtmedaille 2026“ nimmt bis zum 12. Januar 2027 Vorschläge an. Bitte zuerst die Runde oder die Auszeichnung ändern." ||
			vs[1].Message != "Die Wahlperiode kann nicht am 31. Dezember 2026 enden: Die Stadtmedaille an Hilde Helferin ist auf den 8. Juni 2029 datiert. Bitte zuerst die Runde oder die Auszeichnung ändern." {
			t.Fatalf("got %v", vs)
		}
	})
	t.Run("the day of a medal counts in Bitburg", func(t *testing.T) {
		t.Parallel()
		late := []Held{{Kind: HeldMedal, Name: "H", Day: time.Date(2029, 6, 8, 22, 30, 0, 0, time.UTC)}} // 9 June in Bitburg
		assertCode(t, CheckPeriod(period2024, nil, late), "validation_period_excludes")
		late[0].Day = time.Date(2029, 6, 8, 21, 59, 0, 0, time.UTC) // 23:59 on 8 June
		assertCode(t, CheckPeriod(period2024, nil, late), "")
	})
	t.Run("overlapping periods are judged first", func(t *testing.T) {
		t.Parallel()
		assertCode(t, CheckPeriod(Period{Name: "x", Start: day(2024, 6, 8), End: day(2026, 1, 1)}, []Period{period2019}, held), "validation_period_overlap")
	})
}

func TestCheckRound(t *testing.T) {
	t.Parallel()
	medal := func(from, until time.Time, others int) Round {
		return Round{Kind: KindMedal, FieldOfAction: "Senioren", From: from, Until: until, Period: &period2024, OtherMedalRounds: others}
	}
	withAwards := func(r Round, as ...RoundAward) Round {
		r.Awards = as
		return r
	}
	jury := func(r Round, meeting time.Time) Round {
		r.Jury, r.JuryMeeting, r.Today = 3, meeting, berlin(2027, 2, 1, 23, 30, 0)
		return r
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
		{"nominations may close on the day of the round's award", withAwards(medal(day(2027, 3, 1), day(2027, 4, 30), 0), RoundAward{KindMedal, "H", day(2027, 4, 30)}), ""},
		{"nominations cannot close after the round's award", withAwards(medal(day(2027, 3, 1), day(2027, 5, 1), 0), RoundAward{KindMedal, "H", day(2027, 4, 30)}), "validation_round_after_award"},
		{"the award's day counts in Bitburg", withAwards(medal(day(2027, 3, 1), day(2027, 5, 1), 0), RoundAward{KindMedal, "H", berlin(2027, 5, 1, 0, 30, 0).UTC()}), ""},
		{"a medal round cannot move to a period without its medal", withAwards(Round{Kind: KindMedal, FieldOfAction: "S", From: day(2024, 6, 1), Until: day(2024, 6, 2), Period: &period2019},
			RoundAward{KindMedal, "H", day(2024, 6, 10)}), "validation_award_outside_period"},
		{"a jury is appointed by a meeting", jury(medal(day(2027, 3, 1), day(2027, 4, 30), 0), time.Time{}), "validation_jury_meeting_required"},
		{"a jury appointed in today's meeting", jury(medal(day(2027, 3, 1), day(2027, 4, 30), 0), berlin(2027, 2, 1, 18, 0, 0)), ""},
		{"a jury cannot be appointed by a meeting tomorrow", jury(medal(day(2027, 3, 1), day(2027, 4, 30), 0), day(2027, 2, 2)), "validation_jury_meeting_ahead"},
		{"a round without a jury needs no meeting", medal(day(2027, 3, 1), day(2027, 4, 30), 0), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			assertCode(t, CheckRound(c.r), c.code)
		})
	}
}

func TestCheckAward(t *testing.T) {
	t.Parallel()
	medal := func(at time.Time) Award {
		return Award{Kind: KindMedal, HasRecipient: true, RoundKind: KindMedal, Period: &period2024, AwardedAt: at}
	}
	closing := func(a Award, until time.Time) Award {
		a.RoundTitle, a.RoundUntil = "Stadtmedaille 2027", until
		return a
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
		{"a medal before its round opened is refused (the reported case)", closing(medal(day(2027, 2, 1)), day(2027, 4, 30)), "validation_award_before_close"},
		{"a medal the day before its round closes is refused", closing(medal(day(2027, 4, 29)), day(2027, 4, 30)), "validation_award_before_close"},
		{"a medal on the day its round closes", closing(medal(day(2027, 4, 30)), day(2027, 4, 30)), ""},
		{"a medal at local midnight of the closing day", closing(medal(berlin(2027, 4, 30, 0, 0, 0).UTC()), day(2027, 4, 30)), ""},
		{"a medal at 23:30 UTC on the eve of the close is the closing day in Bitburg", closing(medal(time.Date(2027, 4, 29, 22, 30, 0, 0, time.UTC)), day(2027, 4, 30)), ""},
		{"a medal at 21:59 UTC on the eve of the close is the eve", closing(medal(time.Date(2027, 4, 29, 21, 59, 0, 0, time.UTC)), day(2027, 4, 30)), "validation_award_before_close"},
		{"a prize before its round closes is refused", closing(Award{Kind: KindPrize, HasRecipient: true, RoundKind: KindPrize, AwardedAt: day(2027, 1, 1)}, day(2027, 4, 30)), "validation_award_before_close"},
		{"a medal after its period and after the close", closing(medal(day(2029, 6, 9)), day(2027, 4, 30)), "validation_outside_period"},
		{"a thank-you letter knows no close", Award{Kind: KindThankYou, HasRecipient: true, AwardedAt: day(2027, 1, 1)}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
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
	t.Parallel()
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
