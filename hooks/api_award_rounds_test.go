package hooks_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"ben/hooks/awards"
	"ben/hooks/internal/testapp"
)

func TestAwardRoundsAccess(t *testing.T) {
	t.Parallel()
	app, f := awardsApp(t)
	const url = "/api/collections/award_rounds/records"
	p2019, err := app.FindFirstRecordByData("election_periods", "name", "2019–2024")
	if err != nil {
		t.Fatal(err)
	}
	one := func(id string) string { return url + "/" + id }
	dates := func(from, until int) string {
		return fmt.Sprintf(`"nominations_from":"%s","nominations_until":"%s"`,
			today(from).Format("2006-01-02 15:04:05.000Z"), today(until).Format("2006-01-02 15:04:05.000Z"))
	}
	prize := `{"kind":"ehrenamtspreis","period":"` + f.period2024 + `",` + dates(1, 30) + `}`

	scenarios := []tests.ApiScenario{
		// list
		{Name: "guest lists the published rounds, not the draft, and not who sits on a jury", Method: http.MethodGet, URL: url,
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"totalItems":3`, roundMedal, roundPrize, roundClosed, `"field_of_action":"Senioren"`},
			NotExpectedContent: []string{roundDraft, `"jury"`, jurorA, jurorB}},
		{Name: "citizen lists the published rounds", Method: http.MethodGet, URL: url, Headers: f.Header("citizen"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":3`}, NotExpectedContent: []string{roundDraft, `"jury"`}},
		{Name: "juror lists the published rounds and the draft of their jury", Method: http.MethodGet, URL: url, Headers: f.Header("jurorA"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":4`, roundDraft}, NotExpectedContent: []string{`"jury"`}},
		{Name: "juror of another round does not see the draft", Method: http.MethodGet, URL: url, Headers: f.Header("jurorB"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":3`}, NotExpectedContent: []string{roundDraft}},
		{Name: "juror finds the rounds of their jury", Method: http.MethodGet, URL: url + "?filter=(jury.id?='" + jurorA + "')", Headers: f.Header("jurorA"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":3`, roundMedal, roundDraft, roundClosed}, NotExpectedContent: []string{roundPrize}},
		{Name: "staff list every round with its jury", Method: http.MethodGet, URL: url, Headers: f.Header("staff"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":4`, `"jury":["` + jurorA + `"]`}},
		{Name: "guest cannot probe the jury's names", Method: http.MethodGet, URL: url + "?filter=(jury.name~'Jury')",
			ExpectedStatus: 400, ExpectedContent: []string{"Jury"}},
		{Name: "guest cannot guess the jurors' account ids", Method: http.MethodGet, URL: url + "?filter=(jury~'a')",
			ExpectedStatus: 400, ExpectedContent: []string{"Jury"}},
		{Name: "guest cannot test whether an account is a juror", Method: http.MethodGet, URL: url + "?filter=(jury.id?='" + jurorA + "')",
			ExpectedStatus: 400, ExpectedContent: []string{"Jury"}},
		{Name: "juror cannot test another juror by id", Method: http.MethodGet, URL: url + "?filter=(jury.id?='" + jurorB + "')", Headers: f.Header("jurorA"),
			ExpectedStatus: 400, ExpectedContent: []string{"Jury"}},
		{Name: "guest learns nothing about nominations through a round", Method: http.MethodGet, URL: url + "?filter=(nominations_via_round.nominee_name~'Hilde')",
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "juror cannot probe nominators through a round", Method: http.MethodGet, URL: url + "?filter=(nominations_via_round.nominator_email~'norbert')", Headers: f.Header("jurorA"),
			ExpectedStatus: 400, ExpectedContent: []string{"E-Mail-Adresse"}},

		// view
		{Name: "guest views a published round", Method: http.MethodGet, URL: one(roundMedal), ExpectedStatus: 200,
			ExpectedContent: []string{`"kind":"stadtmedaille"`, `"status":"published"`}, NotExpectedContent: []string{`"jury"`}},
		{Name: "guest cannot view a draft", Method: http.MethodGet, URL: one(roundDraft), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot view a draft", Method: http.MethodGet, URL: one(roundDraft), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror views the draft of their jury", Method: http.MethodGet, URL: one(roundDraft), Headers: f.Header("jurorA"), ExpectedStatus: 200, ExpectedContent: []string{roundDraft}},
		{Name: "juror of another round cannot view the draft", Method: http.MethodGet, URL: one(roundDraft), Headers: f.Header("jurorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff view a draft with its jury", Method: http.MethodGet, URL: one(roundDraft), Headers: f.Header("staff"), ExpectedStatus: 200, ExpectedContent: []string{jurorA}},

		// create
		{Name: "guest cannot open a round", Method: http.MethodPost, URL: url, Body: body(prize), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "citizen cannot open a round", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"), Body: body(prize), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "juror cannot open a round", Method: http.MethodPost, URL: url, Headers: f.Header("jurorA"), Body: body(prize), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "juror of another round cannot open a round", Method: http.MethodPost, URL: url, Headers: f.Header("jurorB"), Body: body(prize), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "staff open a second prize round in the period, as a draft", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: body(prize),
			ExpectedStatus: 200, ExpectedContent: []string{`"kind":"ehrenamtspreis"`, `"status":"draft"`}},
		{Name: "the city medal is awarded once per election period", Method: http.MethodPost, URL: url, Headers: f.Header("staff"),
			Body:           body(`{"kind":"stadtmedaille","field_of_action":"Jugend","period":"` + f.period2024 + `",` + dates(1, 30) + `}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"period":{"code":"validation_medal_once_per_period","message":"Für die Wahlperiode 2024–2029 gibt es bereits eine Runde der Stadtmedaille.`}},
		{Name: "the city medal of the previous period is a round of its own", Method: http.MethodPost, URL: url, Headers: f.Header("staff"),
			Body:           body(`{"kind":"stadtmedaille","field_of_action":"Migration","period":"` + p2019.Id + `","nominations_from":"2021-03-01 00:00:00.000Z","nominations_until":"2021-04-30 00:00:00.000Z","status":"decided"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"field_of_action":"Migration"`}},
		{Name: "a medal round names its field of action", Method: http.MethodPost, URL: url, Headers: f.Header("staff"),
			Body:           body(`{"kind":"stadtmedaille","period":"` + p2019.Id + `","nominations_from":"2021-03-01 00:00:00.000Z","nominations_until":"2021-04-30 00:00:00.000Z"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"field_of_action":{"code":"validation_field_of_action_required"`}},
		{Name: "nominations lie within the round's period", Method: http.MethodPost, URL: url, Headers: f.Header("staff"),
			Body:           body(`{"kind":"ehrenamtspreis","period":"` + p2019.Id + `","nominations_from":"2024-06-01 00:00:00.000Z","nominations_until":"2024-06-09 00:00:00.000Z"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"nominations_until":{"code":"validation_outside_period"`}},
		{Name: "nominations close after they open", Method: http.MethodPost, URL: url, Headers: f.Header("staff"),
			Body:           body(`{"kind":"ehrenamtspreis","period":"` + f.period2024 + `",` + dates(5, 4) + `}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"nominations_until":{"code":"validation_nominations_order"`}},

		// update
		{Name: "guest cannot change a round", Method: http.MethodPatch, URL: one(roundMedal), Body: body(`{"title":"x"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot change a round", Method: http.MethodPatch, URL: one(roundMedal), Headers: f.Header("citizen"), Body: body(`{"title":"x"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror cannot change their round", Method: http.MethodPatch, URL: one(roundMedal), Headers: f.Header("jurorA"), Body: body(`{"status":"decided"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror of another round cannot change a round", Method: http.MethodPatch, URL: one(roundMedal), Headers: f.Header("jurorB"), Body: body(`{"title":"x"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff change the medal round itself", Method: http.MethodPatch, URL: one(roundMedal), Headers: f.Header("staff"),
			Body: body(`{"title":"Stadtmedaille Bitburg","jury+":"` + jurorB + `"}`), ExpectedStatus: 200, ExpectedContent: []string{`"title":"Stadtmedaille Bitburg"`, jurorB}},
		{Name: "staff cannot turn a prize round into a second medal round", Method: http.MethodPatch, URL: one(roundPrize), Headers: f.Header("staff"),
			Body: body(`{"kind":"stadtmedaille"}`), ExpectedStatus: 400, ExpectedContent: []string{"validation_medal_once_per_period"}},

		// delete
		{Name: "guest cannot delete a round", Method: http.MethodDelete, URL: one(roundDraft), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot delete a round", Method: http.MethodDelete, URL: one(roundDraft), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror cannot delete their round", Method: http.MethodDelete, URL: one(roundDraft), Headers: f.Header("jurorA"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror of another round cannot delete a round", Method: http.MethodDelete, URL: one(roundDraft), Headers: f.Header("jurorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff delete a round without nominations", Method: http.MethodDelete, URL: one(roundDraft), Headers: f.Header("staff"), ExpectedStatus: 204},
		{Name: "staff cannot delete a round that has nominations", Method: http.MethodDelete, URL: one(roundMedal), Headers: f.Header("staff"),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
	}

	runScenarios(t, awardsFactory, scenarios)
}

// TestOneMedalRoundPerPeriodUnderConcurrentWrites creates medal rounds and
// turns prize rounds into medal rounds at the same time, through the API
// and through Go code: exactly one medal round may remain.
func TestOneMedalRoundPerPeriodUnderConcurrentWrites(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	period := saveRecord(t, app, "election_periods", "", map[string]any{
		"name": "2034–2039", "starts_on": "2034-06-11 00:00:00.000Z", "ends_on": "2039-06-10 00:00:00.000Z"})
	round := func(i int, kind string) map[string]any {
		return map[string]any{"title": fmt.Sprintf("Runde %d", i), "kind": kind, "field_of_action": "Sport", "period": period.Id,
			"nominations_from": "2036-03-01 00:00:00.000Z", "nominations_until": "2036-04-30 00:00:00.000Z"}
	}
	var prizes []*core.Record
	for i := range 10 {
		prizes = append(prizes, saveRecord(t, app, awards.Rounds, "", round(i, "ehrenamtspreis")))
	}

	h := testapp.Handler(t, app)
	const url = "/api/collections/award_rounds/records"
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		succeeded int
		unusual   []string
	)
	report := func(ok, refused bool, what string) {
		mu.Lock()
		defer mu.Unlock()
		if ok {
			succeeded++
		} else if !refused {
			unusual = append(unusual, what)
		}
	}
	for i := range 25 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := do(t, h, http.MethodPost, url, f.Tokens["staff"],
				fmt.Sprintf(`{"title":"API %d","kind":"stadtmedaille","field_of_action":"Sport","period":"%s","nominations_from":"2036-03-01 00:00:00.000Z","nominations_until":"2036-04-30 00:00:00.000Z"}`, i, period.Id))
			report(res.Code == 200, res.Code == 400, fmt.Sprintf("API create: %d %s", res.Code, res.Body))
		}()
	}
	for i := range 15 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, _ := app.FindCollectionByNameOrId(awards.Rounds)
			r := core.NewRecord(c)
			r.Load(round(100+i, "stadtmedaille"))
			err := app.Save(r)
			var errs validation.Errors
			report(err == nil, errors.As(err, &errs), fmt.Sprintf("Go create: %v", err))
		}()
	}
	for i, p := range prizes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				res := do(t, h, http.MethodPatch, url+"/"+p.Id, f.Tokens["staff"], `{"kind":"stadtmedaille"}`)
				report(res.Code == 200, res.Code == 400, fmt.Sprintf("API update: %d %s", res.Code, res.Body))
				return
			}
			fresh, err := app.FindRecordById(awards.Rounds, p.Id)
			if err != nil {
				report(false, false, err.Error())
				return
			}
			fresh.Set("kind", "stadtmedaille")
			err = app.Save(fresh)
			var errs validation.Errors
			report(err == nil, errors.As(err, &errs), fmt.Sprintf("Go update: %v", err))
		}()
	}
	wg.Wait()

	if len(unusual) > 0 {
		t.Fatalf("writes failed for other reasons than the rule:\n%s", strings.Join(unusual, "\n"))
	}
	n, err := app.CountRecords(awards.Rounds, dbx.HashExp{"kind": "stadtmedaille", "period": period.Id})
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || succeeded != 1 {
		t.Fatalf("%d medal rounds in the period after %d successful writes; want exactly 1", n, succeeded)
	}
}

// TestGuardedWritesReachRealtime: the rules that check and write in one
// transaction must not keep the change from guests subscribed to public
// records (the broadcast runs after the transaction has ended).
func TestGuardedWritesReachRealtime(t *testing.T) {
	t.Parallel()
	app, _ := awardsApp(t)
	testapp.Handler(t, app) // binds the realtime broadcasting

	for coll, id := range map[string]string{awards.Rounds: roundMedal, "working_group_members": wgMayor} {
		client := subscriptions.NewDefaultClient() // a guest
		client.Subscribe(coll + "/*")
		app.SubscriptionsBroker().Register(client)

		r, err := app.FindRecordById(coll, id)
		if err != nil {
			t.Fatal(err)
		}
		if coll == awards.Rounds {
			r.Set("title", "Neu im Portal")
		} else {
			r.Set("person_name", "Neu im Portal")
		}
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
		select {
		case msg := <-client.Channel():
			if !strings.Contains(string(msg.Data), "Neu im Portal") {
				t.Errorf("%s: unexpected message %s", coll, msg.Data)
			}
		case <-time.After(time.Second):
			t.Errorf("%s: a guest subscribed to public records heard nothing of the change", coll)
		}
		app.SubscriptionsBroker().Unregister(client.Id())
	}
}
