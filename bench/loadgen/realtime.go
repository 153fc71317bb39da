package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"ben/bench/internal/proc"
	"ben/bench/internal/result"
)

// Bounds of the realtime scenario: every wait ends.
const (
	connectTimeout   = 3 * time.Minute
	deliveryTimeout  = 30 * time.Second
	concurrentDials  = 128 // stays well below the listen backlog
	settleBeforeEdit = time.Second
)

// realtimeScenario connects cfg.clients guests to /api/realtime, subscribes
// each to cfg.topic ("events": every change of a public event, checked
// against the list rule for each client; "ben/changes": BEN's own signal
// that the portal listens to), changes one public event as superuser and
// measures how long each client waits for the message, and the server's
// memory.
func realtimeScenario(cfg config) result.Result {
	eventID := cfg.manifest.RealtimeEventID
	if eventID == "" {
		return result.Result{Skipped: "the manifest names no public upcoming event to change"}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	streams := &http.Client{Transport: &http.Transport{
		DialContext:           dialer.DialContext,
		DisableCompression:    true,
		ResponseHeaderTimeout: 30 * time.Second,
	}}
	control := newClient(concurrentDials)

	received := make([]atomic.Int64, cfg.clients) // unix nanoseconds of receipt, 0 = not yet
	ready := make(chan error, cfg.clients)
	dials := make(chan struct{}, concurrentDials)
	var clients sync.WaitGroup
	connectStarted := time.Now()
	for i := range cfg.clients {
		clients.Add(1)
		go func() {
			defer clients.Done()
			dials <- struct{}{}
			stream, err := connectRealtime(ctx, streams, control, cfg.target, cfg.topic)
			<-dials
			ready <- err
			if err != nil {
				return
			}
			defer stream.Close()
			for {
				line, err := stream.ReadString('\n')
				if err != nil {
					return // the scenario is over (or the server hung up)
				}
				if strings.TrimSpace(line) == "event:"+cfg.topic && received[i].Load() == 0 {
					received[i].Store(time.Now().UnixNano())
				}
			}
		}()
	}

	var res result.Result
	res.Clients = cfg.clients
	connected := 0
	deadline := time.After(connectTimeout)
waitConnected:
	for range cfg.clients {
		select {
		case err := <-ready:
			if err != nil {
				res.Errors++
				if res.ErrorNote == "" {
					res.ErrorNote = err.Error()
				}
				continue
			}
			connected++
		case <-deadline:
			res.ErrorNote = fmt.Sprintf("only %d of %d clients connected within %s", connected, cfg.clients, connectTimeout)
			break waitConnected
		}
	}
	res.Connect = time.Since(connectStarted)
	time.Sleep(settleBeforeEdit)
	rssConnected := proc.ResidentBytes(cfg.serverPID)

	changed := time.Now()
	_, _, err := call(control, http.MethodPatch, cfg.target+"/api/collections/events/records/"+eventID,
		cfg.manifest.SuperuserToken, map[string]any{"location": "Bürgerhaus Bitburg, Saal " + strconv.FormatInt(changed.UnixNano()%1000, 10)},
		http.StatusOK)
	if err != nil {
		// the change may still have gone through (a timeout): count who
		// was told all the same, rather than reporting nobody
		res.Errors++
		res.ErrorNote = "changing the event failed: " + err.Error()
	}

	deliveryDeadline := changed.Add(deliveryTimeout)
	for time.Now().Before(deliveryDeadline) {
		if countReceived(received) >= connected {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	res.RSSBytes = max(rssConnected, proc.ResidentBytes(cfg.serverPID))

	var waits []time.Duration
	for i := range received {
		if at := received[i].Load(); at != 0 {
			waits = append(waits, time.Duration(at-changed.UnixNano()))
		}
	}
	res.Delivered = len(waits)
	res.Latency = result.Summarize(waits)
	if missing := connected - res.Delivered; missing > 0 {
		res.Errors += int64(missing)
		if res.ErrorNote == "" {
			res.ErrorNote = fmt.Sprintf("%d connected clients did not get the change within %s", missing, deliveryTimeout)
		}
	}

	cancel()
	finished := make(chan struct{})
	go func() { clients.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(30 * time.Second):
		fmt.Fprintln(os.Stderr, "loadgen: some realtime clients did not close within 30 s")
	}
	return res
}

func countReceived(received []atomic.Int64) int {
	n := 0
	for i := range received {
		if received[i].Load() != 0 {
			n++
		}
	}
	return n
}

// realtimeStream is an open SSE connection.
type realtimeStream struct {
	*bufio.Reader
	body interface{ Close() error }
}

func (s *realtimeStream) Close() error { return s.body.Close() }

// connectRealtime opens the SSE stream, reads the client id from the
// PB_CONNECT event and subscribes the client to topics (in one request, as
// the JS SDK does).
func connectRealtime(ctx context.Context, streams, control *http.Client, target string, topics ...string) (*realtimeStream, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target+"/api/realtime", nil)
	if err != nil {
		return nil, err
	}
	resp, err := streams.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("GET /api/realtime: status %d", resp.StatusCode)
	}
	stream := &realtimeStream{Reader: bufio.NewReaderSize(resp.Body, 1024), body: resp.Body}

	clientID := ""
	for clientID == "" {
		line, err := stream.ReadString('\n')
		if err != nil {
			stream.Close()
			return nil, fmt.Errorf("reading PB_CONNECT: %w", err)
		}
		if data, ok := strings.CutPrefix(strings.TrimSpace(line), "data:"); ok {
			var connect struct {
				ClientID string `json:"clientId"`
			}
			if err := json.Unmarshal([]byte(data), &connect); err != nil || connect.ClientID == "" {
				stream.Close()
				return nil, errors.New("PB_CONNECT without a clientId")
			}
			clientID = connect.ClientID
		}
	}

	_, _, err = call(control, http.MethodPost, target+"/api/realtime", "",
		map[string]any{"clientId": clientID, "subscriptions": topics}, http.StatusNoContent)
	if err != nil {
		stream.Close()
		return nil, err
	}
	return stream, nil
}
