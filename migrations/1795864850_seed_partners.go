package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// seedPartners are the discount partners listed in the town's strategy
// (§4.3, as of 1 January 2020). Addresses and map positions are left for the
// office to complete; the benefits are quoted from the strategy.
var seedPartners = []struct{ name, category, benefit, website string }{
	{"Cascade", "Freizeit", "Beim Kauf einer Karte gibt es eine Karte gratis dazu.", ""},
	{"Eissporthalle", "Freizeit", "Beim Kauf einer Karte gibt es eine Karte gratis dazu.", ""},
	{"Volkshochschule", "Bildung", "25 % Rabatt auf VHS-Kurse.", ""},
	{"Kulturgemeinschaft", "Kultur", "Eintrittspreise zum Mitgliedertarif.", ""},
	{"Skala Kino Bitburg", "Kultur", "Gewährung einer Vergünstigung.", ""},
	{"Haus der Jugend", "Jugend", "10 % Ermäßigung auf Ferienfreizeiten; Mittagstisch im House-Café (Montag bis Mittwoch) zum Preis eines Schülermenüs; kostenloser Verleih von Spielmaterial; Vergünstigung bei der Kegelbahnmiete.", ""},
	{"Bitburger Marken- und Erlebniswelt", "Freizeit", "Eintrittspreis um 2 € reduziert.", ""},
}

func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("partners")
		if err != nil {
			return err
		}
		for _, p := range seedPartners {
			r := core.NewRecord(c)
			r.Set("name", p.name)
			r.Set("category", p.category)
			r.Set("benefit", p.benefit)
			r.Set("address", "54634 Bitburg")
			r.Set("website", p.website)
			r.Set("valid_from", "2020-01-01 00:00:00.000Z")
			r.Set("active", true)
			if err := app.Save(r); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		for _, p := range seedPartners {
			r, err := app.FindFirstRecordByData("partners", "name", p.name)
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
