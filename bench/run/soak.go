package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"ben/bench/internal/datadir"
	"ben/bench/internal/result"
	"ben/bench/internal/smtpsink"
)

// soakOptions are the knobs of the realtime soak (`make soak`).
type soakOptions struct {
	plan       string
	sides      []string
	writePause time.Duration
	stall      time.Duration
	dumps      string
}

// Targets of the soak: every round delivered in full (result.Round.Failed)
// and the staff writes answered fast.
const soakWriteP99Target = time.Second

// soakReport is a soak run: its settings and every round of every server.
type soakReport struct {
	Machine  machine                   `json:"machine"`
	Started  time.Time                 `json:"started"`
	Finished time.Time                 `json:"finished"`
	Plan     string                    `json:"plan"`
	Pause    time.Duration             `json:"writePause"`
	Rounds   map[string][]result.Round `json:"rounds"` // side → rounds
}

// runSoak builds BEN with a pprof listener (and the baseline, if asked),
// seeds the town scale and runs the load generator's soak against each
// server in turn. It writes the report, prints one line per round as it
// goes and a summary line, and fails when a round was not delivered in
// full, a write failed, or the writes' p99 reached soakWriteP99Target.
func runSoak(o options, so soakOptions) error {
	repo, err := os.Getwd()
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(repo, "go.mod")); err != nil {
		return fmt.Errorf("run from the repository root (go.mod not found in %s)", repo)
	}
	plan, err := result.ParsePlan(so.plan)
	if err != nil {
		return err
	}
	if need := uint64(slices.Max(plan)) + 1000; openFilesLimit() < need {
		return fmt.Errorf("the open-files limit (%d) is too low for %d clients: raise it with ulimit -n %d (make soak does)",
			openFilesLimit(), slices.Max(plan), need)
	}
	if o.workDir == "" {
		if o.workDir, err = os.MkdirTemp("", "ben-soak-"); err != nil {
			return err
		}
	}
	if !o.keep {
		defer os.RemoveAll(o.workDir)
	}
	if err := clearDumps(so.dumps); err != nil {
		return err
	}

	rep := &soakReport{Machine: describeMachine(), Started: time.Now(), Plan: so.plan, Pause: so.writePause,
		Rounds: map[string][]result.Round{}}
	logf("machine: %s, %d cores; load average %s", rep.Machine.CPU, rep.Machine.Cores, rep.Machine.LoadAverage)

	bins, err := buildSoak(o, repo, slices.Contains(so.sides, sideBaseline))
	if err != nil {
		return err
	}
	rep.Machine.GoVersion, rep.Machine.PocketBase = buildVersions(bins.benProfiled)

	seeded := filepath.Join(o.workDir, "seeded")
	manifestPath := filepath.Join(o.workDir, "manifest.json")
	sink, err := smtpsink.Start(0)
	if err != nil {
		return err
	}
	defer sink.Close()
	logf("soak: seeding the town scale (mail to the SMTP sink at %s)", sink.Addr())
	if err := command(15*time.Minute, bins.seed, "--dir", seeded, "--scale", "town", "--manifest", manifestPath, "--smtp", sink.Addr()); err != nil {
		return err
	}

	// the report is written also when the soak ends early: the rounds so
	// far are what there is to see
	var runErr error
	for _, side := range so.sides {
		rounds, err := soakSide(o, so, repo, bins, side, seeded, manifestPath)
		rep.Rounds[side] = rounds
		if err != nil {
			runErr = err
			break
		}
	}
	rep.Finished = time.Now()

	if o.results != "" {
		data, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(o.results), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(o.results, data, 0o644); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(filepath.Dir(o.out), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(o.out, []byte(rep.markdown()), 0o644); err != nil {
		return err
	}
	logf("soak report written to %s", o.out)
	fmt.Println(rep.summaryLine())
	if runErr != nil {
		return runErr
	}
	if problems := rep.problems(); len(problems) > 0 {
		for _, p := range problems {
			logf("FAILED: %s", p)
		}
		return fmt.Errorf("the soak failed (%d problems, listed above and in %s)", len(problems), o.out)
	}
	return nil
}

// clearDumps removes the goroutine dumps of an earlier soak, so that the
// directory holds only this run's.
func clearDumps(dir string) error {
	old, err := filepath.Glob(filepath.Join(dir, "round-*-dump-*.txt"))
	if err != nil {
		return err
	}
	for _, path := range old {
		if err := os.Remove(path); err != nil {
			return err
		}
	}
	return nil
}

// buildSoak compiles BEN with the pprof listener, the seeder, the load
// generator and, if asked, the baseline. Unlike the benchmark it keeps the
// caller's environment (CGO_ENABLED), so that a run after `make test`
// reuses the compiled packages: the soak measures stalls, not speed.
func buildSoak(o options, repo string, baseline bool) (binaries, error) {
	dir := filepath.Join(repo, "bin", "soak")
	b := binaries{
		benProfiled: filepath.Join(dir, "ben-profiled"),
		baseline:    filepath.Join(dir, "baseline"),
		seed:        filepath.Join(dir, "seed"),
		loadgen:     filepath.Join(dir, "loadgen"),
	}
	if err := os.MkdirAll(o.workDir, 0o755); err != nil {
		return b, err
	}
	overlay, err := profilingOverlay(o.workDir, repo)
	if err != nil {
		return b, err
	}
	steps := [][]string{
		{"build", "-overlay", overlay, "-o", b.benProfiled, "."},
		{"build", "-o", b.seed, "./bench/seed"},
		{"build", "-o", b.loadgen, "./bench/loadgen"},
	}
	if baseline {
		steps = append(steps, []string{"build", "-o", b.baseline, "./bench/baseline"})
	}
	logf("building BEN (with a pprof listener), the seeder and the load generator")
	for _, args := range steps {
		cmd := exec.Command(o.goTool, args...)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return b, fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
		}
	}
	return b, nil
}

