package main

import (
	"debug/buildinfo"
	_ "embed"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"ben/bench/internal/result"
)

// analysis is the hand-written part of the report: why a target is missed,
// with the profile that shows it. It is kept next to the harness so that a
// new run regenerates the numbers around it.
//
//go:embed analysis.md
var analysis string

// report collects a run and renders it. It is saved as JSON too, so that
// the markdown can be rendered again (--render) after the analysis changed.
type report struct {
	Settings    settings          `json:"settings"`
	Machine     machine           `json:"machine"`
	Started     time.Time         `json:"started"`
	Finished    time.Time         `json:"finished"`
	Eligibility eligibilityFigure `json:"eligibility"`
	Scales      []*scaleResult    `json:"scales"`
}

// settings are the options of a run that the report describes.
type settings struct {
	Quick           bool          `json:"quick"`
	Workers         int           `json:"workers"`
	Warmup          time.Duration `json:"warmup"`
	Duration        time.Duration `json:"duration"`
	Rounds          int           `json:"rounds"`
	ColdStarts      int           `json:"coldStarts"`
	IdleWait        time.Duration `json:"idleWait"`
	RealtimeClients []int         `json:"realtimeClients"`
	// SMTPSink: the servers sent their mails to the harness's SMTP sink,
	// which answered each message SMTPDelay after it arrived.
	SMTPSink  bool          `json:"smtpSink"`
	SMTPDelay time.Duration `json:"smtpDelay"`
}

// machine describes where the benchmark ran.
type machine struct {
	CPU         string `json:"cpu"`
	Memory      string `json:"memory"`
	LoadAverage string `json:"loadAverage"`
	GoVersion   string `json:"goVersion"`
	PocketBase  string `json:"pocketbase"`
	Cores       int    `json:"cores"`
}

func describeMachine() machine {
	m := machine{CPU: "unknown", Memory: "unknown", LoadAverage: "unknown", Cores: runtime.NumCPU()}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(data), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				m.CPU = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
				break
			}
		}
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for line := range strings.SplitSeq(string(data), "\n") {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
				m.Memory = fmt.Sprintf("%.1f GiB", kb/(1<<20))
			}
		}
	}
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(data)); len(f) >= 3 {
			m.LoadAverage = strings.Join(f[:3], " ")
		}
	}
	return m
}

// buildVersions reads the Go and PocketBase versions BEN was built with.
func buildVersions(binary string) (goVersion, pocketbase string) {
	info, err := buildinfo.ReadFile(binary)
	if err != nil {
		return runtime.Version(), "unknown"
	}
	pocketbase = "unknown"
	for _, dep := range info.Deps {
		if dep.Path == "github.com/pocketbase/pocketbase" {
			pocketbase = dep.Version
		}
	}
	return info.GoVersion, pocketbase
}

// best is a server's least disturbed round: the highest throughput of a
// load scenario, the lowest p99 of a realtime run that reached everyone.
func best(rounds []result.Result) (result.Result, bool) {
	var chosen result.Result
	found := false
	for _, r := range rounds {
		if r.Skipped != "" {
			continue
		}
		switch {
		case !found:
			chosen, found = r, true
		case r.Clients > 0:
			if r.Delivered > chosen.Delivered || (r.Delivered == chosen.Delivered && r.Latency.P99 < chosen.Latency.P99) {
				chosen = r
			}
		case r.PerSecond > chosen.PerSecond:
			chosen = r
		}
	}
	if !found && len(rounds) > 0 {
		return rounds[0], false
	}
	return chosen, found
}

