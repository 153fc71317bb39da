// Package accounts looks after the citizens' accounts (the users
// collection): a new account is sent the e-mail verification link at once.
package accounts

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/mails"
)

// Collection is the name of the citizens' auth collection.
const Collection = "users"

// Register binds the account hooks to app.
func Register(app core.App) {
	app.OnRecordCreateRequest(Collection).BindFunc(sendVerification)
}

func sendVerification(e *core.RecordRequestEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	if e.Record.Verified() {
		return nil
	}
	// The account exists either way; a mail server hiccup must not turn a
	// successful registration into an error. The user can request it again.
	if err := mails.SendRecordVerification(e.App, e.Record); err != nil {
		e.App.Logger().Warn("Bestätigungsmail konnte nicht gesendet werden", "user", e.Record.Id, "error", err)
	}
	return nil
}
