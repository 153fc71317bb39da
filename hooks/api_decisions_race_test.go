package hooks_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/festival"
	"ben/hooks/internal/testapp"
)

// parallel sends the bodies to url at the same moment as token and
// returns the status codes in the order of the bodies.
func parallel(t *testing.T, app *tests.TestApp, method, url, token string, bodies ...string) []int {
	t.Helper()
	h := testapp.Handler(t, app)
	codes := make([]int, len(bodies))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, body := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			codes[i] = do(t, h, method, url, token, body).Code
		}()
	}
	close(start)
	wg.Wait()
	return codes
}

func count(codes []int, code int) int {
	n := 0
	for _, c := range codes {
		if c == code {
			n++
		}
	}
	return n
}

func auditActions(t *testing.T, app *tests.TestApp, record, action string) int {
	t.Helper()
	n, err := app.CountRecords("audit_log", dbx.HashExp{"record": record, "action": action})
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func TestFourParallelAcceptsOfAPartnerApplicationKeepOneDecision(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedPartnerApplications(t, app, nil)
	bodies := make([]string, 4)
	for i := range bodies {
		bodies[i] = fmt.Sprintf(`{"status":"accepted","note":"Willkommen %d"}`, i)
	}
	codes := parallel(t, app, http.MethodPatch, "/api/collections/partner_applications/records/"+partnerAppSubmitted, f.Tokens["staffBuero"], bodies...)
	if count(codes, 200) != 1 || count(codes, 400) != 3 {
		t.Fatalf("one decision is stored, the three others (another note) are refused: %v", codes)
	}
	r, err := app.FindRecordById("partner_applications", partnerAppSubmitted)
	if err != nil {
		t.Fatal(err)
	}
	if r.GetString("status") != "accepted" || r.GetString("partner") == "" || r.GetDateTime("decided_at").IsZero() || r.GetString("decided_by") != f.StaffBuero.Id {
		t.Fatalf("the decision must keep its partner, date and signer: %v", r.PublicExport())
	}
	if n, _ := app.CountRecords("partners", dbx.HashExp{"name": "Eiscafé am Markt"}); n != 1 {
		t.Fatalf("one partner, got %d", n)
	}
	if n := auditActions(t, app, partnerAppSubmitted, "accepted"); n != 1 {
		t.Fatalf("one audit entry for the one decision, got %d", n)
	}
	if n := mailsTo(app, partnerContactEmail, "Partner"); n != 2 { // received (seed) + decided
		t.Fatalf("the business gets one mail of the decision, got %d mails in all", n)
	}
	last := app.TestMailer.LastMessage()
	if !strings.Contains(last.Text, r.GetString("note")) {
		t.Fatalf("the mail quotes the stored note %q:\n%s", r.GetString("note"), last.Text)
	}
}

func TestARepeatedPartnerDecisionChangesNothing(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedPartnerApplications(t, app, nil)
	body := `{"status":"accepted","note":"Willkommen"}`
	codes := parallel(t, app, http.MethodPatch, "/api/collections/partner_applications/records/"+partnerAppSubmitted, f.Tokens["staffBuero"], body, body, body)
	if count(codes, 200) != 3 {
		t.Fatalf("the same decision sent three times is harmless: %v", codes)
	}
	r, _ := app.FindRecordById("partner_applications", partnerAppSubmitted)
	if r.GetString("partner") == "" || r.GetDateTime("decided_at").IsZero() {
		t.Fatalf("a repeat must not blank the decision: %v", r.PublicExport())
	}
	if n := auditActions(t, app, partnerAppSubmitted, "accepted"); n != 1 {
		t.Fatalf("one audit entry, got %d", n)
	}
	if n, _ := app.CountRecords("partners", dbx.HashExp{"name": "Eiscafé am Markt"}); n != 1 {
		t.Fatalf("one partner, got %d", n)
	}
}

func TestADecidedPartnerApplicationIsFrozen(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	one := "/api/collections/partner_applications/records/" + partnerAppDeclined
	scenarios := []tests.ApiScenario{
		{Name: "the office cannot change the note after the decision", Method: http.MethodPatch, URL: one, Headers: f.Header("staffBuero"),
			Body: strings.NewReader(`{"note":"Doch etwas anderes"}`), ExpectedStatus: 400, ExpectedContent: []string{`"note":{"code":"validation_partner_decided_frozen"`}},
		{Name: "the office cannot change the business name after the decision", Method: http.MethodPatch, URL: one, Headers: f.Header("staffBuero"),
			Body: strings.NewReader(`{"business_name":"Spielhalle Pech"}`), ExpectedStatus: 400, ExpectedContent: []string{`"business_name":{"code":"validation_partner_decided_frozen"`}},
		{Name: "the same decision again is harmless and changes nothing", Method: http.MethodPatch, URL: one, Headers: f.Header("staffBuero"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { app.TestMailer.Reset() },
			Body:           strings.NewReader(`{"status":"declined","note":"Passt nicht zur Ehrenamtskarte."}`), ExpectedStatus: 200, ExpectedContent: []string{`"status":"declined"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if n, _ := app.CountRecords("audit_log", dbx.HashExp{"record": partnerAppDeclined}); n != 0 {
					t.Fatalf("nothing changed, nothing recorded: %d", n)
				}
				if mailsTo(app, "gero@spielhalle.example", "") != 0 {
					t.Fatal("nobody is told again")
				}
			}},
		{Name: "an undecided application is still changed by the office", Method: http.MethodPatch, URL: "/api/collections/partner_applications/records/" + partnerAppSubmitted,
			Headers: f.Header("staffBuero"), Body: strings.NewReader(`{"business_name":"Eiscafé am Marktplatz"}`), ExpectedStatus: 200, ExpectedContent: []string{"Eiscafé am Marktplatz"}},
	}
	runScenarios(t, partnerApplicationsApp, scenarios)
}

func TestParallelFestivalDecisionsTellTheClubOnce(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedFestival(t, app, f)
	url := "/api/collections/festival_participations/records/" + festSubmittedA
	accept := `{"status":"accepted","note":"Stand 7"}`
	codes := parallel(t, app, http.MethodPatch, url, f.Tokens["staffBuero"], accept, accept, `{"status":"declined","note":"Leider voll"}`, accept)
	r, err := app.FindRecordById("festival_participations", festSubmittedA)
	if err != nil {
		t.Fatal(err)
	}
	status := r.GetString("status")
	wantOK := 1
	if status == "accepted" {
		wantOK = 3 // the repeats of the stored decision are harmless
	}
	if count(codes, 200) != wantOK || count(codes, 400) != 4-wantOK {
		t.Fatalf("stored %s; codes %v", status, codes)
	}
	got := mailsTo(app, "editor.a@test.example", "Vereinsfest")
	if got != 1 {
		t.Fatalf("the club is told once, got %d", got)
	}
	if n := auditActions(t, app, festSubmittedA, status); n != 1 {
		t.Fatalf("one audit entry, got %d", n)
	}
	if r.GetDateTime("decided_at").IsZero() || r.GetString("decided_by") != f.StaffBuero.Id {
		t.Fatalf("the decision keeps its date and signer: %v", r.PublicExport())
	}
}

func TestFestivalDecisionStartsFromSubmitted(t *testing.T) {
	t.Parallel()
	cases := []struct {
		from, to string
		ok       bool
	}{
		{"", "accepted", true},
		{"submitted", "accepted", true},
		{"submitted", "declined", true},
		{"accepted", "accepted", true}, // a repeat
		{"accepted", "declined", false},
		{"declined", "accepted", false},
		{"accepted", "submitted", true}, // taken back
		{"declined", "submitted", true},
	}
	for _, c := range cases {
		if got := len(festival.Transition(c.from, c.to)) == 0; got != c.ok {
			t.Errorf("from %q to %q: allowed=%v, want %v", c.from, c.to, got, c.ok)
		}
	}
}

func TestADecidedFestivalParticipationChangesOnlyWithANewDecision(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	one := "/api/collections/festival_participations/records/" + festAcceptedB
	scenarios := []tests.ApiScenario{
		{Name: "the office cannot change the note of a decided participation alone", Method: http.MethodPatch, URL: one, Headers: f.Header("staffBuero"),
			Body: strings.NewReader(`{"note":"Anderer Stand"}`), ExpectedStatus: 400, ExpectedContent: []string{`"note":{"code":"validation_festival_decided_frozen"`}},
		{Name: "the office cannot turn an acceptance into a refusal in one step", Method: http.MethodPatch, URL: one, Headers: f.Header("staffBuero"),
			Body: strings.NewReader(`{"status":"declined"}`), ExpectedStatus: 400, ExpectedContent: []string{`"status":{"code":"validation_festival_decision_conflict"`}},
		{Name: "the office takes the decision back and decides anew, with a note; the club is told", Method: http.MethodPatch, URL: one, Headers: f.Header("staffBuero"),
			Body: strings.NewReader(`{"status":"submitted"}`), ExpectedStatus: 200, ExpectedContent: []string{`"status":"submitted"`, `"decided_at":""`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				app.TestMailer.Reset()
				updateRecord(t, app, "festival_participations", festAcceptedB, map[string]any{"status": "declined", "note": "Der Marktplatz ist gesperrt."})
				if mailsTo(app, "editor.b@test.example", "Vereinsfest") != 1 {
					t.Fatal("the club is told the new decision")
				}
			}},
		{Name: "the same decision again changes nothing and tells nobody", Method: http.MethodPatch, URL: one, Headers: f.Header("staffBuero"),
			Body: strings.NewReader(`{"status":"accepted","note":"Ihr Stand: Marktplatz, Nummer 4"}`), ExpectedStatus: 200, ExpectedContent: []string{`"status":"accepted"`},
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { app.TestMailer.Reset() },
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if mailsTo(app, "editor.b@test.example", "Vereinsfest") != 0 {
					t.Fatal("nobody is told again")
				}
			}},
	}
	runScenarios(t, festivalApp, scenarios)
}

// The Protokoll names the collections of taking part and their statuses in
// German.
func TestAuditSummariesOfTakingPartAreGerman(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedRegistrations(t, app, f)
	seedPartnerApplications(t, app, nil)
	h := testapp.Handler(t, app)
	if res := do(t, h, http.MethodPatch, "/api/collections/partner_applications/records/"+partnerAppSubmitted, f.Tokens["staffBuero"], `{"status":"accepted"}`); res.Code != 200 {
		t.Fatal(res.Body.String())
	}
	onlyEntry(t, app, partnerAppSubmitted, f.StaffBuero.Id, f.StaffBuero.GetString("name"), "accepted", "partner_applications",
		"Bewerbung als Partner „Eiscafé am Markt“", "Status von „eingereicht“ auf „angenommen“ geändert")
	if res := do(t, h, http.MethodPatch, "/api/collections/event_registrations/records/"+regOffice, f.Tokens["staffBuero"], `{"status":"cancelled"}`); res.Code != 200 {
		t.Fatal(res.Body.String())
	}
	e := onlyEntry(t, app, regOffice, f.StaffBuero.Id, f.StaffBuero.GetString("name"), "cancelled", "event_registrations",
		"Anmeldung zu einem Termin "+regOffice, "Status von „angemeldet“ auf „abgemeldet“ geändert")
	if strings.Contains(e.GetString("summary"), regOfficeName) {
		t.Fatal("the summary names no citizen")
	}
}
