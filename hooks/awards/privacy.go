package awards

import (
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/filterguard"
	"ben/hooks/staff"
)

// hidePrivateFields keeps from everyone but the office (superusers and buero
// staff) who sits on a jury and the
// nominators' e-mail addresses (the jury judges the nomination, not the
// person who sent it).
func hidePrivateFields(e *core.RecordEnrichEvent) error {
	if e.RequestInfo == nil || !staff.MayDecide(e.RequestInfo.Auth) {
		switch e.Record.Collection().Name {
		case Rounds:
			e.Record.Hide("jury")
		case Nominations:
			e.Record.Hide("nominator_email")
		}
	}
	return e.Next()
}

// protectPrivateFields keeps the fields hidePrivateFields removes from being
// filtered, sorted or expanded on: PocketBase applies the API rules of every
// collection a filter joins, but a field hidden only from the response can
// still be filtered on: "nominator_email~'a'" would let a juror guess
// addresses letter by letter, "jury~'a'" anyone the jurors' account ids. A
// juror may still ask for the rounds of their own jury
// ("jury.id ?= @request.auth.id").
func protectPrivateFields(app core.App) {
	filterguard.Protect(app, Nominations, privateFilterMessage, "nominator_email")
	filterguard.ProtectMembers(app, Rounds, privateFilterMessage, "jury")
}

const privateFilterMessage = "Nach der E-Mail-Adresse von Vorschlagenden oder nach der Jury kann nicht gefiltert oder sortiert werden."
