package card

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/accounts"
	"ben/hooks/linktoken"
	"ben/hooks/mailer"
	"ben/hooks/organisations"
)

// ConfirmationLinkValidity is how long an e-mailed confirmation link works.
const ConfirmationLinkValidity = 14 * 24 * time.Hour

// ErrLinkInvalid is the answer for an unknown, used or expired link; it does
// not say which, so links cannot be probed.
var ErrLinkInvalid = fmt.Errorf("Dieser Bestätigungslink ist ungültig, abgelaufen oder wurde bereits benutzt. Die Antragstellerin / der Antragsteller kann einen neuen Link anfordern.")

// confirmationLink is the single-use link a contact person outside BEN
// gets to confirm an engagement.
var confirmationLink = linktoken.Link{Collection: Engagements, HashField: "confirm_token_hash",
	ExpiresField: "confirm_expires_at", Validity: ConfirmationLinkValidity}

// ConfirmationURL is the portal page where a contact person confirms. The
// token travels in the fragment, so it never reaches a server log.
func ConfirmationURL(app core.App, token string) string {
	return mailer.Link(app, "/ehrenamtskarte/bestaetigen#"+token)
}

// personOf is an account as the confirmation rules see it.
func personOf(r *core.Record) Person {
	if r == nil {
		return Person{}
	}
	return Person{ID: r.Id, Email: r.Email(), Name: r.GetString("name")}
}

// subjectOf is whom application is about: the account that filed it and
// the person it names.
func subjectOf(app core.App, application *core.Record) Subject {
	return subjectWith(application, applicantOf(app, application))
}

// organisationOf is an organisation in BEN as the confirmation rules see it.
func organisationOf(app core.App, org *core.Record) Organisation {
	o := Organisation{InBEN: true, Published: org.GetString("status") == "published"}
	if ids := org.GetStringSlice("editors"); len(ids) > 0 {
		if editors, err := app.FindRecordsByIds(accounts.Collection, ids); err == nil {
			for _, e := range editors {
				o.Editors = append(o.Editors, personOf(e))
			}
		}
	}
	return o
}

// wayOf is how engagement r of application must be confirmed, with the
// organisation in BEN it names (nil for one outside BEN).
func wayOf(app core.App, application, r *core.Record) (string, *core.Record, Organisation) {
	id := r.GetString("organisation")
	if id == "" {
		return ViaEmailLink, nil, Organisation{}
	}
	org, err := app.FindRecordById(organisations.Collection, id)
	if err != nil {
		return ViaOffice, nil, Organisation{InBEN: true}
	}
	o := organisationOf(app, org)
	return WayOf(o, subjectOf(app, application)), org, o
}

// SendConfirmationRequests asks again for the open confirmations of
// application and mails once they are stored.
func SendConfirmationRequests(app core.App, application *core.Record) error {
	return app.RunInTransaction(func(tx core.App) error {
		sub, err := loadSubmission(tx, application, subjectOf(tx, application))
		if err != nil {
			return err
		}
		mails, err := sub.confirmationRequests(tx)
		if err != nil {
			return err
		}
		mailer.AfterCommit(tx, mails...)
		return nil
	})
}

// findByToken returns the open engagement a link token belongs to.
func findByToken(app core.App, token string, now time.Time) (*core.Record, error) {
	r, err := confirmationLink.Find(app, token, now, "confirmed_at = ''", nil)
	if err != nil {
		return nil, ErrLinkInvalid
	}
	application, err := app.FindRecordById(Applications, r.GetString("application"))
	if err != nil || application.GetString("status") != StatusSubmitted {
		return nil, ErrLinkInvalid
	}
	// the organisation may have joined BEN since: then its editors confirm
	if way, _, _ := wayOf(app, application, r); way != ViaEmailLink {
		return nil, ErrLinkInvalid
	}
	return r, nil
}

// Confirmation is how and by whom an engagement is confirmed.
type Confirmation struct {
	Via string // ViaEditor, ViaEmailLink or ViaOffice
	// Who is shown to the applicant: a name and an organisation, never an
	// e-mail address.
	Who string
	// Account is the confirming editor's account (kept hidden, for erasure).
	Account string
	// Reason is the office's written reason (ViaOffice only).
	Reason string
	// DecidedBy is the staff account of an office confirmation; empty for a
	// superuser.
	DecidedBy string
}

// ErrAlreadyConfirmed refuses a second confirmation of an engagement.
var ErrAlreadyConfirmed = errors.New("Dieses Engagement ist bereits bestätigt.")

// Confirm marks an engagement confirmed as c says, and the application
// confirmed when it was the last open one, all in one transaction.
func Confirm(app core.App, engagement *core.Record, c Confirmation, now time.Time) error {
	return app.RunInTransaction(func(tx core.App) error {
		fresh, err := tx.FindRecordById(Engagements, engagement.Id)
		if err != nil {
			return err
		}
		if !fresh.GetDateTime("confirmed_at").IsZero() {
			return ErrAlreadyConfirmed
		}
		fresh.Set("confirmed_at", now)
		fresh.Set("confirmed_via", c.Via)
		fresh.Set("confirmed_by", c.Who)
		fresh.Set("confirmed_by_account", c.Account)
		fresh.Set("confirmation_reason", strings.TrimSpace(c.Reason))
		fresh.Set("decided_by", c.DecidedBy)
		confirmationLink.Revoke(fresh)
		if err := tx.Save(fresh); err != nil {
			return err
		}

		open, err := tx.CountRecords(Engagements,
			dbx.HashExp{"application": fresh.GetString("application")},
			dbx.NewExp("confirmed_at = ''"))
		if err != nil || open > 0 {
			return err
		}
		application, err := tx.FindRecordById(Applications, fresh.GetString("application"))
		if err != nil {
			return err
		}
		if application.GetString("status") != StatusSubmitted {
			return nil
		}
		application.Set("status", StatusConfirmed)
		return tx.Save(application)
	})
}

// OfficeConfirmer is how an office confirmation is shown to the applicant.
const OfficeConfirmer = "Koordinierungsstelle der Stadt Bitburg"
