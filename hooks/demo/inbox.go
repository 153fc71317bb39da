package demo

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/card"
	"ben/hooks/publiccache"
)

// fillInbox gives the office's inbox something to do, so that a newcomer
// can clear it in /buero: besides the pending choir and the open medal
// round, a confirmed card application to decide, a submitted one whose
// engagement has waited three weeks for its confirmation, a card that
// expires in a month, and an enquiry to refer. The people are fictional
// and have no login in the README.
func fillInbox(app core.App, orgs map[string]*core.Record, now time.Time) error {
	people := map[string]*core.Record{}
	for email, name := range map[string]string{
		"sophie.sommer@ben.example":   "Sophie Sommer",
		"greta.geduld@ben.example":    "Greta Geduld",
		"karl.kartenmann@ben.example": "Karl Kartenmann",
	} {
		u, err := newUser(app, email, name)
		if err != nil {
			return err
		}
		people[email] = u
	}

	// confirmed by the club's editor in the portal and by a contact person's link
	confirmed, err := demoApplication(app, people["sophie.sommer@ben.example"], "Sophie", "Sommer", []map[string]any{
		{"organisation": orgs[EditorClubSlug].Id, "role": "Übungsleiterin Bambini", "hours_per_week": 3, "since": now.AddDate(-6, 0, 0),
			"contact_name": "Petra Demo", "contact_email": EditorEmail},
		{"organisation": orgs["bitburger-tafel"].Id, "role": "Fahrerin", "hours_per_week": 2.5, "since": now.AddDate(-3, 0, 0),
			"allowance": "cost_reimbursement", "contact_name": "Maria Muster", "contact_email": "tafel@tafel.example"},
	})
	if err != nil {
		return err
	}
	rows, err := app.FindRecordsByFilter("engagements", "application = {:id}", "created", 0, 0, dbx.Params{"id": confirmed.Id})
	if err != nil {
		return err
	}
	editor, err := app.FindAuthRecordByEmail("users", EditorEmail)
	if err != nil {
		return err
	}
	for i, r := range rows {
		c := card.Confirmation{Via: card.ViaEditor, Who: "Petra Demo für Sportfreunde Bitburg-Süd", Account: editor.Id}
		if i == 1 {
			c = card.Confirmation{Via: card.ViaEmailLink, Who: "Maria Muster per E-Mail-Link"}
		}
		if err := card.Confirm(app, r, c, now.Add(-time.Duration(2-i)*24*time.Hour)); err != nil {
			return fmt.Errorf("Bestätigung im Demo-Antrag: %w", err)
		}
	}

	// submitted three weeks ago; the club outside BEN has not answered
	waiting, err := demoApplication(app, people["greta.geduld@ben.example"], "Greta", "Geduld", []map[string]any{
		{"organisation_name": "Förderverein Grundschule Bitburg-Nord", "role": "Leseförderung", "hours_per_week": 5, "since": now.AddDate(-2, 0, 0),
			"contact_name": "Frau Lehrerin", "contact_email": "foerderverein@schule.example"},
	})
	if err != nil {
		return err
	}
	if _, err := app.DB().NewQuery("UPDATE {{card_applications}} SET [[submitted_at]] = {:at} WHERE [[id]] = {:id}").
		Bind(dbx.Params{"at": now.AddDate(0, 0, -21).UTC().Format("2006-01-02 15:04:05.000Z"), "id": waiting.Id}).Execute(); err != nil {
		return err
	}
	publiccache.Changed(app, "card_applications")

	// a card issued almost two years ago
	holder := people["karl.kartenmann@ben.example"]
	old, err := demoApplication(app, holder, "Karl", "Kartenmann", []map[string]any{
		{"organisation": orgs["feuerwehr-loeschzug-demo"].Id, "role": "Jugendwart", "hours_per_week": 6, "since": now.AddDate(-12, 0, 0),
			"contact_name": "Wehrführung", "contact_email": "wehr@feuerwehr.example"},
	})
	if err != nil {
		return err
	}
	engagement, err := app.FindFirstRecordByData("engagements", "application", old.Id)
	if err != nil {
		return err
	}
	if err := card.Confirm(app, engagement, card.Confirmation{Via: card.ViaOffice, Who: "Koordinierungsstelle der Stadt Bitburg", Reason: "schriftliche Bestätigung der Wehrführung liegt vor"}, now.AddDate(-2, 1, 0)); err != nil {
		return err
	}
	old, err = app.FindRecordById("card_applications", old.Id)
	if err != nil {
		return err
	}
	old.Set("status", "approved")
	if err := app.Save(old); err != nil {
		return fmt.Errorf("Demo-Karte: %w", err)
	}
	issued, err := app.FindFirstRecordByData("cards", "application", old.Id)
	if err != nil {
		return err
	}
	// back-dated as if issued almost two years ago: written to the table
	// directly, because an issued card's dates change only by a correction
	// with a reason, which the demo has no cause for
	const layout = "2006-01-02 15:04:05.000Z"
	_, err = app.DB().Update("cards", dbx.Params{
		"issued_at":   now.AddDate(-2, 1, 0).UTC().Format(layout),
		"valid_until": now.AddDate(0, 1, 0).UTC().Format(layout),
	}, dbx.HashExp{"id": issued.Id}).Execute()
	if err != nil {
		return err
	}
	publiccache.Changed(app, "cards")

	// a guest asks the office for advice
	enquiries, err := app.FindCollectionByNameOrId("enquiries")
	if err != nil {
		return err
	}
	q := core.NewRecord(enquiries)
	q.Load(map[string]any{
		"name": "Jana Neugierig", "email": "jana.neugierig@beispiel.example", "topics": []string{"sport", "jugend"},
		"availability": []string{"regelmaessig"}, "hours_per_week": 3, "consent": true,
		"message": "Ich bin neu in Bitburg und würde gern mit Kindern Sport machen, am liebsten nachmittags.",
	})
	return app.Save(q)
}

// demoApplication submits a card application of user with engagements.
func demoApplication(app core.App, user *core.Record, first, last string, engagements []map[string]any) (*core.Record, error) {
	coll, err := app.FindCollectionByNameOrId("card_applications")
	if err != nil {
		return nil, err
	}
	a := core.NewRecord(coll)
	a.Load(map[string]any{
		"applicant": user.Id, "first_name": first, "last_name": last, "birth_date": "1979-05-14 00:00:00.000Z",
		"street": "Musterweg 3", "postcode": "54634", "city": "Bitburg", "resident_in_bitburg": true,
		"kind": "standard", "status": "draft",
	})
	if err := app.Save(a); err != nil {
		return nil, fmt.Errorf("Demo-Antrag %s %s: %w", first, last, err)
	}
	engColl, err := app.FindCollectionByNameOrId("engagements")
	if err != nil {
		return nil, err
	}
	for _, data := range engagements {
		e := core.NewRecord(engColl)
		e.Load(map[string]any{"application": a.Id, "allowance": "none", "in_bitburg": true})
		e.Load(data)
		if err := app.Save(e); err != nil {
			return nil, fmt.Errorf("Demo-Engagement %s %s: %w", first, last, err)
		}
	}
	a, err = app.FindRecordById(coll, a.Id) // fresh, so that the status change is seen as one
	if err != nil {
		return nil, err
	}
	a.Set("status", "submitted")
	if err := app.Save(a); err != nil {
		return nil, fmt.Errorf("Demo-Antrag %s %s einreichen: %w", first, last, err)
	}
	return a, nil
}
