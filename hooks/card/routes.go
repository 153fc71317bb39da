package card

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/types"
	"github.com/spf13/cast"

	"ben/hooks/accounts"
	"ben/hooks/audit"
	"ben/hooks/guard"
	"ben/hooks/organisations"
	"ben/hooks/staff"
	"ben/hooks/tz"
)

// Actions of the card's own routes in the audit log (a revocation is
// recorded as "revoked", like the change of status in the dashboard).
const (
	ActionConfirmedByOffice = "confirmed_by_office"
	ActionCorrected         = "corrected"
)

// correctionLabels name the fields a correction changes.
var correctionLabels = map[string]string{"number": "Nummer", "kind": "Art", "valid_until": "gültig bis"}

// correctionEntry records a correction: the card's number before, which
// field, its old and new value (numbers, kinds and days, nothing about
// the holder), and that there is a reason.
func correctionEntry(before, after *core.Record, field string) audit.Entry {
	value := func(r *core.Record) string {
		switch field {
		case "valid_until":
			if d := r.GetDateTime("valid_until"); !d.IsZero() {
				return tz.Date(d.Time())
			}
			return "unbefristet"
		case "kind":
			if r.GetString("kind") == KindJubilee {
				return "Jubiläums-Ehrenamtskarte"
			}
			return "Ehrenamtskarte"
		}
		return r.GetString(field)
	}
	return audit.Entry{Action: ActionCorrected, Collection: Cards, Record: after.Id,
		Summary: fmt.Sprintf("%s %s: berichtigt, %s von „%s“ auf „%s“; mit schriftlicher Begründung.",
			audit.Label(Cards), audit.Title(before), correctionLabels[field], value(before), value(after))}
}

// officeConfirmationEntry records that the office confirmed engagement r
// itself: the organisation and the application, never the person or the
// reason (both stay on the record).
func officeConfirmationEntry(app core.App, r *core.Record) audit.Entry {
	org := r.GetString("organisation_name")
	if o, err := app.FindRecordById(organisations.Collection, r.GetString("organisation")); err == nil {
		org = o.GetString("name")
	}
	summary := fmt.Sprintf("%s %s bei „%s“ (Antrag %s): von der Koordinierungsstelle selbst bestätigt; mit schriftlicher Begründung.",
		audit.Label(Engagements), r.Id, org, r.GetString("application"))
	if a, err := app.FindRecordById(Applications, r.GetString("application")); err == nil && a.GetString("status") == StatusConfirmed {
		summary += " Damit sind alle Engagements des Antrags bestätigt."
	}
	return audit.Entry{Action: ActionConfirmedByOffice, Collection: Engagements, Record: r.Id, Summary: summary}
}

func bindRoutes(e *core.ServeEvent) {
	g := e.Router.Group("/api/ben/card")
	g.POST("/eligibility", eligibilityHint)
	// a confirmation link is a secret: successful uses stay out of the request log
	g.GET("/confirmations/{token}", showConfirmation).Bind(apis.SkipSuccessActivityLog())
	g.POST("/confirmations/{token}", confirmByLink).Bind(apis.SkipSuccessActivityLog())
	g.POST("/engagements/{id}/confirm", confirmAsEditor).Bind(requireUser("Bitte melden Sie sich an, um ein Engagement zu bestätigen."))
	g.POST("/applications/{id}/resend-confirmations", resendConfirmations).Bind(requireUser("Bitte melden Sie sich an, um Ihren Antrag zu bearbeiten."))
	g.POST("/engagements/{id}/confirm-by-office", confirmByOffice).Bind(staff.RequireDecide())
	// a claim link is a secret too
	g.POST("/claims/{token}", claimCard).Bind(requireUser("Bitte melden Sie sich an, um die Karte zu übernehmen."), apis.SkipSuccessActivityLog())

	// a card's routes share one prefix (cardtoken serves qr.svg, card.pdf, token)
	cards := e.Router.Group("/api/ben/cards")
	cards.POST("/{id}/renew", renew).Bind(requireUser("Bitte melden Sie sich an, um Ihre Karte zu verlängern."))
	cards.POST("/{id}/revoke", revokeCard).Bind(staff.RequireDecide())
	cards.POST("/{id}/correct", correctCard).Bind(staff.RequireDecide())
	// Deprecated: the address of the renewal before it moved beside the
	// card's other routes; it answers for one more release.
	g.POST("/cards/{id}/renew", renew).Bind(requireUser("Bitte melden Sie sich an, um Ihre Karte zu verlängern."))
}

