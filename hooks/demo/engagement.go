package demo

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

type demoOpportunity struct {
	org, title, description, commitment, schedule, location, requirements, contact string
	topics                                                                         []string
	hours                                                                          float64
	certificate                                                                    bool
	status                                                                         string
	daysAgo, forDays                                                               int // published daysAgo; published for forDays (0 = open-ended)
}

var demoOpportunities = []demoOpportunity{
	{org: EditorClubSlug, title: "Übungsleiterin oder Übungsleiter für die Bambini",
		description: "<p>Zwei Stunden in der Woche mit Kindern von 4 bis 6 Jahren: Ballspiele, Bewegung, viel Spaß. Wir arbeiten Sie ein und bezahlen die Übungsleiter-Ausbildung.</p>",
		commitment:  "regelmaessig", topics: []string{"sport", "jugend"}, hours: 2, certificate: true,
		schedule: "dienstags 16–18 Uhr", location: "Sportplatz Bitburg-Süd", requirements: "Ab 16 Jahren; erweitertes Führungszeugnis",
		contact: "Petra Demo", status: "published", daysAgo: 3},
	{org: EditorClubSlug, title: "Helferinnen und Helfer für das Sommerturnier",
		description: "<p>Kuchenstand, Auf- und Abbau, Zeitnahme: ein Samstag, viele Hände.</p>",
		commitment:  "einmalig", topics: []string{"sport"}, schedule: "ein Samstag im Juli, 9–17 Uhr", location: "Sportplatz Bitburg-Süd",
		contact: "Petra Demo", status: "draft"},
	{org: OtherClubSlug, title: "Hausaufgabenhilfe am Nachmittag",
		description: "<p>Unterstützen Sie Jugendliche bei Mathe, Deutsch und Englisch – auch einmal in der Woche hilft.</p>",
		commitment:  "regelmaessig", topics: []string{"jugend", "bildung"}, hours: 2, certificate: true,
		schedule: "montags bis donnerstags 15–17 Uhr, ein Nachmittag genügt", location: "Jugendtreff Rotbach", requirements: "Erweitertes Führungszeugnis",
		status: "published", daysAgo: 20, forDays: 120},
	{org: "bitburger-tafel", title: "Fahrerin oder Fahrer für die Lebensmittelabholung",
		description: "<p>Mit dem Transporter der Tafel Lebensmittel bei Supermärkten abholen.</p>",
		commitment:  "regelmaessig", topics: []string{"soziales"}, hours: 3,
		schedule: "mittwochs oder samstags 8–11 Uhr", location: "Tafel, Hauptstraße 40", requirements: "Führerschein Klasse B",
		status: "published", daysAgo: 8},
	{org: "sprachcafe-miteinander", title: "Gesprächspartnerin oder -partner im Sprachcafé",
		description: "<p>Bei Kaffee und Kuchen Deutsch sprechen – keine Vorkenntnisse als Lehrkraft nötig.</p>",
		commitment:  "regelmaessig", topics: []string{"migration", "bildung"}, hours: 2,
		schedule: "donnerstags 16–18 Uhr", location: "Pfarrheim, Kirchplatz 2", status: "published", daysAgo: 45},
	{org: "naturschutzgruppe-eifelwiesen", title: "Amphibien über die Straße helfen",
		description: "<p>Im Frühjahr sammeln wir morgens und abends Kröten an den Schutzzäunen ein.</p>",
		commitment:  "projekt", topics: []string{"umwelt", "tiere"}, hours: 4,
		schedule: "März und April, morgens oder abends", location: "Krötenzaun an der Kreisstraße", status: "published", daysAgo: 1, forDays: 60},
	{org: "verbindende-nachbarschaft", title: "Ehrenamtlicher Fahrdienst zum Arzt",
		description: "<p>Menschen ohne Auto zu Arztterminen und zum Einkaufen fahren – wann es Ihnen passt.</p>",
		commitment:  "regelmaessig", topics: []string{"senioren", "nachbarschaft"}, hours: 3,
		schedule: "nach Vereinbarung", location: "Bitburg und Ortsteile", requirements: "Eigener Pkw und Führerschein",
		status: "published", daysAgo: 90},
	{org: "repair-cafe-bitburg", title: "Reparieren im Repair-Café",
		description: "<p>Sie können mit Lötkolben, Nähmaschine oder Fahrradwerkzeug umgehen? Einmal im Monat zeigen Sie anderen, wie es geht.</p>",
		commitment:  "regelmaessig", topics: []string{"umwelt", "nachbarschaft"}, hours: 1,
		schedule: "jeden dritten Samstag 10–13 Uhr", location: "Haus der Begegnung", status: "closed", daysAgo: 200},
}

// fillOpportunities adds the opportunities of the demo clubs; their
// publication dates are spread over the last months so that the ranking's
// freshness shows.
func fillOpportunities(app core.App, orgs map[string]*core.Record, now time.Time) error {
	coll, err := app.FindCollectionByNameOrId("opportunities")
	if err != nil {
		return err
	}
	for _, d := range demoOpportunities {
		org, ok := orgs[d.org]
		if !ok {
			return fmt.Errorf("Engagement-Angebot %q: Organisation %q fehlt", d.title, d.org)
		}
		r := core.NewRecord(coll)
		r.Load(map[string]any{
			"organisation": org.Id, "title": d.title, "description": d.description, "topics": d.topics,
			"commitment": d.commitment, "hours_per_week": d.hours, "schedule": d.schedule, "location": d.location,
			"requirements": d.requirements, "police_certificate": d.certificate, "contact_person": d.contact,
			"status": d.status,
		})
		if d.status != "draft" {
			r.Set("published_at", now.AddDate(0, 0, -d.daysAgo).UTC())
		}
		if d.forDays > 0 {
			r.Set("published_until", now.AddDate(0, 0, d.forDays).UTC())
		}
		if err := app.Save(r); err != nil {
			return fmt.Errorf("Engagement-Angebot %q: %w", d.title, err)
		}
	}
	return nil
}
