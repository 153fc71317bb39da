package hooks_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

var otpInMail = regexp.MustCompile(`\n([0-9]{8})\n`)

// staffLogin runs PocketBase's MFA flow for a staff account: password,
// then a one-time code by e-mail. It returns the token.
func staffLogin(t testing.TB, app *tests.TestApp, h http.Handler, email string) string {
	t.Helper()
	const base = "/api/collections/staff/"
	res := do(t, h, http.MethodPost, base+"auth-with-password", "", `{"identity":"`+email+`","password":"`+testapp.Password+`"}`)
	var first struct {
		MfaId string `json:"mfaId"`
		Token string `json:"token"`
	}
	_ = json.Unmarshal(res.Body.Bytes(), &first)
	if res.Code != http.StatusUnauthorized || first.MfaId == "" || first.Token != "" {
		t.Fatalf("the password alone must not log staff in: %d %s", res.Code, res.Body)
	}
	res = do(t, h, http.MethodPost, base+"request-otp", "", `{"email":"`+email+`"}`)
	var otp struct {
		OtpId string `json:"otpId"`
	}
	if err := json.Unmarshal(res.Body.Bytes(), &otp); err != nil || otp.OtpId == "" {
		t.Fatalf("request-otp: %d %s", res.Code, res.Body)
	}
	code := awaitCode(t, app, email)
	res = do(t, h, http.MethodPost, base+"auth-with-otp", "", `{"otpId":"`+otp.OtpId+`","password":"`+code[1]+`","mfaId":"`+first.MfaId+`"}`)
	var second struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(res.Body.Bytes(), &second); err != nil || second.Token == "" {
		t.Fatalf("auth-with-otp: %d %s", res.Code, res.Body)
	}
	return second.Token
}

// awaitCode waits for the code mail to email (PocketBase sends it in the
// background) and returns the match of otpInMail.
func awaitCode(t testing.TB, app *tests.TestApp, email string) []string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		for _, msg := range app.TestMailer.Messages() {
			if len(msg.To) == 1 && msg.To[0].Address == email && strings.Contains(msg.Subject, "Anmeldecode") {
				if code := otpInMail.FindStringSubmatch(msg.Text); code != nil {
					app.TestMailer.Reset()
					return code
				}
				t.Fatalf("the code mail holds no code: %q", msg.Text)
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no German code mail to %s", email)
	return nil
}

func TestStaffLogInWithPasswordAndCodeByMail(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)

	token := staffLogin(t, app, h, f.StaffBuero.Email())
	if res := do(t, h, http.MethodGet, "/api/collections/organisations/records/"+f.Pending.Id, token, ""); res.Code != 200 {
		t.Fatalf("buero after MFA cannot see a pending club: %d %s", res.Code, res.Body)
	}

	// the code alone is not enough either
	res := do(t, h, http.MethodPost, "/api/collections/staff/request-otp", "", `{"email":"`+f.StaffRedaktion.Email()+`"}`)
	var otp struct {
		OtpId string `json:"otpId"`
	}
	_ = json.Unmarshal(res.Body.Bytes(), &otp)
	if otp.OtpId == "" {
		t.Fatalf("request-otp: %d %s", res.Code, res.Body)
	}
	code := awaitCode(t, app, f.StaffRedaktion.Email())
	res = do(t, h, http.MethodPost, "/api/collections/staff/auth-with-otp", "", `{"otpId":"`+otp.OtpId+`","password":"`+code[1]+`"}`)
	if res.Code != http.StatusUnauthorized || strings.Contains(res.Body.String(), `"token"`) {
		t.Fatalf("a code alone must not log staff in: %d %s", res.Code, res.Body)
	}
}

