package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Enquiries: "Kontakt aufnehmen" with the coordination office. Anyone may
// send one; only staff read and process them. Topics, availability and
// hours are what the office's matching compares with the published
// opportunities (hooks/engagement). Guests' enquiries are deleted after the
// retention time (hooks/privacy).
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}

		c := core.NewBaseCollection("enquiries")
		c.Fields.Add(
			&core.TextField{Name: "name", Required: true, Max: 120, Presentable: true,
				Help: "Name der Person, die Kontakt aufnimmt."},
			&core.EmailField{Name: "email", Required: true,
				Help: "E-Mail-Adresse für die Antwort der Koordinierungsstelle."},
			&core.TextField{Name: "phone", Max: 40,
				Help: "Freiwillig: Telefonnummer für einen Rückruf."},
			&core.SelectField{Name: "topics", MaxSelect: 14,
				Values: []string{"gesundheit", "jugend", "senioren", "migration", "kultur", "sport", "umwelt",
					"soziales", "bildung", "rettung", "kirche", "tiere", "inklusion", "nachbarschaft"},
				Help: "Themen, die die Person interessieren."},
			&core.SelectField{Name: "availability", MaxSelect: 3,
				Values: []string{"einmalig", "regelmaessig", "projekt"},
				Help:   "Welche Art von Engagement passt: einmalig, regelmäßig oder als Projekt auf Zeit. Leer = alles."},
			&core.NumberField{Name: "hours_per_week", Min: ptrFloat(0), Max: ptrFloat(60),
				Help: "Wie viele Stunden pro Woche die Person etwa geben kann; leer oder 0 = nicht angegeben."},
			&core.TextField{Name: "message", Max: 4000,
				Help: "Nachricht an die Koordinierungsstelle."},
			&core.BoolField{Name: "consent", Required: true,
				Help: "Einwilligung, dass die Koordinierungsstelle die Angaben zur Beratung und Vermittlung nutzt."},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1,
				Values: []string{"new", "in_progress", "matched", "closed"},
				Help:   "Bearbeitung: new = neu, in_progress = in Bearbeitung, matched = vermittelt, closed = abgeschlossen."},
			&core.RelationField{Name: "user", CollectionId: users.Id, MaxSelect: 1,
				Help: "Benutzerkonto der Person, wenn sie angemeldet war; leer bei Gästen. Wird automatisch gesetzt."},
			&core.DateField{Name: "closed_at",
				Help: "Wird automatisch gesetzt, wenn die Anfrage „matched“ oder „closed“ ist. Ab dann läuft die Löschfrist für Gäste."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)

		// list, view, update and delete stay nil: only staff
		c.CreateRule = ptr(`(@request.body.user:isset = false || @request.body.user = @request.auth.id)` +
			` && (@request.body.status:isset = false || @request.body.status = "new")`)

		c.AddIndex("idx_enquiries_status", false, "status, created", "")
		c.AddIndex("idx_enquiries_user", false, "user", "")
		c.AddIndex("idx_enquiries_email", false, "email", "")

		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("enquiries")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
