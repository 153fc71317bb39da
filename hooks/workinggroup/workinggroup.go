// Package workinggroup keeps the working group "Engagierte Stadt Bitburg"
// (strategy §4.1) within its rules and records its work: ten members,
// extended with a recorded reason to at most twelve, seat quotas, deputies
// only for politics, the party rule of the politics seats, membership by
// day; its meetings and its recommendations. The rules are pure functions
// (Check, CheckFrom, CheckParties, CheckRecommendation); the hooks here only
// gather their inputs. They bind to the record model hooks and check and
// write in one transaction, so the rules hold for the REST API, the
// dashboard and Go code alike, also when writes arrive at the same time.
package workinggroup

import (
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/dispatch"
	"ben/hooks/guard"
	"ben/hooks/tz"
)

// Collection names.
const (
	// Collection is the working group's members (and deputies).
	Collection      = "working_group_members"
	Meetings        = "working_group_meetings"
	Recommendations = "recommendations"
)

// CurrentFilter selects the members and deputies who sit in the working
// group now, by the same definition as Member.ActiveOn (the list rule of the
// collection says the same). active_start and active_end are kept by
// setMembershipInstants.
const CurrentFilter = `active = true && (active_start = "" || active_start <= @now) && (active_end = "" || active_end > @now)`

// Register binds the working group rules, its daily job and the work of its
// meetings to app.
func Register(app core.App) {
	dispatch.OnRecordValidate(app, Collection).BindFunc(validateDates)
	dispatch.OnRecordCreate(app, Collection).BindFunc(guardComposition)
	dispatch.OnRecordUpdate(app, Collection).BindFunc(guardComposition)

	// at minute 0 of every hour: midnight in Bitburg is always a full hour
	// in UTC, so a membership ends within a minute of its last day
	app.Cron().MustAdd("ben_working_group_memberships", "0 * * * *", func() {
		if _, err := EndPastMemberships(app, time.Now()); err != nil {
			app.Logger().Error("Beenden abgelaufener Mitgliedschaften im Arbeitskreis fehlgeschlagen", "error", err)
		}
	})

	registerWork(app)
}

// MemberOf reads the fields the composition rules need from a record.
func MemberOf(r *core.Record) Member {
	return Member{
		ID:        r.Id,
		Seat:      r.GetString("seat"),
		Deputy:    r.GetBool("deputy"),
		Active:    r.GetBool("active"),
		Reason:    strings.TrimSpace(r.GetString("extension_reason")) != "",
		Party:     r.GetString("party"),
		DeputyFor: r.GetString("deputy_for"),
		From:      r.GetDateTime("active_from").Time(),
		Until:     r.GetDateTime("active_until").Time(),
	}
}

// guardComposition checks the composition against the other members on
// every day from today on and writes the record in the same transaction:
// two members written at the same time cannot both take the last seat.
func guardComposition(e *core.RecordEvent) error {
	now := time.Now()
	normalise(e.Record, now)
	return guard.CheckThenWrite(e, func(tx core.App) error {
		var before *Member
		if !e.Record.IsNew() {
			m := MemberOf(e.Record.Original())
			before = &m
		}
		rows, err := tx.FindRecordsByFilter(Collection, "active = true && id != {:id}", "", 0, 0, map[string]any{"id": e.Record.Id})
		if err != nil {
			return err
		}
		others := make([]Member, len(rows))
		for i, r := range rows {
			others[i] = MemberOf(r)
		}
		return guard.Errors(CheckFrom(now, others, before, MemberOf(e.Record))...)
	})
}

// normalise keeps what follows from the other fields: a membership whose
// last day has passed is not active (as the daily job would set it), only
// deputies name a member they stand in for, and the instants of the list
// rule follow the days.
func normalise(r *core.Record, now time.Time) {
	if until := r.GetDateTime("active_until").Time(); !until.IsZero() && tz.Day(until).Before(tz.Day(now)) {
		r.Set("active", false)
	}
	if !r.GetBool("deputy") {
		r.Set("deputy_for", "")
	}
	setMembershipInstants(r)
}

// setMembershipInstants stores when the membership starts and ends as
// instants: 00:00 in Bitburg on active_from, and 00:00 in Bitburg on the day
// after active_until. The collection's list rule compares them with @now,
// so the public list follows the days in Bitburg to the minute, whatever
// time of day a date was stored with.
func setMembershipInstants(r *core.Record) {
	start, end := "", ""
	if from := r.GetDateTime("active_from").Time(); !from.IsZero() {
		start = dbTime(tz.Midnight(tz.Day(from)))
	}
	if until := r.GetDateTime("active_until").Time(); !until.IsZero() {
		end = dbTime(tz.Midnight(tz.Day(until).AddDate(0, 0, 1)))
	}
	r.Set("active_start", start)
	r.Set("active_end", end)
}

func dbTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000Z") }

// EndPastMemberships unticks `active` of every membership whose last day
// (active_until) lay before the day of now in Bitburg, and returns how many
// it ended. A membership it cannot end (a rule refuses) is logged and left.
func EndPastMemberships(app core.App, now time.Time) (int, error) {
	rows, err := app.FindRecordsByFilter(Collection, "active = true && active_until != ''", "", 0, 0)
	if err != nil {
		return 0, err
	}
	ended := 0
	for _, r := range rows {
		if !tz.Day(r.GetDateTime("active_until").Time()).Before(tz.Day(now)) {
			continue
		}
		r.Set("active", false)
		if err := app.Save(r); err != nil {
			app.Logger().Error("Mitgliedschaft im Arbeitskreis konnte nicht beendet werden", "id", r.Id, "error", err)
			continue
		}
		ended++
	}
	return ended, nil
}

// validateDates adds the order of the membership dates to the field
// validation.
func validateDates(e *core.RecordEvent) error {
	return guard.Validate(e, func() ([]guard.Violation, error) {
		from, until := e.Record.GetDateTime("active_from"), e.Record.GetDateTime("active_until")
		if !from.IsZero() && !until.IsZero() && tz.Day(until.Time()).Before(tz.Day(from.Time())) {
			return []guard.Violation{{Field: "active_until", Code: "validation_until_before_from",
				Message: "Das Ende der Mitgliedschaft darf nicht vor ihrem Beginn liegen."}}, nil
		}
		return nil, nil
	})
}
