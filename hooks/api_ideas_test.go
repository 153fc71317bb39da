package hooks_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
	"ben/hooks/privacy"
)

func TestIdeasAccess(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const url = "/api/collections/ideas/records"
	one := func(id string) string { return url + "/" + id }
	idea := func(extra string) *strings.Reader {
		return strings.NewReader(`{"title":"Ein Bücherschrank am Bahnhof","text":"Zum Tauschen von Büchern.","topic":"bildung","name":"Gustav Gast","email":"gustav@gast.example","consent":true` + extra + `}`)
	}
	sender := []string{ideaGuestName, ideaGuestEmail, `"name"`, `"email"`, `"user"`}

	scenarios := []tests.ApiScenario{
		// what the public sees
		{Name: "guest lists the published ideas with status and answer, never who sent them", Method: http.MethodGet, URL: url,
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, ideaPublished, `"status":"in_progress"`, "Der Bauhof prüft"},
			NotExpectedContent: append([]string{ideaCitizen, ideaDeclined}, sender...)},
		{Name: "citizen lists the published ideas and their own, with their own name", Method: http.MethodGet, URL: url + "?sort=created", Headers: f.Header("citizen"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`, ideaCitizen, `"name":"Clara Bürgerin"`}, NotExpectedContent: []string{ideaGuestEmail, ideaDeclined}},
		{Name: "citizen finds their own ideas", Method: http.MethodGet, URL: url + "?filter=(user='" + f.Citizen.Id + "')", Headers: f.Header("citizen"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, ideaCitizen}},
		{Name: "nobody guesses who sent a published idea by name", Method: http.MethodGet, URL: url + "?filter=(name~'Ida')", Headers: f.Header("citizen"),
			ExpectedStatus: 400, ExpectedContent: []string{"Person, die eine Idee geschickt hat"}},
		{Name: "nobody guesses who sent a published idea by account", Method: http.MethodGet, URL: url + "?filter=(user~'a')",
			ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "nobody guesses the sender's address", Method: http.MethodGet, URL: url + "?filter=(email~'ida')",
			ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "nobody guesses the sender from another collection", Method: http.MethodGet, URL: "/api/collections/events/records?filter=(@collection.ideas.name~'Ida')",
			ExpectedStatus: 400, ExpectedContent: []string{"Person, die eine Idee geschickt hat"}},
		{Name: "nobody guesses the sender through a back-relation of the accounts", Method: http.MethodGet, URL: "/api/collections/users/records?filter=(ideas_via_user.email~'ida')",
			Headers: f.Header("citizen"), ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "the public filters ideas by status and topic", Method: http.MethodGet, URL: url + "?filter=(status='in_progress'%26%26topic='senioren')",
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`}},
		{Name: "guest cannot view an idea that is not published", Method: http.MethodGet, URL: one(ideaCitizen),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "an idea declined without being published stays out of sight", Method: http.MethodGet, URL: one(ideaDeclined), Headers: f.Header("editorA"),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "the office (buero) reads every idea with its sender", Method: http.MethodGet, URL: url, Headers: f.Header("staffBuero"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":3`, ideaGuestEmail}},
		{Name: "the redaktion sees what the public sees", Method: http.MethodGet, URL: url, Headers: f.Header("staffRedaktion"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`}, NotExpectedContent: sender},

		// sending
		{Name: "guest sends an idea; it waits, and both the guest and the office are told", Method: http.MethodPost, URL: url, Body: idea(""),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"submitted"`, `"published_at":""`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if mailsTo(app, "gustav@gast.example", "Ihre Idee für Bitburg") != 1 {
					t.Fatal("the guest gets a confirmation")
				}
				office := app.TestMailer.LastMessage()
				if !strings.Contains(office.Subject, "Neue Idee für Bitburg") || strings.Contains(office.Text, "Gustav") {
					t.Fatalf("the office is told, without the sender:\n%s", office.Text)
				}
			}},
		{Name: "a guest's consent is required", Method: http.MethodPost, URL: url,
			Body:           strings.NewReader(`{"title":"T","text":"X","name":"Gustav Gast","email":"gustav@gast.example"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"consent":{"code":"validation_consent_required"`}},
		{Name: "a guest names themselves and their address", Method: http.MethodPost, URL: url,
			Body:           strings.NewReader(`{"title":"T","text":"X","consent":true}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"name":{"code":"validation_required"`, `"email":{"code":"validation_required"`}},
		{Name: "guest cannot publish their own idea", Method: http.MethodPost, URL: url, Body: idea(`,"status":"published"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "guest cannot answer their own idea", Method: http.MethodPost, URL: url, Body: idea(`,"response":"Super Idee!"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "citizen sends an idea, linked to the account with its name and address", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"),
			Body:           strings.NewReader(`{"title":"Mehr Sitzbänke","text":"Im Stadtpark."}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"user":"` + f.Citizen.Id + `"`, `"name":"Clara Bürgerin"`, `"email":"citizen@test.example"`}},

		// the office publishes and answers
		{Name: "the office publishes an idea; it becomes public and the sender is told", Method: http.MethodPatch, URL: one(ideaCitizen), Headers: f.Header("staffBuero"),
			Body: strings.NewReader(`{"status":"published"}`), ExpectedStatus: 200, ExpectedContent: []string{`"decided_by":"` + f.StaffBuero.Id + `"`}, NotExpectedContent: []string{`"published_at":""`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if mailsTo(app, "citizen@test.example", "Neues zu Ihrer Idee") != 1 || !strings.Contains(app.TestMailer.LastMessage().Text, "Stand: veröffentlicht") {
					t.Fatal("the citizen is told")
				}
			}},
		{Name: "the office answers a public idea; the sender reads the answer", Method: http.MethodPatch, URL: one(ideaPublished), Headers: f.Header("staffBuero"),
			Body: strings.NewReader(`{"status":"done","response":"Zwei Bänke stehen seit Mai."}`), ExpectedStatus: 200, ExpectedContent: []string{`"status":"done"`},
			NotExpectedContent: []string{`"closed_at":""`, `"responded_at":""`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if !strings.Contains(app.TestMailer.LastMessage().Text, "Zwei Bänke stehen seit Mai.") {
					t.Fatal("the answer is in the mail")
				}
			}},
		{Name: "a public idea declined later stays public with its answer", Method: http.MethodPatch, URL: one(ideaPublished), Headers: f.Header("staff"),
			Body: strings.NewReader(`{"status":"declined","response":"Der Rundweg ist zu schmal."}`), ExpectedStatus: 200, ExpectedContent: []string{`"status":"declined"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				r, _ := app.FindRecordById("ideas", ideaPublished)
				if r.GetDateTime("published_at").IsZero() {
					t.Fatal("it must stay public")
				}
			}},
		{Name: "the redaktion cannot publish", Method: http.MethodPatch, URL: one(ideaCitizen), Headers: f.Header("staffRedaktion"),
			Body: strings.NewReader(`{"status":"published"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "the sender cannot publish their own idea", Method: http.MethodPatch, URL: one(ideaCitizen), Headers: f.Header("citizen"),
			Body: strings.NewReader(`{"status":"published"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},

		// withdrawing
		{Name: "the sender withdraws an idea that is not public", Method: http.MethodDelete, URL: one(ideaCitizen), Headers: f.Header("citizen"), ExpectedStatus: 204},
		{Name: "a public idea is not withdrawn by its sender", Method: http.MethodDelete, URL: one(ideaCitizen), Headers: f.Header("citizen"),
			TestAppFactory: func(t testing.TB) *tests.TestApp {
				app := ideasApp(t)
				updateRecord(t, app, "ideas", ideaCitizen, map[string]any{"status": "published"})
				return app
			},
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "nobody else withdraws it", Method: http.MethodDelete, URL: one(ideaCitizen), Headers: f.Header("editorA"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
	}
	runScenarios(t, ideasApp, scenarios)
}

func TestIdeaBackToSubmittedIsNoLongerPublic(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedIdeas(t, app, f)
	h := testapp.Handler(t, app)
	updateRecord(t, app, "ideas", ideaPublished, map[string]any{"status": "submitted"})
	if res := do(t, h, http.MethodGet, "/api/collections/ideas/records/"+ideaPublished, "", ""); res.Code != 404 {
		t.Fatalf("taken back, the idea is not public: %d", res.Code)
	}
}

func TestIdeasPersonalData(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedIdeas(t, app, f)
	h := testapp.Handler(t, app)
	// the citizen's other idea was published; one more came as a guest with the account's address
	public := saveRecord(t, app, "ideas", "", map[string]any{"title": "Trinkbrunnen am Markt", "text": "Im Sommer.", "user": f.Citizen.Id,
		"name": "Clara Bürgerin", "email": "citizen@test.example"})
	public.Set("status", "published")
	if err := app.Save(public); err != nil {
		t.Fatal(err)
	}
	asGuest := saveRecord(t, app, "ideas", "", map[string]any{"title": "Fahrradständer", "text": "Am Rathaus.", "name": "Clara (Gast)",
		"email": "Citizen@Test.example", "consent": true})

	export, err := privacy.Export(app, f.Citizen, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(export["ideas"])
	for _, want := range []string{ideaCitizen, public.Id, asGuest.Id} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("the export lacks %s", want)
		}
	}
	if strings.Contains(string(raw), ideaGuestEmail) {
		t.Error("the export holds somebody else's idea")
	}

	token, _ := f.Citizen.NewAuthToken()
	if res := do(t, h, http.MethodDelete, "/api/collections/users/records/"+f.Citizen.Id, token, ""); res.Code != 204 {
		t.Fatalf("deleting the account: %d %s", res.Code, res.Body.String())
	}
	for _, id := range []string{ideaCitizen, asGuest.Id} {
		if _, err := app.FindRecordById("ideas", id); err == nil {
			t.Errorf("the unpublished idea %s must go with the account", id)
		}
	}
	kept, err := app.FindRecordById("ideas", public.Id)
	if err != nil || kept.GetString("title") != "Trinkbrunnen am Markt" {
		t.Fatal("a published idea stays as the town's record")
	}
	if kept.GetString("user") != "" || kept.GetString("name") != "" || kept.GetString("email") != "" {
		t.Fatalf("without its sender: %v", kept.PublicExport())
	}
	if found := engSearchDatabase(t, app, "Clara (Gast)"); len(found) > 0 {
		t.Errorf("still stored in %v", found)
	}
}

func TestClosedGuestIdeasForgetTheirSenderAfterTheRetentionTime(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedIdeas(t, app, f)
	updateRecord(t, app, "ideas", ideaPublished, map[string]any{"status": "done"})
	closed := time.Now() // Dora's idea was declined at the seed, a moment earlier

	if n, err := privacy.RunRetention(app, closed.AddDate(0, 12, 0).Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("before 12 months: %d, %v", n, err)
	}
	if n, err := privacy.RunRetention(app, closed.AddDate(0, 12, 0).Add(time.Hour)); err != nil || n != 2 {
		t.Fatalf("after 12 months: %d, %v; want Ida's and Dora's", n, err)
	}
	done, err := app.FindRecordById("ideas", ideaPublished)
	if err != nil || done.GetString("name") != "" || done.GetString("email") != "" || done.GetString("response") == "" {
		t.Fatalf("Ida's public idea stays with its answer, without her: %v", err)
	}
	if _, err := app.FindRecordById("ideas", ideaDeclined); err == nil {
		t.Fatal("Dora's idea was never public: it goes")
	}
	if _, err := app.FindRecordById("ideas", ideaCitizen); err != nil {
		t.Fatal("an open idea of an account stays")
	}
	if n, _ := privacy.RunRetention(app, closed.AddDate(0, 24, 0)); n != 0 {
		t.Fatalf("a forgotten sender is forgotten once: %d", n)
	}
}
