package main

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks"
	"ben/hooks/tz"
)

// Benchmarks of the full-text search and the occurrence list over seeded
// data, through BEN's router (routing, rules, JSON; no network):
//
//	go test ./bench/seed -run '^$' -bench 'Search|Occurrences' -benchtime 200x
//	BEN_BENCH_SCALES=town,stress go test ./bench/seed -run '^$' -bench 'Search|Occurrences' -benchtime 100x -timeout 60m
//
// Each scale is seeded once per run into a temporary directory (the stress
// scale takes a few minutes), or BEN_BENCH_DATA_TOWN / BEN_BENCH_DATA_STRESS
// name a data directory seeded before with go run ./bench/seed.

// seeded serves each scale, seeded once per test binary when a benchmark
// first asks for it (the map itself is never written after init).
var seeded = func() map[string]func() (*server, error) {
	m := map[string]func() (*server, error){}
	for name := range Scales {
		m[name] = sync.OnceValues(func() (*server, error) { return seedAndServe(name) })
	}
	return m
}()

// benchRoot holds the data directories seeded here; TestMain removes it.
var benchRoot = sync.OnceValues(func() (string, error) { return os.MkdirTemp("", "ben-bench-") })

// server is a seeded scale served by BEN's router.
type server struct {
	http.Handler
	app    core.App
	seeded time.Duration // how long seeding took; 0 for a data directory seeded before
}

// touch changes one organisation, as staff would, so that every cached
// answer is computed anew.
func (s *server) touch(b *testing.B) {
	r, err := s.app.FindFirstRecordByFilter("organisations", "status = 'published'")
	if err != nil {
		b.Fatal(err)
	}
	r.Set("meeting_times", time.Now().String())
	if err := s.app.Save(r); err != nil {
		b.Fatal(err)
	}
}

// handlerFor serves scale, seeding it on first use.
func handlerFor(b *testing.B, scaleName string) *server {
	b.Helper()
	serve, ok := seeded[scaleName]
	if !ok {
		b.Fatalf("unknown scale %q", scaleName)
	}
	s, err := serve()
	if err != nil {
		b.Fatal(err)
	}
	if s.seeded > 0 {
		b.Logf("%s scale seeded in %s (once for every benchmark)", scaleName, s.seeded.Round(time.Second))
	}
	return s
}

// seedAndServe seeds scale into a new data directory and serves it with
// BEN's hooks.
func seedAndServe(scaleName string) (*server, error) {
	// a data directory seeded before (go run ./bench/seed) saves the minutes
	// of the stress scale; it is written to (the cold runs change a club)
	var took time.Duration
	dataDir := os.Getenv("BEN_BENCH_DATA_" + strings.ToUpper(scaleName))
	if dataDir == "" {
		root, err := benchRoot()
		if err != nil {
			return nil, err
		}
		dataDir = filepath.Join(root, scaleName, "pb_data")
		started := time.Now()
		if _, err := seed(dataDir, scaleName, Scales[scaleName], smtpServer{}); err != nil {
			return nil, err
		}
		took = time.Since(started)
	}

	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dataDir})
	if err := app.Bootstrap(); err != nil {
		return nil, err
	}
	if err := app.RunAllMigrations(); err != nil {
		return nil, err
	}
	hooks.Register(app, fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}})
	mux, err := buildMux(app)
	if err != nil {
		return nil, err
	}
	return &server{Handler: mux, app: app, seeded: took}, nil
}

func TestMain(m *testing.M) {
	code := m.Run()
	if root, err := benchRoot(); err == nil {
		os.RemoveAll(root)
	}
	os.Exit(code)
}

func scales() []string {
	if v := os.Getenv("BEN_BENCH_SCALES"); v != "" {
		return strings.Split(v, ",")
	}
	return []string{"town"}
}

func get(b *testing.B, h http.Handler, target string) {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("%s: %d %s", target, rec.Code, rec.Body.String())
	}
}

func BenchmarkSearch(b *testing.B) {
	queries := []struct{ name, q string }{
		{"frequent word", "Training"},         // thousands of events
		{"description word", "barrierefrei"},  // a sentence in many clubs' descriptions
		{"place, other spelling", "Moetsch"},  // "Mötsch" in names and addresses
		{"two words", "jugendlichen kindern"}, // both must occur
		{"part of a word", "mitglieder"},      // "Mitgliederversammlung"
	}
	for _, scale := range scales() {
		h := handlerFor(b, scale)
		for _, q := range queries {
			target := "/api/ben/search?q=" + url.QueryEscape(q.q)
			// computed anew: after every change of a searched collection
			b.Run(scale+"/"+q.name, func(b *testing.B) {
				for b.Loop() {
					b.StopTimer()
					h.touch(b)
					b.StartTimer()
					get(b, h, target)
				}
			})
			// kept: the same question again within a second, while nothing changed
			b.Run(scale+"/"+q.name+", kept", func(b *testing.B) {
				for b.Loop() {
					get(b, h, target)
				}
			})
		}
	}
}

func BenchmarkOccurrences(b *testing.B) {
	today := tz.Day(time.Now())
	day := func(d time.Time) string { return d.Format(time.DateOnly) }
	windows := []struct{ name, query string }{
		{"next 366 days, first page", "from=" + day(today) + "&to=" + day(today.AddDate(0, 0, 365))},
		{"next 366 days, page 5", "from=" + day(today) + "&to=" + day(today.AddDate(0, 0, 365)) + "&page=5"},
		{"one month, 1000 per page", "from=" + day(today) + "&to=" + day(today.AddDate(0, 0, 30)) + "&perPage=1000"},
		{"a year ago, one week", "from=" + day(today.AddDate(-1, 0, 0)) + "&to=" + day(today.AddDate(-1, 0, 6))},
		{"one kind, next 366 days", "from=" + day(today) + "&to=" + day(today.AddDate(0, 0, 365)) + "&kind=fortbildung"},
	}
	for _, scale := range scales() {
		h := handlerFor(b, scale)
		for _, w := range windows {
			target := "/api/ben/occurrences?" + w.query
			// computed anew: after every change of an event or a club
			b.Run(scale+"/"+w.name, func(b *testing.B) {
				for b.Loop() {
					b.StopTimer()
					h.touch(b)
					b.StartTimer()
					get(b, h, target)
				}
			})
			// kept: the same question again while nothing changed
			b.Run(scale+"/"+w.name+", kept", func(b *testing.B) {
				for b.Loop() {
					get(b, h, target)
				}
			})
		}
	}
}
