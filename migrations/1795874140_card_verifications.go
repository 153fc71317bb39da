package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// How often a card was checked online (/api/ben/verify): a number only,
// never who checked or when.
func init() {
	m.Register(func(app core.App) error {
		cards, err := app.FindCollectionByNameOrId("cards")
		if err != nil {
			return err
		}
		cards.Fields.Add(&core.NumberField{Name: "verifications", OnlyInt: true, Min: ptrFloat(0),
			Help: "Wie oft die Karte online geprüft wurde (wird gezählt; wer geprüft hat, wird nicht gespeichert). Prüfungen ohne Verbindung zählen nicht."})
		return app.Save(cards)
	}, func(app core.App) error {
		cards, err := app.FindCollectionByNameOrId("cards")
		if err != nil {
			return err
		}
		cards.Fields.RemoveByName("verifications")
		return app.Save(cards)
	})
}
