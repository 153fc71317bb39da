package hooks_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"ben/hooks/internal/testapp"
	"ben/hooks/realtime"
)

// publicListener is a realtime client subscribed to topics, logged in as
// auth (nil: a guest).
func publicListener(t *testing.T, app *tests.TestApp, auth *core.Record, topics ...string) *realtime.Client {
	t.Helper()
	c := realtime.NewClient(app, subscriptions.NewDefaultClient(), func() {})
	c.Set(apis.RealtimeClientAuthKey, auth)
	c.Subscribe(topics...)
	app.SubscriptionsBroker().Register(c)
	t.Cleanup(func() { app.SubscriptionsBroker().Unregister(c.Id()) })
	return c
}

// next is the client's next message within a second, or "" if none came.
func next(c *realtime.Client) subscriptions.Message {
	select {
	case m := <-c.Channel():
		return m
	case <-time.After(time.Second):
		return subscriptions.Message{}
	}
}

func TestPublicTopicsSendTheGuestViewOnce(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	guest := publicListener(t, app, nil, "ben/public/events", "ben/public/organisations")
	editor := publicListener(t, app, f.EditorA, "ben/public/events")

	type message struct {
		Action string         `json:"action"`
		Record map[string]any `json:"record"`
	}
	hear := func(what string, c *realtime.Client, topic string) (message, []byte) {
		t.Helper()
		m := next(c)
		if m.Name != topic {
			t.Fatalf("%s: heard %q %s, want a message on %s", what, m.Name, m.Data, topic)
		}
		var msg message
		if err := json.Unmarshal(m.Data, &msg); err != nil {
			t.Fatal(err)
		}
		return msg, m.Data
	}
	silent := func(what string, clients ...*realtime.Client) {
		t.Helper()
		for _, c := range clients {
			select {
			case m := <-c.Channel():
				t.Fatalf("%s: heard %s %s", what, m.Name, m.Data)
			case <-time.After(300 * time.Millisecond):
			}
		}
	}
	// the record as a guest reads it through the records API
	apiView := func(coll, id string) map[string]any {
		rec := guestGet(t, h, "/api/collections/"+coll+"/records/"+id)
		var out map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		return out
	}

	events, _ := app.FindCollectionByNameOrId("events")
	e := core.NewRecord(events)
	e.Load(map[string]any{"title": "Frühjahrsputz", "kind": "termin", "organisation": f.ClubA.Id, "published": true,
		"starts_at": time.Now().Add(48 * time.Hour), "ends_at": time.Now().Add(50 * time.Hour)})
	if err := app.Save(e); err != nil {
		t.Fatal(err)
	}
	created, guestBytes := hear("create", guest, "ben/public/events")
	_, editorBytes := hear("create, logged in", editor, "ben/public/events")
	if created.Action != "create" || !reflect.DeepEqual(created.Record, apiView("events", e.Id)) {
		t.Fatalf("create: %v, want the records API's guest view %v", created, apiView("events", e.Id))
	}
	if string(guestBytes) != string(editorBytes) {
		t.Fatal("a logged-in subscriber got other bytes than a guest: the topic is the guests' view for everyone")
	}

	rec := do(t, h, http.MethodPatch, "/api/collections/events/records/"+e.Id, f.Tokens["editorA"], `{"title":"Frühjahrsputz am Bach"}`)
	if rec.Code != http.StatusOK {
		t.Fatalf("editor updates: %d", rec.Code)
	}
	updated, _ := hear("update", guest, "ben/public/events")
	hear("update, logged in", editor, "ben/public/events")
	if updated.Action != "update" || updated.Record["title"] != "Frühjahrsputz am Bach" {
		t.Fatalf("update: %v", updated)
	}

	// leaving the public view is a deletion that says nothing but the id
	e = updateRecord(t, app, "events", e.Id, map[string]any{"published": false})
	left, _ := hear("unpublish", guest, "ben/public/events")
	hear("unpublish, logged in", editor, "ben/public/events")
	if left.Action != "delete" || !reflect.DeepEqual(left.Record, map[string]any{"id": e.Id}) {
		t.Fatalf("unpublished: %v, want a deletion with the id only", left)
	}
	// changes no guest can see are not sent at all, nor is the draft's id
	e.Set("title", "Entwurf")
	if err := app.Save(e); err != nil {
		t.Fatal(err)
	}
	draft := core.NewRecord(events)
	draft.Load(map[string]any{"title": "Geheimer Entwurf", "kind": "termin", "organisation": f.ClubA.Id, "published": false,
		"starts_at": time.Now().Add(48 * time.Hour), "ends_at": time.Now().Add(50 * time.Hour)})
	if err := app.Save(draft); err != nil {
		t.Fatal(err)
	}
	if err := app.Delete(draft); err != nil {
		t.Fatal(err)
	}
	silent("changes of unpublished events", guest, editor)

	// a published event that is deleted
	if err := app.Delete(f.EventB); err != nil {
		t.Fatal(err)
	}
	gone, _ := hear("delete", guest, "ben/public/events")
	hear("delete, logged in", editor, "ben/public/events")
	if gone.Action != "delete" || !reflect.DeepEqual(gone.Record, map[string]any{"id": f.EventB.Id}) {
		t.Fatalf("delete: %v", gone)
	}

	// an organisation's private contact data never reaches the topic
	club := updateRecord(t, app, "organisations", f.ClubA.Id, map[string]any{"email": "vorstand@turnverein.test"})
	org, raw := hear("organisation update", guest, "ben/public/organisations")
	if !reflect.DeepEqual(org.Record, apiView("organisations", club.Id)) {
		t.Fatalf("organisation: %s, want the guest view", raw)
	}
	if containsText(raw, "vorstand@turnverein.test") {
		t.Fatal("a club's private e-mail address went out on the public topic")
	}
}

func containsText(b []byte, s string) bool { return strings.Contains(string(b), s) }
