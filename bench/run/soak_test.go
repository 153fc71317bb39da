package main

import (
	"strings"
	"testing"
	"time"

	"ben/bench/internal/result"
)

func soakWith(plan string, rounds ...result.Round) *soakReport {
	return &soakReport{Plan: plan, Rounds: map[string][]result.Round{sideBEN: rounds}}
}

func told(clients int, writes ...time.Duration) result.Round {
	return result.Round{Clients: clients, Connected: clients, Delivered: clients, Writes: writes}
}

func TestTheSoakPassesWhenEveryRoundIsDeliveredAndWritesAreFast(t *testing.T) {
	t.Parallel()
	r := soakWith("2x5000", told(5000, 999*time.Millisecond), told(5000, 10*time.Millisecond))
	if problems := r.problems(); len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
}

func TestTheSoakFails(t *testing.T) {
	t.Parallel()
	partly := told(5000)
	partly.Round, partly.Delivered = 2, 0
	for name, r := range map[string]*soakReport{
		"when a round reached fewer than all clients": soakWith("2x5000", told(5000), partly),
		"when a write failed": soakWith("1x5000", func() result.Round {
			r := told(5000)
			r.WriteErrors = 1
			return r
		}()),
		"when the writes' p99 is a second": soakWith("1x5000", told(5000, time.Second)),
		"when rounds are missing":          soakWith("3x5000", told(5000), told(5000)),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if len(r.problems()) == 0 {
				t.Fatal("no problem found")
			}
			if !strings.Contains(r.markdown(), "## Failed") {
				t.Fatal("the report does not say that the soak failed")
			}
		})
	}
}

func TestTheBenchFailsOnAnyRealtimeRoundThatMissedClients(t *testing.T) {
	t.Parallel()
	ok := result.Result{Clients: 5000, Delivered: 5000}
	missed := result.Result{Clients: 5000, Delivered: 0, Errors: 1, ErrorNote: "changing the event failed: context deadline exceeded"}
	r := &report{Settings: settings{RealtimeClients: []int{5000}}, Scales: []*scaleResult{{
		Name:     "town",
		Realtime: map[int]map[string][]result.Result{5000: {sideBEN: {ok, missed}, sideBaseline: {ok, ok}}},
		Load:     map[string]map[string][]result.Result{},
	}}}
	failed := r.realtimeFailures()
	if len(failed) != 1 || !strings.Contains(failed[0], "BEN round 2") {
		t.Fatalf("failures %v, want BEN's round 2", failed)
	}
	md := r.markdown()
	for _, want := range []string{"## Failed realtime rounds", "round 2 failed: 0/5000 delivered", "realtime_failed_rounds=1"} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q", want)
		}
	}

	r.Scales[0].Realtime[5000][sideBEN] = []result.Result{ok, ok}
	if failed := r.realtimeFailures(); len(failed) != 0 {
		t.Fatalf("rounds delivered in full failed: %v", failed)
	}
}
