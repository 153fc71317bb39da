package registrations

import (
	"errors"
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/linktoken"
	"ben/hooks/mailer"
	"ben/hooks/tz"
)

// A guest's registration is managed with a link from the mail (linktoken:
// BEN stores only the hash of its token; the token travels in the
// address's fragment, never in a server log), and the page sends it to the
// routes below. The link confirms the registration
// and later cancels it; it works until the registration is cancelled or the
// event has ended. A move-up mail carries a fresh link, which replaces the
// earlier one.

// ErrLinkInvalid is the answer for an unknown, used or expired link; it
// does not say which, so that links cannot be probed.
var ErrLinkInvalid = errors.New("Dieser Link ist ungültig oder abgelaufen: Die Anmeldung ist abgesagt, der Termin ist vorbei, oder es gibt einen neueren Link in einer späteren E-Mail.")

// guestLink is the link a guest gets by mail.
var guestLink = linktoken.Link{Collection: Collection, HashField: "token_hash"}

// LinkURL is the portal page where a guest confirms or cancels.
func LinkURL(app core.App, token string) string {
	return mailer.Link(app, "/termine/anmeldung#"+token)
}

// findByToken returns the registration a link belongs to, while the link
// works.
func findByToken(app core.App, token string, now time.Time) (*core.Record, *core.Record, error) {
	r, err := guestLink.Find(app, token, now, "status != 'cancelled'", nil)
	if err != nil {
		return nil, nil, ErrLinkInvalid
	}
	ev, err := app.FindRecordById(Events, r.GetString("event"))
	if err != nil || !now.Before(ev.GetDateTime("ends_at").Time()) {
		return nil, nil, ErrLinkInvalid
	}
	return r, ev, nil
}

// linkView is what the link's page shows: the event, the name given and
// the state of the registration; never the e-mail address (the link may be
// forwarded).
func linkView(app core.App, r, ev *core.Record, now time.Time) map[string]any {
	return map[string]any{
		"event": map[string]any{
			"id": ev.Id, "title": ev.GetString("title"), "starts_at": ev.GetDateTime("starts_at"),
			"ends_at": ev.GetDateTime("ends_at"), "location": ev.GetString("location"),
		},
		"name":             r.GetString("name"),
		"status":           r.GetString("status"),
		"waiting_position": waitingPosition(app, r),
		"confirmed":        !r.GetDateTime("confirmed_at").IsZero(),
		"confirm_until":    confirmDeadline(r),
		"can_cancel":       now.Before(ev.GetDateTime("starts_at").Time()),
	}
}

// confirmDeadline is when an unconfirmed guest registration lapses.
func confirmDeadline(r *core.Record) string {
	if !r.GetDateTime("confirmed_at").IsZero() {
		return ""
	}
	return r.GetDateTime("created").Time().Add(ConfirmWithin).In(tz.Berlin).Format("02.01.2006, 15:04 Uhr")
}

func showLink(e *core.RequestEvent) error {
	now := time.Now()
	r, ev, err := findByToken(e.App, e.Request.PathValue("token"), now)
	if err != nil {
		return e.NotFoundError(err.Error(), nil)
	}
	return e.JSON(http.StatusOK, linkView(e.App, r, ev, now))
}

// confirmByLink confirms a guest's address; confirming again changes
// nothing.
func confirmByLink(e *core.RequestEvent) error {
	now := time.Now()
	var r, ev *core.Record
	err := e.App.RunInTransaction(func(tx core.App) error {
		var err error
		r, ev, err = findByToken(tx, e.Request.PathValue("token"), now)
		if err != nil {
			return err
		}
		if !r.GetDateTime("confirmed_at").IsZero() {
			return nil
		}
		r.Set("confirmed_at", types.NowDateTime())
		return tx.Save(r)
	})
	if errors.Is(err, ErrLinkInvalid) {
		return e.NotFoundError(err.Error(), nil)
	}
	if err != nil {
		return e.InternalServerError("Die Bestätigung konnte nicht gespeichert werden. Bitte versuchen Sie es später erneut.", err)
	}
	return e.JSON(http.StatusOK, linkView(e.App, r, ev, now))
}

// cancelByLink cancels a guest's registration before the event starts; the
// seat goes to the waiting list and the link stops working.
func cancelByLink(e *core.RequestEvent) error {
	now := time.Now()
	var ev *core.Record
	err := e.App.RunInTransaction(func(tx core.App) error {
		var r *core.Record
		var err error
		r, ev, err = findByToken(tx, e.Request.PathValue("token"), now)
		if err != nil {
			return err
		}
		if !now.Before(ev.GetDateTime("starts_at").Time()) {
			return errStarted
		}
		r.Set("status", StatusCancelled)
		return tx.Save(r)
	})
	switch {
	case errors.Is(err, ErrLinkInvalid):
		return e.NotFoundError(err.Error(), nil)
	case errors.Is(err, errStarted):
		return e.BadRequestError(err.Error(), nil)
	case err != nil:
		return e.InternalServerError("Die Abmeldung konnte nicht gespeichert werden. Bitte versuchen Sie es später erneut.", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"cancelled": true, "event": map[string]any{"id": ev.Id, "title": ev.GetString("title")}})
}

var errStarted = errors.New("Der Termin hat bereits begonnen; eine Abmeldung ist nicht mehr möglich. Bitte wenden Sie sich an den Veranstalter.")
