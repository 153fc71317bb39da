package hooks_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/internal/testapp"
	"ben/hooks/tz"
)

// dbDay writes a day the way the dashboard stores it: midnight UTC.
func dbDay(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000Z") }

// medalAward stores a city medal of the fixture's medal round dated at.
func medalAward(t testing.TB, app core.App, at time.Time) *core.Record {
	t.Helper()
	return saveRecord(t, app, "awards", "", map[string]any{"kind": "stadtmedaille", "round": roundMedal,
		"recipient_name": "Hilde Helferin", "citation": "Für 20 Jahre Besuchsdienst.", "awarded_at": at, "published": true})
}

// An election period's dates may change only while every round, nomination
// window and medal award of it still lies within (issue: the period
// 2024–2029 was shortened to 2026-12-31 although its round took
// nominations until 2027-01-12 and a medal was dated 2029-06-08).
func TestElectionPeriodEditKeepsItsRoundsAndAwardsInside(t *testing.T) {
	t.Parallel()
	app, f := awardsApp(t)
	h := testapp.Handler(t, app)
	close := f.today(10) // the medal round takes nominations until then
	medal := medalAward(t, app, close.AddDate(0, 0, 30))
	patch := func(body string) (int, string) {
		res := do(t, h, http.MethodPatch, "/api/collections/election_periods/records/"+f.period2024, f.Tokens["staff"], body)
		return res.Code, res.Body.String()
	}

	cases := []struct {
		name, body, code string
	}{
		{"the period cannot end the day before its round's last day of nominations",
			`{"ends_on":"` + dbDay(close.AddDate(0, 0, -1)) + `"}`, "validation_period_excludes"},
		{"the period cannot end before its medal award",
			`{"ends_on":"` + dbDay(close.AddDate(0, 0, 29)) + `"}`, "validation_period_excludes"},
		{"the period cannot start after its first round's first day of nominations",
			`{"starts_on":"` + dbDay(f.today(-39)) + `"}`, "validation_period_excludes"},
		{"the period may start on its first round's first day of nominations",
			`{"starts_on":"` + dbDay(f.today(-40)) + `"}`, ""},
		{"the period may end on the day of its medal award",
			`{"ends_on":"` + dbDay(close.AddDate(0, 0, 30)) + `"}`, ""},
		{"a date picked at local midnight in the dashboard means the same day",
			`{"ends_on":"` + dbDay(berlinMidnight(close.AddDate(0, 0, 30))) + `"}`, ""},
		{"local midnight of the day before the award is the day before",
			`{"ends_on":"` + dbDay(berlinMidnight(close.AddDate(0, 0, 29))) + `"}`, "validation_period_excludes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// not parallel: the subtests share one app and change it in turn
			code, body := patch(c.body)
			if c.code == "" {
				if code != 200 {
					t.Fatalf("want 200, got %d %s", code, body)
				}
				return
			}
			if code != 400 || !strings.Contains(body, c.code) {
				t.Fatalf("want 400 %s, got %d %s", c.code, code, body)
			}
		})
	}

	// the answer names what lies outside, in German
	_, body := patch(`{"ends_on":"2026-12-31 00:00:00.000Z","starts_on":"2024-06-09 00:00:00.000Z"}`)
	if close.After(time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)) && !strings.Contains(body, "Vorschläge") {
		t.Errorf("the answer should name the nomination window: %s", body)
	}
	if !strings.Contains(body, "Stadtmedaille") {
		t.Errorf("the answer should name the medal award: %s", body)
	}

	// Go code (the dashboard's path) is held to the same rule
	p, err := app.FindRecordById("election_periods", f.period2024)
	if err != nil {
		t.Fatal(err)
	}
	p.Set("ends_on", close.AddDate(0, 0, 29))
	if got := fieldCode(app.Save(p), "ends_on"); got != "validation_period_excludes" {
		t.Fatalf("Go code shortened the period past its medal award: %q", got)
	}

	// once the award is deleted, the period may end at the round's close
	if err := app.Delete(medal); err != nil {
		t.Fatal(err)
	}
	if code, body := patch(`{"ends_on":"` + dbDay(close) + `"}`); code != 200 {
		t.Fatalf("the period may end on its round's last day of nominations: %d %s", code, body)
	}
}

// berlinMidnight is 00:00 in Bitburg on the day d (stored as the UTC
// instant, 22:00 or 23:00 on the day before).
func berlinMidnight(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, tz.Berlin)
}

