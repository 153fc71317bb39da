package demo

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/legal"
)

// fillOffice fills the office's facts with fictional ones, so that the
// imprint, the privacy notice and the accessibility statement read as they
// will once the office has entered its own.
func fillOffice(app core.App, now time.Time) error {
	office, err := legal.Load(app)
	if err != nil {
		return err
	}
	if office == nil {
		coll, err := app.FindCollectionByNameOrId(legal.Collection)
		if err != nil {
			return err
		}
		office = core.NewRecord(coll)
	}
	office.Load(map[string]any{
		"body_name":             "Stadt Bitburg (Demo)",
		"office_name":           "Anlauf-, Service- und Koordinierungsstelle für Ehrenamt",
		"address":               "Rathaus, Zimmer 1 (Demo)\nDemoplatz 1\n54634 Bitburg",
		"phone":                 "06561 000100",
		"email":                 "ehrenamt@ben.example",
		"opening_hours":         "Montag bis Freitag 9–12 Uhr\nDonnerstag auch 14–18 Uhr",
		"represented_by":        "Bürgermeisterin Erika Demo",
		"content_responsible":   "Sabine Vorlage, Koordinierungsstelle für Ehrenamt, Demoplatz 1, 54634 Bitburg",
		"supervisory_authority": "Kommunalaufsicht (Demo), Musterstraße 2, 54634 Bitburg",
		"dpo_contact":           "Datenschutzbeauftragte der Stadt Bitburg (Demo)\nDemoplatz 1, 54634 Bitburg\ndatenschutz@ben.example",
		"privacy_text": "## Hinweis zur Demo\n" +
			"Diese Installation zeigt erfundene Daten. Die Angaben oben sind Beispiele, die die Koordinierungsstelle im Dashboard durch ihre eigenen ersetzt.",
		"accessibility_status":      "teilweise",
		"accessibility_reviewed_on": now.UTC(),
		"accessibility_method":      "Selbstbewertung (Demo)",
	})
	if err := app.Save(office); err != nil {
		return fmt.Errorf("Angaben der Koordinierungsstelle: %w", err)
	}
	return nil
}
