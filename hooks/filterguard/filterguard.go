// Package filterguard keeps private field values from being guessed through
// filters. A field hidden from responses can still be filtered or sorted on
// ("email~'a'", then "email~'ab'" …), directly, through a relation, or in
// the options of a realtime subscription. Each concern names its private
// fields with a function; the guard refuses such expressions from everyone
// but the office (superusers and buero staff, who see those fields), for
// lists and for realtime subscriptions alike.
package filterguard

import (
	"net/url"
	"slices"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/staff"
)

// Register refuses any list filter or sort and any realtime subscription
// option for which refers reports true; message is the German answer. With
// no collections named it guards every collection: relations and
// back-relations reach a private field from almost anywhere.
func Register(app core.App, collections []string, refers func(expr string) bool, message string) {
	app.OnRecordsListRequest(collections...).BindFunc(func(e *core.RecordsListRequestEvent) error {
		if staff.MayDecide(e.Auth) {
			return e.Next()
		}
		q := e.Request.URL.Query()
		if refers(q.Get("filter")) || refers(q.Get("sort")) {
			return e.BadRequestError(message, nil)
		}
		return e.Next()
	})

	app.OnRealtimeSubscribeRequest().BindFunc(func(e *core.RealtimeSubscribeRequestEvent) error {
		if staff.MayDecide(e.Auth) {
			return e.Next()
		}
		for _, sub := range e.Subscriptions {
			topic, options, _ := strings.Cut(sub, "?")
			collection, _, _ := strings.Cut(topic, "/")
			if len(collections) > 0 && !slices.Contains(collections, collection) {
				continue
			}
			decoded, err := url.QueryUnescape(options)
			if err != nil || refers(decoded) {
				return e.BadRequestError(message, nil)
			}
		}
		return e.Next()
	})
}
