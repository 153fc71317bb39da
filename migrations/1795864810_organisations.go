package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Organisations are the clubs, initiatives, institutions, parishes and
// projects of the town. Editors (users) maintain their own profile; staff
// publish. Who sees contact data is decided in hooks/organisations, because
// API rules cannot hide single fields.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}

		c := core.NewBaseCollection("organisations")
		c.Fields.Add(
			&core.TextField{Name: "name", Required: true, Max: 200, Presentable: true,
				Help: "Name des Vereins, der Initiative oder Einrichtung."},
			&core.TextField{Name: "slug", Required: true, Max: 100, Pattern: `^[a-z0-9]+(-[a-z0-9]+)*$`,
				Help: "Kurzname für Adressen im Portal: nur Kleinbuchstaben a–z, Ziffern und Bindestriche. Wird aus dem Namen gebildet, wenn leer."},
			&core.SelectField{Name: "kind", Required: true, MaxSelect: 1,
				Values: []string{"verein", "initiative", "einrichtung", "kirchengemeinde", "projekt"},
				Help:   "Art: Verein, Initiative, Einrichtung, Kirchengemeinde oder Projekt."},
			&core.EditorField{Name: "description", MaxSize: 50000,
				Help: "Vorstellung im Portal: was die Organisation tut und wie man mitmachen kann."},
			&core.SelectField{Name: "topics", MaxSelect: 14,
				Values: []string{"gesundheit", "jugend", "senioren", "migration", "kultur", "sport", "umwelt",
					"soziales", "bildung", "rettung", "kirche", "tiere", "inklusion", "nachbarschaft"},
				Help: "Themen, nach denen Bürgerinnen und Bürger im Portal filtern."},
			&core.TextField{Name: "address", Max: 300,
				Help: "Anschrift oder Treffpunkt (öffentlich)."},
			&core.TextField{Name: "contact_name", Max: 120,
				Help: "Ansprechperson. Öffentlich nur, wenn „Kontaktdaten öffentlich“ gesetzt ist."},
			&core.EmailField{Name: "email",
				Help: "E-Mail-Adresse der Organisation. Öffentlich nur, wenn „Kontaktdaten öffentlich“ gesetzt ist."},
			&core.TextField{Name: "phone", Max: 40,
				Help: "Telefonnummer. Öffentlich nur, wenn „Kontaktdaten öffentlich“ gesetzt ist."},
			&core.URLField{Name: "website",
				Help: "Eigene Internetseite (mit https://)."},
			&core.FileField{Name: "logo", MaxSelect: 1, MaxSize: 2 << 20,
				MimeTypes: []string{"image/png", "image/jpeg", "image/webp", "image/svg+xml"},
				Thumbs:    []string{"160x160f", "480x0"},
				Help:      "Logo (PNG, JPEG, WebP oder SVG, höchstens 2 MB)."},
			&core.TextField{Name: "meeting_times", Max: 500,
				Help: "Öffnungs- oder Treffzeiten, z. B. „dienstags 18–20 Uhr“."},
			&core.BoolField{Name: "contact_public",
				Help: "Wenn gesetzt, sind Ansprechperson, E-Mail und Telefon öffentlich sichtbar."},
			&core.RelationField{Name: "editors", CollectionId: users.Id, MaxSelect: 50,
				Help: "Benutzerkonten, die dieses Profil und seine Termine bearbeiten dürfen. Nur die Koordinierungsstelle ändert das."},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1,
				Values: []string{"pending", "published", "archived"},
				Help:   "pending = wartet auf Prüfung, published = öffentlich sichtbar, archived = nicht mehr aktiv. Nur die Koordinierungsstelle ändert das."},
			&core.BoolField{Name: "verified",
				Help: "Von der Koordinierungsstelle geprüft (z. B. Vereinsregister). Nur die Koordinierungsstelle ändert das."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)

		editor := `@request.auth.id != "" && editors ~ @request.auth.id`
		c.ListRule = ptr(`status = "published" || (` + editor + `)`)
		c.ViewRule = c.ListRule
		// Every logged-in citizen may register an organisation; the create hook
		// makes it pending with the creator as its only editor.
		c.CreateRule = ptr(`@request.auth.collectionName = "users"`)
		c.UpdateRule = ptr(editor +
			` && @request.body.status:changed = false` +
			` && @request.body.verified:changed = false` +
			` && @request.body.editors:isset = false`)
		c.DeleteRule = nil

		c.AddIndex("idx_organisations_slug", true, "slug", "")
		c.AddIndex("idx_organisations_status_name", false, "status, name", "")

		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("organisations")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
