package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/staff"
	"ben/hooks/workinggroup"
)

// Membership of the working group by day, and the party rule of the politics
// seats (hooks/workinggroup):
//   - deputy_for: the politics member a deputy stands in for;
//   - active_start, active_end: the instants a membership starts and ends
//     (00:00 in Bitburg on active_from, and on the day after active_until),
//     kept by the hooks, so that the public list follows the days in
//     Bitburg exactly: a member is listed while active is set and now lies
//     between them.
func init() {
	const oldPublic = `active = true`
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("working_group_members")
		if err != nil {
			return err
		}
		c.Fields.Add(
			&core.RelationField{Name: "deputy_for", CollectionId: c.Id, MaxSelect: 1,
				Help: "Nur bei Stellvertretungen der Politik: das Mitglied, das sie vertritt. Jedes Mitglied der Politik hat genau eine Stellvertretung."},
			&core.DateField{Name: "active_start", Hidden: true,
				Help: "Wird berechnet: 0:00 Uhr in Bitburg am Tag „Mitglied seit“."},
			&core.DateField{Name: "active_end", Hidden: true,
				Help: "Wird berechnet: 0:00 Uhr in Bitburg am Tag nach „Mitglied bis“."},
		)
		if f, ok := c.Fields.GetByName("active").(*core.BoolField); ok {
			f.Help = "Gehört dem Arbeitskreis an, an den Tagen von „Mitglied seit“ bis „Mitglied bis“. Nach dem letzten Tag wird das Häkchen von selbst entfernt. " +
				"Der Arbeitskreis hat 10 Mitglieder, bei Bedarf bis zu 12; ein 13. wird abgelehnt."
		}
		if f, ok := c.Fields.GetByName("active_until").(*core.DateField); ok {
			f.Help = "Letzter Tag der Mitgliedschaft (leer = offen). Ab dem Tag danach zählt sie nicht mehr und erscheint nicht mehr im Portal."
		}
		if f, ok := c.Fields.GetByName("party").(*core.TextField); ok {
			f.Help = "Partei oder Wählergruppe; Pflicht auf den Sitzen der Politik. Keine Partei zweimal unter den drei Mitgliedern und drei Stellvertretungen."
		}
		c.ListRule = staff.Or(ptr(workinggroup.CurrentFilter), staff.DecideRule)
		c.ViewRule = c.ListRule
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("working_group_members")
		if err != nil {
			return err
		}
		c.Fields.RemoveByName("deputy_for")
		c.Fields.RemoveByName("active_start")
		c.Fields.RemoveByName("active_end")
		c.ListRule = staff.Or(ptr(oldPublic), staff.DecideRule)
		c.ViewRule = c.ListRule
		return app.Save(c)
	})
}
