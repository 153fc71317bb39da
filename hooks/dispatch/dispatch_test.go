package dispatch

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	_ "github.com/pocketbase/pocketbase/migrations" // PocketBase's own tables
	"github.com/pocketbase/pocketbase/tools/hook"
)

func newApp(t *testing.T) core.App {
	t.Helper()
	return core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir()})
}

// createEvent is a record event of a record in a collection with that name
// (and the id "id_" + name).
func createEvent(app core.App, collection string) *core.RecordEvent {
	c := core.NewBaseCollection(collection)
	c.Id = "id_" + collection
	e := &core.RecordEvent{App: app, Type: core.ModelEventTypeCreate}
	e.Record = core.NewRecord(c)
	return e
}

// recorder notes the handlers' steps in the order they happen.
type recorder struct {
	mu    sync.Mutex
	steps []string
}

func (r *recorder) note(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.steps = append(r.steps, s)
}

func (r *recorder) take() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := strings.Join(r.steps, " ")
	r.steps = nil
	return s
}

// around notes name before and after passing the event on.
func around(r *recorder, name string) func(*core.RecordEvent) error {
	return func(e *core.RecordEvent) error {
		r.note(name + "<")
		err := e.Next()
		r.note(">" + name)
		return err
	}
}

// TestDispatchRunsWhatPocketBaseWould binds the same handlers once through
// PocketBase's tagged hooks and once through dispatch, and requires the same
// steps in the same order for every collection: the collection's own
// handlers nest in binding order, priorities hold across tagged and
// untagged handlers, and the rest of PocketBase's queue still runs.
func TestDispatchRunsWhatPocketBaseWould(t *testing.T) {
	t.Parallel()
	type binder func(app core.App, tags ...string) interface {
		Bind(*hook.Handler[*core.RecordEvent]) string
	}
	direct := func(app core.App, tags ...string) interface {
		Bind(*hook.Handler[*core.RecordEvent]) string
	} {
		return app.OnRecordCreate(tags...)
	}
	dispatched := func(app core.App, tags ...string) interface {
		Bind(*hook.Handler[*core.RecordEvent]) string
	} {
		return OnRecordCreate(app, tags...)
	}
	bindAll := func(app core.App, r *recorder, on binder) {
		on(app, "cards").Bind(&hook.Handler[*core.RecordEvent]{Func: around(r, "cards1")})
		on(app).Bind(&hook.Handler[*core.RecordEvent]{Func: around(r, "all")})
		on(app, "events", "cards").Bind(&hook.Handler[*core.RecordEvent]{Func: around(r, "both")})
		on(app, "cards").Bind(&hook.Handler[*core.RecordEvent]{Func: around(r, "cards-late"), Priority: 999})
		on(app, "cards").Bind(&hook.Handler[*core.RecordEvent]{Func: around(r, "cards-early"), Priority: -10})
		on(app, "id_events").Bind(&hook.Handler[*core.RecordEvent]{Func: around(r, "events-by-id")})
		on(app, "cards").Bind(&hook.Handler[*core.RecordEvent]{Func: around(r, "cards2")})
		on(app, "nobody").Bind(&hook.Handler[*core.RecordEvent]{Func: around(r, "nobody")})
	}
	run := func(on binder, collection string) string {
		app := newApp(t)
		r := &recorder{}
		bindAll(app, r, on)
		err := app.OnRecordCreate().Trigger(createEvent(app, collection), func(e *core.RecordEvent) error {
			r.note("save")
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return r.take()
	}
	for _, collection := range []string{"cards", "events", "articles"} {
		want, got := run(direct, collection), run(dispatched, collection)
		if got != want {
			t.Errorf("%s:\nPocketBase: %s\ndispatch:   %s", collection, want, got)
		}
		if !strings.Contains(got, "save") {
			t.Errorf("%s: the rest of the queue did not run: %s", collection, got)
		}
	}
	// the comparison above must compare something: the steps differ per
	// collection and include the tagged handlers
	if got := run(dispatched, "cards"); got != "cards-early< cards1< all< both< cards2< cards-late< save >cards-late >cards2 >both >all >cards1 >cards-early" {
		t.Errorf("cards: %s", got)
	}
}

// TestDispatchStopsWhereAHandlerStops: a handler that does not pass the
// event on (or fails) ends the chain for the handlers after it and for the
// rest of PocketBase's queue, and its error reaches the caller.
func TestDispatchStopsWhereAHandlerStops(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	r := &recorder{}
	refused := errors.New("abgelehnt")
	OnRecordCreate(app, "cards").BindFunc(around(r, "first"))
	OnRecordCreate(app, "cards").BindFunc(func(e *core.RecordEvent) error {
		r.note("refuse")
		return refused
	})
	OnRecordCreate(app, "cards").BindFunc(around(r, "never"))
	app.OnRecordCreate().BindFunc(around(r, "never-untagged"))
	err := app.OnRecordCreate().Trigger(createEvent(app, "cards"), func(e *core.RecordEvent) error {
		r.note("save")
		return nil
	})
	if !errors.Is(err, refused) {
		t.Errorf("error %v, want %v", err, refused)
	}
	if got := r.take(); got != "first< refuse >first" {
		t.Errorf("steps: %s", got)
	}
}

// TestDispatchOfEveryEventKind: each function binds to its own PocketBase
// event, finds the collection of that event's type and runs only there.
func TestDispatchOfEveryEventKind(t *testing.T) {
	t.Parallel()
	// PocketBase's own handlers of some events (deleting a record) need
	// the collections in a database
	app := newApp(t)
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.ResetBootstrapState() })
	coll, events := core.NewBaseCollection("cards"), core.NewBaseCollection("events")
	for _, c := range []*core.Collection{coll, events} {
		if err := app.Save(c); err != nil {
			t.Fatal(err)
		}
	}
	record, other := core.NewRecord(coll), core.NewRecord(events)

	type kind struct {
		name    string
		bind    func(fn func())
		trigger func(r *core.Record) error
	}
	recordKind := func(name string, on func(core.App, ...string) *Proxy[*core.RecordEvent],
		main func(...string) *hook.TaggedHook[*core.RecordEvent]) kind {
		return kind{name,
			func(fn func()) {
				on(app, "cards").BindFunc(func(e *core.RecordEvent) error { fn(); return e.Next() })
			},
			func(r *core.Record) error {
				e := &core.RecordEvent{App: app}
				e.Record = r
				return main().Trigger(e)
			}}
	}
	requestKind := func(name string, on func(core.App, ...string) *Proxy[*core.RecordRequestEvent],
		main func(...string) *hook.TaggedHook[*core.RecordRequestEvent]) kind {
		return kind{name,
			func(fn func()) {
				on(app, "cards").BindFunc(func(e *core.RecordRequestEvent) error { fn(); return e.Next() })
			},
			func(r *core.Record) error {
				e := &core.RecordRequestEvent{RequestEvent: &core.RequestEvent{App: app}, Record: r}
				e.Collection = r.Collection()
				return main().Trigger(e)
			}}
	}
	kinds := []kind{
		recordKind("validate", OnRecordValidate, app.OnRecordValidate),
		recordKind("create", OnRecordCreate, app.OnRecordCreate),
		recordKind("createExecute", OnRecordCreateExecute, app.OnRecordCreateExecute),
		recordKind("afterCreateSuccess", OnRecordAfterCreateSuccess, app.OnRecordAfterCreateSuccess),
		recordKind("update", OnRecordUpdate, app.OnRecordUpdate),
		recordKind("updateExecute", OnRecordUpdateExecute, app.OnRecordUpdateExecute),
		recordKind("afterUpdateSuccess", OnRecordAfterUpdateSuccess, app.OnRecordAfterUpdateSuccess),
		recordKind("delete", OnRecordDelete, app.OnRecordDelete),
		recordKind("deleteExecute", OnRecordDeleteExecute, app.OnRecordDeleteExecute),
		recordKind("afterDeleteSuccess", OnRecordAfterDeleteSuccess, app.OnRecordAfterDeleteSuccess),
		requestKind("createRequest", OnRecordCreateRequest, app.OnRecordCreateRequest),
		requestKind("updateRequest", OnRecordUpdateRequest, app.OnRecordUpdateRequest),
		requestKind("deleteRequest", OnRecordDeleteRequest, app.OnRecordDeleteRequest),
		{"enrich",
			func(fn func()) {
				OnRecordEnrich(app, "cards").BindFunc(func(e *core.RecordEnrichEvent) error { fn(); return e.Next() })
			},
			func(r *core.Record) error {
				e := &core.RecordEnrichEvent{App: app}
				e.Record = r
				return app.OnRecordEnrich().Trigger(e)
			}},
	}
	counts := make([]int, len(kinds))
	for i, k := range kinds {
		k.bind(func() { counts[i]++ })
	}
	for i, k := range kinds {
		before := slices.Clone(counts)
		if err := k.trigger(other); err != nil {
			t.Fatal(err)
		}
		if err := k.trigger(record); err != nil {
			t.Fatal(err)
		}
		for j := range counts {
			want := before[j]
			if j == i {
				want++
			}
			if counts[j] != want {
				t.Errorf("%s: handler of %s ran %d times, want %d", k.name, kinds[j].name, counts[j]-before[j], want-before[j])
			}
		}
	}
}

