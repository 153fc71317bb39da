package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/inbox"
)

// The inbox "eingang" gains the items of taking part and of the legal
// pages: festival participations, partner applications and ideas that wait
// for the office's decision, and one item while the office's facts for
// imprint and privacy notice are incomplete (hooks/inbox). The view is
// saved again with the new query. (After the collections it reads, so
// later than the office's other migrations.)
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(inbox.View)
		if err != nil {
			return err
		}
		c.ViewQuery = inbox.CurrentQuery()
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(inbox.View)
		if err != nil {
			return err
		}
		c.ViewQuery = inbox.Query()
		return app.Save(c)
	})
}
