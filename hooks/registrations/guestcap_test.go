package registrations

import (
	"fmt"
	"testing"
	"time"
)

func TestGuestHoldsRememberEachAddressForADayOnly(t *testing.T) {
	t.Parallel()
	now := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
	g := &guestHolds{byAddr: map[string][]hold{}}
	g.keep("203.0.113.1", []hold{{"old", now.Add(-ConfirmWithin)}, {"new", now.Add(-ConfirmWithin + time.Second)}}, now)
	g.keep("2001:db8::1", []hold{{"elsewhere", now}}, now)

	got := g.recent("203.0.113.1", now)
	if len(got) != 1 || got[0].id != "new" {
		t.Fatalf("within ConfirmWithin only, and only this address's: %v", got)
	}
	if got := g.recent("198.51.100.1", now); len(got) != 0 {
		t.Fatalf("an unknown address holds nothing: %v", got)
	}
	g.keep("203.0.113.1", nil, now)
	if _, ok := g.byAddr["203.0.113.1"]; ok || len(g.byAddr) != 1 {
		t.Fatalf("an address without registrations is forgotten: %v", g.byAddr)
	}
}

func TestGuestHoldsStayBounded(t *testing.T) {
	t.Parallel()
	now := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
	g := &guestHolds{byAddr: map[string][]hold{}}
	// the first address's latest registration is the oldest; the second's is past the day
	g.keep("first", []hold{{"a", now.Add(-2 * time.Hour)}, {"b", now.Add(-3 * time.Hour)}}, now)
	g.keep("expired", []hold{{"c", now.Add(-ConfirmWithin)}}, now)
	for i := range maxAddresses - 2 {
		g.keep(fmt.Sprint(i), []hold{{fmt.Sprint(i), now.Add(-time.Hour)}}, now)
	}
	if len(g.byAddr) != maxAddresses {
		t.Fatalf("want %d addresses, got %d", maxAddresses, len(g.byAddr))
	}

	g.keep("next", []hold{{"d", now}}, now)
	if _, ok := g.byAddr["expired"]; ok {
		t.Fatal("a full memory forgets what is past the day first")
	}
	if _, ok := g.byAddr["first"]; !ok {
		t.Fatal("while something past the day was there, nothing else is forgotten")
	}
	g.keep("another", []hold{{"e", now}}, now)
	if _, ok := g.byAddr["first"]; ok {
		t.Fatal("then the address whose latest registration is oldest goes")
	}
	g.keep("0", []hold{{"f", now}}, now) // a known address takes no room
	if len(g.byAddr) != maxAddresses {
		t.Fatalf("the memory holds at most %d addresses, got %d", maxAddresses, len(g.byAddr))
	}
}
