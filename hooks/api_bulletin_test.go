package hooks_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/pdftest"
	"ben/hooks/internal/testapp"
	"ben/hooks/tz"
)

// bulletinRange is the fixture's week of events: they start three days
// from now.
func bulletinRange() string {
	from := tz.Day(time.Now())
	return "?from=" + from.Format(time.DateOnly) + "&to=" + from.AddDate(0, 0, 7).Format(time.DateOnly)
}

func TestBulletinIsForTheOffice(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	url := "/api/ben/bulletin" + bulletinRange()
	scenarios := []tests.ApiScenario{
		{Name: "guest cannot read the bulletin", Method: http.MethodGet, URL: url, ExpectedStatus: 401, ExpectedContent: []string{`"status":401`}},
		{Name: "citizen cannot read the bulletin", Method: http.MethodGet, URL: url, Headers: f.Header("citizen"), ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}},
		{Name: "a club's editor cannot read the bulletin", Method: http.MethodGet, URL: url, Headers: f.Header("editorA"), ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}},
		{Name: "a deactivated staff account cannot read the bulletin", Method: http.MethodGet, URL: url, Headers: f.Header("staffInactive"), ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}},
		{Name: "redaktion reads the bulletin", Method: http.MethodGet, URL: url, Headers: f.Header("staffRedaktion"), ExpectedStatus: 200, ExpectedContent: []string{"Termine im Bitburger Engagement Netz"}},
		{Name: "buero reads the bulletin", Method: http.MethodGet, URL: url, Headers: f.Header("staffBuero"), ExpectedStatus: 200, ExpectedContent: []string{"Termine im Bitburger Engagement Netz"}},
		{Name: "superusers read the bulletin", Method: http.MethodGet, URL: url, Headers: f.Header("staff"), ExpectedStatus: 200, ExpectedContent: []string{"Termine im Bitburger Engagement Netz"}},
		{Name: "guest cannot download the bulletin's PDF", Method: http.MethodGet, URL: "/api/ben/bulletin.pdf" + bulletinRange(), ExpectedStatus: 401, ExpectedContent: []string{`"status":401`}},
		{Name: "a club's editor cannot download the bulletin's PDF", Method: http.MethodGet, URL: "/api/ben/bulletin.pdf" + bulletinRange(), Headers: f.Header("editorB"), ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}},
		{Name: "redaktion downloads the bulletin's PDF", Method: http.MethodGet, URL: "/api/ben/bulletin.pdf" + bulletinRange(), Headers: f.Header("staffRedaktion"),
			ExpectedStatus: 200, ExpectedContent: []string{"%PDF-"},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if ct, cd := res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"); ct != "application/pdf" || !strings.HasPrefix(cd, `attachment; filename="amtsblatt-termine-`) {
					t.Errorf("headers %q %q", ct, cd)
				}
			}},
		{Name: "the PDF needs a range too", Method: http.MethodGet, URL: "/api/ben/bulletin.pdf?from=2026-12-01", Headers: f.Header("staffBuero"),
			ExpectedStatus: 400, ExpectedContent: []string{`"to":{"code":"validation_bulletin_date"`}},
		{Name: "a range is required", Method: http.MethodGet, URL: "/api/ben/bulletin", Headers: f.Header("staffRedaktion"),
			ExpectedStatus: 400, ExpectedContent: []string{`"from":{"code":"validation_bulletin_date"`, `"to":{"code":"validation_bulletin_date"`}},
		{Name: "a range ends after it starts", Method: http.MethodGet, URL: "/api/ben/bulletin?from=2026-12-02&to=2026-12-01", Headers: f.Header("staffRedaktion"),
			ExpectedStatus: 400, ExpectedContent: []string{`"to":{"code":"validation_bulletin_order"`}},
		{Name: "a range is at most a year", Method: http.MethodGet, URL: "/api/ben/bulletin?from=2026-01-01&to=2027-06-01", Headers: f.Header("staffRedaktion"),
			ExpectedStatus: 400, ExpectedContent: []string{`"to":{"code":"validation_bulletin_range"`}},
	}
	runScenarios(t, testapp.Factory, scenarios)
}

// The bulletin lists exactly the public dates of the range, by day in
// Bitburg, with time, place and organiser, as text/plain: every date of a
// series, whole days, cancellations marked.
func TestBulletinListsThePublicDatesByDay(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	save := func(data map[string]any) {
		c, _ := app.FindCollectionByNameOrId("events")
		r := core.NewRecord(c)
		r.Load(data)
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	// the first and the last minute of the range in Bitburg, and just outside
	save(map[string]any{"title": "Neujahrsempfang", "kind": "termin", "published": true, "location": "Rathaus, Saal",
		"starts_at": time.Date(2027, 1, 1, 0, 0, 0, 0, tz.Berlin), "ends_at": time.Date(2027, 1, 1, 2, 0, 0, 0, tz.Berlin)})
	save(map[string]any{"title": "Silvesterlauf", "kind": "termin", "published": true, "organisation": f.ClubA.Id,
		"starts_at": time.Date(2026, 12, 31, 23, 59, 0, 0, tz.Berlin), "ends_at": time.Date(2027, 1, 1, 1, 0, 0, 0, tz.Berlin)})
	save(map[string]any{"title": "Dreikönigssingen", "kind": "termin", "published": true, "organisation": f.ClubB.Id, "location": "Kirche St. Peter",
		"starts_at": time.Date(2027, 1, 6, 23, 59, 0, 0, tz.Berlin), "ends_at": time.Date(2027, 1, 7, 0, 30, 0, 0, tz.Berlin)})
	save(map[string]any{"title": "Nach dem Zeitraum", "kind": "termin", "published": true,
		"starts_at": time.Date(2027, 1, 7, 0, 0, 0, 0, tz.Berlin), "ends_at": time.Date(2027, 1, 7, 1, 0, 0, 0, tz.Berlin)})
	save(map[string]any{"title": "Unveröffentlicht", "kind": "termin", "published": false,
		"starts_at": time.Date(2027, 1, 2, 10, 0, 0, 0, tz.Berlin), "ends_at": time.Date(2027, 1, 2, 11, 0, 0, 0, tz.Berlin)})
	// a weekly series whose 30 December is cancelled: its date on 6 January
	save(map[string]any{"title": "Chorprobe", "kind": "termin", "published": true, "organisation": f.ClubB.Id, "location": "Pfarrheim",
		"starts_at": time.Date(2026, 12, 23, 19, 0, 0, 0, tz.Berlin), "ends_at": time.Date(2026, 12, 23, 21, 0, 0, 0, tz.Berlin),
		"rrule": "FREQ=WEEKLY", "exdates": []string{"2026-12-30"}})
	save(map[string]any{"title": "Sternsingeraktion", "kind": "termin", "published": true, "organisation": f.ClubB.Id, "all_day": true,
		"starts_at": time.Date(2027, 1, 3, 0, 0, 0, 0, tz.Berlin), "ends_at": time.Date(2027, 1, 4, 0, 0, 0, 0, tz.Berlin)})
	save(map[string]any{"title": "Winterwanderung", "kind": "termin", "published": true, "cancelled": true, "location": "Wanderparkplatz",
		"starts_at": time.Date(2027, 1, 2, 10, 0, 0, 0, tz.Berlin), "ends_at": time.Date(2027, 1, 2, 14, 0, 0, 0, tz.Berlin)})
	save(map[string]any{"title": "Vom Verein, der wartet", "kind": "termin", "published": true, "organisation": f.Pending.Id,
		"starts_at": time.Date(2027, 1, 2, 10, 0, 0, 0, tz.Berlin), "ends_at": time.Date(2027, 1, 2, 11, 0, 0, 0, tz.Berlin)})

	res := do(t, h, http.MethodGet, "/api/ben/bulletin?from=2027-01-01&to=2027-01-06", f.Tokens["staffRedaktion"], "")
	if res.Code != 200 || res.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Fatalf("%d %s %s", res.Code, res.Header(), res.Body)
	}
	if cd := res.Header().Get("Content-Disposition"); cd != `inline; filename="amtsblatt-termine-2027-01-01-bis-2027-01-06.txt"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	text := res.Body.String()
	want := `vom 01.01.2027 bis 06.01.2027

Freitag, 01.01.2027

00:00–02:00 Uhr  Neujahrsempfang
Ort: Rathaus, Saal
Veranstalter: Koordinierungsstelle Ehrenamt der Stadt Bitburg

Samstag, 02.01.2027

10:00–14:00 Uhr  Winterwanderung – abgesagt
Ort: Wanderparkplatz
Veranstalter: Koordinierungsstelle Ehrenamt der Stadt Bitburg

Sonntag, 03.01.2027

ganztägig  Sternsingeraktion
Veranstalter: Chor B

Mittwoch, 06.01.2027

19:00–21:00 Uhr  Chorprobe
Ort: Pfarrheim
Veranstalter: Chor B

23:59 Uhr bis Donnerstag, 07.01.2027, 00:30 Uhr  Dreikönigssingen
Ort: Kirche St. Peter
Veranstalter: Chor B
`
	if !strings.Contains(text, want) {
		t.Fatalf("got:\n%s\nwant within it:\n%s", text, want)
	}
	for _, absent := range []string{"Silvesterlauf", "Nach dem Zeitraum", "Unveröffentlicht", "Vom Verein, der wartet"} {
		if strings.Contains(text, absent) {
			t.Errorf("the bulletin lists %q:\n%s", absent, text)
		}
	}

	// the PDF holds the same dates
	res = do(t, h, http.MethodGet, "/api/ben/bulletin.pdf?from=2027-01-01&to=2027-01-06", f.Tokens["staffBuero"], "")
	if res.Code != 200 {
		t.Fatalf("PDF: %d %s", res.Code, res.Body)
	}
	pdfText := pdftest.Text(t, res.Body.Bytes())
	for _, want := range []string{"Freitag, 01.01.2027", "00:00–02:00 Uhr Neujahrsempfang", "Winterwanderung – abgesagt", "ganztägig Sternsingeraktion",
		"19:00–21:00 Uhr Chorprobe", "Veranstalter: Chor B"} {
		if !strings.Contains(pdfText, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, pdfText)
		}
	}
	if strings.Contains(pdfText, "Silvesterlauf") {
		t.Errorf("the PDF lists a date before the range:\n%s", pdfText)
	}
}
