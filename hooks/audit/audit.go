// Package audit records who in the coordination office decided what. Every
// write that staff or a superuser make through the API (and the dashboard,
// which uses it) gets one entry in the append-only collection audit_log,
// written in the same transaction as the change; a record with a field
// decided_by names the staff account that made the decision (empty when a
// superuser acted). Routes of the office that change several records write
// their entries with Write, in their own transaction.
//
// Summaries are German and name only what is not about a citizen: the
// organisation, the title, the card number, the record's id. Reasons and
// personal data stay on the record, which the privacy rules govern.
package audit

import (
	"errors"
	"slices"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"ben/hooks/dispatch"
	"ben/hooks/filterguard"
	"ben/hooks/guard"
	"ben/hooks/staff"
)

// Collection is the name of the audit log.
const Collection = "audit_log"

// DecidedBy is the field that names the staff account behind a decision.
const DecidedBy = "decided_by"

// DecidedByCollections have the field DecidedBy (migrations/1795874110):
// wherever the office decides.
var DecidedByCollections = []string{"organisations", "card_applications", "cards", "nominations", "awards", "enquiries"}

// ActorSuperuser is the actor of entries written by a superuser; their
// e-mail address is the entry's actor_name.
const ActorSuperuser = "superuser"

// Actions of generic entries. A change of status is recorded with the new
// status as action (e.g. "published", "approved", "revoked", "matched").
const (
	ActionCreated     = "created"
	ActionUpdated     = "updated"
	ActionDeleted     = "deleted"
	ActionDeactivated = "deactivated"
	ActionActivated   = "activated"
)

// Entry is one line of the audit log.
type Entry struct {
	Action     string
	Collection string
	Record     string
	Summary    string
}

// ErrAppendOnly refuses every change and deletion of an entry.
var ErrAppendOnly = errors.New("Das Protokoll kann nicht geändert oder gelöscht werden.")

// Office reports whether auth acts for the office (a superuser or an active
// staff account), i.e. whether their writes are recorded.
func Office(auth *core.Record) bool {
	return auth != nil && (auth.IsSuperuser() || staff.Active(auth))
}

// actor returns the actor and actor_name of auth.
func actor(auth *core.Record) (string, string) {
	if auth.IsSuperuser() {
		return ActorSuperuser, auth.Email()
	}
	return auth.Id, auth.GetString("name")
}

// StaffID is the value of decided_by for a decision by auth: the staff
// account, or empty for a superuser.
func StaffID(auth *core.Record) string {
	if auth != nil && auth.Collection().Name == staff.Collection {
		return auth.Id
	}
	return ""
}

// Write appends e, made by auth (a superuser or a staff account), through
// app: pass the transaction of the change, so that both are stored or
// neither.
func Write(app core.App, auth *core.Record, e Entry) error {
	coll, err := app.FindCachedCollectionByNameOrId(Collection)
	if err != nil {
		return err
	}
	id, name := actor(auth)
	r := core.NewRecord(coll)
	r.Set("actor", id)
	r.Set("actor_name", name)
	r.Set("action", e.Action)
	r.Set("collection", e.Collection)
	r.Set("record", e.Record)
	r.Set("summary", e.Summary)
	return app.Save(r)
}

