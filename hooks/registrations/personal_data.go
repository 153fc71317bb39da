package registrations

import (
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// What this concern stores about a person, for the privacy self-service.
// A registration belongs to a user when it is linked to the account, or
// when a guest made it with the account's e-mail address and that address
// is verified.

func ownedBy(user *core.Record) dbx.Expression {
	linked := dbx.HashExp{Collection + ".user": user.Id}
	if !user.Verified() || user.Email() == "" {
		return linked
	}
	return dbx.Or(linked, dbx.NewExp("LOWER([["+Collection+".email]]) = {:ownEmail}",
		dbx.Params{"ownEmail": strings.ToLower(user.Email())}))
}

func exportRegistrations(app core.App, user *core.Record) (any, error) {
	records, err := app.FindAllRecords(Collection, ownedBy(user))
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(records))
	for _, r := range records {
		item := r.PublicExport() // without the link's hash (a hidden field)
		if ev, err := app.FindRecordById(Events, r.GetString("event")); err == nil {
			item["event_title"] = ev.GetString("title")
			item["event_starts_at"] = ev.GetDateTime("starts_at")
		}
		out = append(out, item)
	}
	return out, nil
}

// eraseRegistrations deletes the user's registrations; a seat that becomes
// free goes to the waiting list (freeSeatOnDelete), in the transaction
// that deletes the account.
func eraseRegistrations(app core.App, user *core.Record) error {
	records, err := app.FindAllRecords(Collection, ownedBy(user))
	if err != nil {
		return err
	}
	for _, r := range records {
		if err := app.Delete(r); err != nil {
			return err
		}
	}
	return nil
}

// deleteOldGuestRegistrations deletes guests' registrations whose case
// closed before closedBefore: the event is over (its last date, for a
// series), or the registration was cancelled.
func deleteOldGuestRegistrations(app core.App, closedBefore time.Time) (int, error) {
	cut := closedBefore.UTC().Format(types.DefaultDateLayout)
	records, err := app.FindRecordsByFilter(Collection,
		`user = "" && ((status = "cancelled" && cancelled_at != "" && cancelled_at < {:cut}) || event.ends_at < {:cut})`,
		"", 0, 0, dbx.Params{"cut": cut})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range records {
		if r.GetString("status") != StatusCancelled || r.GetDateTime("cancelled_at").IsZero() || !r.GetDateTime("cancelled_at").Time().Before(closedBefore) {
			// kept while a series the registration is for still runs
			if ev, err := app.FindRecordById(Events, r.GetString("event")); err == nil {
				if last := ev.GetDateTime("series_ends_at"); ev.GetString("rrule") != "" && (last.IsZero() || !last.Time().Before(closedBefore)) {
					continue
				}
			}
		}
		if err := app.Delete(r); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
