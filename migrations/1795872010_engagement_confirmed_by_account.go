package migrations

import (
	"regexp"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// confirmedByWithAddress is how confirmations were written before: the
// confirming person's name, their login or contact e-mail, and how.
var confirmedByWithAddress = regexp.MustCompile(`^(.*) <([^<>]*)> (für .*|per E-Mail-Link)$`)

// An engagement's confirmed_by is shown to the applicant: it names the
// editor and the organisation, or the contact person, never an e-mail
// address. The account of a confirming editor is kept in the hidden
// relation confirmed_by_account instead, so that deleting that account can
// still remove the name. Confirmations written before lose their address.
func init() {
	m.Register(func(app core.App) error {
		engagements, err := app.FindCollectionByNameOrId("engagements")
		if err != nil {
			return err
		}
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		engagements.Fields.Add(&core.RelationField{Name: "confirmed_by_account", CollectionId: users.Id, MaxSelect: 1, Hidden: true,
			Help: "Das Konto der Bearbeitung, die das Engagement bestätigt hat (intern)."})
		if err := app.Save(engagements); err != nil {
			return err
		}

		rows, err := app.FindAllRecords(engagements, dbx.NewExp("confirmed_by LIKE '%<%>%'"))
		if err != nil {
			return err
		}
		for _, r := range rows {
			parts := confirmedByWithAddress.FindStringSubmatch(r.GetString("confirmed_by"))
			if parts == nil {
				continue
			}
			r.Set("confirmed_by", parts[1]+" "+parts[3])
			if parts[3] != "per E-Mail-Link" {
				if u, err := app.FindAuthRecordByEmail(users, parts[2]); err == nil {
					r.Set("confirmed_by_account", u.Id)
				}
			}
			if err := app.SaveNoValidate(r); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		engagements, err := app.FindCollectionByNameOrId("engagements")
		if err != nil {
			return err
		}
		engagements.Fields.RemoveByName("confirmed_by_account")
		return app.Save(engagements)
	})
}
