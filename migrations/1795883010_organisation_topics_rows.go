package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The rows of organisation_topics for the organisations that exist: one
// per organisation and topic (ids of 15 lowercase letters and digits, as
// PocketBase makes them).
func init() {
	m.Register(func(app core.App) error {
		_, err := app.DB().NewQuery(`INSERT INTO {{organisation_topics}} ([[id]], [[topic]], [[organisation]], [[name]])
			SELECT substr(lower(hex(randomblob(8))), 1, 15), topic, org, name FROM (
				SELECT DISTINCT t.value AS topic, o.id AS org, o.name AS name
				FROM {{organisations}} o, json_each(CASE WHEN json_valid(o.topics) THEN o.topics ELSE '[]' END) t
				WHERE t.type = 'text' AND t.value != ''
			)`).Execute()
		return err
	}, func(app core.App) error {
		_, err := app.DB().NewQuery("DELETE FROM {{organisation_topics}}").Execute()
		return err
	})
}
