package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

// The festival is the office's decision: the redaktion edits its text
// only. An event that people or clubs are registered for is cancelled,
// never deleted.
func TestFestivalEventsAndEventsWithRegistrations(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	events := "/api/collections/events/records/"
	body := strings.NewReader
	scenarios := []tests.ApiScenario{
		{Name: "redaktion edits the festival's text", Method: http.MethodPatch, URL: events + f.Festival2027.Id, Headers: f.Header("staffRedaktion"),
			Body:           body(`{"title":"Bitburg engagiert sich – das Fest der Vereine","description":"<p>Alle Vereine auf dem Marktplatz.</p>","location":"Marktplatz"}`),
			ExpectedStatus: 200, ExpectedContent: []string{"das Fest der Vereine", `"location":"Marktplatz"`}},
		{Name: "redaktion cannot cancel the festival", Method: http.MethodPatch, URL: events + f.Festival2027.Id, Headers: f.Header("staffRedaktion"),
			Body: body(`{"cancelled":true}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "redaktion cannot turn an event of the office into the festival", Method: http.MethodPatch, URL: events + f.EventOffice.Id, Headers: f.Header("staffRedaktion"),
			Body: body(`{"kind":"vereinsfest"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "redaktion cannot turn the festival into another kind", Method: http.MethodPatch, URL: events + f.Festival2027.Id, Headers: f.Header("staffRedaktion"),
			Body: body(`{"kind":"termin"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "redaktion still moves an event of the office", Method: http.MethodPatch, URL: events + f.EventOffice.Id, Headers: f.Header("staffRedaktion"),
			Body: body(`{"starts_at":"2030-03-01 17:00:00.000Z","ends_at":"2030-03-01 19:00:00.000Z"}`), ExpectedStatus: 200, ExpectedContent: []string{`"starts_at":"2030-03-01 17:00:00.000Z"`}},
		{Name: "buero moves the festival", Method: http.MethodPatch, URL: events + f.Festival2027.Id, Headers: f.Header("staffBuero"),
			Body: body(`{"starts_at":"2027-09-18 08:00:00.000Z","ends_at":"2027-09-18 16:00:00.000Z"}`), ExpectedStatus: 200, ExpectedContent: []string{`"starts_at":"2027-09-18 08:00:00.000Z"`}},

		{Name: "an event with people registered or waiting is not deleted, not even by its editor", Method: http.MethodDelete, URL: events + f.EventA.Id, Headers: f.Header("editorA"),
			TestAppFactory: registrationsApp,
			ExpectedStatus: 400, ExpectedContent: []string{"validation_event_has_registrations", "Sagen Sie ihn ab"},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if _, err := app.FindRecordById("event_registrations", regGuestA); err != nil {
					t.Fatal("the registrations stay")
				}
			}},
		{Name: "an event of the office with a registration is not deleted by buero", Method: http.MethodDelete, URL: events + f.EventOffice.Id, Headers: f.Header("staffBuero"),
			TestAppFactory: registrationsApp, ExpectedStatus: 400, ExpectedContent: []string{"validation_event_has_registrations"}},
		{Name: "an event whose registrations are all cancelled is deleted", Method: http.MethodDelete, URL: events + f.EventOffice.Id, Headers: f.Header("staffBuero"),
			TestAppFactory: registrationsApp,
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				updateRecord(t, app, "event_registrations", regOffice, map[string]any{"status": "cancelled"})
			},
			ExpectedStatus: 204},
		{Name: "a festival with an accepted club is not deleted, not even by buero", Method: http.MethodDelete, URL: events + f.Festival2027.Id, Headers: f.Header("staffBuero"),
			TestAppFactory: festivalApp, ExpectedStatus: 400, ExpectedContent: []string{"validation_festival_has_participations"},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if _, err := app.FindRecordById("festival_participations", festAcceptedB); err != nil {
					t.Fatal("the participation stays")
				}
			}},
		{Name: "a festival with declined clubs only is deleted by buero", Method: http.MethodDelete, URL: events + f.Festival2027.Id, Headers: f.Header("staffBuero"),
			TestAppFactory: func(t testing.TB) *tests.TestApp {
				app := festivalApp(t)
				for _, id := range []string{festAcceptedB, festSubmittedA} {
					r, _ := app.FindRecordById("festival_participations", id)
					if r.GetString("status") == "accepted" {
						r.Set("status", "submitted")
						if err := app.Save(r); err != nil {
							t.Fatal(err)
						}
					}
					r.Set("status", "declined")
					if err := app.Save(r); err != nil {
						t.Fatal(err)
					}
				}
				return app
			},
			ExpectedStatus: 204},
		{Name: "redaktion cannot delete the festival", Method: http.MethodDelete, URL: events + f.Festival2027.Id, Headers: f.Header("staffRedaktion"),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
	}
	runScenarios(t, testapp.Factory, scenarios)
}
