package hooks_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"ben/hooks/feeds"
	"ben/hooks/internal/testapp"
)

func TestEventFeeds(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const all = "/api/ben/events.ics"
	orgFeed := func(slug string) string { return "/api/ben/organisations/" + slug + "/events.ics" }
	uid := func(r *core.Record) string { return "UID:" + r.Id + "@ben.bitburg" }

	scenarios := []tests.ApiScenario{
		{Name: "guest gets every published upcoming event of published clubs and of the office", Method: http.MethodGet, URL: all,
			ExpectedStatus: 200,
			ExpectedContent: []string{"BEGIN:VCALENDAR\r\n", "VERSION:2.0\r\n", "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n",
				uid(f.EventA), uid(f.EventB), uid(f.EventOffice), uid(f.Festival2027),
				"SUMMARY:Training A\r\n", "Veranstalter: Turnverein A", "Veranstalter: Koordinierungsstelle",
				"DTSTART;TZID=Europe/Berlin:20270911T110000\r\n", "CATEGORIES:Vereinsfest\r\n",
				"URL:http://localhost:8090/termine/" + f.EventA.Id + "\r\n", "END:VCALENDAR\r\n"},
			NotExpectedContent: []string{uid(f.EventADraft), uid(f.EventPending), uid(f.EventArchived), "Entwurf A"},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if ct := res.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
					t.Fatalf("Content-Type = %q", ct)
				}
				if res.Header.Get("ETag") == "" {
					t.Fatal("no ETag: calendar apps could not poll cheaply")
				}
				assertContentLines(t, res)
			}},
		{Name: "a logged-in editor gets the public feed too, without drafts", Method: http.MethodGet, URL: all,
			Headers: f.Header("editorA"), ExpectedStatus: 200,
			ExpectedContent: []string{uid(f.EventA)}, NotExpectedContent: []string{uid(f.EventADraft), uid(f.EventPending)}},
		{Name: "staff get the public feed too, without drafts", Method: http.MethodGet, URL: all,
			Headers: f.Header("staff"), ExpectedStatus: 200,
			ExpectedContent: []string{uid(f.EventA)}, NotExpectedContent: []string{uid(f.EventADraft), uid(f.EventArchived)}},
		{Name: "an event that has ended is not in the feed", Method: http.MethodGet, URL: all,
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				past := time.Now().UTC().Add(-48 * time.Hour)
				saveEvent(t, app, f.ClubA.Id, "Vergangenes Training", past, past.Add(time.Hour), true)
			},
			ExpectedStatus: 200, ExpectedContent: []string{uid(f.EventA)}, NotExpectedContent: []string{"Vergangenes Training"}},
		{Name: "an event that is still running is in the feed", Method: http.MethodGet, URL: all,
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				now := time.Now().UTC()
				saveEvent(t, app, f.ClubA.Id, "Laufendes Turnier", now.Add(-time.Hour), now.Add(time.Hour), true)
			},
			ExpectedStatus: 200, ExpectedContent: []string{"SUMMARY:Laufendes Turnier\r\n"}},
		{Name: "text is escaped and long lines are folded", Method: http.MethodGet, URL: all,
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				start := time.Now().UTC().Add(24 * time.Hour)
				r := saveEvent(t, app, f.ClubA.Id, "Kaffee, Kuchen; Gespräche", start, start.Add(time.Hour), true)
				r.Set("description", "<p>"+strings.Repeat("Ehrenamt überall ", 10)+"</p><script>alert(1)</script>")
				if err := app.Save(r); err != nil {
					t.Fatal(err)
				}
			},
			ExpectedStatus: 200, ExpectedContent: []string{`SUMMARY:Kaffee\, Kuchen\; Gespräche`, "\r\n "},
			NotExpectedContent: []string{"<p>", "alert(1)"},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				assertContentLines(t, res)
			}},

		// per organisation
		{Name: "guest gets the feed of one published club", Method: http.MethodGet, URL: orgFeed("turnverein-a"),
			ExpectedStatus: 200, ExpectedContent: []string{uid(f.EventA), "X-WR-CALNAME:Turnverein A"},
			NotExpectedContent: []string{uid(f.EventB), uid(f.EventOffice), uid(f.EventADraft)},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "turnverein-a-termine.ics") {
					t.Fatalf("Content-Disposition = %q", cd)
				}
			}},
		{Name: "the editor of a club gets no drafts in its feed", Method: http.MethodGet, URL: orgFeed("turnverein-a"),
			Headers: f.Header("editorA"), ExpectedStatus: 200,
			ExpectedContent: []string{uid(f.EventA)}, NotExpectedContent: []string{uid(f.EventADraft)}},
		{Name: "unknown organisation slug gives 404", Method: http.MethodGet, URL: orgFeed("gibt-es-nicht"),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`, "nicht öffentlich"}},
		{Name: "pending organisation has no feed", Method: http.MethodGet, URL: orgFeed("neue-initiative"),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}, NotExpectedContent: []string{"BEGIN:VCALENDAR"}},
		{Name: "pending organisation has no feed even for its editor", Method: http.MethodGet, URL: orgFeed("neue-initiative"),
			Headers: f.Header("editorA"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "archived organisation has no feed", Method: http.MethodGet, URL: orgFeed("alter-verein"),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "a club without upcoming events gets a valid empty calendar", Method: http.MethodGet, URL: orgFeed("chor-b"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				updateRecord(t, app, "events", f.EventB.Id, map[string]any{"published": false})
			},
			ExpectedStatus: 200, ExpectedContent: []string{"BEGIN:VCALENDAR", "END:VTIMEZONE\r\nEND:VCALENDAR\r\n"},
			NotExpectedContent: []string{"BEGIN:VEVENT"}},
	}

	runScenarios(t, testapp.Factory, scenarios)
}

// assertContentLines checks RFC 5545 §3.1: CRLF line ends, no line longer
// than 75 octets.
func assertContentLines(t testing.TB, res *http.Response) {
	t.Helper()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	text := string(body)
	if !strings.HasSuffix(text, "\r\n") {
		t.Fatal("the calendar does not end with CRLF")
	}
	for i, line := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") {
			t.Fatalf("line %d has a bare line break: %q", i+1, line)
		}
		if len(line) > feeds.MaxLineOctets {
			t.Fatalf("line %d has %d octets: %q", i+1, len(line), line)
		}
	}
}

func saveEvent(t testing.TB, app core.App, orgID, title string, start, end time.Time, published bool) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId("events")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(c)
	r.Load(map[string]any{"title": title, "kind": "termin", "organisation": orgID,
		"starts_at": start, "ends_at": end, "published": published})
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestEventFeedETag(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	handler := testapp.Handler(t, app)
	get := func(etag string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/api/ben/events.ics", nil)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		return rec
	}

	first := get("")
	etag := first.Header().Get("ETag")
	if first.Code != 200 || etag == "" {
		t.Fatalf("first request: %d, ETag %q", first.Code, etag)
	}

	t.Run("an unchanged calendar answers 304 without a body", func(t *testing.T) {
		// not parallel: the subtests share one app and change it in turn
		again := get(etag)
		if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
			t.Fatalf("got %d with %d bytes", again.Code, again.Body.Len())
		}
		if again.Header().Get("ETag") != etag {
			t.Fatalf("304 carries ETag %q, want %q", again.Header().Get("ETag"), etag)
		}
	})

	t.Run("a stale ETag gets the full calendar", func(t *testing.T) {
		if got := get(`"veraltet"`); got.Code != 200 || !strings.Contains(got.Body.String(), "BEGIN:VCALENDAR") {
			t.Fatalf("got %d", got.Code)
		}
	})

	t.Run("unpublishing an event changes the ETag and removes it", func(t *testing.T) {
		updateRecord(t, app, "events", f.EventA.Id, map[string]any{"published": false})
		changed := get(etag)
		if changed.Code != 200 {
			t.Fatalf("got %d, want the new calendar", changed.Code)
		}
		if changed.Header().Get("ETag") == etag {
			t.Fatal("the ETag did not change")
		}
		if strings.Contains(changed.Body.String(), f.EventA.Id) {
			t.Fatal("the unpublished event is still in the feed")
		}
	})
}

// TestChangeSignal shows why the portal needs the signal: PocketBase does not
// tell a guest that an event was unpublished (the guest may no longer see
// it), but the signal does, without naming the event.
func TestChangeSignal(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)

	guest := subscriptions.NewDefaultClient()
	guest.Subscribe("events/*", feeds.ChangesTopic)
	app.SubscriptionsBroker().Register(guest)
	defer app.SubscriptionsBroker().Unregister(guest.Id())

	updateRecord(t, app, "events", f.EventA.Id, map[string]any{"published": false})

	// messages are sent asynchronously: collect what arrives within a second
	var got []subscriptions.Message
	timeout := time.After(time.Second)
collect:
	for {
		select {
		case m := <-guest.Channel():
			got = append(got, m)
		case <-timeout:
			break collect
		}
	}

	var signal *subscriptions.Message
	for i, m := range got {
		switch m.Name {
		case feeds.ChangesTopic:
			signal = &got[i]
		case "events/*":
			t.Fatalf("the guest was told about the unpublished event: %s", m.Data)
		}
	}
	if signal == nil {
		t.Fatalf("no change signal among %d messages", len(got))
	}
	var change feeds.Change
	if err := json.Unmarshal(signal.Data, &change); err != nil || change.Collection != "events" {
		t.Fatalf("signal %s, want the collection events", signal.Data)
	}
	if strings.Contains(string(signal.Data), f.EventA.Id) {
		t.Fatal("the signal names the unpublished event")
	}
}
