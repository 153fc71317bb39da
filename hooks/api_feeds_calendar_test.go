package hooks_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
	"ben/hooks/tz"
)

// saveCalendarEvent stores a published event of organisation orgID with the
// given calendar fields.
func saveCalendarEvent(t testing.TB, app core.App, orgID, title string, start, end time.Time, fields map[string]any) *core.Record {
	t.Helper()
	r := saveEvent(t, app, orgID, title, start, end, true)
	for k, v := range fields {
		r.Set(k, v)
	}
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestCalendarFeedsWriteSeriesWholeDaysAndCancellations(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const all = "/api/ben/events.ics"
	year := time.Now().Year() + 2
	// the first Tuesday of March, two years ahead
	tuesday := time.Date(year, 3, 1, 18, 30, 0, 0, tz.Berlin)
	for tuesday.Weekday() != time.Tuesday {
		tuesday = tuesday.AddDate(0, 0, 1)
	}
	ymd := func(t time.Time) string { return t.Format("20060102") }

	scenarios := []tests.ApiScenario{
		{Name: "a series is written as RRULE with its cancelled dates as EXDATE at the start's wall time", Method: http.MethodGet, URL: all,
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				saveCalendarEvent(t, app, f.ClubA.Id, "Wöchentliches Training", tuesday, tuesday.Add(90*time.Minute), map[string]any{
					"rrule": "FREQ=WEEKLY;BYDAY=TU;UNTIL=" + ymd(tuesday.AddDate(0, 3, 0)), "exdates": []string{tuesday.AddDate(0, 0, 14).Format(time.DateOnly)}})
			},
			ExpectedStatus: 200, ExpectedContent: []string{
				"DTSTART;TZID=Europe/Berlin:" + ymd(tuesday) + "T183000\r\n",
				"RRULE:FREQ=WEEKLY;UNTIL=" + ymd(tuesday.AddDate(0, 3, 0)) + "T", "Z;BYDAY=TU\r\n",
				"EXDATE;TZID=Europe/Berlin:" + ymd(tuesday.AddDate(0, 0, 14)) + "T183000\r\n", "SEQUENCE:"}},
		{Name: "a series that began long ago and has no end is still in the feed", Method: http.MethodGet, URL: all,
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				old := time.Date(2020, 1, 7, 19, 0, 0, 0, tz.Berlin)
				saveCalendarEvent(t, app, f.ClubA.Id, "Seit 2020 jeden Dienstag", old, old.Add(time.Hour), map[string]any{"rrule": "FREQ=WEEKLY"})
				saveCalendarEvent(t, app, f.ClubA.Id, "Reihe von 2020, längst vorbei", old, old.Add(time.Hour), map[string]any{"rrule": "FREQ=WEEKLY;COUNT=5"})
			},
			ExpectedStatus: 200, ExpectedContent: []string{"SUMMARY:Seit 2020 jeden Dienstag\r\n", "RRULE:FREQ=WEEKLY\r\n"},
			NotExpectedContent: []string{"längst vorbei"}},
		{Name: "an all-day event is written with DATE values and an exclusive end", Method: http.MethodGet, URL: all,
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				day := time.Date(year, 6, 6, 0, 0, 0, 0, tz.Berlin)
				saveCalendarEvent(t, app, f.ClubA.Id, "Sportfest", day.Add(10*time.Hour), day.AddDate(0, 0, 1).Add(17*time.Hour), map[string]any{"all_day": true})
			},
			ExpectedStatus: 200, ExpectedContent: []string{
				"DTSTART;VALUE=DATE:" + ymd(time.Date(year, 6, 6, 0, 0, 0, 0, time.UTC)) + "\r\n",
				"DTEND;VALUE=DATE:" + ymd(time.Date(year, 6, 8, 0, 0, 0, 0, time.UTC)) + "\r\n", "TRANSP:TRANSPARENT\r\n"}},
		{Name: "a cancelled event stays in the feed with STATUS:CANCELLED and a higher SEQUENCE", Method: http.MethodGet, URL: all,
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				start := time.Now().Add(48 * time.Hour).Truncate(time.Hour)
				saveCalendarEvent(t, app, f.ClubA.Id, "Mitgliederversammlung", start, start.Add(time.Hour), map[string]any{"cancelled": true})
			},
			ExpectedStatus: 200, ExpectedContent: []string{"SUMMARY:Abgesagt: Mitgliederversammlung\r\n", "STATUS:CANCELLED\r\n", "SEQUENCE:1\r\n"}},
		{Name: "times in the hour repeated in autumn are written in UTC, others with the zone", Method: http.MethodGet, URL: all,
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				first := time.Date(2031, 10, 26, 0, 30, 0, 0, time.UTC) // 02:30 CEST
				saveCalendarEvent(t, app, f.ClubA.Id, "Nachtwanderung", first, first.Add(2*time.Hour), nil)
			},
			ExpectedStatus: 200, ExpectedContent: []string{"DTSTART:20311026T003000Z\r\n", "DTEND;TZID=Europe/Berlin:20311026T033000\r\n"}},
		{Name: "descriptions keep the targets of their links", Method: http.MethodGet, URL: all,
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				start := time.Now().Add(48 * time.Hour).Truncate(time.Hour)
				saveCalendarEvent(t, app, f.ClubA.Id, "Mit Link", start, start.Add(time.Hour),
					map[string]any{"description": `<p>Anmeldung <a href="https://tv-a.example/x">hier</a></p>`})
			},
			ExpectedStatus: 200, ExpectedContent: []string{"SUMMARY:Mit Link"},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				body, _ := io.ReadAll(res.Body)
				if unfolded := strings.ReplaceAll(string(body), "\r\n ", ""); !strings.Contains(unfolded, "Anmeldung hier (https://tv-a.example/x)") {
					t.Fatalf("the link target is missing:\n%s", unfolded)
				}
			}},
		{Name: "external sites' scripts may read the ETag", Method: http.MethodGet, URL: all,
			ExpectedStatus: 200, ExpectedContent: []string{"BEGIN:VCALENDAR"},
			ExpectedEvents: map[string]int{"*": 0},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if got := res.Header.Get("Access-Control-Expose-Headers"); !strings.Contains(got, "ETag") {
					t.Fatalf("Access-Control-Expose-Headers = %q", got)
				}
			}},

		// one event
		{Name: "guest downloads one published event", Method: http.MethodGet, URL: "/api/ben/events/" + f.EventA.Id + ".ics",
			ExpectedStatus: 200, ExpectedContent: []string{"BEGIN:VCALENDAR", "UID:" + f.EventA.Id + "@ben.bitburg", "SUMMARY:Training A"},
			NotExpectedContent: []string{f.EventB.Id, "X-WR-CALNAME"},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
					t.Fatalf("Content-Disposition = %q", cd)
				}
				if res.Header.Get("ETag") == "" || !strings.Contains(res.Header.Get("Access-Control-Expose-Headers"), "ETag") {
					t.Fatal("the file has no readable ETag")
				}
			}},
		{Name: "a draft cannot be downloaded", Method: http.MethodGet, URL: "/api/ben/events/" + f.EventADraft.Id + ".ics",
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}, NotExpectedContent: []string{"Entwurf A"}},
		{Name: "a draft cannot be downloaded by its editor either: the file is public", Method: http.MethodGet, URL: "/api/ben/events/" + f.EventADraft.Id + ".ics",
			Headers: f.Header("editorA"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "an event of a pending club cannot be downloaded", Method: http.MethodGet, URL: "/api/ben/events/" + f.EventPending.Id + ".ics",
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "an unknown event is not found", Method: http.MethodGet, URL: "/api/ben/events/gibtesnicht1234.ics",
			ExpectedStatus: 404, ExpectedContent: []string{"Diesen Termin gibt es nicht"}},
		{Name: "without .ics there is nothing", Method: http.MethodGet, URL: "/api/ben/events/" + f.EventA.Id,
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
	}
	runScenarios(t, testapp.Factory, scenarios)
}

