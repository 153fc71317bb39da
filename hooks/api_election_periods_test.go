package hooks_test

import (
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/tests"
)

func TestElectionPeriodsAccess(t *testing.T) {
	t.Parallel()
	app, f := awardsApp(t)
	const url = "/api/collections/election_periods/records"
	p2019, err := app.FindFirstRecordByData("election_periods", "name", "2019–2024")
	if err != nil {
		t.Fatal("the period 2019–2024 must be seeded")
	}
	one := func(id string) string { return url + "/" + id }
	next := `{"name":"2029–2034","starts_on":"2029-06-09 00:00:00.000Z","ends_on":"2034-06-08 00:00:00.000Z"}`

	scenarios := []tests.ApiScenario{
		// list and view: public
		{Name: "guest lists the seeded election periods with their dates", Method: http.MethodGet, URL: url + "?sort=starts_on",
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`,
				`"ends_on":"2024-06-08 00:00:00.000Z","id":"` + p2019.Id + `","name":"2019–2024","starts_on":"2019-05-26 00:00:00.000Z"`,
				`"ends_on":"2029-06-08 00:00:00.000Z","id":"` + f.period2024 + `","name":"2024–2029","starts_on":"2024-06-09 00:00:00.000Z"`}},
		{Name: "citizen lists the election periods", Method: http.MethodGet, URL: url, Headers: f.Header("citizen"), ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`}},
		{Name: "juror lists the election periods", Method: http.MethodGet, URL: url, Headers: f.Header("jurorA"), ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`}},
		{Name: "juror of another round lists the election periods", Method: http.MethodGet, URL: url, Headers: f.Header("jurorB"), ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`}},
		{Name: "staff list the election periods", Method: http.MethodGet, URL: url, Headers: f.Header("staff"), ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`}},
		{Name: "guest views an election period", Method: http.MethodGet, URL: one(p2019.Id), ExpectedStatus: 200, ExpectedContent: []string{"2019–2024"}},

		// create: staff only, without overlaps
		{Name: "guest cannot add a period", Method: http.MethodPost, URL: url, Body: body(next), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "citizen cannot add a period", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"), Body: body(next), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "juror cannot add a period", Method: http.MethodPost, URL: url, Headers: f.Header("jurorA"), Body: body(next), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "juror of another round cannot add a period", Method: http.MethodPost, URL: url, Headers: f.Header("jurorB"), Body: body(next), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "staff add the next period from the day after the last one ends", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: body(next),
			ExpectedStatus: 200, ExpectedContent: []string{`"name":"2029–2034"`}},
		{Name: "staff cannot start a period on the last day of the previous one", Method: http.MethodPost, URL: url, Headers: f.Header("staff"),
			Body:           body(`{"name":"2029–2034","starts_on":"2029-06-08 00:00:00.000Z","ends_on":"2034-06-08 00:00:00.000Z"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"starts_on":{"code":"validation_period_overlap","message":"Die Wahlperiode überschneidet sich mit der Wahlperiode „2024–2029“ (9. Juni 2024 bis 8. Juni 2029)."`}},
		{Name: "staff cannot end a period before it starts", Method: http.MethodPost, URL: url, Headers: f.Header("staff"),
			Body:           body(`{"name":"2034–2039","starts_on":"2039-01-01 00:00:00.000Z","ends_on":"2034-06-08 00:00:00.000Z"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"ends_on":{"code":"validation_period_order"`}},

		// update
		{Name: "guest cannot change a period", Method: http.MethodPatch, URL: one(p2019.Id), Body: body(`{"name":"x"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot change a period", Method: http.MethodPatch, URL: one(p2019.Id), Headers: f.Header("citizen"), Body: body(`{"name":"x"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror cannot change a period", Method: http.MethodPatch, URL: one(p2019.Id), Headers: f.Header("jurorA"), Body: body(`{"name":"x"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror of another round cannot change a period", Method: http.MethodPatch, URL: one(p2019.Id), Headers: f.Header("jurorB"), Body: body(`{"name":"x"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff correct the end of the running period once the election day is set", Method: http.MethodPatch, URL: one(f.period2024), Headers: f.Header("staff"),
			Body: body(`{"ends_on":"2029-06-09 00:00:00.000Z"}`), ExpectedStatus: 200, ExpectedContent: []string{`"ends_on":"2029-06-09 00:00:00.000Z"`}},
		{Name: "staff cannot stretch a period over the previous one", Method: http.MethodPatch, URL: one(f.period2024), Headers: f.Header("staff"),
			Body: body(`{"starts_on":"2024-06-08 00:00:00.000Z"}`), ExpectedStatus: 400, ExpectedContent: []string{"validation_period_overlap"}},

		// delete
		{Name: "guest cannot delete a period", Method: http.MethodDelete, URL: one(p2019.Id), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot delete a period", Method: http.MethodDelete, URL: one(p2019.Id), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror cannot delete a period", Method: http.MethodDelete, URL: one(p2019.Id), Headers: f.Header("jurorA"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror of another round cannot delete a period", Method: http.MethodDelete, URL: one(p2019.Id), Headers: f.Header("jurorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff delete a period without rounds", Method: http.MethodDelete, URL: one(p2019.Id), Headers: f.Header("staff"), ExpectedStatus: 204},
		{Name: "staff cannot delete a period that has rounds", Method: http.MethodDelete, URL: one(f.period2024), Headers: f.Header("staff"),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
	}

	runScenarios(t, awardsFactory, scenarios)
}
