package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/staff"
)

// The meetings of the working group "Engagierte Stadt Bitburg" (strategy
// §4.1): date, agenda and minutes are public once the office publishes the
// meeting; who attended only the office sees (the hook in
// hooks/workinggroup shows it to buero staff, PocketBase to superusers).
func init() {
	m.Register(func(app core.App) error {
		members, err := app.FindCollectionByNameOrId("working_group_members")
		if err != nil {
			return err
		}
		c := core.NewBaseCollection("working_group_meetings")
		c.Fields.Add(
			&core.DateField{Name: "date", Required: true, Presentable: true,
				Help: "Tag und Beginn der Sitzung."},
			&core.EditorField{Name: "agenda", MaxSize: 50000,
				Help: "Tagesordnung."},
			&core.EditorField{Name: "minutes", MaxSize: 200000,
				Help: "Protokoll: Beratungen und Beschlüsse. Öffentlich, sobald die Sitzung veröffentlicht ist; Namen nur nennen, wo es nötig ist."},
			&core.BoolField{Name: "published",
				Help: "Im Portal zeigen: Datum, Tagesordnung und Protokoll. Die Anwesenden erscheinen nie öffentlich."},
			&core.RelationField{Name: "attendees", CollectionId: members.Id, MaxSelect: 40, Hidden: true,
				Help: "Anwesende Mitglieder und Stellvertretungen. Nur für die Koordinierungsstelle sichtbar."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		c.ListRule = staff.Or(ptr(`published = true`), staff.DecideRule)
		c.ViewRule = c.ListRule
		c.CreateRule = staff.Or(nil, staff.DecideRule)
		c.UpdateRule = staff.Or(nil, staff.DecideRule)
		c.DeleteRule = staff.Or(nil, staff.DecideRule)
		c.AddIndex("idx_working_group_meetings_date", false, "date", "")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("working_group_meetings")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
