package stats_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/internal/testapp"
	"ben/hooks/stats"
	"ben/hooks/tz"
)

func TestMain(m *testing.M) { testapp.Main(m) }

func save(t testing.TB, app core.App, coll string, data map[string]any) *core.Record {
	t.Helper()
	return testapp.Save(t, app, coll, "", data)
}

func get(t testing.TB, h http.Handler, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, stats.Route, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func count(cs []stats.Count, key string) int {
	for _, c := range cs {
		if c.Key == key {
			return c.Count
		}
	}
	return -1
}

// The figures count published organisations and public dates only (a
// series with each of its dates, cancelled ones not), by month in Bitburg,
// the past twelve months and the next three.
func TestStatsCountWhatIsPublic(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, tz.Berlin)
	event := func(starts time.Time, org *core.Record, published bool) {
		data := map[string]any{"title": "Zähltermin", "kind": "termin", "published": published, "starts_at": starts, "ends_at": starts.Add(time.Hour)}
		if org != nil {
			data["organisation"] = org.Id
		}
		save(t, app, "events", data)
	}
	event(time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC), f.ClubA, true)  // 1 December in Bitburg
	event(time.Date(2026, 11, 30, 22, 59, 0, 0, time.UTC), f.ClubA, true)  // 30 November in Bitburg
	event(time.Date(2026, 1, 1, 0, 30, 0, 0, tz.Berlin), nil, true)        // the first month of the twelve
	event(time.Date(2025, 12, 31, 23, 30, 0, 0, tz.Berlin), nil, true)     // before them
	event(time.Date(2027, 3, 31, 23, 59, 0, 0, tz.Berlin), f.ClubB, true)  // the last of the three months ahead
	event(time.Date(2027, 4, 1, 0, 0, 0, 0, tz.Berlin), f.ClubB, true)     // after them
	event(time.Date(2026, 12, 5, 10, 0, 0, 0, tz.Berlin), f.ClubB, false)  // not published
	event(time.Date(2026, 12, 5, 10, 0, 0, 0, tz.Berlin), f.Pending, true) // of a pending club
	// a weekly series from 1 February 2027, six dates, the third one cancelled:
	// three in February, two in March
	save(t, app, "events", map[string]any{"title": "Training", "kind": "termin", "published": true, "organisation": f.ClubA.Id,
		"starts_at": time.Date(2027, 2, 1, 18, 0, 0, 0, tz.Berlin), "ends_at": time.Date(2027, 2, 1, 20, 0, 0, 0, tz.Berlin),
		"rrule": "FREQ=WEEKLY;COUNT=6", "exdates": []string{"2027-02-15"}})
	// a cancelled date does not count
	save(t, app, "events", map[string]any{"title": "Abgesagt", "kind": "termin", "published": true, "cancelled": true,
		"starts_at": time.Date(2027, 2, 10, 18, 0, 0, 0, tz.Berlin), "ends_at": time.Date(2027, 2, 10, 20, 0, 0, 0, tz.Berlin)})
	// a series that began before the window counts with its dates in it
	save(t, app, "events", map[string]any{"title": "Chorprobe", "kind": "termin", "published": true, "organisation": f.ClubB.Id,
		"starts_at": time.Date(2025, 12, 25, 19, 0, 0, 0, tz.Berlin), "ends_at": time.Date(2025, 12, 25, 21, 0, 0, 0, tz.Berlin),
		"rrule": "FREQ=WEEKLY;UNTIL=20260115"}) // 25.12., 1.1., 8.1., 15.1.

	s, err := stats.Compute(app, now)
	if err != nil {
		t.Fatal(err)
	}
	if s.Organisations.Total != 2 || count(s.Organisations.ByKind, "verein") != 2 || count(s.Organisations.ByKind, "projekt") != 0 {
		t.Errorf("published organisations: %+v", s.Organisations)
	}
	if count(s.Organisations.ByTopic, "sport") != 2 || count(s.Organisations.ByTopic, "kultur") != 0 || len(s.Organisations.ByTopic) != 14 {
		t.Errorf("topics: %+v", s.Organisations.ByTopic)
	}
	months := map[string]stats.Month{}
	for _, m := range s.EventsByMonth {
		months[m.Month] = m
	}
	if len(s.EventsByMonth) != 15 || s.EventsByMonth[0].Month != "2026-01" || s.EventsByMonth[14].Month != "2027-03" {
		t.Fatalf("months: %+v", s.EventsByMonth)
	}
	// the fixture's own events start three days from the real now; count
	// only what this test added where the fixture cannot interfere
	if months["2026-11"].Count != 1 || months["2026-01"].Count != 1+3 || months["2027-02"].Count != 3 || months["2027-03"].Count != 1+2 {
		t.Errorf("events by month in Bitburg: %+v", s.EventsByMonth)
	}
	if months["2026-12"].Upcoming || !months["2027-01"].Upcoming || months["2026-11"].Upcoming {
		t.Errorf("upcoming months: %+v", s.EventsByMonth)
	}
}

