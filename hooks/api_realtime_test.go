package hooks_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"ben/hooks/feeds"
	"ben/hooks/internal/testapp"
	"ben/hooks/realtime"
)

// listeners are two realtime clients with the same login and the same
// subscriptions: one as PocketBase registers it (PocketBase tells it of
// every change), one as BEN registers it on connect (BEN tells it while it
// is a guest). Both must hear exactly the same.
type listeners struct {
	plain *subscriptions.DefaultClient
	ben   *realtime.Client
}

func listen(t *testing.T, app *tests.TestApp, auth *core.Record, subs ...string) listeners {
	t.Helper()
	l := listeners{plain: subscriptions.NewDefaultClient()}
	l.ben = realtime.NewClient(app, subscriptions.NewDefaultClient(), func() {})
	for _, c := range []subscriptions.Client{l.plain, l.ben} {
		c.Set(apis.RealtimeClientAuthKey, auth) // a nil *core.Record for a guest, as PocketBase stores it
		c.Subscribe(subs...)
		app.SubscriptionsBroker().Register(c)
		t.Cleanup(func() { app.SubscriptionsBroker().Unregister(c.Id()) })
	}
	return l
}

// heard collects what each client receives within a short time, as sorted
// "name data" lines (PocketBase sends from goroutines, in no fixed order).
func (l listeners) heard() (plain, ben []string) {
	var wg sync.WaitGroup
	collect := func(ch chan subscriptions.Message, into *[]string) {
		defer wg.Done()
		timeout := time.After(500 * time.Millisecond)
		for {
			select {
			case m := <-ch:
				*into = append(*into, m.Name+" "+string(m.Data))
			case <-timeout:
				slices.Sort(*into)
				return
			}
		}
	}
	wg.Add(2)
	go collect(l.plain.Channel(), &plain)
	go collect(l.ben.Channel(), &ben)
	wg.Wait()
	return plain, ben
}

