// Command run is the benchmark: it builds BEN and the baseline (plain
// PocketBase with BEN's migrations), seeds a data directory per scale,
// copies it for each server, and drives both with the load generator,
// alternating BEN and baseline scenario by scenario. It writes the report
// (docs/PERFORMANCE.md for `make bench`) and ends with one summary line.
//
// Every server listens on 127.0.0.1 only; every wait is bounded.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"ben/bench/internal/datadir"
	"ben/bench/internal/result"
	"ben/bench/internal/smtpsink"
)

// options are the knobs of one benchmark run.
type options struct {
	scales          []string
	scenarios       map[string]bool
	workers         int
	warmup          time.Duration
	duration        time.Duration
	rounds          int
	coldStarts      int
	idleWait        time.Duration
	realtimeClients []int
	out             string
	goTool          string
	workDir         string
	keep            bool
	profileDir      string
	quick           bool
	results         string
	smtpDelay       time.Duration
}

func main() {
	var o options
	var scales, clients, scenarios string
	flag.StringVar(&scales, "scales", "town,stress", "comma-separated scales to run: town, stress")
	flag.IntVar(&o.workers, "workers", 32, "concurrent workers of the load scenarios")
	flag.DurationVar(&o.warmup, "warmup", 3*time.Second, "warm-up of each load run")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "measured duration of each load run")
	flag.IntVar(&o.rounds, "rounds", 2, "how often each scenario runs on each server (BEN, baseline, BEN, baseline …)")
	flag.IntVar(&o.coldStarts, "cold-starts", 5, "measured cold starts per server")
	flag.DurationVar(&o.idleWait, "idle-wait", 2*time.Second, "how long a fresh server idles before its memory is read")
	flag.StringVar(&scenarios, "scenarios", "", "comma-separated load scenarios to run (default: all; none: only cold starts and realtime)")
	flag.StringVar(&clients, "realtime", "1000,5000,10000", "comma-separated numbers of SSE clients (empty: none)")
	flag.StringVar(&o.out, "out", "docs/PERFORMANCE.md", "where to write the report")
	flag.StringVar(&o.goTool, "go", "go", "the go command")
	flag.StringVar(&o.workDir, "workdir", "", "directory for the seeded data and the server logs (default: a new temporary directory)")
	flag.BoolVar(&o.keep, "keep", false, "keep the work directory")
	flag.StringVar(&o.profileDir, "profile", "", "write a CPU profile of every measured load run into this directory (servers get a pprof listener)")
	flag.BoolVar(&o.quick, "quick", false, "label the report as the quick variant")
	flag.StringVar(&o.results, "results", "bin/bench/results.json", "where to save the measurements (JSON; empty: nowhere)")
	flag.DurationVar(&o.smtpDelay, "smtp-delay", 0, "the SMTP sink answers each message this late (a slow mail server; 0: at once)")
	renderFrom := flag.String("render", "", "measure nothing: write the report (--out) again from saved measurements")
	var so soakOptions
	var soakSides string
	flag.StringVar(&so.plan, "soak", "", "run the realtime soak instead of the benchmark: ROUNDSxCLIENTS[,ROUNDSxCLIENTS…], e.g. 20x5000,5x10000 (report: bin/soak.md)")
	flag.StringVar(&soakSides, "soak-servers", sideBEN, "soak: the servers to soak one after the other, BEN and/or baseline")
	flag.DurationVar(&so.writePause, "soak-write-pause", 250*time.Millisecond, "soak: pause between one staff write and the next (0: no staff writes besides each round's change)")
	flag.DurationVar(&so.stall, "soak-stall", 5*time.Second, "soak: a round without progress this long has stalled and gets a goroutine dump")
	flag.StringVar(&so.dumps, "soak-dumps", "bin/soak/dumps", "soak: directory for the goroutine dumps of stalled rounds")
	flag.Parse()

	if so.plan != "" {
		set := map[string]bool{}
		flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if !set["out"] {
			o.out = "bin/soak.md"
		}
		if !set["results"] {
			o.results = "bin/soak/results.json"
		}
		for _, side := range strings.Split(soakSides, ",") {
			if side = strings.TrimSpace(side); side != sideBEN && side != sideBaseline {
				log.Fatalf("bench: --soak-servers: %q is neither %s nor %s", side, sideBEN, sideBaseline)
			}
			so.sides = append(so.sides, strings.TrimSpace(side))
		}
		if err := runSoak(o, so); err != nil {
			log.Fatalf("bench: %v", err)
		}
		return
	}

	if *renderFrom != "" {
		if err := render(*renderFrom, o.out); err != nil {
			log.Fatalf("bench: %v", err)
		}
		return
	}

	o.scales = strings.Split(scales, ",")
	o.scenarios = map[string]bool{}
	for _, key := range strings.Split(scenarios, ",") {
		switch key = strings.TrimSpace(key); key {
		case "":
			continue
		case "none":
			o.scenarios[key] = true // no load scenario has this key
			continue
		}
		if !slices.ContainsFunc(loadScenarios, func(sc loadScenario) bool { return sc.key == key }) {
			log.Fatalf("bench: unknown scenario %q", key)
		}
		o.scenarios[key] = true
	}
	for _, c := range strings.Split(clients, ",") {
		if strings.TrimSpace(c) == "" {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 || n > 20000 {
			log.Fatalf("bench: --realtime: %q is not a number of clients between 1 and 20000", c)
		}
		o.realtimeClients = append(o.realtimeClients, n)
	}
	if o.rounds < 1 || o.rounds > 10 || o.coldStarts < 1 || o.coldStarts > 20 {
		log.Fatal("bench: --rounds 1–10, --cold-starts 1–20")
	}
	if o.smtpDelay < 0 || o.smtpDelay > 10*time.Second {
		log.Fatal("bench: --smtp-delay 0–10s")
	}
	for _, s := range o.scales {
		if _, ok := scaleTitles[s]; !ok {
			log.Fatalf("bench: unknown scale %q", s)
		}
	}

	if err := run(o); err != nil {
		log.Fatalf("bench: %v", err)
	}
}

