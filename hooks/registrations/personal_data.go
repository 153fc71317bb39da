package registrations

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/privacy"
)

// What this concern stores about a person, for the privacy self-service:
// a registration belongs to a user when it is linked to the account, or
// when a guest made it with the account's e-mail address and that address
// is verified.
var owned = privacy.Owned{Collection: Collection, UserField: "user", EmailField: "email"}

// exportRegistrations names the event of each registration (without the
// link's hash, a hidden field).
var exportRegistrations = owned.Export(func(app core.App, r *core.Record, item map[string]any) {
	if ev, err := app.FindRecordById(Events, r.GetString("event")); err == nil {
		item["event_title"] = ev.GetString("title")
		item["event_starts_at"] = ev.GetDateTime("starts_at")
	}
})

// eraseRegistrations deletes the user's registrations; a seat that becomes
// free goes to the waiting list (freeSeatOnDelete), in the transaction
// that deletes the account.
var eraseRegistrations = owned.Delete

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
	var closed []*core.Record
	for _, r := range records {
		if r.GetString("status") != StatusCancelled || r.GetDateTime("cancelled_at").IsZero() || !r.GetDateTime("cancelled_at").Time().Before(closedBefore) {
			// kept while a series the registration is for still runs
			if ev, err := app.FindRecordById(Events, r.GetString("event")); err == nil {
				if last := ev.GetDateTime("series_ends_at"); ev.GetString("rrule") != "" && (last.IsZero() || !last.Time().Before(closedBefore)) {
					continue
				}
			}
		}
		closed = append(closed, r)
	}
	return privacy.DeleteRecords(app, closed)
}
