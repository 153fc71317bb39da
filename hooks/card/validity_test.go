package card

import (
	"testing"
	"time"

	"ben/hooks/tz"
)

func berlin(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, berlinLoc())
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestValidUntilTwoYearsToTheDayByBGB(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		issued time.Time
		want   time.Time
	}{
		{"an ordinary day: the same day two years later", berlin(2026, time.March, 15, 10, 0), date(2028, time.March, 15)},
		{"29 February: 28 February (§ 188 (3) BGB), not 1 March", berlin(2028, time.February, 29, 10, 0), date(2030, time.February, 28)},
		{"28 February of a leap year: 28 February", berlin(2028, time.February, 28, 10, 0), date(2030, time.February, 28)},
		{"1 March after a leap day: 1 March", berlin(2028, time.March, 1, 10, 0), date(2030, time.March, 1)},
		{"28 February into a leap year: 28 February, not 29", berlin(2026, time.February, 28, 10, 0), date(2028, time.February, 28)},
		{"23:30 UTC on 28 February 2028 is 29 February in Bitburg", time.Date(2028, time.February, 28, 23, 30, 0, 0, time.UTC), date(2030, time.February, 28)},
		{"00:30 in Bitburg on 1 January is the new year's day", berlin(2027, time.January, 1, 0, 30), date(2029, time.January, 1)},
		{"31 December late in the evening", berlin(2026, time.December, 31, 23, 59), date(2028, time.December, 31)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, ok := ValidUntil(KindStandard, c.issued)
			if !ok || !got.Equal(c.want) {
				t.Fatalf("ValidUntil(%s) = %s, want %s", c.issued, got.Format("2006-01-02"), c.want.Format("2006-01-02"))
			}
		})
	}
	if _, ok := ValidUntil(KindJubilee, berlin(2026, time.March, 15, 10, 0)); ok {
		t.Fatal("the anniversary card is valid for life")
	}
}

func TestExpiredOnCountsBitburgDays(t *testing.T) {
	t.Parallel()
	last := date(2030, time.February, 28)
	cases := []struct {
		name string
		now  time.Time
		want bool
	}{
		{"the last day, in the morning", berlin(2030, time.February, 28, 0, 0), false},
		{"the last day, one minute before midnight", berlin(2030, time.February, 28, 23, 59), false},
		{"the next day, at midnight in Bitburg (still 28 February in UTC)", berlin(2030, time.March, 1, 0, 0), true},
		{"the next day, at noon", berlin(2030, time.March, 1, 12, 0), true},
		{"a day before", berlin(2030, time.February, 27, 12, 0), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := ExpiredOn(last, c.now); got != c.want {
				t.Fatalf("ExpiredOn(%s, %s) = %v, want %v", last.Format("2006-01-02"), c.now, got, c.want)
			}
		})
	}
	// a last day typed into the dashboard at midnight in Bitburg (23:00 UTC the day before) is the same day
	typed := berlin(2030, time.February, 28, 0, 0)
	if ExpiredOn(typed, berlin(2030, time.February, 28, 23, 0)) || !ExpiredOn(typed, berlin(2030, time.March, 1, 0, 0)) {
		t.Fatal("a day stored at local midnight must mean the same day")
	}
	if ExpiredOn(time.Time{}, berlin(2100, 1, 1, 0, 0)) {
		t.Fatal("a card without a last day never expires")
	}
}

