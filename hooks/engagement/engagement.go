// Package engagement brings citizens who want to help together with the
// clubs that need them (strategy §4.4, §5): organisations post
// opportunities, citizens answer them (interests) or ask the coordination
// office for advice (enquiries), and the office gets ranked suggestions.
//
// API rules decide who sees and writes what; this package adds what a rule
// cannot say: the account link and the default status of an answer, the
// dates when an opportunity was published and a case was closed, the
// automatic end of an opportunity after published_until, confirmation
// mails, the ranking (a pure function, see Rank) and what the privacy
// self-service exports and erases.
package engagement

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/accounts"
	"ben/hooks/dispatch"
	"ben/hooks/guard"
	"ben/hooks/staff"
)

// Collections of this concern.
const (
	Opportunities = "opportunities"
	Interests     = "interests"
	Enquiries     = "enquiries"
)

// Statuses of an opportunity.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
	StatusClosed    = "closed"
)

// StatusNew is the status every interest and enquiry starts with.
const StatusNew = "new"

// Final statuses: a case in one of them is closed, and the retention time
// for guests' data starts.
var (
	opportunityFinal = []string{StatusClosed}
	interestFinal    = []string{"engaged", "not_a_fit"}
	enquiryFinal     = []string{"matched", "closed"}
)

// Register binds opportunities, interests, enquiries and the matching to app.
func Register(app core.App) {
	dispatch.OnRecordCreate(app, Opportunities).BindFunc(stampOpportunity)
	dispatch.OnRecordUpdate(app, Opportunities).BindFunc(stampOpportunity)
	dispatch.OnRecordValidate(app, Opportunities).BindFunc(validateOpportunity)

	dispatch.OnRecordCreate(app, Interests).BindFunc(stampCase(interestFinal))
	dispatch.OnRecordUpdate(app, Interests).BindFunc(stampCase(interestFinal))
	dispatch.OnRecordValidate(app, Interests).BindFunc(validateInterest)
	dispatch.OnRecordCreateRequest(app, Interests).BindFunc(linkAccount)
	dispatch.OnRecordCreateRequest(app, Interests).BindFunc(confirmInterest)

	dispatch.OnRecordCreate(app, Enquiries).BindFunc(stampCase(enquiryFinal))
	dispatch.OnRecordUpdate(app, Enquiries).BindFunc(stampCase(enquiryFinal))
	dispatch.OnRecordValidate(app, Enquiries).BindFunc(validateConsent)
	dispatch.OnRecordCreateRequest(app, Enquiries).BindFunc(linkAccount)
	dispatch.OnRecordCreateRequest(app, Enquiries).BindFunc(confirmEnquiry)

	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		e.Router.GET("/api/ben/opportunities/suggestions", serveOpportunitySuggestions)
		e.Router.GET("/api/ben/enquiries/{id}/suggestions", serveEnquirySuggestions).Bind(staff.RequireDecide())
		return e.Next()
	})

	// the list rule already hides expired opportunities; the job makes the
	// status say so too, for the editors and the office
	app.Cron().MustAdd("ben_close_expired_opportunities", "*/10 * * * *", func() {
		if _, err := CloseExpired(app, time.Now()); err != nil {
			app.Logger().Error("Abgelaufene Engagement-Angebote konnten nicht beendet werden", "error", err)
		}
	})

	registerPersonalData(app)
}

// stampOpportunity dates the publication and the end of an opportunity.
// published_at is set when an opportunity becomes published and then stays,
// so that editing does not make an old offer look new; on creation a date
// in the past may be given (e.g. when moving data in), never one in the
// future.
func stampOpportunity(e *core.RecordEvent) error {
	r := e.Record
	now := types.NowDateTime()
	if r.GetString("status") == StatusPublished {
		switch {
		case r.IsNew():
			if at := r.GetDateTime("published_at"); at.IsZero() || at.After(now) {
				r.Set("published_at", now)
			}
		case r.Original().GetString("status") != StatusPublished || r.Original().GetDateTime("published_at").IsZero():
			r.Set("published_at", now)
		default:
			r.Set("published_at", r.Original().GetDateTime("published_at"))
		}
	}
	stampClosed(r, opportunityFinal, now)
	return e.Next()
}

