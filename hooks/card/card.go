// Package card runs the volunteer card (Ehrenamtskarte Rheinland-Pfalz):
// who is eligible (Check, a pure function), how an application moves from
// draft to decision (Transition, a pure function), confirmation of the
// engagements by the organisations, issuing numbered cards, and the daily
// expiry, reminders and deletion of old personal data.
//
// The rules bind to the record model hooks, so they hold for the REST API,
// the dashboard and Go code alike; what only an applicant may not do is
// checked in the request hooks.
package card

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/accounts"
	"ben/hooks/dispatch"
	"ben/hooks/guard"
	"ben/hooks/mailer"
	"ben/hooks/organisations"
	"ben/hooks/staff"
	"ben/hooks/tz"
)

// Collection names.
const (
	Applications = "card_applications"
	Engagements  = "engagements"
	Cards        = "cards"
)

// Register binds the card's hooks, routes and daily job to app.
func Register(app core.App) {
	dispatch.OnRecordCreateRequest(app, Applications).BindFunc(applicantCreate)
	dispatch.OnRecordUpdateRequest(app, Applications).BindFunc(applicantUpdate)
	dispatch.OnRecordCreate(app, Applications).BindFunc(guardApplicationCreate)
	// the write lock is held from the transaction's first statement: the
	// validation of the record runs before it, only what must be read and
	// written together inside (Execute: after validation, around the SQL)
	dispatch.OnRecordUpdateExecute(app, Applications).BindFunc(applyTransition)

	dispatch.OnRecordCreateRequest(app, Engagements).BindFunc(refuseConfirmationFields)
	dispatch.OnRecordUpdateRequest(app, Engagements).BindFunc(refuseConfirmationFields)
	dispatch.OnRecordValidate(app, Engagements).BindFunc(validateEngagement)
	dispatch.OnRecordCreateExecute(app, Engagements).BindFunc(limitEngagements)
	dispatch.OnRecordEnrich(app, Engagements).BindFunc(enrichEngagement)

	bindCards(app)
	registerPersonalData(app)

	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		bindRoutes(e)
		return e.Next()
	})

	app.Cron().MustAdd("ben_card_daily", "15 3 * * *", func() {
		if err := RunDaily(app, time.Now(), ConfigFromEnv()); err != nil {
			app.Logger().Error("Tägliche Ehrenamtskarten-Aufgaben fehlgeschlagen", "error", err)
		}
	})
}

// fieldsStaffSet are set by BEN or the office, never by an applicant.
var fieldsStaffSet = []string{"decision_reason", "flags", "submitted_at", "decided_at"}

// fieldsFixed are chosen on creation and never changed by an applicant.
var fieldsFixed = []string{"applicant", "previous_card", "group_organisation"}

func applicantCreate(e *core.RecordRequestEvent) error {
	if staff.MayDecide(e.Auth) {
		return e.Next()
	}
	for _, f := range fieldsStaffSet {
		e.Record.Set(f, nil)
	}
	if id := e.Record.GetString("group_organisation"); id != "" {
		org, err := e.App.FindRecordById(organisations.Collection, id)
		if err != nil || !slices.Contains(org.GetStringSlice("editors"), e.Auth.Id) {
			return guard.Refuse("group_organisation", "validation_not_editor",
				"Sammelanträge stellen nur die Bearbeitenden der Organisation.")
		}
	}
	return e.Next()
}

func applicantUpdate(e *core.RecordRequestEvent) error {
	if staff.MayDecide(e.Auth) {
		return e.Next()
	}
	original := e.Record.Original()
	from, to := original.GetString("status"), e.Record.GetString("status")
	if err := Transition(from, to, ActorApplicant); err != nil {
		return guard.Refuse("status", "validation_status_transition", err.Error())
	}
	for _, f := range append(fieldsStaffSet, fieldsFixed...) {
		if changed(original, e.Record, f) {
			return guard.Refuse(f, "validation_staff_only", "Dieses Feld setzt die Koordinierungsstelle.")
		}
	}
	if from != StatusDraft {
		for _, f := range e.Record.Collection().Fields.FieldNames() {
			if f != "status" && f != "updated" && changed(original, e.Record, f) {
				return guard.Refuse(f, "validation_submitted_locked",
					"Ein eingereichter Antrag kann nicht mehr geändert werden. Sie können ihn zurückziehen und neu stellen.")
			}
		}
	}
	return e.Next()
}

