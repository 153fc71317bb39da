package realtime

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// queueSize is how many messages wait in a client's channel for its
// connection; more wait in the client's backlog, in order.
const queueSize = 16

// maxBacklog is how far a client may fall behind. A connection that has not
// taken that many messages is not reading (a frozen tab, a dead network):
// it is closed, and the JS SDK connects again.
const maxBacklog = 1000

// Client is the realtime client BEN registers for every connection. It is
// PocketBase's client with two differences:
//
//   - Messages wait in a queue of the client's own, in order, and sending
//     never blocks the sender: PocketBase's client takes one message at a
//     time through an unbuffered channel, and every sender (one goroutine
//     per message and client) waits until the connection has written the
//     message before.
//   - While the client is a guest, its record subscriptions without options
//     are delivered by BEN (fanout.go), with one access check per change for
//     all guests instead of one per client; PocketBase does not see them.
type Client struct {
	*subscriptions.DefaultClient
	app    core.App
	cancel context.CancelFunc // closes the connection

	mu        sync.Mutex
	queue     chan subscriptions.Message
	backlog   []subscriptions.Message
	draining  bool
	discarded bool
	gone      chan struct{}

	subsMu sync.RWMutex
	subs   []subscription

	// loggedIn mirrors the auth record PocketBase keeps in the client's
	// store (Set/Unset): asked for every client on every change, it must
	// cost no lock
	loggedIn atomic.Bool
	authMu   sync.Mutex // orders the store's change and loggedIn's
}

// subscription is one of the client's subscriptions with what delivering it
// needs.
type subscription struct {
	name    string // as the client wrote it; the messages carry it
	options subscriptions.SubscriptionOptions
	// guest is set for a record subscription without options of a base
	// collection: BEN delivers it while the client is a guest.
	guest      bool
	collection string // the collection's name or id, as written
	record     string // a record id, or "*" for every record
}

// NewClient wraps the client PocketBase created for a new connection;
// cancel must close that connection. Only an app with BEN's realtime hooks
// (Register) may register it: those deliver what it hides from PocketBase.
func NewClient(app core.App, client *subscriptions.DefaultClient, cancel context.CancelFunc) *Client {
	return &Client{
		DefaultClient: client,
		app:           app,
		cancel:        cancel,
		queue:         make(chan subscriptions.Message, queueSize),
		gone:          make(chan struct{}),
	}
}

// Channel is where the connection takes its messages from.
func (c *Client) Channel() chan subscriptions.Message { return c.queue }

// Send queues m for the connection without waiting.
func (c *Client) Send(m subscriptions.Message) { c.deliver(m) }

// deliver queues msgs, in order, without waiting; false means that the
// client has fallen too far behind and is being disconnected.
func (c *Client) deliver(msgs ...subscriptions.Message) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.discarded {
		return true // nobody listens any more; nothing is lost that anyone would read
	}
	for _, m := range msgs {
		if len(c.backlog) == 0 {
			select {
			case c.queue <- m:
				continue
			default:
			}
		}
		if len(c.backlog) >= maxBacklog {
			c.cancel()
			return false
		}
		c.backlog = append(c.backlog, m)
		if !c.draining {
			c.draining = true
			go c.drain()
		}
	}
	return true
}

// drain moves the backlog into the queue as the connection makes room, one
// message after the other; it ends when the backlog is empty.
func (c *Client) drain() {
	for {
		c.mu.Lock()
		if c.discarded || len(c.backlog) == 0 {
			c.draining = false
			c.mu.Unlock()
			return
		}
		next := c.backlog[0]
		c.mu.Unlock()

		select {
		case c.queue <- next:
		case <-c.gone:
		}

		c.mu.Lock()
		if !c.discarded {
			c.backlog[0] = subscriptions.Message{}
			c.backlog = c.backlog[1:]
		}
		c.mu.Unlock()
	}
}

// Discard closes the connection and drops what is queued.
func (c *Client) Discard() {
	c.mu.Lock()
	if !c.discarded {
		c.discarded = true
		c.backlog = nil
		close(c.gone)
	}
	c.mu.Unlock()
	c.cancel()
	c.DefaultClient.Discard()
}

// Subscribe subscribes like PocketBase's client and notes which
// subscriptions BEN delivers to guests.
func (c *Client) Subscribe(subs ...string) {
	c.subsMu.Lock()
	defer c.subsMu.Unlock()
	c.DefaultClient.Subscribe(subs...)
	c.noteSubscriptions()
}

