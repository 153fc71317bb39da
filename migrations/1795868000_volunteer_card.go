package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The volunteer card (Ehrenamtskarte Rheinland-Pfalz): applications, the
// engagements they rest on, and the issued cards. Applications and
// engagements are personal data: only the applicant and staff read them, an
// organisation's editors only the engagement rows they must confirm. Status
// changes follow the state machine in hooks/card.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		orgs, err := app.FindCollectionByNameOrId("organisations")
		if err != nil {
			return err
		}

		applications := core.NewBaseCollection("card_applications")
		applications.Fields.Add(
			&core.RelationField{Name: "applicant", CollectionId: users.Id, MaxSelect: 1, Required: true,
				Help: "Das Benutzerkonto, das den Antrag stellt und verfolgt."},
			&core.TextField{Name: "first_name", Required: true, Max: 100, Presentable: true, Help: "Vorname der Antragstellerin / des Antragstellers."},
			&core.TextField{Name: "last_name", Required: true, Max: 100, Presentable: true, Help: "Nachname."},
			&core.DateField{Name: "birth_date", Required: true, Help: "Geburtsdatum; am Tag der Antragstellung mindestens 14 Jahre."},
			&core.TextField{Name: "street", Max: 200, Help: "Straße und Hausnummer."},
			&core.TextField{Name: "postcode", Max: 10, Pattern: `^[0-9]{5}$`, Help: "Postleitzahl (fünf Ziffern)."},
			&core.TextField{Name: "city", Max: 100, Help: "Wohnort."},
			&core.BoolField{Name: "resident_in_bitburg", Help: "Wohnt in Bitburg. Wer andernorts engagiert ist, muss in Bitburg wohnen."},
			&core.SelectField{Name: "kind", Required: true, MaxSelect: 1, Values: []string{"standard", "jubilaeum"},
				Help: "standard = Ehrenamtskarte (zwei Jahre gültig); jubilaeum = Jubiläums-Ehrenamtskarte nach 25 Jahren Engagement (unbefristet)."},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1,
				Values: []string{"draft", "submitted", "confirmed", "approved", "rejected", "withdrawn"},
				Help:   "draft = Entwurf, submitted = eingereicht, confirmed = alle Engagements bestätigt, approved = bewilligt (Karte wird ausgestellt), rejected = abgelehnt (Begründung nötig), withdrawn = zurückgezogen."},
			&core.TextField{Name: "decision_reason", Max: 2000, Help: "Begründung der Entscheidung; bei Ablehnung Pflicht. Die Antragstellerin / der Antragsteller sieht sie."},
			&core.JSONField{Name: "flags", MaxSize: 20000, Help: "Hinweise für die Koordinierungsstelle aus der Prüfung, z. B. Engagement kürzer als ein Jahr. Wird beim Einreichen berechnet."},
			&core.RelationField{Name: "group_organisation", CollectionId: orgs.Id, MaxSelect: 1,
				Help: "Bei Sammelanträgen: die Organisation, die den Antrag für ihr Mitglied stellt."},
			&core.DateField{Name: "submitted_at", Help: "Zeitpunkt des Einreichens (wird gesetzt)."},
			&core.DateField{Name: "decided_at", Help: "Zeitpunkt der Entscheidung (wird gesetzt)."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		own := `@request.auth.id != "" && applicant = @request.auth.id`
		applications.ListRule = ptr(own)
		applications.ViewRule = ptr(own)
		applications.CreateRule = ptr(own + ` && status = "draft"`)
		// what else an applicant may change (only drafts; withdraw before a
		// decision) is the state machine's call, in hooks/card
		applications.UpdateRule = ptr(own)
		applications.DeleteRule = ptr(own + ` && status = "draft"`)
		applications.AddIndex("idx_card_applications_applicant", false, "applicant, created", "")
		applications.AddIndex("idx_card_applications_status", false, "status, updated", "")
		if err := app.Save(applications); err != nil {
			return err
		}

		engagements := core.NewBaseCollection("engagements")
		engagements.Fields.Add(
			&core.RelationField{Name: "application", CollectionId: applications.Id, MaxSelect: 1, Required: true, CascadeDelete: true,
				Help: "Der Antrag, zu dem dieses Engagement gehört."},
			&core.RelationField{Name: "organisation", CollectionId: orgs.Id, MaxSelect: 1,
				Help: "Organisation im BEN; ihre Bearbeitenden können das Engagement bestätigen."},
			&core.TextField{Name: "organisation_name", Max: 200, Help: "Name der Organisation, wenn sie nicht im BEN ist."},
			&core.TextField{Name: "role", Required: true, Max: 200, Help: "Tätigkeit, z. B. „Jugendtrainerin“."},
			&core.NumberField{Name: "hours_per_week", Min: ptrFloat(0), Max: ptrFloat(168), Help: "Durchschnittliche Stunden pro Woche."},
			&core.NumberField{Name: "hours_per_year", Min: ptrFloat(0), Max: ptrFloat(8784), Help: "Stunden pro Jahr."},
			&core.DateField{Name: "since", Required: true, Help: "Engagiert seit."},
			&core.SelectField{Name: "allowance", Required: true, MaxSelect: 1, Values: []string{"none", "cost_reimbursement", "flat_rate"},
				Help: "none = keine Entschädigung, cost_reimbursement = Erstattung tatsächlicher Kosten, flat_rate = pauschale Aufwandsentschädigung (zählt nicht für die Karte)."},
			&core.BoolField{Name: "in_bitburg", Help: "Das Engagement findet in Bitburg statt."},
			&core.TextField{Name: "contact_name", Required: true, Max: 120, Help: "Ansprechperson der Organisation, die das Engagement bestätigt."},
			&core.EmailField{Name: "contact_email", Required: true, Help: "E-Mail der Ansprechperson; sie erhält einen Bestätigungslink."},
			&core.DateField{Name: "confirmed_at", Help: "Zeitpunkt der Bestätigung (wird gesetzt)."},
			&core.TextField{Name: "confirmed_by", Max: 200, Help: "Wer bestätigt hat (wird gesetzt)."},
			&core.TextField{Name: "confirm_token_hash", Max: 64, Hidden: true, Help: "Prüfsumme des Bestätigungslinks (intern)."},
			&core.DateField{Name: "confirm_expires_at", Hidden: true, Help: "Ablauf des Bestätigungslinks (intern)."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		applicant := `@request.auth.id != "" && application.applicant = @request.auth.id`
		confirmingEditor := `@request.auth.id != "" && organisation.editors ~ @request.auth.id && application.status = "submitted"`
		engagements.ListRule = ptr(`(` + applicant + `) || (` + confirmingEditor + `)`)
		engagements.ViewRule = engagements.ListRule
		draft := applicant + ` && application.status = "draft" && @request.body.confirmed_at:isset = false && @request.body.confirmed_by:isset = false`
		engagements.CreateRule = ptr(draft)
		engagements.UpdateRule = ptr(draft + ` && (@request.body.application:isset = false || @request.body.application = application)`)
		engagements.DeleteRule = ptr(applicant + ` && application.status = "draft"`)
		engagements.AddIndex("idx_engagements_application", false, "application", "")
		engagements.AddIndex("idx_engagements_organisation", false, "organisation", "")
		engagements.AddIndex("idx_engagements_token", false, "confirm_token_hash", "")
		if err := app.Save(engagements); err != nil {
			return err
		}

		cards := core.NewBaseCollection("cards")
		cards.Fields.Add(
			&core.RelationField{Name: "application", CollectionId: applications.Id, MaxSelect: 1,
				Help: "Der bewilligte Antrag."},
			&core.RelationField{Name: "holder", CollectionId: users.Id, MaxSelect: 1,
				Help: "Benutzerkonto der Karteninhaberin / des Karteninhabers."},
			&core.TextField{Name: "number", Required: true, Max: 20, Pattern: `^BIT-[0-9]{4}-[0-9]{5}$`, Presentable: true,
				Help: "Kartennummer, z. B. BIT-2026-00042 (wird vergeben)."},
			&core.SelectField{Name: "kind", Required: true, MaxSelect: 1, Values: []string{"standard", "jubilaeum"}, Help: "Art der Karte."},
			&core.DateField{Name: "issued_at", Required: true, Help: "Ausgestellt am."},
			&core.DateField{Name: "valid_until", Help: "Gültig bis (zwei Jahre nach Ausstellung); leer bei der Jubiläumskarte (unbefristet)."},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: []string{"active", "expired", "revoked"},
				Help: "active = gültig, expired = abgelaufen (täglich gesetzt), revoked = entzogen (Begründung nötig)."},
			&core.TextField{Name: "revoked_reason", Max: 2000, Help: "Begründung des Entzugs."},
			&core.DateField{Name: "reminder_sent_at", Help: "Wann an den Ablauf erinnert wurde (wird gesetzt)."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		holder := `@request.auth.id != "" && holder = @request.auth.id`
		cards.ListRule = ptr(holder)
		cards.ViewRule = ptr(holder)
		cards.AddIndex("idx_cards_number", true, "number", "")
		cards.AddIndex("idx_cards_status_valid", false, "status, valid_until", "")
		cards.AddIndex("idx_cards_holder", false, "holder", "")
		if err := app.Save(cards); err != nil {
			return err
		}

		applications.Fields.Add(&core.RelationField{Name: "previous_card", CollectionId: cards.Id, MaxSelect: 1,
			Help: "Bei einer Verlängerung: die bisherige Karte."})
		return app.Save(applications)
	}, func(app core.App) error {
		applications, err := app.FindCollectionByNameOrId("card_applications")
		if err != nil {
			return err
		}
		applications.Fields.RemoveByName("previous_card")
		if err := app.Save(applications); err != nil {
			return err
		}
		for _, name := range []string{"cards", "engagements", "card_applications"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			if err := app.Delete(c); err != nil {
				return err
			}
		}
		return nil
	})
}
