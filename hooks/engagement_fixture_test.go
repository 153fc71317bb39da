package hooks_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

// Ids of the engagement records every engagement test starts with. They are
// fixed so that scenario tables can name them before the app exists.
const (
	oppA        = "oppclubapublish" // published, of ClubA: sport and youth, regular, 2 h
	oppADraft   = "oppclubadraft00" // draft, of ClubA
	oppAExpired = "oppclubaexpired" // published, but its published_until has passed
	oppB        = "oppclubbpublish" // published, of ClubB: culture, one-off
	oppPending  = "opppendingorg00" // published, but its organisation is pending (edited by EditorA)

	interestGuestA   = "intguestclubaaa" // guest "Gerda Gast" answered oppA
	interestCitizenA = "intcitizenclaaa" // the citizen answered oppA
	interestGuestB   = "intguestclubbbb" // guest "Bruno Besucher" answered oppB

	enquiryGuest   = "enqguestenquiry" // guest "Erika Anfrage" asks about youth and sport
	enquiryCitizen = "enqcitizenenqui" // the citizen asks about culture
)

// Distinct personal data of the seeded guests, to search responses for.
const (
	guestAName    = "Gerda Gast"
	guestAEmail   = "gerda.gast@gast.example"
	guestBName    = "Bruno Besucher"
	guestBEmail   = "bruno.besucher@gast.example"
	enquirerName  = "Erika Anfrage"
	enquirerEmail = "erika.anfrage@gast.example"
)

// engagementApp is a fresh test app with the engagement records seeded.
func engagementApp(t testing.TB) *tests.TestApp { return appWith(t, seedEngagement) }

func seedEngagement(t testing.TB, app *tests.TestApp, f *testapp.Fixture) {
	t.Helper()
	now := time.Now().UTC()
	save := func(coll, id string, data map[string]any) { saveRecord(t, app, coll, id, data) }

	save("opportunities", oppA, map[string]any{
		"organisation": f.ClubA.Id, "title": "Jugendtrainer gesucht", "topics": []string{"sport", "jugend"},
		"commitment": "regelmaessig", "hours_per_week": 2, "status": "published",
		"published_until": now.AddDate(0, 2, 0), "published_at": now.AddDate(0, 0, -3),
	})
	save("opportunities", oppADraft, map[string]any{
		"organisation": f.ClubA.Id, "title": "Entwurf Kassenprüfung", "topics": []string{"sport"},
		"commitment": "einmalig", "status": "draft",
	})
	// stored as it would be between its end and the next run of the job
	expired := testapp.Record(t, app, "opportunities", oppAExpired, map[string]any{
		"organisation": f.ClubA.Id, "title": "Abgelaufenes Angebot", "topics": []string{"sport"},
		"commitment": "projekt", "status": "published",
		"published_until": now.Add(-time.Hour), "published_at": now.AddDate(0, -1, 0),
	})
	if err := app.SaveNoValidate(expired); err != nil {
		t.Fatal(err)
	}
	save("opportunities", oppB, map[string]any{
		"organisation": f.ClubB.Id, "title": "Notenwart für das Konzert", "topics": []string{"kultur"},
		"commitment": "einmalig", "hours_per_week": 1, "status": "published", "published_at": now.AddDate(0, -3, 0),
	})
	save("opportunities", oppPending, map[string]any{
		"organisation": f.Pending.Id, "title": "Angebot der neuen Initiative", "topics": []string{"sport"},
		"commitment": "regelmaessig", "status": "published",
	})

	save("interests", interestGuestA, map[string]any{
		"opportunity": oppA, "name": guestAName, "email": guestAEmail,
		"message": "Ich habe früher selbst Fußball gespielt.", "consent": true,
	})
	save("interests", interestCitizenA, map[string]any{
		"opportunity": oppA, "user": f.Citizen.Id, "name": "Clara Bürgerin", "email": "citizen@test.example",
		"message": "Dienstags kann ich gut.", "consent": true,
	})
	save("interests", interestGuestB, map[string]any{
		"opportunity": oppB, "name": guestBName, "email": guestBEmail, "consent": true,
	})

	save("enquiries", enquiryGuest, map[string]any{
		"name": enquirerName, "email": enquirerEmail, "phone": "0170 1234567",
		"topics": []string{"jugend", "sport"}, "availability": []string{"regelmaessig"}, "hours_per_week": 3,
		"message": "Ich möchte mit Jugendlichen arbeiten.", "consent": true,
	})
	save("enquiries", enquiryCitizen, map[string]any{
		"name": "Clara Bürgerin", "email": "citizen@test.example", "user": f.Citizen.Id,
		"topics": []string{"kultur"}, "consent": true,
	})
}

func engMustSave(t testing.TB, app core.App, r *core.Record) {
	t.Helper()
	if err := app.Save(r); err != nil {
		t.Fatalf("%s: %v", r.Collection().Name, err)
	}
}

func engSetStatus(t testing.TB, app core.App, coll, id, status string) {
	t.Helper()
	updateRecord(t, app, coll, id, map[string]any{"status": status})
}

func engExists(app core.App, id string) bool {
	for _, coll := range []string{"interests", "enquiries", "opportunities"} {
		if _, err := app.FindRecordById(coll, id); err == nil {
			return true
		}
	}
	return false
}
