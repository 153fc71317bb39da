package workinggroup

import (
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/privacy"
)

// registerPersonalData tells the privacy self-service what the working
// group stores about an account: the memberships linked to it, or carrying
// its confirmed e-mail address, with name, e-mail and phone.
func registerPersonalData() {
	privacy.RegisterCollection(Collection, "Mitgliedschaften im Arbeitskreis, die mit dem Konto verknüpft sind oder seine "+
		"bestätigte E-Mail-Adresse tragen, stehen im Export und werden mit dem Konto gelöscht; die Koordinierungsstelle "+
		"trägt ein Mitglied ohne Konto bei Bedarf neu ein.")
	privacy.RegisterExporter(Collection, exportMemberships)
	privacy.RegisterEraser(Collection, eraseMemberships)
}

// membershipsOf selects the memberships that are the account's: linked to
// it, or with the address the account has proved it owns.
func membershipsOf(app core.App, user *core.Record) ([]*core.Record, error) {
	where := dbx.Or(dbx.HashExp{"user": user.Id})
	if user.Verified() && user.Email() != "" {
		where = dbx.Or(dbx.HashExp{"user": user.Id},
			dbx.NewExp("email != '' AND LOWER([[email]]) = {:email}", dbx.Params{"email": strings.ToLower(user.Email())}))
	}
	return app.FindAllRecords(Collection, where)
}

func exportMemberships(app core.App, user *core.Record) (any, error) {
	rows, err := membershipsOf(app, user)
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for _, r := range rows {
		// the person's own contact data, hidden from everyone else
		out = append(out, r.Fresh().Unhide(r.Collection().Fields.FieldNames()...).PublicExport())
	}
	return out, nil
}

// eraseMemberships deletes the account's memberships: a membership is the
// person's name on a seat, nothing of it stays without the person.
func eraseMemberships(app core.App, user *core.Record) error {
	rows, err := membershipsOf(app, user)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := app.Delete(r); err != nil {
			return err
		}
	}
	return nil
}
