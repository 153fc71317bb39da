// Package partners recruits discount partners of the volunteer card
// (strategy §4.3): a business applies without an account ("Partner
// werden"), the office accepts or declines. Accepting creates the partner
// from the application in the same transaction, so an accepted application
// always has its partner; the business is told by mail after the commit.
//
// The API rules keep the applications from everyone but the office; this
// package adds the consent, the order of a decision (Transition, a pure
// function), the partner, the mails and what the privacy self-service
// exports, erases and deletes after the retention time.
package partners

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/decision"
	"ben/hooks/dispatch"
	"ben/hooks/guard"
	"ben/hooks/mailer"
	"ben/hooks/privacy"
)

// Collection names.
const (
	Applications = "partner_applications"
	Partners     = "partners"
)

// Statuses of an application.
const (
	StatusSubmitted = "submitted"
	StatusAccepted  = "accepted"
	StatusDeclined  = "declined"
)

// Register binds the partner applications to app.
func Register(app core.App) {
	decisions.Bind(app)
	dispatch.OnRecordValidate(app, Applications).BindFunc(validateApplication)
	dispatch.OnRecordAfterCreateSuccess(app, Applications).BindFunc(confirmApplication)

	privacy.RegisterCollection(app, Applications, "Bewerbungen als Partner stehen im Export der Person, deren bestätigte E-Mail-Adresse sie nennen, "+
		"und werden mit ihrem Konto gelöscht; entschiedene Bewerbungen werden eine Frist (Voreinstellung 12 Monate) nach der Entscheidung gelöscht. Der Partner selbst bleibt.")
	privacy.RegisterData(app, privacy.Data{
		Name:  Applications,
		Title: "Bewerbungen als Partner der Ehrenamtskarte",
		Notice: privacy.Notice{
			What: "Name und Anschrift des Betriebs, die angebotene Vergünstigung, Name, E-Mail-Adresse und freiwillig die " +
				"Telefonnummer der Ansprechperson, Ihre Nachricht und Ihre Einwilligung.",
			Why: "Damit die Koordinierungsstelle über die Aufnahme als Partner entscheiden und Ihnen antworten kann.",
			Who: "Nur die Koordinierungsstelle (Rolle „Büro“). Nimmt sie den Betrieb auf, erscheinen Name, Anschrift, " +
				"Internetseite und Vergünstigung des Betriebs öffentlich bei den Partnern, nie die Ansprechperson.",
			HowLong: privacy.GuestPeriod + " nach der Entscheidung. Der Partner selbst bleibt, solange der Betrieb Partner ist.",
			LegalBasis: "Art. 6 Abs. 1 Buchst. a DSGVO (Ihre Einwilligung im Formular). Sie können sie jederzeit widerrufen; " +
				"was bis dahin geschah, bleibt rechtmäßig.",
		},
		Collections: []string{Applications},
		Export:      owned.Export(nil),
		Erase:       owned.Delete,
		Retention:   deleteDecidedApplications,
	})
}

// Transition reports why an application may not go from one status to
// another: the office decides once, from submitted, and a decision is
// final (an accepted business is a partner; the office ends that on the
// partner, not here).
func Transition(from, to string) []guard.Violation {
	if from == to {
		return nil
	}
	if from == "" || from == StatusSubmitted {
		return nil
	}
	return []guard.Violation{{Field: "status", Code: "validation_partner_decision_final",
		Message: "Über diese Bewerbung ist bereits entschieden. Ein angenommener Partner wird bei den Partnern beendet (nicht mehr aktiv)."}}
}

func validateApplication(e *core.RecordEvent) error {
	return guard.Validate(e, func() ([]guard.Violation, error) {
		if e.Record.GetBool("consent") {
			return nil, nil
		}
		return []guard.Violation{{Field: "consent", Code: "validation_consent_required",
			Message: "Bitte willigen Sie ein, dass die Koordinierungsstelle Ihre Angaben zur Bearbeitung nutzt."}}, nil
	})
}

