package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/staff"
)

// The recommendations of the working group: proposed in a meeting, then
// adopted (and later implemented) or rejected. Adopted and implemented ones
// are public with their progress; hooks/workinggroup keeps the rules.
func init() {
	m.Register(func(app core.App) error {
		meetings, err := app.FindCollectionByNameOrId("working_group_meetings")
		if err != nil {
			return err
		}
		c := core.NewBaseCollection("recommendations")
		c.Fields.Add(
			&core.TextField{Name: "title", Required: true, Max: 200, Presentable: true,
				Help: "Kurzer Titel, z. B. „Ehrenamtsbörse im Rathausfoyer“."},
			&core.EditorField{Name: "text", Required: true, MaxSize: 50000,
				Help: "Die Empfehlung in ganzen Sätzen: was, warum, bis wann."},
			&core.RelationField{Name: "meeting", CollectionId: meetings.Id, MaxSelect: 1, Required: true,
				Help: "Sitzung des Arbeitskreises, in der die Empfehlung beraten bzw. beschlossen wurde."},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1,
				Values: []string{"proposed", "adopted", "implemented", "rejected"},
				Help:   "proposed = vorgeschlagen, adopted = beschlossen (öffentlich), implemented = umgesetzt (öffentlich), rejected = abgelehnt."},
			&core.SelectField{Name: "owner", MaxSelect: 1,
				Values: []string{"buergermeister", "koordination", "caritas", "pflegestuetzpunkt_drk", "gleichstellung",
					"politik", "verein_buergerschaft", "jugend", "erweiterung", "buero"},
				Help: "Wer die Umsetzung verantwortet: ein Sitz des Arbeitskreises oder die Koordinierungsstelle (buero). Pflicht, sobald beschlossen."},
			&core.EditorField{Name: "progress", MaxSize: 20000,
				Help: "Stand der Umsetzung, für das Portal."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		c.ListRule = staff.Or(ptr(`status = "adopted" || status = "implemented"`), staff.DecideRule)
		c.ViewRule = c.ListRule
		c.CreateRule = staff.Or(nil, staff.DecideRule)
		c.UpdateRule = staff.Or(nil, staff.DecideRule)
		c.DeleteRule = staff.Or(nil, staff.DecideRule)
		c.AddIndex("idx_recommendations_status", false, "status, updated", "")
		c.AddIndex("idx_recommendations_meeting", false, "meeting", "")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("recommendations")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
