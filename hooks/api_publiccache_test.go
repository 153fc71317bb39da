package hooks_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/internal/testapp"
	"ben/hooks/publiccache"
)

// readTwice reads url twice as a guest (the second answer comes from the
// cache) and returns the second body.
func readTwice(t testing.TB, h http.Handler, url string) string {
	t.Helper()
	for i := 0; i < 2; i++ {
		rec := guestGet(t, h, url)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", url, rec.Code, rec.Body)
		}
		if i == 1 {
			return rec.Body.String()
		}
	}
	return ""
}

func TestGuestReadsAreKeptAndServedWithValidators(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	cache := publiccache.Of(app)
	url := "/api/collections/events/records?sort=starts_at&perPage=50"

	first := guestGet(t, h, url)
	if first.Code != http.StatusOK {
		t.Fatalf("guest list: %d %s", first.Code, first.Body)
	}
	if cache.Stats().Entries != 1 {
		t.Fatalf("a guest's list was not kept: %+v", cache.Stats())
	}
	second := guestGet(t, h, url)
	if second.Body.String() != first.Body.String() {
		t.Fatal("the kept answer differs from the fresh one")
	}
	etag := first.Header().Get("ETag")
	if etag == "" || second.Header().Get("ETag") != etag {
		t.Fatalf("ETag fresh %q, kept %q", etag, second.Header().Get("ETag"))
	}
	if cc := first.Header().Get("Cache-Control"); !strings.HasPrefix(cc, "public, max-age=") {
		t.Fatalf("guest list Cache-Control = %q, want public with a max-age", cc)
	}
	// the same question, its parameters in another order, is the same entry
	guestGet(t, h, "/api/collections/events/records?perPage=50&sort=starts_at")
	if cache.Stats().Entries != 1 {
		t.Fatalf("the order of query parameters made a second entry: %+v", cache.Stats())
	}

	notModified := guestGet(t, h, url, "If-None-Match", etag)
	if notModified.Code != http.StatusNotModified || notModified.Body.Len() != 0 {
		t.Fatalf("If-None-Match with the current ETag: %d, %d bytes", notModified.Code, notModified.Body.Len())
	}
	// a write that changes the answer changes the ETag
	f.EventA.Set("title", "Training A, neu")
	if err := app.Save(f.EventA); err != nil {
		t.Fatal(err)
	}
	changed := guestGet(t, h, url, "If-None-Match", etag)
	if changed.Code != http.StatusOK || !strings.Contains(changed.Body.String(), "Training A, neu") {
		t.Fatalf("after a write If-None-Match with the old ETag: %d", changed.Code)
	}
	if changed.Header().Get("ETag") == etag {
		t.Fatal("the changed answer kept the old ETag")
	}
}

