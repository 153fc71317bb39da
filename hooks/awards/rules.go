package awards

import (
	"fmt"
	"time"

	"ben/hooks/guard"
	"ben/hooks/tz"
)

// Kinds of award rounds and awards. A thank-you letter (dankesbrief) is
// given case by case, never in a round.
const (
	KindMedal    = "stadtmedaille"
	KindPrize    = "ehrenamtspreis"
	KindProject  = "projektpreis"
	KindThankYou = "dankesbrief"
)

// Statuses of a round: a draft is seen only by staff and its jury; a
// published round is public, takes nominations between its dates and is
// scored by its jury; once decided, the votes are closed.
const (
	RoundDraft     = "draft"
	RoundPublished = "published"
	RoundDecided   = "decided"
)

// NominationSubmitted is the status of every new nomination.
const NominationSubmitted = "submitted"

// KindLabels name the kinds in German.
var KindLabels = map[string]string{
	KindMedal:    "Stadtmedaille",
	KindPrize:    "Ehrenamtspreis",
	KindProject:  "Projektpreis",
	KindThankYou: "Dankesbrief",
}

// NominationsOpen reports whether nominations are accepted at now for a
// round whose nominations run from from until until. Both days count in
// full, in Bitburg's time: from 00:00 on the first day to 23:59:59 on the
// last. Like every date field that means a day (starts_on, awarded_at), they
// are compared as calendar days in Bitburg (tz.Day), so a date picked at
// local midnight in the dashboard and one stored at midnight UTC mean the
// same day.
func NominationsOpen(from, until, now time.Time) bool {
	if from.IsZero() || until.IsZero() {
		return false
	}
	today := tz.Day(now)
	return !today.Before(tz.Day(from)) && !today.After(tz.Day(until))
}

// Period is an election period (Wahlperiode) of the town council.
type Period struct {
	Name       string
	Start, End time.Time // days, both inclusive
}

// Contains reports whether the day of t lies within the period.
func (p Period) Contains(t time.Time) bool {
	d := tz.Day(t)
	return !d.Before(tz.Day(p.Start)) && !d.After(tz.Day(p.End))
}

// CheckPeriod checks an election period against the others: it ends after it
// starts, and no day belongs to two periods.
func CheckPeriod(p Period, others []Period) []guard.Violation {
	if p.Start.IsZero() || p.End.IsZero() {
		return nil // the required-field validation reports it
	}
	if tz.Day(p.End).Before(tz.Day(p.Start)) {
		return []guard.Violation{{Field: "ends_on", Code: "validation_period_order", Message: "Die Wahlperiode muss nach ihrem Beginn enden."}}
	}
	for _, o := range others {
		if !tz.Day(p.Start).After(tz.Day(o.End)) && !tz.Day(o.Start).After(tz.Day(p.End)) {
			return []guard.Violation{{Field: "starts_on", Code: "validation_period_overlap", Message: fmt.Sprintf(
				"Die Wahlperiode überschneidet sich mit der Wahlperiode „%s“ (%s bis %s).", o.Name, FormatDay(o.Start), FormatDay(o.End))}}
		}
	}
	return nil
}

// Round is what the rules need to know about an award round.
type Round struct {
	Kind          string
	FieldOfAction string
	From, Until   time.Time // nominations, days
	Period        *Period   // nil when not (yet) chosen
	// OtherMedalRounds counts the other stadtmedaille rounds of the period.
	OtherMedalRounds int
}

// CheckRound checks an award round: the nominations end after they start and
// lie within the election period, and the city medal is awarded once per
// election period, in one round with a field of action fixed in advance.
func CheckRound(r Round) []guard.Violation {
	var vs []guard.Violation
	if !r.From.IsZero() && !r.Until.IsZero() && tz.Day(r.Until).Before(tz.Day(r.From)) {
		vs = append(vs, guard.Violation{Field: "nominations_until", Code: "validation_nominations_order", Message: "Die Vorschlagsfrist muss nach ihrem Beginn enden."})
	}
	if r.Period != nil {
		for _, d := range []struct {
			field string
			day   time.Time
		}{{"nominations_from", r.From}, {"nominations_until", r.Until}} {
			if !d.day.IsZero() && !r.Period.Contains(d.day) {
				vs = append(vs, guard.Violation{Field: d.field, Code: "validation_outside_period", Message: fmt.Sprintf(
					"Die Vorschlagsfrist muss in der Wahlperiode %s liegen (%s bis %s).", r.Period.Name, FormatDay(r.Period.Start), FormatDay(r.Period.End))})
			}
		}
	}
	if r.Kind == KindMedal {
		if r.FieldOfAction == "" {
			vs = append(vs, guard.Violation{Field: "field_of_action", Code: "validation_field_of_action_required", Message: "Die Stadtmedaille wird für einen zuvor festgelegten Handlungsbereich verliehen. Bitte den Handlungsbereich angeben."})
		}
		if r.OtherMedalRounds > 0 && r.Period != nil {
			vs = append(vs, guard.Violation{Field: "period", Code: "validation_medal_once_per_period", Message: fmt.Sprintf(
				"Für die Wahlperiode %s gibt es bereits eine Runde der Stadtmedaille. Die Stadtmedaille wird einmal je Wahlperiode verliehen.", r.Period.Name)})
		}
	}
	return vs
}

// Award is what the rules need to know about an award.
type Award struct {
	Kind         string
	HasRecipient bool      // a recipient name or organisation is given
	RoundKind    string    // "" without a round
	Period       *Period   // the round's election period, if any
	AwardedAt    time.Time // zero when missing
}

// CheckAward checks an award: it names a recipient; an award of a round is
// of the round's kind; a stadtmedaille belongs to its period's round and is
// dated within that period.
func CheckAward(a Award) []guard.Violation {
	var vs []guard.Violation
	if !a.HasRecipient {
		vs = append(vs, guard.Violation{Field: "recipient_name", Code: "validation_recipient_required", Message: "Bitte den Namen der geehrten Person oder Gruppe angeben oder eine Organisation auswählen."})
	}
	switch {
	case a.Kind == KindMedal && a.RoundKind == "":
		vs = append(vs, guard.Violation{Field: "round", Code: "validation_medal_needs_round", Message: "Eine Stadtmedaille gehört zur Runde der Stadtmedaille ihrer Wahlperiode. Bitte die Runde auswählen."})
	case a.RoundKind != "" && a.RoundKind != a.Kind:
		vs = append(vs, guard.Violation{Field: "round", Code: "validation_round_kind", Message: fmt.Sprintf(
			"Die gewählte Runde vergibt „%s“, nicht „%s“.", KindLabels[a.RoundKind], KindLabels[a.Kind])})
	case a.Kind == KindMedal && a.Period != nil && !a.AwardedAt.IsZero() && !a.Period.Contains(a.AwardedAt):
		vs = append(vs, guard.Violation{Field: "awarded_at", Code: "validation_outside_period", Message: fmt.Sprintf(
			"Die Stadtmedaille der Wahlperiode %s wird zwischen dem %s und dem %s verliehen.", a.Period.Name, FormatDay(a.Period.Start), FormatDay(a.Period.End))})
	}
	return vs
}

var germanMonths = [...]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
	"August", "September", "Oktober", "November", "Dezember"}

// FormatDay writes the day of t the German way: "9. Juni 2024".
func FormatDay(t time.Time) string {
	d := tz.Day(t)
	return fmt.Sprintf("%d. %s %d", d.Day(), germanMonths[d.Month()-1], d.Year())
}
