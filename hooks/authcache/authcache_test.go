package authcache

import (
	"fmt"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/pocketbase/pocketbase/core"
)

// token is a signed token ending at exp; the cache never checks the
// signature (PocketBase did, before anything is kept).
func token(t *testing.T, id string, exp time.Time) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"id": id, "exp": exp.Unix()}).SignedString([]byte("k"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func account(id string) *core.Record {
	r := core.NewRecord(core.NewAuthCollection("users"))
	r.Id = id
	r.Set("name", "Erika")
	return r
}

type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func TestKeptUntilMaxAgeOrTheTokensEndWhicheverComesFirst(t *testing.T) {
	start := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name      string
		exp       time.Time
		lastKept  time.Duration // still kept at start+lastKept
		firstGone time.Duration // gone at start+firstGone
	}{
		{"a long token: MaxAge", start.Add(7 * 24 * time.Hour), MaxAge - time.Nanosecond, MaxAge},
		{"a token ending within MaxAge: its end", start.Add(2 * time.Second), 2*time.Second - time.Nanosecond, 2 * time.Second},
		{"a token ending right at MaxAge", start.Add(MaxAge), MaxAge - time.Nanosecond, MaxAge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := &clock{start}
			c := newCache(clk.Now)
			tok := token(t, "a", tc.exp)
			c.put(tok, account("a"), 0)
			clk.now = start.Add(tc.lastKept)
			if c.get(tok) == nil {
				t.Fatalf("gone at +%v", tc.lastKept)
			}
			clk.now = start.Add(tc.firstGone)
			if c.get(tok) != nil {
				t.Fatalf("still kept at +%v", tc.firstGone)
			}
		})
	}

	t.Run("an expired token or one without an end is not kept", func(t *testing.T) {
		clk := &clock{start}
		c := newCache(clk.Now)
		expired := token(t, "a", start)
		c.put(expired, account("a"), 0)
		endless, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"id": "b"}).SignedString([]byte("k"))
		c.put(endless, account("b"), 0)
		c.put("not a token", account("c"), 0)
		if len(c.entries) != 0 {
			t.Fatalf("kept %d", len(c.entries))
		}
	})
}

func TestAnAccountReadBeforeAWriteIsNotKept(t *testing.T) {
	c := newCache(time.Now)
	tok := token(t, "a", time.Now().Add(time.Hour))
	read := c.generation // a request notes the generation, then reads the account
	c.drop()             // meanwhile a write to an account is committed
	c.put(tok, account("a"), read)
	if c.get(tok) != nil {
		t.Fatal("an account read before a committed write is served after it")
	}
	c.put(tok, account("a"), c.generation)
	if c.get(tok) == nil {
		t.Fatal("an account read after the write is not kept")
	}
	c.drop()
	if c.get(tok) != nil {
		t.Fatal("a write leaves an account kept")
	}
}

func TestEachRequestGetsItsOwnCopy(t *testing.T) {
	c := newCache(time.Now)
	tok := token(t, "a", time.Now().Add(time.Hour))
	original := account("a")
	c.put(tok, original, 0)
	original.Set("name", "changed by the request that found it")
	first := c.get(tok)
	first.Set("name", "changed by a handler")
	if got := c.get(tok).GetString("name"); got != "Erika" {
		t.Fatalf("the kept account reads %q", got)
	}
}

func TestMemoryIsBounded(t *testing.T) {
	clk := &clock{time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)}
	c := newCache(clk.Now)
	var last string
	for i := range MaxEntries + 500 {
		last = token(t, fmt.Sprint(i), clk.now.Add(time.Hour))
		c.put(last, account(fmt.Sprint(i)), 0)
		if len(c.entries) > MaxEntries {
			t.Fatalf("%d entries after %d tokens", len(c.entries), i+1)
		}
	}
	if c.get(last) == nil {
		t.Fatal("the newest token is not kept")
	}

	// when it is full again, expired entries make room first
	for i := 0; len(c.entries) < MaxEntries; i++ {
		c.put(token(t, fmt.Sprint("more", i), clk.now.Add(time.Hour)), account("more"), 0)
	}
	clk.now = clk.now.Add(MaxAge)
	fresh := token(t, "fresh", clk.now.Add(time.Hour))
	c.put(fresh, account("fresh"), 0)
	if len(c.entries) != 1 || c.get(fresh) == nil {
		t.Fatalf("%d entries after a full cache of expired ones", len(c.entries))
	}
}

func TestWhatInvalidates(t *testing.T) {
	users := core.NewAuthCollection("users")
	events := core.NewBaseCollection("events")
	for _, tc := range []struct {
		name string
		m    core.Model
		want bool
	}{
		{"an account", core.NewRecord(users), true},
		{"a record of a base collection", core.NewRecord(events), false},
		{"a collection", events, true},
		{"the request log", &core.Log{}, false},
	} {
		if got := invalidates(tc.m); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestNothingIsKeptWhileAWriteHasNotEnded(t *testing.T) {
	c := newCache(time.Now)
	tok := token(t, "a", time.Now().Add(time.Hour))
	c.put(tok, account("a"), c.generation)
	c.begin() // written, its transaction not committed yet
	if c.get(tok) != nil {
		t.Fatal("an account kept before the write is served during it")
	}
	c.put(tok, account("a"), c.generation) // read during the write
	if c.get(tok) != nil {
		t.Fatal("an account read during the write is kept")
	}
	c.begin() // a second write, which ends first
	c.end()
	c.put(tok, account("a"), c.generation)
	if c.get(tok) != nil {
		t.Fatal("an account is kept while the first write has not ended")
	}
	read := c.generation
	c.end()
	c.put(tok, account("a"), read)
	if c.get(tok) != nil {
		t.Fatal("an account read before the write ended is kept")
	}
	c.put(tok, account("a"), c.generation)
	if c.get(tok) == nil {
		t.Fatal("an account read after every write ended is not kept")
	}
}
