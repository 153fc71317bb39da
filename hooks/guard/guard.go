// Package guard is how BEN enforces the town's rules on every write path.
//
// A rule is a pure function that reports Violations (a field, a stable code
// and a German sentence); Validate and Errors turn them into PocketBase's
// field errors, one way for every rule.
//
// Rules that count other records (at most 12 working-group members, one
// city medal round per election period, one festival in two years, five
// engagements per application) run their check and the write it guards in
// one transaction (CheckThenWrite): two writes arriving at the same time
// cannot both pass the check.
package guard

import "github.com/pocketbase/pocketbase/core"

// InTransaction runs fn in a transaction with the event's App switched to
// it, so that e.Next() (validation and the database write) is part of it.
//
// The event's App is the transaction only while fn runs: PocketBase fires
// the after-success hooks (realtime, mails) with the same event once the
// save returns, and a finished transaction cannot serve their queries.
func InTransaction(e *core.RecordEvent, fn func(tx core.App) error) error {
	app := e.App
	defer func() { e.App = app }()
	return app.RunInTransaction(func(tx core.App) error {
		e.App = tx
		return fn(tx)
	})
}

// CheckThenWrite runs check and then the rest of the save in one
// transaction. Call it from an OnRecordCreate or OnRecordUpdate hook; check
// reads through tx.
func CheckThenWrite(e *core.RecordEvent, check func(tx core.App) error) error {
	return InTransaction(e, func(tx core.App) error {
		if err := check(tx); err != nil {
			return err
		}
		return e.Next()
	})
}

// Stored returns r as it is stored now, the state a change of r starts
// from, read through app (pass the write's transaction). Record.Original
// is the state when r was loaded, which Go code that saves the same record
// twice has already changed; a rule about "from … to …" must not trust it.
// A record not stored yet is returned as its Original.
func Stored(app core.App, r *core.Record) *core.Record {
	if r.IsNew() {
		return r.Original()
	}
	stored, err := app.FindRecordById(r.Collection(), r.Id)
	if err != nil {
		return r.Original()
	}
	return stored
}
