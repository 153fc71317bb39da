package feeds

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/dispatch"
	"ben/hooks/events"
	"ben/hooks/organisations"
)

// A rendered calendar stays valid until an event or an organisation changes
// or one of its events ends (it then drops out of "upcoming"), and at most
// cacheFor. Calendar apps poll often; they get the stored bytes instead of
// a fresh render.
const cacheFor = 5 * time.Minute

type cachedFeed struct {
	version    uint64
	validUntil time.Time
	body       string
	etag       string
}

type feedCache struct {
	version atomic.Uint64
	mu      sync.Mutex
	entries map[string]cachedFeed
}

func newFeedCache(app core.App) *feedCache {
	c := &feedCache{entries: map[string]cachedFeed{}}
	bump := func(e *core.RecordEvent) error {
		c.version.Add(1)
		return e.Next()
	}
	for _, coll := range []string{events.Collection, organisations.Collection} {
		dispatch.OnRecordAfterCreateSuccess(app, coll).BindFunc(bump)
		dispatch.OnRecordAfterUpdateSuccess(app, coll).BindFunc(bump)
		dispatch.OnRecordAfterDeleteSuccess(app, coll).BindFunc(bump)
	}
	return c
}

// get returns the stored feed for key, if it is still current at now.
func (c *feedCache) get(key string, now time.Time) (cachedFeed, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.entries[key]
	if !ok || f.version != c.version.Load() || !now.Before(f.validUntil) {
		return cachedFeed{}, false
	}
	return f, true
}

// put stores a feed rendered from data read at version; it is valid until
// the first of its events (a series: its last date) ends, or cacheFor.
func (c *feedCache) put(key string, version uint64, now time.Time, list []*core.Record, body, etag string) {
	until := now.Add(cacheFor)
	for _, r := range list {
		end := r.GetDateTime("ends_at").Time()
		if r.GetString("rrule") != "" {
			if r.GetDateTime("series_ends_at").IsZero() {
				continue // a series without an end never drops out
			}
			end = r.GetDateTime("series_ends_at").Time()
		}
		if end.Before(until) {
			until = end
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) > 1000 { // one entry per feed and occurrence query; never unbounded
		c.entries = map[string]cachedFeed{}
	}
	c.entries[key] = cachedFeed{version: version, validUntil: until, body: body, etag: etag}
}