// Unsubscribe unsubscribes like PocketBase's client (all subscriptions if
// none is named).
func (c *Client) Unsubscribe(subs ...string) {
	c.subsMu.Lock()
	defer c.subsMu.Unlock()
	c.DefaultClient.Unsubscribe(subs...)
	c.noteSubscriptions()
}

// noteSubscriptions rebuilds c.subs from the embedded client; the caller
// holds subsMu.
func (c *Client) noteSubscriptions() {
	all := c.DefaultClient.Subscriptions()
	subs := make([]subscription, 0, len(all))
	for name, options := range all {
		s := subscription{name: name, options: options}
		if len(options.Query) == 0 && len(options.Headers) == 0 {
			s.collection, s.record, s.guest = c.recordTopic(name)
		}
		subs = append(subs, s)
	}
	c.subs = subs
}

// recordTopic reads a record subscription ("events/*", "events/<id>", the
// older "events", each also with the collection's id) of a base
// collection, exactly as PocketBase matches them: by the collection's name
// or id as written.
func (c *Client) recordTopic(name string) (collection, record string, ok bool) {
	topic, _, _ := strings.Cut(name, "?")
	collection, record, found := strings.Cut(topic, "/")
	if !found {
		record = "*"
	}
	if collection == "" || record == "" {
		return "", "", false
	}
	coll, err := c.app.FindCachedCollectionByNameOrId(collection)
	if err != nil || !coll.IsBase() || (collection != coll.Name && collection != coll.Id) {
		return "", "", false
	}
	return collection, record, true
}

// Subscriptions lists the subscriptions matching the prefixes (all if
// none), as PocketBase's client does, but without those that BEN delivers
// to the client while it is a guest.
func (c *Client) Subscriptions(prefixes ...string) map[string]subscriptions.SubscriptionOptions {
	guest := c.isGuest()
	c.subsMu.RLock()
	defer c.subsMu.RUnlock()
	var result map[string]subscriptions.SubscriptionOptions
	if len(prefixes) == 0 {
		result = make(map[string]subscriptions.SubscriptionOptions, len(c.subs))
	}
	for _, s := range c.subs {
		if guest && s.guest {
			continue
		}
		if len(prefixes) == 0 || matchesAny(s.name, prefixes) {
			if result == nil {
				// PocketBase asks every client for six prefixes on every
				// change: most answers are empty, and nil costs nothing
				result = map[string]subscriptions.SubscriptionOptions{}
			}
			result[s.name] = s.options
		}
	}
	return result
}

// matchesAny is PocketBase's test strings.HasPrefix(name+"?", prefix) for
// any of prefixes: "?" ends the topic, so "events/*?" matches "events/*"
// and "events/*?options=…" but not "events/*x".
func matchesAny(name string, prefixes []string) bool {
	for _, prefix := range prefixes {
		switch {
		case len(prefix) == len(name)+1:
			if prefix[len(name)] == '?' && prefix[:len(name)] == name {
				return true
			}
		case strings.HasPrefix(name, prefix):
			return true
		}
	}
	return false
}

// allSubscriptions are c's subscriptions; those marked guest are BEN's to
// deliver while c is a guest.
func (c *Client) allSubscriptions() []subscription {
	c.subsMu.RLock()
	defer c.subsMu.RUnlock()
	return c.subs // replaced, never changed in place
}

// Set stores a value as PocketBase's client does, and notes a login.
func (c *Client) Set(key string, value any) {
	c.authMu.Lock()
	defer c.authMu.Unlock()
	c.DefaultClient.Set(key, value)
	c.noteLogin(key)
}

// Unset removes a value as PocketBase's client does, and notes a logout.
func (c *Client) Unset(key string) {
	c.authMu.Lock()
	defer c.authMu.Unlock()
	c.DefaultClient.Unset(key)
	c.noteLogin(key)
}

// noteLogin reads the auth record again after key changed. PocketBase
// stores the auth record of the subscription request there, a nil
// *core.Record for a guest.
func (c *Client) noteLogin(key string) {
	if key == apis.RealtimeClientAuthKey {
		auth, _ := c.DefaultClient.Get(key).(*core.Record)
		c.loggedIn.Store(auth != nil)
	}
}

func (c *Client) isGuest() bool { return !c.loggedIn.Load() }
