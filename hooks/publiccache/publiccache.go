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
//     depend on a generation that every write bumps. An answer is kept
//     with the generation it was computed under, read before the handler
//     read anything, so an answer computed while a write was committed is
//     never served after it;
//   - rules and filters that depend on the time (@now, "published_at",
//     "valid_until", "ends_at") hold within a second: no answer is kept
//     longer than MaxAge;
//   - a change of the schema or the settings drops everything.
//
// A write behind PocketBase's back (raw SQL that no model hook sees) is
// not heard of: guests see it within MaxAge.
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

// MaxAge is the longest an answer is kept, here and (for records) in
// caches in front of BEN: time-dependent visibility holds within it.
const MaxAge = time.Second

// DefaultMaxBytes bounds the memory of the kept answers.
const DefaultMaxBytes = 64 << 20

// Routes are BEN's public GET routes besides the records API, with the
// Cache-Control they get unless the handler sets its own. "*" stands for
// one path segment. Their answers depend on any collection: every write
// invalidates them. Not kept: the search (it checks every hit against the
// records as they are, even when its index is behind) and the signed
// revocation list (signed afresh on every request); both say "no-store" or
// "no-cache" themselves.
var Routes = map[string]string{
	"/api/ben/legal/*":                    "public, max-age=60",
	"/api/ben/news.rss":                   "public, max-age=60",
	"/api/ben/events.ics":                 "public, max-age=60",
	"/api/ben/organisations/*/events.ics": "public, max-age=60",
	"/api/ben/events/*":                   "public, max-age=60",
	"/api/ben/occurrences":                "public, max-age=1",
	"/api/ben/stats":                      "public, max-age=60",
	"/api/ben/keys":                       "public, max-age=300",
	"/sitemap.xml":                        "public, max-age=300",
	"/robots.txt":                         "public, max-age=3600",
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
	// and derive the groups afresh
	c.mu.Lock()
	for _, gen := range c.gens {
		gen.Add(1)
	}
	c.graph = nil
	c.gens = nil
	c.mu.Unlock()
}

func (c *Cache) bump(collectionID string) {
	if gen, _ := c.generation(collectionID); gen != nil {
		gen.Add(1)
	}
}

// generation is the counter that answers about the collection (name or
// id) depend on; headerBound reports that they must not be kept.
func (c *Cache) generation(collection string) (gen *atomic.Uint64, headerBound bool) {
	c.mu.RLock()
	g, gens := c.graph, c.gens
	c.mu.RUnlock()
	if g == nil {
		c.mu.Lock()
		if c.graph == nil {
			collections, err := c.app.FindAllCollections()
			if err != nil {
				c.mu.Unlock()
				return nil, true
			}
			c.graph = buildGraph(collections)
			c.gens = make([]*atomic.Uint64, c.graph.size)
			for i := range c.gens {
				c.gens[i] = &atomic.Uint64{}
			}
		}
		g, gens = c.graph, c.gens
		c.mu.Unlock()
	}
	n, ok := g.group[collection]
	if !ok {
		return nil, true
	}
	return gens[n], g.headerBound[n]
}

// Stats reports the kept answers.
func (c *Cache) Stats() Stats { return c.store.stats() }

// target is what a request asks for, as far as the cache is concerned.
type target struct {
	gen          *atomic.Uint64
	cacheControl string
}

// targetOf returns what the cache keeps of a GET to path, or ok false.
func (c *Cache) targetOf(path string) (t target, ok bool) {
	if rest, found := strings.CutPrefix(path, "/api/collections/"); found {
		coll, records, _ := strings.Cut(rest, "/")
		if records != "records" && !strings.HasPrefix(records, "records/") {
			return t, false
		}
		if id, hasID := strings.CutPrefix(records, "records/"); hasID && (id == "" || strings.Contains(id, "/")) {
			return t, false
		}
		coll, err := url.PathUnescape(coll)
		if err != nil {
			return t, false
		}
		gen, headerBound := c.generation(coll)
		if gen == nil || headerBound {
			return t, false
		}
		return target{gen: gen, cacheControl: recordsCacheControl}, true
	}
	if cc, found := routeOf(path); found {
		return target{gen: c.all, cacheControl: cc}, true
	}
	return t, false
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

func routeOf(path string) (string, bool) {
	if cc, ok := Routes[path]; ok {
		return cc, true
	}
	candidates := routePatterns[strings.Count(path, "/")+1]
	if len(candidates) == 0 {
		return "", false
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
	return "", false
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
	key := path + "?" + e.Request.URL.Query().Encode() // sorted by name
	now := time.Now()
	kept, f, leader := c.store.get(key, t.gen, now)
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
		f = &flight{gen: t.gen, seen: t.gen.Load(), done: make(chan struct{})}
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
	kept2 = newEntry(key, rec, t, f.seen, now)
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

// newEntry makes a kept answer of what the handler wrote, or nil if it is
// not to be kept: anything but 200, or an answer its handler marked
// personal.
func newEntry(key string, rec *recorder, t target, seen uint64, now time.Time) *entry {
	if rec.statusOr200() != http.StatusOK {
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
	e := &entry{key: key, header: header, body: body, etag: etag, gen: t.gen, seen: seen,
		expires: now.Add(MaxAge), refreshAt: now.Add(MaxAge / 2)}
	if len(body) >= compress.MinLength && compress.Compressible(header.Get("Content-Type")) {
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
		_, _ = w.Write(body)
		if w.Close() == nil && buf.Len() < len(body) {
			e.gzipped = buf.Bytes()
		}
	}
	e.size = int64(len(key)+len(body)+len(e.gzipped)) + 512
	return e
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