func medianDuration(values []time.Duration) time.Duration {
	if len(values) == 0 {
		return 0
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	return sorted[len(sorted)/2]
}

func medianBytes(values []int64) int64 {
	if len(values) == 0 {
		return 0
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	return sorted[len(sorted)/2]
}

func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

// thousands writes n with comma separators, as the issue does.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func ratio(ben, baseline float64) string {
	if ben == 0 || baseline == 0 {
		return "–"
	}
	return strconv.FormatFloat(ben/baseline, 'f', 2, 64)
}

func loadCell(r result.Result, ok bool) string {
	if !ok {
		if r.Skipped != "" {
			return "skipped: " + r.Skipped
		}
		return "–"
	}
	cell := fmt.Sprintf("%s/s · p50 %s · p95 %s · p99 %s ms", thousands(int64(math.Round(r.PerSecond))),
		ms(r.Latency.P50), ms(r.Latency.P95), ms(r.Latency.P99))
	if r.Mails != nil && *r.Mails > 0 {
		cell += fmt.Sprintf(" · %s mails", thousands(*r.Mails))
	}
	if r.Errors > 0 {
		cell += fmt.Sprintf(" · **%d errors**", r.Errors)
	}
	return cell
}

func realtimeCell(r result.Result, ok bool) string {
	if !ok {
		if r.Skipped != "" {
			return "skipped: " + r.Skipped
		}
		return "–"
	}
	cell := fmt.Sprintf("p50 %s · p99 %s · max %s ms · %s", ms(r.Latency.P50), ms(r.Latency.P99), ms(r.Latency.Max), mib(r.RSSBytes))
	if r.Delivered < r.Clients {
		cell += fmt.Sprintf(" · **%d of %d reached**", r.Delivered, r.Clients)
	}
	return cell
}

func (r *report) scale(name string) *scaleResult {
	for _, s := range r.Scales {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// readRatio is the geometric mean of BEN's throughput over the baseline's
// across the read scenarios of every scale run.
func (r *report) readRatio() (float64, bool) {
	var logs []float64
	for _, s := range r.Scales {
		for _, sc := range loadScenarios {
			if !sc.read {
				continue
			}
			if v, ok := medianRatio(s.Load[sc.key][sideBEN], s.Load[sc.key][sideBaseline]); ok {
				logs = append(logs, math.Log(v))
			}
		}
	}
	return geometricMean(logs)
}

// medianRatio is the median over the interleaved rounds of BEN's
// throughput divided by the baseline's in the same round pair, so that one
// round disturbed by other work on the machine does not decide.
func medianRatio(ben, base []result.Result) (float64, bool) {
	var ratios []float64
	for i := 0; i < len(ben) && i < len(base); i++ {
		if ben[i].Skipped == "" && base[i].Skipped == "" && ben[i].PerSecond > 0 && base[i].PerSecond > 0 {
			ratios = append(ratios, ben[i].PerSecond/base[i].PerSecond)
		}
	}
	if len(ratios) == 0 {
		return 0, false
	}
	slices.Sort(ratios)
	n := len(ratios)
	if n%2 == 1 {
		return ratios[n/2], true
	}
	return (ratios[n/2-1] + ratios[n/2]) / 2, true
}

// listP99 is BEN's guest list p99 at scale s, the slower of the list
// scenarios, median over its rounds.
func listP99(s *scaleResult) (time.Duration, bool) {
	var worst time.Duration
	found := false
	for _, key := range []string{"orgs-by-topic", "upcoming-events"} {
		var p99s []time.Duration
		for _, res := range s.Load[key][sideBEN] {
			if res.Skipped == "" && res.Operations > 0 {
				p99s = append(p99s, res.Latency.P99)
			}
		}
		if len(p99s) > 0 {
			found = true
			worst = max(worst, medianDuration(p99s))
		}
	}
	return worst, found
}

// writeRatio is the same for the card application.
func (r *report) writeRatio() (float64, bool) {
	var logs []float64
	for _, s := range r.Scales {
		if v, ok := medianRatio(s.Load["submit"][sideBEN], s.Load["submit"][sideBaseline]); ok {
			logs = append(logs, math.Log(v))
		}
	}
	return geometricMean(logs)
}

func geometricMean(logs []float64) (float64, bool) {
	if len(logs) == 0 {
		return 0, false
	}
	sum := 0.0
	for _, l := range logs {
		sum += l
	}
	return math.Exp(sum / float64(len(logs))), true
}

// summaryLine is the run in one line; the figures are BEN's at the first
// scale run (the town scale in both make targets).
// realtimeFailures lists every realtime round, of either server, that did
// not reach all its clients or had an error (e.g. the change timed out).
func (r *report) realtimeFailures() []string {
	var out []string
	note := func(scale, what, side string, round int, res result.Result) {
		if res.Skipped != "" || (res.Delivered >= res.Clients && res.Errors == 0) {
			return
		}
		out = append(out, fmt.Sprintf("%s: realtime %s %s round %d: %s", scale, what, side, round, loadgenResult{res}.oneLine()))
	}
	for _, s := range r.Scales {
		for _, clients := range r.Settings.RealtimeClients {
			for _, side := range []string{sideBEN, sideBaseline} {
				for i, res := range s.Realtime[clients][side] {
					note(s.Name, thousands(int64(clients)), side, i+1, res)
				}
			}
		}
		for i, res := range s.Changes {
			note(s.Name, thousands(int64(s.ChangesClients))+" on "+changesTopic, sideBEN, i+1, res)
		}
		for i, res := range s.Public {
			note(s.Name, thousands(int64(s.PublicClients))+" on "+publicTopic, sideBEN, i+1, res)
		}
	}
	return out
}

// worstRealtime is the first failed round of rounds, if any.
func worstRealtime(rounds []result.Result) (int, result.Result, bool) {
	for i, res := range rounds {
		if res.Skipped == "" && (res.Delivered < res.Clients || res.Errors > 0) {
			return i + 1, res, true
		}
	}
	return 0, result.Result{}, false
}

func (r *report) summaryLine() string {
	na := "n/a"
	read, write, list, sse, ssePublic, verify, cold := na, na, na, na, na, na, na
	if v, ok := r.readRatio(); ok {
		read = strconv.FormatFloat(v, 'f', 2, 64)
	}
	if v, ok := r.writeRatio(); ok {
		write = strconv.FormatFloat(v, 'f', 2, 64)
	}
	if len(r.Scales) > 0 {
		s := r.Scales[0]
		if rt, ok := best(s.Realtime[10000][sideBEN]); ok {
			sse = strconv.FormatInt(rt.Latency.P99.Milliseconds(), 10)
		}
		if rt, ok := best(s.Public); ok && s.PublicClients == 10000 {
			ssePublic = strconv.FormatInt(rt.Latency.P99.Milliseconds(), 10)
		}
		if p99, ok := listP99(s); ok {
			list = strconv.FormatInt(p99.Milliseconds(), 10)
		}
		if v, ok := best(s.Load["verify"][sideBEN]); ok {
			verify = strconv.FormatFloat(math.Round(v.PerSecond), 'f', 0, 64)
		}
		if len(s.ColdStarts[sideBEN]) > 0 {
			cold = strconv.FormatInt(medianDuration(s.ColdStarts[sideBEN]).Milliseconds(), 10)
		}
	}
	return fmt.Sprintf("bench: read_ratio=%s write_ratio=%s list_p99_ms=%s sse10k_p99_ms=%s sse10k_public_p99_ms=%s verify_rps=%s coldstart_ms=%s realtime_failed_rounds=%d",
		read, write, list, sse, ssePublic, verify, cold, len(r.realtimeFailures()))
}

func (r *report) markdown() string {
	var b strings.Builder
	o := r.Settings
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	w("# Performance\n\n")
	variant := "`make bench`"
	if o.Quick {
		variant = "`make bench-quick` (town scale only, short runs: a smoke test, not a measurement)"
	}
	w("Generated by %s on %s in %s. The next run overwrites this file; the analysis comes from\n",
		variant, r.Started.UTC().Format("2006-01-02 15:04 UTC"), r.Finished.Sub(r.Started).Round(time.Second))
	w("`bench/run/analysis.md`. Summary of this run (the figures are BEN's, at the town scale):\n\n")
	w("```\n%s\n```\n\n", r.summaryLine())

	if failed := r.realtimeFailures(); len(failed) > 0 {
		w("## Failed realtime rounds\n\n")
		w("These rounds did not reach every client, or their change failed; the run failed. The tables below show\n")
		w("each server's best round, \"All rounds\" every round.\n\n")
		for _, f := range failed {
			w("- %s\n", f)
		}
		w("\n")
	}

	w("## Machine\n\n")
	w("| | |\n| --- | --- |\n")
	w("| CPU | %s, %d cores |\n", r.Machine.CPU, r.Machine.Cores)
	w("| memory | %s |\n", r.Machine.Memory)
	w("| Go | %s |\n", r.Machine.GoVersion)
	w("| PocketBase | %s |\n", r.Machine.PocketBase)
	w("| load average when the run started | %s (other work on the machine makes every figure noisier) |\n\n", r.Machine.LoadAverage)

	w("## What is measured\n\n")
	w("- **BEN** is built like `make build` and runs with its JS hooks (`pb_hooks/`). The **baseline** (`bench/baseline`)\n")
	w("  is plain PocketBase %s with BEN's migrations: the same schema, API rules and data, but none of BEN's\n", r.Machine.PocketBase)
	w("  Go hooks, routes, JS hooks or portal. Both are built with the same flags.\n")
	w("- **Data**: `bench/seed` seeds each scale once (migrations through PocketBase, then plain SQL in one\n")
	w("  transaction per collection, one password hash shared by all accounts) and the directory is copied for\n")
	w("  each server, so both start from identical data. The seeded settings turn the **rate limiter off**: all\n")
	w("  load comes from one client IP, which BEN's production limits (600 requests per 10 s) would throttle.\n")
	if o.SMTPSink {
		w("  Both servers send mail over SMTP to the harness's sink (`bench/internal/smtpsink`, on 127.0.0.1), which\n")
		w("  accepts, counts and discards every message")
		if o.SMTPDelay > 0 {
			w(" and answers each one **%s late** (a slow mail server)", o.SMTPDelay)
		}
		w("; each load run shows the mails received during it\n")
		w("  (warm-up included, counted until the sink falls quiet: mails go out after the response).\n")
	} else {
		w("  No SMTP server is configured, so the mails BEN sends on a submission fail fast and are logged.\n")
	}
	w("- **Load**: `bench/loadgen`, a separate process on the same %d cores as the server: %d keep-alive\n", r.Machine.Cores, o.Workers)
	w("  workers, %s warm-up, %s measured. Every scenario runs BEN, baseline, BEN, baseline … (%d round(s)\n", o.Warmup, o.Duration, o.Rounds)
	w("  each); the tables show each server's best round (the one least disturbed by other work on the machine),\n")
	w("  every round is listed at the end. A card application is one operation of three requests: create\n")
	w("  the draft, add an engagement, submit (on BEN the submission runs the eligibility check).\n")
	w("- **Realtime**: N guests connect to `/api/realtime` and subscribe to `events`; a superuser changes one\n")
	w("  public event; latency runs from sending the change until a client has read the message; memory is the\n")
	w("  server's VmRSS with every client connected.\n")
	w("- **Cold start**: from starting the process until the first 200 from `/api/health`, on a data directory\n")
	w("  that has been served before; **idle memory**: VmRSS %s later, without requests. Median of %d starts.\n\n", o.IdleWait, o.ColdStarts)

	for _, s := range r.Scales {
		r.scaleTable(&b, s)
	}
	r.targets(&b)

	w("## Eligibility check (Go benchmark)\n\n")
	if r.Eligibility.Err != "" {
		w("`go test -bench BenchmarkCheck ./hooks/card` failed: %s\n\n", r.Eligibility.Err)
	} else {
		w("`go test -bench BenchmarkCheck ./hooks/card`: `%s` (%.2f µs per check).\n\n", r.Eligibility.Line, r.Eligibility.NsPerOp/1000)
	}

	w("%s\n", strings.TrimSpace(analysis))
	w("\n## How to reproduce\n\n")
	w("```sh\n")
	w("make bench        # both scales, about a quarter of an hour; rewrites docs/PERFORMANCE.md\n")
	w("make bench-quick  # town scale, short runs, under two minutes; writes bin/bench-quick.md\n")
	w("make soak         # realtime rounds of 5,000 and 10,000 clients while staff write; writes bin/soak.md\n")
	w("```\n\n")
	w("Both raise the open-files limit (`ulimit -n`) for the 10,000 realtime clients; the servers and the load\n")
	w("generator listen and connect on 127.0.0.1 only. The knobs (`go run ./bench/run -h`): `--scales`,\n")
	w("`--scenarios`, `--workers`, `--warmup`, `--duration`, `--rounds`, `--realtime`, `--cold-starts`,\n")
	w("`--smtp-delay` (the SMTP sink answers each message that late: a slow mail server), `--keep` (keep the\n")
	w("work directory with the data and server logs). Run the benchmark on a quiet machine: anything else\n")
	w("running shares the cores with the servers and the load generator. The measurements of the last run are\n")
	w("saved in `bin/bench/results.json`; `go run ./bench/run --render bin/bench/results.json` writes this file\n")
	w("again from them (after editing the analysis) without measuring anything.\n\n")
	w("To see where time goes, `--profile DIR` builds BEN with a pprof listener (a file laid over the main\n")
	w("package at build time with `go build -overlay`; the production binary has none), starts the baseline\n")
	w("with `--pprof`, and stores a CPU profile of every measured load run in DIR:\n\n")
	w("```sh\n")
	w("go run ./bench/run --scales stress --rounds 1 --realtime 1000 --out bin/perf.md --profile bin/profiles\n")
	w("go tool pprof -top bin/profiles/stress-upcoming-events-BEN-1.pprof\n")
	w("```\n\n")

	w("## All rounds\n\n")
	for _, s := range r.Scales {
		w("%s (seeded in %s):\n\n", scaleTitles[s.Name], s.SeedTime.Round(100*time.Millisecond))
		w("| scenario | server | rounds |\n| --- | --- | --- |\n")
		for _, sc := range loadScenarios {
			for _, side := range []string{sideBEN, sideBaseline} {
				if rounds := s.Load[sc.key][side]; len(rounds) > 0 {
					var cells []string
					for _, rr := range rounds {
						cells = append(cells, loadgenResult{rr}.oneLine())
					}
					w("| %s | %s | %s |\n", sc.key, side, strings.Join(cells, "<br>"))
				}
			}
		}
		for _, clients := range o.RealtimeClients {
			for _, side := range []string{sideBEN, sideBaseline} {
				var cells []string
				for _, rr := range s.Realtime[clients][side] {
					cells = append(cells, loadgenResult{rr}.oneLine())
				}
				w("| realtime %s | %s | %s |\n", thousands(int64(clients)), side, strings.Join(cells, "<br>"))
			}
		}
		if len(s.Changes) > 0 {
			var cells []string
			for _, rr := range s.Changes {
				cells = append(cells, loadgenResult{rr}.oneLine())
			}
			w("| realtime %s on ben/changes | BEN | %s |\n", thousands(int64(s.ChangesClients)), strings.Join(cells, "<br>"))
		}
		if len(s.Public) > 0 {
			var cells []string
			for _, rr := range s.Public {
				cells = append(cells, loadgenResult{rr}.oneLine())
			}
			w("| realtime %s on %s | BEN | %s |\n", thousands(int64(s.PublicClients)), publicTopic, strings.Join(cells, "<br>"))
		}
		for _, side := range []string{sideBEN, sideBaseline} {
			var cells []string
			for i, d := range s.ColdStarts[side] {
				cells = append(cells, fmt.Sprintf("%s ms, %s", ms(d), mib(s.Idle[side][i])))
			}
			w("| cold start, idle memory | %s | %s |\n", side, strings.Join(cells, "; "))
		}
		w("\n")
	}
	return b.String()
}

func (r *report) scaleTable(b *strings.Builder, s *scaleResult) {
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	w("## %s\n\n", scaleTitles[s.Name])
	w("| scenario | BEN | baseline | BEN/baseline |\n| --- | --- | --- | --- |\n")
	for _, sc := range loadScenarios {
		ben, okBEN := best(s.Load[sc.key][sideBEN])
		base, okBase := best(s.Load[sc.key][sideBaseline])
		baseCell := loadCell(base, okBase)
		ratioCell := "–"
		if sc.benOnly {
			baseCell = "no such route"
		} else if okBEN && okBase {
			ratioCell = ratio(ben.PerSecond, base.PerSecond) + " (req/s)"
		}
		title := sc.title
		if sc.key == "submit" {
			ratioCell = strings.Replace(ratioCell, "req/s", "applications/s", 1)
			title += ", applications/s"
		} else {
			title += ", req/s"
		}
		w("| %s | %s | %s | %s |\n", title, loadCell(ben, okBEN), baseCell, ratioCell)
	}
	for _, clients := range r.Settings.RealtimeClients {
		ben, okBEN := best(s.Realtime[clients][sideBEN])
		base, okBase := best(s.Realtime[clients][sideBaseline])
		ratioCell := "–"
		if okBEN && okBase {
			ratioCell = ratio(float64(ben.Latency.P99), float64(base.Latency.P99)) + " (p99), " +
				ratio(float64(ben.RSSBytes), float64(base.RSSBytes)) + " (memory)"
		}
		benCell, baseCell := realtimeCell(ben, okBEN), realtimeCell(base, okBase)
		if round, res, failed := worstRealtime(s.Realtime[clients][sideBEN]); failed {
			benCell += fmt.Sprintf(" · **round %d failed: %d/%d delivered%s**", round, res.Delivered, res.Clients, errorSuffix(res))
		}
		if round, res, failed := worstRealtime(s.Realtime[clients][sideBaseline]); failed {
			baseCell += fmt.Sprintf(" · **round %d failed: %d/%d delivered%s**", round, res.Delivered, res.Clients, errorSuffix(res))
		}
		w("| realtime: %s clients, one event changed | %s | %s | %s |\n", thousands(int64(clients)), benCell, baseCell, ratioCell)
	}
	if s.ChangesClients > 0 {
		ben, ok := best(s.Changes)
		cell := realtimeCell(ben, ok)
		if round, res, failed := worstRealtime(s.Changes); failed {
			cell += fmt.Sprintf(" · **round %d failed: %d/%d delivered%s**", round, res.Delivered, res.Clients, errorSuffix(res))
		}
		w("| realtime: %s clients on `ben/changes` only (BEN's change signal, no rule check per client), one event changed | %s | no such signal | – |\n",
			thousands(int64(s.ChangesClients)), cell)
	}
	if s.PublicClients > 0 {
		ben, ok := best(s.Public)
		cell := realtimeCell(ben, ok)
		if round, res, failed := worstRealtime(s.Public); failed {
			cell += fmt.Sprintf(" · **round %d failed: %d/%d delivered%s**", round, res.Delivered, res.Clients, errorSuffix(res))
		}
		w("| realtime: %s guests on `%s` (the changed event with its payload, one rule check per change) | %s | no such topic | – |\n",
			thousands(int64(s.PublicClients)), publicTopic, cell)
	}
	benCold, baseCold := medianDuration(s.ColdStarts[sideBEN]), medianDuration(s.ColdStarts[sideBaseline])
	w("| cold start to first healthy response | %s ms | %s ms | %s |\n", ms(benCold), ms(baseCold),
		ratio(float64(benCold), float64(baseCold)))
	benIdle, baseIdle := medianBytes(s.Idle[sideBEN]), medianBytes(s.Idle[sideBaseline])
	w("| idle memory (VmRSS) | %s | %s | %s |\n\n", mib(benIdle), mib(baseIdle), ratio(float64(benIdle), float64(baseIdle)))
}

// targets checks the targets against BEN's figures.
func (r *report) targets(b *strings.Builder) {
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "**missed**"
	}
	w("## Targets\n\n| target | measured | |\n| --- | --- | --- |\n")

	for _, s := range r.Scales {
		for _, sc := range loadScenarios {
			if !sc.read {
				continue
			}
			if v, ok := medianRatio(s.Load[sc.key][sideBEN], s.Load[sc.key][sideBaseline]); ok {
				w("| %s: guest reads (%s) at ≥ 5× the baseline (median of the round pairs) | %.2f | %s |\n", s.Name, sc.key, v, verdict(v >= 5))
			}
		}
		if v, ok := medianRatio(s.Load["submit"][sideBEN], s.Load["submit"][sideBaseline]); ok {
			w("| %s: card applications at ≥ 0.90 of the baseline (median of the round pairs) | %.2f | %s |\n", s.Name, v, verdict(v >= 0.90))
		}
	}

	if town := r.scale("town"); town != nil {
		if p99, ok := listP99(town); ok {
			w("| town: guest lists p99 under 50 ms (32 clients; the slower list, median of its rounds) | %s ms | %s |\n", ms(p99), verdict(p99 < 50*time.Millisecond))
		}
		if stress := r.scale("stress"); stress != nil {
			for _, key := range []string{"orgs-by-topic", "upcoming-events", "view-org"} {
				t, okT := best(town.Load[key][sideBEN])
				s, okS := best(stress.Load[key][sideBEN])
				if okT && okS && s.PerSecond > 0 {
					slower := t.PerSecond / s.PerSecond
					w("| stress no more than 3× slower than town: %s | %.1f× (%s → %s req/s; p99 %s → %s ms) | %s |\n", key, slower,
						thousands(int64(t.PerSecond)), thousands(int64(s.PerSecond)), ms(t.Latency.P99), ms(s.Latency.P99), verdict(slower <= 3))
				}
			}
		}
	}

	for _, s := range r.Scales {
		if rt, ok := best(s.Realtime[10000][sideBEN]); ok {
			w("| %s: 10,000 realtime clients on `events`, p99 under 1 s | %s ms (%d of %d reached) | %s |\n", s.Name, ms(rt.Latency.P99),
				rt.Delivered, rt.Clients, verdict(rt.Latency.P99 < time.Second && rt.Delivered == rt.Clients))
			w("| %s: 10,000 realtime clients, memory under 1 GiB | %s | %s |\n", s.Name, mib(rt.RSSBytes), verdict(rt.RSSBytes < 1<<30))
		}
		if rt, ok := best(s.Public); ok && s.PublicClients == 10000 {
			w("| %s: 10,000 guests on `%s`, p99 under 300 ms | %s ms (%d of %d reached) | %s |\n", s.Name, publicTopic, ms(rt.Latency.P99),
				rt.Delivered, rt.Clients, verdict(rt.Latency.P99 < 300*time.Millisecond && rt.Delivered == rt.Clients))
		}
	}
	if len(r.Scales) > 0 {
		s := r.Scales[0]
		if v, ok := best(s.Load["verify"][sideBEN]); ok {
			w("| %s: online verification ≥ 10,000 req/s (≥ 5,000 on any machine) | %s req/s | %s |\n", s.Name, thousands(int64(v.PerSecond)), verdict(v.PerSecond >= 10000))
		} else if len(s.Load["verify"][sideBEN]) > 0 {
			w("| online verification ≥ 5,000 req/s | skipped: %s | – |\n", s.Load["verify"][sideBEN][0].Skipped)
		}
	}
	if r.Eligibility.Err == "" {
		w("| eligibility check under 5 µs | %.2f µs | %s |\n", r.Eligibility.NsPerOp/1000, verdict(r.Eligibility.NsPerOp < 5000))
	}
	for _, s := range r.Scales {
		cold := medianDuration(s.ColdStarts[sideBEN])
		idle := medianBytes(s.Idle[sideBEN])
		w("| %s: cold start under 300 ms | %s ms | %s |\n", s.Name, ms(cold), verdict(cold < 300*time.Millisecond))
		w("| %s: idle memory under 120 MiB (JS hook pool included) | %s | %s |\n", s.Name, mib(idle), verdict(idle < 120<<20))
	}
	w("\n")
}