func TestRealtimeFromBENIsWhatPocketBaseWouldSend(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	var guest *core.Record
	save := func(coll, id string, data map[string]any) func(t *testing.T, app *tests.TestApp) {
		return func(t *testing.T, app *tests.TestApp) {
			r, err := app.FindRecordById(coll, id)
			if err != nil {
				t.Fatal(err)
			}
			r.Load(data)
			if err := app.Save(r); err != nil {
				t.Fatal(err)
			}
		}
	}
	remove := func(coll, id string) func(t *testing.T, app *tests.TestApp) {
		return func(t *testing.T, app *tests.TestApp) {
			r, err := app.FindRecordById(coll, id)
			if err != nil {
				t.Fatal(err)
			}
			if err := app.Delete(r); err != nil {
				t.Fatal(err)
			}
		}
	}
	scenarios := []struct {
		name string
		auth func(app *tests.TestApp) *core.Record
		// loginAs, if set, logs the clients in after they subscribed as
		// guests (PocketBase allows that upgrade)
		loginAs string
		subs    []string
		act     func(t *testing.T, app *tests.TestApp)
		// heard and unheard are parts of the messages; both clients must
		// hear the same, and this
		heard, unheard []string
	}{
		{name: "guest hears of a changed published event on every kind of topic",
			subs:  []string{"events/*", "events/" + f.EventA.Id, "events", f.EventA.Collection().Id + "/*", feeds.ChangesTopic},
			act:   save("events", f.EventA.Id, map[string]any{"title": "Training A, neu"}),
			heard: []string{`events/* {"record":`, `events/` + f.EventA.Id + ` {"record":`, `events {"record":`, f.EventA.Collection().Id + `/* {"record":`, "Training A, neu", `"action":"update"`, feeds.ChangesTopic}},
		{name: "guest hears of a new event of the office",
			subs: []string{"events/*"},
			act: func(t *testing.T, app *tests.TestApp) {
				coll, _ := app.FindCollectionByNameOrId("events")
				r := core.NewRecord(coll)
				start := time.Now().Add(240 * time.Hour).UTC()
				r.Load(map[string]any{"title": "Austausch im Rathaus", "kind": "austauschtreffen", "published": true,
					"starts_at": start, "ends_at": start.Add(time.Hour)})
				if err := app.Save(r); err != nil {
					t.Fatal(err)
				}
			},
			heard: []string{"Austausch im Rathaus", `"action":"create"`}},
		{name: "guest is not told that an event was unpublished",
			subs:    []string{"events/*", "events/" + f.EventA.Id},
			act:     save("events", f.EventA.Id, map[string]any{"published": false}),
			unheard: []string{f.EventA.Id}},
		{name: "guest is not told of a change to a draft",
			subs:    []string{"events/*"},
			act:     save("events", f.EventADraft.Id, map[string]any{"title": "Entwurf A, neu"}),
			unheard: []string{"Entwurf A"}},
		{name: "guest is not told of a published event of a pending club",
			subs:    []string{"events/*"},
			act:     save("events", f.EventPending.Id, map[string]any{"location": "Halle"}),
			unheard: []string{f.EventPending.Id}},
		{name: "guest hears that an event was deleted",
			subs:  []string{"events/*", "events/" + f.EventB.Id},
			act:   remove("events", f.EventB.Id),
			heard: []string{`"action":"delete"`, f.EventB.Id}},
		{name: "guest hears that a club was deleted, and its events with it",
			subs:  []string{"organisations/*", "events/*"},
			act:   remove("organisations", f.ClubB.Id),
			heard: []string{`organisations/* {"record":`, `events/* {"record":`, f.ClubB.Id, f.EventB.Id, `"action":"delete"`}},
		{name: "guest does not see a club's private contact data",
			subs:    []string{"organisations/*"},
			act:     save("organisations", f.ClubA.Id, map[string]any{"description": "Neu im Verein"}),
			heard:   []string{"Neu im Verein"},
			unheard: []string{"turnverein-a@club.example", "06561 1234"}},
		{name: "a topic that only begins like the change signal does not get it",
			subs:    []string{feeds.ChangesTopic + "X"},
			act:     save("events", f.EventA.Id, map[string]any{"title": "Training A, neu"}),
			unheard: []string{"collection"}},
		{name: "guest hears nothing of collections a guest may not read",
			subs:    []string{"users/*", "card_applications/*"},
			act:     save("users", f.Citizen.Id, map[string]any{"name": "Clara B."}),
			unheard: []string{"Clara"}},
		{name: "guest with subscription options is told as PocketBase tells it",
			subs:    []string{`events/*?options={"query":{"fields":"id,location"}}`},
			act:     save("events", f.EventA.Id, map[string]any{"location": "Sporthalle Süd"}),
			heard:   []string{"Sporthalle Süd"},
			unheard: []string{"Training A"}},
		{name: "editor hears of a change to their club's draft",
			auth:  func(app *tests.TestApp) *core.Record { r, _ := app.FindRecordById("users", f.EditorA.Id); return r },
			subs:  []string{"events/*"},
			act:   save("events", f.EventADraft.Id, map[string]any{"title": "Entwurf A, neu"}),
			heard: []string{"Entwurf A, neu"}},
		{name: "a guest who logs in as an editor is told of their club's draft from then on",
			loginAs: f.EditorA.Id,
			subs:    []string{"events/*"},
			act:     save("events", f.EventADraft.Id, map[string]any{"title": "Entwurf A, neu"}),
			heard:   []string{"Entwurf A, neu"}},
		{name: "staff hear of a club's private contact data",
			auth: func(app *tests.TestApp) *core.Record {
				r, _ := app.FindRecordById(core.CollectionNameSuperusers, f.Staff.Id)
				return r
			},
			subs:  []string{"organisations/*"},
			act:   save("organisations", f.ClubA.Id, map[string]any{"description": "Neu im Verein"}),
			heard: []string{"turnverein-a@club.example"}},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			app, _ := testapp.New(t)
			testapp.Handler(t, app) // binds PocketBase's realtime broadcasting
			auth := guest
			if sc.auth != nil {
				auth = sc.auth(app)
			}
			l := listen(t, app, auth, sc.subs...)
			if sc.loginAs != "" {
				user, err := app.FindRecordById("users", sc.loginAs)
				if err != nil {
					t.Fatal(err)
				}
				l.plain.Set(apis.RealtimeClientAuthKey, user)
				l.ben.Set(apis.RealtimeClientAuthKey, user)
			}
			sc.act(t, app)
			plain, ben := l.heard()
			if !slices.Equal(plain, ben) {
				t.Fatalf("BEN's client heard\n%s\nPocketBase's heard\n%s", strings.Join(ben, "\n"), strings.Join(plain, "\n"))
			}
			all := strings.Join(ben, "\n")
			for _, want := range sc.heard {
				if !strings.Contains(all, want) {
					t.Errorf("not heard: %s\n(heard: %s)", want, all)
				}
			}
			for _, unwanted := range sc.unheard {
				if strings.Contains(all, unwanted) {
					t.Errorf("heard what it must not: %s\n(heard: %s)", unwanted, all)
				}
			}
		})
	}
}

