package awards

import (
	"regexp"

	"github.com/pocketbase/pocketbase/core"

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

// privateRef finds, in a filter or sort expression, the fields hidden from
// responses by hidePrivateFields. PocketBase applies the API rules of every
// collection a filter joins, but a field hidden only from the response can
// still be filtered on: "nominator_email~'a'" would let a juror guess
// addresses letter by letter, "jury~'a'" anyone the jurors' account ids.
var privateRef = regexp.MustCompile(`(^|[^\w])(nominator_email|jury)\b`)

// ownJury is the one way to name a jury in a filter: "the rounds I am on",
// with a whole user id (guessing a whole id reveals nothing).
var ownJury = regexp.MustCompile(`(\w+\.)*jury(\.id)?\s*(\?=|=|~|\?~)\s*("[a-z0-9]{15}"|'[a-z0-9]{15}'|@request\.auth\.id\b)`)

// ReferencesPrivateAwardData reports whether a filter or sort expression
// names a nominator's e-mail address or a jury, directly or through a
// relation, other than as "jury.id ?= <own id>".
func ReferencesPrivateAwardData(expr string) bool {
	return privateRef.MatchString(ownJury.ReplaceAllString(expr, "true"))
}

const privateFilterMessage = "Nach der E-Mail-Adresse von Vorschlagenden oder nach der Jury kann nicht gefiltert oder sortiert werden."
