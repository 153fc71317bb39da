package hooks_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

// Registrations, the festival, partner applications and ideas in the access
// matrix.
func init() {
	// The target is the citizen's (the "applicant" here) registration for
	// EventA of ClubA; new registrations are for the office's training.
	matrix["event_registrations"] = matrixSpec{
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			seedRegistrations(t, app, f)
			return regCitizenA
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"event":"` + f.EventOffice.Id + `","name":"Matrix","email":"matrix@example.org","consent":true}`
		},
		update: `{"status":"cancelled"}`,
		// anyone may register; the participant sees and cancels their own, the
		// organising club's editors see and mark the list; the office (buero)
		// only the registrations of its own events, and nobody but
		// superusers deletes one
		rows: map[string]string{"guest": "C", "user": "C", "editorThis": "LVCUR", "editorOther": "C", "applicant": "LVCUR", "otherApplicant": "C",
			"jurorThis": "C", "jurorOther": "C", "staff": "LVCUDR", "staffBuero": "C", "staffRedaktion": "C"},
	}

	// The target is Turnverein A's registration (editor A is "editorThis")
	// for the festival; new registrations are for a second festival.
	matrix["festival_participations"] = matrixSpec{
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			seedFestival(t, app, f)
			saveRecord(t, app, "events", matrixFestival, map[string]any{"title": "Bitburg engagiert sich (Matrix)", "kind": "vereinsfest",
				"published": true, "starts_at": time.Now().AddDate(3, 0, 0), "ends_at": time.Now().AddDate(3, 0, 0).Add(time.Hour)})
			return festSubmittedA
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			club := f.ClubA.Id
			if role == "editorOther" || role == "otherApplicant" {
				club = f.ClubB.Id
			}
			return `{"event":"` + matrixFestival + `","organisation":"` + club + `","offer":"Matrix"}`
		},
		update: `{"offer":"Neues Angebot"}`,
		// the club's editors register, change and withdraw it while it is
		// undecided; another club's editors register their own; the office
		// (buero) decides; nobody else sees an undecided registration
		rows: buero(with(none(), map[string]string{"editorThis": "LVCUDR", "editorOther": "C", "otherApplicant": "C"})),
	}

	// The target waits for the office's decision.
	matrix["partner_applications"] = matrixSpec{
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			seedPartnerApplications(t, app, nil)
			return partnerAppSubmitted
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"business_name":"Matrix","contact_name":"M","email":"m@example.org","category":"Freizeit","benefit":"10 %","consent":true}`
		},
		update: `{"note":"Wir melden uns."}`,
		// anyone applies, without an account; only the office (buero) reads and decides
		rows: buero(with(none(), map[string]string{"guest": "C", "user": "C", "editorThis": "C", "editorOther": "C", "applicant": "C",
			"otherApplicant": "C", "jurorThis": "C", "jurorOther": "C", "staffRedaktion": "C"})),
	}

	// The target is the citizen's idea, not yet published.
	matrix["ideas"] = matrixSpec{
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			seedIdeas(t, app, f)
			return ideaCitizen
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"title":"Matrix","text":"Eine Idee.","name":"M","email":"m@example.org","consent":true}`
		},
		update: `{"response":"Danke für die Idee."}`,
		// anyone sends an idea; the sender sees and withdraws it while it is
		// not public; only the office (buero) publishes and answers
		rows: buero(with(none(), map[string]string{"guest": "C", "user": "C", "editorThis": "C", "editorOther": "C", "applicant": "LVCDR",
			"otherApplicant": "C", "jurorThis": "C", "jurorOther": "C", "staffRedaktion": "C"})),
	}
}

// matrixFestival is the second festival of the matrix apps.
const matrixFestival = "matrixfestival2"
