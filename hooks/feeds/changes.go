package feeds

import (
	"encoding/json"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"ben/hooks/realtime"
)

// ChangesTopic is the realtime topic of the change signal. Subscribe to it
// like to a collection: pb.realtime.subscribe("ben/changes", callback).
const ChangesTopic = "ben/changes"

// PublicCollections are the collections whose changes the portal shows.
var PublicCollections = []string{"events", "articles", "organisations", "partners"}

// Change is the message of the signal: the collection that changed, and
// nothing about the record (it may be one the subscriber must not see).
type Change struct {
	Collection string `json:"collection"`
}

func bindChangeSignal(app core.App) {
	signal := func(e *core.RecordEvent) error {
		Broadcast(e.App, e.Record.Collection().Name)
		return e.Next()
	}
	app.OnRecordAfterCreateSuccess(PublicCollections...).BindFunc(signal)
	app.OnRecordAfterUpdateSuccess(PublicCollections...).BindFunc(signal)
	app.OnRecordAfterDeleteSuccess(PublicCollections...).BindFunc(signal)
}

// Broadcast tells every client subscribed to ChangesTopic that collection
// changed. It does not wait for slow clients (realtime.Send).
func Broadcast(app core.App, collection string) {
	data, err := json.Marshal(Change{Collection: collection})
	if err != nil {
		return
	}
	for _, chunk := range app.SubscriptionsBroker().ChunkedClients(300) {
		for _, client := range chunk {
			// a subscription may carry options ("ben/changes?options=..."):
			// the message goes out under the name the client subscribed with;
			// "?" ends the topic, as in PocketBase's matching (not "ben/changesX")
			for sub := range client.Subscriptions(ChangesTopic + "?") {
				realtime.Send(client, subscriptions.Message{Name: sub, Data: data})
			}
		}
	}
}
