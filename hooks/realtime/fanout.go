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
// client. The signals (AddSignal) go out in the same pass, so that a
// client's connection wakes once per change and writes its messages
// together.
type fanout struct {
	mu      sync.Mutex
	deletes map[string]*change  // "<table>/<id>" → deletion checked, not yet committed
	signals map[string][]signal // collection name → signals
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

func bindFanout(app core.App) {
	f := &fanout{deletes: map[string]*change{}, signals: map[string][]signal{}}
	app.Store().Set(storeKey, f)
	app.OnModelAfterCreateSuccess().BindFunc(func(e *core.ModelEvent) error {
		if r := recordOf(e.Model); r != nil {
			f.send(e.App, newChange(e.App, e.App, "create", r))
		}
		return e.Next()
	})
	app.OnModelAfterUpdateSuccess().BindFunc(func(e *core.ModelEvent) error {
		if r := recordOf(e.Model); r != nil {
			f.send(e.App, newChange(e.App, e.App, "update", r))
		}
		return e.Next()
	})
	// as PocketBase does: decide before the record is gone, outside the
	// delete's transaction (a cascaded record's rule may need its parent)
	app.OnModelDelete().Bind(&hook.Handler[*core.ModelEvent]{
		Func: func(e *core.ModelEvent) error {
			if r := recordOf(e.Model); r != nil {
				c := newChange(app, e.App, "delete", r)
				if guestsSubscribed(e.App, r.Collection()) {
					c.prepare()
				}
				f.mu.Lock()
				f.deletes[deleteKey(e.Model)] = c
				f.mu.Unlock()
			}
			return e.Next()
		},
		Priority: 99, // as late as possible: after the other hooks had their say
	})
	app.OnModelAfterDeleteSuccess().BindFunc(func(e *core.ModelEvent) error {
		if c := f.takeDelete(e.Model); c != nil {
			f.send(e.App, c)
		}
		return e.Next()
	})
	app.OnModelAfterDeleteError().BindFunc(func(e *core.ModelErrorEvent) error {
		f.takeDelete(e.Model)
		return e.Next()
	})
}

// guestsSubscribed reports whether any guest has a record subscription of
// coll that BEN delivers (a deletion is checked only then: the check costs
// two queries).
func guestsSubscribed(app core.App, coll *core.Collection) bool {
	if !coll.IsBase() {
		return false
	}
	for _, chunk := range app.SubscriptionsBroker().ChunkedClients(500) {
		for _, client := range chunk {
			bc, ok := client.(*Client)
			if !ok {
				continue
			}
			for _, s := range bc.allSubscriptions() {
				if s.guest && (s.collection == coll.Name || s.collection == coll.Id) && bc.isGuest() {
					return true
				}
			}
		}
	}
	return false
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

// send queues the change for every guest subscribed to its record, and its
// signals for their subscribers: all messages of one client at once.
func (f *fanout) send(app core.App, c *change) {
	coll := c.record.Collection()
	f.mu.Lock()
	signals := f.signals[coll.Name]
	f.mu.Unlock()
	guests := coll.IsBase()
	if !guests && len(signals) == 0 {
		return
	}
	signalData := make([][]byte, len(signals))
	for i, s := range signals {
		signalData[i] = s.data(c.record)
	}

	dropped := 0
	var batch []subscriptions.Message
	for _, chunk := range app.SubscriptionsBroker().ChunkedClients(500) {
		for _, client := range chunk {
			bc, ok := client.(*Client)
			if !ok {
				// registered by other code: PocketBase tells it of the
				// record; the signals go out as PocketBase sends
				for i, s := range signals {
					for name := range client.Subscriptions(s.topic + "?") {
						Send(client, subscriptions.Message{Name: name, Data: signalData[i]})
					}
				}
				continue
			}
			batch = batch[:0]
			guest := guests && bc.isGuest()
			for _, s := range bc.allSubscriptions() {
				if guest && s.guest && (s.collection == coll.Name || s.collection == coll.Id) {
					var data []byte
					switch s.record {
					case "*":
						data = c.list()
					case c.record.Id:
						data = c.view()
					}
					if data != nil {
						batch = append(batch, subscriptions.Message{Name: s.name, Data: data})
					}
				}
				for i, sig := range signals {
					if signalData[i] != nil && matchesAny(s.name, []string{sig.topic + "?"}) {
						batch = append(batch, subscriptions.Message{Name: s.name, Data: signalData[i]})
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
			"clients", dropped, "collection", coll.Name)
	}
}

// change is one record change with the message a guest gets about it, one
// for the list rule and one for the view rule, each worked out on first
// use and then shared.
type change struct {
	checkApp, app core.App
	action        string
	record        *core.Record

	listOnce, viewOnce sync.Once
	listData, viewData []byte
}

func newChange(checkApp, app core.App, action string, record *core.Record) *change {
	return &change{checkApp: checkApp, app: app, action: action, record: record}
}

// prepare works out both messages now (a deletion, while the record still
// exists).
func (c *change) prepare() {
	c.list()
	c.view()
}

func (c *change) list() []byte {
	c.listOnce.Do(func() { c.listData = c.message(c.record.Collection().ListRule) })
	return c.listData
}

func (c *change) view() []byte {
	c.viewOnce.Do(func() { c.viewData = c.message(c.record.Collection().ViewRule) })
	return c.viewData
}

// message is what PocketBase would send a guest subscribed without options
// under rule, or nil if a guest may not see the record.
func (c *change) message(rule *string) []byte {
	info := &core.RequestInfo{
		Context: core.RequestInfoContextRealtime,
		Method:  http.MethodGet,
		Query:   map[string]string{},
		Headers: map[string]string{},
	}
	if ok, _ := c.checkApp.CanAccessRecord(c.record, info, rule); !ok {
		return nil
	}
	clean := c.record.Fresh()
	event := &core.RecordEnrichEvent{App: c.app, RequestInfo: info}
	event.Record = clean
	if err := c.app.OnRecordEnrich().Trigger(event, func(*core.RecordEnrichEvent) error { return nil }); err != nil {
		c.app.Logger().Debug("Realtime: enriching a record for guests failed",
			"id", clean.Id, "collection", clean.Collection().Name, "error", err.Error())
		return nil
	}
	data, err := json.Marshal(recordData{Record: clean, Action: c.action})
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
