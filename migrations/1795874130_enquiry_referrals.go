package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Where the office referred a person who asked for advice: an opportunity,
// or an organisation (when no opportunity fits but the club does).
func init() {
	m.Register(func(app core.App) error {
		enquiries, err := app.FindCollectionByNameOrId("enquiries")
		if err != nil {
			return err
		}
		opportunities, err := app.FindCollectionByNameOrId("opportunities")
		if err != nil {
			return err
		}
		orgs, err := app.FindCollectionByNameOrId("organisations")
		if err != nil {
			return err
		}
		enquiries.Fields.Add(
			&core.RelationField{Name: "referred_opportunity", CollectionId: opportunities.Id, MaxSelect: 1,
				Help: "Das Engagement-Angebot, an das die Koordinierungsstelle die Person vermittelt hat."},
			&core.RelationField{Name: "referred_organisation", CollectionId: orgs.Id, MaxSelect: 1,
				Help: "Die Organisation, an die vermittelt wurde (beim Angebot: dessen Organisation)."},
		)
		return app.Save(enquiries)
	}, func(app core.App) error {
		enquiries, err := app.FindCollectionByNameOrId("enquiries")
		if err != nil {
			return err
		}
		enquiries.Fields.RemoveByName("referred_opportunity")
		enquiries.Fields.RemoveByName("referred_organisation")
		return app.Save(enquiries)
	})
}
