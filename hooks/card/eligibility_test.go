package card

import (
	"slices"
	"testing"
	"time"

	"ben/hooks/guard"
)

// day is noon in Bitburg on the given date.
func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 12, 0, 0, 0, berlinLoc())
}

var applyOn = day(2026, time.November, 28)

func engaged(perWeek, perYear float64, since time.Time) Engagement {
	return Engagement{HoursPerWeek: perWeek, HoursPerYear: perYear, Since: since, Allowance: AllowanceNone, InBitburg: true}
}

func adult(es ...Engagement) Applicant {
	return Applicant{Kind: KindStandard, BirthDate: day(1980, time.May, 3), Engagements: es}
}

func codes(fs []guard.Violation) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func TestCheck(t *testing.T) {
	t.Parallel()
	longAgo := day(2020, time.January, 1)
	cases := []struct {
		name     string
		app      Applicant
		failures []string
		flags    []string
	}{
		{"5 hours a week qualifies", adult(engaged(5, 0, longAgo)), nil, nil},
		{"4.99 hours a week do not", adult(engaged(4.99, 0, longAgo)), []string{"too_few_hours"}, nil},
		{"250 hours a year qualify", adult(engaged(0, 250, longAgo)), nil, nil},
		{"249.5 hours a year do not", adult(engaged(0, 249.5, longAgo)), []string{"too_few_hours"}, nil},
		{"hours of several organisations add up per week", adult(engaged(3, 0, longAgo), engaged(2, 0, longAgo)), nil, nil},
		{"hours of several organisations add up per year", adult(engaged(0, 150, longAgo), engaged(0, 100, longAgo)), nil, nil},
		{"hours just short when added up", adult(engaged(3, 0, longAgo), engaged(1.5, 0, longAgo)), []string{"too_few_hours"}, nil},
		{"reimbursed costs are fine", adult(Engagement{HoursPerWeek: 6, Since: longAgo, Allowance: AllowanceCosts, InBitburg: true}), nil, nil},
		{"a flat-rate allowance does not count",
			adult(Engagement{HoursPerWeek: 6, Since: longAgo, Allowance: AllowanceFlatRate, InBitburg: true}),
			[]string{"flat_rate_allowance"}, nil},
		{"hours with a flat-rate allowance are not added",
			adult(engaged(3, 0, longAgo), Engagement{HoursPerWeek: 3, Since: longAgo, Allowance: AllowanceFlatRate, InBitburg: true}),
			[]string{"too_few_hours"}, nil},
		{"engaged elsewhere but resident in Bitburg",
			Applicant{Kind: KindStandard, BirthDate: day(1980, 5, 3), ResidentInBitburg: true,
				Engagements: []Engagement{{HoursPerWeek: 5, Since: longAgo, Allowance: AllowanceNone}}},
			nil, nil},
		{"engaged elsewhere and living elsewhere",
			Applicant{Kind: KindStandard, BirthDate: day(1980, 5, 3),
				Engagements: []Engagement{{HoursPerWeek: 5, Since: longAgo, Allowance: AllowanceNone}}},
			[]string{"too_few_hours", "no_bitburg_link"}, nil},
		{"14 today qualifies",
			Applicant{Kind: KindStandard, BirthDate: day(2012, time.November, 28), Engagements: []Engagement{engaged(5, 0, day(2023, 1, 1))}},
			nil, nil},
		{"14 tomorrow does not",
			Applicant{Kind: KindStandard, BirthDate: day(2012, time.November, 29), Engagements: []Engagement{engaged(5, 0, day(2023, 1, 1))}},
			[]string{"too_young"}, nil},
		{"engaged since the 10th birthday is not flagged",
			Applicant{Kind: KindStandard, BirthDate: day(2010, time.March, 1), Engagements: []Engagement{engaged(5, 0, day(2020, time.March, 1))}},
			nil, nil},
		{"engaged since the day before the 10th birthday is flagged, not refused",
			Applicant{Kind: KindStandard, BirthDate: day(2010, time.March, 1), Engagements: []Engagement{engaged(5, 0, day(2020, time.February, 29))}},
			nil, []string{FlagEngagedBeforeTen}},
		{"resident with the postcode of Bitburg is not flagged",
			Applicant{Kind: KindStandard, BirthDate: day(1980, 5, 3), ResidentInBitburg: true, Postcode: "54634", Engagements: []Engagement{engaged(5, 0, longAgo)}},
			nil, nil},
		{"resident with another postcode is flagged, not refused",
			Applicant{Kind: KindStandard, BirthDate: day(1980, 5, 3), ResidentInBitburg: true, Postcode: "54636", Engagements: []Engagement{engaged(5, 0, longAgo)}},
			nil, []string{FlagPostcodeElsewhere}},
		{"someone living elsewhere with another postcode is not flagged",
			Applicant{Kind: KindStandard, BirthDate: day(1980, 5, 3), Postcode: "54636", Engagements: []Engagement{engaged(5, 0, longAgo)}},
			nil, nil},
		{"each engagement shorter than a year is flagged, also beside a long one",
			adult(engaged(3, 0, longAgo), engaged(2, 0, day(2026, time.June, 1)), engaged(0, 10, day(2026, time.July, 1))),
			nil, []string{FlagShortEngagement, FlagShortEngagement}},
		{"birth date missing", Applicant{Kind: KindStandard, Engagements: []Engagement{engaged(5, 0, longAgo)}}, []string{"birth_date_missing"}, nil},
		{"engaged exactly one year is not flagged", adult(engaged(5, 0, day(2025, time.November, 28))), nil, nil},
		{"engaged one day less than a year is flagged, not refused", adult(engaged(5, 0, day(2025, time.November, 29))), nil, []string{FlagShortEngagement}},
		{"no engagement", adult(), []string{"no_engagement"}, nil},
		{"five engagements are fine", adult(engaged(1, 0, longAgo), engaged(1, 0, longAgo), engaged(1, 0, longAgo), engaged(1, 0, longAgo), engaged(1, 0, longAgo)), nil, nil},
		{"six engagements are too many", adult(engaged(1, 0, longAgo), engaged(1, 0, longAgo), engaged(1, 0, longAgo), engaged(1, 0, longAgo), engaged(1, 0, longAgo), engaged(1, 0, longAgo)),
			[]string{"too_many_engagements"}, nil},
		{"every failure is reported at once",
			Applicant{Kind: KindStandard, BirthDate: day(2015, 1, 1), ResidentInBitburg: true, Engagements: []Engagement{{HoursPerWeek: 1, Since: day(2026, 6, 1), Allowance: AllowanceNone}}},
			[]string{"too_young", "too_few_hours"}, []string{FlagShortEngagement}},
		{"without a link to Bitburg nothing counts, and both are said",
			Applicant{Kind: KindStandard, BirthDate: day(2015, 1, 1), Engagements: []Engagement{{HoursPerWeek: 1, Since: day(2026, 6, 1), Allowance: AllowanceNone}}},
			[]string{"too_young", "too_few_hours", "no_bitburg_link"}, nil},
		{"anniversary card after exactly 25 years",
			Applicant{Kind: KindJubilee, BirthDate: day(1960, 1, 1), Engagements: []Engagement{{HoursPerYear: 10, Since: day(2001, time.November, 28), Allowance: AllowanceFlatRate}}},
			nil, nil},
		{"anniversary card one day short of 25 years",
			Applicant{Kind: KindJubilee, BirthDate: day(1960, 1, 1), Engagements: []Engagement{{HoursPerYear: 10, Since: day(2001, time.November, 29), Allowance: AllowanceNone}}},
			[]string{"jubilee_too_short"}, nil},
		{"anniversary card counts the longest engagement",
			Applicant{Kind: KindJubilee, BirthDate: day(1960, 1, 1), Engagements: []Engagement{
				{HoursPerYear: 10, Since: day(2020, 1, 1), Allowance: AllowanceNone},
				{HoursPerYear: 10, Since: day(1990, 1, 1), Allowance: AllowanceNone}}},
			nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := Check(c.app, applyOn)
			if got := codes(r.Failures); !slices.Equal(got, orEmpty(c.failures)) {
				t.Errorf("failures = %v, want %v", got, orEmpty(c.failures))
			}
			if got := codes(r.Flags); !slices.Equal(got, orEmpty(c.flags)) {
				t.Errorf("flags = %v, want %v", got, orEmpty(c.flags))
			}
			if r.Eligible() != (len(c.failures) == 0) {
				t.Errorf("Eligible() = %v with failures %v", r.Eligible(), r.Failures)
			}
			for _, f := range append(r.Failures, r.Flags...) {
				if f.Message == "" || f.Field == "" {
					t.Errorf("finding %q lacks a field or a German sentence", f.Code)
				}
			}
		})
	}
}

