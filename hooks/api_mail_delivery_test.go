package hooks_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/logger"

	"ben/hooks/internal/testapp"
	"ben/hooks/mailer"
)

// A mail that a request causes goes out after the write is committed and in
// the background: nobody who sends a form waits for the mail server, and a
// server that refuses a mail neither fails the request nor puts the
// recipient into the log.

const helperAddress = "hanna@helfen.example"

func interestBody() string {
	return `{"opportunity":"` + oppA + `","name":"Hanna Helferin","email":"` + helperAddress + `","message":"Ich helfe gern.","consent":true}`
}

func TestTheResponseDoesNotWaitForTheMailServer(t *testing.T) {
	t.Parallel()
	app := engagementApp(t)
	h := testapp.Handler(t, app)
	res, release := answerBeforeTheMailServer(t, app, func() *httptest.ResponseRecorder {
		return do(t, h, http.MethodPost, "/api/collections/interests/records", "", interestBody())
	})
	if res.Code != http.StatusOK {
		t.Fatalf("status %d", res.Code)
	}
	release()
	if msg := app.TestMailer.LastMessage(); app.TestMailer.TotalSend() != 1 || msg.To[0].Address != helperAddress {
		t.Fatalf("want the confirmation to %s once the server answers, got %d mails", helperAddress, app.TestMailer.TotalSend())
	}
}

// answerBeforeTheMailServer sends a request while app's mail server does
// not answer, as BEN sends (in the background), and fails unless the
// answer comes without a mail sent. release lets the server answer and
// waits for the mails.
func answerBeforeTheMailServer(t *testing.T, app *tests.TestApp, send func() *httptest.ResponseRecorder) (res *httptest.ResponseRecorder, release func()) {
	t.Helper()
	mailer.SetDelivery(app, mailer.InBackground)
	stalled := make(chan struct{})
	app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		<-stalled // a mail server that does not answer yet
		return e.Next()
	})
	release = func() {
		close(stalled)
		mailer.Wait(app)
	}
	answered := make(chan *httptest.ResponseRecorder)
	go func() { answered <- send() }()
	select {
	case res = <-answered:
	case <-time.After(time.Minute):
		release()
		t.Fatal("the response waited for the mail server")
	}
	if sent := app.TestMailer.TotalSend(); sent != 0 {
		t.Fatalf("the mail server has not answered, yet %d mails are sent", sent)
	}
	return res, release
}

// TestNoFormWaitsForItsMailsWhichLeaveAfterTheCommit holds for every form
// of the public whose write sends mail: while the mail server has not
// answered, the response is there; each mail is handed to the server only
// once its write can be read from outside the transaction; and every mail
// goes out once the server answers.
func TestNoFormWaitsForItsMailsWhichLeaveAfterTheCommit(t *testing.T) {
	t.Parallel()
	type form struct {
		app                      *tests.TestApp
		method, url, token, body string
		mails                    int
		committed                func(app core.App) bool
	}
	stored := func(collection, field, value string) func(app core.App) bool {
		return func(app core.App) bool {
			n, err := app.CountRecords(collection, dbx.HashExp{field: value})
			return err == nil && n == 1
		}
	}
	cases := []struct {
		name string
		form func(t *testing.T) form
	}{
		{"a citizen submits a card application: a link to the contact person, a notice to the office", func(t *testing.T) form {
			app, f := testapp.New(t)
			d := cardDraft(t, app, "", f.Citizen, adultBirth, engagementAt(nil, 6))
			return form{app, http.MethodPatch, "/api/collections/card_applications/records/" + d.Id, f.Tokens["citizen"], `{"status":"submitted"}`, 2,
				func(app core.App) bool {
					r, err := app.FindRecordById("card_applications", d.Id)
					return err == nil && r.GetString("status") == "submitted"
				}}
		}},
		{"a guest nominates: a confirmation to the nominator, a notice to the office", func(t *testing.T) form {
			app, _ := awardsApp(t)
			body, _ := io.ReadAll(nominationBody(roundMedal, ""))
			return form{app, http.MethodPost, "/api/collections/nominations/records", "", string(body), 2,
				stored("nominations", "nominator_email", "volker@vorschlag.example")}
		}},
		{"a guest answers an opportunity: a confirmation to the guest", func(t *testing.T) form {
			app := engagementApp(t)
			return form{app, http.MethodPost, "/api/collections/interests/records", "", interestBody(), 1,
				stored("interests", "email", helperAddress)}
		}},
		{"a guest writes to the office: a confirmation to the guest, a notice to the office", func(t *testing.T) form {
			app, _ := testapp.New(t)
			return form{app, http.MethodPost, "/api/collections/enquiries/records", "",
				`{"name":"Karla Kontakt","email":"karla@kontakt.example","message":"Ich helfe gern.","consent":true}`, 2,
				stored("enquiries", "email", "karla@kontakt.example")}
		}},
		{"a guest registers for an event: a confirmation with the link to cancel", func(t *testing.T) form {
			app, f := testapp.New(t)
			setCapacity(t, app, f.EventOffice.Id, 5)
			return form{app, http.MethodPost, "/api/collections/event_registrations/records", "",
				`{"event":"` + f.EventOffice.Id + `","name":"Hanna Helferin","email":"hanna@anmelden.example","consent":true}`, 1,
				stored("event_registrations", "email", "hanna@anmelden.example")}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := c.form(t)
			app := f.app
			mailer.SetDelivery(app, mailer.InBackground)
			app.TestMailer.Reset()
			release := make(chan struct{})
			var uncommitted atomic.Int32
			app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
				if !f.committed(app) {
					uncommitted.Add(1)
				}
				<-release // a mail server that does not answer yet
				return e.Next()
			})
			h := testapp.Handler(t, app)

			answered := make(chan *httptest.ResponseRecorder)
			go func() { answered <- do(t, h, f.method, f.url, f.token, f.body) }()
			select {
			case res := <-answered:
				if res.Code != http.StatusOK {
					close(release)
					t.Fatalf("status %d %s", res.Code, res.Body)
				}
			case <-time.After(time.Minute):
				close(release)
				t.Fatal("the response waited for the mail server")
			}
			if sent := app.TestMailer.TotalSend(); sent != 0 {
				t.Fatalf("the mail server has not answered, yet %d mails are sent", sent)
			}
			close(release)
			mailer.Wait(app)
			if got := app.TestMailer.TotalSend(); got != f.mails {
				t.Fatalf("want %d mails once the server answers, got %d", f.mails, got)
			}
			if n := uncommitted.Load(); n > 0 {
				t.Fatalf("%d mails were handed to the server before their write was committed", n)
			}
		})
	}
}

