package hooks_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
	"ben/hooks/search"
)

// saveSearchClub stores an organisation whose description holds words to
// search for.
func saveSearchClub(t testing.TB, app core.App, name, slug, status, description string) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId("organisations")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(c)
	r.Load(map[string]any{"name": name, "slug": slug, "kind": "verein", "status": status, "description": description,
		"topics": []string{"rettung", "jugend"}, "meeting_times": "freitags 18 Uhr",
		"contact_name": "Hildegard Geheimname", "email": "vorstand@geheim.example", "phone": "06561 987654", "contact_public": false})
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}

func searchURL(q string, extra ...string) string {
	return "/api/ben/search?q=" + url.QueryEscape(q) + strings.Join(extra, "")
}

func TestSearch(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	clubs := func(t testing.TB, app core.App) {
		saveSearchClub(t, app, "Jugendfeuerwehr Bitburg", "jugendfeuerwehr", "published",
			"<p>Wir üben jeden Freitag und spielen im Sommer Fußball mit der Wehr aus Mötsch.</p>")
		saveSearchClub(t, app, "Fußballfreunde Stahl", "fussballfreunde", "published", "<p>Training für alle.</p>")
		saveSearchClub(t, app, "Heimliche Fußballgruppe", "heimlich", "pending", "<p>Fußball im Verborgenen.</p>")
		saveSearchClub(t, app, "Alter Fußballverein", "alter-fussballverein", "archived", "<p>Fußball war einmal.</p>")
	}

	scenarios := []tests.ApiScenario{
		{Name: "a club is found by a word of its description, written with ß", Method: http.MethodGet, URL: searchURL("Fußball"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { clubs(t, app) },
			ExpectedStatus: 200, ExpectedContent: []string{`"title":"Jugendfeuerwehr Bitburg"`, `"collection":"organisations"`,
				`"link":"/vereine/jugendfeuerwehr"`, `\u003cmark\u003eFußball\u003c/mark\u003e`, `"totalItems":2`},
			NotExpectedContent: []string{"Heimliche", "Alter Fußballverein"}},
		{Name: "the same club is found with ss", Method: http.MethodGet, URL: searchURL("fussball"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { clubs(t, app) },
			ExpectedStatus: 200, ExpectedContent: []string{`"title":"Jugendfeuerwehr Bitburg"`, `\u003cmark\u003eFußball\u003c/mark\u003e`}},
		{Name: "a name in the title ranks before a word in a description", Method: http.MethodGet, URL: searchURL("FUSSBALL"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { clubs(t, app) },
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				var r search.Result
				decodeJSON(t, readAll(t, res), &r)
				if len(r.Items) != 2 || r.Items[0].Title != "Fußballfreunde Stahl" {
					t.Fatalf("want the club named after football first, got %+v", r.Items)
				}
				if r.Items[0].HighlightedTitle != "<mark>Fußball</mark>freunde Stahl" {
					t.Fatalf("highlighted title %q", r.Items[0].HighlightedTitle)
				}
			}},
		{Name: "a part of a compound word finds the whole", Method: http.MethodGet, URL: searchURL("feuerwehr"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { clubs(t, app) },
			ExpectedStatus: 200, ExpectedContent: []string{`"highlighted_title":"Jugend\u003cmark\u003efeuerwehr\u003c/mark\u003e Bitburg"`}},
		{Name: "umlauts written out find umlauts", Method: http.MethodGet, URL: searchURL("Moetsch ueben"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { clubs(t, app) },
			ExpectedStatus: 200, ExpectedContent: []string{`"title":"Jugendfeuerwehr Bitburg"`, `\u003cmark\u003eMötsch\u003c/mark\u003e`, `"totalItems":1`}},
		{Name: "every word must occur", Method: http.MethodGet, URL: searchURL("Fußball Tischtennis"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { clubs(t, app) },
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`, `"items":[]`}},
		{Name: "topics are found by their German name", Method: http.MethodGet, URL: searchURL("Rettung", "&collection=organisations"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { clubs(t, app) },
			ExpectedStatus: 200, ExpectedContent: []string{"Jugendfeuerwehr Bitburg"}},
		{Name: "contact data marked private is never searchable", Method: http.MethodGet, URL: searchURL("Geheimname"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { clubs(t, app) },
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "a private e-mail address is never searchable", Method: http.MethodGet, URL: searchURL("vorstand geheim example"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { clubs(t, app) },
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "a private phone number is never searchable", Method: http.MethodGet, URL: searchURL("987654"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { clubs(t, app) },
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "hits never show contact data", Method: http.MethodGet, URL: searchURL("Jugendfeuerwehr"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { clubs(t, app) },
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`},
			NotExpectedContent: []string{"Geheimname", "geheim.example", "987654"}},
		{Name: "staff get the public results too: the search is public", Method: http.MethodGet, URL: searchURL("Fußball"), Headers: f.Header("staff"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { clubs(t, app) },
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`}, NotExpectedContent: []string{"Heimliche"}},
		{Name: "the editor of a pending club does not find it either", Method: http.MethodGet, URL: searchURL("Neue Initiative"), Headers: f.Header("editorA"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "events: published and upcoming only", Method: http.MethodGet, URL: searchURL("Training", "&collection=events"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				past := time.Now().Add(-72 * time.Hour)
				saveEvent(t, app, f.ClubA.Id, "Vergangenes Training", past, past.Add(time.Hour), true)
			},
			ExpectedStatus: 200, ExpectedContent: []string{`"title":"Training A"`, `"link":"/termine/` + f.EventA.Id + `"`, `"totalItems":1`},
			NotExpectedContent: []string{"Vergangenes"}},
		{Name: "a series that began long ago is found while it runs", Method: http.MethodGet, URL: searchURL("Dauerbrenner"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				old := time.Date(2020, 1, 7, 18, 0, 0, 0, time.UTC)
				saveCalendarEvent(t, app, f.ClubA.Id, "Dauerbrenner", old, old.Add(time.Hour), map[string]any{"rrule": "FREQ=WEEKLY"})
			},
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`}},
		{Name: "drafts and events of hidden clubs are not found", Method: http.MethodGet, URL: searchURL("Entwurf"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "news from the future are not found", Method: http.MethodGet, URL: searchURL("Demnächst"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "published news are found", Method: http.MethodGet, URL: searchURL("Neuigkeit"),
			ExpectedStatus: 200, ExpectedContent: []string{`"collection":"articles"`, `"link":"/neuigkeiten/neuigkeit"`}},
		{Name: "pages of hits", Method: http.MethodGet, URL: searchURL("Fußball", "&perPage=1&page=2"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { clubs(t, app) },
			ExpectedStatus: 200, ExpectedContent: []string{`"page":2`, `"perPage":1`, `"totalItems":2`, `"title":"Jugendfeuerwehr Bitburg"`},
			NotExpectedContent: []string{"Fußballfreunde"}},
		{Name: "FTS5 syntax in the query is only text", Method: http.MethodGet, URL: searchURL(`Fußball" OR title:* NEAR(`),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { clubs(t, app) },
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "words under three letters are not enough", Method: http.MethodGet, URL: searchURL("ab c"),
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"validation_query_too_short"`, "mindestens ein Wort mit drei Buchstaben"}},
		{Name: "an empty query is refused", Method: http.MethodGet, URL: "/api/ben/search",
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"validation_query_too_short"`}},
		{Name: "a very long query is refused", Method: http.MethodGet, URL: searchURL(strings.Repeat("x", 201)),
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"validation_query_too_long"`}},
		{Name: "collections that are not searched are refused", Method: http.MethodGet, URL: searchURL("Bürgerin", "&collection=users"),
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"validation_collection"`}},
		{Name: "a page beyond the limit is refused", Method: http.MethodGet, URL: searchURL("Training", "&page=101"),
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"validation_page"`}},
	}
	runScenarios(t, testapp.Factory, scenarios)
}

func TestSearchIndexFollowsEveryWrite(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	find := func(q string) []search.Hit {
		t.Helper()
		r, err := search.Search(app, search.Query{Text: q, Page: 1, PerPage: 10}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return r.Items
	}
	club := saveSearchClub(t, app, "Kegelclub Alle Neune", "kegelclub", "published", "<p>Kegeln im Bürgerhaus.</p>")
	if hits := find("Kegelclub"); len(hits) != 1 || hits[0].ID != club.Id {
		t.Fatalf("a new club is found at once, got %+v", hits)
	}

	club.Set("name", "Bowlingfreunde Alle Neune")
	if err := app.Save(club); err != nil {
		t.Fatal(err)
	}
	if len(find("Kegelclub")) != 0 || len(find("Bowlingfreunde")) != 1 {
		t.Fatal("a renamed club is found by its new name only")
	}

	club.Set("status", "archived")
	if err := app.Save(club); err != nil {
		t.Fatal(err)
	}
	if len(find("Bowlingfreunde")) != 0 {
		t.Fatal("an archived club is not found")
	}

	club.Set("slug", "NICHT GÜLTIG")
	if err := app.Save(club); err == nil {
		t.Fatal("an invalid write must fail")
	}
	club.Set("slug", "bowlingfreunde")
	club.Set("status", "published")
	if err := app.Save(club); err != nil {
		t.Fatal(err)
	}
	if hits := find("Bowlingfreunde"); len(hits) != 1 || hits[0].Link != "/vereine/bowlingfreunde" {
		t.Fatalf("a failed write must leave the index as the records are, got %+v", hits)
	}

	// a club's events are found while, and only while, the club is published
	start := time.Now().Add(72 * time.Hour)
	event := saveEvent(t, app, club.Id, "Bowlingabend mit Kegelkönig", start, start.Add(time.Hour), true)
	if len(find("Kegelkoenig")) != 1 {
		t.Fatal("an upcoming event of a published club is found")
	}
	club.Set("status", "pending")
	if err := app.Save(club); err != nil {
		t.Fatal(err)
	}
	if len(find("Kegelkoenig")) != 0 {
		t.Fatal("the events of a club that is no longer published are not found")
	}
	club.Set("status", "published")
	if err := app.Save(club); err != nil {
		t.Fatal(err)
	}
	if hits := find("Kegelkoenig"); len(hits) != 1 || hits[0].ID != event.Id {
		t.Fatalf("published again, its events are found again, got %+v", hits)
	}

	if err := app.Delete(club); err != nil {
		t.Fatal(err)
	}
	var rows int
	if err := app.DB().NewQuery("SELECT COUNT(*) FROM " + search.DocsTable + " WHERE record IN ({:club}, {:event})").
		Bind(map[string]any{"club": club.Id, "event": event.Id}).Row(&rows); err != nil || rows != 0 {
		t.Fatalf("a deleted club and its events leave %d rows in the index (%v)", rows, err)
	}
}

func TestSearchRebuildWritesTheSameIndex(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	saveSearchClub(t, app, "Jugendfeuerwehr Bitburg", "jugendfeuerwehr", "published", "<p>Fußball am Freitag.</p>")
	before, err := search.Search(app, search.Query{Text: "fussball", Page: 1, PerPage: 10}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	// rows written behind the hooks' back, as an import would
	if _, err := app.DB().NewQuery("DELETE FROM " + search.DocsTable).Execute(); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	if err := search.Rebuild(app, func(c string, n int) { counts[c] = n }); err != nil {
		t.Fatal(err)
	}
	after, err := search.Search(app, search.Query{Text: "fussball", Page: 1, PerPage: 10}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if before.TotalItems != 1 || after.TotalItems != before.TotalItems || after.Items[0].ID != before.Items[0].ID {
		t.Fatalf("before %+v, after rebuild %+v", before, after)
	}
	if counts["organisations"] < 5 || counts["events"] < 7 {
		t.Fatalf("rebuild reported %v", counts)
	}
}

func TestSearchPruneDropsEndedEvents(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	start := time.Now().Add(2 * time.Hour)
	event := saveEvent(t, app, f.ClubA.Id, "Mondscheinwanderung", start, start.Add(time.Hour), true)
	count := func() (n int) {
		t.Helper()
		if err := app.DB().NewQuery("SELECT COUNT(*) FROM " + search.DocsTable + " WHERE record = {:id}").
			Bind(map[string]any{"id": event.Id}).Row(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := search.Prune(app, time.Now()); err != nil || count() != 1 {
		t.Fatalf("an upcoming event stays in the index (%v)", err)
	}
	if err := search.Prune(app, start.Add(2*time.Hour)); err != nil || count() != 0 {
		t.Fatalf("once it has ended, pruning drops it (%v)", err)
	}
	r, err := search.Search(app, search.Query{Text: "Mondschein", Page: 1, PerPage: 10}, time.Now())
	if err != nil || r.TotalItems != 0 {
		t.Fatalf("nothing is left to find: %+v %v", r, err)
	}
}
