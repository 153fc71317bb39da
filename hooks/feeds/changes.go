package feeds

import (
	"encoding/json"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/articles"
	"ben/hooks/events"
	"ben/hooks/organisations"
	"ben/hooks/realtime"
)

// ChangesTopic is the realtime topic of the change signal. Subscribe to it
// like to a collection: pb.realtime.subscribe("ben/changes", callback).
const ChangesTopic = "ben/changes"

// PublicCollections are the collections whose changes the portal shows.
var PublicCollections = []string{events.Collection, articles.Collection, organisations.Collection, "partners"}

// PublicTopicCollections have a public realtime topic
// ("ben/public/<collection>", package realtime): the guests' view of every
// change, the same bytes for every subscriber.
var PublicTopicCollections = []string{"events", "organisations", "opportunities", "articles", "partners"}

// Change is the message of the signal: the collection that changed, and
// nothing about the record (it may be one the subscriber must not see).
type Change struct {
	Collection string `json:"collection"`
}

// bindChangeSignal tells the change signal's subscribers about the public
// collections.
func bindChangeSignal(app core.App) {
	realtime.AddPublicTopics(app, PublicTopicCollections...)
	SignalChanges(app, PublicCollections...)
}

// SignalChanges tells every client subscribed to ChangesTopic (also with
// options: the message goes out under the name the client subscribed with)
// when a record of one of collections was created, changed or deleted. It
// goes out with the change's other realtime messages, without waiting for
// slow clients (package realtime).
func SignalChanges(app core.App, collections ...string) {
	realtime.AddSignal(app, ChangesTopic, collections, func(r *core.Record) []byte {
		data, err := json.Marshal(Change{Collection: r.Collection().Name})
		if err != nil {
			return nil
		}
		return data
	})
}