func TestARefusedMailIsLoggedWithoutTheAddressAndTheAnswerIsStored(t *testing.T) {
	t.Parallel()
	app := engagementApp(t)
	app.Settings().Logs.MaxDays = 1 // the fixture keeps no logs
	app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		return errors.New("550 5.1.1 <" + helperAddress + ">: Recipient address rejected")
	})
	h := testapp.Handler(t, app)

	res := do(t, h, http.MethodPost, "/api/collections/interests/records", "", interestBody())
	if res.Code != http.StatusOK {
		t.Fatalf("a refused mail must not fail the request: %d %s", res.Code, res.Body)
	}
	if n, err := app.CountRecords("interests", dbx.HashExp{"email": helperAddress}); err != nil || n != 1 {
		t.Fatalf("the answer must be stored: %d, %v", n, err)
	}

	logs := storedLogs(t, app)
	if !strings.Contains(logs, "Mail konnte nicht gesendet werden") || !strings.Contains(logs, "Recipient address rejected") {
		t.Fatalf("the failure must be logged for the office:\n%s", logs)
	}
	if strings.Contains(logs, helperAddress) || strings.Contains(logs, "Hanna") {
		t.Fatalf("the log must not name the recipient:\n%s", logs)
	}
}

func TestAWriteThatIsRolledBackSendsNoMail(t *testing.T) {
	t.Parallel()
	app := engagementApp(t)
	app.TestMailer.Reset()
	refusal := errors.New("rolled back")
	err := app.RunInTransaction(func(tx core.App) error {
		mailer.AfterCommit(tx, mailer.Mail{To: helperAddress, About: "test", Letter: mailer.EnquiryNotice{Link: "https://ben.example"}})
		return refusal
	})
	if !errors.Is(err, refusal) {
		t.Fatalf("want the transaction's own error, got %v", err)
	}
	if app.TestMailer.TotalSend() != 0 {
		t.Fatalf("a rolled-back write sent %d mails", app.TestMailer.TotalSend())
	}

	err = app.RunInTransaction(func(tx core.App) error {
		mailer.AfterCommit(tx, mailer.Mail{To: helperAddress, About: "test", Letter: mailer.EnquiryNotice{Link: "https://ben.example"}})
		if app.TestMailer.TotalSend() != 0 {
			t.Error("the mail left before the commit")
		}
		return nil
	})
	if err != nil || app.TestMailer.TotalSend() != 1 {
		t.Fatalf("a committed write sends its mail: %v, %d mails", err, app.TestMailer.TotalSend())
	}
}

// storedLogs writes the app's pending log entries and returns all of them
// as text.
func storedLogs(t testing.TB, app core.App) string {
	t.Helper()
	if h, ok := app.Logger().Handler().(*logger.BatchHandler); ok {
		if err := h.WriteAll(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	var rows []struct {
		Message string `db:"message"`
		Data    string `db:"data"`
	}
	if err := app.LogQuery().Select("message", "data").All(&rows); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(r.Message + " " + r.Data + "\n")
	}
	return b.String()
}