// readEvent reads the stream up to the next message of name and returns its
// data.
func readEvent(t *testing.T, stream *bufio.Reader, name string) string {
	t.Helper()
	current := ""
	for {
		line, err := stream.ReadString('\n')
		if err != nil {
			t.Fatalf("waiting for %s: %v", name, err)
		}
		line = strings.TrimRight(line, "\n")
		if event, ok := strings.CutPrefix(line, "event:"); ok {
			current = event
		}
		if data, ok := strings.CutPrefix(line, "data:"); ok && current == name {
			return data
		}
	}
}

func TestRealtimeOverHTTP(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	server := httptest.NewServer(testapp.Handler(t, app))
	defer server.Close()

	connect := func(t *testing.T) (*bufio.Reader, *http.Response, string) {
		t.Helper()
		res, err := http.Get(server.URL + "/api/realtime")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { res.Body.Close() })
		stream := bufio.NewReader(res.Body)
		var hello struct {
			ClientID string `json:"clientId"`
		}
		if err := json.Unmarshal([]byte(readEvent(t, stream, "PB_CONNECT")), &hello); err != nil || hello.ClientID == "" {
			t.Fatalf("PB_CONNECT: %v", err)
		}
		return stream, res, hello.ClientID
	}

	t.Run("a guest connected over HTTP hears of a change through BEN", func(t *testing.T) {
		// not parallel: the subtests share one app and change it in turn
		stream, _, id := connect(t)
		client, err := app.SubscriptionsBroker().ClientById(id)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := client.(*realtime.Client); !ok {
			t.Fatalf("the connection got a %T, not BEN's client", client)
		}
		body := `{"clientId":"` + id + `","subscriptions":["events/*","` + feeds.ChangesTopic + `"]}`
		res, err := http.Post(server.URL+"/api/realtime", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNoContent {
			t.Fatalf("subscribing: %d", res.StatusCode)
		}
		updateRecord(t, app, "events", f.EventA.Id, map[string]any{"location": "Haus der Jugend"})
		if data := readEvent(t, stream, "events/*"); !strings.Contains(data, "Haus der Jugend") {
			t.Fatalf("the message lacks the change: %s", data)
		}
	})

	t.Run("dropping a client ends its HTTP connection", func(t *testing.T) {
		stream, _, id := connect(t)
		app.SubscriptionsBroker().Unregister(id) // what BEN does to a client that stopped reading
		ended := make(chan error, 1)
		go func() {
			_, err := stream.ReadString('\n')
			for err == nil {
				_, err = stream.ReadString('\n')
			}
			ended <- err
		}()
		select {
		case <-ended:
		case <-time.After(5 * time.Second):
			t.Fatal("the connection stayed open")
		}
	})
}
