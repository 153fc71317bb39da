// Package demo fills an empty data directory with fictional clubs, events,
// articles and accounts, so that a newcomer sees a living portal. It refuses
// to touch a data directory that already holds organisations or accounts:
// a production data directory never gets demo data.
package demo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/spf13/cobra"

	"ben/hooks/mailer"
)

// Logins of the demo data, printed by the command and given in the README.
const (
	StaffEmail     = "buero@ben.example"
	EditorEmail    = "verein@ben.example"
	OtherEditor    = "jugend@ben.example"
	CitizenEmail   = "buerger@ben.example"
	DemoPassword   = "Demo-Passwort-2026"
	EditorClubSlug = "sportfreunde-bitburg-sued"
	OtherClubSlug  = "jugendtreff-rotbach"
)

// ErrNotEmpty is returned when the data directory already holds data.
var ErrNotEmpty = errors.New("das Datenverzeichnis enthält bereits Organisationen oder Benutzerkonten; Demodaten werden nur in ein leeres Verzeichnis geschrieben")

// Command is the "demo" CLI command.
func Command(app core.App) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Füllt ein leeres Datenverzeichnis mit Demodaten (Vereine, Termine, Beiträge, Logins)",
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			if err := Fill(app, time.Now()); err != nil {
				return err
			}
			mailer.Wait(app)
			cmd.Printf("Demodaten angelegt in %s\n%s", app.DataDir(), Logins())
			// make run shows them again on every start
			return os.WriteFile(filepath.Join(app.DataDir(), LoginsFile), []byte(Logins()), 0o644)
		},
	}
}

// LoginsFile is where the demo leaves its logins in the data directory.
const LoginsFile = "demo-logins.txt"

// Logins lists every login of the demo, one per line.
func Logins() string {
	var b strings.Builder
	b.WriteString("Logins der Demo (Passwort jeweils " + DemoPassword + "):\n")
	for _, l := range [][2]string{
		{"IT (Dashboard /_/, Superuser)", StaffEmail},
		{"Koordinierungsstelle, Rolle buero", BueroEmail},
		{"Koordinierungsstelle, Rolle redaktion", RedaktionEmail},
		{"Redaktion „Sportfreunde Bitburg-Süd“", EditorEmail},
		{"Redaktion „Jugendtreff Rotbach“", OtherEditor},
		{"Bürger (Portal)", CitizenEmail},
		{"Jury der Stadtmedaille (Portal /jury)", JurorEmail},
	} {
		fmt.Fprintf(&b, "  %-40s %s\n", l[0]+":", l[1])
	}
	return b.String()
}

type club struct {
	name, slug, kind, address, contact, email, phone, meeting, color string
	topics                                                           []string
	public                                                           bool
	status                                                           string
	description                                                      string
}