func TestYearlyHours(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name             string
		perWeek, perYear float64
		want             float64
	}{
		{"5 hours a week are 250 a year", 5, 0, 250},
		{"hours a year count as they are", 0, 250, 250},
		{"4.9 hours a week are 245 a year", 4.9, 0, 245},
		{"both given: the larger counts", 2, 150, 150},
		{"both given: the larger counts, the other way", 4, 150, 200},
		{"3.3 hours a week are exactly 165, not a hair less", 3.3, 0, 165},
		{"negative numbers count as none", -5, -250, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := YearlyHours(Engagement{HoursPerWeek: c.perWeek, HoursPerYear: c.perYear}); got != c.want {
				t.Fatalf("YearlyHours(%g/week, %g/year) = %g, want %g", c.perWeek, c.perYear, got, c.want)
			}
		})
	}
}

// TestCheckHoursInEveryCombination: the hours of several engagements add
// up whether given per week or per year; someone who does not live in
// Bitburg counts only engagements in Bitburg. Each row is one side of the
// 250-hour boundary.
func TestCheckHoursInEveryCombination(t *testing.T) {
	t.Parallel()
	longAgo := day(2020, time.January, 1)
	e := func(perWeek, perYear float64, inBitburg bool) Engagement {
		return Engagement{HoursPerWeek: perWeek, HoursPerYear: perYear, Since: longAgo, Allowance: AllowanceNone, InBitburg: inBitburg}
	}
	const in, out = true, false
	cases := []struct {
		name     string
		resident bool
		es       []Engagement
		failures []string
	}{
		// one weekly and one yearly engagement
		{"resident, weekly in + yearly in, 4.9/week + 100/year (345) qualify", true, []Engagement{e(4.9, 0, in), e(0, 100, in)}, nil},
		{"resident, weekly in + yearly in, 4/week + 50/year (250) qualify", true, []Engagement{e(4, 0, in), e(0, 50, in)}, nil},
		{"resident, weekly in + yearly in, 4/week + 49.5/year (249.5) do not", true, []Engagement{e(4, 0, in), e(0, 49.5, in)}, []string{"too_few_hours"}},
		{"resident, weekly out + yearly out, 4/week + 50/year qualify", true, []Engagement{e(4, 0, out), e(0, 50, out)}, nil},
		{"resident, weekly out + yearly out, 4/week + 49.5/year do not", true, []Engagement{e(4, 0, out), e(0, 49.5, out)}, []string{"too_few_hours"}},
		{"resident, weekly in + yearly out, 2.5/week + 125/year qualify", true, []Engagement{e(2.5, 0, in), e(0, 125, out)}, nil},
		{"resident, weekly out + yearly in, 2.5/week + 124.9/year do not", true, []Engagement{e(2.5, 0, out), e(0, 124.9, in)}, []string{"too_few_hours"}},
		{"non-resident, weekly in + yearly in, 4/week + 50/year qualify", false, []Engagement{e(4, 0, in), e(0, 50, in)}, nil},
		{"non-resident, weekly in + yearly in, 4/week + 49.5/year do not", false, []Engagement{e(4, 0, in), e(0, 49.5, in)}, []string{"too_few_hours"}},
		{"non-resident, weekly in + yearly out: only the weekly counts, 4/week + 500/year do not", false, []Engagement{e(4, 0, in), e(0, 500, out)}, []string{"too_few_hours"}},
		{"non-resident, weekly in + yearly out: 5/week in Bitburg alone qualify", false, []Engagement{e(5, 0, in), e(0, 1, out)}, nil},
		{"non-resident, weekly out + yearly in: only the yearly counts, 10/week + 249/year do not", false, []Engagement{e(10, 0, out), e(0, 249, in)}, []string{"too_few_hours"}},
		{"non-resident, weekly out + yearly in: 250/year in Bitburg alone qualify", false, []Engagement{e(10, 0, out), e(0, 250, in)}, nil},
		{"non-resident, weekly out + yearly out: no link to Bitburg", false, []Engagement{e(10, 0, out), e(0, 500, out)}, []string{"too_few_hours", "no_bitburg_link"}},
		// the examples of the complaint
		{"non-resident, 1/week in Bitburg + 10/week elsewhere do not", false, []Engagement{e(1, 0, in), e(10, 0, out)}, []string{"too_few_hours"}},
		{"resident, 1/week in Bitburg + 10/week elsewhere qualify", true, []Engagement{e(1, 0, in), e(10, 0, out)}, nil},
		// both given on one engagement: the larger counts
		{"resident, 2/week and 150/year on one engagement + 100/year qualify", true, []Engagement{e(2, 150, in), e(0, 100, in)}, nil},
		// a flat-rate allowance never counts, in or out of Bitburg
		{"resident, 5/week with a flat rate + 4/week do not", true,
			[]Engagement{{HoursPerWeek: 5, Since: longAgo, Allowance: AllowanceFlatRate, InBitburg: true}, e(4, 0, in)}, []string{"too_few_hours"}},
		{"non-resident, flat rate in Bitburg + 10/week elsewhere: no link to Bitburg", false,
			[]Engagement{{HoursPerWeek: 5, Since: longAgo, Allowance: AllowanceFlatRate, InBitburg: true}, e(10, 0, out)}, []string{"too_few_hours", "no_bitburg_link"}},
		{"non-resident, reimbursed costs in Bitburg count", false,
			[]Engagement{{HoursPerYear: 250, Since: longAgo, Allowance: AllowanceCosts, InBitburg: true}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			a := Applicant{Kind: KindStandard, BirthDate: day(1980, 5, 3), ResidentInBitburg: c.resident, Engagements: c.es}
			r := Check(a, applyOn)
			if got := codes(r.Failures); !slices.Equal(got, orEmpty(c.failures)) {
				t.Fatalf("failures = %v, want %v (counted %g h/year)", got, orEmpty(c.failures), r.YearlyHours)
			}
		})
	}
}

