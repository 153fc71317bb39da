package hooks_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/mailer"
)

// do sends one request to h as the holder of token ("" for a guest).
func do(t testing.TB, h http.Handler, method, url, token, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// mailAfter runs send and returns the first mail app sends to address from
// then on. PocketBase sends some mails (a password reset, an e-mail change)
// in the background after its answer: this waits for the mail itself, not
// for a while.
func mailAfter(t testing.TB, app *tests.TestApp, address string, send func()) *mailer.Message {
	t.Helper()
	sent := make(chan *mailer.Message, 1)
	id := app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		err := e.Next()
		if len(e.Message.To) == 1 && e.Message.To[0].Address == address {
			select {
			case sent <- e.Message:
			default: // the first one is kept
			}
		}
		return err
	})
	defer app.OnMailerSend().Unbind(id)
	send()
	select {
	case m := <-sent:
		return m
	case <-time.After(time.Minute):
		t.Fatalf("no mail to %s", address)
		return nil
	}
}
