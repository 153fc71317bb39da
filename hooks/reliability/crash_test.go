package reliability

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

type ack struct {
	id, title string
}

// TestWritesSurviveSIGKILL sends a stream of writes, kills the server with
// SIGKILL mid-stream, restarts it and checks that every write that was
// answered with success is there and intact, and that SQLite's integrity
// check passes. Repeated over several kills.
func TestWritesSurviveSIGKILL(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts and kills real server processes")
	}
	const kills = 5
	dataDir := newDataDir(t)
	var acked []ack
	total := 0

	for round := range kills {
		s := start(t, dataDir)
		var mu sync.Mutex
		var wg sync.WaitGroup
		stop := make(chan struct{})
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					title := fmt.Sprintf("Runde %d Schreiber %d Nr. %d – Ümläut ✓", round, w, i)
					start := time.Date(2030, 1, 1, 10, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
					var out struct {
						ID string `json:"id"`
					}
					code, err := s.try(http.MethodPost, "/api/collections/events/records", map[string]any{
						"title": title, "kind": "termin", "published": true,
						"starts_at": start.Format(time.RFC3339), "ends_at": start.Add(time.Hour).Format(time.RFC3339),
					}, &out)
					if err != nil {
						return // the server is gone
					}
					if code == 200 {
						mu.Lock()
						acked = append(acked, ack{out.ID, title})
						total++
						mu.Unlock()
					}
				}
			}()
		}
		time.Sleep(time.Duration(300+rand.IntN(500)) * time.Millisecond)
		s.kill()
		close(stop)
		wg.Wait()
	}

	// every acknowledged write is there, unchanged, and the file is sound
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dataDir})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer app.ResetBootstrapState()
	var integrity string
	if err := app.DB().NewQuery("PRAGMA integrity_check").Row(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity_check: %q %v", integrity, err)
	}
	for _, a := range acked {
		r, err := app.FindRecordById("events", a.id)
		if err != nil {
			t.Fatalf("acknowledged write %s (%q) is lost", a.id, a.title)
		}
		if r.GetString("title") != a.title {
			t.Fatalf("write %s changed: %q != %q", a.id, r.GetString("title"), a.title)
		}
	}
	if total < kills*10 {
		t.Fatalf("only %d writes acknowledged in %d rounds: the test did not exercise the server", total, kills)
	}
	t.Logf("%d kills, %d acknowledged writes, all present; integrity_check ok", kills, total)
}
