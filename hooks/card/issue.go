package card

import (
	"errors"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/guard"
	"ben/hooks/linktoken"
	"ben/hooks/mailer"
	"ben/hooks/organisations"
	"ben/hooks/tz"
)

// ClaimLinkValidity is how long the invitation to claim a card of a group
// application works.
const ClaimLinkValidity = 60 * 24 * time.Hour

// issueCard creates the numbered card of an approved application, in the
// approving transaction. A person holds one active card: the card of a
// renewal (or of any new application of someone who holds a card) ends
// the previous one on the day of issue. It ends only a card of the same
// person (RenewalRule), judged here, whoever approves: the name may have
// been changed since the submission, and the account may have got its
// card since. The card of a group application has no holder yet; the
// person it names is invited to claim it. It returns the mails that tell
// the people concerned.
func issueCard(tx core.App, application *core.Record, now time.Time) (*core.Record, []mailer.Mail, error) {
	coll, err := tx.FindCollectionByNameOrId(Cards)
	if err != nil {
		return nil, nil, err
	}
	holder := ""
	if application.GetString("group_organisation") == "" {
		holder = application.GetString("applicant")
		id, held, err := heldCard(tx, holder)
		if err != nil {
			return nil, nil, err
		}
		if id != "" {
			if v := RenewalRule(held, nameOn(application)); v != nil {
				return nil, nil, guard.Errors(*v)
			}
		}
	}
	c := core.NewRecord(coll)
	c.Set("application", application.Id)
	c.Set("holder", holder)
	c.Set("kind", application.GetString("kind"))
	c.Set("issued_at", now)
	if validUntil, ok := ValidUntil(application.GetString("kind"), now); ok {
		c.Set("valid_until", validUntil)
	}
	c.Set("status", CardActive)

	// the previous card ends before the new one is stored: the unique index
	// allows one active card per holder
	ended, err := endActiveCards(tx, holder, c, now)
	if err != nil {
		return nil, nil, err
	}
	var mails []mailer.Mail
	if email := application.GetString("holder_email"); holder == "" && email != "" {
		token := claimLink.Issue(c, now)
		org := ""
		if o, err := tx.FindRecordById(organisations.Collection, application.GetString("group_organisation")); err == nil {
			org = o.GetString("name")
		}
		mails = append(mails, mailer.Mail{To: email, About: Applications + "/" + application.Id, Letter: mailer.CardClaimInvitation{
			Name:         application.GetString("first_name") + " " + application.GetString("last_name"),
			Organisation: org,
			ValidDays:    int(ClaimLinkValidity / (24 * time.Hour)),
			Link:         mailer.Link(tx, "/ehrenamtskarte/uebernehmen#"+token),
		}})
	}
	if err := tx.Save(c); err != nil {
		return nil, nil, err
	}
	if err := replaced(tx, ended, c); err != nil {
		return nil, nil, err
	}
	return c, mails, nil
}

// claimLink invites the person a group application names to claim the
// card with an account.
var claimLink = linktoken.Link{Collection: Cards, HashField: "claim_token_hash",
	ExpiresField: "claim_expires_at", Validity: ClaimLinkValidity}

// ErrClaimInvalid is the answer for an unknown, used or expired claim
// link; it does not say which.
var ErrClaimInvalid = errors.New("Dieser Link ist ungültig, abgelaufen oder wurde bereits benutzt. Bitte wenden Sie sich an Ihre Organisation oder die Koordinierungsstelle.")

// Claim gives the card of a group application to the account that holds
// its invitation link. If the account holds an active card of the same
// person already, the claimed card replaces it, and the holder is told; an
// account holding the card of another person cannot claim (ReplacementRule).
func Claim(app core.App, token string, user *core.Record, now time.Time) (*core.Record, error) {
	var claimed *core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		c, err := claimLink.Find(tx, token, now, "holder = '' && status = 'active'", nil)
		if err != nil {
			return ErrClaimInvalid
		}
		held, err := activeCardOf(tx, user.Id)
		if err != nil {
			return err
		}
		if held != nil {
			if v := ReplacementRule(cardName(tx, held), cardName(tx, c)); v != nil {
				return guard.Errors(*v)
			}
		}
		ended, err := endActiveCards(tx, user.Id, c, now)
		if err != nil {
			return err
		}
		c.Set("holder", user.Id)
		c.Set("claimed_at", now)
		claimLink.Revoke(c)
		if err := tx.Save(c); err != nil {
			return err
		}
		claimed = c
		return replaced(tx, ended, c)
	})
	return claimed, err
}

