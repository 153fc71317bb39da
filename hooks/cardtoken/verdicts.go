package cardtoken

import (
	"container/list"
	"crypto/sha256"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/card"
	"ben/hooks/dispatch"
	"ben/hooks/tz"
)

// verdicts keeps the verdicts of recently checked tokens, so that a card
// shown again (at the till, at every visit of the pool) costs neither the
// signature check nor the two lookups of the revocation. A verdict is
// kept for the day it was given on (expiry and the publication of keys
// change with the Berlin day) and until any card, revocation or signing key
// is written: every such write, through the API, the dashboard or Go code,
// drops all kept verdicts once it is committed. Tokens are kept as their
// SHA-256, not as text.
type verdicts struct {
	gen atomic.Uint64

	mu      sync.Mutex
	order   *list.List // front: most recently used
	entries map[[32]byte]*list.Element
}

// maxVerdicts bounds the kept verdicts (about 200 bytes each).
const maxVerdicts = 20000

type keptVerdict struct {
	key    [32]byte
	result Result
	day    time.Time
	seen   uint64
}

// verdictsKey is where Register keeps the app's verdicts (app.Store()).
const verdictsKey = "ben.cardtoken.verdicts"

// bindVerdicts creates app's verdict cache and drops it on every write that
// can change a verdict.
func bindVerdicts(app core.App) *verdicts {
	v := &verdicts{}
	v.order, v.entries = newVerdictList()
	app.Store().Set(verdictsKey, v)
	forget := func(e *core.RecordEvent) error {
		v.gen.Add(1)
		return e.Next()
	}
	for _, coll := range []string{card.Cards, card.Revocations, Keys} {
		dispatch.OnRecordAfterCreateSuccess(app, coll).BindFunc(forget)
		dispatch.OnRecordAfterUpdateSuccess(app, coll).BindFunc(forget)
		dispatch.OnRecordAfterDeleteSuccess(app, coll).BindFunc(forget)
	}
	return v
}

func newVerdictList() (*list.List, map[[32]byte]*list.Element) {
	return list.New(), map[[32]byte]*list.Element{}
}

func verdictsOf(app core.App) *verdicts {
	v, _ := app.Store().Get(verdictsKey).(*verdicts)
	return v
}

// check returns the verdict on text at now: kept, or worked out by verify
// and kept.
func (v *verdicts) check(text string, now time.Time, verify func() (Result, error)) (Result, error) {
	key := sha256.Sum256([]byte(text))
	day := tz.Day(now)
	seen := v.gen.Load() // before anything is read: a write after it drops what is computed now
	v.mu.Lock()
	if el, ok := v.entries[key]; ok {
		k := el.Value.(*keptVerdict)
		if k.seen == seen && k.day.Equal(day) {
			v.order.MoveToFront(el)
			v.mu.Unlock()
			return k.result, nil
		}
		v.order.Remove(el)
		delete(v.entries, key)
	}
	v.mu.Unlock()

	result, err := verify()
	if err != nil {
		return result, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.gen.Load() != seen {
		return result, nil // a card, a revocation or a key changed meanwhile
	}
	if el, ok := v.entries[key]; ok {
		v.order.Remove(el)
		delete(v.entries, key)
	}
	v.entries[key] = v.order.PushFront(&keptVerdict{key: key, result: result, day: day, seen: seen})
	for len(v.entries) > maxVerdicts {
		last := v.order.Back()
		v.order.Remove(last)
		delete(v.entries, last.Value.(*keptVerdict).key)
	}
	return result, nil
}

func (v *verdicts) size() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.entries)
}