// An award of a round is dated on or after the round's close (its last day
// of nominations); a medal also within its period (issue: a medal dated
// before its round's nominations opened was accepted).
func TestAwardIsDatedOnOrAfterItsRoundsClose(t *testing.T) {
	t.Parallel()
	app, f := awardsApp(t)
	h := testapp.Handler(t, app)
	close := f.today(10)
	post := func(kind, round string, at time.Time) (int, string) {
		res := do(t, h, http.MethodPost, "/api/collections/awards/records", f.Tokens["staff"], fmt.Sprintf(
			`{"kind":%q,"round":%q,"recipient_name":"Hilde Helferin","citation":"Für 20 Jahre Besuchsdienst.","awarded_at":%q}`, kind, round, dbDay(at)))
		return res.Code, res.Body.String()
	}
	cases := []struct {
		name, kind, round string
		at                time.Time
		code              string
	}{
		{"a medal before its round's nominations opened is refused", "stadtmedaille", roundMedal, f.today(-11), "validation_award_before_close"},
		{"a medal while its round takes nominations is refused", "stadtmedaille", roundMedal, f.today(0), "validation_award_before_close"},
		{"a medal the day before its round's close is refused", "stadtmedaille", roundMedal, close.AddDate(0, 0, -1), "validation_award_before_close"},
		{"a medal on its round's last day of nominations", "stadtmedaille", roundMedal, close, ""},
		{"a medal at local midnight of the close day", "stadtmedaille", roundMedal, berlinMidnight(close), ""},
		{"a medal the day after the close", "stadtmedaille", roundMedal, close.AddDate(0, 0, 1), ""},
		{"a medal after its period is still refused", "stadtmedaille", roundMedal, time.Date(2029, 6, 9, 0, 0, 0, 0, time.UTC), "validation_outside_period"},
		{"a prize before its round's close is refused", "ehrenamtspreis", roundPrize, f.today(9), "validation_award_before_close"},
		{"a prize after its round's close", "ehrenamtspreis", roundPrize, close, ""},
		{"a prize of a closed round", "ehrenamtspreis", roundClosed, f.today(-20), ""},
		{"a prize of a closed round the day before it closed", "ehrenamtspreis", roundClosed, f.today(-21), "validation_award_before_close"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// not parallel: the subtests share one app and change it in turn
			code, body := post(c.kind, c.round, c.at)
			if c.code == "" {
				if code != 200 {
					t.Fatalf("want 200, got %d %s", code, body)
				}
				return
			}
			if code != 400 || !strings.Contains(body, `"awarded_at":{"code":"`+c.code) {
				t.Fatalf("want awarded_at %s, got %d %s", c.code, code, body)
			}
		})
	}

	// the round cannot be moved past an award it has made
	medal := medalAward(t, app, close)
	round, err := app.FindRecordById("award_rounds", roundMedal)
	if err != nil {
		t.Fatal(err)
	}
	round.Set("nominations_until", close.AddDate(0, 0, 1))
	if got := fieldCode(app.Save(round), "nominations_until"); got != "validation_round_after_award" {
		t.Fatalf("a round's nominations were extended past its award: %q", got)
	}
	round.Set("nominations_until", close)
	if err := app.Save(round); err != nil {
		t.Fatalf("keeping the close is fine: %v", err)
	}
	_ = medal
}

// Shortening a period and dating a medal in the part that goes run at the
// same time: exactly one of them may succeed, whatever the order.
func TestPeriodEditAndMedalAwardDoNotRace(t *testing.T) {
	t.Parallel()
	for i := range 6 {
		t.Run(fmt.Sprint("round ", i), func(t *testing.T) {
			t.Parallel()
			app, f := awardsApp(t)
			h := testapp.Handler(t, app)
			end := f.today(60)
			awardDay := end.AddDate(0, 0, 1)
			var wg sync.WaitGroup
			var periodCode, awardCode int
			wg.Add(2)
			go func() {
				defer wg.Done()
				res := do(t, h, http.MethodPatch, "/api/collections/election_periods/records/"+f.period2024, f.Tokens["staff"],
					`{"ends_on":"`+dbDay(end)+`"}`)
				periodCode = res.Code
			}()
			go func() {
				defer wg.Done()
				res := do(t, h, http.MethodPost, "/api/collections/awards/records", f.Tokens["staff"],
					`{"kind":"stadtmedaille","round":"`+roundMedal+`","recipient_name":"X","citation":"Y","awarded_at":"`+dbDay(awardDay)+`"}`)
				awardCode = res.Code
			}()
			wg.Wait()
			if (periodCode == 200) == (awardCode == 200) {
				t.Fatalf("period %d, award %d: exactly one may succeed", periodCode, awardCode)
			}
			p, _ := app.FindRecordById("election_periods", f.period2024)
			medals, _ := app.FindAllRecords("awards")
			for _, m := range medals {
				if m.GetString("kind") == "stadtmedaille" && tz.Day(m.GetDateTime("awarded_at").Time()).After(tz.Day(p.GetDateTime("ends_on").Time())) {
					t.Fatalf("a medal dated %s lies after the period's end %s", m.GetString("awarded_at"), p.GetString("ends_on"))
				}
			}
		})
	}
}

// isRuleError reports whether err is a refusal by the town's rules (field
// errors) rather than a failure.
func isRuleError(err error) bool {
	var errs validation.Errors
	return errors.As(err, &errs)
}