// soakSide runs the whole plan against one server on a fresh copy of the
// seeded data.
func soakSide(o options, so soakOptions, repo string, bins binaries, side, seeded, manifestPath string) ([]result.Round, error) {
	dir := filepath.Join(o.workDir, side)
	if err := datadir.Copy(seeded, dir); err != nil {
		return nil, err
	}
	pprofPort, err := freePort()
	if err != nil {
		return nil, err
	}
	pprofAddr := "127.0.0.1:" + strconv.Itoa(pprofPort)
	s := &server{side: side, binary: bins.benProfiled, dataDir: dir, logPath: filepath.Join(o.workDir, side+".log"),
		args: []string{"--hooksDir", filepath.Join(repo, "pb_hooks")}, env: []string{"BEN_BENCH_PPROF=" + pprofAddr}}
	if side == sideBaseline {
		s.binary, s.args, s.env = bins.baseline, []string{"--pprof", pprofAddr}, nil
	}
	if _, err := s.start(); err != nil {
		return nil, err
	}
	defer s.stop()

	plan, _ := result.ParsePlan(so.plan)
	// every round is bounded (connect, delivery and drop; see the load
	// generator): the whole soak cannot take longer than this. Ctrl-C
	// ends the load generator, and the server through the deferred stop,
	// instead of leaving them running with thousands of connections.
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(len(plan))*4*time.Minute)
	defer cancel()
	ctx, stopSignals := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	cmd := exec.CommandContext(ctx, bins.loadgen, "--target", s.url(), "--manifest", manifestPath,
		"--scenario", "soak", "--plan", so.plan, "--write-pause", so.writePause.String(), "--stall", so.stall.String(),
		"--pprof", pprofAddr, "--dumps", filepath.Join(so.dumps, side), "--server-pid", strconv.Itoa(s.pid()))
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	logf("soak: %s, %d rounds (%s), staff write every %s", side, len(plan), so.plan, so.writePause)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	var rounds []result.Round
	lines := bufio.NewScanner(stdout)
	lines.Buffer(make([]byte, 1<<20), 16<<20)
	for lines.Scan() {
		var r result.Round
		if err := json.Unmarshal(lines.Bytes(), &r); err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			return rounds, fmt.Errorf("loadgen soak: %w", err)
		}
		rounds = append(rounds, r)
		logf("soak: %-8s %s", side, soakRoundLine(r, len(plan)))
	}
	if err := cmd.Wait(); err != nil {
		if ctx.Err() != nil {
			return rounds, fmt.Errorf("soak against %s ended early: %w", side, context.Cause(ctx))
		}
		return rounds, fmt.Errorf("loadgen soak against %s: %w", side, err)
	}
	return rounds, nil
}

