package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Election periods (Wahlperioden) of the town council: the city medal is
// awarded once in each. Staff add the next period when the state sets the
// election day; hooks/awards refuses overlapping periods.
func init() {
	m.Register(func(app core.App) error {
		c := core.NewBaseCollection("election_periods")
		c.Fields.Add(
			&core.TextField{Name: "name", Required: true, Max: 40, Presentable: true,
				Help: "Bezeichnung, z. B. „2024–2029“."},
			&core.DateField{Name: "starts_on", Required: true,
				Help: "Erster Tag der Wahlperiode: der Tag der Kommunalwahl."},
			&core.DateField{Name: "ends_on", Required: true,
				Help: "Letzter Tag der Wahlperiode: der Tag vor der nächsten Kommunalwahl. Steht der Wahltag noch nicht fest, " +
					"das voraussichtliche Ende eintragen und anpassen, sobald das Land ihn bestimmt hat."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)

		c.ListRule = ptr("")
		c.ViewRule = ptr("")

		c.AddIndex("idx_election_periods_name", true, "name", "")
		c.AddIndex("idx_election_periods_starts_on", false, "starts_on", "")

		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("election_periods")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
