// Package dispatch binds BEN's record hooks so that a write runs only the
// handlers of its own collection.
//
// PocketBase keeps one queue per record event (create, update, validate,
// enrich, …) and runs every handler of that queue on every event; a handler
// bound with tags (dispatch.OnRecordCreate(app, "cards")) is wrapped in a check that
// asks the event for its tags (a new slice each time), compares them and
// passes the event on. BEN binds about 170 record handlers for some 40
// collections, so every write of any record passed through dozens of
// wrappers, each allocating a link of PocketBase's chain and a tag slice,
// and nested its call stack that deep.
//
// Here every event gets one handler per priority in PocketBase's queue. It
// looks the written collection up in a map (by name, then by id) and runs
// that collection's handlers through a queue of their own, in the order they
// were bound, with PocketBase's own Next semantics; the last of them hands
// the event back to the rest of PocketBase's queue. Handlers without tags
// are bound to PocketBase's queue directly, as before.
//
// The functions mirror the app's methods: dispatch.OnRecordCreate(app,
// "cards") instead of dispatch.OnRecordCreate(app, "cards").
package dispatch

import (
	"fmt"
	"maps"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/security"
)

// storeKey keeps an app's dispatcher in its store.
const storeKey = "ben.dispatch"

// Proxy is what the On… functions return: Bind and BindFunc as on
// PocketBase's tagged hooks.
type Proxy[T hook.Tagger] struct {
	slots *slots[T]
	tags  []string
}

// BindFunc adds fn for the proxy's collections (all, if it has none).
func (p *Proxy[T]) BindFunc(fn func(e T) error) string {
	return p.Bind(&hook.Handler[T]{Func: fn})
}

// Bind adds handler for the proxy's collections (all, if it has none),
// keeping its priority among the event's other handlers. As with
// PocketBase, a handler with the Id of one bound before replaces it.
func (p *Proxy[T]) Bind(handler *hook.Handler[T]) string {
	return p.slots.bind(handler, p.tags)
}

// slots are one event's dispatching handlers, one per priority in use.
type slots[T hook.Tagger] struct {
	mu         sync.Mutex
	byPriority map[int]*slot[T]
	// main is PocketBase's queue of the event (without tags).
	main       *hook.TaggedHook[T]
	event      func(T) *hook.Event
	collection func(T) *core.Collection
}

func (s *slots[T]) bind(handler *hook.Handler[T], tags []string) string {
	s.mu.Lock()
	sl := s.byPriority[handler.Priority]
	if sl == nil {
		sl = &slot[T]{owner: s}
		sl.compiled.Store(&map[string]*queue[T]{})
		s.byPriority[handler.Priority] = sl
		s.main.Bind(&hook.Handler[T]{Priority: handler.Priority, Func: sl.run})
	}
	s.mu.Unlock()
	return sl.add(handler, tags)
}

// slot is the handler PocketBase's queue runs at one priority.
type slot[T hook.Tagger] struct {
	owner *slots[T]
	mu    sync.Mutex // bind and compile
	bound []entry[T]
	// compiled maps a collection's name to the queue of its handlers;
	// the map is replaced, never changed, so run reads it without a lock.
	compiled atomic.Pointer[map[string]*queue[T]]
}

type entry[T hook.Tagger] struct {
	handler *hook.Handler[T]
	tags    []string
}

// queue is one collection's handlers at one priority, in binding order.
type queue[T hook.Tagger] struct {
	id   string        // the collection's id, which also selects handlers
	hook *hook.Hook[T] // nil if there are none
}

func (sl *slot[T]) add(handler *hook.Handler[T], tags []string) string {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	h := *handler
	if h.Id == "" {
		h.Id = security.PseudorandomString(20)
	}
	replaced := false
	for i, b := range sl.bound {
		if b.handler.Id == h.Id {
			sl.bound[i] = entry[T]{&h, tags}
			replaced = true
		}
	}
	if !replaced {
		sl.bound = append(sl.bound, entry[T]{&h, tags})
	}
	sl.compiled.Store(&map[string]*queue[T]{})
	return h.Id
}

