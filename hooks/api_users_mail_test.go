package hooks_test

import (
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

// The account mails are German and lead to the portal's pages, not to the
// dashboard.
func TestAccountMailsLeadToThePortal(t *testing.T) {
	t.Parallel()
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
	runScenarios(t, testapp.Factory, scenarios)
}

func TestChangingTheEmailAddressNeedsTheNewAddressConfirmed(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	token := f.Tokens["citizen"]
	msg := mailAfter(t, app, "clara.neu@test.example", func() {
		res := do(t, h, http.MethodPost, "/api/collections/users/request-email-change", token, `{"newEmail":"clara.neu@test.example"}`)
		if res.Code != 204 {
			t.Fatalf("request: %d %s", res.Code, res.Body)
		}
	})
	if len(msg.To) != 1 || msg.To[0].Address != "clara.neu@test.example" || !strings.Contains(msg.Subject, "neue E-Mail-Adresse") {
		t.Fatalf("want a German mail to the new address, got %v %q", msg.To, msg.Subject)
	}
	link := regexp.MustCompile(`/email-bestaetigen\?token=([\w.-]+)`).FindStringSubmatch(msg.Text)
	if link == nil {
		t.Fatalf("no portal link in:\n%s", msg.Text)
	}
	// until confirmed, the old address stays
	if u, _ := app.FindRecordById("users", f.Citizen.Id); u.Email() != f.Citizen.Email() {
		t.Fatal("the address changed before it was confirmed")
	}
	if res := do(t, h, http.MethodPost, "/api/collections/users/confirm-email-change", "", `{"token":"`+link[1]+`","password":"falsch-falsch"}`); res.Code != 400 {
		t.Fatalf("a wrong password confirmed the change: %d", res.Code)
	}
	if res := do(t, h, http.MethodPost, "/api/collections/users/confirm-email-change", "", `{"token":"`+link[1]+`","password":"`+testapp.Password+`"}`); res.Code != 204 {
		t.Fatalf("confirm: %d %s", res.Code, res.Body)
	}
	if u, _ := app.FindRecordById("users", f.Citizen.Id); u.Email() != "clara.neu@test.example" {
		t.Fatalf("address after confirming: %s", u.Email())
	}
}

func TestEditorsAreToldWhenTheirOrganisationIsPublished(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	before := app.TestMailer.TotalSend()
	if res := do(t, h, http.MethodPatch, "/api/collections/organisations/records/"+f.Pending.Id, f.Tokens["staffBuero"], `{"meeting_times":"montags"}`); res.Code != 200 {
		t.Fatalf("edit: %d", res.Code)
	}
	if app.TestMailer.TotalSend() != before {
		t.Fatal("a mail went out although the organisation was not published")
	}
	if res := do(t, h, http.MethodPatch, "/api/collections/organisations/records/"+f.Pending.Id, f.Tokens["staffBuero"], `{"status":"published"}`); res.Code != 200 {
		t.Fatalf("publish: %d %s", res.Code, res.Body)
	}
	if app.TestMailer.TotalSend() != before+1 {
		t.Fatalf("%d mails, want one to the editor", app.TestMailer.TotalSend()-before)
	}
	msg := app.TestMailer.LastMessage()
	if msg.To[0].Address != f.EditorA.Email() || !strings.Contains(msg.Subject, "freigeschaltet") || !strings.Contains(msg.Text, "/vereine/"+f.Pending.GetString("slug")) {
		t.Fatalf("mail to %v %q:\n%s", msg.To, msg.Subject, msg.Text)
	}
	// saving it again, published, tells nobody again
	if res := do(t, h, http.MethodPatch, "/api/collections/organisations/records/"+f.Pending.Id, f.Tokens["staffBuero"], `{"meeting_times":"dienstags"}`); res.Code != 200 {
		t.Fatalf("edit: %d", res.Code)
	}
	if app.TestMailer.TotalSend() != before+1 {
		t.Fatal("a published organisation's editors were told again")
	}
	// a rolled-back publication sends nothing
	err := app.RunInTransaction(func(tx core.App) error {
		r, _ := tx.FindRecordById("organisations", f.Archived.Id)
		r.Set("editors", []string{f.EditorB.Id})
		r.Set("status", "published")
		if err := tx.Save(r); err != nil {
			return err
		}
		return errors.New("abort")
	})
	if err == nil || app.TestMailer.TotalSend() != before+1 {
		t.Fatalf("a rolled-back publication sent a mail (%v)", err)
	}
}
