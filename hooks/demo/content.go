package demo

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/tz"
)

type demoEvent struct {
	title, kind, org, location, description string
	inDays, hour, hours                     int
	published                               bool
	calendar                                map[string]any // all_day, rrule, cancelled
}

var demoEvents = []demoEvent{
	{"Schnuppertraining für Kinder", "termin", EditorClubSlug, "Sportplatz Bitburg-Süd", "<p>Kinder von 4 bis 8 Jahren probieren Fußball und Gymnastik aus.</p>", 3, 16, 2, true, nil},
	{"Übungsleiter-Grundkurs (Teil 1)", "fortbildung", "", "Rathaus Bitburg, Sitzungssaal", "<p>Einführung für neue Übungsleiterinnen und Übungsleiter, angeboten von der Koordinierungsstelle.</p>", 6, 9, 7, true, nil},
	{"Lauftreff am Stausee", "termin", EditorClubSlug, "Parkplatz am Stausee", "<p>Gemütlicher Lauftreff, alle Tempi willkommen.</p>", 9, 18, 1, true, nil},
	{"Vereinsversammlung (intern)", "termin", EditorClubSlug, "Vereinsheim", "<p>Entwurf – noch nicht veröffentlicht.</p>", 20, 19, 2, false, nil},
	{"Ferienprogramm: Graffiti-Workshop", "termin", OtherClubSlug, "Jugendtreff Rotbach", "<p>Drei Tage kreativ – Anmeldung erforderlich.</p>", 12, 10, 5, true, nil},
	{"Lebensmittel retten – Infoabend", "termin", "bitburger-tafel", "Tafel, Hauptstraße 40", "<p>Wie die Tafel arbeitet und wie Sie helfen können.</p>", 5, 18, 2, true, nil},
	{"Tag der offenen Tür", "termin", "feuerwehr-loeschzug-demo", "Feuerwache", "<p>Fahrzeugschau, Löschübung und Kinderprogramm.</p>", 15, 11, 6, true, nil},
	{"Erste Hilfe für Vereinsaktive", "fortbildung", "feuerwehr-loeschzug-demo", "Feuerwache, Schulungsraum", "<p>Auffrischung in acht Stunden.</p>", 24, 9, 8, true, nil},
	{"Sprachcafé", "termin", "sprachcafe-miteinander", "Pfarrheim", "<p>Deutsch üben in gemütlicher Runde.</p>", 2, 16, 2, true, nil},
	{"Austauschtreffen der Engagierten", "austauschtreffen", "", "Haus der Begegnung", "<p>Vereine und Initiativen lernen sich kennen: kurze Vorstellungen, dann Gespräche.</p>", 18, 18, 3, true, nil},
	{"Nistkästen bauen", "termin", "naturschutzgruppe-eifelwiesen", "Werkhof", "<p>Für Familien geeignet, Werkzeug ist vorhanden.</p>", 8, 10, 3, true, nil},
	{"Premiere: Der zerbrochne Krug", "termin", "theaterwerkstatt-demo", "Kulturhaus", "<p>Komödie in einem Akt.</p>", 30, 19, 3, true, nil},
	{"Repair-Café", "termin", "repair-cafe-bitburg", "Haus der Begegnung", "<p>Bringen Sie Ihre defekten Geräte mit.</p>", 11, 10, 3, true, nil},
	{"Fahrerinnen und Fahrer gesucht: Infotreffen", "austauschtreffen", "verbindende-nachbarschaft", "Rathaus Bitburg", "<p>Wie funktioniert der ehrenamtliche Fahrdienst?</p>", 14, 17, 1, true, nil},
	{"Datenschutz im Verein", "fortbildung", "", "Online und im Rathaus", "<p>Was Vereine bei Mitgliederdaten beachten müssen.</p>", 27, 18, 2, true, nil},
	{"Ehrenamtsabend mit Übergabe der Ehrenamtskarten", "ehrung", "", "Rathaus Bitburg, Großer Saal", "<p>Der Bürgermeister überreicht neue Ehrenamtskarten.</p>", 35, 18, 2, true, nil},
	{"Chorprobe zum Reinschnuppern", "termin", "chor-klangvoll", "Musikschule", "<p>Organisation noch nicht freigeschaltet.</p>", 7, 18, 2, true, nil},
	{"Bambini-Training", "termin", EditorClubSlug, "Sportplatz Bitburg-Süd", "<p>Jede Woche für Kinder ab 4 Jahren, zwölf Termine.</p>", 4, 17, 1, true,
		map[string]any{"rrule": "FREQ=WEEKLY;COUNT=12"}},
	{"Vereinsausflug an die Mosel", "termin", "theaterwerkstatt-demo", "Treffpunkt Kulturhaus", "<p>Zwei Tage mit Übernachtung.</p>", 40, 0, 48, true,
		map[string]any{"all_day": true}},
	{"Grillabend am Vereinsheim", "termin", EditorClubSlug, "Vereinsheim", "<p>Fällt wegen der Platzsanierung aus.</p>", 16, 18, 3, true,
		map[string]any{"cancelled": true}},
}

