package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/inbox"
	"ben/hooks/staff"
)

// The inbox of the coordination office as a view collection ("eingang"):
// what needs the office now, one row per item (kind, title, since, due,
// record, parent). The office area /buero shows it; superusers see it in the
// dashboard too. The kinds and thresholds are in hooks/inbox; a change
// there needs a migration that saves the view again.
func init() {
	m.Register(func(app core.App) error {
		c := core.NewViewCollection(inbox.View)
		c.ViewQuery = inbox.Query()
		c.ListRule = staff.Or(nil, staff.DecideRule)
		c.ViewRule = c.ListRule
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(inbox.View)
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
