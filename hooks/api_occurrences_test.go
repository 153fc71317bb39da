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

	"ben/hooks/feeds"
	"ben/hooks/internal/testapp"
	"ben/hooks/tz"
)

func TestOccurrences(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const url = "/api/ben/occurrences"
	year := time.Now().Year() + 2
	first := time.Date(year, 3, 1, 18, 0, 0, 0, tz.Berlin)
	for first.Weekday() != time.Tuesday {
		first = first.AddDate(0, 0, 1)
	}
	march := func(extra string) string {
		return url + "?from=" + first.Format(time.DateOnly) + "&to=" + first.AddDate(0, 0, 27).Format(time.DateOnly) + extra
	}
	inUTC := func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000Z") }
	series := func(t testing.TB, app core.App) {
		saveCalendarEvent(t, app, f.ClubA.Id, "Dienstagstraining", first, first.Add(2*time.Hour), map[string]any{
			"rrule": "FREQ=WEEKLY;BYDAY=TU", "exdates": []string{first.AddDate(0, 0, 14).Format(time.DateOnly)}})
		saveCalendarEvent(t, app, f.ClubB.Id, "Chorfahrt", first.AddDate(0, 0, 3), first.AddDate(0, 0, 4), map[string]any{"all_day": true, "cancelled": true})
		draft := saveCalendarEvent(t, app, f.ClubA.Id, "Geheime Reihe", first, first.Add(time.Hour), map[string]any{"rrule": "FREQ=DAILY"})
		draft.Set("published", false)
		if err := app.Save(draft); err != nil {
			t.Fatal(err)
		}
		saveCalendarEvent(t, app, f.Pending.Id, "Reihe eines wartenden Vereins", first, first.Add(time.Hour), map[string]any{"rrule": "FREQ=DAILY"})
	}

	// without a window BEN starts at today by its clock, read while it
	// answers: between dayBefore and the day read after the answer (two days
	// only when midnight passed in Bitburg in between)
	var dayBefore time.Time

	scenarios := []tests.ApiScenario{
		{Name: "guest gets each date of a series in order, without the cancelled one", Method: http.MethodGet, URL: march(""),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { series(t, app) },
			ExpectedStatus: 200,
			ExpectedContent: []string{`"starts_at":"` + inUTC(first) + `"`, `"starts_at":"` + inUTC(first.AddDate(0, 0, 7)) + `"`,
				`"starts_at":"` + inUTC(first.AddDate(0, 0, 21)) + `"`, `"recurring":true`, `"hasMore":false`,
				`"title":"Chorfahrt"`, `"all_day":true`, `"cancelled":true`},
			NotExpectedContent: []string{inUTC(first.AddDate(0, 0, 14)), "Geheime Reihe", "wartenden Vereins", "Entwurf A"},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				var page feeds.OccurrencePage
				decodeJSON(t, readAll(t, res), &page)
				if len(page.Items) != 4 {
					t.Fatalf("want 3 training dates and the trip, got %+v", page.Items)
				}
				for i := 1; i < len(page.Items); i++ {
					if page.Items[i].StartsAt < page.Items[i-1].StartsAt {
						t.Fatalf("not in order: %+v", page.Items)
					}
				}
			}},
		{Name: "the dates of one organisation", Method: http.MethodGet, URL: march("&organisation=" + f.ClubB.Id),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { series(t, app) },
			ExpectedStatus: 200, ExpectedContent: []string{`"title":"Chorfahrt"`}, NotExpectedContent: []string{"Dienstagstraining"}},
		{Name: "the dates of one event", Method: http.MethodGet, URL: url + "?event=" + f.EventA.Id,
			ExpectedStatus: 200, ExpectedContent: []string{f.EventA.Id}, NotExpectedContent: []string{f.EventB.Id, f.EventOffice.Id}},
		{Name: "a draft has no dates, even asked for by id", Method: http.MethodGet, URL: url + "?event=" + f.EventADraft.Id,
			ExpectedStatus: 200, ExpectedContent: []string{`"items":[]`}},
		{Name: "the office's own dates", Method: http.MethodGet, URL: url + "?office=true",
			ExpectedStatus: 200, ExpectedContent: []string{f.EventOffice.Id}, NotExpectedContent: []string{f.EventA.Id, f.EventB.Id}},
		{Name: "the dates of the clubs of one topic", Method: http.MethodGet, URL: url + "?topic=sport",
			ExpectedStatus: 200, ExpectedContent: []string{f.EventA.Id, f.EventB.Id}, NotExpectedContent: []string{f.EventOffice.Id}},
		{Name: "a topic with quotes or wildcards is refused", Method: http.MethodGet, URL: url + "?topic=%25",
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"validation_topic"`}},
		{Name: "the dates of one kind", Method: http.MethodGet, URL: march("&kind=fortbildung"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { series(t, app) },
			ExpectedStatus: 200, ExpectedContent: []string{`"items":[]`}},
		{Name: "pages: one date per page, the next page says there is more", Method: http.MethodGet, URL: march("&perPage=1&page=2"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { series(t, app) },
			ExpectedStatus: 200, ExpectedContent: []string{`"page":2`, `"perPage":1`, `"hasMore":true`, `"title":"Chorfahrt"`},
			NotExpectedContent: []string{"Dienstagstraining"}},
		{Name: "an editor sees no drafts here either: the list is public", Method: http.MethodGet, URL: march(""), Headers: f.Header("editorA"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { series(t, app) },
			ExpectedStatus: 200, ExpectedContent: []string{"Dienstagstraining"}, NotExpectedContent: []string{"Geheime Reihe", "wartenden Vereins"}},
		{Name: "without a window: the next 31 days", Method: http.MethodGet, URL: url,
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { dayBefore = tz.Day(time.Now()) },
			ExpectedStatus: 200, ExpectedContent: []string{f.EventA.Id},
			NotExpectedContent: []string{f.EventADraft.Id, f.EventPending.Id, f.EventArchived.Id},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				dayAfter := tz.Day(time.Now())
				var page feeds.OccurrencePage
				decodeJSON(t, readAll(t, res), &page)
				from, err := time.Parse(time.DateOnly, page.From)
				if err != nil || !from.Equal(dayBefore) && !from.Equal(dayAfter) {
					t.Fatalf("from %q, want today: %s", page.From, dayAfter.Format(time.DateOnly))
				}
				if want := from.AddDate(0, 0, 30).Format(time.DateOnly); page.To != want {
					t.Fatalf("to %q, want %s: 31 days", page.To, want)
				}
			}},
		{Name: "366 days are allowed", Method: http.MethodGet, URL: url + "?from=2028-01-01&to=2028-12-31",
			ExpectedStatus: 200, ExpectedContent: []string{`"to":"2028-12-31"`}},
		{Name: "367 days are too many", Method: http.MethodGet, URL: url + "?from=2027-01-01&to=2028-01-02",
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"validation_window_too_long"`, "höchstens 366 Tage"}},
		{Name: "the end before the start is refused", Method: http.MethodGet, URL: url + "?from=2027-01-02&to=2027-01-01",
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"validation_to_before_from"`}},
		{Name: "a date in another form is refused", Method: http.MethodGet, URL: url + "?from=01.02.2027",
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"validation_from"`, "JJJJ-MM-TT"}},
		{Name: "an unknown kind is refused", Method: http.MethodGet, URL: url + "?kind=party",
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"validation_kind"`}},
		{Name: "page 0 is refused", Method: http.MethodGet, URL: url + "?page=0",
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"validation_page"`}},
	}
	runScenarios(t, testapp.Factory, scenarios)
}