// guardApplicationCreate holds for every new application, whoever stores
// it: it starts as a draft; a card it names as renewed (previous_card) is
// a card of the applicant's account; a group application is filed for a
// published organisation; and an individual application of someone who
// holds an active card in the same name is its renewal (so that the new
// card replaces it).
//
// A draft in another person's name stays possible, as it may still be
// corrected, but renews nothing: it is refused when it is submitted
// (RenewalRule), and a renewal named outright must name the person of
// the card it renews.
func guardApplicationCreate(e *core.RecordEvent) error {
	if e.Record.GetString("status") == "" {
		e.Record.Set("status", StatusDraft)
	}
	if err := Transition("", e.Record.GetString("status"), ActorStaff); err != nil {
		return guard.Refuse("status", "validation_status_transition", "Ein neuer Antrag beginnt als Entwurf.")
	}
	var previous *core.Record
	if id := e.Record.GetString("previous_card"); id != "" {
		prev, err := e.App.FindRecordById(Cards, id)
		if err != nil || prev.GetString("holder") == "" || prev.GetString("holder") != e.Record.GetString("applicant") {
			return guard.Refuse("previous_card", "validation_not_own_card", "Verlängert werden kann nur die eigene Karte.")
		}
		previous = prev
	}
	if id := e.Record.GetString("group_organisation"); id != "" {
		org, err := e.App.FindRecordById(organisations.Collection, id)
		if err != nil || org.GetString("status") != "published" {
			return guard.Refuse("group_organisation", "validation_card_group_unpublished",
				"Sammelanträge gibt es nur für veröffentlichte Organisationen im BEN.")
		}
		return e.Next()
	}
	if previous != nil {
		if v := RenewalRule(cardPerson(e.App, previous), nameOn(e.Record)); v != nil {
			return guard.Errors(*v)
		}
		return e.Next()
	}
	id, held, err := heldCard(e.App, e.Record.GetString("applicant"))
	if err != nil {
		return err
	}
	if id != "" && RenewalRule(held, nameOn(e.Record)) == nil {
		e.Record.Set("previous_card", id)
	}
	return e.Next()
}

// renewal decides, in the transaction that submits an individual
// application, what it renews: an account that holds an active card
// applies only in the name the card is issued in (RenewalRule), and the
// application renews that card (previous_card), also when the draft was
// started in another name and corrected since. Without an active card a
// link to an earlier card stays only while the application names the same
// person: a draft renamed after it was linked renews no card of another
// person. applicant is the account that files it.
func renewal(tx core.App, application *core.Record, applicant string) error {
	if application.GetString("group_organisation") != "" {
		return nil
	}
	named := nameOn(application)
	id, held, err := heldCard(tx, applicant)
	if err != nil {
		return err
	}
	if id != "" {
		if v := RenewalRule(held, named); v != nil {
			return guard.Errors(*v)
		}
		application.Set("previous_card", id)
		return nil
	}
	if prevID := application.GetString("previous_card"); prevID != "" {
		prev, err := tx.FindRecordById(Cards, prevID)
		if err != nil || prev.GetString("holder") != applicant || RenewalRule(cardPerson(tx, prev), named) != nil {
			application.Set("previous_card", "")
		}
	}
	return nil
}

// applyTransition carries out a status change, whoever makes it (the
// applicant's request, staff in the dashboard, BEN itself): the pure
// Transition decides whether it is allowed; then, in one transaction, the
// application is checked and stamped, written, and what the new status
// implies is done (a card issued, confirmation links made). The status it
// starts from is the stored one, read in that transaction. The people
// concerned are told once the transaction is committed.
func applyTransition(e *core.RecordEvent) error {
	to := e.Record.GetString("status")
	return guard.InTransaction(e, func(tx core.App) error {
		from, applicant, err := storedState(tx, e.Record)
		if err != nil {
			return err
		}
		if from == to {
			return e.Next()
		}
		if Transition(from, to, ActorStaff) != nil && Transition(from, to, ActorSystem) != nil {
			return guard.Refuse("status", "validation_status_transition", Transition(from, to, ActorStaff).Error())
		}
		now := time.Now()
		// what a submission judges is read once, for the check before the
		// write and the confirmation requests after it
		var sub *submission
		if to == StatusSubmitted {
			if sub, err = loadSubmission(tx, e.Record, subjectWith(e.Record, applicant)); err != nil {
				return err
			}
		}
		if err := stamp(tx, e.Record, to, now, sub); err != nil {
			return err
		}
		if err := e.Next(); err != nil {
			return err
		}
		mails, err := carryOut(tx, e.Record, to, now, sub)
		if err != nil {
			return err
		}
		mailer.AfterCommit(tx, mails...)
		return nil
	})
}

