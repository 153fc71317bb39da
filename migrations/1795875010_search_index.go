package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/search"
)

// The full-text index behind GET /api/ben/search: an FTS5 table with the
// trigram tokenizer over text folded for German (hooks/search explains the
// choice), filled from the records already there. Hooks keep it in step
// from here on; `ben search rebuild` writes it anew.
func init() {
	m.Register(func(app core.App) error {
		return search.Rebuild(app, nil)
	}, func(app core.App) error {
		_, err := app.DB().NewQuery("DROP TABLE IF EXISTS " + search.Table).Execute()
		return err
	})
}
