package card

import (
	"fmt"
	"math"
	"strings"
	"time"

	"ben/hooks/guard"
	"ben/hooks/tz"
)

// The numbers of the card's criteria (strategy §4.3 and the state's
// published criteria). Each is a boundary the tests pin on both sides.
const (
	MinAge            = 14 // years, on the day of application
	MinHoursPerYear   = 250.0
	WeeksPerYear      = 50 // hours per week × 50 = hours per year, so 5 h/week is 250 h/year
	UsualYearsEngaged = 1  // shorter engagement is flagged, not refused
	MinAgeEngaged     = 10 // engagement said to start before this age is flagged
	JubileeYears      = 25 // for the anniversary card
	MaxEngagements    = 5
	ValidityYears     = 2
	BitburgPostcode   = "54634"
	AllowanceNone     = "none"
	AllowanceCosts    = "cost_reimbursement"
	AllowanceFlatRate = "flat_rate"
	KindStandard      = "standard"
	KindJubilee       = "jubilaeum"
)

// MinHoursPerWeek is the weekly form of MinHoursPerYear (5 hours).
const MinHoursPerWeek = MinHoursPerYear / WeeksPerYear

// Flags for staff: findings that are not refusals.
const (
	FlagShortEngagement   = "short_engagement"
	FlagEngagedBeforeTen  = "engaged_before_age_10"
	FlagPostcodeElsewhere = "postcode_outside_bitburg"
)

// Applicant is what eligibility looks at of an application.
type Applicant struct {
	Kind              string
	BirthDate         time.Time
	ResidentInBitburg bool
	Postcode          string
	Engagements       []Engagement
}

// Engagement is one engagement of an application, as the eligibility check
// sees it.
type Engagement struct {
	HoursPerWeek float64
	HoursPerYear float64
	Since        time.Time
	Allowance    string
	InBitburg    bool
	// Label names the engagement in messages, e.g. "Übungsleitung bei TV
	// Bitburg"; empty for "das 2. Engagement".
	Label string
}

// YearlyHours is the engagement's hours per year: the hours per year it
// names, or its hours per week × 50, whichever is more (a person fills in
// one of them; the office sees both).
func YearlyHours(e Engagement) float64 {
	perWeek, perYear := e.HoursPerWeek, e.HoursPerYear
	if math.IsNaN(perWeek) || perWeek < 0 {
		perWeek = 0
	}
	if math.IsNaN(perYear) || perYear < 0 {
		perYear = 0
	}
	// hours are typed with at most two decimals; rounding keeps 3,3 h/week
	// and 85 h/year at exactly 250, not a hair below
	return math.Round(max(perYear, perWeek*WeeksPerYear)*100) / 100
}

// Counts reports whether an engagement's hours count for the standard card
// of an applicant: never with a flat-rate allowance, and for someone who
// does not live in Bitburg only when it takes place in Bitburg.
func Counts(e Engagement, residentInBitburg bool) bool {
	return e.Allowance != AllowanceFlatRate && (residentInBitburg || e.InBitburg)
}

// Result lists every failed hard criterion and every flag for staff: a
// stable code (without the "validation_card_" of the field errors), the
// field the applicant should look at, and a German sentence.
type Result struct {
	Failures []guard.Violation `json:"failures"`
	Flags    []guard.Violation `json:"flags"`
	// YearlyHours is the total that counted for the standard card.
	YearlyHours float64 `json:"yearly_hours"`
}

// Eligible reports whether no hard criterion failed.
func (r Result) Eligible() bool { return len(r.Failures) == 0 }

