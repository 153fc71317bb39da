package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/staff"
)

// "Ideen für Bitburg": citizens' ideas and feedback, with an account or as a
// guest (name, e-mail, consent). Nothing is public until the office
// publishes it; published ideas are listed with their status and the
// office's or working group's answer, never with the name or address of
// whoever sent them (hooks/ideas).
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		staffColl, err := app.FindCollectionByNameOrId(staff.Collection)
		if err != nil {
			return err
		}

		c := core.NewBaseCollection("ideas")
		c.Fields.Add(
			&core.TextField{Name: "title", Required: true, Max: 200, Presentable: true,
				Help: "Die Idee in einem Satz."},
			&core.TextField{Name: "text", Required: true, Max: 5000,
				Help: "Die Idee oder Rückmeldung ausführlich (reiner Text)."},
			&core.SelectField{Name: "topic", MaxSelect: 1,
				Values: []string{"gesundheit", "jugend", "senioren", "migration", "kultur", "sport", "umwelt",
					"soziales", "bildung", "rettung", "kirche", "tiere", "inklusion", "nachbarschaft", "sonstiges"},
				Help: "Thema der Idee; leer = ohne Thema."},
			&core.RelationField{Name: "user", CollectionId: users.Id, MaxSelect: 1,
				Help: "Benutzerkonto der Person, wenn sie angemeldet war; leer bei Gästen. Wird automatisch gesetzt. Nie öffentlich."},
			&core.TextField{Name: "name", Max: 120,
				Help: "Name der Person, die die Idee schickt (bei Konten aus dem Konto übernommen); beim Einreichen Pflicht. Nie öffentlich. Nach der Löschfrist geleert."},
			&core.EmailField{Name: "email",
				Help: "E-Mail-Adresse für die Eingangsbestätigung und die Antwort; beim Einreichen Pflicht. Nie öffentlich. Nach der Löschfrist geleert."},
			&core.BoolField{Name: "consent",
				Help: "Einwilligung eines Gastes, dass die Koordinierungsstelle Name und E-Mail-Adresse zur Bearbeitung nutzt. Für Gäste Pflicht."},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1,
				Values: []string{"submitted", "published", "in_progress", "done", "declined"},
				Help: "submitted = eingegangen (nicht öffentlich), published = veröffentlicht, in_progress = in Arbeit, done = umgesetzt, declined = abgelehnt. " +
					"Öffentlich ist eine Idee, sobald sie einmal veröffentlicht, in Arbeit oder umgesetzt war; zurück auf „submitted“ nimmt sie wieder heraus."},
			&core.TextField{Name: "response", Max: 5000,
				Help: "Öffentliche Antwort der Koordinierungsstelle oder des Arbeitskreises (reiner Text)."},
			&core.DateField{Name: "responded_at",
				Help: "Wird von BEN gesetzt, wenn die Antwort geschrieben oder geändert wird."},
			&core.DateField{Name: "published_at",
				Help: "Wird von BEN gesetzt, wenn die Idee zum ersten Mal öffentlich wird; leer = nicht öffentlich."},
			&core.DateField{Name: "closed_at",
				Help: "Wird von BEN gesetzt, wenn die Idee „done“ oder „declined“ ist. Ab dann läuft die Löschfrist für Name und E-Mail-Adresse von Gästen."},
			&core.RelationField{Name: "decided_by", CollectionId: staffColl.Id, MaxSelect: 1,
				Help: "Wer aus der Koordinierungsstelle den Status zuletzt geändert hat (wird gesetzt); leer, wenn ein Superuser entschieden hat oder noch niemand."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)

		owner := `(@request.auth.id != "" && user = @request.auth.id)`
		c.ListRule = staff.Or(ptr(`published_at != "" || `+owner), staff.DecideRule)
		c.ViewRule = c.ListRule
		// anyone, also a guest; only the office publishes and answers
		c.CreateRule = staff.Or(ptr(`(@request.body.user:isset = false || @request.body.user = @request.auth.id)`+
			` && (@request.body.status:isset = false || @request.body.status = "submitted")`+
			` && @request.body.response:isset = false && @request.body.responded_at:isset = false`+
			` && @request.body.published_at:isset = false && @request.body.closed_at:isset = false`+
			` && @request.body.decided_by:isset = false`), staff.DecideRule)
		c.UpdateRule = ptr(staff.DecideRule)
		// a citizen may withdraw an idea the office has not published
		c.DeleteRule = staff.Or(ptr(owner+` && published_at = ""`), staff.DecideRule)

		c.AddIndex("idx_ideas_published", false, "published_at, status", "")
		c.AddIndex("idx_ideas_status", false, "status, created", "")
		c.AddIndex("idx_ideas_user", false, "user", "")
		c.AddIndex("idx_ideas_email", false, "email", "")

		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("ideas")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
