package hooks_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
	"ben/hooks/partners"
	"ben/hooks/privacy"
)

func TestPartnerApplicationsAccess(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const url = "/api/collections/partner_applications/records"
	one := func(id string) string { return url + "/" + id }
	apply := func(extra string) *strings.Reader {
		return strings.NewReader(`{"business_name":"Buchhandlung Lesezeit","contact_name":"Lena Lese","email":"lena@lesezeit.example","phone":"06561 1111",` +
			`"address":"Hauptstraße 5, 54634 Bitburg","category":"Einkaufen","benefit":"10 % auf alle Bücher","consent":true` + extra + `}`)
	}

	scenarios := []tests.ApiScenario{
		{Name: "a business applies without an account; it is told, and so is the office", Method: http.MethodPost, URL: url, Body: apply(""),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"submitted"`, `"partner":""`, `"decided_at":""`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if mailsTo(app, "lena@lesezeit.example", "Ihre Bewerbung als Partner") != 1 {
					t.Fatal("the business gets a confirmation")
				}
				msg := app.TestMailer.LastMessage()
				if !strings.Contains(msg.Subject, "Buchhandlung Lesezeit") || strings.Contains(msg.Text, "lena@") || strings.Contains(msg.Text, "1111") {
					t.Fatalf("the office's notice names the business, not the person:\n%s", msg.Text)
				}
			}},
		{Name: "consent is required", Method: http.MethodPost, URL: url,
			Body:           strings.NewReader(`{"business_name":"X","contact_name":"Y","email":"y@example.org","category":"Freizeit","benefit":"Z"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"consent":{"code":"validation_consent_required"`}},
		{Name: "name, contact, category and benefit are required", Method: http.MethodPost, URL: url, Body: strings.NewReader(`{"consent":true}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"business_name":{"code":"validation_required"`, `"contact_name":{"code":"validation_required"`,
				`"email":{"code":"validation_required"`, `"category":{"code":"validation_required"`, `"benefit":{"code":"validation_required"`}},
		{Name: "a business cannot accept itself", Method: http.MethodPost, URL: url, Body: apply(`,"status":"accepted"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "a business cannot link itself to a partner", Method: http.MethodPost, URL: url, Body: apply(`,"partner":"` + f.PartnerInactive.Id + `"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "guests cannot read applications", Method: http.MethodGet, URL: url,
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}, NotExpectedContent: []string{partnerContactEmail}},
		{Name: "citizens cannot read applications", Method: http.MethodGet, URL: one(partnerAppSubmitted), Headers: f.Header("citizen"),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "the redaktion cannot read applications (personal data)", Method: http.MethodGet, URL: url, Headers: f.Header("staffRedaktion"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "the office (buero) reads the applications", Method: http.MethodGet, URL: url, Headers: f.Header("staffBuero"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`, partnerContactEmail, partnerContactPhone}},
		{Name: "the office accepts: the partner is created, linked and the business told", Method: http.MethodPatch, URL: one(partnerAppSubmitted), Headers: f.Header("staffBuero"),
			Body:           strings.NewReader(`{"status":"accepted","note":"Willkommen!"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"accepted"`, `"decided_by":"` + f.StaffBuero.Id + `"`},
			NotExpectedContent: []string{`"partner":""`, `"decided_at":""`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				var body struct{ Partner string }
				_ = json.NewDecoder(res.Body).Decode(&body)
				p, err := app.FindRecordById("partners", body.Partner)
				if err != nil {
					t.Fatal("no partner created:", err)
				}
				if p.GetString("name") != "Eiscafé am Markt" || p.GetString("category") != "Gastronomie" || !p.GetBool("active") ||
					p.GetString("benefit") != "Eine Kugel Eis gratis zu jedem Becher" || p.GetString("address") != "Markt 1, 54634 Bitburg" {
					t.Fatalf("the partner does not carry the application: %v", p.PublicExport())
				}
				if mailsTo(app, partnerContactEmail, "Ihre Bewerbung als Partner") != 2 || !strings.Contains(app.TestMailer.LastMessage().Text, "herzlich willkommen") {
					t.Fatal("the business is told it is a partner")
				}
			}},
		{Name: "the office declines with a reason; no partner", Method: http.MethodPatch, URL: one(partnerAppSubmitted), Headers: f.Header("staff"),
			Body:           strings.NewReader(`{"status":"declined","note":"Bitte melden Sie sich im Frühjahr wieder."}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"declined"`, `"partner":""`, `"decided_by":""`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if _, err := app.FindFirstRecordByData("partners", "name", "Eiscafé am Markt"); err == nil {
					t.Fatal("a declined application makes no partner")
				}
				if !strings.Contains(app.TestMailer.LastMessage().Text, "im Frühjahr wieder") {
					t.Fatal("the business reads the reason")
				}
			}},
		{Name: "a decision is final", Method: http.MethodPatch, URL: one(partnerAppDeclined), Headers: f.Header("staffBuero"),
			Body: strings.NewReader(`{"status":"accepted"}`), ExpectedStatus: 400, ExpectedContent: []string{`"status":{"code":"validation_partner_decision_final"`}},
		{Name: "the redaktion cannot decide", Method: http.MethodPatch, URL: one(partnerAppSubmitted), Headers: f.Header("staffRedaktion"),
			Body: strings.NewReader(`{"status":"accepted"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "guests cannot decide", Method: http.MethodPatch, URL: one(partnerAppSubmitted),
			Body: strings.NewReader(`{"status":"accepted"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
	}
	runScenarios(t, partnerApplicationsApp, scenarios)
}

// The partner and the decision are one write: when the partner cannot be
// stored, the application stays undecided and nobody is told.
func TestAcceptingAnApplicationIsOneTransaction(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	seedPartnerApplications(t, app, nil)
	app.OnRecordCreate("partners").BindFunc(func(e *core.RecordEvent) error { return errors.New("disk full") })
	app.TestMailer.Reset()

	r, _ := app.FindRecordById("partner_applications", partnerAppSubmitted)
	r.Set("status", "accepted")
	if err := app.Save(r); err == nil {
		t.Fatal("the acceptance must fail with the partner")
	}
	fresh, _ := app.FindRecordById("partner_applications", partnerAppSubmitted)
	if fresh.GetString("status") != "submitted" || fresh.GetString("partner") != "" || !fresh.GetDateTime("decided_at").IsZero() {
		t.Fatalf("the application must stay undecided: %v", fresh.PublicExport())
	}
	if app.TestMailer.TotalSend() != 0 {
		t.Fatal("nobody is told about a decision that was not stored")
	}
}

func TestPartnerApplicationTransitions(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		from, to string
		ok       bool
	}{
		{"", "submitted", true}, {"", "accepted", true}, {"submitted", "accepted", true}, {"submitted", "declined", true},
		{"accepted", "accepted", true}, {"accepted", "declined", false}, {"accepted", "submitted", false},
		{"declined", "accepted", false}, {"declined", "submitted", false},
	} {
		if got := len(partners.Transition(c.from, c.to)) == 0; got != c.ok {
			t.Errorf("%q → %q allowed %v, want %v", c.from, c.to, got, c.ok)
		}
	}
}

func TestPartnerApplicationsPersonalData(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	seedPartnerApplications(t, app, nil)
	h := testapp.Handler(t, app)
	karla := saveRecord(t, app, "users", "", map[string]any{"email": strings.ToUpper(partnerContactEmail), "name": partnerContactName, "verified": true})

	export, err := privacy.Export(app, karla, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(export["partner_applications"])
	if !strings.Contains(string(raw), partnerAppSubmitted) || strings.Contains(string(raw), "Spielhalle") {
		t.Fatalf("the export holds her application and nobody else's: %s", raw)
	}

	token, _ := karla.NewAuthToken()
	if res := do(t, h, http.MethodDelete, "/api/collections/users/records/"+karla.Id, token, ""); res.Code != 204 {
		t.Fatalf("deleting the account: %d %s", res.Code, res.Body.String())
	}
	for _, needle := range []string{partnerContactName, "998877"} {
		if found := engSearchDatabase(t, app, needle); len(found) > 0 {
			t.Errorf("%q is still stored in %v", needle, found)
		}
	}
}

func TestDecidedPartnerApplicationsAreDeletedAfterTheRetentionTime(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	seedPartnerApplications(t, app, nil)
	r := updateRecord(t, app, "partner_applications", partnerAppSubmitted, map[string]any{"status": "accepted"})
	decided := time.Now()
	waiting := saveRecord(t, app, "partner_applications", "", map[string]any{"business_name": "Bäckerei Wartet",
		"contact_name": "W", "email": "w@baeckerei.example", "category": "Einkaufen", "benefit": "Ein Brötchen", "consent": true})

	if n, err := privacy.RunRetention(app, decided.AddDate(0, 12, 0).Add(-time.Minute)); err != nil || n != 0 {
		t.Fatalf("before 12 months: %d, %v", n, err)
	}
	if n, err := privacy.RunRetention(app, decided.AddDate(0, 12, 0).Add(time.Minute)); err != nil || n != 2 {
		t.Fatalf("after 12 months: %d, %v; want the accepted and the declined application", n, err)
	}
	if _, err := app.FindRecordById("partner_applications", waiting.Id); err != nil {
		t.Fatal("an undecided application waits for the office")
	}
	if _, err := app.FindRecordById("partners", r.GetString("partner")); err != nil {
		t.Fatal("the partner stays: it is the business's, not the contact person's")
	}
}

// A decision is final on every path, also for Go code that saves one
// record twice (its Original is the state before the first save).
func TestPartnerDecisionIsFinalForGoCodeToo(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	seedPartnerApplications(t, app, nil)
	r := updateRecord(t, app, "partner_applications", partnerAppSubmitted, map[string]any{"status": "accepted"})
	r.Set("status", "declined")
	if err := app.Save(r); err == nil || !strings.Contains(err.Error(), "bereits entschieden") {
		t.Fatalf("a second decision must be refused: %v", err)
	}
}
