package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"ben/bench/internal/proc"
	"ben/bench/internal/result"
)

// Bounds of the soak: every wait ends, and a round that waits longer than
// soakStall for any progress is a stall and gets a goroutine dump.
const (
	soakConnectTimeout  = 2 * time.Minute
	soakDeliveryTimeout = 30 * time.Second
	soakWriteTimeout    = 30 * time.Second
	soakDropTimeout     = 30 * time.Second
	soakLetGoTimeout    = time.Minute
	soakDumpsPerRound   = 2
	soakDumpInterval    = 10 * time.Second
)

// soakSettings are the soak's knobs (flags of the load generator).
type soakSettings struct {
	plan       []int         // clients per round, in order
	subscribe  []string      // topics every client subscribes to
	writePause time.Duration // between one staff write and the next
	pause      time.Duration // between one round and the next
	stall      time.Duration // no progress for this long is a stall
	pprof      string        // the server's pprof listener, host:port ("" none)
	dumps      string        // directory for goroutine dumps

	// idleGoroutines is the server's goroutine count with no realtime
	// client (and the load generator's keep-alive connections) plus a
	// margin: after a round the server must get back below it
	idleGoroutines int
}

// soakScenario runs the rounds of the plan against one server and writes
// one JSON line (result.Round) per round to out as soon as the round is
// over. Throughout, one staff member keeps changing public events, one
// write after the other; in every round a second one changes the manifest's
// event with a marker that each client must read. A round that stalls gets
// a goroutine dump of the server (with --pprof).
func soakScenario(cfg config, s soakSettings, out io.Writer) error {
	markerEvent := cfg.manifest.RealtimeEventID
	if markerEvent == "" {
		return fmt.Errorf("the manifest names no public upcoming event to change")
	}
	control := newClient(concurrentDials)
	control.Timeout = soakWriteTimeout
	others, err := publicEvents(control, cfg.target, markerEvent)
	if err != nil {
		return err
	}

	staff := &writeLog{}
	stopStaff := make(chan struct{})
	staffDone := make(chan struct{})
	go func() {
		defer close(staffDone)
		if s.writePause <= 0 {
			return // only the rounds' own changes, as in the benchmark
		}
		for n := 0; ; n++ {
			select {
			case <-stopStaff:
				return
			case <-time.After(s.writePause):
			}
			id := others[n%len(others)]
			staff.write(func() error {
				return changeEvent(control, cfg, id, "Bürgerhaus Bitburg, Saal "+strconv.Itoa(n%1000))
			})
		}
	}()
	defer func() { close(stopStaff); <-staffDone }()

	if n := serverGoroutines(s.pprof); n > 0 {
		s.idleGoroutines = n + concurrentDials + 100
	}
	encoder := json.NewEncoder(out)
	for i, clients := range s.plan {
		r := soakRound(cfg, s, control, staff, markerEvent, i+1, clients)
		if err := encoder.Encode(r); err != nil {
			return err
		}
		if i < len(s.plan)-1 {
			time.Sleep(s.pause)
		}
	}
	return nil
}

// publicEvents are up to 50 events a guest can list, without except: the
// staff writes change them, so that each write reaches the subscribers.
func publicEvents(client *http.Client, target, except string) ([]string, error) {
	data, _, err := call(client, http.MethodGet, target+"/api/collections/events/records?"+url.Values{
		"perPage": {"51"}, "skipTotal": {"1"}, "fields": {"id"}, "sort": {"-starts_at"},
	}.Encode(), "", nil, http.StatusOK)
	if err != nil {
		return nil, fmt.Errorf("listing public events: %w", err)
	}
	var page struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(data, &page); err != nil {
		return nil, fmt.Errorf("listing public events: %w", err)
	}
	var ids []string
	for _, item := range page.Items {
		if item.ID != except && len(ids) < 50 {
			ids = append(ids, item.ID)
		}
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("no public event besides %s to change", except)
	}
	return ids, nil
}

// changeEvent sets an event's location as superuser, as staff do in the
// dashboard.
func changeEvent(client *http.Client, cfg config, id, location string) error {
	_, _, err := call(client, http.MethodPatch, cfg.target+"/api/collections/events/records/"+id,
		cfg.manifest.SuperuserToken, map[string]any{"location": location}, http.StatusOK)
	return err
}

// writeLog collects the latencies of the staff writes; take hands out
// those of a round. It also knows since when the oldest running write has
// been waiting, for the stall watch.
type writeLog struct {
	mu       sync.Mutex
	samples  []time.Duration
	errors   int
	firstErr string
	running  map[int64]time.Time
	next     int64
}

// write runs fn as one timed staff write and returns its latency.
func (l *writeLog) write(fn func() error) (time.Duration, error) {
	started := time.Now()
	l.mu.Lock()
	if l.running == nil {
		l.running = map[int64]time.Time{}
	}
	l.next++
	id := l.next
	l.running[id] = started
	l.mu.Unlock()

	err := fn()
	took := time.Since(started)

	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.running, id)
	if err != nil {
		l.errors++
		if l.firstErr == "" {
			l.firstErr = err.Error()
		}
		return took, err
	}
	l.samples = append(l.samples, took)
	return took, nil
}