// stamp checks an application entering status to and records when and
// with what flags it got there; sub is the submission when to is
// submitted.
func stamp(tx core.App, application *core.Record, to string, now time.Time, sub *submission) error {
	switch to {
	case StatusSubmitted:
		if err := renewal(tx, application, sub.subject.Applicant.ID); err != nil {
			return err
		}
		result := sub.check(now)
		if !result.Eligible() {
			return failuresAsErrors(result.Failures)
		}
		if err := sub.contactAddresses(); err != nil {
			return err
		}
		flags := result.Flags
		if flags == nil {
			flags = []guard.Violation{}
		}
		application.Set("flags", flags)
		application.Set("submitted_at", now)
	case StatusConfirmed:
		// the office confirms an engagement itself with a reason
		// (ConfirmByOffice); the application follows once all are
		open, err := tx.CountRecords(Engagements, dbx.HashExp{"application": application.Id}, dbx.NewExp("confirmed_at = ''"))
		if err != nil {
			return err
		}
		if open > 0 {
			return guard.Refuse("status", "validation_card_unconfirmed_engagements", fmt.Sprintf(
				"Noch %d Engagement(s) sind nicht bestätigt. Die Koordinierungsstelle kann ein Engagement selbst bestätigen, mit Begründung (z. B. „schriftliche Bestätigung liegt vor“); der Antrag gilt als bestätigt, sobald alle bestätigt sind.", open))
		}
	case StatusRejected:
		if strings.TrimSpace(application.GetString("decision_reason")) == "" {
			return guard.Refuse("decision_reason", "validation_required", "Bitte begründen Sie die Ablehnung; die Begründung geht an die Antragstellerin / den Antragsteller.")
		}
		application.Set("decided_at", now)
	case StatusApproved, StatusWithdrawn:
		application.Set("decided_at", now)
	}
	return nil
}

// carryOut does what the stored status implies and returns the mails that
// tell the people concerned.
func carryOut(tx core.App, application *core.Record, to string, now time.Time, sub *submission) ([]mailer.Mail, error) {
	name := application.GetString("first_name") + " " + application.GetString("last_name")
	switch to {
	case StatusSubmitted:
		return sub.confirmationRequests(tx)
	// the office hears of submitted and confirmed applications from hooks/office
	case StatusApproved:
		card, mails, err := issueCard(tx, application, now)
		if err != nil {
			return nil, err
		}
		letter := mailer.CardApproved{Name: name, Number: card.GetString("number"), Link: mailer.Link(tx, "/ehrenamtskarte")}
		if vu := card.GetDateTime("valid_until"); !vu.IsZero() {
			letter.ValidUntil = tz.Date(vu.Time())
		}
		return append(applicantMail(tx, application, letter), mails...), nil
	case StatusRejected:
		return applicantMail(tx, application, mailer.CardRejected{Name: name, Reason: application.GetString("decision_reason")}), nil
	}
	return nil, nil
}

// applicantMail addresses letter to the applicant's account. Without the
// account the decision still stands; only the mail is left out.
func applicantMail(tx core.App, application *core.Record, letter mailer.Letter) []mailer.Mail {
	about := Applications + "/" + application.Id
	user, err := tx.FindRecordById(accounts.Collection, application.GetString("applicant"))
	if err != nil {
		tx.Logger().Warn("Mail zur Ehrenamtskarte ohne Empfänger", "about", about, "error", err)
		return nil
	}
	return []mailer.Mail{{To: user.Email(), About: about, Letter: letter}}
}

// failuresAsErrors turns failed criteria into field errors, their codes
// named as the card's ("validation_card_too_young").
func failuresAsErrors(failures []guard.Violation) error {
	vs := make([]guard.Violation, len(failures))
	for i, f := range failures {
		vs[i] = f
		vs[i].Code = "validation_card_" + f.Code
	}
	return guard.Errors(vs...)
}

// fieldsOfConfirmation are written only by the ways of confirming
// (Confirm), never through the record API: not by the applicant, not by an
// editor, not by staff or superusers in the dashboard.
var fieldsOfConfirmation = []string{"confirmed_at", "confirmed_by", "confirmed_via", "confirmation_reason",
	"confirmed_by_account", "decided_by", "confirm_token_hash", "confirm_expires_at"}

func refuseConfirmationFields(e *core.RecordRequestEvent) error {
	original := e.Record.Original()
	for _, f := range fieldsOfConfirmation {
		if changed(original, e.Record, f) {
			return guard.Refuse(f, "validation_card_confirmation_path",
				"Bestätigt wird ein Engagement von der Organisation (im Portal oder per E-Mail-Link) oder von der Koordinierungsstelle über „Selbst bestätigen“ mit Begründung, nicht durch Ändern des Datensatzes.")
		}
	}
	return e.Next()
}