// stampCase gives a new interest or enquiry its first status and keeps
// closed_at in step with the status.
func stampCase(final []string) func(e *core.RecordEvent) error {
	return func(e *core.RecordEvent) error {
		if e.Record.GetString("status") == "" {
			e.Record.Set("status", StatusNew)
		}
		stampClosed(e.Record, final, types.NowDateTime())
		return e.Next()
	}
}

// stampClosed sets closed_at when r reaches a final status, keeps it while r
// stays final and clears it when r is reopened. Nobody sets it by hand: it
// starts the retention time.
func stampClosed(r *core.Record, final []string, now types.DateTime) {
	if !slices.Contains(final, r.GetString("status")) {
		r.Set("closed_at", "")
		return
	}
	if !r.IsNew() {
		orig := r.Original()
		if slices.Contains(final, orig.GetString("status")) && !orig.GetDateTime("closed_at").IsZero() {
			r.Set("closed_at", orig.GetDateTime("closed_at"))
			return
		}
	}
	r.Set("closed_at", now)
}

// validateOpportunity refuses to publish with an end date that has passed:
// the offer would vanish at once.
func validateOpportunity(e *core.RecordEvent) error {
	return guard.Validate(e, func() ([]guard.Violation, error) {
		r := e.Record
		until := r.GetDateTime("published_until")
		if r.GetString("status") != StatusPublished || until.IsZero() || until.Time().After(time.Now()) {
			return nil, nil
		}
		changed := r.IsNew() ||
			r.Original().GetString("status") != StatusPublished ||
			!r.Original().GetDateTime("published_until").Equal(until)
		if !changed {
			return nil, nil
		}
		return []guard.Violation{{Field: "published_until", Code: "validation_published_until_past",
			Message: "„Veröffentlicht bis“ muss in der Zukunft liegen, sonst wäre das Angebot sofort wieder beendet."}}, nil
	})
}

func validateInterest(e *core.RecordEvent) error {
	return guard.Validate(e, func() ([]guard.Violation, error) {
		vs := consentViolations(e.Record)
		// a logged-in citizen answers an opportunity once; guests cannot be
		// told apart and are limited by the rate limit instead
		if user := e.Record.GetString("user"); user != "" && e.Record.IsNew() {
			n, err := e.App.CountRecords(Interests, dbx.HashExp{"opportunity": e.Record.GetString("opportunity"), "user": user})
			if err != nil {
				return nil, err
			}
			if n > 0 {
				vs = append(vs, guard.Violation{Field: "opportunity", Code: "validation_interest_exists",
					Message: "Sie haben sich auf dieses Angebot bereits gemeldet."})
			}
		}
		return vs, nil
	})
}

func validateConsent(e *core.RecordEvent) error {
	return guard.Validate(e, func() ([]guard.Violation, error) {
		return consentViolations(e.Record), nil
	})
}

// consentViolations replaces PocketBase's generic "cannot be blank" with a
// sentence the citizen understands.
func consentViolations(r *core.Record) []guard.Violation {
	if r.GetBool("consent") {
		return nil
	}
	return []guard.Violation{{Field: "consent", Code: "validation_consent_required",
		Message: "Bitte willigen Sie ein, dass Ihre Angaben zur Kontaktaufnahme genutzt werden."}}
}

// linkAccount ties an answer or enquiry to the account of a logged-in
// citizen, so that it appears in their export and goes with their account.
// The create rules refuse anybody else's account.
func linkAccount(e *core.RecordRequestEvent) error {
	if e.Auth != nil && e.Auth.Collection().Name == accounts.Collection {
		e.Record.Set("user", e.Auth.Id)
	}
	return e.Next()
}

// CloseExpired ends every published opportunity whose published_until has
// passed at now and returns how many it closed. It is the job behind the
// cron "ben_close_expired_opportunities".
func CloseExpired(app core.App, now time.Time) (int, error) {
	expired, err := app.FindRecordsByFilter(Opportunities,
		`status = "published" && published_until != "" && published_until <= {:now}`,
		"published_until", 0, 0, dbx.Params{"now": now.UTC().Format(types.DefaultDateLayout)})
	if err != nil {
		return 0, err
	}
	closed := 0
	var errs []error
	for _, r := range expired {
		r.Set("status", StatusClosed)
		if err := app.Save(r); err != nil {
			// one broken record must not keep the others open
			errs = append(errs, fmt.Errorf("%s: %w", r.Id, err))
			continue
		}
		closed++
	}
	return closed, errors.Join(errs...)
}
