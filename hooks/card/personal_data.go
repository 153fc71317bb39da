package card

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/privacy"
)

// registerPersonalData tells the privacy self-service what the card stores
// about an account: the applications (with their engagements) and the cards
// held. Deleting the account deletes the applications and revokes the
// cards, so that a printed card cannot outlive its account.
func registerPersonalData(app core.App) {
	privacy.RegisterData(app, privacy.Data{
		Name:  "ehrenamtskarte",
		Title: "Ehrenamtskarte: Anträge und Karten",
		Notice: privacy.Notice{
			What: "Vor- und Nachname, Geburtsdatum, Anschrift, Ihre Engagements (Organisation, Aufgabe, Stunden, seit wann, " +
				"Art der Aufwandsentschädigung, Kontaktperson), der Stand des Antrags und die Daten der ausgestellten Karte " +
				"(Nummer, gültig bis). Die Karte selbst trägt nur Ihren Vornamen.",
			Why: "Prüfen, ob Sie die Voraussetzungen der Ehrenamtskarte Rheinland-Pfalz erfüllen (Alter, Stunden, Wohn- oder " +
				"Engagementort), die Bestätigung Ihrer Engagements einholen, die Karte ausstellen, an ihren Ablauf erinnern und sperren.",
			Who: "Sie selbst und die Koordinierungsstelle (Rolle „Büro“). Die Organisationen, bei denen Sie sich engagieren, " +
				"sehen nur das Engagement, das sie bestätigen sollen. Partner, die eine Karte prüfen, erfahren nur, ob sie gültig " +
				"ist, und den Vornamen.",
			HowLong: "Bis Sie Ihr Konto löschen; eine ausgestellte Karte wird dann gesperrt. Die Kartennummer bleibt " +
				"auf der Sperrliste, damit eine gedruckte Karte nicht weiter gilt.",
			LegalBasis: "Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 Landesdatenschutzgesetz Rheinland-Pfalz " +
				"(Ausgabe der Ehrenamtskarte im Auftrag des Landes); der Antrag ist freiwillig.",
		},
		Collections: []string{Applications, Engagements, Cards},
		Export:      exportCardData,
		Erase:       eraseCardData,
	})
	privacy.RegisterCollection(app, Applications, "Anträge stehen im Export und werden mit dem Konto gelöscht.")
	privacy.RegisterCollection(app, Engagements, "Engagements gehen mit ihrem Antrag; wo die Person ein Engagement bestätigt "+
		"hat, bleibt die Bestätigung ohne ihren Namen.")
	privacy.RegisterCollection(app, Cards, "Karten stehen im Export; mit dem Konto werden sie gesperrt und vom Konto gelöst.")
}

func exportCardData(app core.App, user *core.Record) (any, error) {
	applications, err := app.FindRecordsByFilter(Applications, "applicant = {:id}", "created", 0, 0, dbx.Params{"id": user.Id})
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for _, a := range applications {
		rows, err := app.FindRecordsByFilter(Engagements, "application = {:id}", "created", 0, 0, dbx.Params{"id": a.Id})
		if err != nil {
			return nil, err
		}
		engagements := []map[string]any{}
		for _, r := range rows {
			data := r.PublicExport()
			delete(data, "confirm_token_hash")
			delete(data, "confirm_expires_at")
			delete(data, "decided_by") // a staff account, not the person's data
			engagements = append(engagements, data)
		}
		entry := a.PublicExport()
		delete(entry, "decided_by") // who in the office decided stays within the office
		entry["engagements"] = engagements
		out = append(out, entry)
	}
	cards, err := app.FindRecordsByFilter(Cards, "holder = {:id}", "created", 0, 0, dbx.Params{"id": user.Id})
	if err != nil {
		return nil, err
	}
	held := []map[string]any{}
	for _, c := range cards {
		card := c.PublicExport()
		delete(card, "decided_by")
		held = append(held, card)
	}
	return map[string]any{"antraege": out, "karten": held}, nil
}

func eraseCardData(app core.App, user *core.Record) error {
	cards, err := app.FindRecordsByFilter(Cards, "holder = {:id}", "", 0, 0, dbx.Params{"id": user.Id})
	if err != nil {
		return err
	}
	var groupApplications []*core.Record
	for _, c := range cards {
		// the card of a group application names the person on an
		// application another account filed: that application goes too
		if id := c.GetString("application"); id != "" {
			if a, err := app.FindRecordById(Applications, id); err == nil && a.GetString("applicant") != user.Id {
				groupApplications = append(groupApplications, a)
			}
		}
		c.Set("holder", "")
		c.Set("application", "")
		if c.GetString("status") != CardRevoked {
			c.Set("status", CardRevoked)
			c.Set("revoked_reason", "Benutzerkonto gelöscht")
		}
		if err := app.Save(c); err != nil {
			return err
		}
	}

	applications, err := app.FindRecordsByFilter(Applications, "applicant = {:id}", "", 0, 0, dbx.Params{"id": user.Id})
	if err != nil {
		return err
	}
	applications = append(applications, groupApplications...)
	for _, a := range applications {
		if err := app.Delete(a); err != nil { // engagements go with it
			return err
		}
	}

	// engagements this person confirmed as an editor keep the fact, not the name
	confirmed, err := app.FindAllRecords(Engagements, dbx.HashExp{"confirmed_by_account": user.Id})
	if err != nil {
		return err
	}
	for _, r := range confirmed {
		r.Set("confirmed_by", "Bearbeitung (Konto gelöscht)")
		r.Set("confirmed_by_account", "")
		if err := app.SaveNoValidate(r); err != nil {
			return err
		}
	}
	return nil
}