// compile builds the queue of the collection with that name and id: the
// handlers bound without tags or with one of the two, as PocketBase's
// tagged hooks select them.
func (sl *slot[T]) compile(name, id string) *queue[T] {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	q := &queue[T]{id: id}
	for _, b := range sl.bound {
		if len(b.tags) == 0 || (name != "" && slices.Contains(b.tags, name)) || (id != "" && slices.Contains(b.tags, id)) {
			if q.hook == nil {
				q.hook = &hook.Hook[T]{}
			}
			q.hook.Bind(b.handler)
		}
	}
	old := *sl.compiled.Load()
	next := make(map[string]*queue[T], len(old)+1)
	maps.Copy(next, old)
	next[name] = q
	sl.compiled.Store(&next)
	return q
}

// run is bound in PocketBase's queue: it runs the event's collection's
// handlers, the last of which continues PocketBase's queue.
func (sl *slot[T]) run(e T) error {
	var name, id string
	if c := sl.owner.collection(e); c != nil {
		name, id = c.Name, c.Id
	}
	q := (*sl.compiled.Load())[name]
	if q == nil || q.id != id {
		q = sl.compile(name, id)
	}
	if q.hook == nil {
		return e.Next()
	}
	// The event's link to the rest of PocketBase's queue: the collection's
	// own queue replaces it while it runs.
	rest := *sl.owner.event(e)
	return q.hook.Trigger(e, func(T) error { return rest.Next() })
}

// dispatcher holds an app's slots, one set per record event.
type dispatcher struct {
	mu     sync.Mutex
	events map[string]any
}

func of(app core.App) *dispatcher {
	return app.Store().GetOrSet(storeKey, func() any {
		return &dispatcher{events: map[string]any{}}
	}).(*dispatcher)
}

func proxy[T hook.Tagger](app core.App, name string, main func(...string) *hook.TaggedHook[T],
	event func(T) *hook.Event, collection func(T) *core.Collection, tags []string) *Proxy[T] {
	d := of(app)
	d.mu.Lock()
	defer d.mu.Unlock()
	s, ok := d.events[name].(*slots[T])
	if !ok {
		if d.events[name] != nil {
			panic(fmt.Sprintf("dispatch: event %s bound with two types", name))
		}
		s = &slots[T]{byPriority: map[int]*slot[T]{}, main: main(), event: event, collection: collection}
		d.events[name] = s
	}
	return &Proxy[T]{slots: s, tags: tags}
}

func recordEvent(e *core.RecordEvent) *hook.Event { return &e.Event }
func recordCollection(e *core.RecordEvent) *core.Collection {
	if e.Record == nil {
		return nil
	}
	return e.Record.Collection()
}

func requestEvent(e *core.RecordRequestEvent) *hook.Event { return &e.Event }
func requestCollection(e *core.RecordRequestEvent) *core.Collection {
	return e.Collection
}

func enrichEvent(e *core.RecordEnrichEvent) *hook.Event { return &e.Event }
func enrichCollection(e *core.RecordEnrichEvent) *core.Collection {
	if e.Record == nil {
		return nil
	}
	return e.Record.Collection()
}

// OnRecordValidate is dispatch.OnRecordValidate(app, tags...).
func OnRecordValidate(app core.App, tags ...string) *Proxy[*core.RecordEvent] {
	return proxy(app, "validate", app.OnRecordValidate, recordEvent, recordCollection, tags)
}

// OnRecordCreate is dispatch.OnRecordCreate(app, tags...).
func OnRecordCreate(app core.App, tags ...string) *Proxy[*core.RecordEvent] {
	return proxy(app, "create", app.OnRecordCreate, recordEvent, recordCollection, tags)
}

