package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/awards"
)

// decideRound closes the votes of the medal round.
func decideRound(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
	updateRecord(t, app, awards.Rounds, roundMedal, map[string]any{"status": "decided"})
}

func TestJuryVotesAccess(t *testing.T) {
	t.Parallel()
	_, f := awardsApp(t)
	const url = "/api/collections/jury_votes/records"
	one := func(id string) string { return url + "/" + id }
	vote := func(nomination, juror, score string) *strings.Reader {
		return strings.NewReader(`{"nomination":"` + nomination + `","juror":"` + juror + `","score":` + score + `}`)
	}

	scenarios := []tests.ApiScenario{
		// list
		{Name: "guest lists no votes", Method: http.MethodGet, URL: url, ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "citizen lists no votes", Method: http.MethodGet, URL: url, Headers: f.Header("citizen"), ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "juror lists only their own votes", Method: http.MethodGet, URL: url, Headers: f.Header("jurorA"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, voteA, `"score":4`}, NotExpectedContent: []string{voteB}},
		{Name: "juror of another round lists only their own votes", Method: http.MethodGet, URL: url, Headers: f.Header("jurorB"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, voteB}, NotExpectedContent: []string{voteA}},
		{Name: "staff list every vote", Method: http.MethodGet, URL: url, Headers: f.Header("staff"), ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`}},
		{Name: "juror cannot probe nominators through their votes", Method: http.MethodGet, URL: url + "?filter=(nomination.nominator_email~'n')", Headers: f.Header("jurorA"),
			ExpectedStatus: 400, ExpectedContent: []string{"E-Mail-Adresse"}},
		{Name: "juror sees their votes with the nominations, without the nominators' addresses", Method: http.MethodGet, URL: url + "?expand=nomination", Headers: f.Header("jurorA"),
			ExpectedStatus: 200, ExpectedContent: []string{"Hilde Helferin"}, NotExpectedContent: []string{nominatorEmail}},

		// view
		{Name: "guest cannot view a vote", Method: http.MethodGet, URL: one(voteA), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot view a vote", Method: http.MethodGet, URL: one(voteA), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror views their own vote", Method: http.MethodGet, URL: one(voteA), Headers: f.Header("jurorA"), ExpectedStatus: 200, ExpectedContent: []string{`"comment":"Stark."`}},
		{Name: "juror cannot view another juror's vote", Method: http.MethodGet, URL: one(voteB), Headers: f.Header("jurorA"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror of another round cannot view the vote", Method: http.MethodGet, URL: one(voteA), Headers: f.Header("jurorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff view a vote", Method: http.MethodGet, URL: one(voteA), Headers: f.Header("staff"), ExpectedStatus: 200, ExpectedContent: []string{voteA}},

		// create
		{Name: "guest cannot vote", Method: http.MethodPost, URL: url, Body: vote(nomMedal2, jurorA, "5"), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "citizen cannot vote", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"), Body: vote(nomMedal2, f.Citizen.Id, "5"), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "juror scores a nomination of their round with 5", Method: http.MethodPost, URL: url, Headers: f.Header("jurorA"), Body: vote(nomMedal2, jurorA, "5"),
			ExpectedStatus: 200, ExpectedContent: []string{`"score":5`}},
		{Name: "juror scores a nomination of their round with 1", Method: http.MethodPost, URL: url, Headers: f.Header("jurorA"), Body: vote(nomMedal2, jurorA, "1"),
			ExpectedStatus: 200, ExpectedContent: []string{`"score":1`}},
		{Name: "a score of 0 is refused", Method: http.MethodPost, URL: url, Headers: f.Header("jurorA"), Body: vote(nomMedal2, jurorA, "0"),
			ExpectedStatus: 400, ExpectedContent: []string{`"score":{"code":"validation_required"`}},
		{Name: "a score of 6 is refused", Method: http.MethodPost, URL: url, Headers: f.Header("jurorA"), Body: vote(nomMedal2, jurorA, "6"),
			ExpectedStatus: 400, ExpectedContent: []string{`"score":{"code":"validation_max_number_constraint"`}},
		{Name: "a score of 2.5 is refused", Method: http.MethodPost, URL: url, Headers: f.Header("jurorA"), Body: vote(nomMedal2, jurorA, "2.5"),
			ExpectedStatus: 400, ExpectedContent: []string{`"score":{"code":"validation_only_int_constraint"`}},
		{Name: "juror votes once per nomination", Method: http.MethodPost, URL: url, Headers: f.Header("jurorA"), Body: vote(nomMedal1, jurorA, "2"),
			ExpectedStatus: 400, ExpectedContent: []string{"validation_not_unique"}},
		{Name: "juror cannot vote in another juror's name", Method: http.MethodPost, URL: url, Headers: f.Header("jurorA"), Body: vote(nomMedal2, jurorB, "5"),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "juror of another round cannot vote on this round", Method: http.MethodPost, URL: url, Headers: f.Header("jurorB"), Body: vote(nomMedal2, jurorB, "5"),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "juror cannot vote once the round is decided", Method: http.MethodPost, URL: url, Headers: f.Header("jurorA"), Body: vote(nomMedal2, jurorA, "5"),
			BeforeTestFunc: decideRound, ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "staff enter a paper ballot of a juror", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: vote(nomMedal2, jurorA, "3"),
			ExpectedStatus: 200, ExpectedContent: []string{`"score":3`}},
		{Name: "staff cannot enter a vote of someone outside the jury", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: vote(nomMedal2, jurorB, "3"),
			ExpectedStatus: 400, ExpectedContent: []string{`"juror":{"code":"validation_not_on_jury","message":"Nur die Jury dieser Runde kann ihre Vorschläge bewerten."}`}},

		// update
		{Name: "guest cannot change a vote", Method: http.MethodPatch, URL: one(voteA), Body: body(`{"score":1}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot change a vote", Method: http.MethodPatch, URL: one(voteA), Headers: f.Header("citizen"), Body: body(`{"score":1}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror changes their own vote", Method: http.MethodPatch, URL: one(voteA), Headers: f.Header("jurorA"), Body: body(`{"score":5,"comment":"Noch stärker."}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"score":5`}},
		{Name: "juror cannot change another juror's vote", Method: http.MethodPatch, URL: one(voteB), Headers: f.Header("jurorA"), Body: body(`{"score":1}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror of another round cannot change the vote", Method: http.MethodPatch, URL: one(voteA), Headers: f.Header("jurorB"), Body: body(`{"score":1}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror cannot move their vote to another nomination", Method: http.MethodPatch, URL: one(voteA), Headers: f.Header("jurorA"), Body: body(`{"nomination":"` + nomMedal2 + `"}`),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror cannot hand their vote to someone else", Method: http.MethodPatch, URL: one(voteA), Headers: f.Header("jurorA"), Body: body(`{"juror":"` + jurorB + `"}`),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror cannot change their vote once the round is decided", Method: http.MethodPatch, URL: one(voteA), Headers: f.Header("jurorA"), Body: body(`{"score":1}`),
			BeforeTestFunc: decideRound, ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff correct a vote", Method: http.MethodPatch, URL: one(voteA), Headers: f.Header("staff"), Body: body(`{"score":2}`), ExpectedStatus: 200, ExpectedContent: []string{`"score":2`}},

		// delete
		{Name: "guest cannot delete a vote", Method: http.MethodDelete, URL: one(voteA), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot delete a vote", Method: http.MethodDelete, URL: one(voteA), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror withdraws their own vote", Method: http.MethodDelete, URL: one(voteA), Headers: f.Header("jurorA"), ExpectedStatus: 204},
		{Name: "juror cannot delete another juror's vote", Method: http.MethodDelete, URL: one(voteB), Headers: f.Header("jurorA"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror of another round cannot delete the vote", Method: http.MethodDelete, URL: one(voteA), Headers: f.Header("jurorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror cannot withdraw a vote once the round is decided", Method: http.MethodDelete, URL: one(voteA), Headers: f.Header("jurorA"),
			BeforeTestFunc: decideRound, ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff delete a vote", Method: http.MethodDelete, URL: one(voteA), Headers: f.Header("staff"), ExpectedStatus: 204},
	}

	runScenarios(t, awardsFactory, scenarios)
}
