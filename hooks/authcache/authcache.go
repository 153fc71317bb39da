// Package authcache keeps the accounts behind recently shown auth tokens,
// so that a signed-in user's requests do not each read the account and
// check the token's signature again.
//
// PocketBase reads the account of every request's token from the database
// and checks the signature with the account's token key (one query and one
// HMAC, about a third of a small write's work). A citizen filling in a
// form, a club editing its events, the office deciding applications: each
// sends its token again and again within seconds. This package remembers,
// per token, the account PocketBase found for it:
//
//   - an entry is only made from PocketBase's own check of the token
//     (loadAuthToken's FindAuthRecordByToken): a token that PocketBase did
//     not accept is never kept, and nothing here parses or trusts a token;
//   - a write to an account of an auth collection (users, staff,
//     superusers: a new password, a changed role, a deactivation, a
//     deletion) or to a collection (a new token secret) drops every entry
//     as it is written, and none is kept until its transaction has ended
//     (committed or rolled back): a request in between reads the account as
//     PocketBase does, for the API, the dashboard and Go code alike.
//     Waiting for the write's "after success" hooks is not enough: they run
//     after the commit, behind the hooks of the transaction's earlier
//     writes, and not at all when a hook before them fails (a pb_hooks
//     script). The write's after hooks (success or error) drop the entries
//     once more, once PocketBase has reloaded its collections. An account
//     read while any of this happened is not kept (a generation, read
//     before the read);
//   - an entry lives until its token expires, at most MaxAge: the bound
//     for writes by another process (a superuser created on the command
//     line), which no hook here hears of;
//   - memory is bounded (MaxEntries); each request gets its own copy of
//     the account, so nothing a handler changes on it reaches the next.
package authcache

import (
	"math"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/security"
	"github.com/spf13/cast"
)

// MaxAge is the longest an account is kept for a token.
const MaxAge = 5 * time.Second

// MaxEntries bounds the number of tokens kept (a few MB of accounts).
const MaxEntries = 4096

// generationKey is where a request notes the generation it began under.
const generationKey = "ben.authcache.generation"

type entry struct {
	record  *core.Record
	expires time.Time
}

// Cache is one app's kept accounts.
type Cache struct {
	now func() time.Time

	mu         sync.Mutex
	generation uint64
	writing    int // writes that drop entries, not yet ended
	entries    map[string]entry
}

func newCache(now func() time.Time) *Cache {
	return &Cache{now: now, entries: map[string]entry{}}
}

// Register keeps the accounts of app's auth tokens.
func Register(app core.App) {
	c := newCache(time.Now)
	// around the database write, outside PocketBase's own handlers (-99),
	// so that it spans everything they do (a collection's new table)
	for _, execute := range []*hook.TaggedHook[*core.ModelEvent]{
		app.OnModelCreateExecute(), app.OnModelUpdateExecute(), app.OnModelDeleteExecute(),
	} {
		execute.Bind(&hook.Handler[*core.ModelEvent]{Func: c.write, Priority: math.MinInt})
	}
	written := func(e *core.ModelEvent) error {
		if invalidates(e.Model) {
			c.drop()
		}
		return e.Next()
	}
	failed := func(e *core.ModelErrorEvent) error {
		if invalidates(e.Model) {
			c.drop()
		}
		return e.Next()
	}
	app.OnModelAfterCreateSuccess().BindFunc(written)
	app.OnModelAfterUpdateSuccess().BindFunc(written)
	app.OnModelAfterDeleteSuccess().BindFunc(written)
	// a rolled-back change of a collection: PocketBase reloads its
	// collections in these hooks, after the transaction has ended
	app.OnModelAfterCreateError().BindFunc(failed)
	app.OnModelAfterUpdateError().BindFunc(failed)
	app.OnModelAfterDeleteError().BindFunc(failed)

	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		// right before PocketBase reads the token: a kept account is set
		// as the request's, and PocketBase's middleware, which skips a
		// request whose account is already loaded, does nothing
		e.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Priority: apis.DefaultLoadAuthTokenMiddlewarePriority - 1,
			Func:     c.load,
		})
		// right after it: the account PocketBase found is kept
		e.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Priority: apis.DefaultLoadAuthTokenMiddlewarePriority + 1,
			Func:     c.keep,
		})
		return e.Next()
	})
}

