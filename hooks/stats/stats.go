// Package stats answers GET /api/ben/stats: figures of engagement in
// Bitburg, for the portal's page "Engagement in Zahlen" and for anyone who
// evaluates the strategy's goals. It returns counts only, never a record or
// a name: published organisations by kind and topic, public events per
// month, volunteer cards issued and active per year, opportunities and the
// replies to them, enquiries and how many were matched, nominations per
// award round. The figures are computed with a few aggregate queries and
// kept until one of the collections they count changes, or five minutes
// have passed.
package stats

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/dispatch"
	"ben/hooks/internal/conditional"
)

// Route is the address of the figures.
const Route = "/api/ben/stats"

// cacheFor is how long computed figures are served at most; changes to the
// counted collections end it at once.
const cacheFor = 5 * time.Minute

// counted are the collections whose changes change the figures.
var counted = []string{"organisations", "events", "cards", "opportunities", "interests", "enquiries", "award_rounds", "nominations"}

// Register binds the route and the cache's invalidation to app.
func Register(app core.App) {
	c := &cache{}
	bump := func(e *core.RecordEvent) error {
		c.version.Add(1)
		return e.Next()
	}
	for _, coll := range counted {
		dispatch.OnRecordAfterCreateSuccess(app, coll).BindFunc(bump)
		dispatch.OnRecordAfterUpdateSuccess(app, coll).BindFunc(bump)
		dispatch.OnRecordAfterDeleteSuccess(app, coll).BindFunc(bump)
	}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET(Route, func(e *core.RequestEvent) error { return serve(e, c) })
		bindOfficeRoute(se)
		return se.Next()
	})
}

// cache holds the last figures of one app (created in Register, so that
// every app has its own).
type cache struct {
	version atomic.Uint64
	mu      sync.Mutex
	entry   *cached
}

type cached struct {
	version    uint64
	validUntil time.Time
	body       []byte
	etag       string
}

// get returns the stored figures if they are still current at now, else
// computes, stores and returns them. Concurrent requests wait for one
// computation instead of each running their own.
func (c *cache) get(app core.App, now time.Time) (*cached, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	version := c.version.Load()
	if e := c.entry; e != nil && e.version == version && now.Before(e.validUntil) {
		return e, nil
	}
	figures, err := Compute(app, now)
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(figures)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	c.entry = &cached{version: version, validUntil: now.Add(cacheFor), body: body, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	return c.entry, nil
}

func serve(e *core.RequestEvent, c *cache) error {
	entry, err := c.get(e.App, time.Now())
	if err != nil {
		return e.InternalServerError("Die Zahlen konnten nicht berechnet werden.", err)
	}
	h := e.Response.Header()
	// browsers ask again each time (the portal reloads on every change) and
	// get 304 while the figures are the same
	h.Set("Cache-Control", "no-cache")
	return conditional.Serve(e, entry.etag, "application/json; charset=utf-8", entry.body)
}
