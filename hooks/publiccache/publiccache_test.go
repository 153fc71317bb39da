package publiccache

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

func collection(name string, rule string, relations ...*core.Collection) *core.Collection {
	c := core.NewBaseCollection(name)
	c.Id = "id_" + name
	if rule != "" {
		c.ListRule = types.Pointer(rule)
	}
	for _, r := range relations {
		c.Fields.Add(&core.RelationField{Name: r.Name, CollectionId: r.Id, MaxSelect: 1})
	}
	return c
}

func TestGraphLinksWhatCanReachAGuestsAnswer(t *testing.T) {
	orgs := collection("organisations", `status = "published"`)
	events := collection("events", `organisation.status = "published"`, orgs)
	registrations := collection("event_registrations", "", events) // added by another concern
	partners := collection("partners", `valid_until >= @now`)
	office := collection("office", "")
	ideas := collection("ideas", `@collection.office.body_name != ""`) // joins office by rule only
	tagged := collection("tagged", `@request.headers.x_token = "a"`)
	g := buildGraph([]*core.Collection{orgs, events, registrations, partners, office, ideas, tagged})

	same := func(a, b *core.Collection) bool { return g.group[a.Id] == g.group[b.Id] }
	switch {
	case !same(events, orgs):
		t.Error("events expand and join organisations: one group")
	case !same(registrations, orgs):
		t.Error("a new collection with a relation to events joins their group without being listed")
	case same(partners, events):
		t.Error("partners share nothing with events: a write to one must not drop the other's answers")
	case !same(ideas, office):
		t.Error("a rule naming @collection.office links the two")
	case same(office, events):
		t.Error("office is linked to events through nothing")
	case g.group[events.Name] != g.group[events.Id]:
		t.Error("a collection's name and id name the same group")
	}
	if !g.headerBound[g.group[tagged.Id]] || g.headerBound[g.group[events.Id]] {
		t.Error("only a group whose rules read request headers is kept from the cache")
	}

	view := core.NewViewCollection("stats")
	view.Id = "id_stats"
	view.ViewQuery = "SELECT p.id, count(*) AS n FROM {{PARTNERS}} p LEFT JOIN [office] o ON 1=1 GROUP BY p.id"
	g = buildGraph([]*core.Collection{orgs, events, partners, office, view})
	if g.group[view.Id] != g.group[partners.Id] || g.group[view.Id] != g.group[office.Id] {
		t.Error("a view collection is linked to every table its query names")
	}
	if g.group[view.Id] == g.group[events.Id] {
		t.Error("a view collection is linked to a table its query does not name")
	}
}

func TestIdentifiersAreReadAsPocketBaseParsesFilters(t *testing.T) {
	got := strings.Join(identifiers(`(a = "@collection.x.y" || (b.c ?= @collection.users:u.id)) && length(@request.headers.h) > 0 // @collection.z`), " ")
	for _, want := range []string{"a", "b.c", "@collection.users:u.id"} {
		if !strings.Contains(" "+got+" ", " "+want+" ") {
			t.Errorf("identifiers %q miss %q", got, want)
		}
	}
	if strings.Contains(got, "@collection.x") || strings.Contains(got, "@collection.z") {
		t.Errorf("text and comments are not identifiers: %q", got)
	}
}

func TestStoreIsBoundedAndEvictsTheLeastRecentlyUsed(t *testing.T) {
	s := newStore(8 * 1000)
	gen := &atomic.Uint64{}
	now := time.Now()
	put := func(key string) {
		_, f, leader := s.get(key, gen, now)
		if !leader {
			t.Fatalf("%s: no flight to lead", key)
		}
		s.land(key, f, &entry{key: key, gen: gen, seen: gen.Load(), expires: now.Add(time.Second), refreshAt: now.Add(time.Second), size: 900}, now)
	}
	for _, k := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		put(k)
	}
	if st := s.stats(); st.Bytes > 8000 || st.Entries != 8 {
		t.Fatalf("8 × 900 bytes in 8,000: %+v", st)
	}
	if e, _, _ := s.get("a", gen, now); e == nil {
		t.Fatal("a was evicted too early")
	}
	put("i") // over the limit: b is the least recently used
	if e, _, _ := s.get("b", gen, now); e != nil {
		t.Fatal("the least recently used entry survived")
	}
	if e, _, _ := s.get("a", gen, now); e == nil {
		t.Fatal("a recently used entry was evicted")
	}
	if st := s.stats(); st.Bytes > 8000 {
		t.Fatalf("over the limit: %+v", st)
	}
	gen.Add(1)
	if e, _, _ := s.get("a", gen, now); e != nil {
		t.Fatal("an entry of an older generation was served")
	}
	put("j") // under the new generation
	if e, _, _ := s.get("j", gen, now.Add(999*time.Millisecond)); e == nil {
		t.Fatal("a current entry was not served")
	}
	if e, _, _ := s.get("j", gen, now.Add(time.Second)); e != nil {
		t.Fatal("an entry was served after its lifetime")
	}
}

// Under load an answer is renewed by one request after half its lifetime,
// while the others are still served; it is never served past its end.
func TestStoreRenewsAnswersBeforeTheyExpire(t *testing.T) {
	s := newStore(1 << 20)
	gen := &atomic.Uint64{}
	t0 := time.Now()
	keep := func(at time.Time, body string, f *flight) {
		s.land("k", f, &entry{key: "k", body: []byte(body), gen: gen, seen: gen.Load(), expires: at.Add(MaxAge), refreshAt: at.Add(MaxAge / 2), size: 10}, at)
	}
	_, f, _ := s.get("k", gen, t0)
	keep(t0, "first", f)

	if e, _, _ := s.get("k", gen, t0.Add(MaxAge/4)); e == nil || string(e.body) != "first" {
		t.Fatal("a young answer is not served")
	}
	renewAt := t0.Add(MaxAge/2 + time.Millisecond)
	e, renewal, leader := s.get("k", gen, renewAt)
	if e != nil || !leader {
		t.Fatal("after half its lifetime no request renews the answer")
	}
	if e, _, leader := s.get("k", gen, renewAt); e == nil || leader {
		t.Fatal("while one request renews it, the others are not served the answer")
	}
	if e, _, _ := s.get("k", gen, t0.Add(MaxAge)); e != nil {
		t.Fatal("the answer is served past its lifetime while its renewal is pending")
	}
	keep(renewAt, "second", renewal)
	if e, _, _ := s.get("k", gen, t0.Add(MaxAge)); e == nil || string(e.body) != "second" {
		t.Fatal("the renewed answer is not served")
	}
}

func TestRoutesMatchOnePathSegmentPerStar(t *testing.T) {
	for path, want := range map[string]bool{
		"/api/ben/legal/impressum":                     true,
		"/api/ben/legal/":                              false,
		"/api/ben/legal/a/b":                           false,
		"/api/ben/organisations/turnverein/events.ics": true,
		"/api/ben/organisations/events.ics":            false,
		"/api/ben/events.ics":                          true,
		"/api/ben/verify":                              false,
		"/sitemap.xml":                                 true,
		"/api/ben/stats":                               true,
		"/api/ben/stats/office":                        false,
		"/api/ben/me/export":                           false,
	} {
		if _, got := routeOf(path); got != want {
			t.Errorf("routeOf(%q) = %v, want %v", path, got, want)
		}
	}
}
