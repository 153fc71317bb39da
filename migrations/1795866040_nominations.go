package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Nominations for an award round. Anyone may submit one, without an
// account, while the round takes nominations (hooks/awards checks the
// dates, a honeypot and the rate limit stop floods); only staff and the
// round's jury read them.
func init() {
	m.Register(func(app core.App) error {
		rounds, err := app.FindCollectionByNameOrId("award_rounds")
		if err != nil {
			return err
		}
		orgs, err := app.FindCollectionByNameOrId("organisations")
		if err != nil {
			return err
		}

		c := core.NewBaseCollection("nominations")
		c.Fields.Add(
			&core.RelationField{Name: "round", CollectionId: rounds.Id, MaxSelect: 1, Required: true,
				Help: "Die Runde, für die vorgeschlagen wird."},
			&core.TextField{Name: "nominee_name", Max: 200, Presentable: true,
				Help: "Vorgeschlagene Person oder Gruppe. Entweder dies oder eine Organisation angeben."},
			&core.RelationField{Name: "nominee_organisation", CollectionId: orgs.Id, MaxSelect: 1,
				Help: "Vorgeschlagene Organisation aus dem Verzeichnis (nur veröffentlichte)."},
			&core.TextField{Name: "reason", Required: true, Max: 5000,
				Help: "Begründung: wofür und wie lange sich die vorgeschlagene Person, Gruppe oder Organisation engagiert."},
			&core.TextField{Name: "nominator_name", Required: true, Max: 120,
				Help: "Name der Person, die vorschlägt."},
			&core.EmailField{Name: "nominator_email", Required: true,
				Help: "E-Mail-Adresse der Person, die vorschlägt; sie erhält eine Eingangsbestätigung. Nur die Koordinierungsstelle sieht sie."},
			&core.BoolField{Name: "consent", Required: true,
				Help: "Einwilligung, dass die Angaben für die Auswahl gespeichert und der Jury gezeigt werden."},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1,
				Values: []string{"submitted", "admitted", "declined", "awarded"},
				Help:   "submitted = eingegangen, admitted = zur Bewertung zugelassen, declined = nicht zugelassen, awarded = ausgezeichnet. Nur die Koordinierungsstelle ändert das."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)

		jury := `@request.auth.collectionName = "users" && round.jury.id ?= @request.auth.id`
		c.ListRule = ptr(jury)
		c.ViewRule = ptr(jury)
		// anyone, also without an account; the dates are checked in hooks/awards
		c.CreateRule = ptr(`round.status = "published" && @request.body.status:isset = false` +
			` && (nominee_organisation = "" || nominee_organisation.status = "published")`)

		c.AddIndex("idx_nominations_round_status", false, "round, status", "")

		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("nominations")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
