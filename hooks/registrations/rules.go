package registrations

import (
	"fmt"
	"time"

	"ben/hooks/guard"
	"ben/hooks/staff"
	"ben/hooks/tz"
)

// Collection is the name of the registrations collection.
const Collection = "event_registrations"

// Statuses of a registration.
const (
	StatusRegistered = "registered"
	StatusWaitlisted = "waitlisted"
	StatusCancelled  = "cancelled"
	StatusAttended   = "attended"
)

// Statuses lists every status, in the order the dashboard offers them.
var Statuses = []string{StatusRegistered, StatusWaitlisted, StatusCancelled, StatusAttended}

// ConfirmWithin is how long a guest has to confirm a registration by the
// link in the mail; an unconfirmed registration then lapses and its seat
// goes to the waiting list. An account's address needs no confirmation.
const ConfirmWithin = 24 * time.Hour

// ManagerRule is "who manages the registrations of an event" as an API
// rule: the editors of the organising club, or the office (buero) for its
// own events (those without an organisation). prefix leads from the
// record the rule is checked on to the event: "event." for a
// registration, "" for the event itself. Superusers pass every rule.
func ManagerRule(prefix string) string {
	return `((@request.auth.id != "" && ` + prefix + `organisation != "" && ` + prefix + `organisation.editors ~ @request.auth.id)` +
		` || (` + staff.DecideRule + ` && ` + prefix + `organisation = ""))`
}

// Lapses reports whether a registration lapses at now: a guest's (made
// without an account) that was not confirmed within ConfirmWithin of its
// creation and still holds a seat or a place on the waiting list.
func Lapses(guest, confirmed bool, status string, created, now time.Time) bool {
	return guest && !confirmed && (status == StatusRegistered || status == StatusWaitlisted) &&
		created.Before(now.Add(-ConfirmWithin))
}

// Event is what the rules need to know about an event.
type Event struct {
	Capacity  int
	Published bool // the event is published and so is its organisation (if it has one)
	Cancelled bool
	StartsAt  time.Time
}

// Seats counts an event's registrations: Taken are the registered and
// those marked as attended, Waiting the waiting list.
type Seats struct {
	Capacity, Taken, Waiting int
}

// Free is the number of seats left (never negative: a capacity lowered
// below the registrations keeps everyone).
func (s Seats) Free() int {
	return max(s.Capacity-s.Taken, 0)
}

// Admit is the status of a new registration: a seat while one is free,
// else the waiting list. Nobody jumps the waiting list: while people wait,
// a seat that is free is theirs (MoveUps) before anyone new gets it.
func Admit(s Seats) string {
	if s.Free() > 0 && s.Waiting == 0 {
		return StatusRegistered
	}
	return StatusWaitlisted
}

// MoveUps is how many waiting people get a seat now.
func MoveUps(s Seats, ev Event, now time.Time) int {
	if !Running(ev, now) {
		return 0
	}
	return min(s.Free(), s.Waiting)
}

// Running reports whether the registrations of ev are still moving: the
// event has seats, is not cancelled and has not started.
func Running(ev Event, now time.Time) bool {
	return ev.Capacity > 0 && !ev.Cancelled && now.Before(ev.StartsAt)
}

// The answer to a registration for an event that does not exist or is not
// public: the same for both.
const (
	CodeNoEvent    = "validation_registration_no_event"
	MessageNoEvent = "Diesen Termin gibt es nicht."
)

// Accepting reports why ev takes no new registrations at now; none means
// it does.
func Accepting(ev Event, now time.Time) []guard.Violation {
	refuse := func(code, message string) []guard.Violation {
		return []guard.Violation{{Field: "event", Code: code, Message: message}}
	}
	switch {
	case !ev.Published:
		// answered first and as for an event that does not exist: the
		// answer must not tell that an unpublished event is there
		return refuse(CodeNoEvent, MessageNoEvent)
	case ev.Capacity <= 0:
		return refuse("validation_registration_not_offered", "Für diesen Termin nimmt BEN keine Anmeldungen an.")
	case ev.Cancelled:
		return refuse("validation_registration_event_cancelled", "Dieser Termin ist abgesagt; eine Anmeldung ist nicht mehr möglich.")
	case !now.Before(ev.StartsAt):
		return refuse("validation_registration_closed", "Der Termin hat bereits begonnen; eine Anmeldung ist nicht mehr möglich.")
	}
	return nil
}

// Change is a change of a registration's status.
type Change struct {
	From, To    string
	Seats       Seats // the event's registrations before the change
	FirstInLine bool  // the registration is the first on the waiting list
}

