package engagement

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/organisations"
	"ben/hooks/privacy"
	"ben/hooks/textkey"
)

// registerPersonalData tells the privacy self-service and the privacy
// notice what this concern stores about people.
func registerPersonalData(app core.App) {
	privacy.RegisterData(app, privacy.Data{
		Name:  Interests,
		Title: "Meldungen auf Engagement-Angebote",
		Notice: privacy.Notice{
			What:    "Name, E-Mail-Adresse, freiwillig eine Telefonnummer, Ihre Nachricht, Ihre Einwilligung und wie weit der Verein mit Ihrer Meldung ist.",
			Why:     "Damit der Verein, der das Angebot eingestellt hat, Ihnen antworten und Sie einbinden kann.",
			Who:     "Die Redaktion der Organisation, deren Angebot Sie beantwortet haben, die Koordinierungsstelle (Rolle „Büro“) und, wenn Sie angemeldet waren, Sie selbst.",
			HowLong: "Mit Konto: bis Sie die Meldung zurückziehen oder Ihr Konto löschen. Ohne Konto: " + privacy.GuestPeriod + " nach Abschluss (der Verein hat sie erledigt oder das Angebot ist beendet).",
			LegalBasis: "Art. 6 Abs. 1 Buchst. a DSGVO (Ihre Einwilligung im Formular). Sie können sie jederzeit widerrufen; " +
				"was bis dahin geschah, bleibt rechtmäßig.",
		},
		Collections: []string{Interests},
		Export:      exportInterests,
		Erase:       ownInterests.Delete,
		Retention:   deleteClosedGuestInterests,
	})
	privacy.RegisterData(app, privacy.Data{
		Name:  Enquiries,
		Title: "Anfragen an die Koordinierungsstelle",
		Notice: privacy.Notice{
			What:    "Name, E-Mail-Adresse, freiwillig eine Telefonnummer, Themen, die Sie interessieren, die Art des Engagements, Ihre Zeit pro Woche, Ihre Nachricht und Ihre Einwilligung.",
			Why:     "Beratung und Vermittlung an einen Verein oder eine Initiative, die zu Ihnen passt.",
			Who:     "Nur die Koordinierungsstelle (Rolle „Büro“). Einem Verein nennt sie Sie erst, wenn Sie zugestimmt haben.",
			HowLong: "Mit Konto: bis Sie Ihr Konto löschen. Ohne Konto: " + privacy.GuestPeriod + " nach Abschluss (vermittelt oder abgeschlossen).",
			LegalBasis: "Art. 6 Abs. 1 Buchst. a DSGVO (Ihre Einwilligung im Formular). Sie können sie jederzeit widerrufen; " +
				"was bis dahin geschah, bleibt rechtmäßig.",
		},
		Collections: []string{Enquiries},
		Export:      ownEnquiries.Export(nil),
		Erase:       ownEnquiries.Delete,
		Retention:   deleteClosedGuestEnquiries,
	})
	privacy.RegisterData(app, privacy.Data{
		Name:  "editor_links",
		Title: "Redaktion und Kontaktdaten von Organisationen",
		Notice: privacy.Notice{
			What: "Dass Sie eine Organisation im Portal pflegen (Redaktion), und die Kontaktdaten, die eine Organisation für sich " +
				"und ihre Angebote einträgt: Ansprechperson, E-Mail-Adresse, Telefon.",
			Why: "Damit Vereine ihr Profil, ihre Termine und Angebote selbst pflegen und Interessierte sie erreichen können.",
			Who: "Die Redaktion der Organisation und die Koordinierungsstelle; die Kontaktdaten öffentlich nur, wenn die " +
				"Organisation sie als öffentlich markiert hat.",
			HowLong: "Solange die Organisation sie einträgt. Löschen Sie Ihr Konto, werden Sie aus der Redaktion ausgetragen und " +
				"Kontaktfelder mit Ihrem Namen, Ihrer E-Mail-Adresse oder Telefonnummer geleert.",
			LegalBasis: "Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 Landesdatenschutzgesetz Rheinland-Pfalz " +
				"(Verzeichnis der Vereine und Initiativen); öffentliche Kontaktdaten mit Einwilligung der Organisation (Art. 6 Abs. 1 Buchst. a DSGVO).",
		},
		Collections: []string{organisations.Collection, Opportunities},
		Export:      exportEditorLinks,
		Erase:       eraseEditorLinks,
	})
	privacy.RegisterCollection(app, Interests, "Meldungen mit Konto stehen im Export und werden mit dem Konto gelöscht; "+
		"Meldungen von Gästen werden eine Frist (Voreinstellung 12 Monate) nach ihrem Abschluss gelöscht.")
	privacy.RegisterCollection(app, Enquiries, "Anfragen mit Konto stehen im Export und werden mit dem Konto gelöscht; "+
		"Anfragen von Gästen werden eine Frist (Voreinstellung 12 Monate) nach ihrem Abschluss gelöscht.")
	privacy.RegisterCollection(app, organisations.Collection, "Wer ein Konto löscht, wird aus den Redaktionen ausgetragen; Kontaktfelder "+
		"mit seinem Namen, seiner E-Mail-Adresse oder Telefonnummer werden geleert.")
	privacy.RegisterCollection(app, Opportunities, "Kontaktfelder eines Angebots mit Name, E-Mail-Adresse oder Telefonnummer "+
		"einer Person, die ihr Konto löscht, werden geleert.")
}

