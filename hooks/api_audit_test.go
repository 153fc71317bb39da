package hooks_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/audit"
	"ben/hooks/internal/testapp"
)

// auditEntries returns the log's entries about record, oldest first.
func auditEntries(t testing.TB, app core.App, record string) []*core.Record {
	t.Helper()
	rows, err := app.FindRecordsByFilter(audit.Collection, "record = {:r}", "created", 0, 0, dbx.Params{"r": record})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// onlyEntry is the one entry about record, with its fields checked.
func onlyEntry(t testing.TB, app core.App, record, actor, actorName, action, collection string, summaryHas ...string) *core.Record {
	t.Helper()
	rows := auditEntries(t, app, record)
	if len(rows) != 1 {
		t.Fatalf("want one entry about %s, got %d", record, len(rows))
	}
	e := rows[0]
	got := []string{e.GetString("actor"), e.GetString("actor_name"), e.GetString("action"), e.GetString("collection")}
	want := []string{actor, actorName, action, collection}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("entry %v, want %v (%s)", got, want, e.GetString("summary"))
	}
	for _, s := range summaryHas {
		if !strings.Contains(e.GetString("summary"), s) {
			t.Errorf("summary %q lacks %q", e.GetString("summary"), s)
		}
	}
	if e.GetDateTime("created").IsZero() {
		t.Error("the entry has no date")
	}
	return e
}

func TestAuditRecordsTheOfficesDecisions(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	cardFixture(t, app, f)
	orgs := "/api/collections/organisations/records/"

	// buero publishes a club
	if res := do(t, h, http.MethodPatch, orgs+f.Pending.Id, f.Tokens["staffBuero"], `{"status":"published"}`); res.Code != 200 {
		t.Fatalf("publish: %d %s", res.Code, res.Body)
	}
	onlyEntry(t, app, f.Pending.Id, f.StaffBuero.Id, "Bea Büro", "published", "organisations",
		"Organisation „Neue Initiative“: Status von „wartet auf Freigabe“ auf „veröffentlicht“ geändert.")
	if org, _ := app.FindRecordById("organisations", f.Pending.Id); org.GetString("decided_by") != f.StaffBuero.Id {
		t.Fatalf("decided_by %q, want the buero account", org.GetString("decided_by"))
	}

	// a superuser archives one in the dashboard
	if res := do(t, h, http.MethodPatch, orgs+f.ClubB.Id, f.Tokens["staff"], `{"status":"archived"}`); res.Code != 200 {
		t.Fatalf("archive: %d %s", res.Code, res.Body)
	}
	onlyEntry(t, app, f.ClubB.Id, audit.ActorSuperuser, f.Staff.Email(), "archived", "organisations", "„Chor B“", "archiviert")
	if org, _ := app.FindRecordById("organisations", f.ClubB.Id); org.GetString("decided_by") != "" {
		t.Fatal("decided_by must stay empty when a superuser decides")
	}

	// an editor's own change is no decision of the office
	if res := do(t, h, http.MethodPatch, orgs+f.ClubA.Id, f.Tokens["editorA"], `{"meeting_times":"freitags"}`); res.Code != 200 {
		t.Fatalf("editor: %d %s", res.Code, res.Body)
	}
	if n := len(auditEntries(t, app, f.ClubA.Id)); n != 0 {
		t.Fatalf("an editor's change was recorded %d times", n)
	}

	// a rejection names that there is a reason, never the reason or the person
	reason := "Frau Vorlage ist nach eigener Angabe erst seit drei Monaten dabei."
	res := do(t, h, http.MethodPatch, "/api/collections/card_applications/records/"+confirmedID, f.Tokens["staffBuero"],
		`{"status":"rejected","decision_reason":"`+reason+`"}`)
	if res.Code != 200 {
		t.Fatalf("reject: %d %s", res.Code, res.Body)
	}
	e := onlyEntry(t, app, confirmedID, f.StaffBuero.Id, "Bea Büro", "rejected", "card_applications",
		"Antrag auf die Ehrenamtskarte "+confirmedID, "„bestätigt“ auf „abgelehnt“", "mit schriftlicher Begründung")
	for _, personal := range []string{"Vorlage", "Vera", "drei Monaten", f.Citizen.Email()} {
		if strings.Contains(e.GetString("summary"), personal) {
			t.Errorf("the summary holds personal data %q: %s", personal, e.GetString("summary"))
		}
	}
	if a, _ := app.FindRecordById("card_applications", confirmedID); a.GetString("decided_by") != f.StaffBuero.Id {
		t.Fatal("the rejection does not name who decided")
	}

	// a refused write leaves no entry: both share one transaction
	res = do(t, h, http.MethodPatch, "/api/collections/card_applications/records/"+submittedID, f.Tokens["staffBuero"], `{"status":"rejected"}`)
	if res.Code != 400 {
		t.Fatalf("a rejection without reason: %d %s", res.Code, res.Body)
	}
	if n := len(auditEntries(t, app, submittedID)); n != 0 {
		t.Fatalf("a refused rejection was recorded %d times", n)
	}
}

