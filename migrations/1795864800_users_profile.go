package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The default users collection gets a phone number and German help texts;
// only the account owner and staff may see or change a user record.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}

		if f, ok := users.Fields.GetByName("name").(*core.TextField); ok {
			f.Max = 120
			f.Help = "Vor- und Nachname, wie er im Portal erscheint."
		}
		users.Fields.Add(&core.TextField{
			Name: "phone",
			Max:  40,
			Help: "Freiwillig: Telefonnummer für Rückfragen der Koordinierungsstelle.",
		})

		self := "id = @request.auth.id"
		users.ListRule = &self
		users.ViewRule = &self
		users.UpdateRule = &self
		users.DeleteRule = &self
		open := ""
		users.CreateRule = &open

		return app.Save(users)
	}, func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		users.Fields.RemoveByName("phone")
		return app.Save(users)
	})
}
