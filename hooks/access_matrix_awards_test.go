package hooks_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

// The working group and award collections in the access matrix. The
// jurors are fixture accounts: the citizen (who also plays "applicant") sits
// on the jury of the target's round, editor B (also "editorOther" and
// "otherApplicant") on the jury of another round. So the "applicant" row
// equals "jurorThis" here, and the rows of editor B equal "jurorOther".
const voteMatrix = "votematrixthis1" // the citizen's vote on nomMedal1

var awardJurors = map[string]string{"jurorThis": "citizen", "jurorOther": "editorB"}

// matrixAwardsSetup seeds the award records and seats the matrix jurors.
func matrixAwardsSetup(t testing.TB, app *tests.TestApp, f *testapp.Fixture) {
	t.Helper()
	af := &awardsFixture{Fixture: &testapp.Fixture{}}
	*af.Fixture = *f
	af.Tokens = map[string]string{} // the shared fixture stays untouched
	seedAwards(t, app, af)
	for round, juror := range map[string]string{roundMedal: f.Citizen.Id, roundDraft: f.Citizen.Id, roundPrize: f.EditorB.Id} {
		updateRecord(t, app, "award_rounds", round, map[string]any{"jury+": juror})
	}
	saveRecord(t, app, "jury_votes", voteMatrix, map[string]any{"nomination": nomMedal1, "juror": f.Citizen.Id, "score": 5})
}

// userOf is the id of the account that plays role in the award rows.
func userOf(f *testapp.Fixture, role string) string {
	return map[string]string{"user": f.Unchecked.Id, "editorThis": f.EditorA.Id, "editorOther": f.EditorB.Id,
		"applicant": f.Citizen.Id, "otherApplicant": f.EditorB.Id, "jurorThis": f.Citizen.Id, "jurorOther": f.EditorB.Id,
		"staff": f.Citizen.Id, "staffBuero": f.Citizen.Id, "staffRedaktion": f.Citizen.Id, "guest": f.Citizen.Id}[role]
}

func init() {
	all := func(cell string) map[string]string {
		m := map[string]string{}
		for _, r := range roles {
			m[r] = cell
		}
		m["staff"], m["staffBuero"] = "LVCUDR", "LVCUDR"
		return m
	}
	jurorThis := func(base map[string]string, cell string) map[string]string {
		base["jurorThis"], base["applicant"] = cell, cell
		return base
	}

	matrix["working_group_members"] = matrixSpec{
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			matrixAwardsSetup(t, app, f)
			return wgFormer // former members are not public
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"person_name":"Matrix","seat":"caritas","active":true}`
		},
		update: `{"phone":"0123"}`,
		users:  awardJurors,
		rows:   buero(none()),
	}
	matrix["working_group_meetings"] = matrixSpec{
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			matrixAwardsSetup(t, app, f)
			// a planned meeting, not published, that nothing refers to
			return saveRecord(t, app, "working_group_meetings", "meetingmatrix01", map[string]any{
				"date": today(20), "agenda": "<p>Planung</p>", "attendees": []string{wgMayor}}).Id
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"date":"2030-01-01 17:00:00.000Z","agenda":"<p>Matrix</p>"}`
		},
		update: `{"agenda":"<p>Neue Tagesordnung</p>"}`,
		users:  awardJurors,
		rows:   buero(none()),
	}
	matrix["recommendations"] = matrixSpec{
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			matrixAwardsSetup(t, app, f)
			return recProposed // proposed: only the office sees it
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"title":"Matrix","text":"<p>Matrix</p>","meeting":"` + meetingPlanned + `"}`
		},
		update: `{"title":"Neuer Titel"}`,
		users:  awardJurors,
		rows:   buero(none()),
	}
	matrix["election_periods"] = matrixSpec{
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			matrixAwardsSetup(t, app, f)
			p, err := app.FindFirstRecordByData("election_periods", "name", "2019–2024")
			if err != nil {
				t.Fatal(err)
			}
			return p.Id // public like every period; it has no rounds, so staff may delete it
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"name":"2039–2044","starts_on":"2039-06-12 00:00:00.000Z","ends_on":"2044-06-11 00:00:00.000Z"}`
		},
		update: `{"name":"2019–2024 (Wahlperiode)"}`,
		users:  awardJurors,
		rows:   all("LVR"),
	}
	matrix["award_rounds"] = matrixSpec{
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			matrixAwardsSetup(t, app, f)
			return roundDraft // a draft: only staff and its jury see it
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			draft, _ := app.FindRecordById("award_rounds", roundDraft) // in the running period
			return `{"kind":"projektpreis","period":"` + draft.GetString("period") + `","nominations_from":"` + today(1).Format("2006-01-02") +
				` 00:00:00.000Z","nominations_until":"` + today(2).Format("2006-01-02") + ` 00:00:00.000Z"}`
		},
		update: `{"title":"Neuer Titel"}`,
		users:  awardJurors,
		rows:   buero(jurorThis(none(), "LVR")),
	}
	matrix["nominations"] = matrixSpec{
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			matrixAwardsSetup(t, app, f)
			return nomMedal1
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"round":"` + roundMedal + `","nominee_name":"Matrix","reason":"Weil.","nominator_name":"M","nominator_email":"m@example.org","consent":true}`
		},
		update: `{"status":"admitted"}`,
		users:  awardJurors,
		// anyone may nominate while the round is open; only its jury and staff read it
		rows: jurorThis(all("C"), "LVCR"),
	}
	matrix["jury_votes"] = matrixSpec{
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			matrixAwardsSetup(t, app, f)
			return voteMatrix
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"nomination":"` + nomMedal2 + `","juror":"` + userOf(f, role) + `","score":3}`
		},
		update: `{"score":2}`,
		users:  awardJurors,
		// a juror manages their own votes on their round; staff enter paper ballots
		rows: buero(jurorThis(none(), "LVCUDR")),
	}
	matrix["awards"] = matrixSpec{
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			matrixAwardsSetup(t, app, f)
			return awardLetter // a thank-you letter is never public
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"kind":"dankesbrief","recipient_name":"Matrix","citation":"Danke.","awarded_at":"2026-01-01 00:00:00.000Z"}`
		},
		update: `{"citation":"Herzlichen Dank."}`,
		users:  awardJurors,
		rows:   buero(none()),
	}
}
