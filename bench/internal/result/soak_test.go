package result

import (
	"slices"
	"testing"
	"time"
)

func TestAPlanNamesTheClientsOfEveryRound(t *testing.T) {
	t.Parallel()
	rounds, err := ParsePlan("2x5000, 1x10000")
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{5000, 5000, 10000}; !slices.Equal(rounds, want) {
		t.Fatalf("rounds %v, want %v", rounds, want)
	}
	for _, bad := range []string{"", "5000", "0x5000", "2x0", "2x20001", "1001x10", "x", "2x5000,", "twox5000"} {
		if _, err := ParsePlan(bad); err == nil {
			t.Errorf("plan %q was accepted", bad)
		}
	}
}

func TestARoundFailsUnlessEveryClientWasToldAndEveryWriteAnswered(t *testing.T) {
	t.Parallel()
	full := Round{Clients: 5000, Connected: 5000, Delivered: 5000, Writes: []time.Duration{time.Second}}
	if problem := full.Failed(); problem != "" {
		t.Fatalf("a round delivered in full failed: %s", problem)
	}
	for name, r := range map[string]Round{
		"one client not connected":                {Clients: 5000, Connected: 4999, Delivered: 4999},
		"one client not told":                     {Clients: 5000, Connected: 5000, Delivered: 4999},
		"nobody told":                             {Clients: 5000, Connected: 5000, Delivered: 0},
		"a write timed out":                       {Clients: 5000, Connected: 5000, Delivered: 5000, WriteErrors: 1},
		"the server kept the clients' goroutines": {Clients: 5000, Connected: 5000, Delivered: 5000, LetGo: time.Minute, StillHeld: 4000},
	} {
		if r.Failed() == "" {
			t.Errorf("%s: the round passed", name)
		}
	}
}