// scaleTitles describe the scales in the report.
var scaleTitles = map[string]string{
	"town":   "Town scale: 300 organisations, 2,000 events, 10,000 users, 3,000 card applications",
	"stress": "Stress scale: 20,000 organisations, 200,000 events, 120,000 users, 100,000 card applications",
}

// binaries are the programs of a run.
type binaries struct {
	ben, benProfiled, baseline, seed, loadgen string
}

func run(o options) error {
	repo, err := os.Getwd()
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(repo, "go.mod")); err != nil {
		return fmt.Errorf("run from the repository root (go.mod not found in %s)", repo)
	}
	if o.workDir == "" {
		if o.workDir, err = os.MkdirTemp("", "ben-bench-"); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(o.workDir, 0o755); err != nil {
		return err
	}
	if !o.keep {
		defer os.RemoveAll(o.workDir)
	}
	if o.profileDir != "" {
		if err := os.MkdirAll(o.profileDir, 0o755); err != nil {
			return err
		}
	}

	report := &report{Machine: describeMachine(), Started: time.Now(), Settings: settings{
		Quick: o.quick, Workers: o.workers, Warmup: o.warmup, Duration: o.duration, Rounds: o.rounds,
		ColdStarts: o.coldStarts, IdleWait: o.idleWait, RealtimeClients: o.realtimeClients,
		SMTPSink: true, SMTPDelay: o.smtpDelay}}
	logf("machine: %s, %d cores, %s; load average %s", report.Machine.CPU, report.Machine.Cores, report.Machine.Memory, report.Machine.LoadAverage)

	bins, err := build(o, repo)
	if err != nil {
		return err
	}
	report.Machine.GoVersion, report.Machine.PocketBase = buildVersions(bins.ben)

	report.Eligibility = eligibilityBenchmark(o)

	// both servers send their mails to the sink, as BEN sends to the
	// town's mail server
	sink, err := smtpsink.Start(o.smtpDelay)
	if err != nil {
		return err
	}
	defer sink.Close()
	logf("SMTP sink at %s (each message answered after %s)", sink.Addr(), o.smtpDelay)

	for _, scale := range o.scales {
		sr, err := runScale(o, repo, bins, sink, scale)
		if err != nil {
			return fmt.Errorf("%s scale: %w", scale, err)
		}
		report.Scales = append(report.Scales, sr)
	}
	report.Finished = time.Now()

	if o.results != "" {
		data, err := json.MarshalIndent(report, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(o.results, data, 0o644); err != nil {
			return err
		}
		logf("measurements saved to %s", o.results)
	}
	return writeReport(report, o.out)
}

// render writes the report of a saved run again, e.g. after the analysis
// was edited; nothing is measured.
func render(resultsPath, out string) error {
	data, err := os.ReadFile(resultsPath)
	if err != nil {
		return err
	}
	report := new(report)
	if err := json.Unmarshal(data, report); err != nil {
		return fmt.Errorf("%s: %w", resultsPath, err)
	}
	return writeReport(report, out)
}

// writeReport writes the markdown and prints the summary line, always the
// last line of the output. A realtime round that did not reach every
// client, or whose change failed, fails the run: a best-of table must not
// hide it.
func writeReport(report *report, out string) error {
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(out, []byte(report.markdown()), 0o644); err != nil {
		return err
	}
	logf("report written to %s", out)
	fmt.Println(report.summaryLine())
	if failed := report.realtimeFailures(); len(failed) > 0 {
		for _, f := range failed {
			logf("FAILED: %s", f)
		}
		return fmt.Errorf("%d realtime rounds were not delivered in full or a write failed (listed above and at the top of %s)", len(failed), out)
	}
	return nil
}

// build compiles the servers the way `make build` compiles BEN, plus the
// seeder and the load generator, into bin/bench of the repository. Not into
// the temporary directory: PocketBase takes a binary started from there for
// `go run` (BEN's main then watches the JS hooks too); the servers also get
// --dev=false.
func build(o options, repo string) (binaries, error) {
	dir := filepath.Join(repo, "bin", "bench")
	b := binaries{
		ben:      filepath.Join(dir, "ben"),
		baseline: filepath.Join(dir, "baseline"),
		seed:     filepath.Join(dir, "seed"),
		loadgen:  filepath.Join(dir, "loadgen"),
	}
	server := []string{"-trimpath", "-ldflags", "-s -w"}
	steps := [][]string{
		append(append([]string{"build", "-o", b.ben}, server...), "."),
		append(append([]string{"build", "-o", b.baseline}, server...), "./bench/baseline"),
		{"build", "-o", b.seed, "./bench/seed"},
		{"build", "-o", b.loadgen, "./bench/loadgen"},
	}
	if o.profileDir != "" {
		// BEN with a pprof listener: the production main package plus one
		// file laid over it at build time; the work tree is not touched
		overlay, err := profilingOverlay(o.workDir, repo)
		if err != nil {
			return b, err
		}
		b.benProfiled = filepath.Join(dir, "ben-profiled")
		steps = append(steps, []string{"build", "-overlay", overlay, "-o", b.benProfiled, "."})
	}
	logf("building BEN, the baseline, the seeder and the load generator")
	for _, args := range steps {
		cmd := exec.Command(o.goTool, args...)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return b, fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
		}
	}
	return b, nil
}

