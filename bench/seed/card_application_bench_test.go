package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"ben/bench/internal/datadir"
	"ben/bench/internal/manifest"
	"ben/bench/internal/smtpsink"
	"ben/hooks"
	"ben/hooks/mailer"
	"ben/hooks/sqlitedb"
)

// BenchmarkCardApplication is the harness's submit scenario in one process
// and one goroutine: a citizen creates a draft, adds an engagement and
// submits, through BEN's router and through plain PocketBase's on a copy
// of the same town data. Both send their mail over SMTP to the harness's
// sink. Without the network and the load generator, its time per
// application is the servers' own work, much less noisy than the load
// test on a shared machine.
//
// The two servers take turns in rounds of a few applications each, so
// that what else the machine does falls on both alike; BEN's round ends
// when its mails have been received, so they count as BEN's. Each
// iteration is one application on each server; the figures are per
// application and side, and cpu-ratio is the baseline's CPU time per
// application over BEN's (the write ratio's measure, ≥ 0.90 wanted):
//
//	go test ./bench/seed -run '^$' -bench 'CardApplication$' -benchtime 1000x -count 3
func BenchmarkCardApplication(b *testing.B) { benchmarkCardApplication(b, 1, 50) }

// BenchmarkCardApplicationConcurrent is the same with 32 citizens applying
// at once, as the load generator's workers do, still in one process and
// without the network: what only shows under concurrency (SQLite's one
// writer, each connection's page cache dropped after every write, the mail
// goroutines) shows here too, while the two servers again take turns in
// rounds (of 320 applications). BEN_BENCH_SCALE=stress runs it on the
// stress scale's data (seeding takes about a minute):
//
//	go test ./bench/seed -run '^$' -bench CardApplicationConcurrent -benchtime 6400x -count 3
func BenchmarkCardApplicationConcurrent(b *testing.B) { benchmarkCardApplication(b, 32, 320) }

func benchmarkCardApplication(b *testing.B, workers, round int) {
	scale := cmp.Or(os.Getenv("BEN_BENCH_SCALE"), "town")
	if _, ok := Scales[scale]; !ok {
		b.Fatalf("BEN_BENCH_SCALE=%s: no such scale", scale)
	}
	sink, err := smtpsink.Start(0)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sink.Close() })
	dir := b.TempDir()
	seeded := filepath.Join(dir, "seeded")
	m, err := seed(seeded, scale, Scales[scale], smtpServer{host: sink.Host(), port: sink.Port()})
	if err != nil {
		b.Fatal(err)
	}

	type side struct {
		name                string
		app                 core.App
		h                   http.Handler
		cpu, mallocs, bytes uint64
		mails, smtpConns    int64
		applications        int
	}
	sides := []*side{{name: "BEN"}, {name: "baseline"}}
	for _, s := range sides {
		data := filepath.Join(dir, s.name)
		if err := datadir.Copy(seeded, data); err != nil {
			b.Fatal(err)
		}
		config := core.BaseAppConfig{DataDir: data}
		if s.name == "BEN" {
			config.DBConnect = sqlitedb.Connect // as main.go opens it
		}
		app := core.NewBaseApp(config)
		if err := app.Bootstrap(); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { app.ResetBootstrapState() })
		if s.name == "BEN" {
			hooks.Register(app, fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}})
		}
		s.app, s.h = app, serve(b, app)
	}

	var mem runtime.MemStats
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; n += round {
		count := min(round, b.N-n)
		for i := range sides {
			s := sides[(i+n/round)%len(sides)] // who goes first alternates
			b.StopTimer()
			runtime.ReadMemStats(&mem)
			mallocs, bytes := mem.Mallocs, mem.TotalAlloc
			sent, conns, cpu := sink.Received(), sink.Connections(), cpuTime()
			b.StartTimer()
			// labelled, so that a profile (-cpuprofile) tells the two
			// servers apart: go tool pprof -tagfocus server=BEN
			pprof.Do(context.Background(), pprof.Labels("server", s.name), func(context.Context) {
				var next atomic.Int64
				var wg sync.WaitGroup
				for range workers { // the workers inherit the label
					wg.Add(1)
					go func() {
						defer wg.Done()
						for j := int(next.Add(1)) - 1; j < count; j = int(next.Add(1)) - 1 {
							apply(b, s.h, m.Writers[(n+j)%len(m.Writers)])
						}
					}()
				}
				wg.Wait()
				mailer.Wait(s.app) // BEN's mails are BEN's work
			})
			s.cpu += uint64(cpuTime() - cpu)
			b.StopTimer()
			runtime.ReadMemStats(&mem)
			s.mallocs += mem.Mallocs - mallocs
			s.bytes += mem.TotalAlloc - bytes
			s.mails += sink.Received() - sent
			s.smtpConns += sink.Connections() - conns
			s.applications += count
			b.StartTimer()
		}
	}
	b.StopTimer()
	per := func(v uint64, s *side) float64 { return float64(v) / float64(s.applications) }
	for _, s := range sides {
		b.ReportMetric(per(s.cpu, s), s.name+"-cpu-ns/app")
		b.ReportMetric(per(s.mallocs, s), s.name+"-allocs/app")
		b.ReportMetric(per(s.bytes, s), s.name+"-B/app")
		b.ReportMetric(float64(s.mails)/float64(s.applications), s.name+"-mails/app")
	}
	b.ReportMetric(float64(sides[0].smtpConns)/float64(sides[0].applications), "BEN-smtp-conns/app")
	b.ReportMetric(per(sides[1].cpu, sides[1])/per(sides[0].cpu, sides[0]), "cpu-ratio")
}

