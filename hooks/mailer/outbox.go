package mailer

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pocketbase/pocketbase/core"
)

// Delivery is how an app's outbox sends.
type Delivery int

const (
	// InBackground sends on a goroutine of its own: BEN's way.
	InBackground Delivery = iota
	// Inline sends on the goroutine that committed the write, before the
	// response: for tests, so that what a request sent can be read as soon
	// as its response is there.
	Inline
)

// outbox is an app's mail delivery; it lives in the app's store, so that
// apps (and tests) share nothing.
type outbox struct {
	pending sync.WaitGroup
	inline  atomic.Bool
	quiet   atomic.Int32 // > 0 while Quietly runs: mails are dropped
}

const outboxKey = "ben.mailer.outbox"

func outboxOf(app core.App) *outbox {
	return app.Store().GetOrSet(outboxKey, func() any { return &outbox{} }).(*outbox)
}

// Register gives app its outbox and its kept connections to the mail
// server, lets an orderly shutdown wait for the mails still on their way,
// and keeps the names the mails quote plain.
func Register(app core.App) {
	outboxOf(app)
	bindSMTPConnections(app)
	bindQuotedNames(app)
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		paceOf(app).flushAll(app) // the office's gathered notices, not a minute later
		Wait(app)
		smtpPoolOf(app).close()
		return e.Next()
	})
}

// SetDelivery chooses how app sends from now on.
func SetDelivery(app core.App, d Delivery) {
	outboxOf(app).inline.Store(d == Inline)
}

// Wait blocks until every mail app has handed to the background has been
// sent or has failed.
func Wait(app core.App) {
	outboxOf(app).pending.Wait()
}

// Quietly runs work with app's outbox closed: the mails its writes cause
// (confirmations, the office's notices) are dropped, not sent. It is for
// data BEN writes about nobody real, the demo's: what it writes is no news
// to anyone, and a developer's terminal stays readable.
func Quietly(app core.App, work func() error) error {
	box := outboxOf(app)
	box.quiet.Add(1)
	defer box.quiet.Add(-1)
	return work()
}

// Later runs send once app's transaction has been committed (at once when
// app is not a transaction), in the background, and never when the
// transaction is rolled back. It is how every mail a request causes goes
// out, PocketBase's own account mails included. A failure is logged as kind
// and about, with the recipient's address (redact) cut out of the error.
func Later(app core.App, kind, about string, send func() error, redact ...string) {
	if outboxOf(app).quiet.Load() > 0 {
		return
	}
	run := func() {
		if err := send(); err != nil {
			app.Logger().Warn("Mail konnte nicht gesendet werden", "mail", kind, "about", about, "error", withoutAddress(err, redact...))
		}
	}
	dispatch := func() {
		box := outboxOf(app)
		if box.inline.Load() {
			run()
			return
		}
		box.pending.Add(1)
		go func() {
			defer box.pending.Done()
			run()
		}()
	}
	if tx := app.TxInfo(); tx != nil {
		tx.OnComplete(func(txErr error) error {
			if txErr == nil {
				dispatch()
			}
			return nil // a mail never decides the fate of the write
		})
		return
	}
	dispatch()
}

// withoutAddress is the text of err with the given addresses cut out: a
// mail server's answer often repeats the recipient.
func withoutAddress(err error, addresses ...string) string {
	msg := err.Error()
	for _, a := range addresses {
		if a != "" {
			msg = strings.ReplaceAll(msg, a, "<Empfänger>")
		}
	}
	return msg
}