// requireUser admits a logged-in citizen account (users) and answers
// everyone else in German, as PocketBase's RequireAuth does in English.
func requireUser(message string) *hook.Handler[*core.RequestEvent] {
	return &hook.Handler[*core.RequestEvent]{
		Id: apis.DefaultRequireAuthMiddlewareId,
		Func: func(e *core.RequestEvent) error {
			if e.Auth == nil {
				return e.UnauthorizedError(message, nil)
			}
			if e.Auth.Collection().Name != accounts.Collection {
				return e.ForbiddenError("Dafür melden Sie sich mit einem Benutzerkonto des Portals an.", nil)
			}
			return e.Next()
		},
	}
}

// eligibilityHint checks what a citizen has typed so far, with the same
// Check that guards the submission. Nothing is stored.
func eligibilityHint(e *core.RequestEvent) error {
	var body struct {
		Kind              string           `json:"kind"`
		BirthDate         string           `json:"birth_date"`
		ResidentInBitburg any              `json:"resident_in_bitburg"`
		Postcode          string           `json:"postcode"`
		Engagements       []map[string]any `json:"engagements"`
	}
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("Die Angaben konnten nicht gelesen werden.", err)
	}
	if len(body.Engagements) > 20 {
		return e.BadRequestError("Zu viele Engagements.", nil)
	}
	a := Applicant{
		Kind:              body.Kind,
		BirthDate:         looseDate(body.BirthDate),
		ResidentInBitburg: cast.ToBool(body.ResidentInBitburg),
		Postcode:          body.Postcode,
	}
	for _, m := range body.Engagements {
		a.Engagements = append(a.Engagements, Engagement{
			HoursPerWeek: looseFloat(m["hours_per_week"]),
			HoursPerYear: looseFloat(m["hours_per_year"]),
			Since:        looseDate(cast.ToString(m["since"])),
			Allowance:    cast.ToString(m["allowance"]),
			InBitburg:    cast.ToBool(m["in_bitburg"]),
		})
	}
	result := Check(a, time.Now())
	if result.Failures == nil {
		result.Failures = []guard.Violation{}
	}
	if result.Flags == nil {
		result.Flags = []guard.Violation{}
	}
	return e.JSON(http.StatusOK, map[string]any{"eligible": result.Eligible(), "failures": result.Failures, "flags": result.Flags,
		"yearly_hours": result.YearlyHours})
}

// looseFloat reads a number as typed into a German form ("4,5" or 4.5).
func looseFloat(v any) float64 {
	if s, ok := v.(string); ok {
		v = strings.Replace(strings.TrimSpace(s), ",", ".", 1)
	}
	return cast.ToFloat64(v)
}

func looseDate(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	if dt, err := types.ParseDateTime(s); err == nil && !dt.IsZero() {
		return dt.Time()
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t
	}
	return time.Time{}
}

// showConfirmation shows a contact person what they are asked to confirm:
// the applicant's name and the engagement, nothing else.
func showConfirmation(e *core.RequestEvent) error {
	r, err := findByToken(e.App, e.Request.PathValue("token"), time.Now())
	if err != nil {
		return e.NotFoundError(err.Error(), nil)
	}
	return e.JSON(http.StatusOK, engagementSummary(e.App, r))
}

func engagementSummary(app core.App, r *core.Record) map[string]any {
	out := map[string]any{
		"id":             r.Id,
		"organisation":   r.GetString("organisation_name"),
		"role":           r.GetString("role"),
		"hours_per_week": r.GetFloat("hours_per_week"),
		"hours_per_year": r.GetFloat("hours_per_year"),
		"since":          r.GetDateTime("since"),
		"allowance":      r.GetString("allowance"),
		"in_bitburg":     r.GetBool("in_bitburg"),
	}
	if id := r.GetString("organisation"); id != "" {
		if o, err := app.FindRecordById(organisations.Collection, id); err == nil {
			out["organisation"] = o.GetString("name")
		}
	}
	if a, err := app.FindRecordById(Applications, r.GetString("application")); err == nil {
		out["applicant_name"] = a.GetString("first_name") + " " + a.GetString("last_name")
	}
	return out
}

func confirmByLink(e *core.RequestEvent) error {
	now := time.Now()
	var result *core.Record
	err := e.App.RunInTransaction(func(tx core.App) error {
		r, err := findByToken(tx, e.Request.PathValue("token"), now)
		if err != nil {
			return err
		}
		result = r
		return Confirm(tx, r, Confirmation{Via: ViaEmailLink, Who: r.GetString("contact_name") + " per E-Mail-Link"}, now)
	})
	if errors.Is(err, ErrLinkInvalid) {
		return e.NotFoundError(err.Error(), nil)
	}
	if err != nil {
		return e.InternalServerError("Die Bestätigung konnte nicht gespeichert werden.", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"confirmed": true, "engagement": engagementSummary(e.App, result)})
}

