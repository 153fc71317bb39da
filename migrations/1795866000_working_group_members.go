package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The working group "Engagierte Stadt Bitburg" (strategy §4.1): who sits on
// which seat. The list of active members (names, seats, parties) is public;
// contact data and the link to a portal account only staff see. The head
// count and the seat quotas are kept in hooks/workinggroup.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}

		c := core.NewBaseCollection("working_group_members")
		c.Fields.Add(
			&core.TextField{Name: "person_name", Required: true, Max: 120, Presentable: true,
				Help: "Vor- und Nachname (öffentlich)."},
			&core.RelationField{Name: "user", CollectionId: users.Id, MaxSelect: 1, Hidden: true,
				Help: "Benutzerkonto im Portal, falls vorhanden, z. B. für die Arbeit in einer Jury. Nur für die Koordinierungsstelle sichtbar."},
			&core.SelectField{Name: "seat", Required: true, MaxSelect: 1,
				Values: []string{"buergermeister", "koordination", "caritas", "pflegestuetzpunkt_drk", "gleichstellung",
					"politik", "verein_buergerschaft", "jugend", "erweiterung"},
				Help: "Sitz: Bürgermeister (oder Vertretung), Koordinierung, Caritasverband Westeifel, Pflegestützpunkt/DRK, " +
					"Gleichstellung, Politik (3 Mitglieder, 3 Stellvertretungen), Vereine/Bürgerschaft (2), Jugend (je 1); " +
					"Erweiterung bei Bedarf, immer mit Begründung."},
			&core.TextField{Name: "party", Max: 120,
				Help: "Partei oder Wählergruppe (bei Sitzen der Politik)."},
			&core.BoolField{Name: "deputy",
				Help: "Stellvertretung. Nur auf Sitzen der Politik; Stellvertretungen sind keine Mitglieder und zählen nicht zur Mitgliederzahl."},
			&core.BoolField{Name: "active",
				Help: "Gehört zurzeit dem Arbeitskreis an. Der Arbeitskreis hat 10 Mitglieder, bei Bedarf bis zu 12; ein 13. wird abgelehnt."},
			&core.DateField{Name: "active_from",
				Help: "Mitglied seit."},
			&core.DateField{Name: "active_until",
				Help: "Mitglied bis (leer = offen). Beim Ausscheiden zusätzlich „aktiv“ abwählen."},
			&core.TextField{Name: "extension_reason", Max: 1000,
				Help: "Begründung für die Erweiterung: Pflicht für das Mitglied, mit dem der Arbeitskreis 11 oder 12 Mitglieder hat, und immer auf einem Erweiterungssitz."},
			&core.EmailField{Name: "email", Hidden: true,
				Help: "E-Mail-Adresse für Einladungen. Nur für die Koordinierungsstelle sichtbar."},
			&core.TextField{Name: "phone", Max: 40, Hidden: true,
				Help: "Telefonnummer. Nur für die Koordinierungsstelle sichtbar."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)

		// the current working group is public; only staff write (nil rules)
		c.ListRule = ptr(`active = true`)
		c.ViewRule = c.ListRule

		c.AddIndex("idx_working_group_members_active_seat", false, "active, seat", "")

		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("working_group_members")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
