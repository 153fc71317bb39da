package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Interests: a citizen, logged in or as a guest, answers a published
// opportunity. Only the editors of the opportunity's organisation see them
// and mark them; a logged-in citizen sees and may withdraw their own.
// hooks/engagement links the account, sends the confirmation and keeps
// closed_at in step with the status; hooks/privacy deletes guests' interests
// after the retention time.
func init() {
	m.Register(func(app core.App) error {
		opportunities, err := app.FindCollectionByNameOrId("opportunities")
		if err != nil {
			return err
		}
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}

		c := core.NewBaseCollection("interests")
		c.Fields.Add(
			&core.RelationField{Name: "opportunity", Required: true, CollectionId: opportunities.Id, MaxSelect: 1, CascadeDelete: true,
				Help: "Das Engagement-Angebot, auf das sich jemand meldet. Wird das Angebot gelöscht, entfallen auch die Meldungen."},
			&core.RelationField{Name: "user", CollectionId: users.Id, MaxSelect: 1,
				Help: "Benutzerkonto der Person, wenn sie angemeldet war; leer bei Gästen. Wird automatisch gesetzt."},
			&core.TextField{Name: "name", Required: true, Max: 120, Presentable: true,
				Help: "Name der Person, die sich meldet."},
			&core.EmailField{Name: "email", Required: true,
				Help: "E-Mail-Adresse für die Antwort des Vereins und die Eingangsbestätigung."},
			&core.TextField{Name: "message", Max: 2000,
				Help: "Nachricht an den Verein."},
			&core.BoolField{Name: "consent", Required: true,
				Help: "Einwilligung, dass der Verein und die Koordinierungsstelle die Angaben zur Kontaktaufnahme nutzen."},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1,
				Values: []string{"new", "contacted", "engaged", "not_a_fit"},
				Help:   "Bearbeitung durch den Verein: new = neu, contacted = Kontakt aufgenommen, engaged = engagiert sich, not_a_fit = passt nicht."},
			&core.DateField{Name: "closed_at",
				Help: "Wird automatisch gesetzt, wenn der Verein die Meldung als „engaged“ oder „not_a_fit“ abschließt. Ab dann läuft die Löschfrist für Gäste."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)

		editor := `@request.auth.id != "" && opportunity.organisation.editors ~ @request.auth.id`
		owner := `@request.auth.id != "" && user = @request.auth.id`
		c.ListRule = ptr(`(` + editor + `) || (` + owner + `)`)
		c.ViewRule = c.ListRule
		// anyone may answer an opportunity the public can see; the account
		// link is set by the hook, never to somebody else's account
		c.CreateRule = ptr(`opportunity.status = "published"` +
			` && (opportunity.published_until = "" || opportunity.published_until > @now)` +
			` && opportunity.organisation.status = "published"` +
			` && (@request.body.user:isset = false || @request.body.user = @request.auth.id)` +
			` && (@request.body.status:isset = false || @request.body.status = "new")`)
		// editors mark an interest; what the citizen wrote stays as written
		c.UpdateRule = ptr(editor +
			` && @request.body.opportunity:changed = false && @request.body.user:changed = false` +
			` && @request.body.name:changed = false && @request.body.email:changed = false` +
			` && @request.body.message:changed = false && @request.body.consent:changed = false`)
		// a citizen may withdraw their own interest
		c.DeleteRule = ptr(owner)

		c.AddIndex("idx_interests_opportunity", false, "opportunity", "")
		c.AddIndex("idx_interests_user", false, "user", "")
		c.AddIndex("idx_interests_email", false, "email", "")

		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("interests")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