func TestNumberYearIsTheYearInBitburg(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		now  time.Time
		want int
	}{
		{"23:30 UTC on 31 December is already New Year in Bitburg", time.Date(2026, time.December, 31, 23, 30, 0, 0, time.UTC), 2027},
		{"22:59 UTC on 31 December is still the old year", time.Date(2026, time.December, 31, 22, 59, 0, 0, time.UTC), 2026},
		{"00:00 in Bitburg on 1 January", berlin(2027, time.January, 1, 0, 0), 2027},
	}
	for _, c := range cases {
		if got := NumberYear(c.now); got != c.want {
			t.Errorf("%s: NumberYear = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestCardTransition(t *testing.T) {
	t.Parallel()
	statuses := []string{CardActive, CardExpired, CardRevoked}
	allowed := map[[2]string]bool{
		{CardActive, CardExpired}: true, {CardActive, CardRevoked}: true, {CardExpired, CardRevoked}: true,
	}
	for _, from := range statuses {
		for _, to := range statuses {
			err := CardTransition(from, to)
			if want := from == to || allowed[[2]string{from, to}]; (err == nil) != want {
				t.Errorf("%s → %s: allowed = %v, want %v", from, to, err == nil, want)
			}
		}
	}
}

func TestDueForReminderCountsWholeDays(t *testing.T) {
	t.Parallel()
	last := date(2027, time.April, 12)
	lead := 42 * 24 * time.Hour
	if !dueForReminder(last, berlin(2027, time.March, 1, 3, 15), lead) {
		t.Error("42 days before the last day: due")
	}
	if dueForReminder(last, berlin(2027, time.February, 28, 23, 59), lead) {
		t.Error("43 days before the last day: not yet")
	}
	if !dueForReminder(last, berlin(2027, time.April, 12, 23, 0), lead) {
		t.Error("on the last day: still due")
	}
	if dueForReminder(last, berlin(2027, time.April, 13, 0, 0), lead) {
		t.Error("after the last day: expired, no reminder")
	}
}

func FuzzValidUntil(f *testing.F) {
	f.Add(int64(1835395200)) // 29 February 2028
	f.Add(int64(1798758000)) // New Year 2027 in Bitburg
	f.Add(int64(0))
	f.Fuzz(func(t *testing.T, unix int64) {
		if unix < -1e11 || unix > 1e11 {
			return
		}
		issued := time.Unix(unix, 0)
		last, ok := ValidUntil(KindStandard, issued)
		if !ok {
			t.Fatal("a standard card always ends")
		}
		day := tz.Day(issued)
		if last.Year() != day.Year()+ValidityYears || last.Month() != day.Month() {
			t.Fatalf("issued %s, last day %s: not the same month two years later", day, last)
		}
		if last.Day() != day.Day() && !(day.Month() == time.February && day.Day() == 29 && last.Day() == 28) {
			t.Fatalf("issued %s, last day %s: the day number changes only for 29 February", day, last)
		}
		if ExpiredOn(last, issued) || ExpiredOn(last, time.Date(last.Year(), last.Month(), last.Day(), 23, 59, 0, 0, tz.Berlin)) {
			t.Fatalf("issued %s: expired before its last day %s ended", issued, last)
		}
		if !ExpiredOn(last, time.Date(last.Year(), last.Month(), last.Day()+1, 0, 0, 0, 0, tz.Berlin)) {
			t.Fatalf("issued %s: still valid the day after %s", issued, last)
		}
	})
}

func TestCorrectionRule(t *testing.T) {
	t.Parallel()
	issued := time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)
	standard := IssuedCard{Kind: KindStandard, IssuedAt: issued}
	cases := []struct {
		name         string
		field, value string
		reason       string
		code         string
	}{
		{"a number of the year of issue", "number", "BIT-2026-00001", "Tippfehler", ""},
		{"a number of the next year", "number", "BIT-2027-00001", "Tippfehler", "validation_card_number_year"},
		{"a number of the year before", "number", "BIT-2025-99999", "Tippfehler", "validation_card_number_year"},
		{"a number before 2000", "number", "BIT-1999-00001", "Tippfehler", "validation_card_number_year"},
		{"a number of four digits", "number", "BIT-2026-0001", "Tippfehler", "validation_card_number"},
		{"the running number zero", "number", "BIT-2026-00000", "Tippfehler", "validation_card_number"},
		{"another prefix", "number", "BIK-2026-00001", "Tippfehler", "validation_card_number"},
		{"the day after the issue", "valid_until", "2026-03-16", "Tippfehler", ""},
		{"the day of issue", "valid_until", "2026-03-15", "Tippfehler", "validation_card_valid_until_range"},
		{"the end of the two years", "valid_until", "2028-03-15", "Tippfehler", ""},
		{"a day after the two years", "valid_until", "2028-03-16", "Tippfehler", "validation_card_valid_until_range"},
		{"2099", "valid_until", "2099-01-01", "Tippfehler", "validation_card_valid_until_range"},
		{"not a date", "valid_until", "15.03.2028", "Tippfehler", "validation_date"},
		{"a reason of five letters", "valid_until", "2028-03-14", "Datum", ""},
		{"a reason of four letters", "valid_until", "2028-03-14", "Dat.", "validation_card_correction_reason"},
		{"a reason of one letter", "valid_until", "2028-03-14", "x", "validation_card_correction_reason"},
		{"a reason of invisible characters", "valid_until", "2028-03-14", "\u200b\u200b\u200b\u200b\u200b\u200b", "validation_card_correction_reason"},
		{"a kind", "kind", "jubilaeum", "Jubiläum übersehen", ""},
		{"an unknown kind", "kind", "gold", "Jubiläum übersehen", "validation_card_kind"},
		{"an unknown field", "issued_at", "2026-03-01", "Tippfehler", "validation_card_field"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			vs := CorrectionRule(standard, c.field, c.value, c.reason)
			got := ""
			if len(vs) > 0 {
				got = vs[0].Code
			}
			if got != c.code {
				t.Fatalf("CorrectionRule = %+v, want %q", vs, c.code)
			}
		})
	}
	// issued at 00:30 on 1 January in Bitburg: the new year's numbers
	newYear := IssuedCard{Kind: KindStandard, IssuedAt: time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)}
	if vs := CorrectionRule(newYear, "number", "BIT-2027-00005", "Tippfehler"); vs != nil {
		t.Fatalf("a card issued on 1 January in Bitburg keeps the new year: %+v", vs)
	}
	if vs := CorrectionRule(newYear, "number", "BIT-2026-00005", "Tippfehler"); vs == nil {
		t.Fatal("nor the UTC year")
	}
	if vs := CorrectionRule(IssuedCard{Kind: KindJubilee, IssuedAt: issued}, "valid_until", "2027-01-01", "Tippfehler"); len(vs) == 0 || vs[0].Code != "validation_card_lifetime" {
		t.Fatalf("the anniversary card has no last day: %+v", vs)
	}
}

