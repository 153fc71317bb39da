package migrations

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// One active card per person: issuing a renewal ends the previous card
// (ended_at, replaced_by), and a unique index over the holder of active
// cards makes a second active card impossible on every path. Where a
// person holds more than one active card already, all but the newest end
// now.
func init() {
	m.Register(func(app core.App) error {
		cards, err := app.FindCollectionByNameOrId("cards")
		if err != nil {
			return err
		}
		cards.Fields.Add(
			&core.DateField{Name: "ended_at", Help: "Wann die Karte vor ihrem Ablauf endete, weil eine neue Karte sie ersetzt hat (wird gesetzt)."},
			&core.RelationField{Name: "replaced_by", CollectionId: cards.Id, MaxSelect: 1, Help: "Die Karte, die diese ersetzt hat (wird gesetzt)."},
		)
		if err := app.Save(cards); err != nil {
			return err
		}

		var holders []string
		err = app.DB().NewQuery(`SELECT holder FROM cards WHERE status = 'active' AND holder != '' GROUP BY holder HAVING COUNT(*) > 1`).Column(&holders)
		if err != nil {
			return err
		}
		for _, holder := range holders {
			active, err := app.FindRecordsByFilter(cards, "holder = {:h} && status = 'active'", "-issued_at,-created", 0, 0, dbx.Params{"h": holder})
			if err != nil {
				return err
			}
			for _, c := range active[1:] {
				c.Set("status", "expired")
				c.Set("ended_at", time.Now())
				c.Set("replaced_by", active[0].Id)
				if err := app.SaveNoValidate(c); err != nil {
					return err
				}
			}
		}

		cards.AddIndex("idx_cards_one_active", true, "holder", "status = 'active' AND holder != ''")
		return app.Save(cards)
	}, func(app core.App) error {
		cards, err := app.FindCollectionByNameOrId("cards")
		if err != nil {
			return err
		}
		cards.RemoveIndex("idx_cards_one_active")
		cards.Fields.RemoveByName("ended_at")
		cards.Fields.RemoveByName("replaced_by")
		return app.Save(cards)
	})
}
