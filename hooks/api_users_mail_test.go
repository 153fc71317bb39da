package hooks_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

// The account mails are German and lead to the portal's pages, not to the
// dashboard.
func TestAccountMailsLeadToThePortal(t *testing.T) {
	f := testapp.Fixtures(t)
	scenarios := []tests.ApiScenario{
		{Name: "password reset mail is German and links to /passwort-neu", Method: http.MethodPost,
			URL:            "/api/collections/users/request-password-reset",
			Body:           strings.NewReader(`{"email":"` + f.Citizen.GetString("email") + `"}`),
			ExpectedStatus: 204,
			Delay:          200 * time.Millisecond, // the mail is sent after the response
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				msg := app.TestMailer.LastMessage()
				if app.TestMailer.TotalSend() != 1 || !strings.Contains(msg.Subject, "Neues Passwort") {
					t.Fatalf("want one German reset mail, got %d, subject %q", app.TestMailer.TotalSend(), msg.Subject)
				}
				if !strings.Contains(msg.HTML, "/passwort-neu#token=") || strings.Contains(msg.HTML, "/_/#/") {
					t.Fatalf("the reset link must lead to the portal:\n%s", msg.HTML)
				}
			}},
		{Name: "verification mail of a new account is German and links to /bestaetigen", Method: http.MethodPost,
			URL:            "/api/collections/users/records",
			Body:           strings.NewReader(`{"email":"neu@test.example","password":"Ein-langes-Passwort","passwordConfirm":"Ein-langes-Passwort","name":"Nora Neu"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"name":"Nora Neu"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				msg := app.TestMailer.LastMessage()
				if !strings.Contains(msg.Subject, "bestätigen") || !strings.Contains(msg.HTML, "/bestaetigen#token=") {
					t.Fatalf("want a German verification mail with a portal link, got %q:\n%s", msg.Subject, msg.HTML)
				}
			}},
	}
	for _, s := range scenarios {
		s.TestAppFactory = testapp.Factory
		s.Test(t)
	}
}
