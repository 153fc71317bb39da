package stats_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/internal/testapp"
	"ben/hooks/stats"
	"ben/hooks/tz"
)

// backdate writes fields straight into the table: the hooks would stamp
// the times of now, and the figures are about times of the past.
func backdate(t testing.TB, app core.App, coll, id string, fields dbx.Params) {
	t.Helper()
	for k, v := range fields {
		if tv, ok := v.(time.Time); ok {
			fields[k] = tv.UTC().Format("2006-01-02 15:04:05.000Z")
		}
	}
	if _, err := app.DB().Update(coll, fields, dbx.HashExp{"id": id}).Execute(); err != nil {
		t.Fatal(err)
	}
}

// The office's figures: card applications decided in the last twelve
// months and the days they took, those waiting now, enquiries referred and
// closed, replies to opportunities the clubs left unanswered.
func TestOfficeFiguresCountTheOfficesWork(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, tz.Berlin)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, tz.Berlin) }

	application := func(status string, submitted, decided time.Time) {
		r := save(t, app, "card_applications", map[string]any{
			"applicant": f.Citizen.Id, "first_name": "Clara", "last_name": "Bürgerin", "birth_date": "1980-01-01 00:00:00.000Z",
			"street": "Weg 1", "postcode": "54634", "city": "Bitburg", "resident_in_bitburg": true, "kind": "standard", "status": "draft",
		})
		fields := dbx.Params{"status": status, "submitted_at": submitted}
		if !decided.IsZero() {
			fields["decided_at"] = decided
		}
		backdate(t, app, "card_applications", r.Id, fields)
	}
	application("approved", day(2026, 11, 2), day(2026, 11, 4))   // 2 days, November
	application("approved", day(2026, 11, 10), day(2026, 11, 20)) // 10 days, November
	application("rejected", day(2026, 6, 1), day(2026, 6, 7))     // 6 days, June
	application("approved", day(2025, 11, 1), day(2025, 11, 30))  // November last year: before the twelve months
	application("submitted", day(2026, 11, 21), time.Time{})      // waiting 10 days
	application("submitted", day(2026, 11, 28), time.Time{})
	application("confirmed", day(2026, 11, 30), time.Time{}) // waiting 1 day
	application("draft", time.Time{}, time.Time{})           // not the office's yet

	enquiry := func(status string, created, closed time.Time) {
		r := save(t, app, "enquiries", map[string]any{
			"name": "Jana Neugierig", "email": "jana@example.org", "topics": []string{"sport"}, "availability": []string{"regelmaessig"},
			"hours_per_week": 2, "consent": true, "message": "Ich möchte helfen.",
		})
		fields := dbx.Params{"status": status, "created": created}
		if !closed.IsZero() {
			fields["closed_at"] = closed
		}
		backdate(t, app, "enquiries", r.Id, fields)
	}
	enquiry("matched", day(2026, 10, 1), day(2026, 10, 4)) // 3 days
	enquiry("closed", day(2026, 10, 1), day(2026, 10, 8))  // 7 days
	enquiry("new", day(2026, 11, 25), time.Time{})
	enquiry("matched", day(2025, 10, 1), day(2025, 10, 2)) // before the twelve months

	opp := save(t, app, "opportunities", map[string]any{
		"organisation": f.ClubB.Id, "title": "Notenwart", "topics": []string{"kultur"}, "commitment": "einmalig", "status": "published",
	})
	interest := func(status string, created time.Time) {
		r := save(t, app, "interests", map[string]any{"opportunity": opp.Id, "name": "Gabi Gast", "email": "gabi@example.org", "consent": true})
		backdate(t, app, "interests", r.Id, dbx.Params{"status": status, "created": created})
	}
	interest("contacted", day(2026, 11, 1))
	interest("new", day(2026, 11, 16)) // 15 days unanswered
	interest("new", day(2026, 11, 17)) // 14 days: not yet "more than 14"

	o, err := stats.ComputeOffice(app, now)
	if err != nil {
		t.Fatal(err)
	}
	if a := o.Applications; a.Approved != 2 || a.Rejected != 1 || a.MedianDays != 6 || a.P90Days != 10 {
		t.Errorf("decided applications %+v, want 2 approved, 1 rejected, median 6, 90%% 10 days", a)
	}
	if len(o.DecisionsByMonth) != 12 || o.DecisionsByMonth[0].Month != "2026-01" || o.DecisionsByMonth[11].Month != "2026-12" {
		t.Fatalf("months %+v, want 2026-01 … 2026-12", o.DecisionsByMonth)
	}
	if nov := o.DecisionsByMonth[10]; nov.Approved != 2 || nov.MedianDays != 6 || nov.P90Days != 10 {
		t.Errorf("November %+v", nov)
	}
	if jun := o.DecisionsByMonth[5]; jun.Rejected != 1 || jun.MedianDays != 6 {
		t.Errorf("June %+v", jun)
	}
	want := []stats.Waiting{{Status: "submitted", Count: 2, OldestDays: 10}, {Status: "confirmed", Count: 1, OldestDays: 1}}
	if len(o.OpenApplications) != 2 || o.OpenApplications[0] != want[0] || o.OpenApplications[1] != want[1] {
		t.Errorf("waiting %+v, want %+v", o.OpenApplications, want)
	}
	if e := o.Enquiries; e.Received != 3 || e.Referred != 1 || e.Closed != 2 || e.MedianDays != 5 {
		t.Errorf("enquiries %+v, want 3 received, 1 referred, 2 closed after 5 days in the median", e)
	}
	if i := o.Interests; i.Received != 3 || i.Answered != 1 || i.Unanswered14 != 1 {
		t.Errorf("interests %+v, want 3 received, 1 answered, 1 unanswered for more than 14 days", i)
	}
}

// Only the office (role buero) and superusers read the office's figures,
// never from a cache: they describe the office's own work.
func TestOfficeFiguresAreTheOfficesOnly(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	for role, want := range map[string]int{
		"guest": http.StatusUnauthorized, "citizen": http.StatusForbidden, "editorA": http.StatusForbidden,
		"staffRedaktion": http.StatusForbidden, "staffInactive": http.StatusForbidden,
		"staffBuero": http.StatusOK, "staff": http.StatusOK,
	} {
		req := httptest.NewRequest(http.MethodGet, stats.OfficeRoute, nil)
		for k, v := range f.Header(role) {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("%s: %d, want %d", role, rec.Code, want)
			continue
		}
		if want == http.StatusOK {
			if cc := rec.Header().Get("Cache-Control"); cc != "private, no-store" {
				t.Errorf("%s: Cache-Control %q", role, cc)
			}
			var o stats.Office
			if err := json.Unmarshal(rec.Body.Bytes(), &o); err != nil || len(o.DecisionsByMonth) != 12 {
				t.Errorf("%s: %v %s", role, err, rec.Body.String())
			}
		}
	}
}
