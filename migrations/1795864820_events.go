package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Events: dates, trainings, exchange meetings, award ceremonies and the
// clubs' festival. Time order and the festival cycle are enforced in
// hooks/events for every write path.
func init() {
	m.Register(func(app core.App) error {
		orgs, err := app.FindCollectionByNameOrId("organisations")
		if err != nil {
			return err
		}

		c := core.NewBaseCollection("events")
		c.Fields.Add(
			&core.TextField{Name: "title", Required: true, Max: 200, Presentable: true,
				Help: "Titel des Termins."},
			&core.EditorField{Name: "description", MaxSize: 50000,
				Help: "Beschreibung: Programm, Zielgruppe, Kosten."},
			&core.RelationField{Name: "organisation", CollectionId: orgs.Id, MaxSelect: 1, CascadeDelete: true,
				Help: "Veranstaltende Organisation. Leer = Termin der Koordinierungsstelle der Stadt. Wird die Organisation gelöscht, entfallen auch ihre Termine."},
			&core.SelectField{Name: "kind", Required: true, MaxSelect: 1,
				Values: []string{"termin", "fortbildung", "austauschtreffen", "ehrung", "vereinsfest"},
				Help:   "Art des Termins. „vereinsfest“ (Bitburg engagiert sich) legt nur die Koordinierungsstelle an, höchstens eins je zwei Kalenderjahre."},
			&core.DateField{Name: "starts_at", Required: true,
				Help: "Beginn (wird in Europe/Berlin angezeigt)."},
			&core.DateField{Name: "ends_at", Required: true,
				Help: "Ende; muss nach dem Beginn liegen."},
			&core.TextField{Name: "location", Max: 300,
				Help: "Ort mit Anschrift."},
			&core.URLField{Name: "registration_url",
				Help: "Link zur Anmeldung, falls nötig."},
			&core.NumberField{Name: "capacity", OnlyInt: true, Min: ptrFloat(0),
				Help: "Höchstzahl der Teilnehmenden; leer = unbegrenzt."},
			&core.BoolField{Name: "published",
				Help: "Nur veröffentlichte Termine erscheinen im Portal, in der API und im Kalender-Abo."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)

		public := `published = true && (organisation = "" || organisation.status = "published")`
		editor := `@request.auth.id != "" && organisation.editors ~ @request.auth.id`
		c.ListRule = ptr(public + ` || (` + editor + `)`)
		c.ViewRule = c.ListRule
		c.CreateRule = ptr(editor + ` && kind != "vereinsfest"`)
		c.UpdateRule = ptr(editor + ` && kind != "vereinsfest" && @request.body.kind != "vereinsfest"` +
			` && (@request.body.organisation:isset = false || @request.body.organisation.editors ~ @request.auth.id)`)
		c.DeleteRule = ptr(editor + ` && kind != "vereinsfest"`)

		c.AddIndex("idx_events_published_starts", false, "published, starts_at", "")
		c.AddIndex("idx_events_organisation_starts", false, "organisation, starts_at", "")
		c.AddIndex("idx_events_kind_starts", false, "kind, starts_at", "")

		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("events")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
