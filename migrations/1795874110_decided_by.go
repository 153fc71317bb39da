package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/staff"
)

// decidedByCollections are where the office decides: clubs published or
// archived, card applications, cards revoked, nominations, awards and
// enquiries matched. hooks/audit fills decided_by.
var decidedByCollections = []string{"organisations", "card_applications", "cards", "nominations", "awards", "enquiries"}

func init() {
	m.Register(func(app core.App) error {
		staffColl, err := app.FindCollectionByNameOrId(staff.Collection)
		if err != nil {
			return err
		}
		for _, name := range decidedByCollections {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.Fields.Add(&core.RelationField{Name: "decided_by", CollectionId: staffColl.Id, MaxSelect: 1,
				Help: "Wer aus der Koordinierungsstelle zuletzt entschieden hat (wird gesetzt); leer, wenn ein Superuser entschieden hat oder noch niemand."})
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		for _, name := range decidedByCollections {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.Fields.RemoveByName("decided_by")
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	})
}
