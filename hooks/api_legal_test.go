package hooks_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
	"ben/hooks/legal"
	"ben/hooks/privacy"
)

// fillOffice enters every required fact of the office.
func fillOffice(t testing.TB, app core.App) *core.Record {
	t.Helper()
	office, err := legal.Load(app)
	if err != nil || office == nil {
		t.Fatalf("office record: %v", err)
	}
	office.Load(map[string]any{
		"body_name": "Stadt Prüfhausen", "office_name": "Koordinierungsstelle Prüfhausen", "address": "Prüfweg 1\n54634 Bitburg",
		"phone": "06561 99 88", "email": "ehrenamt@pruef.example", "opening_hours": "Mo–Fr 9–12 Uhr",
		"represented_by": "Bürgermeister Paul Prüfer", "content_responsible": "Petra Inhalt, Prüfweg 1",
		"supervisory_authority": "Kommunalaufsicht Prüfkreis", "dpo_contact": "Datenschutz Prüfhausen, dsb@pruef.example",
		"accessibility_status": "teilweise", "accessibility_reviewed_on": "2026-04-17 10:00:00.000Z",
		"privacy_text": "## Videoüberwachung\nIm Rathaus gibt es keine.\n\n- erster Punkt <b>fett</b>\n- zweiter Punkt",
	})
	if err := app.Save(office); err != nil {
		t.Fatal(err)
	}
	return office
}

func legalPage(t testing.TB, body string) legal.Page {
	t.Helper()
	var p legal.Page
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return p
}

func TestLegalPagesOnAFreshInstallFlagWhatIsMissing(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	missing, err := legal.Missing(app)
	if err != nil {
		t.Fatal(err)
	}
	// only the office's name and the defaults of the migration are there
	for _, f := range missing {
		if f.Field == "office_name" || f.Field == "accessibility_status" {
			t.Fatalf("%s is filled in by the migration, but reported missing", f.Field)
		}
	}
	if len(missing) != len(legal.RequiredFacts)-2 {
		t.Fatalf("missing %d facts, want %d: %v", len(missing), len(legal.RequiredFacts)-2, missing)
	}

	h := testapp.Handler(t, app)
	for _, name := range []string{"impressum", "datenschutz", "barrierefreiheit"} {
		res := do(t, h, http.MethodGet, "/api/ben/legal/"+name, "", "")
		if res.Code != 200 {
			t.Fatalf("%s: %d %s", name, res.Code, res.Body)
		}
		page := legalPage(t, res.Body.String())
		if !strings.Contains(string(page.HTML), "Diese Seite ist noch nicht vollständig") || !strings.Contains(string(page.HTML), "[noch nicht eingetragen: ") {
			t.Fatalf("%s does not flag the missing facts:\n%s", name, page.HTML)
		}
		if len(page.Missing) == 0 {
			t.Fatalf("%s lists no missing facts", name)
		}
		// the portal's page itself carries the text, for readers without JavaScript
		res = do(t, h, http.MethodGet, "/"+name, "", "")
		if res.Code != 200 || !strings.Contains(res.Body.String(), "<h1>"+page.Title+"</h1>") || !strings.Contains(res.Body.String(), "noch nicht eingetragen") {
			t.Fatalf("/%s: %d, text of the page missing", name, res.Code)
		}
	}
	if res := do(t, h, http.MethodGet, "/api/ben/legal/geheim", "", ""); res.Code != 404 {
		t.Fatalf("unknown legal page: %d", res.Code)
	}
}

