package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// organisation_topics holds one row per organisation and topic, with the
// organisation's name: "the clubs of a topic, by name" is then one range of
// the index (topic, name), however many organisations there are, where
// organisations?filter=topics ~ 'sport' reads the JSON list of every
// organisation. BEN's hooks (hooks/organisations) keep the rows in step
// with the organisations' topics and names; nobody writes them through the
// API, superusers neither. A row is public while its organisation is.
func init() {
	m.Register(func(app core.App) error {
		orgs, err := app.FindCollectionByNameOrId("organisations")
		if err != nil {
			return err
		}
		c := core.NewBaseCollection("organisation_topics")
		c.Fields.Add(
			&core.TextField{Name: "topic", Required: true, Max: 40,
				Help: "Ein Thema der Organisation (wie in ihrem Feld „topics“, z. B. sport)."},
			&core.RelationField{Name: "organisation", Required: true, CollectionId: orgs.Id, MaxSelect: 1, CascadeDelete: true,
				Help: "Die Organisation."},
			&core.TextField{Name: "name", Max: 200,
				Help: "Name der Organisation, zum Sortieren; folgt dem Profil von selbst."},
		)
		c.ListRule = ptr(`organisation.status = "published"`)
		c.ViewRule = c.ListRule
		c.CreateRule, c.UpdateRule, c.DeleteRule = nil, nil, nil
		c.AddIndex("idx_organisation_topics_topic_name", false, "topic, name", "")
		c.AddIndex("idx_organisation_topics_organisation_topic", true, "organisation, topic", "")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("organisation_topics")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
