package mailer

// Letter is the data of one kind of mail; its wording is the template
// templates/<name>.txt. Texts are filled in as they are given (dates
// already written the German way); links are whole addresses (Link).
type Letter interface {
	template() string
}

// CardConfirmationRequest asks the contact person of an engagement to
// confirm it for a volunteer card application, with a single-use link.
type CardConfirmationRequest struct {
	ContactName   string
	ApplicantName string
	Organisation  string
	Role          string
	ValidDays     int
	Link          string
}

// CardReadyForDecision tells the office that every engagement of an
// application is confirmed (without the applicant's name: the office reads
// it after logging in).
type CardReadyForDecision struct {
	Link string // to the application in the office area
}

// CardApproved tells the applicant that the card is issued.
type CardApproved struct {
	Name       string
	Number     string // empty when the card cannot be found
	ValidUntil string // "17.04.2028"; empty for a card valid for life
	Link       string
}

// CardRejected tells the applicant that the application was refused, and why.
type CardRejected struct {
	Name   string
	Reason string
}

// CardExpiryReminder reminds a holder that the card expires soon.
type CardExpiryReminder struct {
	Name       string
	Number     string
	ValidUntil string
	Link       string
}

// CardEditorConfirmationRequest asks an editor of an organisation in BEN
// to confirm, in the portal, an engagement at their organisation.
type CardEditorConfirmationRequest struct {
	EditorName    string
	ApplicantName string
	Organisation  string
	Link          string // the organisation's card page in the portal
}

// CardClaimInvitation invites the person named on a group application to
// claim the card with an account of their own.
type CardClaimInvitation struct {
	Name         string
	Organisation string
	ValidDays    int
	Link         string
}

// CardReplaced tells the holder that their card has ended because a new
// card of theirs replaced it (a renewal approved, a group card claimed):
// no card ends without its holder being told.
type CardReplaced struct {
	Name      string
	OldNumber string
	NewNumber string
	Link      string
}

// CardExpiryReminderToClub reminds the organisation that filed a group
// application that a card nobody has claimed expires soon.
type CardExpiryReminderToClub struct {
	Organisation string
	HolderName   string
	Number       string
	ValidUntil   string
	Link         string
}

// NominationReceived confirms a nomination to the person who made it.
type NominationReceived struct {
	NominatorName string
	Nominee       string
	RoundKind     string // stadtmedaille, ehrenamtspreis or projektpreis
	RoundTitle    string
	FieldOfAction string
	Until         string // "30. April 2027"; empty when unknown
}

// InterestReceived confirms to a citizen that a club got their answer to an
// opportunity.
type InterestReceived struct {
	Name            string
	Opportunity     string
	Organisation    string
	Guest           bool // sent without an account
	RetentionMonths int
}

// EnquiryReceived confirms to a citizen that the office got the enquiry.
type EnquiryReceived struct {
	Name            string
	Guest           bool
	RetentionMonths int
}

// EnquiryNotice tells the office about a new enquiry, without its content.
type EnquiryNotice struct {
	Link string // to the enquiry in the office area
}

// OrganisationRegistered tells the office that a new organisation waits to
// be published.
type OrganisationRegistered struct {
	Name string
	Link string // to the organisation in the office area
}

// OrganisationPublished tells an organisation's editors that the office
// has published it.
type OrganisationPublished struct {
	Name        string
	Link        string // the organisation's public page
	AccountLink string // "Mein Konto"
}

// EmailChange asks an account holder to confirm a new address.
type EmailChange struct {
	Link string
}

// AccountVerification asks a new account holder to confirm the address.
type AccountVerification struct {
	Link string
}

// PasswordReset carries the link to set a new password.
type PasswordReset struct {
	Link string
}

// LoginAlert tells an account holder about a login from a new device.
type LoginAlert struct {
	Info string // date, IP address and browser of the login
}

// CardSubmittedNotice tells the office that a card application was
// submitted and its engagements are being confirmed.
type CardSubmittedNotice struct {
	Link string // to the application in the office area
}

// NominationNotice tells the office about a new nomination, without the
// nominee or the nominator.
type NominationNotice struct {
	Round string // the round's title; empty when it has none
	Link  string // to the round in the office area
}

// OfficeMorning tells the office, once a morning, which inbox items became
// due by waiting since the day before.
type OfficeMorning struct {
	Lines []string // "1 × Engagements seit über 14 Tagen unbestätigt"
	Link  string   // to the inbox
}

// OfficeGathered tells the office of the new inbox items that came while
// it had already been told of OfficeNoticesPerWindow within the window.
type OfficeGathered struct {
	Items []GatheredItem
	More  int    // items beyond those listed
	Link  string // to the inbox
}

// GatheredItem is one notice in a gathered mail: its subject and link.
type GatheredItem struct {
	Subject, Link string
}

// Count is how many items the mail is about.
func (l OfficeGathered) Count() int { return len(l.Items) + l.More }

// ChangesRequested asks the editors of an organisation, in the office's
// words, to change or complete their profile.
type ChangesRequested struct {
	Organisation string
	Message      string
	Link         string // to the profile in "Mein Verein"
}

// StaffLoginCode carries the one-time code of an office login (MFA).
type StaffLoginCode struct {
	Name         string
	Code         string
	ValidMinutes int
}

// StaffPasswordReset carries the link to set a new password for the office.
type StaffPasswordReset struct {
	Name string
	Link string
}

// StaffLoginAlert tells a staff member about a login from a new device.
type StaffLoginAlert struct {
	Name string
	Info string
}

func (CardSubmittedNotice) template() string { return "card_submitted_notice" }
func (NominationNotice) template() string    { return "nomination_notice" }
func (OfficeMorning) template() string       { return "office_morning" }
func (OfficeGathered) template() string      { return "office_gathered" }
func (ChangesRequested) template() string    { return "organisation_changes_requested" }
func (StaffLoginCode) template() string      { return "staff_login_code" }
func (StaffPasswordReset) template() string  { return "staff_password_reset" }
func (StaffLoginAlert) template() string     { return "staff_login_alert" }

func (CardConfirmationRequest) template() string { return "card_confirmation_request" }
func (CardReadyForDecision) template() string    { return "card_ready_for_decision" }
func (CardApproved) template() string            { return "card_approved" }
func (CardRejected) template() string            { return "card_rejected" }
func (CardExpiryReminder) template() string      { return "card_expiry_reminder" }
func (NominationReceived) template() string      { return "nomination_received" }
func (InterestReceived) template() string        { return "interest_received" }
func (EnquiryReceived) template() string         { return "enquiry_received" }
func (EnquiryNotice) template() string           { return "enquiry_notice" }
func (OrganisationRegistered) template() string  { return "organisation_registered" }
func (OrganisationPublished) template() string   { return "organisation_published" }
func (EmailChange) template() string             { return "email_change" }
func (AccountVerification) template() string     { return "account_verification" }
func (PasswordReset) template() string           { return "password_reset" }
func (LoginAlert) template() string              { return "login_alert" }

// the volunteer card's confirmation by editors, group cards
func (CardEditorConfirmationRequest) template() string { return "card_editor_confirmation_request" }
func (CardClaimInvitation) template() string           { return "card_claim_invitation" }
func (CardReplaced) template() string                  { return "card_replaced" }
func (CardExpiryReminderToClub) template() string      { return "card_expiry_reminder_to_club" }
