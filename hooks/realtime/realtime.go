// Package realtime keeps BEN's realtime API (PocketBase's SSE endpoint
// /api/realtime) responsive with thousands of open portal pages while staff
// keep writing.
//
// PocketBase checks a changed record's access rule once for every
// subscribed client (one SQL query each), inside the request that wrote the
// record, and hands every message to a goroutine of its own that waits until
// the client's connection has taken the message before. On two cores, with
// 5,000–10,000 clients, a few staff writes in a row kept the server busy for
// tens of seconds: the writes and the connecting clients waited
// (docs/RELIABILITY.md, "Realtime under load"). The upstream report is
// drafted there too.
//
// BEN registers its own Client for every connection (client.go): messages
// wait in a queue of the client's own, without a goroutine per message, and
// a client that stops reading is disconnected. Guests who subscribe to
// records without options (the portal's pages, external sites) all get the
// same answer, so BEN works it out once per change and delivers it to all of
// them (fanout.go); logged-in clients and subscriptions with options
// (filter, expand, fields, headers) stay with PocketBase, per client, as
// before. BEN's own signals (AddSignal; the portal's "ben/changes") go out
// in the same pass, so that a connection wakes once per change and writes
// its messages together.
package realtime

import (
	"context"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/routine"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// Register makes every new realtime connection a BEN Client and binds the
// delivery of record changes to guests.
func Register(app core.App) {
	app.OnRealtimeConnectRequest().BindFunc(func(e *core.RealtimeConnectRequestEvent) error {
		client, ok := e.Client.(*subscriptions.DefaultClient)
		if !ok {
			return e.Next() // another hook brought its own client
		}
		// PocketBase's connection ends when this context is done: the
		// client's way to close a connection that stopped reading
		ctx, cancel := context.WithCancel(e.Request.Context())
		defer cancel()
		e.Request = e.Request.WithContext(ctx)
		e.Client = NewClient(e.App, client, cancel)
		return e.Next()
	})
	// one write to the socket for several queued messages: when a change
	// reaches thousands of clients at once, the connections write less
	// often than once per message (PocketBase flushes every message)
	app.OnRealtimeMessageSend().Bind(&hook.Handler[*core.RealtimeMessageEvent]{
		Func: func(e *core.RealtimeMessageEvent) error {
			c, ok := e.Client.(*Client)
			if !ok || len(c.queue) == 0 {
				return e.Next() // PocketBase writes and flushes
			}
			// the connection takes the next message at once and flushes
			// with the last one
			return e.Message.WriteSSE(e.Response, e.Client.Id())
		},
		Priority: 999, // the last handler: it may end the chain
	})
	bindFanout(app)
}

// Send queues m for client without waiting for its connection: at once for
// BEN's clients, through a goroutine for others (as PocketBase sends).
func Send(client subscriptions.Client, m subscriptions.Message) {
	if c, ok := client.(*Client); ok {
		c.deliver(m)
		return
	}
	routine.FireAndForget(func() { client.Send(m) })
}