// confirmAsEditor lets an editor of the engagement's organisation confirm it
// in the portal, unless the application is about them.
func confirmAsEditor(e *core.RequestEvent) error {
	r, err := e.App.FindRecordById(Engagements, e.Request.PathValue("id"))
	notFound := e.NotFoundError("Dieses Engagement gibt es nicht oder Sie dürfen es nicht bestätigen.", nil)
	if err != nil || r.GetString("organisation") == "" {
		return notFound
	}
	org, err := e.App.FindRecordById(organisations.Collection, r.GetString("organisation"))
	if err != nil || !slices.Contains(org.GetStringSlice("editors"), e.Auth.Id) {
		return notFound
	}
	application, err := e.App.FindRecordById(Applications, r.GetString("application"))
	if err != nil || application.GetString("status") != StatusSubmitted {
		return e.BadRequestError("Bestätigt werden können nur eingereichte Anträge.", nil)
	}
	if ok, why := MayConfirmAsEditor(personOf(e.Auth), organisationOf(e.App, org), subjectOf(e.App, application)); !ok {
		return e.ForbiddenError(why, nil)
	}
	// the applicant reads it: the editor's name and club, not their login address
	name := strings.TrimSpace(e.Auth.GetString("name"))
	if name == "" {
		name = "Die Bearbeitung"
	}
	c := Confirmation{Via: ViaEditor, Who: name + " für " + org.GetString("name"), Account: e.Auth.Id}
	if err := Confirm(e.App, r, c, time.Now()); err != nil {
		if errors.Is(err, ErrAlreadyConfirmed) {
			return e.BadRequestError(err.Error(), nil)
		}
		return e.InternalServerError("Die Bestätigung konnte nicht gespeichert werden.", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"confirmed": true})
}

// confirmByOffice lets the office confirm an engagement on its own
// knowledge, e.g. "schriftliche Bestätigung liegt vor": the reason is
// required and kept with the confirmation, with the staff account.
func confirmByOffice(e *core.RequestEvent) error {
	var body struct {
		Reason string `json:"reason"`
	}
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("Die Angaben konnten nicht gelesen werden.", err)
	}
	if strings.TrimSpace(body.Reason) == "" {
		return guard.Refuse("reason", "validation_required",
			"Bitte begründen Sie, warum die Koordinierungsstelle selbst bestätigt (z. B. „schriftliche Bestätigung liegt vor“).")
	}
	r, err := e.App.FindRecordById(Engagements, e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("Dieses Engagement gibt es nicht.", nil)
	}
	application, err := e.App.FindRecordById(Applications, r.GetString("application"))
	if err != nil || application.GetString("status") != StatusSubmitted {
		return e.BadRequestError("Bestätigt werden können nur eingereichte Anträge.", nil)
	}
	c := Confirmation{Via: ViaOffice, Who: OfficeConfirmer, Reason: body.Reason, DecidedBy: staffID(e.Auth)}
	err = e.App.RunInTransaction(func(tx core.App) error {
		if err := Confirm(tx, r, c, time.Now()); err != nil {
			return err
		}
		return audit.Write(tx, e.Auth, officeConfirmationEntry(tx, r))
	})
	if err != nil {
		if errors.Is(err, ErrAlreadyConfirmed) {
			return e.BadRequestError(err.Error(), nil)
		}
		return e.InternalServerError("Die Bestätigung konnte nicht gespeichert werden.", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"confirmed": true})
}

// resendConfirmations asks again for the open confirmations, at most once
// per application every ResendInterval and ResendPerAccount times a day
// per account: a form cannot flood contact people with mail. A mail server
// that fails does not fail the request (mails go out after the commit).
func resendConfirmations(e *core.RequestEvent) error {
	application, err := e.App.FindRecordById(Applications, e.Request.PathValue("id"))
	if err != nil || application.GetString("applicant") != e.Auth.Id {
		return e.NotFoundError("Diesen Antrag gibt es nicht.", nil)
	}
	if application.GetString("status") != StatusSubmitted {
		return e.BadRequestError("Neue Bestätigungslinks gibt es nur für eingereichte, noch nicht bestätigte Anträge.", nil)
	}
	if wait := resendLimiterOf(e.App).take(application.Id, e.Auth.Id, time.Now()); wait > 0 {
		return e.TooManyRequestsError(fmt.Sprintf(
			"Sie haben gerade erst erinnert. Neue Links können Sie in %s wieder anfordern.", waitText(wait)), nil)
	}
	if err := SendConfirmationRequests(e.App, application); err != nil {
		return e.BadRequestError("Die Links konnten nicht angelegt werden. Bitte versuchen Sie es später erneut.", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"sent": true})
}

