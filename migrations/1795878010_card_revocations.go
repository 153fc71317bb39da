package migrations

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/staff"
)

// A revocation is a record of its own, append-only: the revocation list is
// read from here, so nothing done to the card afterwards (a status set
// back, the record deleted) makes a revoked number valid again. BEN writes
// it when a card is revoked (hooks/card); nobody may change or delete it.
// The office reads it; decided_by names the staff account (empty when a
// superuser revoked or BEN did, e.g. with a deleted account). Cards revoked
// before are carried over.
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
		revocations := core.NewBaseCollection("card_revocations")
		revocations.Fields.Add(
			&core.TextField{Name: "number", Required: true, Max: 20, Pattern: `^BIT-[0-9]{4}-[0-9]{5}$`, Presentable: true,
				Help: "Die gesperrte Kartennummer; sie steht für immer auf der Sperrliste."},
			&core.RelationField{Name: "card", CollectionId: cards.Id, MaxSelect: 1,
				Help: "Die Karte, der die Nummer gehörte."},
			&core.TextField{Name: "reason", Required: true, Max: 2000, Help: "Begründung des Entzugs."},
			&core.RelationField{Name: "decided_by", CollectionId: staffColl.Id, MaxSelect: 1,
				Help: "Wer aus der Koordinierungsstelle entzogen hat; leer, wenn ein Superuser oder BEN selbst entzogen hat."},
			&core.AutodateField{Name: "created", OnCreate: true},
		)
		revocations.ListRule = ptr(staff.DecideRule)
		revocations.ViewRule = ptr(staff.DecideRule)
		revocations.AddIndex("idx_card_revocations_number", false, "number", "")
		revocations.AddIndex("idx_card_revocations_card", false, "card", "")
		if err := app.Save(revocations); err != nil {
			return err
		}

		revoked, err := app.FindAllRecords(cards, dbx.HashExp{"status": "revoked"})
		if err != nil {
			return err
		}
		for _, c := range revoked {
			r := core.NewRecord(revocations)
			r.Set("number", c.GetString("number"))
			r.Set("card", c.Id)
			reason := c.GetString("revoked_reason")
			if reason == "" {
				reason = "(ohne Begründung übernommen)"
			}
			r.Set("reason", reason)
			if err := app.Save(r); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("card_revocations")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
