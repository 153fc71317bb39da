package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/staff"
)

// The number, kind and last valid day of an issued card change only
// through the office's named action "correct" with a reason
// (POST /api/ben/cards/{id}/correct); each correction is kept here,
// append-only, with the values before and after.
func init() {
	m.Register(func(app core.App) error {
		cards, err := app.FindCollectionByNameOrId("cards")
		if err != nil {
			return err
		}
		staffColl, err := app.FindCollectionByNameOrId(staff.Collection)
		if err != nil {
			return err
		}
		corrections := core.NewBaseCollection("card_corrections")
		corrections.Fields.Add(
			&core.RelationField{Name: "card", CollectionId: cards.Id, MaxSelect: 1, Required: true, Help: "Die berichtigte Karte."},
			&core.SelectField{Name: "field", Required: true, MaxSelect: 1, Values: []string{"valid_until", "number", "kind"},
				Help: "Was berichtigt wurde: valid_until = gültig bis, number = Kartennummer, kind = Art der Karte."},
			&core.TextField{Name: "before", Max: 40, Help: "Der Wert vorher."},
			&core.TextField{Name: "after", Max: 40, Help: "Der Wert nachher."},
			&core.TextField{Name: "reason", Required: true, Max: 2000, Help: "Begründung der Berichtigung."},
			&core.RelationField{Name: "decided_by", CollectionId: staffColl.Id, MaxSelect: 1,
				Help: "Wer aus der Koordinierungsstelle berichtigt hat; leer bei einem Superuser."},
			&core.AutodateField{Name: "created", OnCreate: true},
		)
		corrections.ListRule = ptr(staff.DecideRule)
		corrections.ViewRule = ptr(staff.DecideRule)
		corrections.AddIndex("idx_card_corrections_card", false, "card, created", "")
		return app.Save(corrections)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("card_corrections")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