// Transition reports why a registration of ev may not change as ch says at
// now; none means it may. It holds for every path: the participant's
// cancellation, the organiser's attendance list, the dashboard, Go code.
//   - a cancellation is final; re-registering makes a new registration;
//   - attendance is marked (and unmarked) from the event's day on, and only
//     for people with a seat;
//   - a waiting person gets a seat only when one is free and nobody waits
//     before them (the move-up), never by skipping the queue;
//   - nobody goes back to the waiting list.
func Transition(ch Change, ev Event, now time.Time) []guard.Violation {
	if ch.From == ch.To {
		return nil
	}
	refuse := func(code, message string) []guard.Violation {
		return []guard.Violation{{Field: "status", Code: code, Message: message}}
	}
	switch {
	case ch.From == StatusCancelled:
		return refuse("validation_registration_cancelled_final",
			"Eine Abmeldung ist endgültig. Wer doch kommen möchte, meldet sich neu an.")
	case ch.To == StatusAttended:
		if ch.From != StatusRegistered {
			return refuse("validation_registration_attended_needs_seat",
				"Als teilgenommen markiert werden nur Angemeldete mit Platz, nicht Personen auf der Warteliste.")
		}
		if tz.Day(now).Before(tz.Day(ev.StartsAt)) {
			return refuse("validation_registration_attended_too_early",
				fmt.Sprintf("Die Teilnahme wird ab dem Tag des Termins (%s) eingetragen.", tz.Date(ev.StartsAt)))
		}
	case ch.From == StatusAttended && ch.To == StatusRegistered:
		if tz.Day(now).Before(tz.Day(ev.StartsAt)) {
			return refuse("validation_registration_attended_too_early",
				fmt.Sprintf("Die Teilnahme wird ab dem Tag des Termins (%s) eingetragen.", tz.Date(ev.StartsAt)))
		}
	case ch.From == StatusWaitlisted && ch.To == StatusRegistered:
		if ch.Seats.Free() == 0 {
			return refuse("validation_registration_no_seat", "Es ist kein Platz frei; die Person bleibt auf der Warteliste.")
		}
		if !ch.FirstInLine {
			return refuse("validation_registration_queue",
				"Die Warteliste rückt in der Reihenfolge der Anmeldung nach; wer vorher wartet, bekommt den Platz zuerst.")
		}
	case ch.To == StatusWaitlisted:
		return refuse("validation_registration_back_to_waitlist",
			"Auf die Warteliste setzt BEN nur bei der Anmeldung, wenn kein Platz frei ist.")
	case ch.To == StatusCancelled:
		if ch.From == StatusAttended {
			return refuse("validation_registration_attended_cancel",
				"Wer teilgenommen hat, kann nicht mehr abgemeldet werden. Nehmen Sie zuerst die Markierung „teilgenommen“ zurück.")
		}
	}
	return nil
}

// GuestCap is how many unconfirmed registrations guests may hold from one
// client address at a time (Outstanding, GuestLimit). An unconfirmed
// registration holds its place for ConfirmWithin; without a cap one machine
// could fill every seat of every event with made-up addresses, ten a
// minute at the guest rate limit, for a day; with it, one machine holds
// three places. Three lets a family or a club's secretary behind one
// connection register a few people in one sitting (each with their own
// address: one address holds one place per event); every confirmation
// frees its slot at once, so whoever confirms in between goes on, and a
// secretary with a larger group goes on as the first members confirm.
// Registrations with an account need no confirmation and are never
// counted.
const GuestCap = 3

// The answer to a guest who holds GuestCap unconfirmed registrations.
const CodeUnconfirmedLimit = "validation_registration_unconfirmed_limit"

// Sender is who sends a new registration through the API.
type Sender struct {
	Guest bool   // without an account; a citizen, an editor, the office and superusers are not guests
	From  string // the client address, as PocketBase's rate limits determine it
}

// Held is a registration a guest sent: where from, and its state now.
type Held struct {
	ID        string
	From      string // the client address it was sent from
	Event     string // any event: the cap counts all events together
	Guest     bool   // made without an account
	Confirmed bool
	Status    string
	Created   time.Time
}

// Outstanding reports whether h still holds a place unconfirmed at now: a
// guest's registration, not confirmed, registered or waiting, and not
// lapsed (Lapses; the job cancels it within minutes, the place is as good
// as free). A confirmed, cancelled or lapsed one no longer counts.
func Outstanding(h Held, now time.Time) bool {
	return h.Guest && !h.Confirmed && (h.Status == StatusRegistered || h.Status == StatusWaitlisted) &&
		!Lapses(h.Guest, h.Confirmed, h.Status, h.Created, now)
}

// GuestLimit reports why s may not send a new registration at now, given
// held, the registrations guests sent before; none means s may. A guest
// may hold GuestCap outstanding registrations sent from their address,
// for any events together; whoever sends with an account is never limited.
func GuestLimit(s Sender, held []Held, now time.Time) []guard.Violation {
	if !s.Guest {
		return nil
	}
	n := 0
	for _, h := range held {
		if h.From == s.From && Outstanding(h, now) {
			n++
		}
	}
	if n < GuestCap {
		return nil
	}
	return []guard.Violation{{Field: "event", Code: CodeUnconfirmedLimit, Message: fmt.Sprintf(
		"Von diesem Internetanschluss aus sind schon %d Anmeldungen noch nicht bestätigt. "+
			"Bitte bestätigen Sie diese zuerst mit dem Link aus unserer E-Mail; jede Bestätigung macht sofort den Weg für eine weitere Anmeldung frei. "+
			"Oder melden Sie sich mit Ihrem Konto an: Dann ist keine Bestätigung nötig.", n)}}
}