func TestCheckAgeCountsBitburgDays(t *testing.T) {
	t.Parallel()
	// 23:30 UTC on 27 November is already the 28th in Bitburg.
	on := time.Date(2026, time.November, 27, 23, 30, 0, 0, time.UTC)
	a := Applicant{Kind: KindStandard, BirthDate: day(2012, time.November, 28), Engagements: []Engagement{engaged(5, 0, day(2020, 1, 1))}}
	if r := Check(a, on); !r.Eligible() {
		t.Fatalf("turns 14 on the Bitburg calendar day of application, got %v", r.Failures)
	}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func berlinLoc() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return loc
}

func FuzzCheck(f *testing.F) {
	f.Add(int64(0), int64(0), 5.0, 250.0, uint8(1), true, true, uint8(0))
	f.Add(int64(-1<<62), int64(1<<62), -1.0, 1e308, uint8(9), false, false, uint8(2))
	f.Fuzz(func(t *testing.T, birth, since int64, perWeek, perYear float64, n uint8, resident, inBitburg bool, allowance uint8) {
		allowances := []string{AllowanceNone, AllowanceCosts, AllowanceFlatRate, ""}
		e := Engagement{HoursPerWeek: perWeek, HoursPerYear: perYear, Since: time.Unix(since, 0),
			Allowance: allowances[int(allowance)%len(allowances)], InBitburg: inBitburg}
		a := Applicant{Kind: KindStandard, BirthDate: time.Unix(birth, 0), ResidentInBitburg: resident}
		for i := 0; i < int(n%8); i++ {
			a.Engagements = append(a.Engagements, e)
		}
		for _, kind := range []string{KindStandard, KindJubilee, "unknown"} {
			a.Kind = kind
			r := Check(a, applyOn)
			if len(a.Engagements) > MaxEngagements && !slices.Contains(codes(r.Failures), "too_many_engagements") {
				t.Fatalf("%d engagements accepted", len(a.Engagements))
			}
		}
	})
}

func BenchmarkCheck(b *testing.B) {
	a := adult(engaged(3, 0, day(2020, 1, 1)), engaged(0, 120, day(2026, 3, 1)), engaged(1, 0, day(2019, 1, 1)))
	b.ReportAllocs()
	for b.Loop() {
		Check(a, applyOn)
	}
}
