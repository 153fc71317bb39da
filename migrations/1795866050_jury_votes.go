package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Jury votes: each juror scores each nomination of their round once, from 1
// to 5. Jurors see and change only their own votes, and only while the
// round is published.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		nominations, err := app.FindCollectionByNameOrId("nominations")
		if err != nil {
			return err
		}

		c := core.NewBaseCollection("jury_votes")
		c.Fields.Add(
			&core.RelationField{Name: "nomination", CollectionId: nominations.Id, MaxSelect: 1, Required: true, CascadeDelete: true,
				Help: "Der bewertete Vorschlag."},
			&core.RelationField{Name: "juror", CollectionId: users.Id, MaxSelect: 1, Required: true, CascadeDelete: true,
				Help: "Das Jurymitglied, das bewertet; es muss zur Jury der Runde gehören."},
			&core.NumberField{Name: "score", Required: true, OnlyInt: true, Min: ptrFloat(1), Max: ptrFloat(5),
				Help: "Bewertung von 1 (schwach) bis 5 (herausragend)."},
			&core.TextField{Name: "comment", Max: 2000,
				Help: "Anmerkung für die Beratung der Jury (freiwillig)."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)

		own := `@request.auth.collectionName = "users" && juror = @request.auth.id`
		onJury := ` && nomination.round.jury.id ?= @request.auth.id && nomination.round.status = "published"`
		c.ListRule = ptr(own)
		c.ViewRule = ptr(own)
		c.CreateRule = ptr(own + onJury)
		c.UpdateRule = ptr(own + onJury +
			` && @request.body.juror:changed = false && @request.body.nomination:changed = false`)
		c.DeleteRule = ptr(own + onJury)

		c.AddIndex("idx_jury_votes_nomination_juror", true, "nomination, juror", "")
		c.AddIndex("idx_jury_votes_juror", false, "juror", "")

		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("jury_votes")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
