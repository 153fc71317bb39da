// Package publiccache answers guests' reads of public data from memory and
// tells browsers and reverse proxies how long they may keep them.
//
// A guest's GET of the records API (lists and single records, with their
// query parameters) and of BEN's public routes (Routes) is kept under the
// normalised address. An answer is never served after a write that could
// change it has been answered:
//
//   - every collection belongs to a group of collections that can reach
//     each other's answers (relations both ways, "@collection" in rules,
//     view collections; graph.go, derived from the schema); each group has
//     a generation, and a record's create, update or delete bumps its
//     group's generation once the write is committed (the model's
//     "after success" hooks, which PocketBase runs after the transaction,
//     for the API, the dashboard and Go code alike). BEN's own routes
//     depend on the groups of the collections they read (Route.DependsOn),
//     or on a generation that every write bumps. An answer is kept with
//     the generations it was computed under, read before the handler read
//     anything, so an answer computed while a write was committed is never
//     served after it;
//   - code that writes behind PocketBase's back (raw SQL, which no model
//     hook sees) calls Changed with the collections it wrote;
//   - an answer that can change without a write, because its rules,
//     filter, sort or expansions read the clock (@now and the other date
//     macros: "published_at", "valid_until", "ends_at"), is kept at most
//     MaxAge, and so are the answers of BEN's routes; every other answer
//     of the records API lives until a write invalidates it, at most
//     UntilWrittenMaxAge (lifetime.go);
//   - a change of the schema or the settings drops everything.
//
// Requests with an Authorization header never touch the cache, and every
// API answer to them carries "Cache-Control: private, no-store". Kept
// answers carry an ETag (the handler's, or a hash of the body) and a
// public Cache-Control, and a matching If-None-Match is answered with 304.
// Memory is bounded by a byte limit with least-recently-used eviction.
package publiccache

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"ben/hooks/compress"
	"ben/hooks/internal/conditional"
)

// MaxAge is the longest an answer that can change without a write is
// kept, here and (for records) in caches in front of BEN, which hear of no
// write: time-dependent visibility holds within it.
const MaxAge = time.Second

// UntilWrittenMaxAge is the longest an answer that only a write can change
// is kept here. Such an answer is dropped as soon as a write that could
// change it is committed; the bound covers only what this process cannot
// hear of: a write by another process on the same database (a second ben
// command, the sqlite3 shell, a restored backup) or raw SQL in a JS hook.
// Ten minutes is short enough for such a rare write to show the same
// working hour, and long enough that a question asked once every few
// minutes (one club's page among hundreds) is answered from memory nearly
// every time; the byte limit, not the age, bounds the memory.
const UntilWrittenMaxAge = 10 * time.Minute

// DefaultMaxBytes bounds the memory of the kept answers.
const DefaultMaxBytes = 64 << 20

// Route is how the cache keeps the answers of one of BEN's public GET
// routes. They are kept at most MaxAge: most of them read the clock
// (upcoming events, the time a list was signed).
type Route struct {
	// CacheControl is sent unless the handler sets its own.
	CacheControl string
	// DependsOn names the collections whose writes can change the answer;
	// empty: every write does.
	DependsOn []string
}

// Routes are BEN's public GET routes besides the records API. "*" stands
// for one path segment.
var Routes = map[string]Route{
	"/api/ben/legal/*":                    {CacheControl: "public, max-age=60"},
	"/api/ben/news.rss":                   {CacheControl: "public, max-age=60"},
	"/api/ben/events.ics":                 {CacheControl: "public, max-age=60"},
	"/api/ben/organisations/*/events.ics": {CacheControl: "public, max-age=60"},
	"/api/ben/events/*":                   {CacheControl: "public, max-age=60"},
	"/api/ben/occurrences":                {CacheControl: "public, max-age=1"},
	"/api/ben/stats":                      {CacheControl: "public, max-age=60"},
	"/api/ben/keys":                       {CacheControl: "public, max-age=300"},
	"/sitemap.xml":                        {CacheControl: "public, max-age=300"},
	"/robots.txt":                         {CacheControl: "public, max-age=3600"},
	// the index is written in the same transaction as the indexed record,
	// and every hit is checked against its collection's rule (which
	// reaches the organisations)
	"/api/ben/search": {CacheControl: "public, max-age=1",
		DependsOn: []string{"organisations", "events", "opportunities", "articles"}},
	// the revoked and ended cards, signed with the active key; the handler
	// asks caches to revalidate (no-cache) against the list's ETag
	"/api/ben/revocations": {CacheControl: "public, no-cache",
		DependsOn: []string{"cards", "card_revocations", "card_signing_keys"}},
}

