package hooks_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

func TestFestivalParticipationsAccess(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const url = "/api/collections/festival_participations/records"
	one := func(id string) string { return url + "/" + id }
	join := func(org, extra string) *strings.Reader {
		return strings.NewReader(`{"event":"` + f.Festival2027.Id + `","organisation":"` + org + `","offer":"Kinderschminken","needs":"Ein Tisch"` + extra + `}`)
	}
	withoutA := func(t testing.TB) *tests.TestApp {
		app := festivalApp(t)
		r, _ := app.FindRecordById("festival_participations", festSubmittedA)
		if err := app.Delete(r); err != nil {
			t.Fatal(err)
		}
		app.TestMailer.Reset()
		return app
	}
	officeTold := func(t testing.TB, app *tests.TestApp, res *http.Response) {
		if app.TestMailer.TotalSend() != 1 || !strings.Contains(app.TestMailer.LastMessage().Subject, "Anmeldung zum Vereinsfest: Turnverein A") {
			t.Fatalf("the office should be told once, got %d mails", app.TestMailer.TotalSend())
		}
	}

	scenarios := []tests.ApiScenario{
		// the programme and who sees what
		{Name: "guest sees the programme: accepted offers without needs and the office's note", Method: http.MethodGet, URL: url,
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, festAcceptedB, "Offenes Singen"},
			NotExpectedContent: []string{festSubmittedA, "Eine Bühne", festNoteB, `"needs"`, `"note"`}},
		{Name: "editor sees the club's own registration with its needs, and the programme", Method: http.MethodGet, URL: url + "?sort=created", Headers: f.Header("editorA"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`, festSubmittedA, festNeedsA}, NotExpectedContent: []string{"Eine Bühne", festNoteB}},
		{Name: "the accepted club reads the office's note", Method: http.MethodGet, URL: one(festAcceptedB), Headers: f.Header("editorB"),
			ExpectedStatus: 200, ExpectedContent: []string{festNoteB, "Eine Bühne"}},
		{Name: "the office (buero) sees every registration and what the clubs need", Method: http.MethodGet, URL: url, Headers: f.Header("staffBuero"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`, festNeedsA, "Eine Bühne"}},
		{Name: "the redaktion sees the programme only", Method: http.MethodGet, URL: url, Headers: f.Header("staffRedaktion"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`}, NotExpectedContent: []string{festNeedsA, "Eine Bühne"}},
		{Name: "guest cannot view an undecided registration", Method: http.MethodGet, URL: one(festSubmittedA),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "guest cannot guess what a club needs with a filter", Method: http.MethodGet, URL: url + "?filter=(needs~'Bühne')",
			ExpectedStatus: 400, ExpectedContent: []string{"Bedarf"}},
		{Name: "guest cannot guess the office's note through the festival", Method: http.MethodGet,
			URL:            "/api/collections/events/records?filter=(festival_participations_via_event.note~'Markt')",
			ExpectedStatus: 400, ExpectedContent: []string{"Bedarf"}},
		{Name: "guest filters the programme by festival", Method: http.MethodGet, URL: url + "?filter=(event='" + f.Festival2027.Id + "')&expand=organisation",
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, `"name":"Chor B"`}},

		// registering
		{Name: "editor registers the club for the festival; it waits for the office, which is told", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"),
			Body: join(f.ClubA.Id, ""), TestAppFactory: withoutA,
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"submitted"`, `"decided_at":""`, `"needs":"Ein Tisch"`}, AfterTestFunc: officeTold},
		{Name: "editor cannot accept the club's own registration", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"),
			Body: join(f.ClubA.Id, `,"status":"accepted"`), TestAppFactory: withoutA, ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "editor cannot write the office's note", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"),
			Body: join(f.ClubA.Id, `,"note":"Bester Platz"`), TestAppFactory: withoutA, ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "a club registers once per festival", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"),
			Body: join(f.ClubA.Id, ""), ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "editor cannot register another club", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"),
			Body: join(f.ClubB.Id, ""), TestAppFactory: withoutA, ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "a pending club cannot register", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"),
			Body: join(f.Pending.Id, ""), ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "citizen cannot register a club", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"),
			Body: join(f.ClubA.Id, ""), TestAppFactory: withoutA, ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "only the festival takes registrations", Method: http.MethodPost, URL: url, Headers: f.Header("staffBuero"),
			Body:           strings.NewReader(`{"event":"` + f.EventA.Id + `","organisation":"` + f.ClubA.Id + `","offer":"Torwand"}`),
			TestAppFactory: withoutA, ExpectedStatus: 400, ExpectedContent: []string{`"event":{"code":"validation_not_festival"`}},
		{Name: "a festival that has begun takes no registrations, not even from the office", Method: http.MethodPost, URL: url, Headers: f.Header("staffBuero"),
			Body: join(f.ClubA.Id, ""),
			TestAppFactory: func(t testing.TB) *tests.TestApp {
				app := withoutA(t)
				updateRecord(t, app, "events", f.Festival2027.Id, map[string]any{"starts_at": time.Now().Add(-time.Hour), "ends_at": time.Now().Add(time.Hour)})
				return app
			},
			ExpectedStatus: 400, ExpectedContent: []string{`"event":{"code":"validation_festival_past"`}},

		// changing and deciding
		{Name: "editor changes the offer while it is undecided", Method: http.MethodPatch, URL: one(festSubmittedA), Headers: f.Header("editorA"),
			Body: strings.NewReader(`{"offer":"Torwandschießen und Elfmeterkönig"}`), ExpectedStatus: 200, ExpectedContent: []string{"Elfmeterkönig"}},
		{Name: "editor cannot decide", Method: http.MethodPatch, URL: one(festSubmittedA), Headers: f.Header("editorA"),
			Body: strings.NewReader(`{"status":"accepted"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor of another club cannot change the registration", Method: http.MethodPatch, URL: one(festSubmittedA), Headers: f.Header("editorB"),
			Body: strings.NewReader(`{"offer":"Gekapert"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "an accepted offer is no longer changed by the club", Method: http.MethodPatch, URL: one(festAcceptedB), Headers: f.Header("editorB"),
			Body: strings.NewReader(`{"offer":"Etwas anderes"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "the office accepts with a note; the decision is dated and signed, the editors are told", Method: http.MethodPatch, URL: one(festSubmittedA), Headers: f.Header("staffBuero"),
			Body:           strings.NewReader(`{"status":"accepted","note":"Stand 7 am Spittel"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"accepted"`, `"decided_by":"` + f.StaffBuero.Id + `"`}, NotExpectedContent: []string{`"decided_at":""`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if mailsTo(app, "editor.a@test.example", "Ihre Teilnahme ist angenommen") != 1 || !strings.Contains(app.TestMailer.LastMessage().Text, "Stand 7 am Spittel") {
					t.Fatal("editor A should be told, with the note")
				}
			}},
		{Name: "the redaktion cannot decide", Method: http.MethodPatch, URL: one(festSubmittedA), Headers: f.Header("staffRedaktion"),
			Body: strings.NewReader(`{"status":"accepted"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "a deactivated office account cannot decide", Method: http.MethodPatch, URL: one(festSubmittedA), Headers: f.Header("staffInactive"),
			Body: strings.NewReader(`{"status":"declined"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},

		// withdrawing
		{Name: "editor withdraws the undecided registration", Method: http.MethodDelete, URL: one(festSubmittedA), Headers: f.Header("editorA"), ExpectedStatus: 204},
		{Name: "an accepted participation is withdrawn only with the office", Method: http.MethodDelete, URL: one(festAcceptedB), Headers: f.Header("editorB"),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
	}
	runScenarios(t, festivalApp, scenarios)
}

// A decision is dated and signed on every path; taking it back clears both.
func TestFestivalDecisionIsDatedOnEveryPath(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedFestival(t, app, f)
	r := updateRecord(t, app, "festival_participations", festSubmittedA, map[string]any{"status": "declined"})
	if r.GetDateTime("decided_at").IsZero() || mailsTo(app, "editor.a@test.example", "Ihre Anmeldung") != 1 {
		t.Fatal("a decision in Go code is dated and mailed too")
	}
	r.Set("status", "submitted")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if !r.GetDateTime("decided_at").IsZero() {
		t.Fatal("back to submitted clears the date")
	}
}
