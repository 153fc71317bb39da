package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// seedPeriods are the election periods since the strategy: the municipal
// elections in Rhineland-Palatinate were on 26 May 2019 and 9 June 2024. A
// period lasts five years; the end of 2024–2029 is the day before the next
// election, which the state has not set yet, so it is entered as five years
// minus a day for staff to correct.
var seedPeriods = []struct{ name, starts, ends string }{
	{"2019–2024", "2019-05-26 00:00:00.000Z", "2024-06-08 00:00:00.000Z"},
	{"2024–2029", "2024-06-09 00:00:00.000Z", "2029-06-08 00:00:00.000Z"},
}

func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("election_periods")
		if err != nil {
			return err
		}
		for _, p := range seedPeriods {
			r := core.NewRecord(c)
			r.Set("name", p.name)
			r.Set("starts_on", p.starts)
			r.Set("ends_on", p.ends)
			if err := app.Save(r); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		for _, p := range seedPeriods {
			r, err := app.FindFirstRecordByData("election_periods", "name", p.name)
			if err != nil {
				continue
			}
			if err := app.Delete(r); err != nil {
				return err
			}
		}
		return nil
	})
}
