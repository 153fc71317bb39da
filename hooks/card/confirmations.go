package card

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/mailer"
)

// ConfirmationLinkValidity is how long an e-mailed confirmation link works.
const ConfirmationLinkValidity = 14 * 24 * time.Hour

// ErrLinkInvalid is the answer for an unknown, used or expired link; it does
// not say which, so links cannot be probed.
var ErrLinkInvalid = fmt.Errorf("Dieser Bestätigungslink ist ungültig, abgelaufen oder wurde bereits benutzt. Die Antragstellerin / der Antragsteller kann einen neuen Link anfordern.")

// newToken returns a random link token and the hash that is stored.
func newToken() (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// ConfirmationURL is the portal page where a contact person confirms. The
// token travels in the fragment, so it never reaches a server log.
func ConfirmationURL(app core.App, token string) string {
	return mailer.Link(app, "/ehrenamtskarte/bestaetigen#"+token)
}

// prepareConfirmationLinks gives every engagement of application that is
// not confirmed yet a fresh single-use link (older links stop working) and
// returns the mails that carry them. Only the link's hash is stored.
func prepareConfirmationLinks(app core.App, application *core.Record) ([]mailer.Mail, error) {
	rows, err := app.FindRecordsByFilter(Engagements, "application = {:id} && confirmed_at = ''", "", 0, 0,
		dbx.Params{"id": application.Id})
	if err != nil {
		return nil, err
	}
	name := application.GetString("first_name") + " " + application.GetString("last_name")
	mails := make([]mailer.Mail, 0, len(rows))
	for _, r := range rows {
		token, hash := newToken()
		r.Set("confirm_token_hash", hash)
		r.Set("confirm_expires_at", time.Now().Add(ConfirmationLinkValidity))
		if err := app.SaveNoValidate(r); err != nil {
			return nil, err
		}
		org := r.GetString("organisation_name")
		if id := r.GetString("organisation"); id != "" {
			if o, err := app.FindRecordById("organisations", id); err == nil {
				org = o.GetString("name")
			}
		}
		mails = append(mails, mailer.Mail{To: r.GetString("contact_email"), About: Engagements + "/" + r.Id,
			Letter: mailer.CardConfirmationRequest{
				ContactName:   r.GetString("contact_name"),
				ApplicantName: name,
				Organisation:  org,
				Role:          r.GetString("role"),
				ValidDays:     int(ConfirmationLinkValidity / (24 * time.Hour)),
				Link:          ConfirmationURL(app, token),
			}})
	}
	return mails, nil
}

// SendConfirmationLinks makes fresh links for the open engagements of
// application and mails them once they are stored.
func SendConfirmationLinks(app core.App, application *core.Record) error {
	return app.RunInTransaction(func(tx core.App) error {
		mails, err := prepareConfirmationLinks(tx, application)
		if err != nil {
			return err
		}
		mailer.AfterCommit(tx, mails...)
		return nil
	})
}

// findByToken returns the open engagement a link token belongs to.
func findByToken(app core.App, token string, now time.Time) (*core.Record, error) {
	if token == "" {
		return nil, ErrLinkInvalid
	}
	r, err := app.FindFirstRecordByFilter(Engagements,
		"confirm_token_hash = {:hash} && confirmed_at = '' && confirm_expires_at > {:now}",
		dbx.Params{"hash": hashToken(token), "now": now.UTC().Format("2006-01-02 15:04:05.000Z")})
	if err != nil {
		return nil, ErrLinkInvalid
	}
	application, err := app.FindRecordById(Applications, r.GetString("application"))
	if err != nil || application.GetString("status") != StatusSubmitted {
		return nil, ErrLinkInvalid
	}
	return r, nil
}

// Confirm marks an engagement confirmed by who (shown to the applicant: a
// name and an organisation, never an e-mail address) and, for an editor, by
// the editor's account (kept hidden, for erasure), and the application
// confirmed when it was the last open one, all in one transaction.
func Confirm(app core.App, engagement *core.Record, who, account string, now time.Time) error {
	return app.RunInTransaction(func(tx core.App) error {
		fresh, err := tx.FindRecordById(Engagements, engagement.Id)
		if err != nil {
			return err
		}
		if !fresh.GetDateTime("confirmed_at").IsZero() {
			return ErrLinkInvalid
		}
		fresh.Set("confirmed_at", now)
		fresh.Set("confirmed_by", who)
		fresh.Set("confirmed_by_account", account)
		fresh.Set("confirm_token_hash", "")
		fresh.Set("confirm_expires_at", nil)
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
