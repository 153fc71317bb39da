package hooks_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/card"
	"ben/hooks/internal/testapp"
	"ben/hooks/mailer"
	"ben/hooks/tz"
)

// Fixed ids so that scenario URLs can name records made in BeforeTestFunc.
const (
	draftID     = "appdraft000001a" // citizen's eligible draft, one engagement at ClubA
	submittedID = "appsubmitted01a" // citizen's submitted application, engagement at ClubA
	confirmedID = "appconfirmed01a" // citizen's confirmed application
	othersID    = "appothers00001a" // editorB's own draft
)

func cardFixture(t testing.TB, app *tests.TestApp, f *testapp.Fixture) {
	cardDraft(t, app, draftID, f.Citizen, adultBirth, engagementAt(f.ClubA, 6))
	cardDraft(t, app, submittedID, f.Citizen, adultBirth, engagementAt(f.ClubA, 6))
	setStatus(t, app, submittedID, "submitted", nil)
	cardDraft(t, app, confirmedID, f.Citizen, adultBirth, engagementAt(nil, 6))
	setStatus(t, app, confirmedID, "submitted", nil)
	setStatus(t, app, confirmedID, "confirmed", nil)
	cardDraft(t, app, othersID, f.EditorB, adultBirth, engagementAt(f.ClubB, 6))
	app.TestMailer.Reset()
}

// cardApp is a fresh test app with the card applications above.
func cardApp(t testing.TB) *tests.TestApp { return appWith(t, cardFixture) }

