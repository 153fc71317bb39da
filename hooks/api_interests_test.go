package hooks_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"ben/hooks/internal/testapp"
)

func TestInterestsAccess(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const url = "/api/collections/interests/records"
	one := func(id string) string { return url + "/" + id }
	answer := func(opp, extra string) *strings.Reader {
		return strings.NewReader(`{"opportunity":"` + opp + `","name":"Hanna Helferin","email":"hanna@helfen.example","message":"Ich helfe gern.","consent":true` + extra + `}`)
	}
	mailedOnce := func(to, subject string) func(t testing.TB, app *tests.TestApp, res *http.Response) {
		return func(t testing.TB, app *tests.TestApp, res *http.Response) {
			if app.TestMailer.TotalSend() != 1 {
				t.Fatalf("want one confirmation mail, got %d", app.TestMailer.TotalSend())
			}
			msg := app.TestMailer.LastMessage()
			if len(msg.To) != 1 || msg.To[0].Address != to || !strings.Contains(msg.Subject, subject) ||
				!strings.Contains(msg.Text, "Gespeichert sind") {
				t.Fatalf("confirmation to %v, subject %q:\n%s", msg.To, msg.Subject, msg.Text)
			}
		}
	}
	noMail := func(t testing.TB, app *tests.TestApp, res *http.Response) {
		if app.TestMailer.TotalSend() != 0 {
			t.Fatalf("no mail expected, got %d", app.TestMailer.TotalSend())
		}
	}

	scenarios := []tests.ApiScenario{
		// list
		{Name: "guest lists no interests", Method: http.MethodGet, URL: url,
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}, NotExpectedContent: []string{guestAEmail, guestBEmail}},
		{Name: "citizen lists only their own interests", Method: http.MethodGet, URL: url, Headers: f.Header("citizen"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, interestCitizenA}, NotExpectedContent: []string{guestAEmail, guestBEmail}},
		{Name: "editor lists the interests in their club's opportunities", Method: http.MethodGet, URL: url, Headers: f.Header("editorA"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`, guestAEmail, guestAName, interestCitizenA}, NotExpectedContent: []string{guestBEmail}},
		{Name: "editor of another club lists only the interests of their own club", Method: http.MethodGet, URL: url, Headers: f.Header("editorB"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, guestBEmail}, NotExpectedContent: []string{guestAEmail, interestCitizenA}},
		{Name: "staff list every interest", Method: http.MethodGet, URL: url, Headers: f.Header("staff"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":3`}},
		{Name: "citizen cannot probe a club's private e-mail through their interests", Method: http.MethodGet, URL: url + `?filter=(opportunity.organisation.email~'turn')`,
			Headers: f.Header("citizen"), ExpectedStatus: 400, ExpectedContent: []string{"Kontaktdaten"}},
		{Name: "editor may filter their interests by opportunity and status", Method: http.MethodGet, URL: url + `?filter=(opportunity='` + oppA + `'%26%26status='new')&sort=-created`,
			Headers: f.Header("editorA"), ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`}},

		// view
		{Name: "guest cannot view an interest", Method: http.MethodGet, URL: one(interestGuestA), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen views their own interest", Method: http.MethodGet, URL: one(interestCitizenA), Headers: f.Header("citizen"), ExpectedStatus: 200, ExpectedContent: []string{"Dienstags kann ich gut."}},
		{Name: "citizen cannot view somebody else's interest", Method: http.MethodGet, URL: one(interestGuestA), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor views an interest in their club's opportunity", Method: http.MethodGet, URL: one(interestGuestA), Headers: f.Header("editorA"), ExpectedStatus: 200, ExpectedContent: []string{guestAEmail}},
		{Name: "editor of another club cannot view the interest", Method: http.MethodGet, URL: one(interestGuestA), Headers: f.Header("editorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor cannot read the citizen's account through an interest", Method: http.MethodGet, URL: one(interestCitizenA) + "?expand=user", Headers: f.Header("editorA"),
			ExpectedStatus: 200, ExpectedContent: []string{interestCitizenA}, NotExpectedContent: []string{`"expand":{"user"`, `"verified"`}},
		{Name: "staff view any interest", Method: http.MethodGet, URL: one(interestGuestB), Headers: f.Header("staff"), ExpectedStatus: 200, ExpectedContent: []string{guestBEmail}},

		// create
		{Name: "guest answers a published opportunity and gets a confirmation", Method: http.MethodPost, URL: url, Body: answer(oppA, ""),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"new"`, `"user":""`, `"closed_at":""`},
			AfterTestFunc: mailedOnce("hanna@helfen.example", "Jugendtrainer gesucht")},
		{Name: "guest cannot answer a draft", Method: http.MethodPost, URL: url, Body: answer(oppADraft, ""),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}, AfterTestFunc: noMail},
		{Name: "guest cannot answer an opportunity after its published_until", Method: http.MethodPost, URL: url, Body: answer(oppAExpired, ""),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}, AfterTestFunc: noMail},
		{Name: "guest cannot answer an opportunity of a pending club", Method: http.MethodPost, URL: url, Body: answer(oppPending, ""),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}, AfterTestFunc: noMail},
		{Name: "consent is required", Method: http.MethodPost, URL: url,
			Body:           strings.NewReader(`{"opportunity":"` + oppA + `","name":"Hanna Helferin","email":"hanna@helfen.example"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"consent":{"code":"validation_consent_required"`, "Bitte willigen Sie ein"}, AfterTestFunc: noMail},
		{Name: "name and e-mail are required", Method: http.MethodPost, URL: url,
			Body:           strings.NewReader(`{"opportunity":"` + oppA + `","consent":true}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"name":{"code":"validation_required"`, `"email":{"code":"validation_required"`}},
		{Name: "guest cannot mark their own answer as engaged", Method: http.MethodPost, URL: url, Body: answer(oppA, `,"status":"engaged"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "guest cannot claim a citizen's account", Method: http.MethodPost, URL: url, Body: answer(oppA, `,"user":"`+f.Citizen.Id+`"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "citizen answers and the interest is linked to their account", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"), Body: answer(oppB, ""),
			ExpectedStatus: 200, ExpectedContent: []string{`"user":"` + f.Citizen.Id + `"`, `"status":"new"`},
			AfterTestFunc: mailedOnce("hanna@helfen.example", "Notenwart")},
		{Name: "citizen cannot link somebody else's account", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"), Body: answer(oppB, `,"user":"`+f.EditorB.Id+`"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "citizen answers an opportunity only once", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"), Body: answer(oppA, ""),
			ExpectedStatus: 400, ExpectedContent: []string{`"opportunity":{"code":"validation_interest_exists"`}, AfterTestFunc: noMail},
		{Name: "staff record an interest taken by phone", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: answer(oppA, `,"status":"contacted"`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"contacted"`}},

		// update
		{Name: "guest cannot mark an interest", Method: http.MethodPatch, URL: one(interestGuestA), Body: strings.NewReader(`{"status":"contacted"}`),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot mark their own interest", Method: http.MethodPatch, URL: one(interestCitizenA), Headers: f.Header("citizen"), Body: strings.NewReader(`{"status":"engaged"}`),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor of another club cannot mark the interest", Method: http.MethodPatch, URL: one(interestGuestA), Headers: f.Header("editorB"), Body: strings.NewReader(`{"status":"contacted"}`),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor marks an interest as contacted", Method: http.MethodPatch, URL: one(interestGuestA), Headers: f.Header("editorA"), Body: strings.NewReader(`{"status":"contacted"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"contacted"`, `"closed_at":""`}},
		{Name: "editor marks an interest as engaged, which closes it", Method: http.MethodPatch, URL: one(interestGuestA), Headers: f.Header("editorA"), Body: strings.NewReader(`{"status":"engaged"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"engaged"`}, NotExpectedContent: []string{`"closed_at":""`}},
		{Name: "editor cannot change what the citizen wrote", Method: http.MethodPatch, URL: one(interestGuestA), Headers: f.Header("editorA"), Body: strings.NewReader(`{"message":"umgeschrieben"}`),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor cannot move an interest to another opportunity", Method: http.MethodPatch, URL: one(interestGuestA), Headers: f.Header("editorA"), Body: strings.NewReader(`{"opportunity":"` + oppADraft + `"}`),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor may send the unchanged answer along with the status", Method: http.MethodPatch, URL: one(interestGuestA), Headers: f.Header("editorA"),
			Body:           strings.NewReader(`{"status":"not_a_fit","name":"` + guestAName + `","email":"` + guestAEmail + `","consent":true}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"not_a_fit"`}},
		{Name: "staff mark any interest", Method: http.MethodPatch, URL: one(interestGuestB), Headers: f.Header("staff"), Body: strings.NewReader(`{"status":"contacted"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"contacted"`}},

		// delete
		{Name: "guest cannot delete an interest", Method: http.MethodDelete, URL: one(interestGuestA), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen withdraws their own interest", Method: http.MethodDelete, URL: one(interestCitizenA), Headers: f.Header("citizen"), ExpectedStatus: 204},
		{Name: "citizen cannot delete somebody else's interest", Method: http.MethodDelete, URL: one(interestGuestA), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor cannot delete an interest, only mark it", Method: http.MethodDelete, URL: one(interestGuestA), Headers: f.Header("editorA"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor of another club cannot delete an interest", Method: http.MethodDelete, URL: one(interestGuestA), Headers: f.Header("editorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff delete any interest", Method: http.MethodDelete, URL: one(interestGuestA), Headers: f.Header("staff"), ExpectedStatus: 204},
	}

	runScenarios(t, engagementApp, scenarios)
}

// PocketBase checks realtime events against the list rule: a new interest
// reaches the editors of its club (and staff), nobody else.
func TestInterestsRealtimeReachOnlyTheClub(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedEngagement(t, app, f)
	testapp.Handler(t, app) // binds the realtime broadcasting

	staff, _ := app.FindRecordById(core.CollectionNameSuperusers, f.Staff.Id)
	subscribers := map[string]*core.Record{"guest": nil, "citizen": f.Citizen, "editorA": f.EditorA, "editorB": f.EditorB, "staff": staff}

	var mu sync.Mutex
	received := map[string][]string{}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for role, auth := range subscribers {
		client := subscriptions.NewDefaultClient()
		if auth != nil {
			client.Set(apis.RealtimeClientAuthKey, auth)
		}
		client.Subscribe("interests/*")
		app.SubscriptionsBroker().Register(client)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case msg := <-client.Channel():
					mu.Lock()
					received[role] = append(received[role], string(msg.Data))
					mu.Unlock()
				case <-stop:
					return
				}
			}
		}()
	}

	coll, _ := app.FindCollectionByNameOrId("interests")
	r := core.NewRecord(coll)
	r.Load(map[string]any{"opportunity": oppA, "name": "Rita Echtzeit", "email": "rita@echtzeit.example", "consent": true})
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}

	deadline := time.Now().Add(3 * time.Second)
	for {
		mu.Lock()
		done := len(received["editorA"]) > 0 && len(received["staff"]) > 0
		mu.Unlock()
		if done || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // room for messages that must not come
	close(stop)
	wg.Wait()

	if len(received["editorA"]) != 1 || !strings.Contains(received["editorA"][0], "rita@echtzeit.example") {
		t.Fatalf("the club's editor should get the new interest, got %v", received["editorA"])
	}
	if len(received["staff"]) != 1 {
		t.Fatalf("staff should get the new interest, got %v", received["staff"])
	}
	for _, role := range []string{"guest", "citizen", "editorB"} {
		if len(received[role]) != 0 {
			t.Errorf("%s must not receive the interest, got %v", role, received[role])
		}
	}
}

// The citizen's and the club's path end to end: the citizen finds an
// opportunity by the short filter and answers it, the club sees the answer
// and marks it, and the citizen sees the mark.
func TestCitizenAnswersAnOpportunityAndTheClubSeesIt(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedEngagement(t, app, f)
	h := testapp.Handler(t, app)
	citizen, editor := f.Tokens["citizen"], f.Tokens["editorB"]

	res := do(t, h, http.MethodGet, "/api/ben/opportunities/suggestions?topics=kultur&commitment=einmalig", citizen, "")
	var ranked struct {
		Items []struct {
			Opportunity struct {
				ID string `json:"id"`
			} `json:"opportunity"`
		} `json:"items"`
	}
	if err := json.Unmarshal(res.Body.Bytes(), &ranked); err != nil || len(ranked.Items) == 0 || ranked.Items[0].Opportunity.ID != oppB {
		t.Fatalf("the choir's offer should come first for culture: %s", res.Body.String())
	}

	res = do(t, h, http.MethodPost, "/api/collections/interests/records", citizen,
		`{"opportunity":"`+oppB+`","name":"Clara Bürgerin","email":"citizen@test.example","message":"Ich singe Alt.","consent":true}`)
	var created struct {
		ID string `json:"id"`
	}
	if res.Code != 200 || json.Unmarshal(res.Body.Bytes(), &created) != nil {
		t.Fatalf("answer: %d %s", res.Code, res.Body.String())
	}
	if app.TestMailer.TotalSend() != 1 || app.TestMailer.LastMessage().To[0].Address != "citizen@test.example" {
		t.Fatalf("the citizen should get one confirmation, mails: %d", app.TestMailer.TotalSend())
	}

	res = do(t, h, http.MethodGet, "/api/collections/interests/records?filter=(opportunity='"+oppB+"')", editor, "")
	if res.Code != 200 || !strings.Contains(res.Body.String(), created.ID) || !strings.Contains(res.Body.String(), "Ich singe Alt.") {
		t.Fatalf("the club should see the answer: %s", res.Body.String())
	}
	res = do(t, h, http.MethodPatch, "/api/collections/interests/records/"+created.ID, editor, `{"status":"contacted"}`)
	if res.Code != 200 {
		t.Fatalf("the club should mark the answer: %d %s", res.Code, res.Body.String())
	}

	res = do(t, h, http.MethodGet, "/api/collections/interests/records/"+created.ID, citizen, "")
	if res.Code != 200 || !strings.Contains(res.Body.String(), `"status":"contacted"`) {
		t.Fatalf("the citizen should see the mark: %s", res.Body.String())
	}
	res = do(t, h, http.MethodGet, "/api/collections/interests/records/"+created.ID, f.Tokens["editorA"], "")
	if res.Code != 404 {
		t.Fatalf("another club must not see the answer: %d", res.Code)
	}
}