func TestLegalPagesShowTheOfficesFacts(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	fillOffice(t, app)
	if missing, _ := legal.Missing(app); len(missing) != 0 {
		t.Fatalf("all facts entered, still missing: %v", missing)
	}
	h := testapp.Handler(t, app)
	get := func(name string) string {
		res := do(t, h, http.MethodGet, "/api/ben/legal/"+name, "", "")
		if res.Code != 200 {
			t.Fatalf("%s: %d", name, res.Code)
		}
		html := string(legalPage(t, res.Body.String()).HTML)
		if strings.Contains(html, "noch nicht eingetragen") || strings.Contains(html, "noch nicht vollständig") {
			t.Fatalf("%s flags facts that are there:\n%s", name, html)
		}
		return html
	}
	imprint := get("impressum")
	for _, want := range []string{"Stadt Prüfhausen", "Prüfweg 1<br>\n54634 Bitburg", "Bürgermeister Paul Prüfer", `href="tel:065619988"`,
		"Kommunalaufsicht Prüfkreis", "Petra Inhalt", "§ 5 Digitale-Dienste-Gesetz"} {
		if !strings.Contains(imprint, want) {
			t.Errorf("imprint lacks %q", want)
		}
	}
	statement := get("barrierefreiheit")
	for _, want := range []string{"teilweise vereinbar", "17.04.2026", "durchsetzungsstelle@mastd.rlp.de", "Landesbeauftragte für die Belange von Menschen mit Behinderungen", "ehrenamt@pruef.example"} {
		if !strings.Contains(statement, want) {
			t.Errorf("accessibility statement lacks %q", want)
		}
	}
	notice := get("datenschutz")
	for _, want := range []string{"Datenschutz Prüfhausen", "poststelle@datenschutz.rlp.de", "<h3>Videoüberwachung</h3>",
		"<li>erster Punkt &lt;b&gt;fett&lt;/b&gt;</li>"} {
		if !strings.Contains(notice, want) {
			t.Errorf("privacy notice lacks %q", want)
		}
	}
	contact := get("kontakt")
	if !strings.Contains(contact, "Mo–Fr 9–12 Uhr") || !strings.Contains(contact, "mailto:ehrenamt@pruef.example") {
		t.Errorf("contact block lacks hours or e-mail:\n%s", contact)
	}
	// the footer of every page carries the contact block
	if res := do(t, h, http.MethodGet, "/termine", "", ""); !strings.Contains(res.Body.String(), "Mo–Fr 9–12 Uhr") {
		t.Errorf("the footer lacks the office's hours")
	}
}

func TestThePrivacyNoticeSaysWhatTheRegistrySays(t *testing.T) {
	// not parallel: t.Setenv changes the environment of the whole test binary
	t.Setenv(privacy.RetentionEnv, "7")
	app, _ := testapp.New(t)
	app.Settings().Logs.MaxDays = 9
	h := testapp.Handler(t, app)
	html := string(legalPage(t, do(t, h, http.MethodGet, "/api/ben/legal/datenschutz", "", "").Body.String()).HTML)

	registered := privacy.Registered(app)
	if len(registered) < 8 {
		t.Fatalf("only %d kinds of personal data registered", len(registered))
	}
	for _, d := range registered {
		if err := d.Validate(); err != nil {
			t.Error(err)
		}
		if !strings.Contains(html, `id="daten-`+d.Name+`"`) {
			t.Errorf("the notice has no section for %q", d.Name)
		}
		for _, part := range []string{d.Title, d.Notice.What, d.Notice.Why, d.Notice.Who, d.Notice.LegalBasis} {
			if !strings.Contains(html, template(part)) {
				t.Errorf("%s: the notice lacks %q", d.Name, part)
			}
		}
	}
	// the periods in force, not the placeholders
	for _, want := range []string{"Ohne Konto: 7 Monate nach Abschluss", "9 Tage lang"} {
		if !strings.Contains(html, want) {
			t.Errorf("the notice lacks the configured period %q", want)
		}
	}
	if strings.Contains(html, "{frist}") || strings.Contains(html, "{protokolltage}") {
		t.Error("a placeholder was left in the notice")
	}
	// every exported section and every eraser is in the notice
	for _, want := range []string{"account", "interests", "enquiries", "editor_links", "ehrenamtskarte", "nominations", "jury_votes"} {
		if !strings.Contains(html, `id="daten-`+want+`"`) {
			t.Errorf("the export's section %q is not explained", want)
		}
	}
}

