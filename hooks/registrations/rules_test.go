package registrations

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"ben/hooks/tz"
)

// eveningIn is an event at 18:00 in Bitburg, days after today.
func eveningIn(now time.Time, days int) time.Time {
	d := now.In(tz.Berlin)
	return time.Date(d.Year(), d.Month(), d.Day()+days, 18, 0, 0, 0, tz.Berlin)
}

func TestAdmitGivesSeatsWhileFreeAndNeverPastTheQueue(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		seats Seats
		want  string
	}{
		{"first of five seats", Seats{Capacity: 5}, StatusRegistered},
		{"last free seat", Seats{Capacity: 5, Taken: 4}, StatusRegistered},
		{"no seat left", Seats{Capacity: 5, Taken: 5}, StatusWaitlisted},
		{"more taken than seats (capacity lowered)", Seats{Capacity: 3, Taken: 5}, StatusWaitlisted},
		{"a free seat while people wait goes to them", Seats{Capacity: 5, Taken: 4, Waiting: 1}, StatusWaitlisted},
		{"one seat", Seats{Capacity: 1}, StatusRegistered},
	} {
		if got := Admit(c.seats); got != c.want {
			t.Errorf("%s: Admit(%+v) = %s, want %s", c.name, c.seats, got, c.want)
		}
	}
}

