package feeds

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

func TestFeedCacheExpiresWhenTheFirstEventEnds(t *testing.T) {
	t.Parallel()
	c := &feedCache{entries: map[string]cachedFeed{}}
	coll := core.NewBaseCollection("events")
	coll.Fields.Add(&core.DateField{Name: "ends_at"})
	now := time.Date(2027, 5, 1, 10, 0, 0, 0, time.UTC)
	ev := core.NewRecord(coll)
	ev.Set("ends_at", now.Add(time.Minute))

	c.put("k", c.version.Load(), now, []*core.Record{ev}, "body", `"e"`)
	if _, ok := c.get("k", now.Add(59*time.Second)); !ok {
		t.Fatal("before the event ends the stored feed is current")
	}
	if _, ok := c.get("k", now.Add(time.Minute)); ok {
		t.Fatal("once the event has ended the feed must be rendered anew")
	}

	c.put("k", c.version.Load(), now, nil, "body", `"e"`)
	if _, ok := c.get("k", now.Add(cacheFor-time.Second)); !ok {
		t.Fatal("without events the feed is kept for cacheFor")
	}
	if _, ok := c.get("k", now.Add(cacheFor)); ok {
		t.Fatal("no feed is kept longer than cacheFor")
	}

	c.put("k", c.version.Load(), now, nil, "body", `"e"`)
	c.version.Add(1) // an event or organisation changed
	if _, ok := c.get("k", now); ok {
		t.Fatal("a change must invalidate the stored feed")
	}
}