var clubs = []club{
	{name: "Sportfreunde Bitburg-Süd", slug: EditorClubSlug, kind: "verein", topics: []string{"sport", "jugend"},
		address: "Am Sportplatz 3, 54634 Bitburg", contact: "Petra Demo", email: "info@sportfreunde.example", phone: "06561 000101",
		meeting: "Training dienstags und donnerstags 17–19 Uhr", color: "#1f6f43", public: true, status: "published",
		description: "<p>Fußball, Gymnastik und Lauftreff für alle Generationen. Wir suchen Übungsleiterinnen und Übungsleiter für die Bambini.</p>"},
	{name: "Jugendtreff Rotbach", slug: OtherClubSlug, kind: "initiative", topics: []string{"jugend", "bildung"},
		address: "Rotbachweg 12, 54634 Bitburg", contact: "Jonas Beispiel", email: "team@jugendtreff.example", phone: "06561 000102",
		meeting: "Offener Treff montags bis freitags 15–20 Uhr", color: "#7a3db8", public: false, status: "published",
		description: "<p>Offener Treff, Hausaufgabenhilfe und Ferienprogramm für Jugendliche von 12 bis 18 Jahren.</p>"},
	{name: "Bitburger Tafel", slug: "bitburger-tafel", kind: "einrichtung", topics: []string{"soziales", "senioren"},
		address: "Hauptstraße 40, 54634 Bitburg", contact: "Maria Muster", email: "tafel@tafel.example", phone: "06561 000103",
		meeting: "Ausgabe mittwochs und samstags 10–12 Uhr", color: "#c0392b", public: true, status: "published",
		description: "<p>Wir retten Lebensmittel und geben sie an Menschen mit kleinem Einkommen weiter. Fahrerinnen und Fahrer gesucht!</p>"},
	{name: "Freiwillige Feuerwehr Löschzug Demo", slug: "feuerwehr-loeschzug-demo", kind: "einrichtung", topics: []string{"rettung", "jugend"},
		address: "Feuerwehrstraße 1, 54634 Bitburg", contact: "Wehrführung", email: "wehr@feuerwehr.example", phone: "06561 000104",
		meeting: "Übungsabend jeden zweiten Freitag ab 19 Uhr", color: "#d35400", public: true, status: "published",
		description: "<p>Helfen, retten, löschen, bergen – und eine starke Jugendfeuerwehr ab 10 Jahren.</p>"},
	{name: "Sprachcafé Miteinander", slug: "sprachcafe-miteinander", kind: "initiative", topics: []string{"migration", "bildung"},
		address: "Im Pfarrheim, Kirchplatz 2, 54634 Bitburg", contact: "Aylin Probe", email: "sprachcafe@miteinander.example", phone: "",
		meeting: "Donnerstags 16–18 Uhr", color: "#16a085", public: true, status: "published",
		description: "<p>Deutsch üben bei Kaffee und Kuchen: Ehrenamtliche und Neuzugewanderte lernen gemeinsam.</p>"},
	{name: "Seniorenbesuchsdienst St. Demo", slug: "seniorenbesuchsdienst", kind: "kirchengemeinde", topics: []string{"senioren", "kirche", "soziales"},
		address: "Pfarrbüro, Kirchplatz 2, 54634 Bitburg", contact: "Gerd Vorlage", email: "besuch@pfarrei.example", phone: "06561 000106",
		meeting: "Nach Absprache", color: "#2c3e50", public: false, status: "published",
		description: "<p>Wir besuchen ältere Menschen zu Hause und im Heim – eine Stunde Zeit schenken.</p>"},
	{name: "Naturschutzgruppe Eifelwiesen", slug: "naturschutzgruppe-eifelwiesen", kind: "verein", topics: []string{"umwelt", "tiere"},
		address: "54634 Bitburg", contact: "Lena Testweg", email: "kontakt@eifelwiesen.example", phone: "",
		meeting: "Arbeitseinsätze am ersten Samstag im Monat", color: "#27ae60", public: true, status: "published",
		description: "<p>Streuobstwiesen pflegen, Nistkästen bauen, Amphibien über die Straße helfen.</p>"},
	{name: "Theaterwerkstatt Bitburg (Demo)", slug: "theaterwerkstatt-demo", kind: "verein", topics: []string{"kultur", "jugend"},
		address: "Kulturhaus, 54634 Bitburg", contact: "Bühnenteam", email: "buehne@theater.example", phone: "",
		meeting: "Proben mittwochs 19 Uhr", color: "#8e44ad", public: true, status: "published",
		description: "<p>Laientheater für Groß und Klein – auf, hinter und vor der Bühne.</p>"},
	{name: "Repair-Café Bitburg", slug: "repair-cafe-bitburg", kind: "projekt", topics: []string{"umwelt", "nachbarschaft"},
		address: "Haus der Begegnung, 54634 Bitburg", contact: "Tom Schraube", email: "repair@cafe.example", phone: "",
		meeting: "Jeden dritten Samstag 10–13 Uhr", color: "#f39c12", public: true, status: "published",
		description: "<p>Gemeinsam reparieren statt wegwerfen: Elektrik, Textil, Fahrräder.</p>"},
	{name: "Nachbarschaftshilfe Verbindende Nachbarschaft", slug: "verbindende-nachbarschaft", kind: "projekt", topics: []string{"senioren", "nachbarschaft"},
		address: "54634 Bitburg", contact: "Fahrdienst-Team", email: "fahrdienst@nachbarn.example", phone: "06561 000110",
		meeting: "Fahrten nach Vereinbarung", color: "#2980b9", public: true, status: "published",
		description: "<p>Ehrenamtlicher Fahrdienst zu Ärzten und Einkäufen für Menschen ohne Auto.</p>"},
	{name: "Inklusiver Chor Klangvoll", slug: "chor-klangvoll", kind: "verein", topics: []string{"kultur", "inklusion"},
		address: "Musikschule, 54634 Bitburg", contact: "Chorleitung", email: "chor@klangvoll.example", phone: "",
		meeting: "Montags 18:30 Uhr", color: "#e84393", public: true, status: "pending",
		description: "<p>Neu angemeldet: ein Chor für Menschen mit und ohne Behinderung.</p>"},
}

