package mailer

// Letters of the citizens' participation: registrations for events, the
// clubs' festival, partner applications and ideas.

// RegistrationReceived confirms a registration for an event: a seat or a
// place on the waiting list. A guest gets the link to confirm within a day
// (and later to cancel); an account holder the link to their registrations.
type RegistrationReceived struct {
	Name            string
	Event           string
	When            string // "Dienstag, 17.04.2026, 18:00 Uhr"
	Where           string
	Waitlisted      bool
	WaitingPosition int // 1 = next to move up
	Guest           bool
	ConfirmUntil    string // "18.04.2026, 18:00 Uhr", guests only
	Link            string
	RetentionMonths int
}

// RegistrationMovedUp tells a person on the waiting list that a seat has
// become free for them.
type RegistrationMovedUp struct {
	Name  string
	Event string
	When  string
	Where string
	Guest bool
	Link  string // a fresh link for guests; the account's registrations otherwise
}

// RegistrationEventCancelled tells the people registered for an event (or
// waiting for a seat) that it is cancelled.
type RegistrationEventCancelled struct {
	Name       string
	Event      string
	When       string
	Waitlisted bool
}

// FestivalParticipationNotice tells the office that a club has registered
// for the festival.
type FestivalParticipationNotice struct {
	Organisation string
	Festival     string
	Link         string // to the participation in the dashboard
}

// FestivalParticipationDecided tells a club's editors whether the office
// accepted its participation in the festival.
type FestivalParticipationDecided struct {
	Organisation string
	Festival     string
	Accepted     bool
	Note         string // the office's message, may be empty
	Link         string // the club's festival page in the portal
}

// PartnerApplicationReceived confirms an application as a discount partner.
type PartnerApplicationReceived struct {
	ContactName     string
	Business        string
	RetentionMonths int
}

// PartnerApplicationNotice tells the office about a new partner
// application, without its content.
type PartnerApplicationNotice struct {
	Business string
	Link     string // to the application in the dashboard
}

// PartnerApplicationDecided tells the business the office's decision.
type PartnerApplicationDecided struct {
	ContactName string
	Business    string
	Accepted    bool
	Note        string // the office's message, may be empty
	Link        string // the partners' page in the portal
}

// IdeaReceived confirms an idea to whoever sent it.
type IdeaReceived struct {
	Name            string
	Title           string
	Guest           bool
	RetentionMonths int
}

// IdeaNotice tells the office about a new idea, without the sender.
type IdeaNotice struct {
	Title string
	Link  string // to the idea in the dashboard
}

// IdeaAnswered tells whoever sent an idea that it is public now, or has a
// new status or answer.
type IdeaAnswered struct {
	Name     string
	Title    string
	Status   string // German, e.g. "in Arbeit"
	Response string // may be empty
	Link     string // the ideas' page in the portal
}

func (RegistrationReceived) template() string         { return "registration_received" }
func (RegistrationMovedUp) template() string          { return "registration_moved_up" }
func (RegistrationEventCancelled) template() string   { return "registration_event_cancelled" }
func (FestivalParticipationNotice) template() string  { return "festival_participation_notice" }
func (FestivalParticipationDecided) template() string { return "festival_participation_decided" }
func (PartnerApplicationReceived) template() string   { return "partner_application_received" }
func (PartnerApplicationNotice) template() string     { return "partner_application_notice" }
func (PartnerApplicationDecided) template() string    { return "partner_application_decided" }
func (IdeaReceived) template() string                 { return "idea_received" }
func (IdeaNotice) template() string                   { return "idea_notice" }
func (IdeaAnswered) template() string                 { return "idea_answered" }
