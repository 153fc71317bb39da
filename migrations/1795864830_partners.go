package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Discount partners grant holders of the volunteer card a benefit.
func init() {
	m.Register(func(app core.App) error {
		c := core.NewBaseCollection("partners")
		c.Fields.Add(
			&core.TextField{Name: "name", Required: true, Max: 200, Presentable: true,
				Help: "Name des Partners (Geschäft, Einrichtung)."},
			&core.TextField{Name: "category", Required: true, Max: 60,
				Help: "Kategorie für den Filter im Portal, z. B. „Freizeit“, „Bildung“, „Kultur“."},
			&core.TextField{Name: "benefit", Required: true, Max: 1000,
				Help: "Die Vergünstigung für Inhaberinnen und Inhaber der Ehrenamtskarte, in einem Satz."},
			&core.TextField{Name: "address", Max: 300,
				Help: "Anschrift."},
			&core.GeoPointField{Name: "location",
				Help: "Lage auf der Karte (optional)."},
			&core.URLField{Name: "website",
				Help: "Internetseite des Partners."},
			&core.FileField{Name: "logo", MaxSelect: 1, MaxSize: 2 << 20,
				MimeTypes: []string{"image/png", "image/jpeg", "image/webp", "image/svg+xml"},
				Thumbs:    []string{"160x160f"},
				Help:      "Logo (höchstens 2 MB)."},
			&core.DateField{Name: "valid_from",
				Help: "Vergünstigung gilt ab (leer = sofort)."},
			&core.DateField{Name: "valid_until",
				Help: "Vergünstigung gilt bis (leer = unbefristet)."},
			&core.BoolField{Name: "active",
				Help: "Nur aktive Partner erscheinen im Portal."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)

		c.ListRule = ptr(`active = true && (valid_from = "" || valid_from <= @now) && (valid_until = "" || valid_until >= @now)`)
		c.ViewRule = c.ListRule
		// create, update and delete stay nil: staff only.

		c.AddIndex("idx_partners_active_category", false, "active, category, name", "")

		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("partners")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