// Check applies the card's criteria to a as of the day on (the day of
// application; dates are compared as calendar days in Europe/Berlin).
//
//   - at least 14 years old on that day;
//   - standard card: at least 250 hours a year in total, where an
//     engagement given per week counts 50 weeks (5 h/week = 250 h/year);
//     engagements with a flat-rate allowance do not count (reimbursed
//     costs are fine), and for someone who does not live in Bitburg only
//     engagements in Bitburg count;
//   - engaged in Bitburg, or resident in Bitburg;
//   - anniversary card: 25 years of engagement, nothing else;
//   - one to five engagements.
//
// Flags for staff, not refusals: an engagement shorter than a year (each
// engagement that counts is looked at), an engagement said to start before
// the person's 10th birthday, a resident with a postcode other than 54634.
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
	r.flagEngagedBeforeTen(a)
	if a.ResidentInBitburg && strings.TrimSpace(a.Postcode) != "" && strings.TrimSpace(a.Postcode) != BitburgPostcode {
		r.flag(FlagPostcodeElsewhere, "postcode", fmt.Sprintf(
			"Wohnsitz in Bitburg angegeben, aber die Postleitzahl ist %s statt %s – bitte prüfen.", strings.TrimSpace(a.Postcode), BitburgPostcode))
	}

	if a.Kind == KindJubilee {
		earliest, ok := earliestSince(a.Engagements)
		if !ok || tz.Day(earliest).AddDate(JubileeYears, 0, 0).After(day) {
			r.fail("jubilee_too_short", "engagements",
				fmt.Sprintf("Die Jubiläums-Ehrenamtskarte setzt %d Jahre Engagement voraus.", JubileeYears))
		}
		return r
	}

	flatRateOnly, inBitburg := len(a.Engagements) > 0, false
	for i, e := range a.Engagements {
		if e.Allowance != AllowanceFlatRate {
			flatRateOnly = false
			inBitburg = inBitburg || e.InBitburg
		}
		if !Counts(e, a.ResidentInBitburg) {
			continue
		}
		r.YearlyHours = math.Round((r.YearlyHours+YearlyHours(e))*100) / 100
		if !e.Since.IsZero() && tz.Day(e.Since).AddDate(UsualYearsEngaged, 0, 0).After(day) {
			r.flag(FlagShortEngagement, "engagements", fmt.Sprintf(
				"%s besteht seit weniger als einem Jahr. In der Regel wird ein Jahr vorausgesetzt – bitte prüfen.", engagementName(e, i, true)))
		}
	}

	if flatRateOnly {
		r.fail("flat_rate_allowance", "engagements",
			"Engagements mit pauschaler Aufwandsentschädigung zählen für die Ehrenamtskarte nicht; die Erstattung tatsächlicher Kosten ist unschädlich.")
		return r
	}
	if len(a.Engagements) > 0 && r.YearlyHours < MinHoursPerYear {
		which := "ohne Engagements mit pauschaler Aufwandsentschädigung"
		if !a.ResidentInBitburg {
			which = "wer nicht in Bitburg wohnt, dem zählen nur Engagements in Bitburg; Engagements mit pauschaler Aufwandsentschädigung zählen nicht"
		}
		r.fail("too_few_hours", "engagements", fmt.Sprintf(
			"Nötig sind mindestens %s Stunden im Jahr, zusammengezählt über alle Engagements (%s Stunden pro Woche zählen als %s Stunden im Jahr; %s). Angegeben sind umgerechnet %s Stunden im Jahr.",
			german(MinHoursPerYear), german(MinHoursPerWeek), german(MinHoursPerYear), which, german(r.YearlyHours)))
	}
	if !a.ResidentInBitburg && !inBitburg && len(a.Engagements) > 0 {
		r.fail("no_bitburg_link", "resident_in_bitburg",
			"Die Ehrenamtskarte der Stadt Bitburg setzt ein Engagement in Bitburg oder einen Wohnsitz in Bitburg voraus.")
	}
	return r
}

func (r *Result) fail(code, field, msg string) {
	r.Failures = append(r.Failures, guard.Violation{Field: field, Code: code, Message: msg})
}

func (r *Result) flag(code, field, msg string) {
	r.Flags = append(r.Flags, guard.Violation{Field: field, Code: code, Message: msg})
}

// flagEngagedBeforeTen flags each engagement said to start before the
// person's 10th birthday.
func (r *Result) flagEngagedBeforeTen(a Applicant) {
	if a.BirthDate.IsZero() {
		return
	}
	tenth := tz.Day(a.BirthDate).AddDate(MinAgeEngaged, 0, 0)
	for i, e := range a.Engagements {
		if !e.Since.IsZero() && tz.Day(e.Since).Before(tenth) {
			r.flag(FlagEngagedBeforeTen, "engagements", fmt.Sprintf(
				"%s soll vor dem %d. Geburtstag begonnen haben – bitte das Datum prüfen.", engagementName(e, i, true), MinAgeEngaged))
		}
	}
}

// engagementName names the i-th engagement (0-based) in a sentence.
func engagementName(e Engagement, i int, capital bool) string {
	if e.Label != "" {
		if capital {
			return "Das Engagement „" + e.Label + "“"
		}
		return "das Engagement „" + e.Label + "“"
	}
	if capital {
		return fmt.Sprintf("Das %d. Engagement", i+1)
	}
	return fmt.Sprintf("das %d. Engagement", i+1)
}

// earliestSince is the start of the longest-running engagement.
func earliestSince(es []Engagement) (time.Time, bool) {
	var earliest time.Time
	for _, e := range es {
		if e.Since.IsZero() {
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
	return strings.Replace(s, ".", ",", 1)
}