func TestMoveUpsFillFreeSeatsFromTheWaitingListUntilTheEventStarts(t *testing.T) {
	t.Parallel()
	now := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
	ev := Event{Capacity: 5, Published: true, StartsAt: now.Add(time.Hour)}
	for _, c := range []struct {
		name  string
		seats Seats
		ev    Event
		want  int
	}{
		{"one seat freed, three waiting", Seats{Capacity: 5, Taken: 4, Waiting: 3}, ev, 1},
		{"capacity raised by three, two waiting", Seats{Capacity: 8, Taken: 5, Waiting: 2}, ev, 2},
		{"no seat free", Seats{Capacity: 5, Taken: 5, Waiting: 3}, ev, 0},
		{"nobody waits", Seats{Capacity: 5, Taken: 2}, ev, 0},
		{"the event has started", Seats{Capacity: 5, Taken: 4, Waiting: 3}, Event{Capacity: 5, StartsAt: now}, 0},
		{"the event is cancelled", Seats{Capacity: 5, Taken: 4, Waiting: 3}, Event{Capacity: 5, Cancelled: true, StartsAt: now.Add(time.Hour)}, 0},
		{"the event takes no registrations any more", Seats{Capacity: 0, Taken: 4, Waiting: 3}, Event{StartsAt: now.Add(time.Hour)}, 0},
	} {
		if got := MoveUps(c.seats, c.ev, now); got != c.want {
			t.Errorf("%s: MoveUps = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestAcceptingOnBothSidesOfTheStart(t *testing.T) {
	t.Parallel()
	start := time.Date(2027, 3, 1, 18, 0, 0, 0, tz.Berlin)
	open := Event{Capacity: 12, Published: true, StartsAt: start}
	for _, c := range []struct {
		name string
		ev   Event
		now  time.Time
		code string // "" = accepted
	}{
		{"a second before the start", open, start.Add(-time.Second), ""},
		{"at the start", open, start, "validation_registration_closed"},
		{"after the start", open, start.Add(time.Minute), "validation_registration_closed"},
		{"without capacity", Event{Published: true, StartsAt: start}, start.Add(-time.Hour), "validation_registration_not_offered"},
		{"unpublished: as if it did not exist", Event{Capacity: 12, StartsAt: start}, start.Add(-time.Hour), CodeNoEvent},
		{"unpublished without capacity: as if it did not exist", Event{StartsAt: start}, start.Add(-time.Hour), CodeNoEvent},
		{"unpublished and past: as if it did not exist", Event{Capacity: 12, StartsAt: start}, start.Add(time.Hour), CodeNoEvent},
		{"cancelled", Event{Capacity: 12, Published: true, Cancelled: true, StartsAt: start}, start.Add(-time.Hour), "validation_registration_event_cancelled"},
	} {
		vs := Accepting(c.ev, c.now)
		got := ""
		if len(vs) > 0 {
			got = vs[0].Code
			if vs[0].Field != "event" || vs[0].Message == "" {
				t.Errorf("%s: violation %+v must name the event and say why in German", c.name, vs[0])
			}
		}
		if got != c.code {
			t.Errorf("%s: got %q, want %q", c.name, got, c.code)
		}
	}
}

func TestTransitions(t *testing.T) {
	t.Parallel()
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, tz.Berlin)
	today := Event{Capacity: 5, Published: true, StartsAt: eveningIn(now, 0)}
	tomorrow := Event{Capacity: 5, Published: true, StartsAt: eveningIn(now, 1)}
	full := Seats{Capacity: 5, Taken: 5, Waiting: 2}
	oneFree := Seats{Capacity: 5, Taken: 4, Waiting: 2}
	for _, c := range []struct {
		name string
		ch   Change
		ev   Event
		code string
	}{
		{"participant cancels a seat", Change{From: StatusRegistered, To: StatusCancelled}, tomorrow, ""},
		{"waiting person cancels", Change{From: StatusWaitlisted, To: StatusCancelled}, tomorrow, ""},
		{"the same status again changes nothing", Change{From: StatusCancelled, To: StatusCancelled}, tomorrow, ""},
		{"a cancellation is final", Change{From: StatusCancelled, To: StatusRegistered, Seats: oneFree}, tomorrow, "validation_registration_cancelled_final"},
		{"a cancelled person cannot wait again", Change{From: StatusCancelled, To: StatusWaitlisted}, tomorrow, "validation_registration_cancelled_final"},
		{"attendance on the event's day", Change{From: StatusRegistered, To: StatusAttended}, today, ""},
		{"attendance the day before is too early", Change{From: StatusRegistered, To: StatusAttended}, tomorrow, "validation_registration_attended_too_early"},
		{"attendance undone on the day", Change{From: StatusAttended, To: StatusRegistered}, today, ""},
		{"nobody on the waiting list attended", Change{From: StatusWaitlisted, To: StatusAttended}, today, "validation_registration_attended_needs_seat"},
		{"who attended is not cancelled", Change{From: StatusAttended, To: StatusCancelled}, today, "validation_registration_attended_cancel"},
		{"the first waiting person moves up to a free seat", Change{From: StatusWaitlisted, To: StatusRegistered, Seats: oneFree, FirstInLine: true}, tomorrow, ""},
		{"nobody moves up without a free seat", Change{From: StatusWaitlisted, To: StatusRegistered, Seats: full, FirstInLine: true}, tomorrow, "validation_registration_no_seat"},
		{"nobody jumps the queue", Change{From: StatusWaitlisted, To: StatusRegistered, Seats: oneFree}, tomorrow, "validation_registration_queue"},
		{"nobody is sent back to the waiting list", Change{From: StatusRegistered, To: StatusWaitlisted}, tomorrow, "validation_registration_back_to_waitlist"},
		{"who attended is not sent to the waiting list", Change{From: StatusAttended, To: StatusWaitlisted}, today, "validation_registration_back_to_waitlist"},
	} {
		vs := Transition(c.ch, c.ev, now)
		got := ""
		if len(vs) > 0 {
			got = vs[0].Code
			if vs[0].Field != "status" || vs[0].Message == "" {
				t.Errorf("%s: violation %+v must name the status and say why in German", c.name, vs[0])
			}
		}
		if got != c.code {
			t.Errorf("%s: got %q, want %q", c.name, got, c.code)
		}
	}
}

// Whatever the order of events, the seats given never exceed the capacity
// and every seat that is free goes to whoever waits.
func FuzzSeatsNeverExceedCapacity(f *testing.F) {
	f.Add(uint8(5), []byte{0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 1})
	f.Add(uint8(1), []byte{0, 0, 1, 1, 0})
	f.Fuzz(func(t *testing.T, capacity uint8, ops []byte) {
		now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
		ev := Event{Capacity: int(capacity%20) + 1, Published: true, StartsAt: now.Add(24 * time.Hour)}
		var list []string // statuses in the order of registration
		seats := func() Seats {
			s := Seats{Capacity: ev.Capacity}
			for _, st := range list {
				switch st {
				case StatusRegistered:
					s.Taken++
				case StatusWaitlisted:
					s.Waiting++
				}
			}
			return s
		}
		moveUp := func() {
			for range MoveUps(seats(), ev, now) {
				i := slices.Index(list, StatusWaitlisted)
				if vs := Transition(Change{From: StatusWaitlisted, To: StatusRegistered, Seats: seats(), FirstInLine: true}, ev, now); len(vs) > 0 {
					t.Fatalf("move-up refused: %v", vs)
				}
				list[i] = StatusRegistered
			}
		}
		for i, op := range ops {
			switch op % 3 {
			case 0: // someone registers
				list = append(list, Admit(seats()))
			case 1: // someone cancels
				if len(list) == 0 {
					continue
				}
				j := int(ops[i]) % len(list)
				if Transition(Change{From: list[j], To: StatusCancelled}, ev, now) == nil {
					list[j] = StatusCancelled
					moveUp()
				}
			case 2: // the capacity grows
				ev.Capacity++
				moveUp()
			}
			s := seats()
			if s.Taken > ev.Capacity {
				t.Fatalf("%d seats given for %d", s.Taken, ev.Capacity)
			}
			if s.Free() > 0 && s.Waiting > 0 {
				t.Fatalf("a seat is free while %d wait: %v", s.Waiting, list)
			}
			// the waiting list is the tail of who registered: nobody registered after someone still waiting got a seat first
			waitingSeen := false
			for _, st := range list {
				if st == StatusWaitlisted {
					waitingSeen = true
				}
				if st == StatusRegistered && waitingSeen {
					t.Fatalf("someone behind a waiting person has a seat: %v", list)
				}
			}
		}
	})
}

func TestAGuestsRegistrationLapsesOnlyUnconfirmedAndPastTheDeadline(t *testing.T) {
	t.Parallel()
	now := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
	deadline := now.Add(-ConfirmWithin)
	for _, c := range []struct {
		name      string
		guest     bool
		confirmed bool
		status    string
		created   time.Time
		want      bool
	}{
		{"unconfirmed guest, a moment past the deadline", true, false, StatusRegistered, deadline.Add(-time.Millisecond), true},
		{"unconfirmed guest on the waiting list, past the deadline", true, false, StatusWaitlisted, deadline.Add(-time.Hour), true},
		{"unconfirmed guest, exactly at the deadline", true, false, StatusRegistered, deadline, false},
		{"unconfirmed guest, within the day", true, false, StatusRegistered, deadline.Add(time.Millisecond), false},
		{"a guest who confirmed", true, true, StatusRegistered, deadline.Add(-time.Hour), false},
		{"a guest who cancelled", true, false, StatusCancelled, deadline.Add(-time.Hour), false},
		{"a guest marked as attended", true, false, StatusAttended, deadline.Add(-time.Hour), false},
		{"an account needs no confirmation", false, false, StatusRegistered, deadline.Add(-time.Hour), false},
	} {
		if got := Lapses(c.guest, c.confirmed, c.status, c.created, now); got != c.want {
			t.Errorf("%s: Lapses = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestGuestLimitOnBothSidesOfTheCap(t *testing.T) {
	t.Parallel()
	now := time.Date(2027, 3, 1, 12, 0, 0, 0, tz.Berlin)
	const here, there = "203.0.113.1", "2001:db8::1"
	guest := Sender{Guest: true, From: here}
	account := Sender{From: here} // a citizen, an editor, the office, superusers
	// pending is a guest's unconfirmed registration with a seat, sent from
	// here for event one an hour ago; change adjusts it
	pending := func(change func(*Held)) Held {
		h := Held{From: here, Event: "one", Guest: true, Status: StatusRegistered, Created: now.Add(-time.Hour)}
		if change != nil {
			change(&h)
		}
		return h
	}
	times := func(n int, h Held) []Held { return slices.Repeat([]Held{h}, n) }
	confirmed := pending(func(h *Held) { h.Confirmed = true })
	waiting := pending(func(h *Held) { h.Status = StatusWaitlisted })
	otherEvent := pending(func(h *Held) { h.Event = "two" })
	fromThere := pending(func(h *Held) { h.From = there })
	withAccount := pending(func(h *Held) { h.Guest = false })
	cancelled := pending(func(h *Held) { h.Status = StatusCancelled })
	attended := pending(func(h *Held) { h.Status = StatusAttended })
	atDeadline := pending(func(h *Held) { h.Created = now.Add(-ConfirmWithin) })
	lapsed := pending(func(h *Held) { h.Created = now.Add(-ConfirmWithin - time.Second) })

	for _, c := range []struct {
		name    string
		sender  Sender
		held    []Held
		refused bool
	}{
		{"a guest's first registration", guest, nil, false},
		{"two unconfirmed: the third is taken", guest, times(GuestCap-1, pending(nil)), false},
		{"three unconfirmed: the fourth is refused", guest, times(GuestCap, pending(nil)), true},
		{"more than three: refused", guest, times(GuestCap+1, pending(nil)), true},
		{"places on the waiting list count", guest, times(GuestCap, waiting), true},
		{"seats and waiting places for two events count together", guest, []Held{pending(nil), waiting, otherEvent}, true},
		{"two unconfirmed and one confirmed: taken", guest, []Held{pending(nil), otherEvent, confirmed}, false},
		{"confirmed ones never count", guest, times(10, confirmed), false},
		{"cancelled ones free their slot", guest, []Held{pending(nil), pending(nil), cancelled}, false},
		{"attended ones do not count", guest, []Held{pending(nil), pending(nil), attended}, false},
		{"one at its deadline still counts", guest, []Held{pending(nil), pending(nil), atDeadline}, true},
		{"one a second past its deadline has lapsed", guest, []Held{pending(nil), pending(nil), lapsed}, false},
		{"three from another address do not count here", guest, times(GuestCap, fromThere), false},
		{"two here and two from another address: taken", guest, append(times(2, pending(nil)), times(2, fromThere)...), false},
		{"three from another address refuse a guest there", Sender{Guest: true, From: there}, times(GuestCap, fromThere), true},
		{"registrations with an account never count", guest, append(times(2, pending(nil)), times(5, withAccount)...), false},
		{"with an account nobody is capped", account, times(10, pending(nil)), false},
		{"the office entering guests is never capped", Sender{From: there}, append(times(5, pending(nil)), times(5, fromThere)...), false},
	} {
		vs := GuestLimit(c.sender, c.held, now)
		if got := len(vs) > 0; got != c.refused {
			t.Errorf("%s: refused = %v, want %v", c.name, got, c.refused)
			continue
		}
		if c.refused && (len(vs) != 1 || vs[0].Field != "event" || vs[0].Code != CodeUnconfirmedLimit ||
			!strings.Contains(vs[0].Message, "Link aus unserer E-Mail") || !strings.Contains(vs[0].Message, "Konto")) {
			t.Errorf("%s: want one %s on the event that says how to go on, got %+v", c.name, CodeUnconfirmedLimit, vs)
		}
	}
}

// Whatever guests sent before, a guest is refused exactly when GuestCap
// of their own address's registrations are outstanding, and what does not
// count (confirmed, ended, lapsed, with an account, from elsewhere) never
// changes the answer.
func FuzzGuestLimitCountsOnlyOutstandingRegistrationsOfTheAddress(f *testing.F) {
	f.Add(true, []byte{0, 0, 0})
	f.Add(true, []byte{0, 1, 2, 3, 4, 5, 6, 7, 0, 0})
	f.Add(false, []byte{0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, guest bool, ops []byte) {
		now := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
		s := Sender{Guest: guest, From: "203.0.113.1"}
		var held []Held
		own := 0
		for _, op := range ops {
			h := Held{From: s.From, Event: fmt.Sprint(op % 4), Guest: true, Status: StatusRegistered, Created: now.Add(-time.Duration(op) * time.Minute)}
			counts := true
			switch op % 8 {
			case 1:
				h.Status = StatusWaitlisted
			case 2:
				h.Confirmed, counts = true, false
			case 3:
				h.Status, counts = StatusCancelled, false
			case 4:
				h.Created, counts = now.Add(-ConfirmWithin-time.Duration(op)*time.Second-time.Second), false
			case 5:
				h.Guest, counts = false, false
			case 6:
				h.From, counts = "198.51.100.7", false
			case 7:
				h.Status, counts = StatusAttended, false
			}
			if counts {
				own++
			}
			held = append(held, h)
			refused := len(GuestLimit(s, held, now)) > 0
			if want := guest && own >= GuestCap; refused != want {
				t.Fatalf("with %d outstanding of %d (guest %v): refused = %v", own, len(held), guest, refused)
			}
		}
	})
}
