package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/staff"
)

// office: the one settings record with the coordination office's facts –
// who runs BEN, where and when the office is reachable, who answers for
// content and data protection, the state of accessibility. The imprint,
// the privacy notice, the accessibility statement, /kontakt and the footer
// all read them from here (hooks/legal), so nothing is typed twice. The
// record exists on every install; empty facts are shown as missing. Every
// fact is public (an imprint is); the office (both roles) edits them, and
// nobody creates a second record or deletes the one.
func init() {
	m.Register(func(app core.App) error {
		c := core.NewBaseCollection("office")
		c.Fields.Add(
			&core.TextField{Name: "body_name", Max: 200, Presentable: true,
				Help: "Name der öffentlichen Stelle, die BEN anbietet, z. B. „Stadt Bitburg“ (Impressum, Datenschutz)."},
			&core.TextField{Name: "office_name", Max: 200,
				Help: "Name der Koordinierungsstelle, wie er im Portal erscheint."},
			&core.TextField{Name: "address", Max: 500,
				Help: "Postanschrift, eine Angabe pro Zeile, z. B. „Rathaus“, „Musterstraße 1“, „54634 Bitburg“."},
			&core.TextField{Name: "phone", Max: 60,
				Help: "Telefonnummer der Koordinierungsstelle."},
			&core.EmailField{Name: "email",
				Help: "E-Mail-Adresse der Koordinierungsstelle (öffentlich)."},
			&core.TextField{Name: "opening_hours", Max: 1000,
				Help: "Sprechzeiten, eine Zeile pro Tag oder Absatz, z. B. „Mo–Fr 9–12 Uhr“."},
			&core.TextField{Name: "represented_by", Max: 300,
				Help: "Vertretungsberechtigt (Impressum), z. B. „Bürgermeisterin Erika Muster“."},
			&core.TextField{Name: "content_responsible", Max: 500,
				Help: "Verantwortlich für den Inhalt nach § 18 Abs. 2 Medienstaatsvertrag: Name und Anschrift."},
			&core.TextField{Name: "supervisory_authority", Max: 500,
				Help: "Zuständige Aufsichtsbehörde der Stelle (Kommunalaufsicht) mit Anschrift (Impressum)."},
			&core.TextField{Name: "vat_id", Max: 60,
				Help: "Freiwillig: Umsatzsteuer-Identifikationsnummer, falls vorhanden."},
			&core.TextField{Name: "dpo_contact", Max: 1000,
				Help: "Behördliche Datenschutzbeauftragte oder behördlicher Datenschutzbeauftragter: Name oder Funktion, Anschrift, E-Mail."},
			&core.TextField{Name: "privacy_text", Max: 20000,
				Help: "Eigene Abschnitte der Koordinierungsstelle für die Datenschutzerklärung. Eine Zeile mit „## “ am Anfang beginnt einen Abschnitt mit Überschrift; Leerzeilen trennen Absätze; Zeilen mit „- “ werden Aufzählungen."},
			&core.TextField{Name: "imprint_text", Max: 10000,
				Help: "Freiwillig: weitere Angaben für das Impressum (gleiche Schreibweise wie die Datenschutz-Abschnitte)."},
			&core.SelectField{Name: "accessibility_status", MaxSelect: 1,
				Values: []string{"vollstaendig", "teilweise", "nicht"},
				Help:   "Stand der Vereinbarkeit mit der BITV: vollstaendig = vollständig vereinbar, teilweise = teilweise vereinbar, nicht = nicht vereinbar."},
			&core.DateField{Name: "accessibility_reviewed_on",
				Help: "Wann die Erklärung zur Barrierefreiheit erstellt oder zuletzt überprüft wurde."},
			&core.TextField{Name: "accessibility_method", Max: 500,
				Help: "Wie die Barrierefreiheit bewertet wurde, z. B. „Selbstbewertung“ oder „BITV-Test durch …“."},
			&core.TextField{Name: "accessibility_gaps", Max: 10000,
				Help: "Weitere bekannte Barrieren, die BEN nicht selbst aufführt, mit Begründung und Alternative (gleiche Schreibweise wie die Datenschutz-Abschnitte)."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		c.ListRule = ptr("")
		c.ViewRule = ptr("")
		c.UpdateRule = ptr(staff.ContentRule)
		// create and delete stay nil; hooks/legal refuses a second record
		// and the deletion of the one, also to superusers
		if err := app.Save(c); err != nil {
			return err
		}

		r := core.NewRecord(c)
		r.Set("office_name", "Anlauf-, Service- und Koordinierungsstelle für Ehrenamt")
		r.Set("accessibility_status", "teilweise")
		r.Set("accessibility_method", "Selbstbewertung")
		return app.Save(r)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("office")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