// profilingOverlay adds an init function to BEN's main package that serves
// pprof at $BEN_BENCH_PPROF.
func profilingOverlay(workDir, repo string) (string, error) {
	source := filepath.Join(workDir, "bench_pprof.go")
	code := "package main\n\nimport (\n\t\"os\"\n\n\t\"ben/bench/profiling\"\n)\n\n" +
		"func init() {\n\tif err := profiling.Serve(os.Getenv(\"BEN_BENCH_PPROF\")); err != nil {\n\t\tpanic(err)\n\t}\n}\n"
	if err := os.WriteFile(source, []byte(code), 0o644); err != nil {
		return "", err
	}
	overlay := map[string]map[string]string{"Replace": {filepath.Join(repo, "zz_bench_pprof.go"): source}}
	data, err := json.Marshal(overlay)
	if err != nil {
		return "", err
	}
	path := filepath.Join(workDir, "overlay.json")
	return path, os.WriteFile(path, data, 0o644)
}

// eligibilityFigure is the result of hooks/card's BenchmarkCheck.
type eligibilityFigure struct {
	NsPerOp float64 `json:"nsPerOp"`
	Line    string  `json:"line"`
	Err     string  `json:"error,omitempty"`
}

var benchmarkLine = regexp.MustCompile(`BenchmarkCheck\S*\s+\d+\s+([\d.]+) ns/op.*`)

// eligibilityBenchmark runs the Go benchmark of the eligibility check.
func eligibilityBenchmark(o options) eligibilityFigure {
	logf("go test -bench BenchmarkCheck ./hooks/card")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, o.goTool, "test", "-run", "^$", "-bench", "^BenchmarkCheck$",
		"-benchtime", "1s", "-count", "1", "./hooks/card").CombinedOutput()
	if err != nil {
		return eligibilityFigure{Err: fmt.Sprintf("%v: %s", err, lastLines(out, 5))}
	}
	m := benchmarkLine.FindSubmatch(out)
	if m == nil {
		return eligibilityFigure{Err: "no BenchmarkCheck line in: " + lastLines(out, 5)}
	}
	ns, _ := strconv.ParseFloat(string(m[1]), 64)
	return eligibilityFigure{NsPerOp: ns, Line: strings.Join(strings.Fields(string(m[0])), " ")}
}

