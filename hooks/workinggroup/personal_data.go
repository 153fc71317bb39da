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
	privacy.RegisterData(privacy.Data{
		Name:  Collection,
		Title: "Mitglieder des Arbeitskreises",
		Notice: privacy.Notice{
			What:       "Name, Sitz im Arbeitskreis, Partei bei Sitzen der Politik, Stellvertretung, Zeitraum der Mitgliedschaft; für die Koordinierungsstelle außerdem E-Mail-Adresse und Telefon.",
			Why:        "Der Arbeitskreis „Engagierte Stadt Bitburg“ steuert die Engagementstrategie; die Öffentlichkeit soll wissen, wer darin sitzt.",
			Who:        "Name, Sitz, Partei und Stellvertretung aktiver Mitglieder sieht jede und jeder; E-Mail-Adresse und Telefon nur die Koordinierungsstelle (Rolle „Büro“).",
			HowLong:    "Solange die Person Mitglied ist; danach trägt die Koordinierungsstelle sie aus. Löschen Sie Ihr Konto, wird Ihre Mitgliedschaft mit gelöscht.",
			LegalBasis: "Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 Landesdatenschutzgesetz Rheinland-Pfalz (Gremium der Stadt).",
		},
		Collections: []string{Collection},
		Export:      exportMemberships,
		Erase:       eraseMemberships,
	})
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
