package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Opportunities (Engagement-Angebote) are posted by the editors of an
// organisation. The public sees published ones of published organisations
// until their published_until; hooks/engagement closes them after that date
// and keeps published_at and closed_at in step with the status.
func init() {
	m.Register(func(app core.App) error {
		orgs, err := app.FindCollectionByNameOrId("organisations")
		if err != nil {
			return err
		}

		c := core.NewBaseCollection("opportunities")
		c.Fields.Add(
			&core.RelationField{Name: "organisation", Required: true, CollectionId: orgs.Id, MaxSelect: 1, CascadeDelete: true,
				Help: "Organisation, die das Angebot einstellt. Ihre Redaktion verwaltet es; wird die Organisation gelöscht, entfällt auch das Angebot."},
			&core.TextField{Name: "title", Required: true, Max: 200, Presentable: true,
				Help: "Kurzer Titel, z. B. „Fahrerin oder Fahrer für die Lebensmittelausgabe“."},
			&core.EditorField{Name: "description", MaxSize: 50000,
				Help: "Was ist zu tun, für wen, wie wird man eingearbeitet?"},
			&core.SelectField{Name: "topics", MaxSelect: 14,
				Values: []string{"gesundheit", "jugend", "senioren", "migration", "kultur", "sport", "umwelt",
					"soziales", "bildung", "rettung", "kirche", "tiere", "inklusion", "nachbarschaft"},
				Help: "Themen, nach denen Bürgerinnen und Bürger suchen und nach denen die Koordinierungsstelle vermittelt."},
			&core.SelectField{Name: "commitment", Required: true, MaxSelect: 1,
				Values: []string{"einmalig", "regelmaessig", "projekt"},
				Help:   "Art des Engagements: einmalig (z. B. ein Fest), regelmäßig (jede Woche, jeden Monat) oder für ein Projekt auf Zeit."},
			&core.NumberField{Name: "hours_per_week", Min: ptrFloat(0), Max: ptrFloat(60),
				Help: "Ungefährer Zeitaufwand in Stunden pro Woche; leer oder 0 = nicht festgelegt."},
			&core.TextField{Name: "schedule", Max: 300,
				Help: "Wann? z. B. „samstags 10–13 Uhr“ oder „nach Absprache“."},
			&core.TextField{Name: "location", Max: 300,
				Help: "Wo? Ort mit Anschrift."},
			&core.TextField{Name: "requirements", Max: 2000,
				Help: "Voraussetzungen, z. B. Mindestalter, Führerschein, Sprachkenntnisse."},
			&core.BoolField{Name: "police_certificate",
				Help: "Gesetzt, wenn ein erweitertes Führungszeugnis nötig ist (z. B. bei der Arbeit mit Kindern und Jugendlichen)."},
			&core.TextField{Name: "contact_person", Max: 120,
				Help: "Ansprechperson für dieses Angebot. Öffentlich sichtbar."},
			&core.EmailField{Name: "contact_email",
				Help: "E-Mail-Adresse für Rückfragen zu diesem Angebot. Öffentlich sichtbar."},
			&core.TextField{Name: "contact_phone", Max: 40,
				Help: "Telefonnummer für Rückfragen zu diesem Angebot. Öffentlich sichtbar."},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1,
				Values: []string{"draft", "published", "closed"},
				Help:   "draft = Entwurf, published = im Portal sichtbar, closed = beendet. Nach „Veröffentlicht bis“ wird das Angebot automatisch beendet."},
			&core.DateField{Name: "published_until",
				Help: "Veröffentlicht bis: danach ist das Angebot nicht mehr sichtbar und wird automatisch beendet. Leer = unbefristet."},
			&core.DateField{Name: "published_at",
				Help: "Wird beim Veröffentlichen automatisch gesetzt; neuere Angebote stehen in der Vermittlung weiter oben."},
			&core.DateField{Name: "closed_at",
				Help: "Wird beim Beenden automatisch gesetzt. Ab diesem Tag läuft die Löschfrist für Meldungen von Gästen."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)

		public := `status = "published" && (published_until = "" || published_until > @now) && organisation.status = "published"`
		editor := `@request.auth.id != "" && organisation.editors ~ @request.auth.id`
		c.ListRule = ptr(public + ` || (` + editor + `)`)
		c.ViewRule = c.ListRule
		// create rules see the new record: the chosen organisation must be one the author edits
		c.CreateRule = ptr(editor)
		c.UpdateRule = ptr(editor +
			` && (@request.body.organisation:isset = false || @request.body.organisation.editors ~ @request.auth.id)`)
		c.DeleteRule = ptr(editor)

		c.AddIndex("idx_opportunities_status_until", false, "status, published_until", "")
		c.AddIndex("idx_opportunities_organisation", false, "organisation", "")

		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("opportunities")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