// TestDispatchWhileBinding: events may run while another goroutine binds.
func TestDispatchWhileBinding(t *testing.T) {
	t.Parallel()
	app := newApp(t)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for range 200 {
			OnRecordCreate(app, "cards").BindFunc(func(e *core.RecordEvent) error { return e.Next() })
		}
	}()
	go func() {
		defer wg.Done()
		for range 200 {
			if err := app.OnRecordCreate().Trigger(createEvent(app, "cards")); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	wg.Wait()
}

// BenchmarkDispatch compares one create event through 40 collections' worth
// of tagged handlers, as PocketBase runs them and as dispatch does.
func BenchmarkDispatch(b *testing.B) {
	for _, side := range []string{"PocketBase", "dispatch"} {
		b.Run(side, func(b *testing.B) {
			app := core.NewBaseApp(core.BaseAppConfig{DataDir: b.TempDir()})
			for i := range 40 {
				for range 4 {
					name := "c" + string(rune('a'+i%26)) + string(rune('a'+i/26))
					fn := func(e *core.RecordEvent) error { return e.Next() }
					if side == "PocketBase" {
						app.OnRecordCreate(name).BindFunc(fn)
					} else {
						OnRecordCreate(app, name).BindFunc(fn)
					}
				}
			}
			e := createEvent(app, "caa")
			b.ReportAllocs()
			for b.Loop() {
				if err := app.OnRecordCreate().Trigger(e); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
