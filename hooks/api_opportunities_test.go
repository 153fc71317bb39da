package hooks_test

import (
	"net/http"
	neturl "net/url"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/engagement"
	"ben/hooks/internal/testapp"
)

func TestOpportunitiesAccess(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const url = "/api/collections/opportunities/records"
	one := func(id string) string { return url + "/" + id }
	future := time.Now().UTC().AddDate(0, 1, 0).Format("2006-01-02 15:04:05.000Z")
	past := time.Now().UTC().Add(-time.Minute).Format("2006-01-02 15:04:05.000Z")
	body := func(orgID, extra string) *strings.Reader {
		return strings.NewReader(`{"organisation":"` + orgID + `","title":"Kassenwart gesucht","commitment":"regelmaessig","status":"published"` + extra + `}`)
	}

	scenarios := []tests.ApiScenario{
		// list
		{Name: "guest lists only published, current opportunities of published organisations", Method: http.MethodGet, URL: url,
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"totalItems":2`, oppA, oppB},
			NotExpectedContent: []string{oppADraft, oppAExpired, oppPending}},
		{Name: "citizen lists only published, current opportunities", Method: http.MethodGet, URL: url, Headers: f.Header("citizen"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`}, NotExpectedContent: []string{oppADraft, oppAExpired}},
		{Name: "editor lists the public opportunities and all of their own clubs", Method: http.MethodGet, URL: url, Headers: f.Header("editorA"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":5`, oppADraft, oppAExpired, oppPending}},
		{Name: "editor of another club does not list the first club's drafts", Method: http.MethodGet, URL: url, Headers: f.Header("editorB"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`}, NotExpectedContent: []string{oppADraft, oppAExpired, oppPending}},
		{Name: "staff list every opportunity", Method: http.MethodGet, URL: url, Headers: f.Header("staff"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":5`}},
		{Name: "guest may filter by topic", Method: http.MethodGet, URL: url + `?filter=(topics~'kultur')`,
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, oppB}},
		{Name: "guest cannot probe a club's private e-mail through the opportunities", Method: http.MethodGet, URL: url + `?filter=(organisation.email~'turn')`,
			ExpectedStatus: 400, ExpectedContent: []string{"Kontaktdaten"}},
		{Name: "guest cannot sort by a club's phone", Method: http.MethodGet, URL: url + `?sort=organisation.phone`,
			ExpectedStatus: 400, ExpectedContent: []string{"Kontaktdaten"}},
		{Name: "editor may list the opportunities of the clubs they edit", Method: http.MethodGet,
			URL:            url + "?filter=(organisation.editors.id?=%27" + f.EditorA.Id + "%27)",
			Headers:        f.Header("editorA"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":4`}, NotExpectedContent: []string{oppB}},
		{Name: "guest sees the expanded club without its private contact data", Method: http.MethodGet, URL: url + "?expand=organisation",
			ExpectedStatus: 200, ExpectedContent: []string{`"name":"Turnverein A"`, "chor-b@club.example"},
			NotExpectedContent: []string{"turnverein-a@club.example", f.EditorA.Id}},

		// view
		{Name: "guest views a published opportunity", Method: http.MethodGet, URL: one(oppA), ExpectedStatus: 200, ExpectedContent: []string{"Jugendtrainer gesucht"}},
		{Name: "guest cannot view a draft", Method: http.MethodGet, URL: one(oppADraft), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "guest cannot view an opportunity after its published_until", Method: http.MethodGet, URL: one(oppAExpired), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "guest cannot view an opportunity of a pending club", Method: http.MethodGet, URL: one(oppPending), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot view a draft", Method: http.MethodGet, URL: one(oppADraft), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor views own draft", Method: http.MethodGet, URL: one(oppADraft), Headers: f.Header("editorA"), ExpectedStatus: 200, ExpectedContent: []string{"Entwurf Kassenprüfung"}},
		{Name: "editor of another club cannot view a draft", Method: http.MethodGet, URL: one(oppADraft), Headers: f.Header("editorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff view a draft", Method: http.MethodGet, URL: one(oppADraft), Headers: f.Header("staff"), ExpectedStatus: 200, ExpectedContent: []string{"Entwurf Kassenprüfung"}},

		// create
		{Name: "guest cannot post an opportunity", Method: http.MethodPost, URL: url, Body: body(f.ClubA.Id, ""),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "citizen cannot post an opportunity for a club", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"), Body: body(f.ClubA.Id, ""),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "editor of another club cannot post for the first club", Method: http.MethodPost, URL: url, Headers: f.Header("editorB"), Body: body(f.ClubA.Id, ""),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "editor posts for own club, dated now whatever the body says", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"),
			Body:           body(f.ClubA.Id, `,"published_at":"2099-01-01 00:00:00.000Z","published_until":"`+future+`","closed_at":"2020-01-01 00:00:00.000Z"`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"published"`, `"closed_at":""`},
			NotExpectedContent: []string{"2099-01-01", "2020-01-01"},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				r, err := app.FindFirstRecordByData("opportunities", "title", "Kassenwart gesucht")
				if err != nil {
					t.Fatal(err)
				}
				if at := r.GetDateTime("published_at").Time(); time.Since(at) > time.Minute || time.Since(at) < 0 {
					t.Fatalf("published_at %v is not now", at)
				}
			}},
		{Name: "editor cannot publish with a published_until that has passed", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"),
			Body:           body(f.ClubA.Id, `,"published_until":"`+past+`"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"published_until":{"code":"validation_published_until_past"`}},
		{Name: "editor may keep a draft with a published_until that has passed", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"),
			Body:           strings.NewReader(`{"organisation":"` + f.ClubA.Id + `","title":"Alt","commitment":"einmalig","status":"draft","published_until":"` + past + `"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"draft"`, `"published_at":""`}},
		{Name: "hours per week are limited to 60", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"),
			Body:           body(f.ClubA.Id, `,"hours_per_week":61`),
			ExpectedStatus: 400, ExpectedContent: []string{`"hours_per_week"`}},
		{Name: "staff post for any club", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: body(f.ClubB.Id, ""),
			ExpectedStatus: 200, ExpectedContent: []string{f.ClubB.Id}},

		// update
		{Name: "guest cannot update an opportunity", Method: http.MethodPatch, URL: one(oppA), Body: strings.NewReader(`{"title":"gehackt"}`),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot update an opportunity", Method: http.MethodPatch, URL: one(oppA), Headers: f.Header("citizen"), Body: strings.NewReader(`{"title":"gehackt"}`),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor of another club cannot update an opportunity", Method: http.MethodPatch, URL: one(oppA), Headers: f.Header("editorB"), Body: strings.NewReader(`{"title":"gehackt"}`),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editing keeps the publication date", Method: http.MethodPatch, URL: one(oppA), Headers: f.Header("editorA"),
			Body:           strings.NewReader(`{"title":"Jugendtrainerin gesucht","published_at":"2099-01-01 00:00:00.000Z"}`),
			ExpectedStatus: 200, ExpectedContent: []string{"Jugendtrainerin gesucht"}, NotExpectedContent: []string{"2099"},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				r, _ := app.FindRecordById("opportunities", oppA)
				if age := time.Since(r.GetDateTime("published_at").Time()); age < 48*time.Hour {
					t.Fatalf("publication date moved to %v", r.GetDateTime("published_at"))
				}
			}},
		{Name: "editor closes an opportunity, which dates the end", Method: http.MethodPatch, URL: one(oppA), Headers: f.Header("editorA"),
			Body:           strings.NewReader(`{"status":"closed"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"closed"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				r, _ := app.FindRecordById("opportunities", oppA)
				if r.GetDateTime("closed_at").IsZero() {
					t.Fatal("closed_at not set")
				}
			}},
		{Name: "editor publishes a draft, which dates the publication", Method: http.MethodPatch, URL: one(oppADraft), Headers: f.Header("editorA"),
			Body:           strings.NewReader(`{"status":"published"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"published"`}, NotExpectedContent: []string{`"published_at":""`}},
		{Name: "editor cannot move an opportunity to a club they do not edit", Method: http.MethodPatch, URL: one(oppA), Headers: f.Header("editorA"),
			Body:           strings.NewReader(`{"organisation":"` + f.ClubB.Id + `"}`),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff update any opportunity", Method: http.MethodPatch, URL: one(oppB), Headers: f.Header("staff"),
			Body: strings.NewReader(`{"status":"closed"}`), ExpectedStatus: 200, ExpectedContent: []string{`"status":"closed"`}},

		// delete
		{Name: "guest cannot delete an opportunity", Method: http.MethodDelete, URL: one(oppA), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot delete an opportunity", Method: http.MethodDelete, URL: one(oppA), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor of another club cannot delete an opportunity", Method: http.MethodDelete, URL: one(oppA), Headers: f.Header("editorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor deletes own opportunity together with its interests", Method: http.MethodDelete, URL: one(oppA), Headers: f.Header("editorA"), ExpectedStatus: 204,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if _, err := app.FindRecordById("interests", interestGuestA); err == nil {
					t.Fatal("the interests should be gone with their opportunity")
				}
			}},
		{Name: "staff delete any opportunity", Method: http.MethodDelete, URL: one(oppB), Headers: f.Header("staff"), ExpectedStatus: 204},
	}

	runScenarios(t, engagementApp, scenarios)
}

func TestCloseExpiredOpportunities(t *testing.T) {
	t.Parallel()
	app := engagementApp(t)

	closed, err := engagement.CloseExpired(app, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if closed != 1 {
		t.Fatalf("closed %d opportunities, want 1", closed)
	}
	expired, _ := app.FindRecordById("opportunities", oppAExpired)
	if expired.GetString("status") != "closed" || expired.GetDateTime("closed_at").IsZero() {
		t.Fatalf("expired opportunity is %q, closed_at %v", expired.GetString("status"), expired.GetDateTime("closed_at"))
	}
	current, _ := app.FindRecordById("opportunities", oppA)
	if current.GetString("status") != "published" {
		t.Fatalf("a current opportunity was closed")
	}

	// both sides of oppA's published_until: a second before it stays open, at it closes
	until := current.GetDateTime("published_until").Time()
	if n, _ := engagement.CloseExpired(app, until.Add(-time.Second)); n != 0 {
		t.Fatalf("closed %d a second before the end", n)
	}
	if n, _ := engagement.CloseExpired(app, until); n != 1 {
		t.Fatalf("closed %d at the end, want 1", n)
	}
}

func TestOpportunitySuggestionsForCitizens(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const url = "/api/ben/opportunities/suggestions"
	scenarios := []tests.ApiScenario{
		{Name: "guest gets the published opportunities ranked by a short filter", Method: http.MethodGet, URL: url + "?topics=kultur&commitment=einmalig&hours=2",
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"totalItems":2`, `"items":[{"score":`, "Alle gewünschten Themen passen"},
			NotExpectedContent: []string{oppADraft, oppAExpired, oppPending}},
		{Name: "an editor gets no drafts in the ranking either", Method: http.MethodGet, URL: url + "?topics=sport", Headers: f.Header("editorA"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, oppA}, NotExpectedContent: []string{oppADraft, oppAExpired, oppPending}},
		{Name: "only offers sharing a chosen criterion are suggested, and new is no reason", Method: http.MethodGet, URL: url + "?topics=kultur",
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, oppB}, NotExpectedContent: []string{oppA, "Neu eingestellt", "eingestellt"}},
		{Name: "without a choice every public offer is listed, newest first", Method: http.MethodGet, URL: url,
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`, `"items":[{"score":0,"reasons":[],"opportunity":{`}},
		{Name: "the ranking shows a club's private contact data to nobody", Method: http.MethodGet, URL: url,
			ExpectedStatus: 200, ExpectedContent: []string{`"name":"Turnverein A"`}, NotExpectedContent: []string{"turnverein-a@club.example", f.EditorA.Id}},
		{Name: "an unknown topic is refused in German", Method: http.MethodGet, URL: url + "?topics=schach",
			ExpectedStatus: 400, ExpectedContent: []string{"validation_unknown_topic", "Unbekanntes Thema"}},
		{Name: "hours must be a number", Method: http.MethodGet, URL: url + "?hours=viel",
			ExpectedStatus: 400, ExpectedContent: []string{"validation_invalid_hours"}},
	}
	runScenarios(t, engagementApp, scenarios)

	// the order itself
	app := engagementApp(t)
	h := testapp.Handler(t, app)
	for wish, first := range map[string]string{"topics=kultur&hours=2": oppB, "topics=sport,jugend&commitment=regelmaessig&hours=2": oppA} {
		rec := do(t, h, http.MethodGet, url+"?"+wish, "", "")
		if rec.Code != 200 {
			t.Fatalf("%s: status %d", wish, rec.Code)
		}
		b := rec.Body.String()
		if i, j := strings.Index(b, first), strings.Index(b, engOtherOf(first)); i < 0 || j < 0 || i > j {
			t.Fatalf("%s: %s should come first: %s", wish, first, b)
		}
	}
}

func engOtherOf(id string) string {
	if id == oppA {
		return oppB
	}
	return oppA
}

// Realtime subscriptions take filters too: they must not probe a club's
// private contact data through opportunities or interests either.
func TestRealtimeFiltersCannotProbePrivateContactData(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	citizen, _ := app.FindRecordById("users", f.Citizen.Id)
	options := func(filter string) string {
		return "?options=" + neturl.QueryEscape(`{"query":{"filter":"`+filter+`"}}`)
	}
	cases := []struct {
		sub     string
		refused bool
	}{
		{"opportunities/*" + options("organisation.email~'turn'"), true},
		{"opportunities/*" + options("organisation.editors.name~'a'"), true},
		{"interests/*" + options("opportunity.organisation.phone~'0'"), true},
		{"opportunities/*" + options("topics~'sport'"), false},
		{"interests/*" + options("status='new'"), false},
	}
	for _, c := range cases {
		e := &core.RealtimeSubscribeRequestEvent{RequestEvent: &core.RequestEvent{App: app, Auth: citizen}, Subscriptions: []string{c.sub}}
		err := app.OnRealtimeSubscribeRequest().Trigger(e, func(*core.RealtimeSubscribeRequestEvent) error { return nil })
		if refused := err != nil; refused != c.refused {
			t.Errorf("%s: refused=%v (%v), want %v", c.sub, refused, err, c.refused)
		}
	}
}
