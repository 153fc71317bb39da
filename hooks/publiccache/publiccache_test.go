package publiccache

import (
	"net/url"
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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
	s := newStore(8 * 1000)
	gen := &atomic.Uint64{}
	d := deps{gen}
	now := time.Now()
	put := func(key string) {
		_, f, leader := s.get(key, d, now)
		if !leader {
			t.Fatalf("%s: no flight to lead", key)
		}
		s.land(key, f, &entry{key: key, deps: d, seen: gen.Load(), expires: now.Add(time.Second), refreshAt: now.Add(time.Second), size: 900}, now)
	}
	for _, k := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		put(k)
	}
	if st := s.stats(); st.Bytes > 8000 || st.Entries != 8 {
		t.Fatalf("8 × 900 bytes in 8,000: %+v", st)
	}
	if e, _, _ := s.get("a", d, now); e == nil {
		t.Fatal("a was evicted too early")
	}
	put("i") // over the limit: b is the least recently used
	if e, _, _ := s.get("b", d, now); e != nil {
		t.Fatal("the least recently used entry survived")
	}
	if e, _, _ := s.get("a", d, now); e == nil {
		t.Fatal("a recently used entry was evicted")
	}
	if st := s.stats(); st.Bytes > 8000 {
		t.Fatalf("over the limit: %+v", st)
	}
	gen.Add(1)
	if e, _, _ := s.get("a", d, now); e != nil {
		t.Fatal("an entry of an older generation was served")
	}
	put("j") // under the new generation
	if e, _, _ := s.get("j", d, now.Add(999*time.Millisecond)); e == nil {
		t.Fatal("a current entry was not served")
	}
	if e, _, _ := s.get("j", d, now.Add(time.Second)); e != nil {
		t.Fatal("an entry was served after its lifetime")
	}
}

// Under load an answer is renewed by one request after half its lifetime,
// while the others are still served; it is never served past its end.
func TestStoreRenewsAnswersBeforeTheyExpire(t *testing.T) {
	t.Parallel()
	s := newStore(1 << 20)
	gen := &atomic.Uint64{}
	d := deps{gen}
	t0 := time.Now()
	keep := func(at time.Time, body string, f *flight) {
		s.land("k", f, &entry{key: "k", body: []byte(body), deps: d, seen: gen.Load(), expires: at.Add(MaxAge), refreshAt: at.Add(MaxAge / 2), size: 10}, at)
	}
	_, f, _ := s.get("k", d, t0)
	keep(t0, "first", f)

	if e, _, _ := s.get("k", d, t0.Add(MaxAge/4)); e == nil || string(e.body) != "first" {
		t.Fatal("a young answer is not served")
	}
	renewAt := t0.Add(MaxAge/2 + time.Millisecond)
	e, renewal, leader := s.get("k", d, renewAt)
	if e != nil || !leader {
		t.Fatal("after half its lifetime no request renews the answer")
	}
	if e, _, leader := s.get("k", d, renewAt); e == nil || leader {
		t.Fatal("while one request renews it, the others are not served the answer")
	}
	if e, _, _ := s.get("k", d, t0.Add(MaxAge)); e != nil {
		t.Fatal("the answer is served past its lifetime while its renewal is pending")
	}
	keep(renewAt, "second", renewal)
	if e, _, _ := s.get("k", d, t0.Add(MaxAge)); e == nil || string(e.body) != "second" {
		t.Fatal("the renewed answer is not served")
	}
}