// invalidates reports whether a committed write of m can change what a
// token opens: an account of an auth collection, or anything that is not
// a record (a collection with its token secrets, the settings).
func invalidates(m core.Model) bool {
	switch v := m.(type) {
	case *core.Log:
		return false
	case *core.Record:
		return v.Collection().IsAuth()
	case core.RecordProxy:
		return v.ProxyRecord().Collection().IsAuth()
	}
	return true
}

// write runs a model's database write; for one that invalidates, no
// account is kept from before the write until it is committed (at once
// outside a transaction, else when the transaction ends) or failed.
func (c *Cache) write(e *core.ModelEvent) error {
	if !invalidates(e.Model) {
		return e.Next()
	}
	tx := e.App.TxInfo()
	c.begin()
	untilTxEnds := false
	defer func() {
		if !untilTxEnds {
			c.end() // committed, nothing written, or a panic
		}
	}()
	if err := e.Next(); err != nil {
		return err
	}
	if tx != nil {
		untilTxEnds = true
		tx.OnComplete(func(error) error {
			c.end()
			return nil
		})
	}
	return nil
}

// tokenOf is the request's auth token, read as PocketBase reads it.
func tokenOf(r *http.Request) string {
	token := r.Header.Get("Authorization")
	if len(token) > 7 && strings.EqualFold(token[:7], "Bearer ") {
		return token[7:]
	}
	return token
}

func (c *Cache) load(e *core.RequestEvent) error {
	if e.Auth != nil {
		return e.Next()
	}
	token := tokenOf(e.Request)
	if token == "" {
		return e.Next()
	}
	if record := c.get(token); record != nil {
		e.Auth = record
		return e.Next()
	}
	c.mu.Lock()
	e.Set(generationKey, c.generation)
	c.mu.Unlock()
	return e.Next()
}

func (c *Cache) keep(e *core.RequestEvent) error {
	generation, missed := e.Get(generationKey).(uint64)
	if missed && e.Auth != nil {
		c.put(tokenOf(e.Request), e.Auth, generation)
	}
	return e.Next()
}

// get returns a copy of the account kept for token, or nil.
func (c *Cache) get(token string) *core.Record {
	c.mu.Lock()
	kept, ok := c.entries[token]
	c.mu.Unlock()
	if !ok || !c.now().Before(kept.expires) {
		return nil
	}
	return kept.record.Clone()
}

// put keeps a copy of record, which PocketBase found for token, unless an
// account or a collection was written since generation was read.
func (c *Cache) put(token string, record *core.Record, generation uint64) {
	now := c.now()
	expires := now.Add(MaxAge)
	claims, err := security.ParseUnverifiedJWT(token)
	if err != nil {
		return
	}
	exp, ok := claims["exp"]
	if !ok {
		return // a token without an end is checked every time
	}
	if until := time.Unix(cast.ToInt64(exp), 0); until.Before(expires) {
		expires = until
	}
	if !now.Before(expires) {
		return
	}
	kept := entry{record: record.Clone(), expires: expires}

	c.mu.Lock()
	defer c.mu.Unlock()
	if generation != c.generation || c.writing > 0 {
		return
	}
	if len(c.entries) >= MaxEntries {
		c.evict(now)
	}
	c.entries[token] = kept
}

// evict makes room: the expired entries go, and if none had expired, an
// eighth of the others (Go's map order, which is random enough for a
// cache whose entries live seconds). c.mu is held.
func (c *Cache) evict(now time.Time) {
	for token, kept := range c.entries {
		if !now.Before(kept.expires) {
			delete(c.entries, token)
		}
	}
	for token := range c.entries {
		if len(c.entries) < MaxEntries-MaxEntries/8 {
			break
		}
		delete(c.entries, token)
	}
}

// drop forgets every kept account.
func (c *Cache) drop() {
	c.mu.Lock()
	c.forget()
	c.mu.Unlock()
}

// begin forgets every kept account and keeps none until end.
func (c *Cache) begin() {
	c.mu.Lock()
	c.writing++
	c.forget()
	c.mu.Unlock()
}

// end undoes one begin; an account read before it is not kept.
func (c *Cache) end() {
	c.mu.Lock()
	c.writing--
	c.forget()
	c.mu.Unlock()
}

// forget drops every entry and any account being read. c.mu is held.
func (c *Cache) forget() {
	c.generation++
	clear(c.entries)
}