// Register binds the audit log to app: it cannot be changed or deleted by
// anyone, and every write of the office through the API is recorded.
func Register(app core.App) {
	refuseRequest := func(e *core.RecordRequestEvent) error {
		return e.ForbiddenError(ErrAppendOnly.Error(), nil)
	}
	dispatch.OnRecordCreateRequest(app, Collection).BindFunc(refuseRequest)
	dispatch.OnRecordUpdateRequest(app, Collection).BindFunc(refuseRequest)
	dispatch.OnRecordDeleteRequest(app, Collection).BindFunc(refuseRequest)
	// also Go code and the dashboard's record form
	dispatch.OnRecordUpdate(app, Collection).BindFunc(func(e *core.RecordEvent) error { return ErrAppendOnly })
	dispatch.OnRecordDelete(app, Collection).BindFunc(func(e *core.RecordEvent) error { return ErrAppendOnly })

	registerPersonalData(app)
	app.OnRecordEnrich().BindFunc(hideDecidedBy)
	for _, c := range DecidedByCollections {
		filterguard.Protect(app, c, "Nach „decided_by“ kann nur die Koordinierungsstelle filtern oder sortieren.", DecidedBy)
	}

	// decided_by first, before any other hook judges the request; the entry
	// innermost, so that only the write itself and its entry share the
	// transaction: hooks bound around it (mails) run after the commit
	for op, h := range map[string]*hook.TaggedHook[*core.RecordRequestEvent]{
		ActionCreated: app.OnRecordCreateRequest(), ActionUpdated: app.OnRecordUpdateRequest(), ActionDeleted: app.OnRecordDeleteRequest(),
	} {
		h.Bind(&hook.Handler[*core.RecordRequestEvent]{Priority: -100, Func: func(e *core.RecordRequestEvent) error {
			if recorded(e.Collection) {
				stampDecidedBy(e, op)
			}
			return e.Next()
		}})
		h.Bind(&hook.Handler[*core.RecordRequestEvent]{Priority: 999, Func: func(e *core.RecordRequestEvent) error { return recordRequest(e, op) }})
	}
}

// recorded reports whether writes to c are recorded: every collection of
// BEN but PocketBase's own, views and the log itself.
func recorded(c *core.Collection) bool {
	return !c.IsView() && !c.System && !strings.HasPrefix(c.Name, "_") && c.Name != Collection
}

// recordRequest writes the entry of an office's write in the transaction
// of the write.
func recordRequest(e *core.RecordRequestEvent, op string) error {
	if !recorded(e.Collection) || !Office(e.Auth) {
		return e.Next()
	}
	app := e.App
	defer func() { e.App = app }()
	return app.RunInTransaction(func(tx core.App) error {
		e.App = tx
		// the state the write starts from is the stored one, read in the
		// transaction: a request read before a concurrent write must not
		// record that write's change a second time
		var before *core.Record
		if op != ActionCreated {
			before = guard.Stored(tx, e.Record)
		}
		if err := e.Next(); err != nil {
			return err
		}
		entry, ok := Describe(tx, op, before, e.Record)
		if !ok {
			return nil
		}
		return Write(tx, e.Auth, entry)
	})
}

// stampDecidedBy sets decided_by when the office decides: on creation, on a
// change of status, and on any change of a record without status (an
// award). Nobody else sets it, and nobody sets it by hand. Only the
// collections of DecidedByCollections: the others with a decided_by keep
// it with their own rules (festival participations, partner applications
// and ideas through hooks/decision; an engagement names the staff account
// only when the office confirmed it itself).
func stampDecidedBy(e *core.RecordRequestEvent, op string) {
	if op == ActionDeleted || !slices.Contains(DecidedByCollections, e.Collection.Name) || e.Collection.Fields.GetByName(DecidedBy) == nil {
		return
	}
	decides := staff.MayDecide(e.Auth)
	switch {
	case op == ActionCreated && decides:
		e.Record.Set(DecidedBy, StaffID(e.Auth))
	case op == ActionCreated:
		e.Record.Set(DecidedBy, "")
	case decides && (e.Collection.Fields.GetByName("status") == nil || e.Record.Original().GetString("status") != e.Record.GetString("status")):
		e.Record.Set(DecidedBy, StaffID(e.Auth))
	default:
		e.Record.Set(DecidedBy, e.Record.Original().GetString(DecidedBy))
	}
}

// hideDecidedBy keeps who in the office decided within the office.
func hideDecidedBy(e *core.RecordEnrichEvent) error {
	if e.Record.Collection().Fields.GetByName(DecidedBy) != nil {
		var viewer *core.Record
		if e.RequestInfo != nil {
			viewer = e.RequestInfo.Auth
		}
		if !staff.MayDecide(viewer) {
			e.Record.Hide(DecidedBy)
		}
	}
	return e.Next()
}
