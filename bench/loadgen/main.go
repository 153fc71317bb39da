// Command loadgen drives one benchmark scenario against one server and
// prints the measurement as JSON. It runs as a process of its own, apart
// from the servers it measures, and only ever talks to 127.0.0.1.
//
// Load scenarios keep N workers busy on keep-alive connections for a warm-up
// and then a fixed measured duration; the realtime scenario connects many
// SSE clients, changes one event and times its delivery to every client.
// The soak repeats realtime rounds (connect, change, drop) while staff
// writes go on and prints one JSON line per round.
//
//	loadgen --target http://127.0.0.1:8090 --manifest town.json --scenario orgs-by-topic --workers 32 --duration 10s
//	loadgen --target http://127.0.0.1:8090 --manifest town.json --scenario soak --plan 20x5000,5x10000 --pprof 127.0.0.1:16060
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	"ben/bench/internal/manifest"
	"ben/bench/internal/result"
)

// scenarioFunc runs one scenario with the given settings.
type scenarioFunc func(cfg config) result.Result

// scenarios maps each scenario name to its implementation.
var scenarios = map[string]scenarioFunc{
	"orgs-by-topic":   readScenario(orgsByTopic),
	"upcoming-events": readScenario(upcomingEvents),
	"view-org":        readScenario(viewOrganisation),
	"ical":            readScenario(icalFeed),
	"verify":          verifyScenario,
	"submit":          submitScenario,
	"realtime":        realtimeScenario,
}

// config is what every scenario gets.
type config struct {
	target    string
	manifest  *manifest.Manifest
	workers   int
	warmup    time.Duration
	duration  time.Duration
	clients   int
	topic     string
	serverPID int
}

func main() {
	target := flag.String("target", "", "base URL of the server, http://127.0.0.1:<port>")
	manifestPath := flag.String("manifest", "", "the seeder's manifest of the data directory the server uses")
	scenario := flag.String("scenario", "", "one of: "+strings.Join(scenarioNames(), ", "))
	workers := flag.Int("workers", 32, "concurrent workers (load scenarios)")
	warmup := flag.Duration("warmup", 3*time.Second, "warm-up before measuring (load scenarios)")
	duration := flag.Duration("duration", 10*time.Second, "measured duration (load scenarios)")
	clients := flag.Int("clients", 1000, "SSE clients (realtime scenario)")
	topic := flag.String("topic", "events", "realtime topic to subscribe to: events or ben/changes (realtime scenario)")
	serverPID := flag.Int("server-pid", 0, "process id of the server, to read its memory (realtime scenario)")
	plan := flag.String("plan", "20x5000,5x10000", "soak: rounds and clients, ROUNDSxCLIENTS[,ROUNDSxCLIENTS…]")
	subscribe := flag.String("subscribe", "events/*,ben/changes", "soak: comma-separated topics every client subscribes to (default: those of the portal's event pages)")
	writePause := flag.Duration("write-pause", 250*time.Millisecond, "soak: pause between one staff write and the next (0: no staff writes besides each round's change)")
	pause := flag.Duration("pause", time.Second, "soak: pause between rounds")
	stall := flag.Duration("stall", 5*time.Second, "soak: a round without progress (or a write waiting) this long has stalled: take a goroutine dump")
	pprofAddr := flag.String("pprof", "", "soak: the server's pprof listener (host:port on 127.0.0.1), for goroutine counts and dumps")
	dumps := flag.String("dumps", "soak-dumps", "soak: directory for the goroutine dumps")
	flag.Parse()

	run, ok := scenarios[*scenario]
	if *scenario == "soak" {
		run, ok = nil, true
	}
	if !ok || *target == "" || *manifestPath == "" || *topic == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := checkLoopback(*target); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(2)
	}
	if *workers < 1 || *workers > 1024 || *duration <= 0 || *duration > 10*time.Minute || *warmup < 0 ||
		*warmup > 5*time.Minute || *clients < 1 || *clients > 20000 {
		fmt.Fprintln(os.Stderr, "loadgen: workers 1–1024, duration up to 10m, warm-up up to 5m, clients 1–20000")
		os.Exit(2)
	}
	m, err := manifest.Read(*manifestPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}

	cfg := config{target: strings.TrimSuffix(*target, "/"), manifest: m, workers: *workers,
		warmup: *warmup, duration: *duration, clients: *clients, topic: *topic, serverPID: *serverPID}
	if run == nil {
		settings := soakSettings{subscribe: strings.Split(*subscribe, ","), writePause: *writePause, pause: *pause,
			stall: *stall, pprof: *pprofAddr, dumps: *dumps}
		if settings.plan, err = result.ParsePlan(*plan); err == nil && *pprofAddr != "" {
			err = checkLoopback("http://" + *pprofAddr)
		}
		if err == nil {
			err = soakScenario(cfg, settings, os.Stdout)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			os.Exit(1)
		}
		return
	}

	res := run(cfg)
	res.Scenario, res.Target = *scenario, *target
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

// checkLoopback refuses any target but 127.0.0.1: the benchmark loads
// only the servers it started itself.
func checkLoopback(target string) error {
	u, err := url.Parse(target)
	if err != nil {
		return err
	}
	if u.Scheme != "http" || u.Hostname() != "127.0.0.1" {
		return fmt.Errorf("target %q: only http://127.0.0.1:<port> is allowed", target)
	}
	return nil
}

func scenarioNames() []string {
	names := make([]string, 0, len(scenarios))
	for name := range scenarios {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