func TestEveryCollectionNamingPeopleIsExplainedInTheNotice(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t) // binds every concern, so every registration is made
	covered := map[string]string{}
	for _, d := range privacy.Registered(app) {
		for _, c := range d.Collections {
			covered[c] = d.Name
		}
	}
	declared := privacy.Collections(app)
	if len(declared) == 0 {
		t.Fatal("no collection is declared")
	}
	for c := range declared {
		if _, ok := covered[c]; !ok {
			t.Errorf("collection %q names people, but no registration of the privacy notice covers it", c)
		}
	}
	for c, name := range covered {
		if _, ok := declared[c]; !ok {
			t.Errorf("registration %q names collection %q, which is not declared with RegisterCollection", name, c)
		}
	}
}

// template escapes text as html/template does in element content.
func template(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}

func TestAnIncompleteRegistrationIsRefused(t *testing.T) {
	t.Parallel()
	complete := privacy.Data{Name: "x", Title: "X", Notice: privacy.Notice{What: "a", Why: "b", Who: "c", HowLong: "d", LegalBasis: "e"}}
	if err := complete.Validate(); err != nil {
		t.Fatalf("complete registration refused: %v", err)
	}
	for name, change := range map[string]func(d *privacy.Data){
		"without what":        func(d *privacy.Data) { d.Notice.What = " " },
		"without why":         func(d *privacy.Data) { d.Notice.Why = "" },
		"without who":         func(d *privacy.Data) { d.Notice.Who = "" },
		"without how long":    func(d *privacy.Data) { d.Notice.HowLong = "" },
		"without legal basis": func(d *privacy.Data) { d.Notice.LegalBasis = "" },
		"without title":       func(d *privacy.Data) { d.Title = "" },
		"a retention job whose notice does not name the period": func(d *privacy.Data) {
			d.Retention = func(core.App, time.Time) (int, error) { return 0, nil }
		},
	} {
		d := complete
		change(&d)
		if d.Validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	withPeriod := complete
	withPeriod.Notice.HowLong = "Gäste: " + privacy.GuestPeriod + " nach Abschluss"
	withPeriod.Retention = func(core.App, time.Time) (int, error) { return 0, nil }
	if err := withPeriod.Validate(); err != nil {
		t.Errorf("a retention job naming the period was refused: %v", err)
	}
}

func TestTheOfficeRecordIsOneAndStays(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	officeID := func(app *tests.TestApp) string {
		r, err := legal.Load(app)
		if err != nil || r == nil {
			t.Fatal(err)
		}
		return r.Id
	}
	const base = "/api/collections/office/records"
	scenarios := []tests.ApiScenario{
		{Name: "guest reads the office's facts", Method: http.MethodGet, URL: base, ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":1`, `"office_name":"Anlauf-, Service- und Koordinierungsstelle für Ehrenamt"`}},
		{Name: "superuser cannot add a second record", Method: http.MethodPost, URL: base, Headers: f.Header("staff"),
			Body: strings.NewReader(`{"phone":"1"}`), ExpectedStatus: 400, ExpectedContent: []string{"bereits einen Datensatz"}},
		{Name: "citizen cannot add a record", Method: http.MethodPost, URL: base, Headers: f.Header("citizen"),
			Body: strings.NewReader(`{"phone":"1"}`), ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}},
	}
	runScenarios(t, testapp.Factory, scenarios)

	app, _ := testapp.New(t)
	h := testapp.Handler(t, app)
	id := officeID(app)
	if res := do(t, h, http.MethodPatch, base+"/"+id, f.Tokens["staffRedaktion"], `{"phone":"06561 1"}`); res.Code != 200 {
		t.Fatalf("redaktion cannot update the facts: %d %s", res.Code, res.Body)
	}
	if res := do(t, h, http.MethodPatch, base+"/"+id, f.Tokens["editorA"], `{"phone":"0"}`); res.Code == 200 {
		t.Fatal("an editor changed the office's facts")
	}
	if res := do(t, h, http.MethodDelete, base+"/"+id, f.Tokens["staff"], ""); res.Code == 204 {
		t.Fatal("a superuser deleted the office record")
	}
	// Go code and the dashboard (model hooks) are held too
	r, _ := legal.Load(app)
	if err := app.Delete(r); err == nil {
		t.Fatal("Go code deleted the office record")
	}
	second := core.NewRecord(r.Collection())
	if err := app.Save(second); err == nil {
		t.Fatal("Go code added a second office record")
	}
}