func TestRoutesMatchOnePathSegmentPerStar(t *testing.T) {
	t.Parallel()
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

// lifetimeSchema is a small schema with rules that read the clock and
// rules that do not.
func lifetimeSchema() *graph {
	orgs := collection("organisations", `status = "published"`)
	orgs.ViewRule = orgs.ListRule
	orgs.Fields.Add(&core.TextField{Name: "status"}, &core.TextField{Name: "name"}, &core.JSONField{Name: "meta"})
	events := collection("events", `published = true && organisation.status = "published"`, orgs)
	events.ViewRule = events.ListRule
	events.Fields.Add(&core.DateField{Name: "ends_at"}, &core.TextField{Name: "title"})
	opportunities := collection("opportunities", `(published_until = "" || published_until > @now) && organisation.status = "published"`, orgs)
	opportunities.ViewRule = opportunities.ListRule
	opportunities.Fields.Add(&core.TextField{Name: "title"})
	partners := collection("partners", `active = true && (valid_until = "" || valid_until >= @now)`)
	partners.ViewRule = partners.ListRule
	partners.Fields.Add(&core.TextField{Name: "name"})
	office := collection("office", "")
	office.ViewRule = types.Pointer("")
	office.Fields.Add(&core.TextField{Name: "body_name"})
	awards := collection("awards", `published = true`, orgs, partners) // relations "organisations" and "partners"
	awards.ViewRule = awards.ListRule
	today := core.NewViewCollection("today")
	today.Id = "id_today"
	today.ViewQuery = "SELECT id, name FROM organisations WHERE created > strftime('%Y-%m-%d', 'now')"
	today.ListRule, today.ViewRule = types.Pointer(""), types.Pointer("")
	names := core.NewViewCollection("names")
	names.Id = "id_names"
	names.ViewQuery = "SELECT id, name, status FROM organisations"
	names.ListRule, names.ViewRule = types.Pointer(""), types.Pointer("")
	byDay := collection("by_day", `@todayStart != ""`)
	strf := collection("strf", `strftime('%Y') = "2030"`)
	strfColumn := collection("strf_column", `strftime('%Y', created) = "2030"`)
	return buildGraph([]*core.Collection{orgs, events, opportunities, partners, office, awards, today, names, byDay, strf, strfColumn})
}

// An answer lives until a write only when nothing it is computed from
// reads the clock: the collection's rule, the guest's filter and sort, the
// rules of what they join and of what is expanded, view queries.
func TestAnswersThatReadTheClockAreKeptOneSecond(t *testing.T) {
	t.Parallel()
	g := lifetimeSchema()
	for _, tc := range []struct {
		name, collection string
		view             bool
		query            string
		want             time.Duration // 0: not kept
	}{
		{"a list whose rule names no date macro", "organisations", false, "sort=name", UntilWrittenMaxAge},
		{"one record whose rule names no date macro", "organisations", true, "", UntilWrittenMaxAge},
		{"a rule that joins another collection without a macro", "events", false, "filter=" + urlq(`title ~ "Fest"`), UntilWrittenMaxAge},
		{"a filter with fixed dates", "events", false, "filter=" + urlq(`ends_at >= "2030-01-01 00:00:00.000Z"`), UntilWrittenMaxAge},
		{"a macro's name inside a text is text", "events", false, "filter=" + urlq(`title = "@now"`), UntilWrittenMaxAge},
		{"a filter through a relation whose rule has no macro", "events", false, "filter=" + urlq(`organisation.name ~ "Chor"`) + "&sort=-organisation.name", UntilWrittenMaxAge},
		{"an expansion whose view rule has no macro", "events", false, "expand=organisation", UntilWrittenMaxAge},
		{"a view whose query does not read the clock", "names", false, "", UntilWrittenMaxAge},
		{"strftime over a column", "strf_column", false, "", UntilWrittenMaxAge},
		{"a JSON path is no relation", "organisations", false, "filter=" + urlq(`meta.partners.name != ""`), UntilWrittenMaxAge},

		{"a rule with @now", "partners", false, "", MaxAge},
		{"one record under a rule with @now", "partners", true, "", MaxAge},
		{"a rule with @todayStart", "by_day", false, "", MaxAge},
		{"a rule with strftime of now", "strf", false, "", MaxAge},
		{"a filter with @now", "events", false, "filter=" + urlq(`ends_at >= @now`), MaxAge},
		{"a filter with @yesterday in a group", "events", false, "filter=" + urlq(`(title != "" && (ends_at > @yesterday))`), MaxAge},
		{"a filter with strftime of 'now'", "events", false, "filter=" + urlq(`strftime('%Y', ends_at) = strftime('%Y', 'now')`), MaxAge},
		{"a filter with strftime without a time", "events", false, "filter=" + urlq(`strftime('%Y') = "2030"`), MaxAge},
		{"a back-relation whose list rule has @now", "organisations", false, "filter=" + urlq(`opportunities_via_organisation.title ?~ "Hilfe"`), MaxAge},
		{"a sort through a back-relation whose list rule has @now", "organisations", false, "sort=" + urlq(`opportunities_via_organisation.title`), MaxAge},
		{"@collection of a collection whose list rule has @now", "office", false, "filter=" + urlq(`@collection.partners.name ?= "Kino"`), MaxAge},
		{"@collection with an alias", "office", false, "filter=" + urlq(`@collection.partners:p.name ?= "Kino"`), MaxAge},
		{"an expansion whose view rule has @now", "awards", true, "expand=" + urlq("organisations,partners"), MaxAge},
		{"a nested expansion whose view rule has @now", "organisations", false, "expand=" + urlq("awards_via_organisations.partners"), MaxAge},
		{"a view whose query reads the clock", "today", false, "", MaxAge},
		{"a random order", "organisations", false, "sort=" + urlq("@random"), MaxAge},
		{"a second filter value PocketBase ignores still counts", "events", false, "filter=" + urlq(`title != ""`) + "&filter=" + urlq(`ends_at > @now`), MaxAge},

		{"a filter that reads the request's headers", "organisations", false, "filter=" + urlq(`@request.headers.x_club = name`), 0},
		{"a filter that reads the request's body", "organisations", false, "filter=" + urlq(`@request.body.name = name`), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			got, keep := g.lifetime(tc.collection, tc.view, q)
			if !keep {
				got = 0
			}
			if got != tc.want {
				t.Errorf("%s %s?%s: kept %v, want %v", tc.collection, map[bool]string{true: "view", false: "list"}[tc.view], tc.query, got, tc.want)
			}
		})
	}
}