func validateEngagement(e *core.RecordEvent) error {
	return guard.Validate(e, func() ([]guard.Violation, error) {
		var vs []guard.Violation
		r := e.Record
		if r.GetString("organisation") == "" && strings.TrimSpace(r.GetString("organisation_name")) == "" {
			vs = append(vs, guard.Violation{Field: "organisation_name", Code: "validation_required",
				Message: "Bitte wählen Sie die Organisation aus oder geben Sie ihren Namen an."})
		}
		if r.GetFloat("hours_per_week") <= 0 && r.GetFloat("hours_per_year") <= 0 {
			vs = append(vs, guard.Violation{Field: "hours_per_week", Code: "validation_required",
				Message: "Bitte geben Sie die Stunden pro Woche oder pro Jahr an."})
		}
		if since := r.GetDateTime("since"); !since.IsZero() && tz.Day(since.Time()).After(tz.Day(time.Now())) {
			vs = append(vs, guard.Violation{Field: "since", Code: "validation_in_future", Message: "Das Datum liegt in der Zukunft."})
		}
		if v := confirmationConsistent(r); v != nil {
			vs = append(vs, *v)
		}
		if r.GetString("organisation") == "" && r.GetDateTime("confirmed_at").IsZero() {
			s, ok, err := subjectOfApplication(e.App, r.GetString("application"))
			if err != nil {
				return nil, err
			}
			if ok {
				if v := ContactAddressRule(r.GetString("contact_email"), s); v != nil {
					vs = append(vs, *v)
				}
			}
		}
		return vs, nil
	})
}

// confirmationConsistent: a confirmation names its way; the office's
// carries a reason, an editor's the account.
func confirmationConsistent(r *core.Record) *guard.Violation {
	if r.GetDateTime("confirmed_at").IsZero() {
		return nil
	}
	switch r.GetString("confirmed_via") {
	case ViaOffice:
		if strings.TrimSpace(r.GetString("confirmation_reason")) == "" {
			return &guard.Violation{Field: "confirmation_reason", Code: "validation_required",
				Message: "Bestätigt die Koordinierungsstelle selbst, braucht es eine Begründung."}
		}
	case ViaEditor, ViaEmailLink:
	default:
		return &guard.Violation{Field: "confirmed_via", Code: "validation_required", Message: "Eine Bestätigung nennt ihren Weg."}
	}
	return nil
}

// limitEngagements keeps an application at MaxEngagements, counted in the
// transaction of the write so that parallel requests cannot exceed it. It
// runs after the record's validation (Execute), so that SQLite's one write
// lock is held for the count and the INSERT only.
func limitEngagements(e *core.RecordEvent) error {
	return guard.InTransaction(e, func(tx core.App) error {
		n, err := tx.CountRecords(Engagements, dbx.HashExp{"application": e.Record.GetString("application")})
		if err != nil {
			return err
		}
		if n >= MaxEngagements {
			return guard.Refuse("application", "validation_card_too_many_engagements",
				fmt.Sprintf("Ein Antrag kann höchstens %d Engagements enthalten.", MaxEngagements))
		}
		return e.Next()
	})
}

// enrichEngagement tells a confirming editor whose engagement it is (first
// and last name only: no birth date, no address) and whether they may
// confirm it; the office's reason and account stay with the office.
func enrichEngagement(e *core.RecordEnrichEvent) error {
	viewer := e.RequestInfo.Auth
	if !staff.MayDecide(viewer) {
		e.Record.Hide("confirmation_reason", "decided_by")
	}
	// without an organisation in BEN no editor can be looking: only the applicant
	if viewer == nil || staff.MayDecide(viewer) || e.Record.GetString("organisation") == "" {
		return e.Next()
	}
	application, err := e.App.FindRecordById(Applications, e.Record.GetString("application"))
	if err != nil {
		return e.Next()
	}
	if application.GetString("applicant") != viewer.Id {
		e.Record.WithCustomData(true)
		e.Record.Set("applicant_name", application.GetString("first_name")+" "+application.GetString("last_name"))
		e.Record.Set("application_status", application.GetString("status"))
		if org, err := e.App.FindRecordById(organisations.Collection, e.Record.GetString("organisation")); err == nil {
			ok, why := MayConfirmAsEditor(personOf(viewer), organisationOf(e.App, org), subjectOf(e.App, application))
			e.Record.Set("may_confirm", ok)
			if !ok {
				e.Record.Set("may_confirm_reason", why)
			}
		}
	}
	return e.Next()
}

func changed(a, b *core.Record, field string) bool {
	return fmt.Sprint(a.Get(field)) != fmt.Sprint(b.Get(field))
}
