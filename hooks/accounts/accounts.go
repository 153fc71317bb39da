// Package accounts looks after the citizens' accounts (the users
// collection): a new account is sent the e-mail verification link once it
// is stored, and the mails PocketBase sends about an account (verification,
// new password, login from a new device) take their wording from BEN's
// mail templates and lead to the portal's pages.
package accounts

import (
	"html"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/mails"
	"github.com/spf13/cast"

	"ben/hooks/dispatch"
	"ben/hooks/mailer"
)

// Collection is the name of the citizens' auth collection.
const Collection = "users"

// Register binds the account hooks to app.
func Register(app core.App) {
	dispatch.OnRecordCreateRequest(app, Collection).BindFunc(sendVerification)

	// the token travels in the fragment, which browsers never send: it
	// reaches no request log and no Referer header
	app.OnMailerRecordVerificationSend(Collection).BindFunc(func(e *core.MailerRecordEvent) error {
		return reword(e, mailer.AccountVerification{Link: mailer.Link(e.App, "/bestaetigen#token="+cast.ToString(e.Meta["token"]))})
	})
	app.OnMailerRecordPasswordResetSend(Collection).BindFunc(func(e *core.MailerRecordEvent) error {
		return reword(e, mailer.PasswordReset{Link: mailer.Link(e.App, "/passwort-neu#token="+cast.ToString(e.Meta["token"]))})
	})
	app.OnMailerRecordEmailChangeSend(Collection).BindFunc(func(e *core.MailerRecordEvent) error {
		msg, err := mailer.Message(e.App, mailer.Mail{To: cast.ToString(e.Meta["newEmail"]),
			Letter: mailer.EmailChange{Link: mailer.Link(e.App, "/email-bestaetigen?token="+cast.ToString(e.Meta["token"]))}})
		if err != nil {
			return err
		}
		e.Message.Subject, e.Message.Text, e.Message.HTML = msg.Subject, msg.Text, msg.HTML
		return e.Next()
	})
	app.OnMailerRecordAuthAlertSend(Collection).BindFunc(func(e *core.MailerRecordEvent) error {
		// PocketBase hands the details over escaped for HTML; the template escapes itself
		return reword(e, mailer.LoginAlert{Info: html.UnescapeString(cast.ToString(e.Meta["info"]))})
	})
}

// reword replaces the subject and text of a mail PocketBase is about to send
// with BEN's template.
func reword(e *core.MailerRecordEvent, letter mailer.Letter) error {
	msg, err := mailer.Message(e.App, mailer.Mail{To: e.Record.Email(), Letter: letter})
	if err != nil {
		return err
	}
	e.Message.Subject, e.Message.Text, e.Message.HTML = msg.Subject, msg.Text, msg.HTML
	return e.Next()
}

// sendVerification mails the verification link once the account is stored.
// The account exists either way; a mail server hiccup is logged, and the
// person can ask for the link again.
func sendVerification(e *core.RecordRequestEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	if e.Record.Verified() {
		return nil
	}
	app, record := e.App, e.Record
	mailer.Later(app, "account_verification", Collection+"/"+record.Id, func() error {
		return mails.SendRecordVerification(app, record)
	}, record.Email())
	return nil
}

// LinkSender is the create-request hook of what a citizen sends in (a
// registration, an idea): sent while logged in, the record is linked to the
// account ("user") and takes name and address from it, so that it goes
// with the account and its answers reach the account's address.
func LinkSender(e *core.RecordRequestEvent) error {
	if e.Auth != nil && e.Auth.Collection().Name == Collection {
		e.Record.Set("user", e.Auth.Id)
		if name := e.Auth.GetString("name"); name != "" {
			e.Record.Set("name", name)
		}
		e.Record.Set("email", e.Auth.Email())
	}
	return e.Next()
}
