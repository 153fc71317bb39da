package realtime

import (
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// newTestClient is a client without an app (no record subscriptions) whose
// connection counts how often it was told to close.
func newTestClient() (*Client, *atomic.Int32) {
	var closed atomic.Int32
	return NewClient(nil, subscriptions.NewDefaultClient(), func() { closed.Add(1) }), &closed
}

func message(i int) subscriptions.Message {
	return subscriptions.Message{Name: "ben/changes", Data: []byte(strconv.Itoa(i))}
}

// within fails the test if fn does not return in time: sending must never
// wait for the connection.
func within(t *testing.T, d time.Duration, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { fn(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not return within %s", what, d)
	}
}

func TestSendingDoesNotWaitForTheConnectionAndKeepsTheOrder(t *testing.T) {
	t.Parallel()
	c, closed := newTestClient()
	const n = 500 // far more than the channel holds
	within(t, 5*time.Second, "sending to a connection that is not reading", func() {
		for i := range n {
			c.Send(message(i))
		}
	})
	for i := range n {
		select {
		case m := <-c.Channel():
			if string(m.Data) != strconv.Itoa(i) {
				t.Fatalf("message %d arrived as %s: the order was lost", i, m.Data)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("message %d never arrived", i)
		}
	}
	if closed.Load() != 0 {
		t.Fatal("a client that reads was disconnected")
	}
}

func TestAClientThatStopsReadingIsDisconnected(t *testing.T) {
	t.Parallel()
	c, closed := newTestClient()
	// the channel and the backlog hold exactly this many
	for i := range queueSize + maxBacklog {
		if !c.deliver(message(i)) {
			t.Fatalf("message %d: refused before the backlog was full", i)
		}
	}
	// the drain goroutine may have moved one message into the channel
	// already; wait until it sits there blocked, then check the boundary
	time.Sleep(50 * time.Millisecond)
	if closed.Load() != 0 {
		t.Fatal("disconnected with a full backlog: only a message beyond it may do that")
	}
	if c.deliver(message(-1)) {
		t.Fatal("one message beyond the backlog was accepted")
	}
	if closed.Load() != 1 {
		t.Fatalf("the connection was told to close %d times, want once", closed.Load())
	}
}

func TestADiscardedClientClosesItsConnectionAndTakesNoMore(t *testing.T) {
	t.Parallel()
	c, closed := newTestClient()
	for i := range 100 {
		c.Send(message(i))
	}
	c.Discard()
	c.Discard() // PocketBase may discard twice (Unregister after a close)
	if closed.Load() == 0 {
		t.Fatal("discarding did not close the connection")
	}
	if !c.IsDiscarded() {
		t.Fatal("the client does not know it was discarded")
	}
	within(t, time.Second, "sending to a discarded client", func() { c.Send(message(1)) })
}

// matchesAny must answer exactly as PocketBase's
// strings.HasPrefix(name+"?", prefix).
func TestMatchesAnyIsPocketBasesPrefixTest(t *testing.T) {
	t.Parallel()
	names := []string{"events/*", "events/*?options={}", "events/*x", "events", "events?x=1", "events/abc",
		"ben/changes", "ben/changesX", "ben/changes?options=%7B%7D", "", "?", "e"}
	prefixes := []string{"events/*?", "events?", "events/abc?", "ben/changes?", "ben/changes", "", "?", "e", "events/"}
	for _, name := range names {
		for _, prefix := range prefixes {
			want := strings.HasPrefix(name+"?", prefix)
			if got := matchesAny(name, []string{prefix}); got != want {
				t.Errorf("matchesAny(%q, %q) = %v, PocketBase says %v", name, prefix, got, want)
			}
		}
	}
}

func FuzzMatchesAny(f *testing.F) {
	f.Add("events/*", "events/*?")
	f.Add("events/*?options={}", "events/*?")
	f.Add("ben/changesX", "ben/changes?")
	f.Fuzz(func(t *testing.T, name, prefix string) {
		if got, want := matchesAny(name, []string{prefix}), strings.HasPrefix(name+"?", prefix); got != want {
			t.Fatalf("matchesAny(%q, %q) = %v, PocketBase says %v", name, prefix, got, want)
		}
	})
}
