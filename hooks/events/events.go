// Package events holds the rules of the events calendar that an API rule
// cannot express: an event ends after it starts, the clubs' festival
// takes place at most once in every two calendar years, a recurrence rule
// and its cancelled dates are valid, and the stored calendar fields
// (all-day midnights, `sequence`, `series_ends_at`) are computed, never
// taken from the request. They hold for every write path (REST API,
// dashboard, batch, Go code), because they bind to the record model hooks
// rather than to the request hooks.
package events

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/dispatch"
	"ben/hooks/guard"
)

// Collection is the name of the events collection.
const Collection = "events"

// KindFestival is the kind of the clubs' festival "Bitburg engagiert sich".
const KindFestival = "vereinsfest"

// Register binds the events rules to app.
func Register(app core.App) {
	dispatch.OnRecordCreate(app, Collection).BindFunc(prepareCalendar)
	dispatch.OnRecordUpdate(app, Collection).BindFunc(prepareCalendar)
	dispatch.OnRecordValidate(app, Collection).BindFunc(validateTimes)
	dispatch.OnRecordCreate(app, Collection).BindFunc(guardFestival)
	dispatch.OnRecordUpdate(app, Collection).BindFunc(guardFestival)
}

// validateTimes adds the time-order rule to the field validation, so that
// staff and editors see it next to the other field errors.
func validateTimes(e *core.RecordEvent) error {
	return guard.Validate(e, func() ([]guard.Violation, error) {
		vs := calendarViolations(e.Record)
		start, end := e.Record.GetDateTime("starts_at"), e.Record.GetDateTime("ends_at")
		if !start.IsZero() && !end.IsZero() && !start.Time().Before(end.Time()) {
			vs = append(vs, guard.Violation{Field: "ends_at", Code: "validation_ends_before_start",
				Message: "Das Ende muss nach dem Beginn liegen."})
		}
		if !start.IsZero() && !end.IsZero() && TooLong(start.Time(), end.Time()) {
			vs = append(vs, guard.Violation{Field: "ends_at", Code: "validation_event_too_long",
				Message: "Ein Termin dauert höchstens 31 Tage. Ein längeres Engagement tragen Sie bitte als Mitmach-Angebot ein."})
		}
		return vs, nil
	})
}

// guardFestival checks the two-year cycle and writes the event in one
// transaction, so that two concurrent festival writes cannot both pass.
func guardFestival(e *core.RecordEvent) error {
	if e.Record.GetString("kind") != KindFestival {
		return e.Next()
	}

	return guard.InTransaction(e, func(txApp core.App) error {
		start := e.Record.GetDateTime("starts_at")
		if start.IsZero() {
			return e.Next() // the required-field validation reports it
		}
		year := FestivalYear(start.Time())

		var others []struct {
			StartsAt string `db:"starts_at"`
		}
		err := txApp.RecordQuery(Collection).
			Select("starts_at").
			AndWhere(dbx.HashExp{"kind": KindFestival}).
			AndWhere(dbx.Not(dbx.HashExp{"id": e.Record.Id})).
			All(&others)
		if err != nil {
			return err
		}

		years := make([]int, 0, len(others))
		for _, o := range others {
			dt, err := parseDateTime(o.StartsAt)
			if err != nil {
				continue
			}
			years = append(years, FestivalYear(dt))
		}

		if taken, conflict := FestivalConflict(years, year); conflict {
			return guard.Refuse("starts_at", "validation_festival_cycle", festivalConflictMessage(year, taken))
		}
		return e.Next()
	})
}
