package hooks_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
	"ben/hooks/tz"
)

func TestEventCalendarFields(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const url = "/api/collections/events/records"
	// a Tuesday evening in Bitburg, far enough ahead
	tuesday := time.Date(2031, 3, 4, 18, 0, 0, 0, tz.Berlin)
	body := func(extra string, start, end time.Time) *strings.Reader {
		return strings.NewReader(fmt.Sprintf(`{"title":"Training","kind":"termin","organisation":%q,"starts_at":%q,"ends_at":%q,"published":true%s}`,
			f.ClubA.Id, start.UTC().Format(time.RFC3339), end.UTC().Format(time.RFC3339), extra))
	}
	weekly := func(extra string) *strings.Reader { return body(extra, tuesday, tuesday.Add(2*time.Hour)) }
	autumn := time.Date(2031, 10, 26, 0, 30, 0, 0, time.UTC) // 02:30 CEST, the first of two

	scenarios := []tests.ApiScenario{
		{Name: "editor creates a weekly training; the rule is stored in canonical form", Method: http.MethodPost, URL: url,
			Headers: f.Header("editorA"), Body: weekly(`,"rrule":"rrule:freq=weekly;byday=tu;count=10"`),
			ExpectedStatus: 200, ExpectedContent: []string{`"rrule":"FREQ=WEEKLY;COUNT=10;BYDAY=TU"`, `"sequence":0`,
				`"series_ends_at":"2031-05-06 18:00:00.000Z"`}},
		{Name: "a series without an end has no series end", Method: http.MethodPost, URL: url,
			Headers: f.Header("editorA"), Body: weekly(`,"rrule":"FREQ=WEEKLY;BYDAY=TU"`),
			ExpectedStatus: 200, ExpectedContent: []string{`"rrule":"FREQ=WEEKLY;BYDAY=TU"`, `"series_ends_at":""`}},
		{Name: "a single date's series end is its end", Method: http.MethodPost, URL: url,
			Headers: f.Header("editorA"), Body: weekly(``),
			ExpectedStatus: 200, ExpectedContent: []string{`"rrule":""`, `"series_ends_at":"2031-03-04 19:00:00.000Z"`}},
		{Name: "cancelled dates of a series are stored sorted, once each", Method: http.MethodPost, URL: url,
			Headers: f.Header("editorA"), Body: weekly(`,"rrule":"FREQ=WEEKLY;BYDAY=TU","exdates":["2031-03-18","2031-03-11","2031-03-18"]`),
			ExpectedStatus: 200, ExpectedContent: []string{`"exdates":["2031-03-11","2031-03-18"]`}},
		{Name: "a yearly rule is refused with a German reason", Method: http.MethodPost, URL: url,
			Headers: f.Header("editorA"), Body: weekly(`,"rrule":"FREQ=YEARLY"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"rrule":{"code":"validation_rrule_freq","message":"Termine wiederholen sich täglich, wöchentlich oder monatlich`}},
		{Name: "a rule part BEN cannot expand is refused, not ignored", Method: http.MethodPost, URL: url,
			Headers: f.Header("staff"), Body: weekly(`,"rrule":"FREQ=MONTHLY;BYSETPOS=-1;BYDAY=TU"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"validation_rrule_unsupported"`, "BYSETPOS wird in Wiederholungsregeln nicht unterstützt"}},
		{Name: "a start that is not a date of the rule is refused", Method: http.MethodPost, URL: url,
			Headers: f.Header("editorA"), Body: weekly(`,"rrule":"FREQ=WEEKLY;BYDAY=WE"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"validation_rrule_start_mismatch"`, "Der Beginn am 04.03.2031 passt nicht zur Wiederholungsregel", "der 05.03.2031"}},
		{Name: "an UNTIL before the start is refused", Method: http.MethodPost, URL: url,
			Headers: f.Header("editorA"), Body: weekly(`,"rrule":"FREQ=WEEKLY;UNTIL=20310303"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"validation_rrule_until_before_start"`}},
		{Name: "an UNTIL on the day of the start is one date", Method: http.MethodPost, URL: url,
			Headers: f.Header("editorA"), Body: weekly(`,"rrule":"FREQ=WEEKLY;UNTIL=20310304"`),
			ExpectedStatus: 200, ExpectedContent: []string{`"series_ends_at":"2031-03-04 19:00:00.000Z"`}},
		{Name: "a cancelled date that is not a date of the series is refused", Method: http.MethodPost, URL: url,
			Headers: f.Header("editorA"), Body: weekly(`,"rrule":"FREQ=WEEKLY;BYDAY=TU","exdates":["2031-03-12"]`),
			ExpectedStatus: 400, ExpectedContent: []string{`"exdates":{"code":"validation_exdates_not_in_series","message":"Der 12.03.2031 ist kein Termin dieser Reihe."`}},
		{Name: "cancelled dates must be days", Method: http.MethodPost, URL: url,
			Headers: f.Header("editorA"), Body: weekly(`,"rrule":"FREQ=WEEKLY","exdates":["11.03.2031"]`),
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"validation_exdates_format"`, "JJJJ-MM-TT"}},
		{Name: "cancelled dates must be a list", Method: http.MethodPost, URL: url,
			Headers: f.Header("editorA"), Body: weekly(`,"rrule":"FREQ=WEEKLY","exdates":{"a":1}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"validation_exdates_format"`}},
		{Name: "a single date has no cancelled dates", Method: http.MethodPost, URL: url,
			Headers: f.Header("editorA"), Body: weekly(`,"exdates":["2031-03-04"]`),
			ExpectedStatus: 400, ExpectedContent: []string{`"code":"validation_exdates_without_rule"`}},
		{Name: "a series cannot start in the repeated autumn hour", Method: http.MethodPost, URL: url,
			Headers: f.Header("editorA"), Body: body(`,"rrule":"FREQ=WEEKLY"`, autumn, autumn.Add(time.Hour)),
			ExpectedStatus: 400, ExpectedContent: []string{`"starts_at":{"code":"validation_series_ambiguous_start"`}},
		{Name: "a single date in the repeated autumn hour is fine", Method: http.MethodPost, URL: url,
			Headers: f.Header("editorA"), Body: body(``, autumn, autumn.Add(time.Hour)),
			ExpectedStatus: 200, ExpectedContent: []string{`"starts_at":"2031-10-26 00:30:00.000Z"`}},
		{Name: "an all-day event is stored from midnight to the midnight after its last day", Method: http.MethodPost, URL: url,
			Headers: f.Header("editorA"), Body: body(`,"all_day":true`, time.Date(2031, 6, 7, 15, 0, 0, 0, tz.Berlin), time.Date(2031, 6, 8, 11, 0, 0, 0, tz.Berlin)),
			ExpectedStatus: 200, ExpectedContent: []string{`"starts_at":"2031-06-06 22:00:00.000Z"`, `"ends_at":"2031-06-08 22:00:00.000Z"`}},
		{Name: "an all-day end at midnight is already exclusive", Method: http.MethodPost, URL: url,
			Headers: f.Header("editorA"), Body: body(`,"all_day":true`, time.Date(2031, 12, 24, 0, 0, 0, 0, tz.Berlin), time.Date(2031, 12, 25, 0, 0, 0, 0, tz.Berlin)),
			ExpectedStatus: 200, ExpectedContent: []string{`"starts_at":"2031-12-23 23:00:00.000Z"`, `"ends_at":"2031-12-24 23:00:00.000Z"`}},
		{Name: "a sequence sent by an editor is ignored", Method: http.MethodPost, URL: url,
			Headers: f.Header("editorA"), Body: weekly(`,"sequence":41,"series_ends_at":"2099-01-01 00:00:00.000Z"`),
			ExpectedStatus: 200, ExpectedContent: []string{`"sequence":0`, `"series_ends_at":"2031-03-04 19:00:00.000Z"`}},
		{Name: "a sequence sent by staff is ignored on update", Method: http.MethodPatch, URL: url + "/" + f.EventA.Id,
			Headers: f.Header("staff"), Body: strings.NewReader(`{"sequence":7,"title":"Neuer Titel"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"sequence":0`, `"title":"Neuer Titel"`}},
	}
	runScenarios(t, testapp.Factory, scenarios)
}

func TestSequenceGrowsWithEveryChangeOfTimePlaceOrStatus(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	r, err := app.FindRecordById("events", f.EventA.Id)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name   string
		change func(r *core.Record)
		want   int
	}{
		{"a new title is no change for calendars", func(r *core.Record) { r.Set("title", "Training A (neu)") }, 0},
		{"a new description neither", func(r *core.Record) { r.Set("description", "<p>Mit Ball.</p>") }, 0},
		{"a later start is", func(r *core.Record) { r.Set("starts_at", r.GetDateTime("starts_at").Time().Add(time.Hour)) }, 1},
		{"a later end is", func(r *core.Record) { r.Set("ends_at", r.GetDateTime("ends_at").Time().Add(2*time.Hour)) }, 2},
		{"another place is", func(r *core.Record) { r.Set("location", "Sporthalle Süd") }, 3},
		{"saving the same place again is not", func(r *core.Record) { r.Set("location", "Sporthalle Süd") }, 3},
		{"a recurrence is", func(r *core.Record) { r.Set("rrule", "FREQ=DAILY") }, 4},
		{"a cancelled date is", func(r *core.Record) {
			r.Set("exdates", []string{tzDay(r.GetDateTime("starts_at").Time().AddDate(0, 0, 1))})
		}, 5},
		{"the same dates written in another order are not", func(r *core.Record) {
			r.Set("exdates", []string{tzDay(r.GetDateTime("starts_at").Time().AddDate(0, 0, 1))})
		}, 5},
		{"cancelling is", func(r *core.Record) { r.Set("cancelled", true) }, 6},
		{"taking the cancellation back is", func(r *core.Record) { r.Set("cancelled", false) }, 7},
		{"whole days are", func(r *core.Record) { r.Set("all_day", true) }, 8},
	}
	for _, s := range steps {
		s.change(r)
		if err := app.Save(r); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		stored, err := app.FindRecordById("events", r.Id)
		if err != nil {
			t.Fatal(err)
		}
		if got := stored.GetInt("sequence"); got != s.want {
			t.Fatalf("%s: sequence %d, want %d", s.name, got, s.want)
		}
		r = stored
	}
}

func tzDay(t time.Time) string { return t.In(tz.Berlin).Format(time.DateOnly) }

// decodeJSON reads a JSON response into v.
func decodeJSON(t testing.TB, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
}
