package hooks_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/internal/pdftest"
	"ben/hooks/internal/testapp"
	"ben/hooks/tz"
	"ben/hooks/workinggroup"
)

// Membership is active on a day when `active` is set and the day lies
// within active_from … active_until (days in Bitburg). A member whose
// active_until has passed neither counts toward the head count nor is
// listed publicly, even before the daily job has unticked `active`. BEN
// judges by its own clock, so the test runs on one day (onOneDay).
func TestWorkingGroupMembershipIsActiveByDay(t *testing.T) {
	t.Parallel()
	onOneDay(t, func(t testing.TB, day time.Time) {
		app, f := testapp.New(t)
		group := standardGroup(t, app)
		h := testapp.Handler(t, app)
		const url = "/api/collections/working_group_members/records"

		// the tenth member's membership ended yesterday; the daily job has not
		// run yet, so "active" is still ticked
		ended := group["caritas"][0]
		endedBeforeTheJob(t, app, ended, day.AddDate(0, 0, -1))

		res := do(t, h, http.MethodGet, url+"?perPage=100", "", "")
		if res.Code != 200 || strings.Contains(res.Body.String(), ended.Id) {
			t.Fatalf("a membership that ended yesterday is listed publicly: %d %s", res.Code, res.Body)
		}
		if res := do(t, h, http.MethodGet, url+"/"+ended.Id, "", ""); res.Code != 404 {
			t.Fatalf("a membership that ended yesterday can be viewed publicly: %d", res.Code)
		}

		// with nine members, the youth seat is the tenth and needs no reason
		if _, err := addMember(app, map[string]any{"person_name": "Jugend", "seat": "jugend", "active": true}); err != nil {
			t.Fatalf("the member that ended yesterday still counts toward the head count: %v", err)
		}
		// and the caritas seat is free again
		if _, err := addMember(app, map[string]any{"person_name": "Nachfolge Caritas", "seat": "caritas", "active": true,
			"extension_reason": "Nachfolge."}); err != nil {
			t.Fatalf("the seat of a member that ended yesterday is still taken: %v", err)
		}

		// a member whose membership ends today is still one today
		last := updateRecord(t, app, workinggroup.Collection, group["koordination"][0].Id, map[string]any{"active_until": day})
		if res := do(t, h, http.MethodGet, url+"/"+last.Id, "", ""); res.Code != 200 {
			t.Fatalf("a membership that ends today is no longer public: %d", res.Code)
		}
		_, err := addMember(app, map[string]any{"person_name": "Zweite Koordination", "seat": "koordination", "active": true, "extension_reason": "x"})
		if fieldCode(err, "seat") != "validation_seat_full" {
			t.Fatalf("the seat of a member whose membership ends today is free: %v", err)
		}
		// from tomorrow on it is free: a successor from tomorrow may be recorded
		if _, err := addMember(app, map[string]any{"person_name": "Nachfolge Koordination", "seat": "koordination", "active": true,
			"active_from": day.AddDate(0, 0, 1), "extension_reason": "Nachfolge."}); err != nil {
			t.Fatalf("a successor from the day after the end: %v", err)
		}

		// a membership that starts tomorrow is not public today
		next, err := app.FindFirstRecordByData(workinggroup.Collection, "person_name", "Nachfolge Koordination")
		if err != nil {
			t.Fatal(err)
		}
		if res := do(t, h, http.MethodGet, url+"/"+next.Id, "", ""); res.Code != 404 {
			t.Fatalf("a membership that starts tomorrow is public today: %d", res.Code)
		}
		if res := do(t, h, http.MethodGet, url+"/"+next.Id, f.Tokens["staff"], ""); res.Code != 200 {
			t.Fatalf("staff see every membership: %d", res.Code)
		}
	})
}

// The daily job unticks `active` of every membership whose last day has
// passed in Bitburg, and of no other.
func TestWorkingGroupDailyJobEndsPastMemberships(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	group := standardGroup(t, app)
	// the job runs at the times given below, not by the clock: the records
	// and those times count from one reading of the day
	day := today(0)
	endedBeforeTheJob(t, app, group["caritas"][0], day.AddDate(0, 0, -1))
	endedBeforeTheJob(t, app, group["koordination"][0], day)

	// 00:00:30 in Bitburg on the day after today: "today" has ended
	now := berlinMidnight(day.AddDate(0, 0, 1)).Add(30 * time.Second)
	n, err := workinggroup.EndPastMemberships(app, now)
	if err != nil || n != 2 {
		t.Fatalf("the job ended %d memberships (%v), want 2", n, err)
	}
	for _, r := range []*core.Record{group["caritas"][0], group["koordination"][0]} {
		fresh, _ := app.FindRecordById(workinggroup.Collection, r.Id)
		if fresh.GetBool("active") {
			t.Errorf("%s is still active after its last day", fresh.GetString("person_name"))
		}
	}

	// 23:59:59 in Bitburg on the last day: still a member
	endedBeforeTheJob(t, app, group["caritas"][0], day)
	if n, err := workinggroup.EndPastMemberships(app, berlinMidnight(day.AddDate(0, 0, 1)).Add(-time.Second)); err != nil || n != 0 {
		t.Fatalf("the job ended %d memberships on their last day (%v)", n, err)
	}
}

// endedBeforeTheJob stores r as it stands when its last day was recorded
// while it lay ahead, and that day has come (or gone) since: active_until
// set, active still ticked.
func endedBeforeTheJob(t testing.TB, app core.App, r *core.Record, until time.Time) {
	t.Helper()
	end := tz.Midnight(tz.Day(until).AddDate(0, 0, 1)).UTC().Format("2006-01-02 15:04:05.000Z")
	_, err := app.DB().Update(workinggroup.Collection, dbx.Params{
		"active": true, "active_until": until.UTC().Format("2006-01-02 15:04:05.000Z"), "active_end": end,
	}, dbx.HashExp{"id": r.Id}).Execute()
	if err != nil {
		t.Fatal(err)
	}
}

// The mayor who signs the thank-you letters is the one on the seat today.
func TestLetterIsSignedByTodaysMayor(t *testing.T) {
	t.Parallel()
	app, f := awardsApp(t)
	h := testapp.Handler(t, app)
	mayor, _ := app.FindRecordById(workinggroup.Collection, wgMayor)
	endedBeforeTheJob(t, app, mayor, today(-1))
	res := do(t, h, http.MethodGet, "/api/ben/awards/"+awardLetter+"/letter.pdf", f.Tokens["staff"], "")
	if res.Code != 200 {
		t.Fatalf("letter: %d", res.Code)
	}
	if text := pdftest.Text(t, res.Body.Bytes()); strings.Contains(text, "Beispielmann") {
		t.Errorf("a mayor whose membership ended yesterday signs the letter:\n%s", text)
	}
}
