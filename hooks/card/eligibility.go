package card

import (
	"fmt"
	"time"

	"ben/hooks/guard"
	"ben/hooks/tz"
)

// The numbers of the card's criteria (strategy §4.3 and the state's
// published criteria). Each is a boundary the tests pin on both sides.
const (
	MinAge              = 14  // years, on the day of application
	MinHoursPerWeek     = 5.0 // on average, at least
	MinHoursPerYear     = 250.0
	UsualYearsEngaged   = 1  // shorter engagement is flagged, not refused
	JubileeYears        = 25 // for the anniversary card
	MaxEngagements      = 5
	ValidityYears       = 2
	AllowanceNone       = "none"
	AllowanceCosts      = "cost_reimbursement"
	AllowanceFlatRate   = "flat_rate"
	KindStandard        = "standard"
	KindJubilee         = "jubilaeum"
	FlagShortEngagement = "short_engagement"
)

// Applicant is what eligibility looks at of an application.
type Applicant struct {
	Kind              string
	BirthDate         time.Time
	ResidentInBitburg bool
	Engagements       []Engagement
}

// Engagement is one engagement of an application, as the eligibility check
// sees it. Hours given per week and per year are summed separately.
type Engagement struct {
	HoursPerWeek float64
	HoursPerYear float64
	Since        time.Time
	Allowance    string
	InBitburg    bool
}

// Result lists every failed hard criterion and every flag for staff: a
// stable code (without the "validation_card_" of the field errors), the
// field the applicant should look at, and a German sentence.
type Result struct {
	Failures []guard.Violation `json:"failures"`
	Flags    []guard.Violation `json:"flags"`
}

// Eligible reports whether no hard criterion failed.
func (r Result) Eligible() bool { return len(r.Failures) == 0 }

// Check applies the card's criteria to a as of the day on (the day of
// application; dates are compared as calendar days in Europe/Berlin).
//
//   - at least 14 years old on that day;
//   - standard card: engaged at least 5 hours a week on average or at least
//     250 hours a year, summed over all engagements without a flat-rate
//     allowance (reimbursed costs are fine);
//   - engaged in Bitburg, or resident in Bitburg;
//   - anniversary card: 25 years of engagement, nothing else;
//   - one to five engagements;
//   - engaged for less than a year: a flag for staff, not a refusal.
func Check(a Applicant, on time.Time) Result {
	var r Result
	day := tz.Day(on)

	if n := len(a.Engagements); n == 0 {
		r.fail("no_engagement", "engagements", "Bitte geben Sie mindestens ein Engagement an.")
	} else if n > MaxEngagements {
		r.fail("too_many_engagements", "engagements",
			fmt.Sprintf("Ein Antrag kann höchstens %d Engagements enthalten; Sie haben %d angegeben.", MaxEngagements, n))
	}

	if a.BirthDate.IsZero() {
		r.fail("birth_date_missing", "birth_date", "Bitte geben Sie Ihr Geburtsdatum an.")
	} else if tz.Day(a.BirthDate).AddDate(MinAge, 0, 0).After(day) {
		r.fail("too_young", "birth_date",
			fmt.Sprintf("Die Ehrenamtskarte gibt es ab %d Jahren (am Tag der Antragstellung).", MinAge))
	}

	if a.Kind == KindJubilee {
		earliest, ok := earliestSince(a.Engagements, false)
		if !ok || tz.Day(earliest).AddDate(JubileeYears, 0, 0).After(day) {
			r.fail("jubilee_too_short", "engagements",
				fmt.Sprintf("Die Jubiläums-Ehrenamtskarte setzt %d Jahre Engagement voraus.", JubileeYears))
		}
		return r
	}

	var perWeek, perYear float64
	counting := 0
	linked := a.ResidentInBitburg
	for _, e := range a.Engagements {
		if e.Allowance == AllowanceFlatRate {
			continue
		}
		counting++
		perWeek += e.HoursPerWeek
		perYear += e.HoursPerYear
		linked = linked || e.InBitburg
	}

	switch {
	case len(a.Engagements) > 0 && counting == 0:
		r.fail("flat_rate_allowance", "engagements",
			"Engagements mit pauschaler Aufwandsentschädigung zählen für die Ehrenamtskarte nicht; die Erstattung tatsächlicher Kosten ist unschädlich.")
	case len(a.Engagements) > 0 && perWeek < MinHoursPerWeek && perYear < MinHoursPerYear:
		r.fail("too_few_hours", "engagements", fmt.Sprintf(
			"Nötig sind mindestens %g Stunden pro Woche im Durchschnitt oder %g Stunden im Jahr (ohne Engagements mit pauschaler Aufwandsentschädigung); angegeben sind %s Stunden pro Woche und %s Stunden im Jahr.",
			MinHoursPerWeek, MinHoursPerYear, german(perWeek), german(perYear)))
	}

	if counting > 0 && !linked {
		r.fail("no_bitburg_link", "resident_in_bitburg",
			"Die Ehrenamtskarte der Stadt Bitburg setzt ein Engagement in Bitburg oder einen Wohnsitz in Bitburg voraus.")
	}

	if earliest, ok := earliestSince(a.Engagements, true); ok &&
		tz.Day(earliest).AddDate(UsualYearsEngaged, 0, 0).After(day) {
		r.flag(FlagShortEngagement, "engagements",
			"Das Engagement besteht seit weniger als einem Jahr. In der Regel wird ein Jahr vorausgesetzt – bitte prüfen.")
	}
	return r
}

func (r *Result) fail(code, field, msg string) {
	r.Failures = append(r.Failures, guard.Violation{Field: field, Code: code, Message: msg})
}

func (r *Result) flag(code, field, msg string) {
	r.Flags = append(r.Flags, guard.Violation{Field: field, Code: code, Message: msg})
}

// earliestSince is the start of the longest-running engagement (only the
// ones that count for the standard card, when countingOnly).
func earliestSince(es []Engagement, countingOnly bool) (time.Time, bool) {
	var earliest time.Time
	for _, e := range es {
		if e.Since.IsZero() || (countingOnly && e.Allowance == AllowanceFlatRate) {
			continue
		}
		if earliest.IsZero() || e.Since.Before(earliest) {
			earliest = e.Since
		}
	}
	return earliest, !earliest.IsZero()
}

func german(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	if s[len(s)-2:] == ".0" {
		s = s[:len(s)-2]
	}
	out := []byte(s)
	for i, c := range out {
		if c == '.' {
			out[i] = ','
		}
	}
	return string(out)
}
