package registrations

import (
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/guard"
)

// A guest may hold GuestCap unconfirmed registrations from one client
// address at a time (GuestLimit). The address is the one PocketBase's rate
// limits use (RealIP: the connection's, or the trusted proxy's header as
// set in the dashboard), so a made-up X-Forwarded-For counts only where
// the proxy is trusted.
//
// BEN stores no address for this, neither in the database nor in a log:
// guestHolds keeps, in memory and per app, for each address the ids of the
// registrations guests sent from it within ConfirmWithin, and the rule
// counts how many of them are still outstanding as stored, in the write's
// transaction. The trade-off of keeping it in memory, per process:
//   - a restart forgets: each address may then hold GuestCap more, for a
//     day at most; several processes would each count on their own (BEN
//     runs as one, on one SQLite database);
//   - it holds at most maxAddresses addresses; past that the address
//     whose latest registration is oldest is forgotten first;
//   - everyone behind one address (a household, a school's network, a
//     provider's shared address) shares the cap; someone with many
//     addresses (an IPv6 network has plenty) is held by the rate limit
//     per address only, as before.

// maxAddresses bounds the memory: an address takes a few hundred bytes.
const maxAddresses = 10000

// guestHolds remembers, per client address, the registrations guests sent
// from it that may still be outstanding. Its own lock guards the map; the
// check and the remembering are serialised by the write's transaction.
type guestHolds struct {
	mu     sync.Mutex
	byAddr map[string][]hold
}

// hold is a registration sent from an address.
type hold struct {
	id      string
	created time.Time
}

const guestHoldsKey = "ben.registrations.guestHolds"

// holdsOf is app's memory of guests' registrations, one per app.
func holdsOf(app core.App) *guestHolds {
	return app.Store().GetOrSet(guestHoldsKey, func() any {
		return &guestHolds{byAddr: map[string][]hold{}}
	}).(*guestHolds)
}

// recent lists the registrations sent from addr within ConfirmWithin of now.
func (g *guestHolds) recent(addr string, now time.Time) []hold {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []hold
	for _, h := range g.byAddr[addr] {
		if fresh(h, now) {
			out = append(out, h)
		}
	}
	return out
}

// keep makes holds what is remembered for addr; none forgets addr.
func (g *guestHolds) keep(addr string, holds []hold, now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(holds) == 0 {
		delete(g.byAddr, addr)
		return
	}
	if _, known := g.byAddr[addr]; !known && len(g.byAddr) >= maxAddresses {
		g.makeRoom(now)
	}
	g.byAddr[addr] = holds
}

// makeRoom forgets the addresses whose registrations are all older than
// ConfirmWithin, and if that frees nothing, the one whose latest
// registration is oldest. Called with the lock held.
func (g *guestHolds) makeRoom(now time.Time) {
	var oldest string
	var oldestAt time.Time
	for addr, holds := range g.byAddr {
		latest := time.Time{}
		for _, h := range holds {
			if h.created.After(latest) {
				latest = h.created
			}
		}
		if !latest.After(now.Add(-ConfirmWithin)) {
			delete(g.byAddr, addr)
			continue
		}
		if oldest == "" || latest.Before(oldestAt) {
			oldest, oldestAt = addr, latest
		}
	}
	if len(g.byAddr) >= maxAddresses {
		delete(g.byAddr, oldest)
	}
}

func fresh(h hold, now time.Time) bool {
	return h.created.After(now.Add(-ConfirmWithin))
}

// limitGuests is the create-request hook that holds guests to GuestCap.
// The check, the write and the remembering share one transaction (the
// record's own hooks join it): BEN's writes are serialised, so N
// registrations sent at once from one address cannot all pass a count
// that none of them has changed yet. The new registration is remembered
// before it is written, under an id drawn now: in a batch, the next
// request is checked inside this one's write. A write that fails puts the
// memory back; one rolled back later leaves an id that is found nowhere
// and counts for nothing.
func limitGuests(e *core.RecordRequestEvent) error {
	s := Sender{Guest: e.Auth == nil, From: e.RealIP()}
	if !s.Guest {
		return e.Next() // nothing to check, nothing to remember
	}
	holds := holdsOf(e.App)
	app := e.App
	defer func() { e.App = app }()
	return app.RunInTransaction(func(tx core.App) error {
		e.App = tx
		now := time.Now()
		before := holds.recent(s.From, now)
		held, err := loadHeld(tx, s.From, before)
		if err != nil {
			return err
		}
		if vs := GuestLimit(s, held, now); len(vs) > 0 {
			return guard.Errors(vs...)
		}
		if e.Record.Id == "" {
			e.Record.Set(core.FieldNameId, core.GenerateDefaultRandomId())
		}
		var still []hold // what still counts, and the new one
		for _, h := range held {
			if Outstanding(h, now) {
				still = append(still, hold{id: h.ID, created: h.Created})
			}
		}
		holds.keep(s.From, append(still, hold{id: e.Record.Id, created: now}), now)
		if err := e.Next(); err != nil {
			holds.keep(s.From, before, now)
			return err
		}
		return nil
	})
}

// loadHeld reads the registrations of holds as stored now, through the
// write's transaction. A registration deleted since is gone and not held.
func loadHeld(tx core.App, addr string, holds []hold) ([]Held, error) {
	if len(holds) == 0 {
		return nil, nil
	}
	ids := make([]any, len(holds))
	for i, h := range holds {
		ids[i] = h.id
	}
	rows, err := tx.FindAllRecords(Collection, dbx.In("id", ids...))
	if err != nil {
		return nil, err
	}
	held := make([]Held, 0, len(rows))
	for _, r := range rows {
		held = append(held, Held{
			ID:        r.Id,
			From:      addr,
			Event:     r.GetString("event"),
			Guest:     r.GetString("user") == "",
			Confirmed: !r.GetDateTime("confirmed_at").IsZero(),
			Status:    r.GetString("status"),
			Created:   r.GetDateTime("created").Time(),
		})
	}
	return held, nil
}