func TestStatsCountCardsOpportunitiesEnquiriesAndNominations(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, tz.Berlin)
	card := func(number string, issued, until time.Time, status string) {
		data := map[string]any{"number": number, "kind": "standard", "status": status, "issued_at": issued}
		if status == "revoked" {
			data["revoked_reason"] = "Missbrauch."
		}
		if !until.IsZero() {
			data["valid_until"] = until
		} else {
			data["kind"] = "jubilaeum"
		}
		save(t, app, "cards", data)
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	card("BIT-2024-00001", day(2024, 3, 1), day(2026, 3, 1), "expired")    // active at the end of 2024 and 2025
	card("BIT-2025-00001", day(2025, 12, 31), day(2027, 12, 31), "active") // issued on the last day of 2025
	card("BIT-2026-00001", day(2026, 1, 1), time.Time{}, "active")         // anniversary card, valid for life
	card("BIT-2026-00002", day(2026, 6, 1), day(2028, 6, 1), "revoked")    // issued, never counted active
	card("BIT-2024-00002", day(2024, 12, 30), day(2024, 12, 30), "expired")
	// 23:30 UTC on New Year's Eve is New Year in Bitburg; valid through 31 December 2026 (stored at local midnight)
	card("BIT-2025-00002", time.Date(2024, 12, 31, 23, 30, 0, 0, time.UTC), time.Date(2026, 12, 30, 23, 0, 0, 0, time.UTC), "active")

	s, err := stats.Compute(app, now)
	if err != nil {
		t.Fatal(err)
	}
	want := []stats.CardYear{{Year: 2024, Issued: 2, Active: 1}, {Year: 2025, Issued: 2, Active: 3}, {Year: 2026, Issued: 2, Active: 3}}
	if len(s.CardsByYear) != len(want) {
		t.Fatalf("cards by year: %+v", s.CardsByYear)
	}
	for i, w := range want {
		if s.CardsByYear[i] != w {
			t.Errorf("cards in %d: %+v, want %+v", w.Year, s.CardsByYear[i], w)
		}
	}

	opp := save(t, app, "opportunities", map[string]any{"organisation": f.ClubA.Id, "title": "Hilfe", "commitment": "einmalig", "status": "published"})
	save(t, app, "opportunities", map[string]any{"organisation": f.ClubA.Id, "title": "Entwurf", "commitment": "einmalig", "status": "draft"})
	save(t, app, "opportunities", map[string]any{"organisation": f.Pending.Id, "title": "Noch nicht frei", "commitment": "einmalig", "status": "published"})
	save(t, app, "interests", map[string]any{"opportunity": opp.Id, "name": "Geheim Name", "email": "geheim@example.org", "consent": true})
	engaged := save(t, app, "interests", map[string]any{"opportunity": opp.Id, "name": "Zweiter", "email": "zwei@example.org", "consent": true})
	engaged.Set("status", "engaged")
	if err := app.Save(engaged); err != nil {
		t.Fatal(err)
	}
	for _, status := range []string{"new", "matched", "matched", "closed"} {
		e := save(t, app, "enquiries", map[string]any{"name": "Anfrage", "email": "anfrage@example.org", "message": "Ich helfe.", "consent": true})
		e.Set("status", status)
		if err := app.Save(e); err != nil {
			t.Fatal(err)
		}
	}

	s, err = stats.Compute(app, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if s.Opportunities != (stats.Opportunities{Open: 1, Published: 2, Replies: 2, Engaged: 1}) {
		t.Errorf("opportunities: %+v", s.Opportunities)
	}
	if s.Enquiries != (stats.Enquiries{Received: 4, Matched: 2}) {
		t.Errorf("enquiries: %+v", s.Enquiries)
	}
}

// The figures are public and hold counts only: no name, address or id of
// a person, whatever the database holds.
func TestStatsArePublicAndHoldNoPersonalData(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	save(t, app, "enquiries", map[string]any{"name": "Greta Geheim", "email": "greta@geheim.example", "message": "Privat.", "consent": true})
	h := testapp.Handler(t, app)

	res := get(t, h, nil)
	if res.Code != 200 || !strings.HasPrefix(res.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("guest: %d %s", res.Code, res.Body)
	}
	body := res.Body.String()
	for _, private := range []string{"Greta", "geheim", "@", f.Citizen.Id, f.EditorA.Id, "Anna Vorstand", "Turnverein A", "06561"} {
		if strings.Contains(body, private) {
			t.Errorf("the figures contain %q: %s", private, body)
		}
	}
	var s stats.Stats
	if err := json.Unmarshal(res.Body.Bytes(), &s); err != nil || s.Enquiries.Received != 1 {
		t.Fatalf("figures: %v %s", err, body)
	}
}

// Figures are served from the cache until a counted collection changes.
func TestStatsAreCachedUntilSomethingChanges(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	first := get(t, h, nil)
	etag := first.Header().Get("ETag")
	if etag == "" || first.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("headers: %v", first.Header())
	}
	if again := get(t, h, map[string]string{"If-None-Match": etag}); again.Code != http.StatusNotModified {
		t.Fatalf("unchanged figures: %d", again.Code)
	}
	if same := get(t, h, nil); same.Body.String() != first.Body.String() {
		t.Fatal("unchanged figures should come from the cache")
	}

	pending, _ := app.FindRecordById("organisations", f.Pending.Id)
	pending.Set("status", "published")
	if err := app.Save(pending); err != nil {
		t.Fatal(err)
	}
	after := get(t, h, map[string]string{"If-None-Match": etag})
	var s stats.Stats
	if after.Code != 200 || json.Unmarshal(after.Body.Bytes(), &s) != nil || s.Organisations.Total != 3 {
		t.Fatalf("after publishing a club: %d %s", after.Code, after.Body)
	}
}