// recordsCacheControl is the policy of records API answers: short, as a
// proxy in front of BEN does not hear of writes.
const recordsCacheControl = "public, max-age=1"

// personal is the policy of every API answer to a logged-in request.
const personal = "private, no-store"

// Cache is one app's cache of guest answers.
type Cache struct {
	app   core.App
	store *store

	mu    sync.RWMutex
	graph *graph
	gens  []*atomic.Uint64 // per group of graph
	all   *atomic.Uint64   // bumped by every write
}

// retired marks the generation of a group of a graph that was replaced
// (the schema changed): an answer that depends on it is never current,
// whenever it was computed.
const retired = 1 << 63

// deps are the generations an answer depends on. It is current while
// their sum is what it was when the answer was computed: they only grow.
type deps []*atomic.Uint64

func (d deps) version() (v uint64, ok bool) {
	for _, gen := range d {
		n := gen.Load()
		if n&retired != 0 {
			return 0, false
		}
		v += n
	}
	return v, true
}

// storeKey is where Register keeps the app's cache (app.Store()).
const storeKey = "ben.publiccache"

// Of returns the cache Register bound to app, or nil.
func Of(app core.App) *Cache {
	c, _ := app.Store().Get(storeKey).(*Cache)
	return c
}

// Register binds the cache's invalidation to every write and its
// middleware to the router, with maxBytes of memory (0: DefaultMaxBytes).
func Register(app core.App, maxBytes int64) *Cache {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	c := &Cache{app: app, store: newStore(maxBytes), all: &atomic.Uint64{}}
	app.Store().Set(storeKey, c)

	written := func(e *core.ModelEvent) error {
		c.written(e.Model)
		return e.Next()
	}
	app.OnModelAfterCreateSuccess().BindFunc(written)
	app.OnModelAfterUpdateSuccess().BindFunc(written)
	app.OnModelAfterDeleteSuccess().BindFunc(written)

	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		e.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Func: c.serve,
			// after the auth token is read, the rate limit applied and the
			// security headers set (priority 0), so that a kept answer
			// gets them like a fresh one
			Priority: 10,
		})
		return e.Next()
	})
	return c
}

// written invalidates what m's write may have changed. It runs after the
// write is committed.
func (c *Cache) written(m core.Model) {
	if _, ok := m.(*core.Log); ok {
		return // the request log is nobody's answer
	}
	c.all.Add(1)
	switch v := m.(type) {
	case *core.Record:
		c.bump(v.Collection().Id)
		return
	case core.RecordProxy:
		c.bump(v.ProxyRecord().Collection().Id)
		return
	}
	// a collection, the settings, anything else: drop every kept answer
	// and derive the groups afresh. The old generations are retired, not
	// only bumped: an answer that a request began under them just now is
	// not kept, as no later write would bump them.
	c.mu.Lock()
	for _, gen := range c.gens {
		gen.Or(retired)
	}
	c.graph = nil
	c.gens = nil
	c.mu.Unlock()
}

// Changed tells app's cache that collections (names or ids) were written
// behind PocketBase's back, by SQL that no model hook sees: the answers
// that can show them are dropped once the write is committed (at once
// outside a transaction, when app's transaction completes inside one).
// Every raw write to a collection that guests can read must call it.
func Changed(app core.App, collections ...string) {
	c := Of(app)
	if c == nil {
		return // a command without the server: nothing is kept
	}
	drop := func() {
		c.all.Add(1)
		for _, name := range collections {
			c.bump(name)
		}
	}
	if tx := app.TxInfo(); tx != nil {
		tx.OnComplete(func(txErr error) error {
			if txErr == nil {
				drop()
			}
			return nil
		})
		return
	}
	drop()
}

func (c *Cache) bump(collection string) {
	if gen, _, _ := c.generation(collection); gen != nil {
		gen.Add(1)
	}
}