// An answer that depends on several groups (a route) is dropped by a write
// to any of them; an answer begun under a schema that has since changed is
// not kept, however the generations move later.
func TestAnswersDependOnEveryGenerationTheyRead(t *testing.T) {
	t.Parallel()
	s := newStore(1 << 20)
	a, b := &atomic.Uint64{}, &atomic.Uint64{}
	d := deps{a, b}
	now := time.Now()
	keep := func() {
		_, f, leader := s.get("k", d, now)
		if !leader {
			t.Fatal("no flight to lead")
		}
		s.land("k", f, &entry{key: "k", deps: d, seen: f.seen, expires: now.Add(time.Minute), refreshAt: now.Add(time.Minute), size: 10}, now)
	}
	served := func() bool {
		e, f, leader := s.get("k", d, now)
		if e == nil && leader {
			s.land("k", f, nil, now)
		}
		return e != nil
	}
	keep()
	if !served() {
		t.Fatal("the answer was not kept")
	}
	b.Add(1)
	if served() {
		t.Fatal("a write to the second group left the answer in place")
	}
	keep()
	a.Add(1)
	if served() {
		t.Fatal("a write to the first group left the answer in place")
	}

	_, f, _ := s.get("k", d, now) // a request begins under the old schema …
	a.Or(retired)                 // … the schema changes meanwhile
	s.land("k", f, &entry{key: "k", deps: d, seen: f.seen, expires: now.Add(time.Minute), refreshAt: now.Add(time.Minute), size: 10}, now)
	if served() {
		t.Fatal("an answer of a replaced schema was kept")
	}
	_, f, _ = s.get("k", d, now)
	if f.ok {
		t.Fatal("a request under a retired generation may keep its answer")
	}
}

func urlq(s string) string { return url.QueryEscape(s) }