// What this concern stores about a person, for the privacy self-service.
//
// An interest or enquiry belongs to a user when it is linked to the
// account, or when it was sent as a guest with the account's e-mail
// address and that address is verified (the user has proven it is theirs).
var (
	ownInterests = privacy.Owned{Collection: Interests, UserField: "user", EmailField: "email"}
	ownEnquiries = privacy.Owned{Collection: Enquiries, UserField: "user", EmailField: "email"}
)

// exportInterests names what was answered, without anything about the
// people behind it.
var exportInterests = ownInterests.Export(func(app core.App, r *core.Record, item map[string]any) {
	if opp, err := app.FindRecordById(Opportunities, r.GetString("opportunity")); err == nil {
		item["opportunity_title"] = opp.GetString("title")
		if org, err := app.FindRecordById(organisations.Collection, opp.GetString("organisation")); err == nil {
			item["organisation_name"] = org.GetString("name")
		}
	}
})

// editedBy returns the organisations user is an editor of.
func editedBy(app core.App, user *core.Record) ([]*core.Record, error) {
	return app.FindRecordsByFilter(organisations.Collection, "editors.id ?= {:user}", "name", 0, 0, dbx.Params{"user": user.Id})
}

// namedContact lists the contact fields of r that hold the user's own name,
// e-mail address or phone number, compared as BEN compares what people
// type (textkey): case, accents, spacing and a "+tag" of an address do not
// make another person.
func namedContact(r *core.Record, user *core.Record, nameField, emailField, phoneField string) []string {
	fields := []string{}
	if textkey.Same(r.GetString(nameField), user.GetString("name")) {
		fields = append(fields, nameField)
	}
	if textkey.SameAddress(r.GetString(emailField), user.Email()) {
		fields = append(fields, emailField)
	}
	if textkey.Same(r.GetString(phoneField), user.GetString("phone")) {
		fields = append(fields, phoneField)
	}
	return fields
}

// exportEditorLinks lists the organisations the user edits, and where
// those organisations or their opportunities name the user as contact.
// Co-editors and other contact data are left out: they are other people.
func exportEditorLinks(app core.App, user *core.Record) (any, error) {
	orgs, err := editedBy(app, user)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(orgs))
	for _, org := range orgs {
		item := map[string]any{
			"id": org.Id, "name": org.GetString("name"), "slug": org.GetString("slug"), "status": org.GetString("status"),
		}
		named := map[string]any{}
		for _, f := range namedContact(org, user, "contact_name", "email", "phone") {
			named[f] = org.GetString(f)
		}
		item["named_as_contact"] = named

		opps, err := app.FindAllRecords(Opportunities, dbx.HashExp{"organisation": org.Id})
		if err != nil {
			return nil, err
		}
		naming := []map[string]any{}
		for _, opp := range opps {
			fields := namedContact(opp, user, "contact_person", "contact_email", "contact_phone")
			if len(fields) == 0 {
				continue
			}
			entry := map[string]any{"id": opp.Id, "title": opp.GetString("title")}
			for _, f := range fields {
				entry[f] = opp.GetString(f)
			}
			naming = append(naming, entry)
		}
		item["opportunities_naming_you"] = naming
		out = append(out, item)
	}
	return out, nil
}

// eraseEditorLinks removes the user from the editors of every organisation
// and clears the contact fields there, and in the organisation's
// opportunities, that hold the user's own name, e-mail or phone. The
// organisations and opportunities stay.
func eraseEditorLinks(app core.App, user *core.Record) error {
	orgs, err := editedBy(app, user)
	if err != nil {
		return err
	}
	for _, org := range orgs {
		editors := org.GetStringSlice("editors")
		kept := make([]string, 0, len(editors))
		for _, id := range editors {
			if id != user.Id {
				kept = append(kept, id)
			}
		}
		org.Set("editors", kept)
		for _, f := range namedContact(org, user, "contact_name", "email", "phone") {
			org.Set(f, "")
		}
		// an organisation's own data may fail a rule added later; that must
		// not keep a person from leaving
		if err := app.SaveNoValidate(org); err != nil {
			return err
		}

		opps, err := app.FindAllRecords(Opportunities, dbx.HashExp{"organisation": org.Id})
		if err != nil {
			return err
		}
		for _, opp := range opps {
			fields := namedContact(opp, user, "contact_person", "contact_email", "contact_phone")
			if len(fields) == 0 {
				continue
			}
			for _, f := range fields {
				opp.Set(f, "")
			}
			if err := app.SaveNoValidate(opp); err != nil {
				return err
			}
		}
	}
	return nil
}

// deleteClosedGuestInterests deletes guests' interests whose case closed
// before closedBefore: marked engaged or not a fit by the club, or left
// open on an opportunity that has ended.
func deleteClosedGuestInterests(app core.App, closedBefore time.Time) (int, error) {
	records, err := app.FindRecordsByFilter(Interests,
		`user = "" && ((closed_at != "" && closed_at < {:cut}) ||`+
			` (opportunity.status = "closed" && opportunity.closed_at != "" && opportunity.closed_at < {:cut}))`,
		"", 0, 0, dbx.Params{"cut": closedBefore.UTC().Format(types.DefaultDateLayout)})
	if err != nil {
		return 0, err
	}
	return privacy.DeleteRecords(app, records)
}

// deleteClosedGuestEnquiries deletes guests' enquiries that the office
// marked matched or closed before closedBefore.
func deleteClosedGuestEnquiries(app core.App, closedBefore time.Time) (int, error) {
	records, err := app.FindRecordsByFilter(Enquiries,
		`user = "" && closed_at != "" && closed_at < {:cut}`,
		"", 0, 0, dbx.Params{"cut": closedBefore.UTC().Format(types.DefaultDateLayout)})
	if err != nil {
		return 0, err
	}
	return privacy.DeleteRecords(app, records)
}
