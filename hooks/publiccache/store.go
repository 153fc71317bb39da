package publiccache

import (
	"container/list"
	"net/http"
	"slices"
	"sync"
	"time"
)

// entry is one kept answer: exactly what the handler wrote, and its gzip
// form for clients that accept it.
type entry struct {
	key     string
	header  http.Header // what the handler set (Content-Type, ETag, Cache-Control …)
	body    []byte
	gzipped []byte // nil when not worth compressing
	etag    string
	// valid while the generations it was computed under are current, and
	// until expires
	deps    deps
	seen    uint64
	expires time.Time
	// from refreshAt on, one request computes the answer afresh while the
	// others are still served this one: under load an answer is renewed
	// before it expires, and nobody waits for it
	refreshAt  time.Time
	refreshing bool // guarded by the store's mutex
	size       int64
}

func (e *entry) current(now time.Time) bool {
	v, ok := e.deps.version()
	return ok && v == e.seen && now.Before(e.expires)
}

// store is a byte-bounded LRU of entries.
type store struct {
	maxBytes int64

	mu      sync.Mutex
	order   *list.List // front: most recently used
	entries map[string]*list.Element
	bytes   int64
	// misses in progress: a guest who asks the same while nothing was
	// written since the first asked waits for that answer
	flights map[string]*flight
}

type flight struct {
	deps deps
	seen uint64
	ok   bool // false: a generation is retired, the answer cannot be kept
	done chan struct{}
	e    *entry // nil if the answer could not be kept
}

// newFlight starts computing an answer under the current generations of d.
func newFlight(d deps) *flight {
	seen, ok := d.version()
	return &flight{deps: d, seen: seen, ok: ok, done: make(chan struct{})}
}

func newStore(maxBytes int64) *store {
	return &store{maxBytes: maxBytes, order: list.New(), entries: map[string]*list.Element{}, flights: map[string]*flight{}}
}

// get returns the current entry of key, or, if none, a flight to join
// (someone is computing the answer under the current generation) or to
// lead (leader true: the caller computes and must call land).
func (s *store) get(key string, d deps, now time.Time) (e *entry, f *flight, leader bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if el, ok := s.entries[key]; ok {
		e := el.Value.(*entry)
		if e.current(now) {
			s.order.MoveToFront(el)
			if e.refreshing || now.Before(e.refreshAt) {
				return e, nil, false
			}
			e.refreshing = true // this request renews it; it is not joined
			return nil, newFlight(d), true
		}
		s.removeLocked(el)
	}
	f = newFlight(d)
	if !f.ok {
		return nil, f, true // computed alone, and not kept
	}
	if other, ok := s.flights[key]; ok && slices.Equal(other.deps, d) && other.seen == f.seen {
		return nil, other, false
	}
	s.flights[key] = f
	return nil, f, true
}

// land ends the flight of key with e (nil: nothing to keep) and keeps e if
// it is still current.
func (s *store) land(key string, f *flight, e *entry, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.flights[key] == f {
		delete(s.flights, key)
	}
	f.e = e
	close(f.done)
	if e == nil || !e.current(now) || e.size > s.maxBytes/8 {
		if el, ok := s.entries[key]; ok {
			el.Value.(*entry).refreshing = false // a renewal failed: the next request tries
		}
		return
	}
	if el, ok := s.entries[key]; ok {
		s.removeLocked(el)
	}
	s.entries[key] = s.order.PushFront(e)
	s.bytes += e.size
	for s.bytes > s.maxBytes {
		s.removeLocked(s.order.Back())
	}
}

func (s *store) removeLocked(el *list.Element) {
	e := el.Value.(*entry)
	s.order.Remove(el)
	delete(s.entries, e.key)
	s.bytes -= e.size
}

// Stats are the store's figures.
type Stats struct {
	Entries int
	Bytes   int64
}

func (s *store) stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Stats{Entries: len(s.entries), Bytes: s.bytes}
}