func TestAuditEntryAndChangeShareOneTransaction(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	app.OnRecordCreate(audit.Collection).BindFunc(func(e *core.RecordEvent) error {
		return errors.New("disk full")
	})
	res := do(t, h, http.MethodPatch, "/api/collections/organisations/records/"+f.Pending.Id, f.Tokens["staffBuero"], `{"status":"published"}`)
	if res.Code == 200 {
		t.Fatalf("the change went through without its entry: %s", res.Body)
	}
	if org, _ := app.FindRecordById("organisations", f.Pending.Id); org.GetString("status") != "pending" {
		t.Fatalf("the club was published although its entry could not be written: %s", org.GetString("status"))
	}
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	id := writeAuditEntry(t, app, "Organisation „Neue Initiative“: veröffentlicht.")
	url := "/api/collections/" + audit.Collection + "/records"
	for _, role := range []string{"staff", "staffBuero"} {
		for _, c := range []struct{ method, url, body string }{
			{http.MethodPost, url, `{"actor":"superuser","action":"deleted","collection":"x","summary":"Gefälscht."}`},
			{http.MethodPatch, url + "/" + id, `{"summary":"Nichts geschehen."}`},
			{http.MethodDelete, url + "/" + id, ``},
		} {
			if res := do(t, h, c.method, c.url, f.Tokens[role], c.body); res.Code != http.StatusForbidden {
				t.Errorf("%s %s the log: %d %s", role, c.method, res.Code, truncate(res.Body.String()))
			}
		}
	}
	entry, err := app.FindRecordById(audit.Collection, id)
	if err != nil {
		t.Fatal(err)
	}
	entry.Set("summary", "Nichts geschehen.")
	if err := app.Save(entry); err == nil {
		t.Error("Go code changed an entry")
	}
	if err := app.Delete(entry); err == nil {
		t.Error("Go code deleted an entry")
	}
	if fresh, err := app.FindRecordById(audit.Collection, id); err != nil || fresh.GetString("summary") != "Organisation „Neue Initiative“: veröffentlicht." {
		t.Fatal("the entry changed")
	}
	// buero reads it
	if res := do(t, h, http.MethodGet, url+"/"+id, f.Tokens["staffBuero"], ""); res.Code != 200 {
		t.Fatalf("buero cannot read the log: %d", res.Code)
	}
}