func lastLines(out []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], " / ")
}

// loadScenarios are the load scenarios in the order they run; benOnly ones
// exist only as BEN routes.
var loadScenarios = []loadScenario{
	{"orgs-by-topic", "guest: organisations by topic (`organisation_topics`, each expanded), sorted, 20 per page", true, false},
	{"upcoming-events", "guest: upcoming events by start, 20 per page", true, false},
	{"view-org", "guest: view one organisation", true, false},
	{"submit", "citizen submits a card application (3 requests)", false, false},
	{"verify", "online card verification", false, true},
	{"ical", "iCal feed of all upcoming events", false, true},
}

// loadScenario is a scenario of the load generator as the report shows it.
type loadScenario struct {
	key, title string
	read       bool
	benOnly    bool
}

// scaleResult is everything measured at one scale.
type scaleResult struct {
	Name       string                                `json:"name"`
	SeedTime   time.Duration                         `json:"seedTime"`
	ColdStarts map[string][]time.Duration            `json:"coldStarts"` // side → starts
	Idle       map[string][]int64                    `json:"idle"`       // side → bytes
	Load       map[string]map[string][]result.Result `json:"load"`       // scenario → side → rounds
	Realtime   map[int]map[string][]result.Result    `json:"realtime"`   // clients → side → rounds
	// Changes are BEN's rounds with ChangesClients clients subscribed to
	// changesTopic instead of "events".
	ChangesClients int             `json:"changesClients,omitempty"`
	Changes        []result.Result `json:"changes,omitempty"`
	// Public are BEN's rounds with PublicClients guests subscribed to
	// publicTopic: the changed event with its payload, one rule check per
	// change.
	PublicClients int             `json:"publicClients,omitempty"`
	Public        []result.Result `json:"public,omitempty"`
}

// publicTopic is BEN's public realtime topic of events.
const publicTopic = "ben/public/events"

// changesTopic is BEN's realtime signal that a public collection changed.
const changesTopic = "ben/changes"

