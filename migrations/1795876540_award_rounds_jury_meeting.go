package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The jury of an award round is appointed by the working group (strategy
// §4.2): the round names the meeting whose decision it was. hooks/awards
// requires it whenever a round has a jury.
func init() {
	m.Register(func(app core.App) error {
		meetings, err := app.FindCollectionByNameOrId("working_group_meetings")
		if err != nil {
			return err
		}
		c, err := app.FindCollectionByNameOrId("award_rounds")
		if err != nil {
			return err
		}
		c.Fields.Add(&core.RelationField{Name: "jury_meeting", CollectionId: meetings.Id, MaxSelect: 1,
			Help: "Sitzung des Arbeitskreises, die die Jury bestellt hat. Pflicht, sobald eine Jury eingetragen ist; die Sitzung muss stattgefunden haben."})
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("award_rounds")
		if err != nil {
			return err
		}
		c.Fields.RemoveByName("jury_meeting")
		return app.Save(c)
	})
}