// current returns the graph and its generations, derived afresh after a
// change of the schema.
func (c *Cache) current() (*graph, []*atomic.Uint64) {
	c.mu.RLock()
	g, gens := c.graph, c.gens
	c.mu.RUnlock()
	if g != nil {
		return g, gens
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.graph == nil {
		collections, err := c.app.FindAllCollections()
		if err != nil {
			return nil, nil
		}
		c.graph = buildGraph(collections)
		c.gens = make([]*atomic.Uint64, c.graph.size)
		for i := range c.gens {
			c.gens[i] = &atomic.Uint64{}
		}
	}
	return c.graph, c.gens
}

// generation is the counter that answers about the collection (name or
// id) depend on, with the graph it belongs to; headerBound reports that
// they must not be kept.
func (c *Cache) generation(collection string) (gen *atomic.Uint64, g *graph, headerBound bool) {
	g, gens := c.current()
	if g == nil {
		return nil, nil, true
	}
	n, ok := g.group[collection]
	if !ok {
		n, ok = g.group[strings.ToLower(collection)]
	}
	if !ok {
		if col := g.collection(collection); col != nil {
			n, ok = g.group[col.Id]
		}
	}
	if !ok {
		return nil, g, true
	}
	return gens[n], g, g.headerBound[n]
}

// Stats reports the kept answers.
func (c *Cache) Stats() Stats { return c.store.stats() }

// target is what a request asks for, as far as the cache is concerned.
type target struct {
	deps         deps
	cacheControl string
	// of the records API: the collection and the schema it is read with
	// (nil for BEN's routes), and whether one record is asked for
	graph      *graph
	collection string
	view       bool
}

// lifetime is how long the answer to q may be kept (keep false: not at all).
func (t target) lifetime(q url.Values) (d time.Duration, keep bool) {
	if t.graph == nil {
		return MaxAge, true
	}
	return t.graph.lifetime(t.collection, t.view, q)
}

// targetOf returns what the cache keeps of a GET to path, or ok false.
func (c *Cache) targetOf(path string) (t target, ok bool) {
	if rest, found := strings.CutPrefix(path, "/api/collections/"); found {
		coll, records, _ := strings.Cut(rest, "/")
		if records != "records" && !strings.HasPrefix(records, "records/") {
			return t, false
		}
		id, hasID := strings.CutPrefix(records, "records/")
		if hasID && (id == "" || strings.Contains(id, "/")) {
			return t, false
		}
		coll, err := url.PathUnescape(coll)
		if err != nil {
			return t, false
		}
		gen, g, headerBound := c.generation(coll)
		if gen == nil || headerBound {
			return t, false
		}
		return target{deps: deps{gen}, cacheControl: recordsCacheControl, graph: g, collection: coll, view: hasID}, true
	}
	if r, found := routeOf(path); found {
		return target{deps: c.routeDeps(r), cacheControl: r.CacheControl}, true
	}
	return t, false
}

// routeDeps are the generations a route's answers depend on: those of
// its collections' groups, or the one every write bumps.
func (c *Cache) routeDeps(r Route) deps {
	var d deps
	for _, name := range r.DependsOn {
		gen, _, _ := c.generation(name)
		if gen == nil {
			return deps{c.all} // a collection this schema lacks: any write may matter
		}
		if !slices.Contains(d, gen) {
			d = append(d, gen)
		}
	}
	if len(d) == 0 {
		return deps{c.all}
	}
	return d
}

// routePatterns are Routes split into segments, once.
var routePatterns = func() map[int][][]string {
	out := map[int][][]string{}
	for pattern := range Routes {
		segments := strings.Split(pattern, "/")
		out[len(segments)] = append(out[len(segments)], segments)
	}
	return out
}()

func routeOf(path string) (Route, bool) {
	if r, ok := Routes[path]; ok {
		return r, true
	}
	candidates := routePatterns[strings.Count(path, "/")+1]
	if len(candidates) == 0 {
		return Route{}, false
	}
	segments := strings.Split(path, "/")
	for _, p := range candidates {
		match := true
		for i := range p {
			if p[i] != "*" && p[i] != segments[i] || p[i] == "*" && segments[i] == "" {
				match = false
				break
			}
		}
		if match {
			return Routes[strings.Join(p, "/")], true
		}
	}
	return Route{}, false
}

// loggedIn reports whether the request carries a login (valid or not): its
// answers are personal.
func loggedIn(e *core.RequestEvent) bool {
	return e.Auth != nil || e.Request.Header.Get("Authorization") != ""
}

func (c *Cache) serve(e *core.RequestEvent) error {
	path := e.Request.URL.Path
	if loggedIn(e) {
		if strings.HasPrefix(path, "/api/") {
			e.Response.Header().Set("Cache-Control", personal)
		}
		return e.Next()
	}
	if e.Request.Method != http.MethodGet {
		return e.Next()
	}
	t, ok := c.targetOf(path)
	if !ok {
		return e.Next()
	}
	query := e.Request.URL.Query()
	key := path + "?" + query.Encode() // sorted by name
	now := time.Now()
	kept, f, leader := c.store.get(key, t.deps, now)
	if kept != nil {
		return write(e, kept)
	}
	if !leader {
		select {
		case <-f.done:
			if f.e != nil {
				return write(e, f.e)
			}
		case <-e.Request.Context().Done():
			return e.Request.Context().Err()
		}
		// the first request's answer could not be kept: ask on our own
		f = newFlight(t.deps)
	}

	rec := &recorder{header: http.Header{}}
	original := e.Response
	e.Response = rec
	err := e.Next()
	e.Response = original

	var kept2 *entry
	defer func() {
		if leader {
			c.store.land(key, f, kept2, time.Now())
		}
	}()
	if !rec.wrote {
		return err // nothing written: PocketBase answers the error
	}
	kept2 = newEntry(key, rec, t, query, f, now)
	if kept2 == nil || err != nil {
		kept2 = nil
		for k, v := range rec.header {
			original.Header()[k] = v
		}
		original.WriteHeader(rec.statusOr200())
		_, _ = original.Write(rec.body.Bytes())
		return err
	}
	return write(e, kept2)
}

// newEntry makes a kept answer of what the handler wrote under the
// flight f, or nil if it is not to be kept: anything but 200, an answer
// its handler marked personal, or one that depends on more than the
// address.
func newEntry(key string, rec *recorder, t target, q url.Values, f *flight, now time.Time) *entry {
	if rec.statusOr200() != http.StatusOK || !f.ok {
		return nil
	}
	lifetime, keep := t.lifetime(q)
	if !keep {
		return nil
	}
	cc := strings.ToLower(rec.header.Get("Cache-Control"))
	if strings.Contains(cc, "no-store") || strings.Contains(cc, "private") || rec.header.Get("Set-Cookie") != "" {
		return nil
	}
	header := rec.header.Clone()
	if header.Get("Cache-Control") == "" {
		header.Set("Cache-Control", t.cacheControl)
	}
	body := bytes.Clone(rec.body.Bytes())
	etag := header.Get("ETag")
	if etag == "" {
		etag = conditional.Tag(body)
		header.Set("ETag", etag)
	}
	header.Del("Content-Length")
	e := &entry{key: key, header: header, body: body, etag: etag, deps: t.deps, seen: f.seen,
		expires: now.Add(lifetime), refreshAt: now.Add(lifetime / 2)}
	if len(body) >= compress.MinLength && compress.Compressible(header.Get("Content-Type")) {
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
		_, _ = w.Write(body)
		if w.Close() == nil && buf.Len() < len(body) {
			e.gzipped = buf.Bytes()
		}
	}
	e.size = entrySize(e)
	return e
}

// entryOverhead is what an entry takes besides its key, bodies and
// headers: the entry, its list element, its place in the map and the
// header map itself. Measured with the heap (BenchmarkOrganisationViewsKept
// in bench/seed): 20,000 kept views of the stress scale's organisations.
const entryOverhead = 950

// entrySize is what e counts against the byte limit: close to the heap it
// takes, so that the limit bounds the memory.
func entrySize(e *entry) int64 {
	n := len(e.key) + len(e.body) + len(e.gzipped) + entryOverhead // the map and the entry share the key
	for k, vs := range e.header {
		n += len(k) + 16
		for _, v := range vs {
			n += len(v) + 16
		}
	}
	return int64(n)
}

// write answers with a kept entry: 304 if the client has it, gzip if the
// client takes it.
func write(e *core.RequestEvent, kept *entry) error {
	h := e.Response.Header()
	for k, v := range kept.header {
		if k == "Vary" {
			continue
		}
		h[k] = v
	}
	for _, v := range kept.header.Values("Vary") {
		h.Add("Vary", v)
	}
	h.Add("Vary", "Authorization")
	if conditional.Matches(e.Request.Header.Get("If-None-Match"), kept.etag) {
		h.Del("Content-Type")
		return e.NoContent(http.StatusNotModified)
	}
	body := kept.body
	if kept.gzipped != nil && compress.Accepts(e.Request) {
		body = kept.gzipped
		h.Set("Content-Encoding", "gzip")
		h.Set("ETag", compress.WeakETag(kept.etag))
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	e.Response.WriteHeader(http.StatusOK)
	_, err := e.Response.Write(body)
	return err
}

// recorder takes what a handler writes, to be kept before it is sent.
type recorder struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status = status
		r.wrote = true
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(b)
}

// Written and Status answer PocketBase's questions about the response.
func (r *recorder) Written() bool { return r.wrote }
func (r *recorder) Status() int   { return r.statusOr200() }

func (r *recorder) statusOr200() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}
