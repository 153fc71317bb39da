package workinggroup

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/privacy"
	"ben/hooks/publiccache"
)

// registerPersonalData tells the privacy self-service what the working
// group stores about an account: the memberships linked to it, or carrying
// its confirmed e-mail address, with name, e-mail and phone, and the
// meetings they attended. Contact data of former members is deleted after
// the retention period.
func registerPersonalData(app core.App) {
	privacy.RegisterCollection(app, Collection, "Mitgliedschaften im Arbeitskreis, die mit dem Konto verknüpft sind oder seine "+
		"bestätigte E-Mail-Adresse tragen, stehen im Export und werden mit dem Konto gelöscht; die Koordinierungsstelle "+
		"trägt ein Mitglied ohne Konto bei Bedarf neu ein. E-Mail-Adresse und Telefonnummer früherer Mitglieder werden "+
		"nach der Aufbewahrungsfrist gelöscht.")
	privacy.RegisterCollection(app, Meetings, "Wer an einer Sitzung des Arbeitskreises teilnahm, sieht nur die Koordinierungsstelle; "+
		"die Teilnahme steht im Export der Mitgliedschaft und verschwindet mit ihr. Protokolle nennen Namen nur, wo es nötig ist, "+
		"und bleiben als Unterlagen des Arbeitskreises.")
	privacy.RegisterData(app, privacy.Data{
		Name:  Collection,
		Title: "Mitglieder des Arbeitskreises",
		Notice: privacy.Notice{
			What:       "Name, Sitz im Arbeitskreis, Partei bei Sitzen der Politik, Stellvertretung und wen sie vertritt, Zeitraum der Mitgliedschaft; für die Koordinierungsstelle außerdem E-Mail-Adresse und Telefon.",
			Why:        "Der Arbeitskreis „Engagierte Stadt Bitburg“ steuert die Engagementstrategie; die Öffentlichkeit soll wissen, wer darin sitzt.",
			Who:        "Name, Sitz, Partei und Stellvertretung der heutigen Mitglieder sieht jede und jeder; E-Mail-Adresse und Telefon nur die Koordinierungsstelle (Rolle „Büro“).",
			HowLong:    "Name, Sitz und Partei als Verzeichnis des Arbeitskreises; E-Mail-Adresse und Telefon bis " + privacy.GuestPeriod + " nach dem Ende der Mitgliedschaft. Löschen Sie Ihr Konto, wird Ihre Mitgliedschaft mit gelöscht.",
			LegalBasis: "Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 Landesdatenschutzgesetz Rheinland-Pfalz (Gremium der Stadt).",
		},
		Collections: []string{Collection},
		Export:      exportMemberships,
		Erase:       eraseMemberships,
		Retention:   deleteFormerMembersContacts,
	})
	privacy.RegisterData(app, privacy.Data{
		Name:  Meetings,
		Title: "Sitzungen des Arbeitskreises",
		Notice: privacy.Notice{
			What:       "Wer an einer Sitzung teilnahm; Tagesordnung und Protokoll, die Namen nennen können.",
			Why:        "Die Unterlagen des Arbeitskreises: was er beraten und beschlossen hat.",
			Who:        "Datum, Tagesordnung und Protokoll jede und jeder, sobald die Koordinierungsstelle die Sitzung veröffentlicht; wer teilnahm, nur die Koordinierungsstelle (Rolle „Büro“).",
			HowLong:    "Die Teilnahme, solange die Mitgliedschaft eingetragen ist; Protokolle als Unterlagen des Arbeitskreises. Protokolle nennen Namen nur, wo es nötig ist.",
			LegalBasis: "Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 Landesdatenschutzgesetz Rheinland-Pfalz (Gremium der Stadt).",
		},
		Collections: []string{Meetings},
		Export:      exportAttendance,
	})
}

// membershipsOf selects the memberships that are the account's: linked to
// it, or with the address the account has proved it owns.
func membershipsOf(app core.App, user *core.Record) ([]*core.Record, error) {
	return privacy.Owned{Collection: Collection, UserField: "user", EmailField: "email"}.Find(app, user)
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

// exportAttendance lists the meetings the account's memberships attended:
// their day and whether their minutes are public.
func exportAttendance(app core.App, user *core.Record) (any, error) {
	rows, err := membershipsOf(app, user)
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for _, r := range rows {
		meetings, err := app.FindRecordsByFilter(Meetings, "attendees ~ {:id}", "date", 0, 0, dbx.Params{"id": r.Id})
		if err != nil {
			return nil, err
		}
		for _, m := range meetings {
			out = append(out, map[string]any{"id": m.Id, "date": m.GetDateTime("date"), "published": m.GetBool("published"), "membership": r.Id})
		}
	}
	return out, nil
}

// eraseMemberships deletes the account's memberships: a membership is the
// person's name on a seat, nothing of it stays without the person. A
// deputy who stood in for one of them is left without a member (the
// office then assigns one): the person's erasure must not wait for that.
func eraseMemberships(app core.App, user *core.Record) error {
	rows, err := membershipsOf(app, user)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := app.DB().Update(Collection, dbx.Params{"deputy_for": ""}, dbx.HashExp{"deputy_for": r.Id}).Execute(); err != nil {
			return err
		}
		publiccache.Changed(app, Collection) // a deputy's "deputy_for" is public
		if err := app.Delete(r); err != nil {
			return err
		}
	}
	return nil
}

// deleteFormerMembersContacts clears the e-mail address and phone number of
// memberships that ended before closedBefore: they were kept for
// invitations only. Name, seat and party stay in the register.
func deleteFormerMembersContacts(app core.App, closedBefore time.Time) (int, error) {
	res, err := app.DB().Update(Collection, dbx.Params{"email": "", "phone": ""}, dbx.And(
		dbx.HashExp{"active": false},
		dbx.NewExp("[[active_until]] != '' AND [[active_until]] < {:cut}", dbx.Params{"cut": closedBefore.UTC().Format(types.DefaultDateLayout)}),
		dbx.NewExp("([[email]] != '' OR [[phone]] != '')"),
	)).Execute()
	if err != nil {
		return 0, err
	}
	// hidden fields of former members: no guest's answer shows them, but
	// no kept answer should rest on that
	publiccache.Changed(app, Collection)
	n, err := res.RowsAffected()
	return int(n), err
}
