package hooks_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"ben/hooks/internal/testapp"
)

func TestEventsAccess(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const url = "/api/collections/events/records"
	one := func(id string) string { return url + "/" + id }
	start := time.Now().UTC().Add(24 * time.Hour).Truncate(time.Minute)
	iso := func(t time.Time) string { return t.Format("2006-01-02 15:04:05.000Z") }
	event := func(org, kind string, from, to time.Time) *strings.Reader {
		return strings.NewReader(fmt.Sprintf(`{"title":"Neuer Termin","kind":%q,"organisation":%q,"starts_at":%q,"ends_at":%q,"published":true}`,
			kind, org, iso(from), iso(to)))
	}
	publicIDs := []string{f.EventA.Id, f.EventB.Id, f.EventOffice.Id, f.Festival2027.Id}
	hiddenIDs := []string{f.EventADraft.Id, f.EventPending.Id, f.EventArchived.Id}

	scenarios := []tests.ApiScenario{
		// list and view
		{Name: "guest lists published events of published clubs and of the office", Method: http.MethodGet, URL: url + "?perPage=100",
			ExpectedStatus: 200, ExpectedContent: append([]string{`"totalItems":4`}, publicIDs...), NotExpectedContent: hiddenIDs},
		{Name: "citizen lists what a guest lists", Method: http.MethodGet, URL: url + "?perPage=100", Headers: f.Header("citizen"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":4`}, NotExpectedContent: hiddenIDs},
		{Name: "editor also lists own drafts and the events of own pending club", Method: http.MethodGet, URL: url + "?perPage=100", Headers: f.Header("editorA"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":6`, f.EventADraft.Id, f.EventPending.Id}, NotExpectedContent: []string{f.EventArchived.Id}},
		{Name: "editor of another club does not see the first club's drafts", Method: http.MethodGet, URL: url + "?perPage=100", Headers: f.Header("editorB"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":4`}, NotExpectedContent: hiddenIDs},
		{Name: "staff list every event", Method: http.MethodGet, URL: url + "?perPage=100", Headers: f.Header("staff"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":7`}},
		{Name: "guest cannot view a draft", Method: http.MethodGet, URL: one(f.EventADraft.Id), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "guest cannot view an event of a pending club", Method: http.MethodGet, URL: one(f.EventPending.Id), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "guest views a published event", Method: http.MethodGet, URL: one(f.EventA.Id), ExpectedStatus: 200, ExpectedContent: []string{`"title":"Training A"`}},
		{Name: "editor views own draft", Method: http.MethodGet, URL: one(f.EventADraft.Id), Headers: f.Header("editorA"), ExpectedStatus: 200, ExpectedContent: []string{`"title":"Entwurf A"`}},
		{Name: "editor of another club cannot view a draft", Method: http.MethodGet, URL: one(f.EventADraft.Id), Headers: f.Header("editorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "expanding the organisation does not leak private contact data", Method: http.MethodGet, URL: one(f.EventA.Id) + "?expand=organisation",
			ExpectedStatus: 200, ExpectedContent: []string{`"name":"Turnverein A"`}, NotExpectedContent: []string{"turnverein-a@club.example", "Kontakt Turnverein A"}},
		{Name: "guest cannot filter events by a club's private contact data", Method: http.MethodGet, URL: url + "?filter=(organisation.email~'turn')",
			ExpectedStatus: 400, ExpectedContent: []string{"Kontaktdaten"}},

		// create
		{Name: "guest cannot create an event", Method: http.MethodPost, URL: url, Body: event(f.ClubA.Id, "termin", start, start.Add(time.Hour)),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "citizen cannot create an event for a club", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"), Body: event(f.ClubA.Id, "termin", start, start.Add(time.Hour)),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "editor of another club cannot create an event for the club", Method: http.MethodPost, URL: url, Headers: f.Header("editorB"), Body: event(f.ClubA.Id, "termin", start, start.Add(time.Hour)),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "editor creates an event of own club", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"), Body: event(f.ClubA.Id, "termin", start, start.Add(time.Hour)),
			ExpectedStatus: 200, ExpectedContent: []string{`"organisation":"` + f.ClubA.Id + `"`}},
		{Name: "editor creates an event of own pending club", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"), Body: event(f.Pending.Id, "fortbildung", start, start.Add(time.Hour)),
			ExpectedStatus: 200, ExpectedContent: []string{`"kind":"fortbildung"`}},
		{Name: "editor cannot create an office event", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"), Body: event("", "termin", start, start.Add(time.Hour)),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "editor cannot create the festival", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"), Body: event(f.ClubA.Id, "vereinsfest", time.Date(2031, 9, 1, 10, 0, 0, 0, time.UTC), time.Date(2031, 9, 1, 18, 0, 0, 0, time.UTC)),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "staff create an office event", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: event("", "austauschtreffen", start, start.Add(time.Hour)),
			ExpectedStatus: 200, ExpectedContent: []string{`"organisation":""`}},
		{Name: "an event that ends before it starts is refused", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"), Body: event(f.ClubA.Id, "termin", start, start.Add(-time.Minute)),
			ExpectedStatus: 400, ExpectedContent: []string{`"ends_at":{"code":"validation_ends_before_start","message":"Das Ende muss nach dem Beginn liegen."`}},
		{Name: "an event that ends when it starts is refused", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"), Body: event(f.ClubA.Id, "termin", start, start),
			ExpectedStatus: 400, ExpectedContent: []string{`"ends_at":{"code":"validation_ends_before_start"`}},
		{Name: "an event that ends a second after it starts is fine", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"), Body: event(f.ClubA.Id, "termin", start, start.Add(time.Second)),
			ExpectedStatus: 200, ExpectedContent: []string{`"title":"Neuer Termin"`}},
		{Name: "the time rule holds for staff too", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: event("", "termin", start, start.Add(-time.Hour)),
			ExpectedStatus: 400, ExpectedContent: []string{`"ends_at":{"code":"validation_ends_before_start"`}},

		// update
		{Name: "guest cannot update an event", Method: http.MethodPatch, URL: one(f.EventA.Id), Body: strings.NewReader(`{"title":"x"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot update an event", Method: http.MethodPatch, URL: one(f.EventA.Id), Headers: f.Header("citizen"), Body: strings.NewReader(`{"title":"x"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor updates own event", Method: http.MethodPatch, URL: one(f.EventA.Id), Headers: f.Header("editorA"), Body: strings.NewReader(`{"title":"Training A (verlegt)"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"title":"Training A (verlegt)"`}},
		{Name: "editor of another club cannot update the event", Method: http.MethodPatch, URL: one(f.EventA.Id), Headers: f.Header("editorB"), Body: strings.NewReader(`{"title":"x"}`),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor cannot move an event to another club", Method: http.MethodPatch, URL: one(f.EventA.Id), Headers: f.Header("editorA"), Body: strings.NewReader(`{"organisation":"` + f.ClubB.Id + `"}`),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor moves an event between own clubs", Method: http.MethodPatch, URL: one(f.EventA.Id), Headers: f.Header("editorA"), Body: strings.NewReader(`{"organisation":"` + f.Pending.Id + `"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"organisation":"` + f.Pending.Id + `"`}},
		{Name: "editor cannot hand an event to the office", Method: http.MethodPatch, URL: one(f.EventA.Id), Headers: f.Header("editorA"), Body: strings.NewReader(`{"organisation":""}`),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor cannot turn an event into the festival", Method: http.MethodPatch, URL: one(f.EventA.Id), Headers: f.Header("editorA"), Body: strings.NewReader(`{"kind":"vereinsfest"}`),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor cannot edit the office's festival", Method: http.MethodPatch, URL: one(f.Festival2027.Id), Headers: f.Header("editorA"), Body: strings.NewReader(`{"title":"x"}`),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor cannot make an event end before it starts", Method: http.MethodPatch, URL: one(f.EventA.Id), Headers: f.Header("editorA"),
			Body:           strings.NewReader(`{"ends_at":"` + iso(f.EventA.GetDateTime("starts_at").Time().Add(-time.Hour)) + `"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"ends_at":{"code":"validation_ends_before_start"`}},
		{Name: "staff update any event", Method: http.MethodPatch, URL: one(f.EventB.Id), Headers: f.Header("staff"), Body: strings.NewReader(`{"published":false}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"published":false`}},

		// delete
		{Name: "guest cannot delete an event", Method: http.MethodDelete, URL: one(f.EventA.Id), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot delete an event", Method: http.MethodDelete, URL: one(f.EventA.Id), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor of another club cannot delete the event", Method: http.MethodDelete, URL: one(f.EventA.Id), Headers: f.Header("editorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor deletes own event", Method: http.MethodDelete, URL: one(f.EventA.Id), Headers: f.Header("editorA"), ExpectedStatus: 204},
		{Name: "editor cannot delete the festival", Method: http.MethodDelete, URL: one(f.Festival2027.Id), Headers: f.Header("editorA"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff delete any event", Method: http.MethodDelete, URL: one(f.Festival2027.Id), Headers: f.Header("staff"), ExpectedStatus: 204},
	}
	runScenarios(t, testapp.Factory, scenarios)
}

func TestFestivalEveryTwoYears(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	festival := func(start time.Time) *strings.Reader {
		return strings.NewReader(fmt.Sprintf(`{"title":"Bitburg engagiert sich","kind":"vereinsfest","starts_at":%q,"ends_at":%q,"published":true}`,
			start.Format("2006-01-02 15:04:05.000Z"), start.Add(6*time.Hour).Format("2006-01-02 15:04:05.000Z")))
	}
	sept := func(year int) time.Time { return time.Date(year, 9, 10, 9, 0, 0, 0, time.UTC) }
	const url = "/api/collections/events/records"
	scenarios := []tests.ApiScenario{
		{Name: "a second festival in the same year is refused", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: festival(sept(2027).AddDate(0, 2, 0)),
			ExpectedStatus: 400, ExpectedContent: []string{`"starts_at":{"code":"validation_festival_cycle"`, "2027"}},
		{Name: "a festival the year after is refused", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: festival(sept(2028)),
			ExpectedStatus: 400, ExpectedContent: []string{`"starts_at":{"code":"validation_festival_cycle"`}},
		{Name: "a festival the year before is refused", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: festival(sept(2026)),
			ExpectedStatus: 400, ExpectedContent: []string{`"starts_at":{"code":"validation_festival_cycle"`}},
		{Name: "a festival two years later is fine", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: festival(sept(2029)),
			ExpectedStatus: 200, ExpectedContent: []string{`"kind":"vereinsfest"`}},
		{Name: "a festival two years earlier is fine", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: festival(sept(2025)),
			ExpectedStatus: 200, ExpectedContent: []string{`"kind":"vereinsfest"`}},
		{Name: "the festival may move within its year", Method: http.MethodPatch, URL: url + "/" + f.Festival2027.Id, Headers: f.Header("staff"),
			Body:           strings.NewReader(`{"starts_at":"2027-06-01 08:00:00.000Z","ends_at":"2027-06-01 16:00:00.000Z"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"starts_at":"2027-06-01 08:00:00.000Z"`}},
		{Name: "an ordinary event cannot become a second festival next to one", Method: http.MethodPatch, URL: url + "/" + f.EventOffice.Id, Headers: f.Header("staff"),
			Body:           strings.NewReader(`{"kind":"vereinsfest","starts_at":"2028-05-01 08:00:00.000Z","ends_at":"2028-05-01 16:00:00.000Z"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"starts_at":{"code":"validation_festival_cycle"`}},
	}
	runScenarios(t, testapp.Factory, scenarios)
}

func TestFestivalRuleHoldsForGoCodeAndConcurrentWrites(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	coll, err := app.FindCollectionByNameOrId("events")
	if err != nil {
		t.Fatal(err)
	}
	newFestival := func(year int) *core.Record {
		r := core.NewRecord(coll)
		start := time.Date(year, 9, 1, 9, 0, 0, 0, time.UTC)
		r.Load(map[string]any{"title": "Fest", "kind": "vereinsfest", "starts_at": start, "ends_at": start.Add(time.Hour)})
		return r
	}
	if err := app.Save(newFestival(2028)); err == nil {
		t.Fatal("Go code must not create a festival next to 2027")
	}

	// 50 concurrent attempts for 2031 and 2032, half through the API: one wins
	h := testapp.Handler(t, app)
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			year := 2031 + i%2
			var ok bool
			if i%4 < 2 {
				ok = app.Save(newFestival(year)) == nil
			} else {
				body := fmt.Sprintf(`{"title":"Fest","kind":"vereinsfest","starts_at":"%d-09-01 09:00:00.000Z","ends_at":"%d-09-01 10:00:00.000Z"}`, year, year)
				ok = do(t, h, http.MethodPost, "/api/collections/events/records", f.Tokens["staff"], body).Code == 200
			}
			if ok {
				mu.Lock()
				won++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if won != 1 {
		t.Fatalf("%d festivals created for 2031/2032, want exactly 1", won)
	}
	festivals, err := app.FindRecordsByFilter("events", "kind = 'vereinsfest'", "starts_at", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(festivals); i++ {
		a, b := festivals[i-1].GetDateTime("starts_at").Time().Year(), festivals[i].GetDateTime("starts_at").Time().Year()
		if b-a < 2 {
			t.Fatalf("festivals in %d and %d", a, b)
		}
	}
}

// The festival is written inside a transaction; guests subscribed to the
// calendar must still hear of it once it is committed.
func TestGuestsHearOfANewFestivalInRealtime(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	testapp.Handler(t, app) // binds the realtime broadcasting
	client := subscriptions.NewDefaultClient()
	client.Subscribe("events/*")
	app.SubscriptionsBroker().Register(client)
	defer app.SubscriptionsBroker().Unregister(client.Id())

	coll, _ := app.FindCollectionByNameOrId("events")
	r := core.NewRecord(coll)
	start := time.Date(2029, 9, 1, 9, 0, 0, 0, time.UTC)
	r.Load(map[string]any{"title": "Bitburg engagiert sich 2029", "kind": "vereinsfest", "published": true, "starts_at": start, "ends_at": start.Add(6 * time.Hour)})
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	select {
	case msg := <-client.Channel():
		if !strings.Contains(string(msg.Data), r.Id) {
			t.Fatalf("unexpected message %s", msg.Data)
		}
	case <-time.After(time.Second):
		t.Fatal("a guest subscribed to events was not told of the new festival")
	}
}
