package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Articles: news, information pages and links to other networks, written
// by the coordination office.
func init() {
	m.Register(func(app core.App) error {
		c := core.NewBaseCollection("articles")
		c.Fields.Add(
			&core.SelectField{Name: "kind", Required: true, MaxSelect: 1,
				Values: []string{"news", "page", "link"},
				Help:   "news = Neuigkeit, page = Informationsseite (z. B. Versicherungsschutz), link = Verweis auf ein anderes Netzwerk."},
			&core.TextField{Name: "title", Required: true, Max: 200, Presentable: true,
				Help: "Überschrift."},
			&core.TextField{Name: "slug", Required: true, Max: 100, Pattern: `^[a-z0-9]+(-[a-z0-9]+)*$`,
				Help: "Kurzname für die Adresse im Portal: Kleinbuchstaben a–z, Ziffern, Bindestriche. Wird aus dem Titel gebildet, wenn leer."},
			&core.TextField{Name: "summary", Max: 500,
				Help: "Kurzer Anreißer für Listen (ein bis zwei Sätze)."},
			&core.EditorField{Name: "body", MaxSize: 200000,
				Help: "Text des Beitrags."},
			&core.URLField{Name: "url",
				Help: "Nur bei „link“: Adresse des anderen Netzwerks."},
			&core.BoolField{Name: "published",
				Help: "Nur veröffentlichte Beiträge erscheinen im Portal."},
			&core.DateField{Name: "published_at",
				Help: "Veröffentlichungsdatum; ein Datum in der Zukunft hält den Beitrag bis dahin zurück. Leer = beim Veröffentlichen gesetzt."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)

		c.ListRule = ptr(`published = true && published_at != "" && published_at <= @now`)
		c.ViewRule = c.ListRule

		c.AddIndex("idx_articles_slug", true, "slug", "")
		c.AddIndex("idx_articles_kind_published", false, "kind, published, published_at", "")

		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("articles")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
