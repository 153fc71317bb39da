package workinggroup

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/dispatch"
	"ben/hooks/filterguard"
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
		decisions := fmt.Sprintf("sind bereits %d Beschlüsse", m.Decisions)
		if m.Decisions == 1 {
			decisions = "ist bereits ein Beschluss"
		}
		return []guard.Violation{{Field: "date", Code: "validation_meeting_decided", Message: "Zu dieser Sitzung " + decisions +
			" eingetragen (Empfehlungen oder eine Jury). Sie kann nicht in die Zukunft verlegt werden."}}
	}
	return nil
}

// registerWork binds the rules of meetings and recommendations.
func registerWork(app core.App) {
	dispatch.OnRecordCreate(app, Recommendations).BindFunc(guardRecommendation)
	dispatch.OnRecordUpdate(app, Recommendations).BindFunc(guardRecommendation)
	dispatch.OnRecordCreate(app, Meetings).BindFunc(guardMeeting)
	dispatch.OnRecordUpdate(app, Meetings).BindFunc(guardMeeting)
	dispatch.OnRecordEnrich(app, Meetings).BindFunc(showAttendeesToTheOffice)
	// PocketBase expands a hidden relation on request, directly, through its
	// back-relation from a member or nested in another expansion: the
	// filter guard refuses all of these, and filters and sorts, from
	// everyone but the office
	filterguard.Protect(app, Meetings, attendanceMessage, "attendees")
	registerPersonalData(app)
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

// showAttendeesToTheOffice: attendees are hidden (PocketBase shows hidden
// fields to superusers only); the office's buero staff see them too.
func showAttendeesToTheOffice(e *core.RecordEnrichEvent) error {
	if e.RequestInfo != nil && staff.MayDecide(e.RequestInfo.Auth) {
		e.Record.Unhide("attendees")
	}
	return e.Next()
}

const attendanceMessage = "Wer an einer Sitzung teilnahm, sieht nur die Koordinierungsstelle: Danach kann nicht gefiltert, sortiert oder erweitert werden."
