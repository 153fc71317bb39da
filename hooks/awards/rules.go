package awards

import (
	"fmt"
	"strings"
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

// What belongs to an election period and so must lie within it: the first
// and last day of nominations of each of its rounds, and each city medal
// awarded in it.
const (
	HeldNominationsFrom  = "nominations_from"
	HeldNominationsUntil = "nominations_until"
	HeldMedal            = "medal"
)

// Held is one day that belongs to an election period.
type Held struct {
	Kind string    // HeldNominationsFrom, HeldNominationsUntil or HeldMedal
	Name string    // the round's title, or the medal's recipient
	Day  time.Time // zero when not set
}

func (h Held) sentence() string {
	switch h.Kind {
	case HeldNominationsFrom:
		return fmt.Sprintf("Die Runde „%s“ nimmt ab dem %s Vorschläge an.", h.Name, FormatDay(h.Day))
	case HeldNominationsUntil:
		return fmt.Sprintf("Die Runde „%s“ nimmt bis zum %s Vorschläge an.", h.Name, FormatDay(h.Day))
	default:
		return fmt.Sprintf("Die Stadtmedaille an %s ist auf den %s datiert.", h.Name, FormatDay(h.Day))
	}
}

// CheckPeriod checks an election period against the others and against
// what it holds: it ends after it starts, no day belongs to two periods,
// and every nomination window of its rounds and every city medal of it lie
// within its days. So a period's dates may change only while all of that
// still fits.
func CheckPeriod(p Period, others []Period, held []Held) []guard.Violation {
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
	var vs []guard.Violation
	for _, h := range held {
		if h.Day.IsZero() || p.Contains(h.Day) {
			continue
		}
		field, side := "ends_on", "enden"
		if tz.Day(h.Day).Before(tz.Day(p.Start)) {
			field, side = "starts_on", "beginnen"
		}
		vs = append(vs, guard.Violation{Field: field, Code: "validation_period_excludes", Message: fmt.Sprintf(
			"Die Wahlperiode kann nicht am %s %s: %s Bitte zuerst die Runde oder die Auszeichnung ändern.",
			FormatDay(map[string]time.Time{"ends_on": p.End, "starts_on": p.Start}[field]), side, h.sentence())})
	}
	return vs
}

// Round is what the rules need to know about an award round.
type Round struct {
	Title         string
	Kind          string
	FieldOfAction string
	From, Until   time.Time // nominations, days
	Period        *Period   // nil when not (yet) chosen
	// OtherMedalRounds counts the other stadtmedaille rounds of the period.
	OtherMedalRounds int
	// Awards are the awards already made in the round.
	Awards []RoundAward
	// Jury is how many jurors are appointed; JuryMeeting is the day of the
	// working group's meeting that appointed them (zero: none named).
	Jury        int
	JuryMeeting time.Time
	Today       time.Time
}

// RoundAward is an award made in a round.
type RoundAward struct {
	Kind      string
	Recipient string
	AwardedAt time.Time
}

// CheckRound checks an award round: the nominations end after they start and
// lie within the election period; the city medal is awarded once per
// election period, in one round with a field of action fixed in advance;
// the awards already made stay on or after the round's close and, for the
// medal, within its period; and a jury is appointed by a meeting of the
// working group that has taken place.
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
	for _, a := range r.Awards {
		if a.AwardedAt.IsZero() {
			continue
		}
		if !r.Until.IsZero() && tz.Day(a.AwardedAt).Before(tz.Day(r.Until)) {
			vs = append(vs, guard.Violation{Field: "nominations_until", Code: "validation_round_after_award", Message: fmt.Sprintf(
				"In dieser Runde wurde am %s ausgezeichnet (%s). Die Vorschlagsfrist muss spätestens an diesem Tag enden.", FormatDay(a.AwardedAt), a.Recipient)})
		}
		if a.Kind == KindMedal && r.Period != nil && !r.Period.Contains(a.AwardedAt) {
			vs = append(vs, guard.Violation{Field: "period", Code: "validation_award_outside_period", Message: fmt.Sprintf(
				"Die Stadtmedaille dieser Runde an %s ist auf den %s datiert; dieser Tag liegt nicht in der Wahlperiode %s.", a.Recipient, FormatDay(a.AwardedAt), r.Period.Name)})
		}
	}
	if r.Jury > 0 {
		switch {
		case r.JuryMeeting.IsZero():
			vs = append(vs, guard.Violation{Field: "jury_meeting", Code: "validation_jury_meeting_required", Message: "Die Jury bestellt der Arbeitskreis. Bitte die Sitzung angeben, in der er die Jury bestellt hat."})
		case !r.Today.IsZero() && tz.Day(r.JuryMeeting).After(tz.Day(r.Today)):
			vs = append(vs, guard.Violation{Field: "jury_meeting", Code: "validation_jury_meeting_ahead", Message: fmt.Sprintf(
				"Die Sitzung vom %s hat noch nicht stattgefunden. Eine Jury gilt erst als bestellt, wenn der Arbeitskreis getagt hat.", FormatDay(r.JuryMeeting))})
		}
	}
	return vs
}

// Award is what the rules need to know about an award.
type Award struct {
	Kind         string
	HasRecipient bool      // a recipient name or organisation is given
	RoundKind    string    // "" without a round
	RoundTitle   string    // the round's title, for the message
	RoundUntil   time.Time // the round's last day of nominations
	Period       *Period   // the round's election period, if any
	AwardedAt    time.Time // zero when missing
}

// CheckAward checks an award: it names a recipient; an award of a round is
// of the round's kind and dated on or after the round's close (its last day
// of nominations); a stadtmedaille belongs to its period's round and is
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
	}
	if a.Kind == KindMedal && a.RoundKind == KindMedal && a.Period != nil && !a.AwardedAt.IsZero() && !a.Period.Contains(a.AwardedAt) {
		vs = append(vs, guard.Violation{Field: "awarded_at", Code: "validation_outside_period", Message: fmt.Sprintf(
			"Die Stadtmedaille der Wahlperiode %s wird zwischen dem %s und dem %s verliehen.", a.Period.Name, FormatDay(a.Period.Start), FormatDay(a.Period.End))})
	}
	if a.RoundKind != "" && !a.AwardedAt.IsZero() && !a.RoundUntil.IsZero() && tz.Day(a.AwardedAt).Before(tz.Day(a.RoundUntil)) {
		vs = append(vs, guard.Violation{Field: "awarded_at", Code: "validation_award_before_close", Message: fmt.Sprintf(
			"Ausgezeichnet wird nach dem Ende der Vorschlagsfrist: Die Runde „%s“ nimmt bis zum %s Vorschläge an. Bitte ein Datum ab diesem Tag wählen.", a.RoundTitle, FormatDay(a.RoundUntil))})
	}
	return vs
}

// RoundName is how messages name a round: its title, or its kind and period.
func RoundName(title, kind, period string) string {
	if t := strings.TrimSpace(title); t != "" {
		return t
	}
	name := KindLabels[kind]
	if name == "" {
		name = "Auszeichnung"
	}
	if period != "" {
		name += " " + period
	}
	return name
}

var germanMonths = [...]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
	"August", "September", "Oktober", "November", "Dezember"}

// FormatDay writes the day of t the German way: "9. Juni 2024".
func FormatDay(t time.Time) string {
	d := tz.Day(t)
	return fmt.Sprintf("%d. %s %d", d.Day(), germanMonths[d.Month()-1], d.Year())
}
