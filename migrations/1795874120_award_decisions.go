package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The decision of the municipal bodies on an award: which nomination it
// answers, which body decided, on which day and with what outcome. The
// office records it in /buero (hooks/office) or in the dashboard.
func init() {
	m.Register(func(app core.App) error {
		awards, err := app.FindCollectionByNameOrId("awards")
		if err != nil {
			return err
		}
		nominations, err := app.FindCollectionByNameOrId("nominations")
		if err != nil {
			return err
		}
		awards.Fields.Add(
			&core.RelationField{Name: "nomination", CollectionId: nominations.Id, MaxSelect: 1,
				Help: "Der Vorschlag, auf den die Auszeichnung zurückgeht (falls einer)."},
			&core.TextField{Name: "decision_body", Max: 200,
				Help: "Gremium, das entschieden hat, z. B. „Stadtrat Bitburg“ oder „Haupt- und Finanzausschuss“."},
			&core.DateField{Name: "decision_date",
				Help: "Tag des Beschlusses."},
			&core.TextField{Name: "decision_outcome", Max: 1000,
				Help: "Ergebnis des Beschlusses, z. B. „einstimmig beschlossen“."},
		)
		awards.AddIndex("idx_awards_nomination", false, "nomination", "")
		return app.Save(awards)
	}, func(app core.App) error {
		awards, err := app.FindCollectionByNameOrId("awards")
		if err != nil {
			return err
		}
		awards.RemoveIndex("idx_awards_nomination")
		for _, f := range []string{"nomination", "decision_body", "decision_date", "decision_outcome"} {
			awards.Fields.RemoveByName(f)
		}
		return app.Save(awards)
	})
}
