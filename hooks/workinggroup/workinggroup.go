// Package workinggroup keeps the working group "Engagierte Stadt Bitburg"
// (strategy §4.1) within its rules: ten members, extended with a recorded
// reason to at most twelve, seat quotas, deputies only for politics. The
// rules are the pure function Check; the hooks here only gather its inputs.
// They bind to the record model hooks and check and write in one
// transaction, so the rules hold for the REST API, the dashboard and Go code
// alike, also when writes arrive at the same time.
package workinggroup

import (
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/guard"
)

// Collection is the name of the working group's member collection.
const Collection = "working_group_members"

// Register binds the working group rules to app.
func Register(app core.App) {
	app.OnRecordValidate(Collection).BindFunc(validateDates)
	app.OnRecordCreate(Collection).BindFunc(guardComposition)
	app.OnRecordUpdate(Collection).BindFunc(guardComposition)
	registerPersonalData()
}

// MemberOf reads the fields the composition rules need from a record.
func MemberOf(r *core.Record) Member {
	return Member{
		Seat:   r.GetString("seat"),
		Deputy: r.GetBool("deputy"),
		Active: r.GetBool("active"),
		Reason: strings.TrimSpace(r.GetString("extension_reason")) != "",
	}
}

// guardComposition checks the composition against the other active members
// and writes the record in the same transaction: two members written at
// the same time cannot both take the last seat.
func guardComposition(e *core.RecordEvent) error {
	return guard.CheckThenWrite(e, func(tx core.App) error {
		var before *Member
		if !e.Record.IsNew() {
			m := MemberOf(e.Record.Original())
			before = &m
		}

		var rows []struct {
			Seat   string `db:"seat"`
			Deputy bool   `db:"deputy"`
		}
		err := tx.RecordQuery(Collection).
			Select("seat", "deputy").
			AndWhere(dbx.HashExp{"active": true}).
			AndWhere(dbx.Not(dbx.HashExp{"id": e.Record.Id})).
			All(&rows)
		if err != nil {
			return err
		}
		others := make([]Member, len(rows))
		for i, r := range rows {
			others[i] = Member{Seat: r.Seat, Deputy: r.Deputy, Active: true}
		}

		return guard.Errors(Check(others, before, MemberOf(e.Record))...)
	})
}

// validateDates adds the order of the membership dates to the field
// validation.
func validateDates(e *core.RecordEvent) error {
	return guard.Validate(e, func() ([]guard.Violation, error) {
		from, until := e.Record.GetDateTime("active_from"), e.Record.GetDateTime("active_until")
		if !from.IsZero() && !until.IsZero() && until.Time().Before(from.Time()) {
			return []guard.Violation{{Field: "active_until", Code: "validation_until_before_from",
				Message: "Das Ende der Mitgliedschaft darf nicht vor ihrem Beginn liegen."}}, nil
		}
		return nil, nil
	})
}