func TestFeedLinksComeFromTheApplicationURL(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	handler := testapp.Handler(t, app)
	get := func(url, host string) string {
		req := httptest.NewRequest(http.MethodGet, url, nil)
		req.Host = host
		req.Header.Set("X-Forwarded-Host", host)
		req.Header.Set("X-Forwarded-Proto", "https")
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("%s: %d", url, rec.Code)
		}
		return rec.Body.String()
	}
	for _, url := range []string{"/api/ben/events.ics", "/api/ben/organisations/turnverein-a/events.ics", "/api/ben/events/" + f.EventA.Id + ".ics"} {
		body := get(url, "boese.example")
		if strings.Contains(body, "boese.example") || !strings.Contains(body, "URL:http://localhost:8090/termine/"+f.EventA.Id) {
			t.Fatalf("%s: links must come from the application URL, not the Host header:\n%s", url, body)
		}
		// the second requester with an honest Host gets the same bytes (one cache entry)
		if again := get(url, "ben.bitburg.de"); again != body {
			t.Fatalf("%s: the feed varies with the Host header", url)
		}
	}

	settings := app.Settings()
	settings.Meta.AppURL = "https://ben.bitburg.de/"
	if err := app.Save(settings); err != nil {
		t.Fatal(err)
	}
	if body := get("/api/ben/events.ics", "boese.example"); !strings.Contains(body, "URL:https://ben.bitburg.de/termine/"+f.EventA.Id+"\r\n") {
		t.Fatalf("a new application URL must show in the feed:\n%s", body)
	}
}