func TestDecidedByIsSetByTheOfficeOnly(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	orgs := "/api/collections/organisations/records/"
	// as TestAuditRecordsTheOfficesDecisions shows the API doing it
	publishAsBuero := func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		updateRecord(t, app, "organisations", f.Pending.Id, map[string]any{"status": "published", "decided_by": f.StaffBuero.Id})
	}
	decidedBy := func(want string) func(t testing.TB, app *tests.TestApp, res *http.Response) {
		return func(t testing.TB, app *tests.TestApp, res *http.Response) {
			if org, _ := app.FindRecordById("organisations", f.Pending.Id); org.GetString("decided_by") != want {
				t.Fatalf("decided_by %q, want %q", org.GetString("decided_by"), want)
			}
		}
	}
	scenarios := []tests.ApiScenario{
		{Name: "guest does not learn who in the office published a club", Method: http.MethodGet, URL: orgs + f.Pending.Id,
			BeforeTestFunc: publishAsBuero, ExpectedStatus: 200, ExpectedContent: []string{`"status":"published"`}, NotExpectedContent: []string{"decided_by", f.StaffBuero.Id}},
		{Name: "editor does not learn who in the office published their club", Method: http.MethodGet, URL: orgs + f.Pending.Id, Headers: f.Header("editorA"),
			BeforeTestFunc: publishAsBuero, ExpectedStatus: 200, NotExpectedContent: []string{"decided_by", f.StaffBuero.Id}},
		{Name: "redaktion does not learn who in the office published a club", Method: http.MethodGet, URL: orgs + f.Pending.Id, Headers: f.Header("staffRedaktion"),
			BeforeTestFunc: publishAsBuero, ExpectedStatus: 200, NotExpectedContent: []string{"decided_by", f.StaffBuero.Id}},
		{Name: "buero sees who published a club", Method: http.MethodGet, URL: orgs + f.Pending.Id, Headers: f.Header("staffBuero"),
			BeforeTestFunc: publishAsBuero, ExpectedStatus: 200, ExpectedContent: []string{`"decided_by":"` + f.StaffBuero.Id + `"`}},
		{Name: "guest cannot filter by who decided", Method: http.MethodGet, URL: "/api/collections/organisations/records?filter=(decided_by!='')",
			ExpectedStatus: 400, ExpectedContent: []string{"decided_by"}},
		{Name: "buero may filter by who decided", Method: http.MethodGet, URL: "/api/collections/organisations/records?filter=(decided_by='" + f.StaffBuero.Id + "')", Headers: f.Header("staffBuero"),
			BeforeTestFunc: publishAsBuero, ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`}},
		{Name: "editing a club without deciding keeps who decided", Method: http.MethodPatch, URL: orgs + f.Pending.Id, Headers: f.Header("staff"),
			BeforeTestFunc: publishAsBuero, Body: strings.NewReader(`{"meeting_times":"montags","decided_by":""}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"meeting_times":"montags"`}, AfterTestFunc: decidedBy(f.StaffBuero.Id)},
		{Name: "nobody sets who decided by hand", Method: http.MethodPatch, URL: orgs + f.Pending.Id, Headers: f.Header("staffBuero"),
			Body:           strings.NewReader(`{"meeting_times":"montags","decided_by":"` + f.StaffRedaktion.Id + `"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"meeting_times":"montags"`}, AfterTestFunc: decidedBy("")},
		{Name: "an applicant who withdraws does not set who decided", Method: http.MethodPatch, URL: "/api/collections/card_applications/records/" + submittedID, Headers: f.Header("citizen"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { cardFixture(t, app, f) },
			Body:           strings.NewReader(`{"status":"withdrawn","decided_by":"` + f.StaffBuero.Id + `"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"withdrawn"`}, NotExpectedContent: []string{f.StaffBuero.Id},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if a, _ := app.FindRecordById("card_applications", submittedID); a.GetString("decided_by") != "" {
					t.Fatalf("decided_by %q", a.GetString("decided_by"))
				}
			}},
	}
	runScenarios(t, testapp.Factory, scenarios)
}

func TestAuditNamesReferralsRevocationsAndAccounts(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	seedEngagement(t, app, f)

	res := do(t, h, http.MethodPatch, "/api/collections/enquiries/records/"+enquiryGuest, f.Tokens["staffBuero"],
		`{"status":"matched","referred_opportunity":"`+oppA+`"}`)
	if res.Code != 200 || !strings.Contains(res.Body.String(), `"referred_organisation":"`+f.ClubA.Id+`"`) {
		t.Fatalf("referral: %d %s", res.Code, res.Body)
	}
	e := onlyEntry(t, app, enquiryGuest, f.StaffBuero.Id, "Bea Büro", "matched", "enquiries",
		"Anfrage "+enquiryGuest, "vermittelt an „Jugendtrainer gesucht“ bei „Turnverein A“")
	if strings.Contains(e.GetString("summary"), enquirerName) {
		t.Fatal("the summary names the person who asked")
	}

	card := issuedCard(t, app, "appauditcard01a", f.Citizen)
	res = do(t, h, http.MethodPatch, "/api/collections/cards/records/"+card.Id, f.Tokens["staffBuero"], `{"status":"revoked","revoked_reason":"Umzug nach Trier."}`)
	if res.Code != 200 {
		t.Fatalf("revoke: %d %s", res.Code, res.Body)
	}
	e = onlyEntry(t, app, card.Id, f.StaffBuero.Id, "Bea Büro", "revoked", "cards",
		"Ehrenamtskarte „"+card.GetString("number")+"“", "„gültig“ auf „entzogen“", "mit schriftlicher Begründung")
	if strings.Contains(e.GetString("summary"), "Trier") {
		t.Fatal("the summary holds the reason")
	}

	res = do(t, h, http.MethodPatch, "/api/collections/staff/records/"+f.StaffRedaktion.Id, f.Tokens["staff"], `{"active":false}`)
	if res.Code != 200 {
		t.Fatalf("deactivate: %d %s", res.Code, res.Body)
	}
	onlyEntry(t, app, f.StaffRedaktion.Id, audit.ActorSuperuser, f.Staff.Email(), "deactivated", "staff", "„Rudi Redaktion“: gesperrt")
}

func TestACitizensExportShowsTheOfficesDecisionsWithoutStaffNames(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	cardFixture(t, app, f)
	if res := do(t, h, http.MethodPatch, "/api/collections/card_applications/records/"+confirmedID, f.Tokens["staffBuero"], `{"status":"approved"}`); res.Code != 200 {
		t.Fatalf("approve: %d %s", res.Code, res.Body)
	}
	res := do(t, h, http.MethodGet, "/api/ben/me/export", f.Tokens["citizen"], "")
	body := res.Body.String()
	if res.Code != 200 || !strings.Contains(body, `"entscheidungen":[`) || !strings.Contains(body, `"entscheidung":"approved"`) || !strings.Contains(body, confirmedID) {
		t.Fatalf("export: %d %s", res.Code, truncate(body))
	}
	if strings.Contains(body, "Bea Büro") || strings.Contains(body, f.StaffBuero.Id) {
		t.Fatal("the export names the staff member")
	}
	res = do(t, h, http.MethodGet, "/api/ben/me/export", f.Tokens["editorB"], "")
	if strings.Contains(res.Body.String(), confirmedID) {
		t.Fatal("another citizen's export shows the decision")
	}
}