// oldest is how long the oldest running write has been waiting (0: none).
func (l *writeLog) oldest() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	var longest time.Duration
	for _, started := range l.running {
		longest = max(longest, time.Since(started))
	}
	return longest
}

// take returns the writes finished since the last take.
func (l *writeLog) take() (samples []time.Duration, errors int, firstErr string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	samples, errors, firstErr = l.samples, l.errors, l.firstErr
	l.samples, l.errors, l.firstErr = nil, 0, ""
	return samples, errors, firstErr
}

// soakRound connects clients, changes the marker event, waits until every
// client has read the change (or the timeout), and drops all clients.
func soakRound(cfg config, s soakSettings, control *http.Client, staff *writeLog, markerEvent string, round, clients int) result.Round {
	started := time.Now()
	r := result.Round{Round: round, Clients: clients, Goroutines: serverGoroutines(s.pprof)}
	serverCPU, ownCPU := proc.CPUTime(cfg.serverPID), proc.CPUTime(os.Getpid())
	marker := fmt.Sprintf("Soak round %d %s", round, nonce())

	ctx, drop := context.WithCancel(context.Background())
	defer drop()
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	streams := &http.Client{Transport: &http.Transport{
		DialContext:           dialer.DialContext,
		DisableCompression:    true,
		ResponseHeaderTimeout: 30 * time.Second,
	}}

	var connected, delivered atomic.Int64
	received := make([]atomic.Int64, clients)
	ready := make(chan error, clients)
	dials := make(chan struct{}, concurrentDials)
	var wg sync.WaitGroup

	watch := newStallWatch(s, round, staff, func() int64 { return connected.Load() + delivered.Load() })
	defer watch.stop()

	connectStarted := time.Now()
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dials <- struct{}{}
			stream, err := connectRealtime(ctx, streams, control, cfg.target, s.subscribe...)
			<-dials
			ready <- err
			if err != nil {
				return
			}
			connected.Add(1)
			defer stream.Close()
			readUntilMarker(stream, marker, &received[i], &delivered)
		}()
	}

	deadline := time.After(soakConnectTimeout)
waitConnected:
	for range clients {
		select {
		case err := <-ready:
			if err != nil && r.ErrorNote == "" {
				r.ErrorNote = err.Error()
			}
		case <-deadline:
			if r.ErrorNote == "" {
				r.ErrorNote = fmt.Sprintf("only %d of %d clients connected within %s", connected.Load(), clients, soakConnectTimeout)
			}
			break waitConnected
		}
	}
	r.Connect = time.Since(connectStarted)
	r.Connected = int(connected.Load())
	r.RSSBytes = proc.ResidentBytes(cfg.serverPID)

	// the round's change, while the other staff writes go on
	changeSent := time.Now()
	took, err := staff.write(func() error { return changeEvent(control, cfg, markerEvent, marker) })
	r.Change = took
	if err != nil && r.ErrorNote == "" {
		r.ErrorNote = "the round's change failed: " + err.Error()
	}
	for until := time.Now().Add(soakDeliveryTimeout); time.Now().Before(until); time.Sleep(5 * time.Millisecond) {
		if delivered.Load() >= connected.Load() {
			break
		}
	}
	r.RSSBytes = max(r.RSSBytes, proc.ResidentBytes(cfg.serverPID))

	var waits []time.Duration
	for i := range received {
		if at := received[i].Load(); at != 0 {
			waits = append(waits, time.Duration(at-changeSent.UnixNano()))
		}
	}
	r.Delivered = len(waits)
	r.Delivery = result.Summarize(waits)
	if missing := r.Connected - r.Delivered; missing > 0 && r.ErrorNote == "" {
		r.ErrorNote = fmt.Sprintf("%d connected clients did not read the change within %s", missing, soakDeliveryTimeout)
	}

	drop()
	dropped := time.Now()
	closed := make(chan struct{})
	go func() { wg.Wait(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(soakDropTimeout):
		fmt.Fprintf(os.Stderr, "loadgen: round %d: some clients did not close within %s\n", round, soakDropTimeout)
	}

	var firstErr string
	r.Writes, r.WriteErrors, firstErr = staff.take()
	r.WriteLatency = result.Summarize(append([]time.Duration(nil), r.Writes...))
	if firstErr != "" && r.ErrorNote == "" {
		r.ErrorNote = "a staff write failed: " + firstErr
	}
	r.Dumps = watch.stop()
	letGo(s, &r, dropped)
	r.ServerCPU = proc.CPUTime(cfg.serverPID) - serverCPU
	r.LoadgenCPU = proc.CPUTime(os.Getpid()) - ownCPU
	r.LoadAverage = proc.LoadAverage()
	r.Took = time.Since(started)
	return r
}

