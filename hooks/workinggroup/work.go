package workinggroup

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/guard"
	"ben/hooks/staff"
	"ben/hooks/tz"
)

// Statuses of a recommendation. Adopted and implemented ones are public.
const (
	RecommendationProposed    = "proposed"
	RecommendationAdopted     = "adopted"
	RecommendationImplemented = "implemented"
	RecommendationRejected    = "rejected"
)

// OwnerOffice is the owner value of the coordination office; every other
// owner is a seat of the working group.
const OwnerOffice = "buero"

// Recommendation is what the rules need to know about a recommendation.
type Recommendation struct {
	Status     string
	Owner      string
	MeetingDay time.Time // zero when the meeting is not (yet) known
	Today      time.Time
}

// CheckRecommendation checks a recommendation: one that is adopted or
// implemented names who carries it out, and none is decided before the
// meeting that decides it has taken place.
func CheckRecommendation(r Recommendation) []guard.Violation {
	var vs []guard.Violation
	if (r.Status == RecommendationAdopted || r.Status == RecommendationImplemented) && r.Owner == "" {
		vs = append(vs, guard.Violation{Field: "owner", Code: "validation_owner_required",
			Message: "Eine beschlossene Empfehlung braucht jemanden, der sie umsetzt: einen Sitz des Arbeitskreises oder die Koordinierungsstelle."})
	}
	if r.Status != RecommendationProposed && r.Status != "" && !r.MeetingDay.IsZero() && tz.Day(r.MeetingDay).After(tz.Day(r.Today)) {
		vs = append(vs, guard.Violation{Field: "status", Code: "validation_meeting_ahead", Message: fmt.Sprintf(
			"Die Sitzung am %s hat noch nicht stattgefunden. Bis dahin ist die Empfehlung nur vorgeschlagen.", tz.Date(r.MeetingDay))})
	}
	return vs
}

// Meeting is what the rules need to know about a meeting.
type Meeting struct {
	Day time.Time
	// Decisions counts what is recorded as decided by the meeting:
	// recommendations adopted, implemented or rejected, and appointed juries.
	Decisions int
	Today     time.Time
}

// CheckMeeting checks a meeting: once decisions of it are recorded, it
// cannot be moved to a day that has not come yet.
func CheckMeeting(m Meeting) []guard.Violation {
	if m.Decisions > 0 && !m.Day.IsZero() && tz.Day(m.Day).After(tz.Day(m.Today)) {
		return []guard.Violation{{Field: "date", Code: "validation_meeting_decided", Message: fmt.Sprintf(
			"Zu dieser Sitzung sind bereits %d Beschlüsse eingetragen (Empfehlungen oder eine Jury). Sie kann nicht in die Zukunft verlegt werden.", m.Decisions)}}
	}
	return nil
}

// registerWork binds the rules of meetings and recommendations.
func registerWork(app core.App) {
	app.OnRecordCreate(Recommendations).BindFunc(guardRecommendation)
	app.OnRecordUpdate(Recommendations).BindFunc(guardRecommendation)
	app.OnRecordCreate(Meetings).BindFunc(guardMeeting)
	app.OnRecordUpdate(Meetings).BindFunc(guardMeeting)
	app.OnRecordEnrich().BindFunc(showAttendeesToTheOffice)
	registerPersonalData()
}

// guardRecommendation checks a recommendation against its meeting in the
// write's transaction, so a meeting moved at the same time cannot slip past.
func guardRecommendation(e *core.RecordEvent) error {
	if e.Record.GetString("status") == "" {
		e.Record.Set("status", RecommendationProposed)
	}
	return guard.CheckThenWrite(e, func(tx core.App) error {
		r := Recommendation{Status: e.Record.GetString("status"), Owner: e.Record.GetString("owner"), Today: time.Now()}
		if m, err := tx.FindRecordById(Meetings, e.Record.GetString("meeting")); err == nil {
			r.MeetingDay = m.GetDateTime("date").Time()
		}
		return guard.Errors(CheckRecommendation(r)...)
	})
}

// guardMeeting checks a meeting against the decisions recorded for it.
func guardMeeting(e *core.RecordEvent) error {
	return guard.CheckThenWrite(e, func(tx core.App) error {
		m := Meeting{Day: e.Record.GetDateTime("date").Time(), Today: time.Now()}
		if !e.Record.IsNew() {
			decided, err := tx.CountRecords(Recommendations, dbx.HashExp{"meeting": e.Record.Id},
				dbx.Not(dbx.HashExp{"status": RecommendationProposed}))
			if err != nil {
				return err
			}
			juries, err := tx.CountRecords("award_rounds", dbx.HashExp{"jury_meeting": e.Record.Id})
			if err != nil {
				return err
			}
			m.Decisions = int(decided + juries)
		}
		return guard.Errors(CheckMeeting(m)...)
	})
}

// attendanceKeys are the expand keys that would show who attended a
// meeting: the relation itself and its back-relation from a member.
var attendanceKeys = []string{"attendees", Meetings + "_via_attendees"}

// showAttendeesToTheOffice: attendees are hidden (PocketBase shows hidden
// fields to superusers only, and refuses filters on them, back-relations
// included, from anyone else); the office's buero staff see them too.
// PocketBase still expands a hidden relation on request, directly, through
// its back-relation or nested in another expansion; so for everyone else
// those expansions are taken out again, at every depth, once the response's
// records are complete (after e.Next). It is bound to every collection:
// any of them may lead to a meeting or a member through its relations.
func showAttendeesToTheOffice(e *core.RecordEnrichEvent) error {
	office := e.RequestInfo != nil && (staff.MayDecide(e.RequestInfo.Auth) || e.RequestInfo.HasSuperuserAuth())
	if office && e.Record.Collection().Name == Meetings {
		e.Record.Unhide("attendees")
	}
	record := e.Record
	if err := e.Next(); err != nil {
		return err
	}
	if !office {
		withoutAttendance(record, 0)
	}
	return nil
}

// withoutAttendance removes the attendance expansions from r and from every
// record expanded into it.
func withoutAttendance(r *core.Record, depth int) {
	expand := r.Expand()
	if len(expand) == 0 || depth > 10 {
		return
	}
	changed := false
	for _, key := range attendanceKeys {
		if _, ok := expand[key]; ok {
			delete(expand, key)
			changed = true
		}
	}
	for _, v := range expand {
		switch x := v.(type) {
		case *core.Record:
			withoutAttendance(x, depth+1)
		case []*core.Record:
			for _, nested := range x {
				withoutAttendance(nested, depth+1)
			}
		}
	}
	if changed {
		r.SetExpand(expand)
	}
}