// Fill writes the demo data into app. now anchors the events, so the
// calendar looks alive whenever the demo is created.
func Fill(app core.App, now time.Time) error {
	for _, coll := range []string{"organisations", "users"} {
		n, err := app.CountRecords(coll)
		if err != nil {
			return err
		}
		if n > 0 {
			return ErrNotEmpty
		}
	}

	// the demo's people are fictional: their registrations, ideas and
	// applications tell nobody by mail
	return mailer.Quietly(app, func() error { return fill(app, now) })
}

func fill(app core.App, now time.Time) error {
	return app.RunInTransaction(func(tx core.App) error {
		staff, err := tx.FindCollectionByNameOrId(core.CollectionNameSuperusers)
		if err != nil {
			return err
		}
		admin := core.NewRecord(staff)
		admin.SetEmail(StaffEmail)
		admin.SetPassword(DemoPassword)
		if err := tx.Save(admin); err != nil {
			return fmt.Errorf("Dashboard-Zugang: %w", err)
		}
		if err := fillStaff(tx); err != nil {
			return err
		}
		if err := fillOffice(tx, now); err != nil {
			return err
		}

		users := map[string]*core.Record{}
		for email, name := range map[string]string{
			EditorEmail:  "Petra Demo",
			OtherEditor:  "Jonas Beispiel",
			CitizenEmail: "Bernd Bürger",
		} {
			u, err := newUser(tx, email, name)
			if err != nil {
				return err
			}
			users[email] = u
		}

		orgs := map[string]*core.Record{}
		orgColl, err := tx.FindCollectionByNameOrId("organisations")
		if err != nil {
			return err
		}
		for _, c := range clubs {
			r := core.NewRecord(orgColl)
			r.Load(map[string]any{
				"name": c.name, "slug": c.slug, "kind": c.kind, "topics": c.topics, "address": c.address,
				"contact_name": c.contact, "email": c.email, "phone": c.phone, "meeting_times": c.meeting,
				"contact_public": c.public, "status": c.status, "description": c.description,
				"verified": c.status == "published",
			})
			switch c.slug {
			case EditorClubSlug:
				r.Set("editors", []string{users[EditorEmail].Id})
			case OtherClubSlug:
				r.Set("editors", []string{users[OtherEditor].Id})
			}
			logo, err := filesystem.NewFileFromBytes([]byte(logoSVG(c.name, c.color)), c.slug+".svg")
			if err != nil {
				return err
			}
			r.Set("logo", logo)
			if err := tx.Save(r); err != nil {
				return fmt.Errorf("Organisation %q: %w", c.name, err)
			}
			orgs[c.slug] = r
		}

		if err := fillEvents(tx, orgs, now); err != nil {
			return err
		}
		if err := fillAwards(tx, orgs, now); err != nil {
			return err
		}
		if err := fillArticles(tx, now); err != nil {
			return err
		}
		if err := fillOpportunities(tx, orgs, now); err != nil {
			return err
		}
		if err := fillParticipation(tx, users, orgs); err != nil {
			return err
		}
		return fillInbox(tx, orgs, now)
	})
}

func newUser(app core.App, email, name string) (*core.Record, error) {
	coll, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return nil, err
	}
	u := core.NewRecord(coll)
	u.SetEmail(email)
	u.SetPassword(DemoPassword)
	u.SetVerified(true)
	u.Set("name", name)
	if err := app.Save(u); err != nil {
		return nil, fmt.Errorf("Benutzerkonto %s: %w", email, err)
	}
	return u, nil
}

// logoSVG draws a round badge with the initials of name.
func logoSVG(name, color string) string {
	initials := []rune{}
	for i, r := range []rune(name) {
		if (i == 0 || []rune(name)[i-1] == ' ') && r >= 'A' && r <= 'Z' || (i == 0) {
			initials = append(initials, r)
		}
		if len(initials) == 2 {
			break
		}
	}
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 160" role="img"><circle cx="80" cy="80" r="78" fill="%s"/>`+
		`<text x="80" y="98" font-family="sans-serif" font-size="56" font-weight="700" fill="#fff" text-anchor="middle">%s</text></svg>`,
		color, string(initials))
}