func TestLoggedInRequestsNeverTouchTheCache(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	cache := publiccache.Of(app)
	for _, role := range []string{"editorA", "staffBuero", "staff"} {
		rec := do(t, h, http.MethodGet, "/api/collections/events/records", f.Tokens[role], "")
		if rec.Code != http.StatusOK {
			t.Fatalf("%s lists events: %d", role, rec.Code)
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "private, no-store" {
			t.Fatalf("%s: Cache-Control %q, want private, no-store", role, cc)
		}
		if rec.Header().Get("ETag") != "" {
			t.Fatalf("%s: a personal answer carries an ETag", role)
		}
	}
	if n := cache.Stats().Entries; n != 0 {
		t.Fatalf("logged-in reads left %d entries", n)
	}
	// a guest's kept list is not what an editor gets (the draft is theirs)
	readTwice(t, h, "/api/collections/events/records")
	rec := do(t, h, http.MethodGet, "/api/collections/events/records", f.Tokens["editorA"], "")
	if !strings.Contains(rec.Body.String(), f.EventADraft.Id) {
		t.Fatal("the editor was served the guests' list without the own draft")
	}
	// an invalid token is no guest either: the answer is not shared
	rec = do(t, h, http.MethodGet, "/api/collections/events/records", "not-a-token", "")
	if cc := rec.Header().Get("Cache-Control"); cc != "private, no-store" {
		t.Fatalf("request with an invalid token: Cache-Control %q", cc)
	}
}

// A guest who reads right after a write has been answered sees it, however
// it was written and whichever collection the answer draws on.
func TestGuestReadsRightAfterAnyWrite(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)

	t.Run("update through the API", func(t *testing.T) {
		// not parallel: the subtests share one app and change it in turn
		url := "/api/collections/events/records/" + f.EventB.Id
		readTwice(t, h, url)
		rec := do(t, h, http.MethodPatch, "/api/collections/events/records/"+f.EventB.Id, f.Tokens["editorB"], `{"title":"Probe verlegt"}`)
		if rec.Code != http.StatusOK {
			t.Fatalf("editor updates: %d %s", rec.Code, rec.Body)
		}
		if body := guestGet(t, h, url).Body.String(); !strings.Contains(body, "Probe verlegt") {
			t.Fatalf("guest still reads the old title: %s", body)
		}
	})

	t.Run("write in Go code (a hook, a job, the dashboard's save)", func(t *testing.T) {
		url := "/api/collections/events/records?filter=" + urlq(`title~"Training"`)
		readTwice(t, h, url)
		updateRecord(t, app, "events", f.EventA.Id, map[string]any{"title": "Training am Abend"})
		if body := guestGet(t, h, url).Body.String(); !strings.Contains(body, "Training am Abend") {
			t.Fatal("guest still reads the old title after a save in Go")
		}
	})

	t.Run("write inside a transaction", func(t *testing.T) {
		url := "/api/collections/events/records/" + f.EventA.Id
		readTwice(t, h, url)
		err := app.RunInTransaction(func(tx core.App) error {
			e, err := tx.FindRecordById("events", f.EventA.Id)
			if err != nil {
				return err
			}
			e.Set("title", "Training im Saal")
			return tx.Save(e)
		})
		if err != nil {
			t.Fatal(err)
		}
		if body := guestGet(t, h, url).Body.String(); !strings.Contains(body, "Training im Saal") {
			t.Fatal("guest still reads the old title after a transaction")
		}
	})

	t.Run("delete", func(t *testing.T) {
		url := "/api/collections/events/records?perPage=100"
		if body := readTwice(t, h, url); !strings.Contains(body, f.EventOffice.Id) {
			t.Fatal("the office's event is not listed to begin with")
		}
		rec := do(t, h, http.MethodDelete, "/api/collections/events/records/"+f.EventOffice.Id, f.Tokens["staffBuero"], "")
		if rec.Code != http.StatusNoContent {
			t.Fatalf("staff deletes: %d %s", rec.Code, rec.Body)
		}
		if body := guestGet(t, h, url).Body.String(); strings.Contains(body, f.EventOffice.Id) {
			t.Fatal("guest still lists the deleted event")
		}
		if rec := guestGet(t, h, "/api/collections/events/records/"+f.EventOffice.Id); rec.Code != http.StatusNotFound {
			t.Fatalf("guest views the deleted event: %d", rec.Code)
		}
	})

	t.Run("another collection the answer expands", func(t *testing.T) {
		url := "/api/collections/events/records/" + f.EventB.Id + "?expand=organisation"
		readTwice(t, h, url)
		updateRecord(t, app, "organisations", f.ClubB.Id, map[string]any{"name": "Chor B von 1900"})
		if body := guestGet(t, h, url).Body.String(); !strings.Contains(body, "Chor B von 1900") {
			t.Fatal("the expanded organisation is stale")
		}
	})

	t.Run("another collection the rule joins", func(t *testing.T) {
		url := "/api/collections/events/records?perPage=100"
		if body := readTwice(t, h, url); !strings.Contains(body, f.EventB.Id) {
			t.Fatal("club B's event is not listed to begin with")
		}
		club, _ := app.FindRecordById("organisations", f.ClubB.Id)
		club.Set("status", "archived") // events of an archived club are not public
		if err := app.Save(club); err != nil {
			t.Fatal(err)
		}
		if body := guestGet(t, h, url).Body.String(); strings.Contains(body, f.EventB.Id) {
			t.Fatal("guest still lists the event of a club that is no longer published")
		}
	})

	t.Run("another collection a back-relation filter reads", func(t *testing.T) {
		url := "/api/collections/organisations/records?filter=" + urlq(`events_via_organisation.title ?~ "Sommerfest"`)
		if body := readTwice(t, h, url); strings.Contains(body, f.ClubA.Id) {
			t.Fatal("club A has a summer fête before it has one")
		}
		updateRecord(t, app, "events", f.EventA.Id, map[string]any{"title": "Sommerfest"})
		if body := guestGet(t, h, url).Body.String(); !strings.Contains(body, f.ClubA.Id) {
			t.Fatal("the back-relation filter answers from before the write")
		}
	})
}

// A changed API rule holds from the next read on.
func TestCacheDropsEverythingWhenARuleChanges(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	url := "/api/collections/events/records?perPage=100"
	if body := readTwice(t, h, url); !strings.Contains(body, f.EventA.Id) {
		t.Fatal("the guest list is empty to begin with")
	}
	events, _ := app.FindCollectionByNameOrId("events")
	events.ListRule = types.Pointer(`@request.auth.id != ""`)
	if err := app.Save(events); err != nil {
		t.Fatal(err)
	}
	if body := guestGet(t, h, url).Body.String(); strings.Contains(body, f.EventA.Id) {
		t.Fatal("a guest still reads a list the new rule closes to guests")
	}
}

