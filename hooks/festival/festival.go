// Package festival runs the clubs' registrations for the festival "Bitburg
// engagiert sich" (strategy §4.3): a club's editors register it for an
// announced festival with what it offers and needs; the office accepts or
// declines, and the accepted offers are the festival's public programme.
//
// The API rules say who reads and writes what; this package adds what a
// rule cannot say: a participation belongs to a festival that is still to
// come (for every write path), the decision is dated and signed, the office
// and the club are told by mail, and what a club needs (and the office's
// note to it) is shown only to the club and the office. A participation
// holds no personal data: it is the organisation's.
package festival

import (
	"slices"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/decision"
	"ben/hooks/dispatch"
	"ben/hooks/filterguard"
	"ben/hooks/guard"
	"ben/hooks/mailer"
	"ben/hooks/staff"
	"ben/hooks/tz"
)

// Collection is the name of the festival participations collection.
const Collection = "festival_participations"

// KindFestival is the kind of the festival's event.
const KindFestival = "vereinsfest"

// Statuses of a participation.
const (
	StatusSubmitted = "submitted"
	StatusAccepted  = "accepted"
	StatusDeclined  = "declined"
)

// privateFields are the club's and the office's only.
var privateFields = []string{"needs", "note", "decided_by"}

// Register binds the festival's rules, mails and privacy to app.
func Register(app core.App) {
	decisions.Bind(app)
	dispatch.OnRecordValidate(app, Collection).BindFunc(validateParticipation)
	dispatch.OnRecordAfterCreateSuccess(app, Collection).BindFunc(tellOffice)
	dispatch.OnRecordEnrich(app, Collection).BindFunc(hidePrivateFields)
	dispatch.OnRecordDelete(app, "events").BindFunc(keepFestivalWithParticipations)

	// filtering on a hidden value would reveal it letter by letter
	filterguard.Protect(app, Collection, privateFilterMessage, privateFields...)
}

// decisions: a club's registration starts undecided, whatever the request
// said; the office may record a decision at once. The decision is dated,
// signed and told to the club once it is stored. The status it starts from
// is the stored one (Transition): a decision that repeats the stored one
// changes nothing and tells nobody again. A decided participation changes
// only with a new decision: its note is the one the club was sent.
var decisions = decision.Flow{
	Collection:    Collection,
	Undecided:     StatusSubmitted,
	OfficeOnly:    []string{"note"},
	DecidedAt:     "decided_at",
	Transition:    Transition,
	FrozenCode:    "validation_festival_decided_frozen",
	FrozenMessage: "Über diese Teilnahme ist entschieden; sie ändert sich nur mit einer neuen Entscheidung der Koordinierungsstelle.",
	ServerFields:  []string{"decided_at", "decided_by"},
	Tell: func(c decision.Change) []mailer.Mail {
		if !c.Decided() {
			return nil
		}
		return decisionMails(c.Tx, c.Record)
	},
}

// validateParticipation: a participation belongs to a festival, and a new
// one to a festival that has not begun.
func validateParticipation(e *core.RecordEvent) error {
	return guard.Validate(e, func() ([]guard.Violation, error) {
		ev, err := e.App.FindRecordById("events", e.Record.GetString("event"))
		if err != nil {
			return nil, nil // the relation's own validation reports it
		}
		if ev.GetString("kind") != KindFestival {
			return []guard.Violation{{Field: "event", Code: "validation_not_festival",
				Message: "Anmelden kann man sich hier nur zum Vereinsfest „Bitburg engagiert sich“."}}, nil
		}
		if e.Record.IsNew() && !time.Now().Before(ev.GetDateTime("starts_at").Time()) {
			return []guard.Violation{{Field: "event", Code: "validation_festival_past",
				Message: "Dieses Vereinsfest hat bereits stattgefunden; eine Anmeldung ist nicht mehr möglich."}}, nil
		}
		return nil, nil
	})
}

// Transition reports why a participation stored with status from may not
// go to status to. The office decides from "submitted"; to decide
// otherwise it first takes the decision back (to "submitted"). So of
// several decisions sent at the same moment, whichever order they are
// stored in, one is stored and told; the others repeat it (and change
// nothing) or are refused.
func Transition(from, to string) []guard.Violation {
	if from == to || from == "" || from == StatusSubmitted || to == StatusSubmitted {
		return nil
	}
	return []guard.Violation{{Field: "status", Code: "validation_festival_decision_conflict",
		Message: "Über diese Teilnahme ist bereits entschieden („" + StatusLabel(from) + "“). " +
			"Um anders zu entscheiden, setzen Sie sie zuerst auf „angemeldet“ zurück."}}
}

