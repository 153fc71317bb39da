package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Indexes for the order in which the portal and the feeds list records.
// The guests' list rules join their conditions with OR (public records, or
// those the viewer edits), so SQLite cannot seek an index on status or
// published; what it can do is walk an index in the requested order and
// stop after one page. Without these it sorts every matching row first:
// at 200,000 events a page of upcoming events took a second.
//
//   - events (starts_at, ends_at): "upcoming" means ends_at >= now, sorted
//     by starts_at (portal, iCal feed); ends_at in the index lets SQLite
//     skip past events without reading their rows.
//   - organisations (name): the directory is sorted by name.
func init() {
	m.Register(func(app core.App) error {
		events, err := app.FindCollectionByNameOrId("events")
		if err != nil {
			return err
		}
		events.AddIndex("idx_events_starts_ends", false, "starts_at, ends_at", "")
		if err := app.Save(events); err != nil {
			return err
		}

		orgs, err := app.FindCollectionByNameOrId("organisations")
		if err != nil {
			return err
		}
		orgs.AddIndex("idx_organisations_name", false, "name", "")
		return app.Save(orgs)
	}, func(app core.App) error {
		events, err := app.FindCollectionByNameOrId("events")
		if err != nil {
			return err
		}
		events.RemoveIndex("idx_events_starts_ends")
		if err := app.Save(events); err != nil {
			return err
		}

		orgs, err := app.FindCollectionByNameOrId("organisations")
		if err != nil {
			return err
		}
		orgs.RemoveIndex("idx_organisations_name")
		return app.Save(orgs)
	})
}