// OnRecordCreateExecute is dispatch.OnRecordCreateExecute(app, tags...).
func OnRecordCreateExecute(app core.App, tags ...string) *Proxy[*core.RecordEvent] {
	return proxy(app, "createExecute", app.OnRecordCreateExecute, recordEvent, recordCollection, tags)
}

// OnRecordAfterCreateSuccess is dispatch.OnRecordAfterCreateSuccess(app, tags...).
func OnRecordAfterCreateSuccess(app core.App, tags ...string) *Proxy[*core.RecordEvent] {
	return proxy(app, "afterCreateSuccess", app.OnRecordAfterCreateSuccess, recordEvent, recordCollection, tags)
}

// OnRecordUpdate is dispatch.OnRecordUpdate(app, tags...).
func OnRecordUpdate(app core.App, tags ...string) *Proxy[*core.RecordEvent] {
	return proxy(app, "update", app.OnRecordUpdate, recordEvent, recordCollection, tags)
}

// OnRecordUpdateExecute is dispatch.OnRecordUpdateExecute(app, tags...).
func OnRecordUpdateExecute(app core.App, tags ...string) *Proxy[*core.RecordEvent] {
	return proxy(app, "updateExecute", app.OnRecordUpdateExecute, recordEvent, recordCollection, tags)
}

// OnRecordAfterUpdateSuccess is dispatch.OnRecordAfterUpdateSuccess(app, tags...).
func OnRecordAfterUpdateSuccess(app core.App, tags ...string) *Proxy[*core.RecordEvent] {
	return proxy(app, "afterUpdateSuccess", app.OnRecordAfterUpdateSuccess, recordEvent, recordCollection, tags)
}

// OnRecordDelete is dispatch.OnRecordDelete(app, tags...).
func OnRecordDelete(app core.App, tags ...string) *Proxy[*core.RecordEvent] {
	return proxy(app, "delete", app.OnRecordDelete, recordEvent, recordCollection, tags)
}

// OnRecordDeleteExecute is dispatch.OnRecordDeleteExecute(app, tags...).
func OnRecordDeleteExecute(app core.App, tags ...string) *Proxy[*core.RecordEvent] {
	return proxy(app, "deleteExecute", app.OnRecordDeleteExecute, recordEvent, recordCollection, tags)
}

// OnRecordAfterDeleteSuccess is dispatch.OnRecordAfterDeleteSuccess(app, tags...).
func OnRecordAfterDeleteSuccess(app core.App, tags ...string) *Proxy[*core.RecordEvent] {
	return proxy(app, "afterDeleteSuccess", app.OnRecordAfterDeleteSuccess, recordEvent, recordCollection, tags)
}

// OnRecordCreateRequest is dispatch.OnRecordCreateRequest(app, tags...).
func OnRecordCreateRequest(app core.App, tags ...string) *Proxy[*core.RecordRequestEvent] {
	return proxy(app, "createRequest", app.OnRecordCreateRequest, requestEvent, requestCollection, tags)
}

// OnRecordUpdateRequest is dispatch.OnRecordUpdateRequest(app, tags...).
func OnRecordUpdateRequest(app core.App, tags ...string) *Proxy[*core.RecordRequestEvent] {
	return proxy(app, "updateRequest", app.OnRecordUpdateRequest, requestEvent, requestCollection, tags)
}

// OnRecordDeleteRequest is dispatch.OnRecordDeleteRequest(app, tags...).
func OnRecordDeleteRequest(app core.App, tags ...string) *Proxy[*core.RecordRequestEvent] {
	return proxy(app, "deleteRequest", app.OnRecordDeleteRequest, requestEvent, requestCollection, tags)
}

// OnRecordEnrich is dispatch.OnRecordEnrich(app, tags...).
func OnRecordEnrich(app core.App, tags ...string) *Proxy[*core.RecordEnrichEvent] {
	return proxy(app, "enrich", app.OnRecordEnrich, enrichEvent, enrichCollection, tags)
}
