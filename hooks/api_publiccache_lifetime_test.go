package hooks_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/internal/testapp"
	"ben/hooks/publiccache"
	"ben/hooks/search"
)

// An answer that only a write can change is kept past a second: a change
// made behind PocketBase's back (raw SQL, which no hook sees) stays unseen
// until the writer tells the cache, and then shows at once.
func TestAnswersOnlyAWriteCanChangeAreKeptUntilAWrite(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	for _, url := range []string{
		"/api/collections/organisations/records?sort=name",
		"/api/collections/organisations/records/" + f.ClubA.Id,
		"/api/collections/events/records?expand=organisation&filter=" + urlq(`starts_at >= "2020-01-01 00:00:00.000Z"`),
	} {
		if body := readTwice(t, h, url); !strings.Contains(body, "Turnverein A") {
			t.Fatalf("%s does not show club A to begin with: %s", url, body)
		}
	}
	if _, err := app.DB().Update("organisations", dbx.Params{"name": "Turnverein Alpha"}, dbx.HashExp{"id": f.ClubA.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(publiccache.MaxAge + 200*time.Millisecond)
	for _, url := range []string{
		"/api/collections/organisations/records?sort=name",
		"/api/collections/organisations/records/" + f.ClubA.Id,
	} {
		if body := guestGet(t, h, url).Body.String(); !strings.Contains(body, "Turnverein A\"") {
			t.Fatalf("%s was computed afresh after a second without a write: %s", url, body)
		}
	}
	publiccache.Changed(app, "organisations")
	for _, url := range []string{
		"/api/collections/organisations/records?sort=name",
		"/api/collections/organisations/records/" + f.ClubA.Id,
		"/api/collections/events/records?expand=organisation&filter=" + urlq(`starts_at >= "2020-01-01 00:00:00.000Z"`),
	} {
		if body := guestGet(t, h, url).Body.String(); !strings.Contains(body, "Turnverein Alpha") {
			t.Fatalf("%s is stale after the writer told the cache: %s", url, body)
		}
	}
}

// An answer whose rule, filter or joined rule reads the clock changes
// within a second of the moment, without any write, also while guests keep
// asking.
func TestAnswersThatReadTheClockChangeWithinASecond(t *testing.T) {
	t.Parallel()
	// visibleUntil checks that url shows id until the moment and hides it
	// a second after it at the latest
	visibleUntil := func(t *testing.T, h http.Handler, url, id string, moment time.Time) {
		t.Helper()
		for time.Now().Before(moment.Add(-300 * time.Millisecond)) {
			if body := guestGet(t, h, url).Body.String(); !strings.Contains(body, id) {
				t.Fatalf("hidden before its moment: %s", body)
			}
			time.Sleep(50 * time.Millisecond)
		}
		for time.Now().Before(moment.Add(publiccache.MaxAge + 50*time.Millisecond)) {
			guestGet(t, h, url)
			time.Sleep(50 * time.Millisecond)
		}
		if body := guestGet(t, h, url).Body.String(); strings.Contains(body, id) {
			t.Fatalf("still shown more than a second after its moment: %s", body)
		}
	}
	save := func(t *testing.T, app core.App, collection string, data map[string]any) *core.Record {
		t.Helper()
		c, err := app.FindCollectionByNameOrId(collection)
		if err != nil {
			t.Fatal(err)
		}
		r := core.NewRecord(c)
		r.Load(data)
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
		return r
	}

	t.Run("a rule with @now: a partner's offer ends", func(t *testing.T) {
		t.Parallel()
		app, _ := testapp.New(t)
		h := testapp.Handler(t, app)
		until := time.Now().Add(1500 * time.Millisecond)
		p := save(t, app, "partners", map[string]any{"name": "Kino bis gleich", "category": "Kultur", "benefit": "1 €", "active": true, "valid_until": until})
		visibleUntil(t, h, "/api/collections/partners/records?sort=name", p.Id, until)
	})
	t.Run("a guest's filter with @now: an event ends", func(t *testing.T) {
		t.Parallel()
		app, f := testapp.New(t)
		h := testapp.Handler(t, app)
		ends := time.Now().Add(1500 * time.Millisecond)
		e := save(t, app, "events", map[string]any{"title": "Gleich vorbei", "kind": "termin", "organisation": f.ClubA.Id, "published": true,
			"starts_at": time.Now().Add(-time.Hour), "ends_at": ends})
		visibleUntil(t, h, "/api/collections/events/records?sort=starts_at&filter="+urlq(`ends_at >= @now`), e.Id, ends)
	})
	t.Run("a guest's filter joins a collection whose rule has @now: an offer closes", func(t *testing.T) {
		t.Parallel()
		app, f := testapp.New(t)
		h := testapp.Handler(t, app)
		until := time.Now().Add(1500 * time.Millisecond)
		save(t, app, "opportunities", map[string]any{"organisation": f.ClubB.Id, "title": "Helfer gesucht", "commitment": "einmalig",
			"status": "published", "published_until": until})
		visibleUntil(t, h, "/api/collections/organisations/records?filter="+urlq(`opportunities_via_organisation.title ?= "Helfer gesucht"`), f.ClubB.Id, until)
	})
}

// Every write behind PocketBase's back to data that guests read tells the
// cache: a guest who reads right after it sees it.
func TestGuestReadsRightAfterWritesBehindTheHooks(t *testing.T) {
	t.Parallel()

	t.Run("erasing a member's account frees the seat their deputy stood in for", func(t *testing.T) {
		t.Parallel()
		app, f := testapp.New(t)
		h := testapp.Handler(t, app)
		member := mustAddMember(t, app, map[string]any{"person_name": "Clara Bürgerin", "seat": "politik", "active": true, "party": "Partei A", "user": f.Citizen.Id})
		deputy := mustAddMember(t, app, map[string]any{"person_name": "Vera Vertretung", "seat": "politik", "deputy": true, "active": true,
			"party": "Partei B", "deputy_for": member.Id})
		url := "/api/collections/working_group_members/records/" + deputy.Id
		if body := readTwice(t, h, url); !strings.Contains(body, `"deputy_for":"`+member.Id+`"`) {
			t.Fatalf("the deputy does not name the member to begin with: %s", body)
		}
		if err := app.Delete(f.Citizen); err != nil {
			t.Fatal(err)
		}
		if body := guestGet(t, h, url).Body.String(); !strings.Contains(body, `"deputy_for":""`) {
			t.Fatalf("the deputy still names the erased member: %s", body)
		}
	})

	t.Run("the search index written anew", func(t *testing.T) {
		t.Parallel()
		app, f := testapp.New(t)
		h := testapp.Handler(t, app)
		url := "/api/ben/search?q=Turnverein"
		if body := readTwice(t, h, url); !strings.Contains(body, f.ClubA.Id) {
			t.Fatalf("the club is not found to begin with: %s", body)
		}
		// a club renamed behind the hooks is found only once the index is
		// written anew, and then at once
		if _, err := app.DB().Update("organisations", dbx.Params{"name": "Sportgemeinschaft A"}, dbx.HashExp{"id": f.ClubA.Id}).Execute(); err != nil {
			t.Fatal(err)
		}
		if err := search.Rebuild(app, nil); err != nil {
			t.Fatal(err)
		}
		if body := guestGet(t, h, url).Body.String(); strings.Contains(body, f.ClubA.Id) {
			t.Fatalf("the search answers from before the index was written: %s", body)
		}
		if body := guestGet(t, h, "/api/ben/search?q=Sportgemeinschaft").Body.String(); !strings.Contains(body, f.ClubA.Id) {
			t.Fatalf("the renamed club is not found: %s", body)
		}
	})

	t.Run("a card replaced by a new one is on the revocation list", func(t *testing.T) {
		t.Parallel()
		app, f := testapp.New(t)
		h := testapp.Handler(t, app)
		old := issuedCard(t, app, "cacheapp00001aa", f.Citizen)
		number := old.GetString("number")
		if body := readTwice(t, h, "/api/ben/revocations"); strings.Contains(body, number) {
			t.Fatalf("an active card is listed: %s", body)
		}
		issuedCard(t, app, "cacheapp00002aa", f.Citizen) // ends the old card, which names its successor
		old, _ = app.FindRecordById("cards", old.Id)
		if old.GetString("replaced_by") == "" {
			t.Fatal("the old card does not name its successor")
		}
		if body := guestGet(t, h, "/api/ben/revocations").Body.String(); !strings.Contains(body, number) {
			t.Fatalf("the replaced card is missing from the list: %s", body)
		}
	})
}

// The search and the revocation list are kept like the records API: with
// an ETag, 304 for a client that holds the answer, a public
// Cache-Control, never for a logged-in request; a write to what they read
// drops them, a write elsewhere does not.
func TestSearchAndRevocationsAreKept(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	cache := publiccache.Of(app)
	issuedCard(t, app, "cacheapp00003aa", f.Citizen)

	for url, cacheControl := range map[string]string{
		"/api/ben/search?q=Training": "public, max-age=1",
		"/api/ben/revocations":       "public, no-cache",
	} {
		before := cache.Stats().Entries
		first := guestGet(t, h, url)
		if first.Code != http.StatusOK || cache.Stats().Entries != before+1 {
			t.Fatalf("%s: %d, %d entries (was %d)", url, first.Code, cache.Stats().Entries, before)
		}
		if cc := first.Header().Get("Cache-Control"); cc != cacheControl {
			t.Fatalf("%s: Cache-Control %q, want %q", url, cc, cacheControl)
		}
		etag := first.Header().Get("ETag")
		if etag == "" {
			t.Fatalf("%s: no ETag", url)
		}
		if rec := guestGet(t, h, url, "If-None-Match", etag); rec.Code != http.StatusNotModified {
			t.Fatalf("%s with its ETag: %d, want 304", url, rec.Code)
		}
		kept := cache.Stats().Entries
		for i := 0; i < 2; i++ {
			if rec := do(t, h, http.MethodGet, url, f.Tokens["citizen"], ""); rec.Code != http.StatusOK {
				t.Fatalf("%s logged in: %d", url, rec.Code)
			}
		}
		if cache.Stats().Entries != kept {
			t.Fatalf("%s: a logged-in request touched the cache", url)
		}
	}

	// kept: a change behind the hooks is not seen …
	readTwice(t, h, "/api/ben/search?q=Training")
	if _, err := app.DB().Update("events", dbx.Params{"title": "Training B"}, dbx.HashExp{"id": f.EventA.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	if body := guestGet(t, h, "/api/ben/search?q=Training").Body.String(); !strings.Contains(body, "Training A") {
		t.Fatalf("the search was not kept: %s", body)
	}
	// … nor after a write to a collection that no search reaches
	writeAuditEntry(t, app, "Eintrag, den keine Suche liest.")
	if body := guestGet(t, h, "/api/ben/search?q=Training").Body.String(); !strings.Contains(body, "Training A") {
		t.Fatalf("a write the search does not read dropped it: %s", body)
	}
	// a write to a searched collection drops it
	e, _ := app.FindRecordById("events", f.EventA.Id)
	e.Set("title", "Training am Morgen")
	if err := app.Save(e); err != nil {
		t.Fatal(err)
	}
	if body := guestGet(t, h, "/api/ben/search?q=Training").Body.String(); !strings.Contains(body, "Training am Morgen") {
		t.Fatalf("the search answers from before the write: %s", body)
	}
}