// Collections added after BEN was written (another concern's migration)
// are linked through their relations, without being listed anywhere.
func TestCacheFollowsCollectionsItWasNotWrittenFor(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	events, _ := app.FindCollectionByNameOrId("events")
	notes := core.NewBaseCollection("event_notes")
	notes.ListRule = types.Pointer("")
	notes.ViewRule = types.Pointer("")
	notes.Fields.Add(
		&core.RelationField{Name: "event", CollectionId: events.Id, MaxSelect: 1},
		&core.TextField{Name: "text"},
	)
	if err := app.Save(notes); err != nil {
		t.Fatal(err)
	}
	url := "/api/collections/events/records/" + f.EventA.Id + "?expand=event_notes_via_event"
	readTwice(t, h, url)
	note := core.NewRecord(notes)
	note.Set("event", f.EventA.Id)
	note.Set("text", "Bitte Hallenschuhe mitbringen")
	if err := app.Save(note); err != nil {
		t.Fatal(err)
	}
	if body := guestGet(t, h, url).Body.String(); !strings.Contains(body, "Hallenschuhe") {
		t.Fatal("a record of a newly added collection did not invalidate the answers that show it")
	}
}

// Visibility that depends on the time (published_at <= @now) holds within
// a second, on both sides of the moment.
func TestKeptAnswersFollowTheClock(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	h := testapp.Handler(t, app)
	articles, _ := app.FindCollectionByNameOrId("articles")
	at := time.Now().Add(1500 * time.Millisecond)
	a := core.NewRecord(articles)
	a.Load(map[string]any{"kind": "news", "title": "Punkt zwölf", "slug": "punkt-zwoelf", "published": true, "published_at": at})
	if err := app.Save(a); err != nil {
		t.Fatal(err)
	}
	url := "/api/collections/articles/records?perPage=100"
	// before the moment: not public, however often a guest asks
	for time.Now().Before(at.Add(-300 * time.Millisecond)) {
		if body := guestGet(t, h, url).Body.String(); strings.Contains(body, a.Id) {
			t.Fatal("an article is public before its publication time")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// a second after the moment at the latest, also while guests keep asking
	deadline := at.Add(publiccache.MaxAge + 50*time.Millisecond)
	for time.Now().Before(deadline) {
		guestGet(t, h, url)
		time.Sleep(50 * time.Millisecond)
	}
	if body := guestGet(t, h, url).Body.String(); !strings.Contains(body, a.Id) {
		t.Fatal("an article is still hidden more than a second after its publication time")
	}
}

// While guests keep reading, every write is visible to the next read after
// it was answered.
func TestGuestReadsRightAfterWritesUnderConcurrentLoad(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	url := "/api/collections/events/records?perPage=100&sort=title"
	var stop atomic.Bool
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				guestGet(t, h, url)
			}
		}()
	}
	defer func() { stop.Store(true); wg.Wait() }()
	for i := 0; i < 40; i++ {
		title := "Lauf " + string(rune('A'+i%26)) + string(rune('a'+i/26))
		var rec *httptest.ResponseRecorder
		if i%2 == 0 {
			rec = do(t, h, http.MethodPatch, "/api/collections/events/records/"+f.EventB.Id, f.Tokens["editorB"], `{"title":"`+title+`"}`)
			if rec.Code != http.StatusOK {
				t.Fatalf("write %d: %d", i, rec.Code)
			}
		} else {
			updateRecord(t, app, "events", f.EventB.Id, map[string]any{"title": title})
		}
		var list struct {
			Items []struct{ ID, Title string }
		}
		if err := json.Unmarshal(guestGet(t, h, url).Body.Bytes(), &list); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, it := range list.Items {
			if it.ID == f.EventB.Id {
				found = it.Title == title
			}
		}
		if !found {
			t.Fatalf("write %d (%q) answered, the next guest read does not show it", i, title)
		}
	}
}

func urlq(s string) string { return neturl.QueryEscape(s) }

// BenchmarkGuestEventList is a guest's page of events through the whole
// router: "kept" from the cache, "fresh" computed by PocketBase each time
// (a new address per request).
func BenchmarkGuestEventList(b *testing.B) {
	app, _ := testapp.New(b)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(b, app)
	url := "/api/collections/events/records?sort=starts_at&perPage=20&expand=organisation"
	b.Run("kept", func(b *testing.B) {
		for b.Loop() {
			if rec := guestGet(b, h, url); rec.Code != http.StatusOK {
				b.Fatal(rec.Code)
			}
		}
	})
	b.Run("fresh", func(b *testing.B) {
		n := 0
		for b.Loop() {
			n++
			if rec := guestGet(b, h, url+"&n="+strconv.Itoa(n)); rec.Code != http.StatusOK {
				b.Fatal(rec.Code)
			}
		}
	})
}
