package realtime

import (
	"encoding/json"
	"net/http"
	"sync"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// fanout tells the guests among the clients of one app about record
// changes, in place of PocketBase's broadcast (apis/realtime.go,
// realtimeBroadcastRecord), with the same rules: the collection's list
// rule for "<collection>/*" (and the older "<collection>"), its view rule
// for "<collection>/<id>", checked as a guest in the realtime context; the
// record as a guest's API response shows it (enrich hooks); deletions
// checked before the record is gone and sent once the delete succeeded.
// What differs is the count: every guest subscribed without options gets
// the same answer, so it is worked out once per change, not once per
// client.
//
// The messages are worked out in the write's request, as PocketBase does
// (a guest is told what the record was when it was written, if a guest
// could see it then); handing them to thousands of clients happens after
// the write has been answered, in the order of the writes, by one goroutine
// at a time; a write waits when that goroutine is maxPending changes
// behind. The signals (AddSignal) go out in the same pass, so that a
// client's connection wakes once per change and writes its messages
// together.
type fanout struct {
	mu         sync.Mutex
	deletes    map[string]*change  // "<table>/<id>" → deletion checked, not yet committed
	signals    map[string][]signal // collection name → signals
	public     map[string]bool     // collection name → has a topic PublicTopic(name)
	wasPublic  map[string]bool     // "<table>/<id>" → a guest could list it before the update in progress
	pending    []pendingChange     // worked out, waiting to be handed out
	delivering bool                // a goroutine hands out pending
	room       *sync.Cond          // signalled when pending shrinks
}

// maxPending bounds the changes waiting to be handed out. A write beyond it
// waits: when the connections cannot keep up (a bulk import while thousands
// are connected, a starved server), the writes slow down instead of the
// clients being told later and later.
const maxPending = 8

type pendingChange struct {
	app    core.App
	change *change
}

// signal is a message that goes with every change of a collection's
// records to every subscriber of topic.
type signal struct {
	topic string
	data  func(record *core.Record) []byte
}

// storeKey is where Register keeps the app's fanout (app.Store()).
const storeKey = "ben.realtime.fanout"

// AddSignal sends data(record) to every client subscribed to topic
// (whoever it is, with or without options) after each create, update and
// delete of a record of collections. The data must not tell more than
// anyone may know: it goes to guests too. Register must have been called.
func AddSignal(app core.App, topic string, collections []string, data func(record *core.Record) []byte) {
	f, ok := app.Store().Get(storeKey).(*fanout)
	if !ok {
		panic("realtime.AddSignal before realtime.Register")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, coll := range collections {
		f.signals[coll] = append(f.signals[coll], signal{topic: topic, data: data})
	}
}

// PublicTopicPrefix starts the public topics: "ben/public/events" tells
// every subscriber about every change of a public event.
const PublicTopicPrefix = "ben/public/"

// PublicTopic is the topic of collection's public changes.
func PublicTopic(collection string) string { return PublicTopicPrefix + collection }

// AddPublicTopics opens the topic PublicTopic(c) for each of collections.
// On every change of one of their records the guest's view of the record
// is worked out once (the list rule checked as for a guest, the record
// enriched as the records API shows it to a guest) and the same bytes go
// to every subscriber, logged in or not, as PocketBase's record messages
// ({"action":"create"|"update","record":{…}}). A record that a guest could
// list and that is deleted, or changed so that a guest no longer may list
// it, is sent as {"action":"delete","record":{"id":…}}; a change that no
// guest could see before or after is not sent at all.
func AddPublicTopics(app core.App, collections ...string) {
	f, ok := app.Store().Get(storeKey).(*fanout)
	if !ok {
		panic("realtime.AddPublicTopics before realtime.Register")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range collections {
		f.public[c] = true
	}
}

func bindFanout(app core.App) {
	f := &fanout{deletes: map[string]*change{}, signals: map[string][]signal{}, public: map[string]bool{}, wasPublic: map[string]bool{}}
	f.room = sync.NewCond(&f.mu)
	app.Store().Set(storeKey, f)
	app.OnModelAfterCreateSuccess().BindFunc(func(e *core.ModelEvent) error {
		if r := recordOf(e.Model); r != nil {
			f.enqueue(e.App, f.prepare(e.App, e.App, "create", r))
		}
		return e.Next()
	})
	// whether a guest could list the record before it changes decides
	// whether a public topic hears of its leaving
	app.OnModelUpdate().Bind(&hook.Handler[*core.ModelEvent]{
		Func: func(e *core.ModelEvent) error {
			if r := recordOf(e.Model); r != nil && f.hasPublicTopic(r.Collection().Name) {
				visible, _ := e.App.CanAccessRecord(r, guestInfo(), r.Collection().ListRule)
				f.mu.Lock()
				f.wasPublic[deleteKey(e.Model)] = visible
				f.mu.Unlock()
			}
			return e.Next()
		},
		Priority: 99,
	})
	app.OnModelAfterUpdateSuccess().BindFunc(func(e *core.ModelEvent) error {
		if r := recordOf(e.Model); r != nil {
			f.enqueue(e.App, f.prepare(e.App, e.App, "update", r))
		}
		return e.Next()
	})
	app.OnModelAfterUpdateError().BindFunc(func(e *core.ModelErrorEvent) error {
		f.takeWasPublic(e.Model)
		return e.Next()
	})
	// as PocketBase does: decide before the record is gone, outside the
	// delete's transaction (a cascaded record's rule may need its parent)
	app.OnModelDelete().Bind(&hook.Handler[*core.ModelEvent]{
		Func: func(e *core.ModelEvent) error {
			if r := recordOf(e.Model); r != nil {
				c := f.prepare(app, e.App, "delete", r)
				f.mu.Lock()
				f.deletes[deleteKey(e.Model)] = c
				f.mu.Unlock()
			}
			return e.Next()
		},
		Priority: 99, // as late as possible: after the other hooks had their say
	})
	app.OnModelAfterDeleteSuccess().BindFunc(func(e *core.ModelEvent) error {
		f.enqueue(e.App, f.takeDelete(e.Model))
		return e.Next()
	})
	app.OnModelAfterDeleteError().BindFunc(func(e *core.ModelErrorEvent) error {
		f.takeDelete(e.Model)
		return e.Next()
	})
}

// guestInterest reports whether any guest has a subscription to the
// records of coll that BEN delivers (list), or to the record id (view): the
// messages are worked out only for those, each costs a query.
func guestInterest(app core.App, coll *core.Collection, id string) (list, view bool) {
	if !coll.IsBase() {
		return false, false
	}
	for _, chunk := range app.SubscriptionsBroker().ChunkedClients(500) {
		for _, client := range chunk {
			bc, ok := client.(*Client)
			if !ok {
				continue
			}
			guest := false
			for _, s := range bc.allSubscriptions() {
				if !s.guest || (s.collection != coll.Name && s.collection != coll.Id) || (s.record != "*" && s.record != id) {
					continue
				}
				if !guest && !bc.isGuest() {
					break
				}
				guest = true
				list = list || s.record == "*"
				view = view || s.record == id
				if list && view {
					return list, view
				}
			}
		}
	}
	return list, view
}

func (f *fanout) hasPublicTopic(collection string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.public[collection]
}

// takeWasPublic reports whether a guest could list m before its update.
func (f *fanout) takeWasPublic(m core.Model) bool {
	key := deleteKey(m)
	f.mu.Lock()
	defer f.mu.Unlock()
	was := f.wasPublic[key]
	delete(f.wasPublic, key)
	return was
}

func (f *fanout) takeDelete(m core.Model) *change {
	key := deleteKey(m)
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.deletes[key]
	delete(f.deletes, key)
	return c
}

func deleteKey(m core.Model) string {
	id, _ := m.PK().(string)
	return m.TableName() + "/" + id
}

func recordOf(m core.Model) *core.Record {
	switch v := m.(type) {
	case *core.Record:
		return v
	case core.RecordProxy:
		return v.ProxyRecord()
	}
	return nil
}

// change is one record change as its subscribers are told: the guests'
// messages (nil if a guest may not see the record, or no guest listens)
// and the signals, worked out in the write's request.
type change struct {
	collection, collectionID, record string
	list, view                       []byte
	signals                          []preparedSignal
}

type preparedSignal struct {
	topic string
	data  []byte
}

// prepare works out what the subscribers of a change are told, or nil if
// nobody is to be told anything. checkApp decides the access (outside a
// deletion's transaction), app enriches the record.
func (f *fanout) prepare(checkApp, app core.App, action string, record *core.Record) *change {
	coll := record.Collection()
	c := &change{collection: coll.Name, collectionID: coll.Id, record: record.Id}
	f.mu.Lock()
	signals := f.signals[coll.Name]
	public := f.public[coll.Name]
	f.mu.Unlock()
	for _, s := range signals {
		if data := s.data(record); data != nil {
			c.signals = append(c.signals, preparedSignal{topic: s.topic, data: data})
		}
	}
	list, view := guestInterest(app, coll, record.Id)
	if list || public {
		c.list = guestMessage(checkApp, app, action, record, coll.ListRule)
	}
	if view {
		c.view = guestMessage(checkApp, app, action, record, coll.ViewRule)
	}
	if public {
		if data := publicMessage(action, record, c.list, action == "update" && f.takeWasPublic(record)); data != nil {
			c.signals = append(c.signals, preparedSignal{topic: PublicTopic(coll.Name), data: data})
		}
	}
	if !list {
		c.list = nil // no guest subscribed to the collection
	}
	if c.list == nil && c.view == nil && len(c.signals) == 0 {
		return nil
	}
	return c
}

// enqueue hands c to the delivering goroutine (started when needed), after
// the changes before it; nil does nothing.
func (f *fanout) enqueue(app core.App, c *change) {
	if c == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for len(f.pending) >= maxPending {
		f.room.Wait()
	}
	f.pending = append(f.pending, pendingChange{app: app, change: c})
	if !f.delivering {
		f.delivering = true
		go f.deliverPending()
	}
}

func (f *fanout) deliverPending() {
	for {
		f.mu.Lock()
		if len(f.pending) == 0 {
			f.delivering = false
			f.mu.Unlock()
			return
		}
		next := f.pending[0]
		f.pending[0] = pendingChange{}
		f.pending = f.pending[1:]
		f.room.Broadcast()
		f.mu.Unlock()
		deliver(next.app, next.change)
	}
}

// deliver queues the change's messages for every client that is to get
// them: the guests subscribed to its record, the subscribers of its
// signals; all messages of one client at once.
func deliver(app core.App, c *change) {
	dropped := 0
	var batch []subscriptions.Message
	for _, chunk := range app.SubscriptionsBroker().ChunkedClients(500) {
		for _, client := range chunk {
			bc, ok := client.(*Client)
			if !ok {
				// registered by other code: PocketBase tells it of the
				// record; the signals go out as PocketBase sends
				for _, sig := range c.signals {
					for name := range client.Subscriptions(sig.topic + "?") {
						Send(client, subscriptions.Message{Name: name, Data: sig.data})
					}
				}
				continue
			}
			batch = batch[:0]
			guest := (c.list != nil || c.view != nil) && bc.isGuest()
			for _, s := range bc.allSubscriptions() {
				if guest && s.guest && (s.collection == c.collection || s.collection == c.collectionID) {
					switch {
					case s.record == "*" && c.list != nil:
						batch = append(batch, subscriptions.Message{Name: s.name, Data: c.list})
					case s.record == c.record && c.view != nil:
						batch = append(batch, subscriptions.Message{Name: s.name, Data: c.view})
					}
				}
				for _, sig := range c.signals {
					if matchesAny(s.name, []string{sig.topic + "?"}) {
						batch = append(batch, subscriptions.Message{Name: s.name, Data: sig.data})
					}
				}
			}
			if len(batch) > 0 && !bc.deliver(batch...) {
				dropped++
			}
		}
	}
	if dropped > 0 {
		app.Logger().Warn("Realtime clients that stopped reading were disconnected",
			"clients", dropped, "collection", c.collection)
	}
}

// publicMessage is the public topic's message of a change: the guest's
// message (nil if a guest may not list the record), or a deletion when
// the record was deleted or left the guests' view; nil if no guest could
// see the record before or after.
func publicMessage(action string, record *core.Record, guest []byte, wasPublic bool) []byte {
	switch {
	case action != "delete" && guest != nil:
		return guest
	case action == "delete" && guest != nil, action == "update" && wasPublic:
		data, err := json.Marshal(recordData{Record: map[string]string{"id": record.Id}, Action: "delete"})
		if err != nil {
			return nil
		}
		return data
	}
	return nil
}

// guestInfo is a guest's request in the realtime context.
func guestInfo() *core.RequestInfo {
	return &core.RequestInfo{
		Context: core.RequestInfoContextRealtime,
		Method:  http.MethodGet,
		Query:   map[string]string{},
		Headers: map[string]string{},
	}
}

// guestMessage is what PocketBase would send a guest subscribed without
// options under rule, or nil if a guest may not see the record.
func guestMessage(checkApp, app core.App, action string, record *core.Record, rule *string) []byte {
	info := guestInfo()
	if ok, _ := checkApp.CanAccessRecord(record, info, rule); !ok {
		return nil
	}
	clean := record.Fresh()
	event := &core.RecordEnrichEvent{App: app, RequestInfo: info}
	event.Record = clean
	if err := app.OnRecordEnrich().Trigger(event, func(*core.RecordEnrichEvent) error { return nil }); err != nil {
		app.Logger().Debug("Realtime: enriching a record for guests failed",
			"id", clean.Id, "collection", clean.Collection().Name, "error", err.Error())
		return nil
	}
	data, err := json.Marshal(recordData{Record: clean, Action: action})
	if err != nil {
		return nil
	}
	return data
}

// recordData is PocketBase's message body (apis/realtime.go), field for
// field.
type recordData struct {
	Record any    `json:"record"`
	Action string `json:"action"`
}
