package realtime

import (
	"sync"
	"testing"
	"time"
)

func TestAWriteWaitsWhileTheClientsAreTooFarBehind(t *testing.T) {
	t.Parallel()
	f := &fanout{}
	f.room = sync.NewCond(&f.mu)
	f.delivering = true // the delivering goroutine is busy and takes nothing
	for range maxPending {
		f.enqueue(nil, &change{})
	}
	queued := make(chan struct{})
	go func() {
		f.enqueue(nil, &change{})
		close(queued)
	}()
	select {
	case <-queued:
		t.Fatalf("a write went through with %d changes waiting", maxPending)
	case <-time.After(100 * time.Millisecond):
	}

	// the delivering goroutine takes one change: the write goes on
	f.mu.Lock()
	f.pending = f.pending[1:]
	f.room.Broadcast()
	f.mu.Unlock()
	select {
	case <-queued:
	case <-time.After(5 * time.Second):
		t.Fatal("the write still waits although there is room")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.pending) != maxPending {
		t.Fatalf("%d changes waiting, want %d", len(f.pending), maxPending)
	}
}
