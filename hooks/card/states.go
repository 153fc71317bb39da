package card

import "fmt"

// Statuses of a card application.
const (
	StatusDraft     = "draft"
	StatusSubmitted = "submitted"
	StatusConfirmed = "confirmed"
	StatusApproved  = "approved"
	StatusRejected  = "rejected"
	StatusWithdrawn = "withdrawn"
)

// Statuses of a card.
const (
	CardActive  = "active"
	CardExpired = "expired"
	CardRevoked = "revoked"
)

// Actor is who asks for a status change.
type Actor int

const (
	// ActorApplicant is the account that owns the application.
	ActorApplicant Actor = iota
	// ActorStaff is the coordination office (superusers, buero staff, and Go code run by it).
	ActorStaff
	// ActorSystem is BEN itself, e.g. when the last engagement is confirmed.
	ActorSystem
)

// transitions lists, for each status, where it may go and who may move it.
var transitions = map[string]map[string][]Actor{
	"": {StatusDraft: {ActorApplicant, ActorStaff, ActorSystem}},
	StatusDraft: {
		StatusSubmitted: {ActorApplicant, ActorStaff},
		StatusWithdrawn: {ActorApplicant, ActorStaff},
	},
	StatusSubmitted: {
		StatusConfirmed: {ActorSystem, ActorStaff},
		StatusRejected:  {ActorStaff},
		StatusWithdrawn: {ActorApplicant, ActorStaff},
	},
	StatusConfirmed: {
		StatusApproved:  {ActorStaff},
		StatusRejected:  {ActorStaff},
		StatusWithdrawn: {ActorApplicant, ActorStaff},
	},
	// approved, rejected and withdrawn are final: a renewal or a new
	// application starts a new record.
}

var statusNames = map[string]string{
	"":              "neu",
	StatusDraft:     "Entwurf",
	StatusSubmitted: "eingereicht",
	StatusConfirmed: "bestätigt",
	StatusApproved:  "bewilligt",
	StatusRejected:  "abgelehnt",
	StatusWithdrawn: "zurückgezogen",
}

// Transition reports whether actor may move an application from one status
// to another; staying in the same status is always allowed. The error is a
// German sentence for the person who asked.
func Transition(from, to string, actor Actor) error {
	if from == to {
		return nil
	}
	for _, a := range transitions[from][to] {
		if a == actor {
			return nil
		}
	}
	if _, known := statusNames[to]; !known || to == "" {
		return fmt.Errorf("Unbekannter Status %q.", to)
	}
	if _, possible := transitions[from][to]; possible {
		switch to {
		case StatusConfirmed:
			return fmt.Errorf("Ein Antrag gilt als bestätigt, sobald alle Engagements bestätigt sind.")
		default:
			return fmt.Errorf("Über den Antrag entscheidet die Koordinierungsstelle.")
		}
	}
	return fmt.Errorf("Ein Antrag im Status „%s“ kann nicht „%s“ werden.", statusNames[from], statusNames[to])
}