func TestDeactivatedStaffCannotLogInAndTheirTokensOpenNothing(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)

	res := do(t, h, http.MethodPost, "/api/collections/staff/auth-with-password", "", `{"identity":"`+f.StaffInactive.Email()+`","password":"`+testapp.Password+`"}`)
	if res.Code != http.StatusForbidden || strings.Contains(res.Body.String(), "mfaId") {
		t.Fatalf("a deactivated account logs in: %d %s", res.Code, res.Body)
	}

	// a token issued before the deactivation
	old := f.Tokens["staffInactive"]
	for _, url := range []string{
		"/api/collections/organisations/records/" + f.Pending.Id,
		"/api/collections/card_applications/records",
		"/api/collections/staff/records/" + f.StaffBuero.Id,
	} {
		res := do(t, h, http.MethodGet, url, old, "")
		if res.Code == 200 && !strings.Contains(res.Body.String(), `"totalItems":0`) {
			t.Errorf("deactivated staff read %s: %s", url, truncate(res.Body.String()))
		}
	}

	// deactivating an active account ends its logins at once
	token := f.Tokens["staffBuero"]
	if res := do(t, h, http.MethodGet, "/api/collections/organisations/records/"+f.Pending.Id, token, ""); res.Code != 200 {
		t.Fatalf("active buero: %d", res.Code)
	}
	updateRecord(t, app, "staff", f.StaffBuero.Id, map[string]any{"active": false})
	if res := do(t, h, http.MethodGet, "/api/collections/organisations/records/"+f.Pending.Id, token, ""); res.Code != 404 {
		t.Fatalf("the token of a deactivated account still opens a pending club: %d", res.Code)
	}
	if res := do(t, h, http.MethodPost, "/api/collections/staff/auth-refresh", token, ""); res.Code != 401 {
		t.Fatalf("the token of a deactivated account can be refreshed: %d %s", res.Code, res.Body)
	}
}