// StatusLabel is the German word for a participation's status.
func StatusLabel(status string) string {
	switch status {
	case StatusAccepted:
		return "angenommen"
	case StatusDeclined:
		return "abgelehnt"
	case StatusSubmitted:
		return "angemeldet"
	}
	return status
}

// keepFestivalWithParticipations refuses to delete a festival that clubs
// are registered or accepted for: deleting would erase the office's
// decisions without a word to the clubs.
func keepFestivalWithParticipations(e *core.RecordEvent) error {
	return guard.CheckThenWrite(e, func(tx core.App) error {
		n, err := tx.CountRecords(Collection, dbx.HashExp{"event": e.Record.Id},
			dbx.In("status", StatusSubmitted, StatusAccepted))
		if err != nil {
			return err
		}
		if n > 0 {
			return guard.Refuse("event", "validation_festival_has_participations",
				"Zu diesem Vereinsfest sind Vereine angemeldet oder angenommen. Es wird nicht gelöscht: "+
					"Sagen Sie es ab („abgesagt“) und teilen Sie es den Vereinen mit.")
		}
		return nil
	})
}

func tellOffice(e *core.RecordEvent) error {
	if e.Record.GetString("status") == StatusSubmitted {
		letter := mailer.FestivalParticipationNotice{Link: mailer.Link(e.App, "/buero/vereinsfest/"+e.Record.Id)}
		letter.Organisation, letter.Festival = names(e.App, e.Record)
		mailer.AfterCommit(e.App, mailer.Mail{To: mailer.Office(e.App), About: Collection + "/" + e.Record.Id, Letter: letter})
	}
	return e.Next()
}

// decisionMails tell the club's editors (or, without editors, the club's
// address) the office's decision.
func decisionMails(app core.App, r *core.Record) []mailer.Mail {
	org, err := app.FindRecordById("organisations", r.GetString("organisation"))
	if err != nil {
		return nil
	}
	letter := mailer.FestivalParticipationDecided{
		Accepted: r.GetString("status") == StatusAccepted,
		Note:     r.GetString("note"),
		Link:     mailer.Link(app, "/mein-verein/"+org.GetString("slug")+"/vereinsfest"),
	}
	letter.Organisation, letter.Festival = names(app, r)
	var to []string
	if ids := org.GetStringSlice("editors"); len(ids) > 0 {
		editors, err := app.FindRecordsByIds("users", ids)
		if err == nil {
			for _, u := range editors {
				to = append(to, u.Email())
			}
		}
	}
	if len(to) == 0 && org.GetString("email") != "" {
		to = append(to, org.GetString("email"))
	}
	mails := make([]mailer.Mail, 0, len(to))
	for _, addr := range to {
		mails = append(mails, mailer.Mail{To: addr, About: Collection + "/" + r.Id, Letter: letter})
	}
	return mails
}

// names are the organisation's name and the festival's title with its year.
func names(app core.App, r *core.Record) (organisation, festival string) {
	if org, err := app.FindRecordById("organisations", r.GetString("organisation")); err == nil {
		organisation = org.GetString("name")
	}
	if ev, err := app.FindRecordById("events", r.GetString("event")); err == nil {
		festival = ev.GetString("title")
		if festival == "" {
			festival = "Bitburg engagiert sich " + ev.GetDateTime("starts_at").Time().In(tz.Berlin).Format("2006")
		}
	}
	return organisation, festival
}

// hidePrivateFields shows what a club needs, the office's note and who
// decided only to the club's editors and the office; the programme shows
// who takes part with what.
func hidePrivateFields(e *core.RecordEnrichEvent) error {
	var viewer *core.Record
	if e.RequestInfo != nil {
		viewer = e.RequestInfo.Auth
	}
	if !mayReadPrivate(e.App, e.Record, viewer) {
		e.Record.Hide(privateFields...)
	}
	return e.Next()
}

func mayReadPrivate(app core.App, r, viewer *core.Record) bool {
	if viewer == nil {
		return false
	}
	if staff.MayDecide(viewer) {
		return true
	}
	if viewer.Collection().Name != "users" {
		return false
	}
	org, err := app.FindRecordById("organisations", r.GetString("organisation"))
	return err == nil && slices.Contains(org.GetStringSlice("editors"), viewer.Id)
}

const privateFilterMessage = "Nach dem Bedarf einer Organisation oder der Nachricht der Koordinierungsstelle kann nicht gefiltert oder sortiert werden."