func runScale(o options, repo string, bins binaries, sink *smtpsink.Sink, scale string) (*scaleResult, error) {
	sr := &scaleResult{Name: scale, ColdStarts: map[string][]time.Duration{}, Idle: map[string][]int64{},
		Load: map[string]map[string][]result.Result{}, Realtime: map[int]map[string][]result.Result{}}
	base := filepath.Join(o.workDir, scale)
	seeded := filepath.Join(base, "seeded")
	manifestPath := filepath.Join(base, "manifest.json")
	if err := os.RemoveAll(base); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(base, 0o755); err != nil {
		return nil, err
	}

	logf("%s: seeding", scale)
	started := time.Now()
	if err := command(15*time.Minute, bins.seed, "--dir", seeded, "--scale", scale, "--manifest", manifestPath, "--smtp", sink.Addr()); err != nil {
		return nil, err
	}
	sr.SeedTime = time.Since(started)

	servers := map[string]*server{}
	for _, side := range []string{sideBEN, sideBaseline} {
		dir := filepath.Join(base, side)
		if err := datadir.Copy(seeded, dir); err != nil {
			return nil, err
		}
		s := &server{side: side, binary: bins.baseline, dataDir: dir, logPath: filepath.Join(base, side+".log")}
		if side == sideBEN {
			s.binary = bins.ben
			s.args = []string{"--hooksDir", filepath.Join(repo, "pb_hooks")}
		}
		servers[side] = s
	}
	sides := []string{sideBEN, sideBaseline}

	// the first start of each server (BEN creates its card signing key) is
	// not measured; later ones are restarts of a server with data
	for _, side := range sides {
		if _, err := servers[side].start(); err != nil {
			return nil, err
		}
		servers[side].stop()
	}
	logf("%s: %d cold starts per server", scale, o.coldStarts)
	for range o.coldStarts {
		for _, side := range sides {
			s := servers[side]
			took, err := s.start()
			if err != nil {
				return nil, err
			}
			time.Sleep(o.idleWait)
			sr.ColdStarts[side] = append(sr.ColdStarts[side], took)
			sr.Idle[side] = append(sr.Idle[side], s.residentBytes())
			s.stop()
		}
	}

	if o.profileDir != "" {
		servers[sideBEN].binary = bins.benProfiled
		servers[sideBEN].env = []string{"BEN_BENCH_PPROF=127.0.0.1:16060"}
		servers[sideBaseline].args = []string{"--pprof", "127.0.0.1:16061"}
	}
	for _, side := range sides {
		if _, err := servers[side].start(); err != nil {
			return nil, err
		}
		defer servers[side].stop()
	}

	for _, sc := range loadScenarios {
		sr.Load[sc.key] = map[string][]result.Result{}
		if len(o.scenarios) > 0 && !o.scenarios[sc.key] {
			continue
		}
		for round := 1; round <= o.rounds; round++ {
			for _, side := range sides {
				if sc.benOnly && side != sideBEN {
					continue
				}
				before, connsBefore := sink.Received(), sink.Connections() // the run before has settled
				res, err := runLoadgen(o, bins, servers[side], manifestPath, sc.key, 0, "", scale, round)
				if err != nil {
					return nil, err
				}
				mails := sink.Settle(mailQuiet, mailSettleMax+o.smtpDelay*10) - before
				res.Mails = &mails
				logf("%s: %-15s %-8s round %d: %s", scale, sc.key, side, round, res.oneLine())
				if mails > 0 {
					logf("%s: %-15s %-8s round %d: %d mails over %d SMTP connections", scale, sc.key, side, round, mails, sink.Connections()-connsBefore)
				}
				sr.Load[sc.key][side] = append(sr.Load[sc.key][side], res.Result)
				if res.Skipped != "" {
					break
				}
			}
		}
	}

	// fresh servers for the realtime scenarios, so that their memory shows
	// the clients and not the heap left over from the load scenarios
	if len(o.realtimeClients) > 0 {
		for _, side := range sides {
			servers[side].stop()
			if _, err := servers[side].start(); err != nil {
				return nil, err
			}
		}
	}
	for _, clients := range o.realtimeClients {
		sr.Realtime[clients] = map[string][]result.Result{}
		if limit := openFilesLimit(); uint64(clients)+1000 > limit {
			skipped := result.Result{Skipped: fmt.Sprintf("the open-files limit (%d) is too low for %d clients; raise it with ulimit -n", limit, clients)}
			logf("%s: realtime %d skipped: %s", scale, clients, skipped.Skipped)
			sr.Realtime[clients][sideBEN] = []result.Result{skipped}
			continue
		}
		for round := 1; round <= o.rounds; round++ {
			for _, side := range sides {
				res, err := runLoadgen(o, bins, servers[side], manifestPath, "realtime", clients, "events", scale, round)
				if err != nil {
					return nil, err
				}
				logf("%s: realtime %5d  %-8s round %d: %s", scale, clients, side, round, res.oneLine())
				sr.Realtime[clients][side] = append(sr.Realtime[clients][side], res.Result)
				// let the server let go of the closed connections
				time.Sleep(2 * time.Second)
			}
		}
	}

	// BEN's change signal, which the portal subscribes to besides the
	// records, is sent without a rule check per client (BEN only)
	if len(o.realtimeClients) > 0 {
		clients := slices.Max(o.realtimeClients)
		if uint64(clients)+1000 <= openFilesLimit() {
			sr.ChangesClients = clients
			for round := 1; round <= o.rounds; round++ {
				res, err := runLoadgen(o, bins, servers[sideBEN], manifestPath, "realtime", clients, changesTopic, scale, round)
				if err != nil {
					return nil, err
				}
				logf("%s: %s %5d BEN round %d: %s", scale, changesTopic, clients, round, res.oneLine())
				sr.Changes = append(sr.Changes, res.Result)
				time.Sleep(2 * time.Second)
			}
			sr.PublicClients = clients
			for round := 1; round <= o.rounds; round++ {
				res, err := runLoadgen(o, bins, servers[sideBEN], manifestPath, "realtime", clients, publicTopic, scale, round)
				if err != nil {
					return nil, err
				}
				logf("%s: %s %5d BEN round %d: %s", scale, publicTopic, clients, round, res.oneLine())
				sr.Public = append(sr.Public, res.Result)
				time.Sleep(2 * time.Second)
			}
		}
	}
	return sr, nil
}

