package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Card numbers come from a counter per year (the calendar year in
// Bitburg) that only ever goes up, instead of "highest number + 1": a
// number once issued is never issued again, even when its card's record is
// gone. Only BEN writes the counters (hooks/card); superusers may read
// them. The counters start at the highest number each year has issued.
func init() {
	m.Register(func(app core.App) error {
		counters := core.NewBaseCollection("card_number_counters")
		counters.Fields.Add(
			&core.NumberField{Name: "year", Required: true, OnlyInt: true, Min: ptrFloat(2000), Max: ptrFloat(9999),
				Help: "Kalenderjahr (in Bitburg), in dem die Karten ausgestellt wurden."},
			&core.NumberField{Name: "last", OnlyInt: true, Min: ptrFloat(0), Max: ptrFloat(99999),
				Help: "Die zuletzt vergebene laufende Nummer des Jahres; sie steigt nur und wird nie erneut vergeben."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		counters.AddIndex("idx_card_number_counters_year", true, "year", "")
		if err := app.Save(counters); err != nil {
			return err
		}

		var highest []struct {
			Year int `db:"year"`
			Last int `db:"last"`
		}
		err := app.DB().NewQuery(`SELECT CAST(substr(number, 5, 4) AS INTEGER) AS year, MAX(CAST(substr(number, 10, 5) AS INTEGER)) AS last
			FROM cards WHERE number LIKE 'BIT-____-_____' GROUP BY year`).All(&highest)
		if err != nil {
			return err
		}
		for _, h := range highest {
			r := core.NewRecord(counters)
			r.Set("year", h.Year)
			r.Set("last", h.Last)
			if err := app.Save(r); err != nil {
				return fmt.Errorf("counter %d: %w", h.Year, err)
			}
		}
		return nil
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("card_number_counters")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