// soakRoundLine is one round for the progress log and the report.
func soakRoundLine(r result.Round, of int) string {
	line := fmt.Sprintf("round %d/%d: %d/%d told, connect %s, delivery p99 %s ms, change %s ms, %d writes p99 %s max %s ms, %d goroutines before, let go in %s, %s, CPU server %s loadgen %s in %s, load %.1f",
		r.Round, of, r.Delivered, r.Clients, r.Connect.Round(time.Millisecond), ms(r.Delivery.P99), ms(r.Change),
		len(r.Writes), ms(r.WriteLatency.P99), ms(r.WriteLatency.Max), r.Goroutines, r.LetGo.Round(100*time.Millisecond), mib(r.RSSBytes),
		r.ServerCPU.Round(10*time.Millisecond), r.LoadgenCPU.Round(10*time.Millisecond), r.Took.Round(100*time.Millisecond), r.LoadAverage)
	if problem := r.Failed(); problem != "" {
		line += " — FAILED: " + problem
		if r.ErrorNote != "" {
			line += " (" + r.ErrorNote + ")"
		}
	}
	if len(r.Dumps) > 0 {
		line += " — goroutine dumps: " + strings.Join(r.Dumps, ", ")
	}
	return line
}

// writes are every staff write of a side's soak.
func writes(rounds []result.Round) (samples []time.Duration, errors int) {
	for _, r := range rounds {
		samples = append(samples, r.Writes...)
		errors += r.WriteErrors
	}
	return samples, errors
}

// problems lists what makes the soak fail.
func (r *soakReport) problems() []string {
	var out []string
	plan, _ := result.ParsePlan(r.Plan)
	for _, side := range soakSides(r) {
		rounds := r.Rounds[side]
		if len(rounds) < len(plan) {
			out = append(out, fmt.Sprintf("%s: only %d of %d rounds ran", side, len(rounds), len(plan)))
		}
		for _, round := range rounds {
			if problem := round.Failed(); problem != "" {
				out = append(out, fmt.Sprintf("%s round %d (%d clients): %s", side, round.Round, round.Clients, problem))
			}
		}
		samples, _ := writes(rounds)
		if p99 := result.Summarize(samples).P99; p99 >= soakWriteP99Target {
			out = append(out, fmt.Sprintf("%s: staff writes p99 %s ms, target under %s ms", side, ms(p99), ms(soakWriteP99Target)))
		}
	}
	return out
}

// soakSides are the sides of a report in a fixed order.
func soakSides(r *soakReport) []string {
	var sides []string
	for _, side := range []string{sideBEN, sideBaseline} {
		if _, ok := r.Rounds[side]; ok {
			sides = append(sides, side)
		}
	}
	return sides
}

func (r *soakReport) summaryLine() string {
	var parts []string
	for _, side := range soakSides(r) {
		rounds := r.Rounds[side]
		failed := 0
		var connect, delivery time.Duration
		for _, round := range rounds {
			if round.Failed() != "" {
				failed++
			}
			connect = max(connect, round.Connect)
			delivery = max(delivery, round.Delivery.P99)
		}
		samples, errs := writes(rounds)
		w := result.Summarize(samples)
		parts = append(parts, fmt.Sprintf("%s rounds=%d failed=%d write_p99_ms=%d write_max_ms=%d write_errors=%d delivery_p99_max_ms=%d connect_max_ms=%d",
			strings.ToLower(side), len(rounds), failed, w.P99.Milliseconds(), w.Max.Milliseconds(), errs, delivery.Milliseconds(), connect.Milliseconds()))
	}
	return "soak: " + strings.Join(parts, "; ")
}