func TestActiveOn(t *testing.T) {
	t.Parallel()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }
	issued, until := day(2026, 3, 15), time.Date(2028, 3, 15, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		card Lifecycle
		on   time.Time
		want bool
	}{
		{"an active card on its day of issue", Lifecycle{CardActive, issued, until, time.Time{}}, day(2026, 3, 15), true},
		{"not the day before", Lifecycle{CardActive, issued, until, time.Time{}}, day(2026, 3, 14), false},
		{"on its last day", Lifecycle{CardActive, issued, until, time.Time{}}, day(2028, 3, 15), true},
		{"not the day after", Lifecycle{CardActive, issued, until, time.Time{}}, day(2028, 3, 16), false},
		{"an anniversary card for ever", Lifecycle{CardActive, issued, time.Time{}, time.Time{}}, day(2090, 1, 1), true},
		{"a card ended by its renewal, before the renewal", Lifecycle{CardExpired, issued, until, day(2027, 6, 1)}, day(2027, 5, 31), true},
		{"a card ended by its renewal, on the day of the renewal", Lifecycle{CardExpired, issued, until, day(2027, 6, 1)}, day(2027, 6, 1), false},
		{"a card ended by its renewal, after it although its date has not passed", Lifecycle{CardExpired, issued, until, day(2027, 6, 1)}, day(2027, 12, 31), false},
		{"a card expired by its date, before that date", Lifecycle{CardExpired, issued, until, time.Time{}}, day(2027, 12, 31), true},
		{"a revoked card on no day", Lifecycle{CardRevoked, issued, until, time.Time{}}, day(2026, 12, 31), false},
		{"an unknown status on no day", Lifecycle{"", issued, until, time.Time{}}, day(2026, 12, 31), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := ActiveOn(c.card, c.on); got != c.want {
				t.Fatalf("ActiveOn = %v, want %v", got, c.want)
			}
		})
	}
}