// A load run's mails are counted once the sink has heard nothing for
// mailQuiet, waiting at most mailSettleMax (plus ten delays of a slow sink).
const (
	mailQuiet     = time.Second
	mailSettleMax = 30 * time.Second
)

// openFilesLimit is the hard limit on open files: Go programs raise their
// own soft limit to it, and each realtime client holds a socket on both
// sides.
func openFilesLimit() uint64 {
	var limit syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &limit); err != nil {
		return 0
	}
	return limit.Max
}

// loadgenResult adds a one-line rendering for the progress log.
type loadgenResult struct{ result.Result }

func (r loadgenResult) oneLine() string {
	switch {
	case r.Skipped != "":
		return "skipped: " + r.Skipped
	case r.Clients > 0:
		return fmt.Sprintf("%d/%d delivered, p50 %s p99 %s max %s, %s, connect %s%s", r.Delivered, r.Clients,
			ms(r.Latency.P50), ms(r.Latency.P99), ms(r.Latency.Max), mib(r.RSSBytes), r.Connect.Round(time.Millisecond), errorSuffix(r.Result))
	default:
		return fmt.Sprintf("%.0f/s, p50 %s p95 %s p99 %s%s%s", r.PerSecond, ms(r.Latency.P50), ms(r.Latency.P95), ms(r.Latency.P99), mailSuffix(r.Result), errorSuffix(r.Result))
	}
}

// mailSuffix names the mails of a run that sent any.
func mailSuffix(r result.Result) string {
	if r.Mails == nil || *r.Mails == 0 {
		return ""
	}
	return fmt.Sprintf(", %s mails", thousands(*r.Mails))
}

func errorSuffix(r result.Result) string {
	if r.Errors == 0 {
		return ""
	}
	return fmt.Sprintf(", %d errors (%s)", r.Errors, r.ErrorNote)
}

// runLoadgen runs the load generator once against s; with profiling on, it
// records a CPU profile of the server over the measured window.
func runLoadgen(o options, bins binaries, s *server, manifestPath, scenario string, clients int, topic, scale string, round int) (loadgenResult, error) {
	args := []string{"--target", s.url(), "--manifest", manifestPath, "--scenario", scenario,
		"--workers", strconv.Itoa(o.workers), "--warmup", o.warmup.String(), "--duration", o.duration.String(),
		"--server-pid", strconv.Itoa(s.pid())}
	timeout := o.warmup + o.duration + 2*time.Minute
	if clients > 0 {
		args = append(args, "--clients", strconv.Itoa(clients), "--topic", topic)
		timeout = 6 * time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()

	profiled := make(chan struct{})
	if o.profileDir != "" && clients == 0 {
		go func() {
			defer close(profiled)
			captureProfile(ctx, o, s, fmt.Sprintf("%s-%s-%s-%d.pprof", scale, scenario, s.side, round))
		}()
	} else {
		close(profiled)
	}

	var stdout bytes.Buffer
	cmd := exec.CommandContext(ctx, bins.loadgen, args...)
	cmd.Stdout, cmd.Stderr = &stdout, os.Stderr
	err := cmd.Run()
	<-profiled
	if err != nil {
		return loadgenResult{}, fmt.Errorf("loadgen %s against %s: %w", scenario, s.side, err)
	}
	var res result.Result
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return loadgenResult{}, fmt.Errorf("loadgen %s: %w", scenario, err)
	}
	return loadgenResult{res}, nil
}

// captureProfile fetches a CPU profile over the measured window.
func captureProfile(ctx context.Context, o options, s *server, name string) {
	addr := "127.0.0.1:16060"
	if s.side == sideBaseline {
		addr = "127.0.0.1:16061"
	}
	select {
	case <-time.After(o.warmup):
	case <-ctx.Done():
		return
	}
	seconds := max(1, int(o.duration.Seconds()))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, seconds), nil)
	if err != nil {
		return
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		logf("profile %s: %v", name, err)
		return
	}
	defer resp.Body.Close()
	f, err := os.Create(filepath.Join(o.profileDir, name))
	if err != nil {
		return
	}
	defer f.Close()
	io.Copy(f, resp.Body)
}

// benchStarted is when the run began; the progress log counts from it.
var benchStarted = time.Now()

func logf(format string, args ...any) {
	elapsed := time.Since(benchStarted).Round(time.Second)
	fmt.Fprintf(os.Stderr, "bench: [%s] "+format+"\n", append([]any{elapsed}, args...)...)
}