func (r *soakReport) markdown() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# Realtime soak\n\n")
	w("Run of %s, %s, plan `%s`. `make soak` writes this file.\n\n", r.Started.UTC().Format("2006-01-02 15:04 UTC"),
		r.Finished.Sub(r.Started).Round(time.Second), r.Plan)
	w("```\n%s\n```\n\n", r.summaryLine())
	w("Machine: %s, %d cores, %s; Go %s, PocketBase %s; load average at the start %s.\n\n", r.Machine.CPU, r.Machine.Cores,
		r.Machine.Memory, r.Machine.GoVersion, r.Machine.PocketBase, r.Machine.LoadAverage)
	w("Each round: the clients connect to `/api/realtime` (128 at a time) and subscribe as the portal's event pages do\n")
	w("(`events/*` and `ben/changes`); staff change one public event with a marker; the round is delivered when every\n")
	w("client has read that change; then all clients drop at once. ")
	if r.Pause > 0 {
		w("Throughout, another staff member changes other public\n")
		w("events, one write every %s after the last one returned. ", r.Pause)
	} else {
		w("There are no other staff writes.\n")
	}
	w("\"Writes\" are all staff writes that finished in the\n")
	w("round (the round's change included), \"goroutines\" the server's count before the round's clients connected, \"let go\"\n")
	w("how long the server took after the drop to be back at its goroutines before the first round (the next round waits\n")
	w("for that; a minute fails the round: a leak); the CPU\n")
	w("columns are the CPU time the server and the load generator used in the round, \"load\" the machine's one-minute load\n")
	w("average at its end (other work on the machine slows every figure).\n\n")

	if problems := r.problems(); len(problems) > 0 {
		w("## Failed\n\n")
		for _, p := range problems {
			w("- %s\n", p)
		}
		w("\n")
	} else {
		w("Every round was delivered in full and the staff writes met the target (p99 under %s ms).\n\n", ms(soakWriteP99Target))
	}

	for _, side := range soakSides(r) {
		rounds := r.Rounds[side]
		samples, errs := writes(rounds)
		all := result.Summarize(samples)
		w("## %s\n\n", side)
		w("Staff writes: %d, p50 %s · p99 %s · max %s ms, %d failed or timed out.\n\n", len(samples), ms(all.P50), ms(all.P99), ms(all.Max), errs)
		w("| round | clients | told | connect | delivery p50 · p99 · max ms | round's change ms | writes | writes p99 · max ms | goroutines before | let go | memory | CPU server · loadgen / round | load | |\n")
		w("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
		for _, round := range rounds {
			note := round.Failed()
			if note != "" {
				note = "**" + note + "**"
				if round.ErrorNote != "" {
					note += ": " + round.ErrorNote
				}
			}
			if len(round.Dumps) > 0 {
				note += " dumps: " + strings.Join(round.Dumps, ", ")
			}
			w("| %d | %s | %s | %s | %s · %s · %s | %s | %d | %s · %s | %d | %s | %s | %s · %s / %s | %.1f | %s |\n", round.Round, thousands(int64(round.Clients)),
				thousands(int64(round.Delivered)), round.Connect.Round(time.Millisecond), ms(round.Delivery.P50), ms(round.Delivery.P99),
				ms(round.Delivery.Max), ms(round.Change), len(round.Writes), ms(round.WriteLatency.P99), ms(round.WriteLatency.Max),
				round.Goroutines, round.LetGo.Round(100*time.Millisecond), mib(round.RSSBytes), round.ServerCPU.Round(10*time.Millisecond), round.LoadgenCPU.Round(10*time.Millisecond),
				round.Took.Round(100*time.Millisecond), round.LoadAverage, note)
		}
		w("\n")
	}
	return b.String()
}