// claimCard gives the logged-in account the card of a group application
// whose invitation link it holds.
func claimCard(e *core.RequestEvent) error {
	card, err := Claim(e.App, e.Request.PathValue("token"), e.Auth, time.Now())
	if errors.Is(err, ErrClaimInvalid) {
		return e.NotFoundError(err.Error(), nil)
	}
	if err != nil {
		return e.BadRequestError("Die Karte konnte nicht übernommen werden.", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"claimed": true, "card": card.Id, "number": card.GetString("number")})
}

// refusal answers a refused rule (field errors) with a German message
// above the fields; any other error stays as it is.
func refusal(e *core.RequestEvent, err error) error {
	var fields validation.Errors
	if errors.As(err, &fields) {
		return e.BadRequestError("Bitte prüfen Sie die Angaben.", fields)
	}
	return err
}

// revokeCard takes a card away for good, with a reason (the office area's
// action; the dashboard does the same by setting the status).
func revokeCard(e *core.RequestEvent) error {
	var body struct {
		Reason string `json:"reason"`
	}
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("Die Angaben konnten nicht gelesen werden.", err)
	}
	card, err := e.App.FindRecordById(Cards, e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("Diese Karte gibt es nicht.", nil)
	}
	err = e.App.RunInTransaction(func(tx core.App) error {
		if err := Revoke(tx, card, body.Reason, staffID(e.Auth)); err != nil {
			return err
		}
		after, err := tx.FindRecordById(Cards, card.Id)
		if err != nil {
			return err
		}
		// the same entry as a revocation in the dashboard
		entry, _ := audit.Describe(tx, audit.ActionUpdated, card, after)
		return audit.Write(tx, e.Auth, entry)
	})
	if err != nil {
		return refusal(e, err)
	}
	fresh, _ := e.App.FindRecordById(Cards, card.Id)
	return e.JSON(http.StatusOK, fresh)
}

// correctCard changes the number, kind or last valid day of an issued
// card, with a reason ("Berichtigen").
func correctCard(e *core.RequestEvent) error {
	var body struct {
		Field  string `json:"field"`
		Value  string `json:"value"`
		Reason string `json:"reason"`
	}
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("Die Angaben konnten nicht gelesen werden.", err)
	}
	card, err := e.App.FindRecordById(Cards, e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("Diese Karte gibt es nicht.", nil)
	}
	var fresh *core.Record
	err = e.App.RunInTransaction(func(tx core.App) error {
		var err error
		if fresh, err = Correct(tx, card, body.Field, body.Value, body.Reason, staffID(e.Auth), time.Now()); err != nil {
			return err
		}
		return audit.Write(tx, e.Auth, correctionEntry(card, fresh, body.Field))
	})
	if err != nil {
		return refusal(e, err)
	}
	return e.JSON(http.StatusOK, fresh)
}

// renew starts a new draft from the holder's card: personal data and
// engagements are copied, confirmations are asked for anew.
func renew(e *core.RequestEvent) error {
	card, err := e.App.FindRecordById(Cards, e.Request.PathValue("id"))
	if err != nil || card.GetString("holder") != e.Auth.Id {
		return e.NotFoundError("Diese Karte gibt es nicht.", nil)
	}
	if card.GetString("status") == CardRevoked {
		return e.BadRequestError("Eine entzogene Karte kann nicht verlängert werden.", nil)
	}
	previous, err := e.App.FindRecordById(Applications, card.GetString("application"))
	if err != nil {
		return e.NotFoundError("Der ursprüngliche Antrag ist nicht mehr vorhanden.", err)
	}

	var draft *core.Record
	err = e.App.RunInTransaction(func(tx core.App) error {
		draft = core.NewRecord(previous.Collection())
		for _, f := range []string{"applicant", "first_name", "last_name", "birth_date", "street", "postcode", "city", "resident_in_bitburg", "kind"} {
			draft.Set(f, previous.Get(f))
		}
		draft.Set("applicant", e.Auth.Id)
		draft.Set("status", StatusDraft)
		draft.Set("previous_card", card.Id)
		if err := tx.Save(draft); err != nil {
			return err
		}
		rows, err := tx.FindRecordsByFilter(Engagements, "application = {:id}", "created", MaxEngagements, 0, dbx.Params{"id": previous.Id})
		if err != nil {
			return err
		}
		for _, r := range rows {
			c := core.NewRecord(r.Collection())
			for _, f := range []string{"organisation", "organisation_name", "role", "hours_per_week", "hours_per_year", "since", "allowance", "in_bitburg", "contact_name", "contact_email"} {
				c.Set(f, r.Get(f))
			}
			c.Set("application", draft.Id)
			if err := tx.Save(c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return e.BadRequestError("Die Verlängerung konnte nicht angelegt werden.", err)
	}
	return e.JSON(http.StatusOK, draft)
}