// decisions: an application from outside the office starts undecided,
// without a note or a partner, whatever the request said. The order of a
// decision is checked against the stored application, read in the write's
// transaction; on acceptance the partner is created in the same
// transaction, and the business is told after the commit. A decided
// application is frozen: a request that repeats the stored decision (say,
// a second click that was sent before the first was stored) changes
// nothing and tells nobody again; any other change is refused.
var decisions = decision.Flow{
	Collection:    Applications,
	Undecided:     StatusSubmitted,
	OfficeOnly:    []string{"note", "partner"},
	DecidedAt:     "decided_at",
	Transition:    Transition,
	FrozenCode:    "validation_partner_decided_frozen",
	FrozenMessage: "Über diese Bewerbung ist bereits entschieden; sie wird nicht mehr geändert.",
	ServerFields:  []string{"partner", "decided_at", "decided_by"},
	Prepare: func(c decision.Change) error {
		switch {
		case c.To == StatusSubmitted:
			c.Record.Set("partner", "")
		case c.Decided() && c.To == StatusAccepted:
			partner, err := createPartner(c.Tx, c.Record)
			if err != nil {
				return err
			}
			c.Record.Set("partner", partner.Id)
		}
		return nil
	},
	Tell: func(c decision.Change) []mailer.Mail {
		if !c.Decided() {
			return nil
		}
		r := c.Record
		return []mailer.Mail{{To: r.GetString("email"), About: Applications + "/" + r.Id,
			Letter: mailer.PartnerApplicationDecided{
				ContactName: r.GetString("contact_name"), Business: r.GetString("business_name"),
				Accepted: c.To == StatusAccepted, Note: r.GetString("note"), Link: mailer.Link(c.Tx, "/partner"),
			}}}
	},
}

// createPartner makes the active partner an accepted application asks for,
// valid from today.
func createPartner(tx core.App, application *core.Record) (*core.Record, error) {
	coll, err := tx.FindCollectionByNameOrId(Partners)
	if err != nil {
		return nil, err
	}
	p := core.NewRecord(coll)
	p.Load(map[string]any{
		"name":       application.GetString("business_name"),
		"category":   application.GetString("category"),
		"benefit":    application.GetString("benefit"),
		"address":    application.GetString("address"),
		"website":    application.GetString("website"),
		"active":     true,
		"valid_from": types.NowDateTime(),
	})
	if err := tx.Save(p); err != nil {
		return nil, guard.Refuse("status", "validation_partner_not_created",
			"Der Partner konnte aus der Bewerbung nicht angelegt werden: "+err.Error())
	}
	return p, nil
}

// confirmApplication tells the business that the application arrived, and
// the office that there is one.
func confirmApplication(e *core.RecordEvent) error {
	r := e.Record
	if r.GetString("status") == StatusSubmitted {
		about := Applications + "/" + r.Id
		mailer.AfterCommit(e.App,
			mailer.Mail{To: r.GetString("email"), About: about, Letter: mailer.PartnerApplicationReceived{
				ContactName: r.GetString("contact_name"), Business: r.GetString("business_name"),
				RetentionMonths: privacy.RetentionMonths(e.App),
			}},
			mailer.Mail{To: mailer.Office(e.App), About: about, Letter: mailer.PartnerApplicationNotice{
				Business: r.GetString("business_name"), Link: mailer.Link(e.App, "/buero/partner-bewerbungen/"+r.Id),
			}})
	}
	return e.Next()
}

// An application holds the personal data of its contact person. It belongs
// to a user whose verified address it names; deleting it leaves a partner
// created from it (the business's).
var owned = privacy.Owned{Collection: Applications, EmailField: "email"}

// deleteDecidedApplications deletes applications decided before
// closedBefore; the partners created from them stay.
func deleteDecidedApplications(app core.App, closedBefore time.Time) (int, error) {
	records, err := app.FindRecordsByFilter(Applications, `status != "submitted" && decided_at != "" && decided_at < {:cut}`,
		"", 0, 0, dbx.Params{"cut": closedBefore.UTC().Format(types.DefaultDateLayout)})
	if err != nil {
		return 0, err
	}
	return privacy.DeleteRecords(app, records)
}