func fillEvents(app core.App, orgs map[string]*core.Record, now time.Time) error {
	coll, err := app.FindCollectionByNameOrId("events")
	if err != nil {
		return err
	}
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, tz.Berlin)
	for _, d := range demoEvents {
		start := day.AddDate(0, 0, d.inDays).Add(time.Duration(d.hour) * time.Hour)
		r := core.NewRecord(coll)
		r.Load(map[string]any{
			"title": d.title, "kind": d.kind, "location": d.location, "description": d.description,
			"starts_at": start.UTC(), "ends_at": start.Add(time.Duration(d.hours) * time.Hour).UTC(),
			"published": d.published,
		})
		for k, v := range d.calendar {
			r.Set(k, v)
		}
		if d.org != "" {
			r.Set("organisation", orgs[d.org].Id)
		}
		if err := app.Save(r); err != nil {
			return fmt.Errorf("Termin %q: %w", d.title, err)
		}
	}

	// the clubs' festival of next year, created by the office
	festival := core.NewRecord(coll)
	start := time.Date(now.Year()+1, time.September, 12, 11, 0, 0, 0, tz.Berlin)
	festival.Load(map[string]any{
		"title":       fmt.Sprintf("Bitburg engagiert sich %d – das Vereinsfest", start.Year()),
		"kind":        "vereinsfest",
		"location":    "Innenstadt Bitburg",
		"description": "<p>Alle zwei Jahre feiert Bitburg seine Engagierten: Vereine stellen sich vor, Mitmachangebote, Ehrungen.</p>",
		"starts_at":   start.UTC(), "ends_at": start.Add(7 * time.Hour).UTC(),
		"published": true,
	})
	return app.Save(festival)
}

type demoArticle struct {
	kind, title, slug, summary, body, url string
	daysAgo                               int
}

var demoArticles = []demoArticle{
	{"news", "Neue Partner für die Ehrenamtskarte gesucht", "", "Geschäfte und Einrichtungen, die Engagierten eine Vergünstigung gewähren möchten, melden sich bei der Koordinierungsstelle.",
		"<p>Die Ehrenamtskarte Rheinland-Pfalz lebt von Partnern vor Ort. Wer mitmachen möchte, meldet sich bei der Anlauf-, Service- und Koordinierungsstelle im Rathaus.</p>", "", 2},
	{"news", "Rückblick: Austauschtreffen im Herbst", "", "Über 30 Engagierte aus 15 Vereinen haben sich im Haus der Begegnung ausgetauscht.",
		"<p>Themen waren Nachwuchsgewinnung, gemeinsame Nutzung von Räumen und der Datenschutz im Verein.</p>", "", 9},
	{"news", "Dies ist eine Demo-Installation", "demo-hinweis", "Alle Vereine, Termine und Personen auf dieser Seite sind erfunden.",
		"<p>Diese Daten wurden mit <code>ben demo</code> erzeugt und dienen nur zum Ausprobieren.</p>", "", 0},
	{"page", "Versicherungsschutz im Ehrenamt", "versicherungsschutz", "Wer sich ehrenamtlich engagiert, ist in vielen Fällen gesetzlich unfall- und haftpflichtversichert.",
		"<p>Ehrenamtlich Tätige sind über die Sammelverträge des Landes Rheinland-Pfalz unfall- und haftpflichtversichert, soweit kein anderer Versicherungsschutz besteht. Fragen Sie die Koordinierungsstelle.</p>", "", 40},
	{"page", "Die Engagementstrategie für Bitburg", "engagementstrategie", "Der gesamtstädtische Handlungsrahmen für das Ehrenamt in Bitburg.",
		"<p>Die Engagementstrategie wurde von Bürgerinnen und Bürgern, Vereinen, Verwaltung, Politik und Wirtschaft gemeinsam erarbeitet. Sie bündelt die Ansprechpartner in einer Anlauf-, Service- und Koordinierungsstelle und stärkt die Anerkennungskultur: Ehrenamtskarte, Dankesbrief, Stadtmedaille und das Vereinsfest „Bitburg engagiert sich“.</p>", "", 60},
	{"link", "Ehrenamtskarte Rheinland-Pfalz", "", "Informationen des Landes zur Ehrenamtskarte.", "", "https://www.wir-tun-was.de", 60},
	{"link", "Integrationsportal im Eifelkreis", "", "Flüchtlings- und Migrationsarbeit im Landkreis Bitburg-Prüm.", "", "https://www.im-eifelkreis.de", 60},
}

func fillArticles(app core.App, now time.Time) error {
	coll, err := app.FindCollectionByNameOrId("articles")
	if err != nil {
		return err
	}
	for _, a := range demoArticles {
		r := core.NewRecord(coll)
		r.Load(map[string]any{
			"kind": a.kind, "title": a.title, "slug": a.slug, "summary": a.summary, "body": a.body,
			"url": a.url, "published": true, "published_at": now.AddDate(0, 0, -a.daysAgo).UTC(),
		})
		if err := app.Save(r); err != nil {
			return fmt.Errorf("Beitrag %q: %w", a.title, err)
		}
	}
	return nil
}
