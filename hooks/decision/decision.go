// Package decision is how the coordination office decides on what clubs,
// businesses and citizens send in: festival participations, partner
// applications, ideas. The three share one course, written here once:
//
//   - what arrives from outside the office starts undecided, without the
//     fields only the office fills (its note, its answer); the office may
//     record a decision at once;
//   - every change of the status by the office is signed (decided_by: the
//     staff account, empty for a superuser or while undecided);
//   - the status a write starts from is the stored one, read in the write's
//     transaction: a record read before another write cannot decide a
//     second time, and of several decisions sent at the same moment one is
//     stored and told;
//   - the decision is dated, and whom it concerns is told by mail once it
//     is committed.
//
// What differs stays with each concern, in a Flow: which changes of status
// are allowed (a pure Transition), whether a decided record is frozen, what
// else a decision writes (a partner) and who is told what.
package decision

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/audit"
	"ben/hooks/dispatch"
	"ben/hooks/guard"
	"ben/hooks/mailer"
	"ben/hooks/staff"
)

// Status is the field that holds a record's status.
const Status = "status"

// Flow is how the office decides on the records of one collection.
type Flow struct {
	Collection string
	// Undecided is the status a record starts with, and the one the office
	// sets to take a decision back.
	Undecided string
	// OfficeOnly are fields that only the office fills: a record created by
	// anyone else starts without them.
	OfficeOnly []string
	// DecidedAt is the field that dates a decision; "" when the collection
	// keeps no such date.
	DecidedAt string
	// Transition reports why the stored status may not go to the new one;
	// nil allows every change.
	Transition func(from, to string) []guard.Violation
	// FrozenCode and FrozenMessage, when set, refuse a change to a decided
	// record that is no new decision (on the first field it would change);
	// sending the stored decision again changes nothing and tells nobody.
	// ServerFields, set by BEN, are left out of the comparison.
	FrozenCode, FrozenMessage string
	ServerFields              []string
	// Prepare writes, in the transaction and before the record is stored,
	// what else the change brings (a partner for an accepted application).
	Prepare func(c Change) error
	// Tell returns the mails about a stored change; they are sent after the
	// commit. nil tells nobody.
	Tell func(c Change) []mailer.Mail
}

// Change is one write of a record, seen from its stored state.
type Change struct {
	Tx     core.App     // the write's transaction
	Record *core.Record // the record as it is being stored
	// Stored is the record as it was stored before the write, read in the
	// transaction; nil for a new record.
	Stored    *core.Record
	From, To  string // the stored status ("" for a new record) and the new one
	undecided string
}

// Decided reports whether the change records a decision: a status other
// than undecided that was not stored before.
func (c Change) Decided() bool {
	return c.To != c.undecided && c.From != c.To
}

// Bind binds the flow to app: the start and the signature of the request
// hooks, the transaction of the record hooks.
func (f Flow) Bind(app core.App) {
	dispatch.OnRecordCreateRequest(app, f.Collection).BindFunc(f.start)
	dispatch.OnRecordUpdateRequest(app, f.Collection).BindFunc(f.sign)
	dispatch.OnRecordCreate(app, f.Collection).BindFunc(f.write)
	dispatch.OnRecordUpdate(app, f.Collection).BindFunc(f.write)
}

// start: a record from outside the office starts undecided, without what
// only the office fills, whatever the request said.
func (f Flow) start(e *core.RecordRequestEvent) error {
	if !staff.MayDecide(e.Auth) {
		e.Record.Set(Status, f.Undecided)
		for _, field := range f.OfficeOnly {
			e.Record.Set(field, "")
		}
	}
	e.Record.Set(audit.DecidedBy, f.signer(e.Auth, e.Record.GetString(Status)))
	return e.Next()
}

// sign records which staff account changed the status.
func (f Flow) sign(e *core.RecordRequestEvent) error {
	if e.Record.GetString(Status) != e.Record.Original().GetString(Status) {
		e.Record.Set(audit.DecidedBy, f.signer(e.Auth, e.Record.GetString(Status)))
	}
	return e.Next()
}

// signer is the decided_by of a change to status by auth: the staff
// account, empty for a superuser and for an undecided record.
func (f Flow) signer(auth *core.Record, status string) string {
	if status == f.Undecided {
		return ""
	}
	return audit.StaffID(auth)
}

// write stores a change from the stored status, in one transaction with
// what the change brings; whom it concerns is told after the commit.
func (f Flow) write(e *core.RecordEvent) error {
	r := e.Record
	if r.GetString(Status) == "" {
		r.Set(Status, f.Undecided)
	}
	return guard.InTransaction(e, func(tx core.App) error {
		c := Change{Tx: tx, Record: r, To: r.GetString(Status), undecided: f.Undecided}
		if !r.IsNew() {
			c.Stored = guard.Stored(tx, r)
			c.From = c.Stored.GetString(Status)
			if f.Transition != nil {
				if vs := f.Transition(c.From, c.To); len(vs) > 0 {
					return guard.Errors(vs...)
				}
			}
			if f.FrozenCode != "" && c.From != f.Undecided && c.From == c.To {
				if changed := guard.Changed(c.Stored, r, f.ServerFields...); len(changed) > 0 {
					return guard.Refuse(changed[0], f.FrozenCode, f.FrozenMessage)
				}
				guard.Restore(c.Stored, r)
				return e.Next()
			}
		}
		if f.DecidedAt != "" {
			switch {
			case c.To == f.Undecided:
				r.Set(f.DecidedAt, "")
			case c.Decided():
				r.Set(f.DecidedAt, types.NowDateTime())
			}
		}
		if f.Prepare != nil {
			if err := f.Prepare(c); err != nil {
				return err
			}
		}
		if err := e.Next(); err != nil {
			return err
		}
		if f.Tell != nil {
			mailer.AfterCommit(tx, f.Tell(c)...)
		}
		return nil
	})
}
