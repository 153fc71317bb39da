// Package mailer writes and sends BEN's mails.
//
// The wording of every mail is a template in templates/: one file per mail,
// German text with {{.Placeholders}}, so that the office and its lawyer can
// review every mail in one folder without reading Go. common.txt holds what
// the mails share: the office's name, the closing lines and the footer. The
// HTML part of a mail is the same text set in layout.html, with its links
// made clickable. Letter types (letters.go) say which data each template
// gets.
//
// A mail that a request causes is sent after the write is committed and in
// the background (AfterCommit): a write that is rolled back sends nothing,
// no response waits for the mail server, and a failed delivery is logged
// (without address or content) instead of failing the request.
package mailer

import (
	"errors"
	"net/mail"
	"os"
	"strings"

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

// Link is an absolute address in BEN: the application URL of the mail
// settings (without a trailing slash) followed by path.
func Link(app core.App, path string) string {
	return strings.TrimRight(app.Settings().Meta.AppURL, "/") + path
}

// Mail is one letter to one address. About names what the mail concerns
// for the log, as a collection and a record id: never a person's name or
// address.
type Mail struct {
	To     string
	Letter Letter
	About  string
}

// Message renders m as PocketBase's mailer sends it, from the sender of the
// mail settings.
func Message(app core.App, m Mail) (*pbmailer.Message, error) {
	subject, text, html, err := render(m.Letter, Link(app, ""))
	if err != nil {
		return nil, err
	}
	meta := app.Settings().Meta
	return &pbmailer.Message{
		From:    mail.Address{Name: meta.SenderName, Address: meta.SenderAddress},
		To:      []mail.Address{{Address: m.To}},
		Subject: subject,
		Text:    text,
		HTML:    html,
	}, nil
}

// Send renders m and sends it at once. It is for jobs that must know
// whether a mail went out (the daily reminder records it); a request uses
// AfterCommit. The error never names the recipient, so it may be logged.
func Send(app core.App, m Mail) error {
	msg, err := Message(app, m)
	if err != nil {
		return err
	}
	if err := app.NewMailClient().Send(msg); err != nil {
		return errors.New(withoutAddress(err, m.To))
	}
	return nil
}

// AfterCommit sends mails once app's transaction has been committed (at
// once when app is not a transaction), in the background: they are
// rendered and sent there, so that neither the write lock nor the response
// waits for templates or the mail server. A rolled-back write sends
// nothing; a mail that cannot be rendered or delivered is logged and never
// reaches the caller.
//
// A notice to the office about a new item of its inbox keeps the office's
// pace (pace.go): a few a minute one by one, the rest gathered into one.
func AfterCommit(app core.App, mails ...Mail) {
	for _, m := range mails {
		if _, ok := m.Letter.(notice); ok {
			Later(app, m.Letter.template(), m.About, func() error { return paceOf(app).add(app, m) }, m.To)
			continue
		}
		Later(app, m.Letter.template(), m.About, func() error { return sendOne(app, m) }, m.To)
	}
}