// Correctable are the issued data the office may correct, with a reason.
var Correctable = []string{"valid_until", "number", "kind"}

// Correct changes one of the issued data of a card (valid_until, number
// or kind) with a reason, and records the correction. A number that is
// replaced is revoked for good (its old codes stop working); a last valid
// day that has passed ends the card; the anniversary card has no last
// day.
func Correct(app core.App, card *core.Record, field, value, reason, decidedBy string, now time.Time) (*core.Record, error) {
	var out *core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		fresh, err := tx.FindRecordById(Cards, card.Id)
		if err != nil {
			return err
		}
		before, after, err := applyCorrection(tx, fresh, field, value, reason, decidedBy, now)
		if err != nil {
			return err
		}
		fresh.Set(keyCorrection, true)
		fresh.Set(keyDecidedBy, decidedBy)
		if err := tx.Save(fresh); err != nil {
			return err
		}
		coll, err := tx.FindCachedCollectionByNameOrId(Corrections)
		if err != nil {
			return err
		}
		r := core.NewRecord(coll)
		r.Set("card", fresh.Id)
		r.Set("field", field)
		r.Set("before", before)
		r.Set("after", after)
		r.Set("reason", reason)
		r.Set("decided_by", decidedBy)
		out = fresh
		return tx.Save(r)
	})
	return out, err
}

// applyCorrection sets field of card to value and returns the values
// before and after, as the correction record shows them.
func applyCorrection(tx core.App, card *core.Record, field, value, reason, decidedBy string, now time.Time) (string, string, error) {
	if card.GetString("status") == CardRevoked {
		return "", "", guard.Refuse("status", "validation_card_status", "Eine entzogene Karte wird nicht mehr berichtigt.")
	}
	value = strings.TrimSpace(value)
	issued := IssuedCard{Kind: card.GetString("kind"), IssuedAt: card.GetDateTime("issued_at").Time()}
	if err := guard.Errors(CorrectionRule(issued, field, value, reason)...); err != nil {
		return "", "", err
	}
	day := func(f string) string {
		if t := card.GetDateTime(f); !t.IsZero() {
			return tz.Day(t.Time()).Format("2006-01-02")
		}
		return ""
	}
	switch field {
	case "valid_until":
		d, _ := time.Parse("2006-01-02", value)
		before := day("valid_until")
		card.Set("valid_until", d)
		if ExpiredOn(d, now) && card.GetString("status") == CardActive {
			card.Set("status", CardExpired)
		}
		return before, d.Format("2006-01-02"), nil
	case "number":
		before := card.GetString("number")
		if value == before {
			return "", "", guard.Refuse("value", "validation_unchanged", "Das ist bereits die Nummer der Karte.")
		}
		if err := claimNumber(tx, value, "value"); err != nil {
			return "", "", err
		}
		card.Set("number", value)
		// codes printed with the old number stop working for good
		if err := recordRevocation(tx, before, card.Id, "Nummer berichtigt zu "+value+": "+strings.TrimSpace(reason), decidedBy); err != nil {
			return "", "", err
		}
		return before, value, nil
	default: // "kind"; CorrectionRule refused every other field
		before := card.GetString("kind")
		if value == before {
			return "", "", guard.Refuse("value", "validation_unchanged", "Das ist bereits die Art der Karte.")
		}
		card.Set("kind", value)
		if until, ok := ValidUntil(value, card.GetDateTime("issued_at").Time()); ok {
			card.Set("valid_until", until)
			if ExpiredOn(until, now) && card.GetString("status") == CardActive {
				card.Set("status", CardExpired)
			}
		} else {
			card.Set("valid_until", nil)
		}
		return before, value, nil
	}
}