// readUntilMarker reads the stream; the first message that carries marker
// counts the client as told. It keeps reading (the client stays connected,
// the other staff writes keep coming) until the stream ends.
func readUntilMarker(stream *realtimeStream, marker string, received *atomic.Int64, delivered *atomic.Int64) {
	for {
		line, err := stream.ReadString('\n')
		if err != nil {
			return // the round is over (or the server hung up)
		}
		if received.Load() == 0 && strings.Contains(line, marker) {
			received.Store(time.Now().UnixNano())
			delivered.Add(1)
		}
	}
}

// letGo waits until the server has let go of the round's clients (its
// goroutines are back near where they were before the first round), so
// that the next round's connections are measured on their own, and notes
// how long that took; a server still holding them after a minute leaks,
// and the round fails. A wait longer than the stall time gets a dump.
func letGo(s soakSettings, r *result.Round, dropped time.Time) {
	if s.idleGoroutines == 0 {
		return // no pprof listener: nothing to ask
	}
	dumped := false
	for {
		n := serverGoroutines(s.pprof)
		if n > 0 && n <= s.idleGoroutines {
			r.LetGo = time.Since(dropped)
			return
		}
		if time.Since(dropped) > soakLetGoTimeout {
			r.LetGo, r.StillHeld = time.Since(dropped), n
			return
		}
		if !dumped && time.Since(dropped) > s.stall {
			dumped = true
			reason := fmt.Sprintf("the server still holds %d goroutines %s after the clients dropped", n, time.Since(dropped).Round(time.Second))
			if path, err := dumpGoroutines(s, r.Round, len(r.Dumps)+1, reason); err == nil {
				fmt.Fprintf(os.Stderr, "loadgen: round %d: %s; goroutine dump in %s\n", r.Round, reason, path)
				r.Dumps = append(r.Dumps, path)
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func nonce() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// serverGoroutines reads the server's goroutine count from its pprof
// listener (0: unknown).
func serverGoroutines(pprofAddr string) int {
	if pprofAddr == "" {
		return 0
	}
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get("http://" + pprofAddr + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	first, _ := bufio.NewReader(resp.Body).ReadString('\n')
	_, total, _ := strings.Cut(strings.TrimSpace(first), "total ")
	n, _ := strconv.Atoi(total)
	return n
}

// stallWatch takes a goroutine dump of the server when a round makes no
// progress (no client connected or told) for the stall time while work is
// outstanding, or when a staff write has been waiting that long.
type stallWatch struct {
	done  chan struct{}
	dumps chan []string
}

func newStallWatch(s soakSettings, round int, staff *writeLog, progress func() int64) *stallWatch {
	w := &stallWatch{done: make(chan struct{}), dumps: make(chan []string, 1)}
	go func() {
		var dumps []string
		defer func() { w.dumps <- dumps }()
		last, lastChange := progress(), time.Now()
		var lastDump time.Time
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-w.done:
				return
			case <-tick.C:
			}
			if p := progress(); p != last {
				last, lastChange = p, time.Now()
			}
			reason := ""
			switch {
			case time.Since(lastChange) > s.stall:
				reason = fmt.Sprintf("no client connected or told for %s", time.Since(lastChange).Round(time.Second))
			case staff.oldest() > s.stall:
				reason = fmt.Sprintf("a staff write has waited %s", staff.oldest().Round(time.Second))
			}
			if reason == "" || s.pprof == "" || len(dumps) >= soakDumpsPerRound || time.Since(lastDump) < soakDumpInterval {
				continue
			}
			lastDump = time.Now()
			path, err := dumpGoroutines(s, round, len(dumps)+1, reason)
			if err != nil {
				fmt.Fprintf(os.Stderr, "loadgen: round %d stalled (%s); goroutine dump failed: %v\n", round, reason, err)
				continue
			}
			fmt.Fprintf(os.Stderr, "loadgen: round %d stalled (%s); goroutine dump in %s\n", round, reason, path)
			dumps = append(dumps, path)
		}
	}()
	return w
}

// stop ends the watch (the round is over) and returns its dumps; calling
// it again returns nothing.
func (w *stallWatch) stop() []string {
	select {
	case <-w.done:
		return nil
	default:
	}
	close(w.done)
	return <-w.dumps
}

// dumpGoroutines saves the server's goroutines with their stacks
// (debug=2), headed by why the dump was taken.
func dumpGoroutines(s soakSettings, round, n int, reason string) (string, error) {
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Get("http://" + s.pprof + "/debug/pprof/goroutine?debug=2")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if err := os.MkdirAll(s.dumps, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(s.dumps, fmt.Sprintf("round-%03d-dump-%d.txt", round, n))
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	fmt.Fprintf(f, "# soak round %d, %s: %s\n\n", round, time.Now().UTC().Format(time.RFC3339), reason)
	if _, err := io.Copy(f, resp.Body); err != nil {
		return "", err
	}
	return path, nil
}
