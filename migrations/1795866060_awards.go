package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Awards given by the town: the city medal, prizes, and the mayor's
// thank-you letters (Dankesbrief). Published awards other than letters are
// public; a letter is between the mayor and its recipient. Staff download a
// letter ready to sign at /api/ben/awards/{id}/letter.pdf.
func init() {
	m.Register(func(app core.App) error {
		rounds, err := app.FindCollectionByNameOrId("award_rounds")
		if err != nil {
			return err
		}
		orgs, err := app.FindCollectionByNameOrId("organisations")
		if err != nil {
			return err
		}
		events, err := app.FindCollectionByNameOrId("events")
		if err != nil {
			return err
		}

		c := core.NewBaseCollection("awards")
		c.Fields.Add(
			&core.SelectField{Name: "kind", Required: true, MaxSelect: 1,
				Values: []string{"stadtmedaille", "ehrenamtspreis", "projektpreis", "dankesbrief"},
				Help:   "Art: Stadtmedaille, Ehrenamtspreis, Projektpreis oder Dankesbrief des Bürgermeisters."},
			&core.RelationField{Name: "round", CollectionId: rounds.Id, MaxSelect: 1,
				Help: "Runde, in der ausgezeichnet wurde. Bei der Stadtmedaille Pflicht; beim Dankesbrief leer."},
			&core.TextField{Name: "recipient_name", Max: 200, Presentable: true,
				Help: "Geehrte Person oder Gruppe. Entweder dies oder eine Organisation angeben (oder beides)."},
			&core.RelationField{Name: "recipient_organisation", CollectionId: orgs.Id, MaxSelect: 1,
				Help: "Geehrte Organisation aus dem Verzeichnis."},
			&core.TextField{Name: "recipient_address", Max: 500, Hidden: true,
				Help: "Postanschrift für den Brief, eine Zeile je Angabe (Straße, PLZ Ort). Leer = Anschrift der Organisation. Nur für die Koordinierungsstelle sichtbar."},
			&core.TextField{Name: "salutation", Max: 200, Hidden: true,
				Help: "Anrede im Brief, z. B. „Sehr geehrte Frau Muster,“. Leer = „Guten Tag <Name>,“ bzw. „Sehr geehrte Damen und Herren,“."},
			&core.TextField{Name: "citation", Required: true, Max: 5000,
				Help: "Wofür gedankt oder ausgezeichnet wird, in ganzen Sätzen; steht so im Brief und (außer beim Dankesbrief) im Portal. Leerzeile = neuer Absatz."},
			&core.DateField{Name: "awarded_at", Required: true,
				Help: "Tag der Auszeichnung; beim Dankesbrief das Briefdatum. Eine Stadtmedaille liegt in der Wahlperiode ihrer Runde."},
			&core.RelationField{Name: "event", CollectionId: events.Id, MaxSelect: 1,
				Help: "Termin, bei dem überreicht wurde, z. B. das Vereinsfest „Bitburg engagiert sich“."},
			&core.BoolField{Name: "published",
				Help: "Im Portal zeigen. Dankesbriefe erscheinen nie öffentlich."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)

		c.ListRule = ptr(`published = true && kind != "dankesbrief"`)
		c.ViewRule = c.ListRule

		c.AddIndex("idx_awards_kind_awarded", false, "kind, awarded_at", "")
		c.AddIndex("idx_awards_round", false, "round", "")

		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("awards")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