func TestOccurrencesOfAnOpenSeriesFarAhead(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	start := time.Date(2020, 1, 7, 19, 0, 0, 0, tz.Berlin)
	saveCalendarEvent(t, app, f.ClubA.Id, "Seit 2020", start, start.Add(time.Hour), map[string]any{"rrule": "FREQ=WEEKLY;INTERVAL=2"})
	page, err := feeds.Occurrences(app, feeds.OccurrenceQuery{From: day(2040, 1, 1), To: day(2040, 12, 30), Page: 1, PerPage: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for _, o := range page.Items {
		if o.Title != "Seit 2020" {
			continue
		}
		n++
		if !strings.HasSuffix(o.StartsAt, ":00:00.000Z") {
			t.Fatalf("odd start %s", o.StartsAt)
		}
		st, _ := time.Parse("2006-01-02 15:04:05.000Z", o.StartsAt)
		if local := st.In(tz.Berlin); local.Hour() != 19 || local.Weekday() != time.Tuesday {
			t.Fatalf("%s is not Tuesday 19:00 in Bitburg", local)
		}
	}
	if n != 26 {
		t.Fatalf("every other Tuesday of 2040 is 26 dates, got %d", n)
	}
}

func TestOccurrencesFindDatesThatBeganBeforeTheWindow(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	from := time.Date(2031, 5, 10, 0, 0, 0, 0, tz.Berlin)
	long := saveEvent(t, app, f.ClubA.Id, "Zeltlager", from.AddDate(0, 0, -3), from.Add(36*time.Hour), true)
	night := saveEvent(t, app, f.ClubA.Id, "Nachtwanderung", from.Add(-2*time.Hour), from.Add(2*time.Hour), true)
	ended := saveEvent(t, app, f.ClubA.Id, "Vorher zu Ende", from.Add(-3*time.Hour), from, true)
	later := saveEvent(t, app, f.ClubA.Id, "Im Fenster", from.Add(10*time.Hour), from.Add(11*time.Hour), true)
	page, err := feeds.Occurrences(app, feeds.OccurrenceQuery{From: day(2031, 5, 10), To: day(2031, 5, 10), Page: 1, PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range page.Items {
		got = append(got, o.Event)
	}
	want := []string{long.Id, night.Id, later.Id}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("got %v, want the three-day camp, the night walk and the date in the window (not %s)", got, ended.Id)
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func readAll(t testing.TB, res *http.Response) []byte {
	t.Helper()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestOccurrencesAreKeptUntilAnEventChanges(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	const target = "/api/ben/occurrences?from=2031-03-01&to=2031-03-31"
	first := do(t, h, http.MethodGet, target, "", "")
	etag := first.Header().Get("ETag")
	if first.Code != 200 || etag == "" || !strings.Contains(first.Body.String(), `"items":[]`) {
		t.Fatalf("first answer: %d %q %s", first.Code, etag, first.Body.String())
	}
	if again := do(t, h, http.MethodGet, target, "", ""); again.Body.String() != first.Body.String() {
		t.Fatal("the same question must get the same answer")
	}

	start := time.Date(2031, 3, 4, 18, 0, 0, 0, tz.Berlin)
	saveCalendarEvent(t, app, f.ClubA.Id, "Neue Reihe", start, start.Add(time.Hour), map[string]any{"rrule": "FREQ=WEEKLY"})
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("If-None-Match", etag)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Neue Reihe") || rec.Header().Get("ETag") == etag {
		t.Fatalf("a new event must show at once: %d %s", rec.Code, rec.Body.String())
	}
	req = httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("If-None-Match", rec.Header().Get("ETag"))
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Fatalf("an unchanged answer is 304, got %d", rec.Code)
	}
}