func TestStaffRoles(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	coll := func(name string) string { return "/api/collections/" + name + "/records" }
	officeEvent := `{"title":"Ehrenamtsabend","kind":"austauschtreffen","starts_at":"2030-01-01 17:00:00.000Z","ends_at":"2030-01-01 19:00:00.000Z","published":false}`
	forbidden := []string{`"status":403`}

	scenarios := []tests.ApiScenario{
		// the redaktion keeps the office's own events, articles and partners
		{Name: "redaktion creates an event of the office", Method: http.MethodPost, URL: coll("events"), Headers: f.Header("staffRedaktion"),
			Body: body(officeEvent), ExpectedStatus: 200, ExpectedContent: []string{`"title":"Ehrenamtsabend"`, `"organisation":""`}},
		{Name: "redaktion sees the office's unpublished events", Method: http.MethodGet, URL: coll("events") + "?filter=(organisation='')&perPage=100", Headers: f.Header("staffRedaktion"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				saveRecord(t, app, "events", "officedraft0001", map[string]any{"title": "Entwurf der Koordinierungsstelle", "kind": "termin",
					"starts_at": "2030-02-01 10:00:00.000Z", "ends_at": "2030-02-01 11:00:00.000Z", "published": false})
			},
			ExpectedStatus: 200, ExpectedContent: []string{"officedraft0001", f.EventOffice.Id}},
		{Name: "redaktion updates an event of the office", Method: http.MethodPatch, URL: coll("events") + "/" + f.EventOffice.Id, Headers: f.Header("staffRedaktion"),
			Body: body(`{"location":"Rathaus, Saal 2"}`), ExpectedStatus: 200, ExpectedContent: []string{`"location":"Rathaus, Saal 2"`}},
		{Name: "redaktion cannot move an event of the office to a club", Method: http.MethodPatch, URL: coll("events") + "/" + f.EventOffice.Id, Headers: f.Header("staffRedaktion"),
			Body: body(`{"organisation":"` + f.ClubA.Id + `"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "redaktion cannot create an event of a club", Method: http.MethodPost, URL: coll("events"), Headers: f.Header("staffRedaktion"),
			Body:           body(`{"title":"X","kind":"termin","organisation":"` + f.ClubA.Id + `","starts_at":"2030-01-01 10:00:00.000Z","ends_at":"2030-01-01 11:00:00.000Z"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "redaktion cannot change an event of a club", Method: http.MethodPatch, URL: coll("events") + "/" + f.EventA.Id, Headers: f.Header("staffRedaktion"),
			Body: body(`{"location":"woanders"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "redaktion deletes an event of the office", Method: http.MethodDelete, URL: coll("events") + "/" + f.EventOffice.Id, Headers: f.Header("staffRedaktion"),
			ExpectedStatus: 204},
		{Name: "redaktion publishes an article", Method: http.MethodPatch, URL: coll("articles") + "/" + f.Draft.Id, Headers: f.Header("staffRedaktion"),
			Body: body(`{"published":true}`), ExpectedStatus: 200, ExpectedContent: []string{`"published":true`}},
		{Name: "redaktion adds a partner", Method: http.MethodPost, URL: coll("partners"), Headers: f.Header("staffRedaktion"),
			Body: body(`{"name":"Stadtbad","category":"Freizeit","benefit":"Eintritt 1 € günstiger.","active":true}`), ExpectedStatus: 200, ExpectedContent: []string{`"name":"Stadtbad"`}},

		// the redaktion decides nothing
		{Name: "redaktion cannot publish a club", Method: http.MethodPatch, URL: coll("organisations") + "/" + f.Pending.Id, Headers: f.Header("staffRedaktion"),
			Body: body(`{"status":"published"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "redaktion does not see private contact data", Method: http.MethodGet, URL: coll("organisations") + "/" + f.ClubA.Id, Headers: f.Header("staffRedaktion"),
			ExpectedStatus: 200, NotExpectedContent: []string{"turnverein-a@club.example", `"editors"`}},
		{Name: "redaktion cannot filter on private contact data", Method: http.MethodGet, URL: coll("organisations") + `?filter=(email~'turn')`, Headers: f.Header("staffRedaktion"),
			ExpectedStatus: 400, ExpectedContent: []string{"Kontaktdaten"}},
		{Name: "redaktion lists no enquiries", Method: http.MethodGet, URL: coll("enquiries"), Headers: f.Header("staffRedaktion"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { seedEngagement(t, app, f) },
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "redaktion cannot get suggestions for an enquiry", Method: http.MethodGet, URL: "/api/ben/enquiries/whatever0000000/suggestions", Headers: f.Header("staffRedaktion"),
			ExpectedStatus: 403, ExpectedContent: forbidden},
		{Name: "redaktion cannot download a thank-you letter", Method: http.MethodGet, URL: "/api/ben/awards/whatever0000000/letter.pdf", Headers: f.Header("staffRedaktion"),
			ExpectedStatus: 403, ExpectedContent: forbidden},
		{Name: "deactivated buero cannot get suggestions for an enquiry", Method: http.MethodGet, URL: "/api/ben/enquiries/whatever0000000/suggestions", Headers: f.Header("staffInactive"),
			ExpectedStatus: 403, ExpectedContent: forbidden},
		{Name: "redaktion sees itself, not its colleagues", Method: http.MethodGet, URL: coll("staff"), Headers: f.Header("staffRedaktion"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, f.StaffRedaktion.Id}},
		{Name: "staff cannot change their own role", Method: http.MethodPatch, URL: coll("staff") + "/" + f.StaffRedaktion.Id, Headers: f.Header("staffRedaktion"),
			Body: body(`{"role":"buero"}`), ExpectedStatus: 403, ExpectedContent: forbidden},

		// buero does the office's daily work, like superusers did
		{Name: "buero sees private contact data and the editors", Method: http.MethodGet, URL: coll("organisations") + "/" + f.ClubA.Id, Headers: f.Header("staffBuero"),
			ExpectedStatus: 200, ExpectedContent: []string{"turnverein-a@club.example", f.EditorA.Id}},
		{Name: "buero may filter on e-mail", Method: http.MethodGet, URL: coll("organisations") + `?filter=(email~'turn')`, Headers: f.Header("staffBuero"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`}},
		{Name: "buero creates a published organisation without a mail to the office", Method: http.MethodPost, URL: coll("organisations"), Headers: f.Header("staffBuero"),
			Body:           body(`{"name":"Stadtjugendring","kind":"einrichtung","status":"published","editors":["` + f.EditorB.Id + `"]}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"published"`, f.EditorB.Id},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if n := app.TestMailer.TotalSend(); n != 0 {
					t.Fatalf("no mail expected, got %d", n)
				}
			}},
		{Name: "buero publishes a club", Method: http.MethodPatch, URL: coll("organisations") + "/" + f.Pending.Id, Headers: f.Header("staffBuero"),
			Body: body(`{"status":"published","verified":true}`), ExpectedStatus: 200, ExpectedContent: []string{`"status":"published"`, `"verified":true`}},
		{Name: "buero sees the names of colleagues, not their e-mail addresses", Method: http.MethodGet, URL: coll("staff"), Headers: f.Header("staffBuero"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":3`, "Rudi Redaktion"}, NotExpectedContent: []string{"redaktion@stadt.test"}},
		{Name: "buero cannot create a staff account", Method: http.MethodPost, URL: coll("staff"), Headers: f.Header("staffBuero"),
			Body:           body(`{"email":"neu@stadt.test","password":"ein-langes-passwort","passwordConfirm":"ein-langes-passwort","name":"Neu","role":"buero","active":true}`),
			ExpectedStatus: 403, ExpectedContent: forbidden},
		{Name: "buero cannot change a citizen's account", Method: http.MethodPatch, URL: coll("users") + "/" + f.Citizen.Id, Headers: f.Header("staffBuero"),
			Body: body(`{"name":"Geändert"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
	}
	runScenarios(t, testapp.Factory, scenarios)
}

func TestBueroGetsSuggestionsForAnEnquiry(t *testing.T) {
	t.Parallel()
	app := engagementApp(t)
	h := testapp.Handler(t, app)
	f := testapp.Fixtures(t)
	res := do(t, h, http.MethodGet, "/api/ben/enquiries/"+enquiryGuest+"/suggestions", f.Tokens["staffBuero"], "")
	if res.Code != 200 || !strings.Contains(res.Body.String(), oppA) {
		t.Fatalf("buero suggestions: %d %s", res.Code, truncate(res.Body.String()))
	}
}

func TestBueroReadsNominatorsAndJuryAndTheLetter(t *testing.T) {
	t.Parallel()
	app, f := awardsApp(t)
	h := testapp.Handler(t, app)
	res := do(t, h, http.MethodGet, "/api/collections/nominations/records/"+nomMedal1, f.Tokens["staffBuero"], "")
	if res.Code != 200 || !strings.Contains(res.Body.String(), nominatorEmail) {
		t.Fatalf("buero cannot read the nominator's address: %d %s", res.Code, truncate(res.Body.String()))
	}
	res = do(t, h, http.MethodGet, "/api/collections/award_rounds/records/"+roundMedal, f.Tokens["staffBuero"], "")
	if res.Code != 200 || !strings.Contains(res.Body.String(), jurorA) {
		t.Fatalf("buero cannot see the jury: %d %s", res.Code, truncate(res.Body.String()))
	}
	res = do(t, h, http.MethodGet, "/api/ben/awards/"+awardLetter+"/letter.pdf", f.Tokens["staffBuero"], "")
	if res.Code != 200 || !strings.HasPrefix(res.Body.String(), "%PDF-") {
		t.Fatalf("buero cannot download a letter: %d", res.Code)
	}
	res = do(t, h, http.MethodGet, "/api/collections/nominations/records/"+nomMedal1, f.Tokens["staffRedaktion"], "")
	if res.Code != 404 {
		t.Fatalf("redaktion reads a nomination: %d", res.Code)
	}
}

// A staff member who forgot the password gets a German mail whose link
// opens /buero/passwort-neu with the token in the fragment (never in a
// server log); the token sets a new password, and the new password opens
// the login (with the code by mail).
func TestStaffSetANewPasswordThroughTheMailedLink(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	const base = "/api/collections/staff/"
	msg := mailAfter(t, app, f.StaffBuero.Email(), func() {
		if res := do(t, h, http.MethodPost, base+"request-password-reset", "", `{"email":"`+f.StaffBuero.Email()+`"}`); res.Code != http.StatusNoContent {
			t.Fatalf("request: %d %s", res.Code, res.Body)
		}
	})
	link := regexp.MustCompile(`/buero/passwort-neu#token=([\w.-]+)`).FindStringSubmatch(msg.Text)
	if link == nil || strings.Contains(msg.Text, "?token=") || !strings.Contains(msg.Subject, "Passwort") {
		t.Fatalf("reset mail: %s\n%s", msg.Subject, msg.Text)
	}
	const fresh = "ein-ganz-neues-passwort"
	res := do(t, h, http.MethodPost, base+"confirm-password-reset", "", `{"token":"`+link[1]+`","password":"`+fresh+`","passwordConfirm":"`+fresh+`"}`)
	if res.Code != http.StatusNoContent {
		t.Fatalf("confirm: %d %s", res.Code, res.Body)
	}
	if res := do(t, h, http.MethodPost, base+"auth-with-password", "", `{"identity":"`+f.StaffBuero.Email()+`","password":"`+testapp.Password+`"}`); res.Code != http.StatusBadRequest {
		t.Fatalf("the old password still opens the login: %d", res.Code)
	}
	res = do(t, h, http.MethodPost, base+"auth-with-password", "", `{"identity":"`+f.StaffBuero.Email()+`","password":"`+fresh+`"}`)
	if res.Code != http.StatusUnauthorized || !strings.Contains(res.Body.String(), "mfaId") {
		t.Fatalf("the new password must lead to the code: %d %s", res.Code, res.Body)
	}
}
