// Package mailer sends BEN's plain-text German mails through PocketBase's
// mailer (SMTP from the dashboard settings; the test mailer in tests).
package mailer

import (
	"net/mail"
	"os"
	"sync"

	"github.com/pocketbase/pocketbase/core"
	pbmailer "github.com/pocketbase/pocketbase/tools/mailer"
)

// OfficeEnv names the environment variable with the coordination office's
// address; without it, office mail goes to the sender address.
const OfficeEnv = "BEN_OFFICE_EMAIL"

// Office is the coordination office's address.
func Office(app core.App) string {
	if addr := os.Getenv(OfficeEnv); addr != "" {
		return addr
	}
	return app.Settings().Meta.SenderAddress
}

// Send mails text to one address, signed by the office.
func Send(app core.App, to, subject, text string) error {
	meta := app.Settings().Meta
	msg := &pbmailer.Message{
		From:    mail.Address{Name: meta.SenderName, Address: meta.SenderAddress},
		To:      []mail.Address{{Address: to}},
		Subject: subject,
		Text:    text + "\n\n-- \nBitburger Engagement Netz\nAnlauf-, Service- und Koordinierungsstelle der Stadt Bitburg\n" + meta.AppURL + "\n",
	}
	return app.NewMailClient().Send(msg)
}

// URL is an absolute address in the portal.
func URL(app core.App, path string) string {
	return app.Settings().Meta.AppURL + path
}

// inflight counts the mails SendLater has not finished sending.
var inflight sync.WaitGroup

// SendLater sends like Send, after the caller has moved on: a request that
// triggers mails does not wait for the mail server. Failures are logged for
// the office.
func SendLater(app core.App, to, subject, text string) {
	inflight.Add(1)
	go func() {
		defer inflight.Done()
		if err := Send(app, to, subject, text); err != nil {
			app.Logger().Warn("Mail konnte nicht gesendet werden", "to", to, "subject", subject, "error", err)
		}
	}()
}

// Wait blocks until every mail handed to SendLater has been sent or has
// failed (for tests, and for an orderly shutdown).
func Wait() { inflight.Wait() }