// BenchmarkStats computes the figures afresh at town scale (300
// organisations, 2,000 events, 3,000 cards, 400 opportunities with 3,000
// replies, 1,500 enquiries, 4 rounds with 400 nominations): the target is
// well under 50 ms. BenchmarkStatsRoute is the route as guests meet it,
// from the cache.
func BenchmarkStats(b *testing.B) {
	app := townApp(b)
	now := time.Now()
	cpu := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		if _, err := stats.Compute(app, now); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	// the process's CPU time per computation: on a machine shared with
	// other work the wall time above says more about the neighbours
	b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// cpuTime is the CPU time the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkStatsRoute(b *testing.B) {
	app := townApp(b)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(b, app)
	b.ResetTimer()
	for b.Loop() {
		if res := get(b, h, nil); res.Code != 200 {
			b.Fatal(res.Code)
		}
	}
}

func TestStatsCountACardEndedByItsRenewalNoLongerActive(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, tz.Berlin)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	// renewed on 1 June 2026: the old card ended that day, its date still ahead
	save(t, app, "cards", map[string]any{"number": "BIT-2025-00001", "kind": "standard", "status": "expired",
		"issued_at": day(2025, 3, 1), "valid_until": day(2027, 3, 1), "ended_at": day(2026, 6, 1)})
	save(t, app, "cards", map[string]any{"number": "BIT-2026-00001", "kind": "standard", "status": "active",
		"issued_at": day(2026, 6, 1), "valid_until": day(2028, 6, 1)})
	// renewed on 1 January 2026: active on the last day of 2025, not in 2026
	save(t, app, "cards", map[string]any{"number": "BIT-2024-00001", "kind": "standard", "status": "expired",
		"issued_at": day(2024, 3, 1), "valid_until": day(2026, 3, 1), "ended_at": time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC)})

	s, err := stats.Compute(app, now)
	if err != nil {
		t.Fatal(err)
	}
	want := []stats.CardYear{{Year: 2024, Issued: 1, Active: 1}, {Year: 2025, Issued: 1, Active: 2}, {Year: 2026, Issued: 1, Active: 1}}
	if len(s.CardsByYear) != len(want) {
		t.Fatalf("cards by year: %+v", s.CardsByYear)
	}
	for i, w := range want {
		if s.CardsByYear[i] != w {
			t.Errorf("cards in %d: %+v, want %+v", w.Year, s.CardsByYear[i], w)
		}
	}
}