func TestCardApplicationsAccess(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const url = "/api/collections/card_applications/records"
	one := func(id string) string { return url + "/" + id }

	scenarios := []tests.ApiScenario{
		// list and view
		{Name: "guest lists no applications", Method: http.MethodGet, URL: url,
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "applicant lists only own applications", Method: http.MethodGet, URL: url, Headers: f.Header("citizen"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":3`, draftID, submittedID},
			NotExpectedContent: []string{othersID}},
		{Name: "other applicant cannot view an application", Method: http.MethodGet, URL: one(draftID), Headers: f.Header("editorB"),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor of the confirming club cannot view the application (no birth date, no address)", Method: http.MethodGet,
			URL: one(submittedID), Headers: f.Header("editorA"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor of the confirming club cannot expand the application from the engagement", Method: http.MethodGet,
			URL: "/api/collections/engagements/records?expand=application", Headers: f.Header("editorA"),
			ExpectedStatus: 200, ExpectedContent: []string{`"applicant_name":"Vera Vorlage"`},
			NotExpectedContent: []string{"birth_date", "Hauptstraße", `"expand":{"application"`}},
		{Name: "staff list every application", Method: http.MethodGet, URL: url, Headers: f.Header("staff"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":4`, othersID}},

		// create
		// the same body a citizen may send for themselves: only the missing login refuses it
		{Name: "guest cannot apply", Method: http.MethodPost, URL: url,
			Body:           body(`{"applicant":"` + f.Citizen.Id + `","first_name":"Clara","last_name":"Bürgerin","birth_date":"1990-02-03 00:00:00.000Z","kind":"standard","status":"draft"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "citizen starts a draft; office fields in the body are dropped", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"),
			Body:           body(`{"applicant":"` + f.Citizen.Id + `","first_name":"Clara","last_name":"Bürgerin","birth_date":"1990-02-03 00:00:00.000Z","kind":"standard","status":"draft","decision_reason":"selbst bewilligt","flags":[{"code":"x"}],"decided_at":"2026-01-01 00:00:00.000Z"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"draft"`, `"decision_reason":""`, `"decided_at":""`, `"flags":null`}},
		{Name: "citizen cannot apply in someone else's name", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"),
			Body:           body(`{"applicant":"` + f.EditorB.Id + `","first_name":"B","last_name":"B","birth_date":"1990-02-03","kind":"standard","status":"draft"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "citizen cannot create an application already submitted", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"),
			Body:           body(`{"applicant":"` + f.Citizen.Id + `","first_name":"C","last_name":"C","birth_date":"1990-02-03","kind":"standard","status":"submitted"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},

		// submit
		{Name: "applicant submits an eligible draft; the club's editors are asked in the portal, no link goes to a typed address", Method: http.MethodPatch, URL: one(draftID), Headers: f.Header("citizen"),
			Body:           body(`{"status":"submitted"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"submitted"`, `"flags":[]`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if n := len(confirmationTokens(t, app)); n != 0 {
					t.Fatalf("an engagement at a club in BEN gets no e-mail link, got %d", n)
				}
				// two mails: the club's editor is asked, the office hears of the new application
				var toEditor, toOffice int
				for _, m := range app.TestMailer.Messages() {
					switch m.To[0].Address {
					case f.EditorA.Email():
						if !strings.Contains(m.Text, "/mein-verein/turnverein-a/ehrenamtskarte") {
							t.Fatalf("the club's editor is asked to confirm in the portal:\n%s", m.Text)
						}
						toEditor++
					case mailer.Office(app):
						if !strings.Contains(m.Text, "/buero/antraege/"+draftID) {
							t.Fatalf("the office's notice links to the application in /buero:\n%s", m.Text)
						}
						toOffice++
					default:
						t.Fatalf("a mail went to %v", m.To)
					}
				}
				if toEditor != 1 || toOffice != 1 {
					t.Fatalf("mails to the editor %d, to the office %d; want one each", toEditor, toOffice)
				}
			}},
		{Name: "applicant cannot approve", Method: http.MethodPatch, URL: one(confirmedID), Headers: f.Header("citizen"),
			Body:           body(`{"status":"approved"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"status":{"code":"validation_status_transition"`, "Koordinierungsstelle"}},
		{Name: "applicant cannot mark own application confirmed", Method: http.MethodPatch, URL: one(submittedID), Headers: f.Header("citizen"),
			Body:           body(`{"status":"confirmed"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"status":{"code":"validation_status_transition"`}},
		{Name: "applicant cannot write a decision reason", Method: http.MethodPatch, URL: one(draftID), Headers: f.Header("citizen"),
			Body:           body(`{"decision_reason":"passt"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"decision_reason":{"code":"validation_staff_only"`}},
		{Name: "applicant cannot change a submitted application", Method: http.MethodPatch, URL: one(submittedID), Headers: f.Header("citizen"),
			Body:           body(`{"street":"Nebenstraße 2"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"street":{"code":"validation_submitted_locked"`}},
		{Name: "applicant withdraws before the decision", Method: http.MethodPatch, URL: one(confirmedID), Headers: f.Header("citizen"),
			Body:           body(`{"status":"withdrawn"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"withdrawn"`}},
		{Name: "applicant may edit own draft", Method: http.MethodPatch, URL: one(draftID), Headers: f.Header("citizen"),
			Body:           body(`{"street":"Nebenstraße 2"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"street":"Nebenstraße 2"`}},
		{Name: "other applicant cannot update an application", Method: http.MethodPatch, URL: one(draftID), Headers: f.Header("editorB"),
			Body:           body(`{"status":"submitted"}`),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "guest cannot update an application", Method: http.MethodPatch, URL: one(draftID),
			Body:           body(`{"status":"withdrawn"}`),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},

		// decisions (the dashboard uses these very requests as superuser)
		{Name: "staff cannot approve before the engagements are confirmed", Method: http.MethodPatch, URL: one(submittedID), Headers: f.Header("staff"),
			Body:           body(`{"status":"approved"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"status":{"code":"validation_status_transition"`}},
		{Name: "staff approve a confirmed application and the card is issued for two years", Method: http.MethodPatch, URL: one(confirmedID), Headers: f.Header("staff"),
			Body:           body(`{"status":"approved"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"approved"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				c, err := app.FindFirstRecordByData("cards", "application", confirmedID)
				if err != nil {
					t.Fatal("no card issued:", err)
				}
				issued, until := c.GetDateTime("issued_at").Time(), c.GetDateTime("valid_until").Time()
				if want, _ := card.ValidUntil("standard", issued); !until.Equal(want) {
					t.Fatalf("valid_until %v is not issued_at %v + 2 years by BGB (%v)", until, issued, want)
				}
				if want := "BIT-" + issued.In(tz.Berlin).Format("2006") + "-00001"; c.GetString("number") != want || c.GetString("holder") != f.Citizen.Id {
					t.Fatalf("card number %q holder %q, want %q for the applicant", c.GetString("number"), c.GetString("holder"), want)
				}
				if app.TestMailer.TotalSend() != 1 || !strings.Contains(app.TestMailer.LastMessage().Text, c.GetString("number")) {
					t.Fatalf("the holder should get one mail with the card number")
				}
			}},
		{Name: "staff cannot reject without a reason", Method: http.MethodPatch, URL: one(submittedID), Headers: f.Header("staff"),
			Body:           body(`{"status":"rejected"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"decision_reason":{"code":"validation_required"`}},
		{Name: "staff reject with a reason and the applicant is told why", Method: http.MethodPatch, URL: one(submittedID), Headers: f.Header("staff"),
			Body:           body(`{"status":"rejected","decision_reason":"Die Stunden sind nicht belegt."}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"rejected"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if !strings.Contains(app.TestMailer.LastMessage().Text, "Die Stunden sind nicht belegt.") {
					t.Fatal("the rejection mail must carry the reason")
				}
			}},
		{Name: "a decision is final, also for staff", Method: http.MethodPatch, URL: one(confirmedID), Headers: f.Header("staff"),
			Body:           body(`{"status":"draft"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"status":{"code":"validation_status_transition"`}},

		// delete
		{Name: "applicant deletes own draft", Method: http.MethodDelete, URL: one(draftID), Headers: f.Header("citizen"),
			ExpectedStatus: 204},
		{Name: "applicant cannot delete a submitted application", Method: http.MethodDelete, URL: one(submittedID), Headers: f.Header("citizen"),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "other applicant cannot delete a draft", Method: http.MethodDelete, URL: one(draftID), Headers: f.Header("editorB"),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
	}
	runScenarios(t, cardApp, scenarios)
}

// The applicant turns 14 tomorrow: too young today. BEN counts the age by
// its own clock, so the test runs on one day (onOneDay).
func TestCardSubmitRefusesIneligibleAndKeepsTheDraft(t *testing.T) {
	t.Parallel()
	onOneDay(t, func(t testing.TB, day time.Time) {
		app, f := testapp.New(t)
		fourteenTomorrow := day.AddDate(-14, 0, 1)
		cardDraft(t, app, draftID, f.Citizen, fourteenTomorrow, engagementAt(f.ClubA, 4.5))
		h := testapp.Handler(t, app)

		res := do(t, h, http.MethodPatch, "/api/collections/card_applications/records/"+draftID, f.Tokens["citizen"], `{"status":"submitted"}`)
		if res.Code != 400 {
			t.Fatalf("status %d, want 400: %s", res.Code, res.Body)
		}
		for _, want := range []string{`"birth_date":{"code":"validation_card_too_young"`, `"engagements":{"code":"validation_card_too_few_hours"`, "ab 14 Jahren"} {
			if !strings.Contains(res.Body.String(), want) {
				t.Errorf("response lacks %s: %s", want, res.Body)
			}
		}
		a, _ := app.FindRecordById("card_applications", draftID)
		if a.GetString("status") != "draft" || a.GetString("street") != "Hauptstraße 1" {
			t.Fatalf("the draft must stay as it was, got status %q street %q", a.GetString("status"), a.GetString("street"))
		}
		if app.TestMailer.TotalSend() != 0 {
			t.Fatal("no confirmation links for a refused submission")
		}
	})
}

func TestCardAnniversaryCardIsValidForLife(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	a := cardDraft(t, app, "", f.Citizen, adultBirth, map[string]any{"organisation_name": "Kirchenchor", "hours_per_year": 40, "since": time.Now().AddDate(-26, 0, 0), "allowance": "flat_rate"})
	a.Set("kind", "jubilaeum")
	if err := app.Save(a); err != nil {
		t.Fatal(err)
	}
	setStatus(t, app, a.Id, "submitted", nil)
	setStatus(t, app, a.Id, "confirmed", nil)
	setStatus(t, app, a.Id, "approved", nil)
	c, err := app.FindFirstRecordByData("cards", "application", a.Id)
	if err != nil {
		t.Fatal(err)
	}
	if !c.GetDateTime("valid_until").IsZero() || c.GetString("kind") != "jubilaeum" {
		t.Fatalf("anniversary card: valid_until %v kind %q", c.GetDateTime("valid_until"), c.GetString("kind"))
	}
}