// cpuTime is the CPU time this process has used, in nanoseconds: on a
// shared machine a steadier measure of the work than the time it took.
// The sink runs in this process too, so BEN's figure includes receiving
// its mails.
func cpuTime() int64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return u.Utime.Nano() + u.Stime.Nano()
}

// serve builds app's router as `serve` does.
func serve(b *testing.B, app core.App) http.Handler {
	mux, err := buildMux(app)
	if err != nil {
		b.Fatal(err)
	}
	return mux
}

// buildMux builds app's router with its serve hooks, as `serve` does.
func buildMux(app core.App) (http.Handler, error) {
	router, err := apis.NewRouter(app)
	if err != nil {
		return nil, err
	}
	var mux http.Handler
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: router}, func(e *core.ServeEvent) error {
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	return mux, err
}

// apply is one card application of the load generator's submit scenario.
func apply(b *testing.B, h http.Handler, account manifest.Account) {
	created := send(b, h, http.MethodPost, "/api/collections/card_applications/records", account.Token, map[string]any{
		"applicant": account.ID, "first_name": "Erika", "last_name": "Mustermann",
		"birth_date": "1980-05-01 00:00:00.000Z", "street": "Hauptstraße 1", "postcode": "54634",
		"city": "Bitburg", "resident_in_bitburg": true, "kind": "standard", "status": "draft",
	})
	if created == "" {
		return
	}
	send(b, h, http.MethodPost, "/api/collections/engagements/records", account.Token, map[string]any{
		"application": created, "organisation_name": "Sportfreunde Bitburg-Süd", "role": "Jugendtrainerin",
		"hours_per_week": 6, "since": "2019-03-01 00:00:00.000Z", "allowance": "none", "in_bitburg": true,
		"contact_name": "Vorstand", "contact_email": "vorstand@bench.example",
	})
	send(b, h, http.MethodPatch, "/api/collections/card_applications/records/"+created, account.Token,
		map[string]any{"status": "submitted"})
}

// send makes one request that must succeed and returns the record's id.
func send(b *testing.B, h http.Handler, method, target, token string, body map[string]any) string {
	data, _ := json.Marshal(body)
	req := httptest.NewRequest(method, target, bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", token)
	req.RemoteAddr = "127.0.0.1:40000"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Errorf("%s %s: %d %s", method, target, rec.Code, rec.Body.String()) // not Fatal: workers are goroutines
		return ""
	}
	var r struct {
		ID string `json:"id"`
	}
	json.Unmarshal(rec.Body.Bytes(), &r)
	return r.ID
}
