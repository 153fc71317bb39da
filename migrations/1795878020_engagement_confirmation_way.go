package migrations

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/staff"
)

// How an engagement was confirmed, for the office's view: confirmed_via
// names the way (an editor of the organisation in the portal, the contact
// person by e-mail link, or the office itself), confirmation_reason the
// office's written reason, decided_by the staff account (empty for a
// superuser). Only the office sees the reason and the account; the
// applicant sees confirmed_by ("Koordinierungsstelle"). Confirmations
// stored before get their way from what was recorded.
func init() {
	m.Register(func(app core.App) error {
		engagements, err := app.FindCollectionByNameOrId("engagements")
		if err != nil {
			return err
		}
		staffColl, err := app.FindCollectionByNameOrId(staff.Collection)
		if err != nil {
			return err
		}
		engagements.Fields.Add(
			&core.SelectField{Name: "confirmed_via", MaxSelect: 1, Values: []string{"editor", "email_link", "staff"},
				Help: "Wie bestätigt wurde (wird gesetzt): editor = Bearbeitung der Organisation im Portal, email_link = Ansprechperson per E-Mail-Link, staff = Koordinierungsstelle mit Begründung."},
			&core.TextField{Name: "confirmation_reason", Max: 2000,
				Help: "Begründung, wenn die Koordinierungsstelle selbst bestätigt hat, z. B. „schriftliche Bestätigung liegt vor“ (nur für die Koordinierungsstelle sichtbar)."},
			&core.RelationField{Name: "decided_by", CollectionId: staffColl.Id, MaxSelect: 1,
				Help: "Wer aus der Koordinierungsstelle bestätigt hat (wird gesetzt); leer bei einem Superuser oder einer anderen Bestätigung."},
		)
		if err := app.Save(engagements); err != nil {
			return err
		}
		for via, cond := range map[string]dbx.Expression{
			"editor":     dbx.NewExp("confirmed_at != '' AND confirmed_by_account != ''"),
			"email_link": dbx.NewExp("confirmed_at != '' AND confirmed_by_account = '' AND confirmed_by LIKE '%per E-Mail-Link'"),
		} {
			if _, err := app.DB().Update("engagements", dbx.Params{"confirmed_via": via}, cond).Execute(); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		engagements, err := app.FindCollectionByNameOrId("engagements")
		if err != nil {
			return err
		}
		for _, f := range []string{"confirmed_via", "confirmation_reason", "decided_by"} {
			engagements.Fields.RemoveByName(f)
		}
		return app.Save(engagements)
	})
}
