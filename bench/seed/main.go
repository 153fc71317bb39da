// Command seed fills a fresh data directory with BEN's schema and a town's
// worth of fictional data (or far more), fast enough to run before every
// benchmark: it applies the migrations through PocketBase and then bulk
// inserts rows with plain SQL in one transaction per collection. All users
// share one password hash, computed once.
//
// Besides the data directory it writes a manifest (JSON) with what the load
// generator needs: auth tokens, record ids and the counts.
//
//	go run ./bench/seed --dir bin/town/pb_data --scale town --manifest bin/town/manifest.json
//
// The rate limiter is switched off in the seeded settings: the benchmark
// drives every request from one client IP, which a production limit would
// throttle after a few hundred requests. With --smtp the seeded settings
// send mail to that SMTP server (the harness's sink on 127.0.0.1), as a
// town's installation sends to its mail server.
package main

import (
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/bench/internal/manifest"
	"ben/hooks/organisations"
	"ben/hooks/recurrence"
	"ben/hooks/search"
	"ben/hooks/tz"
	_ "ben/migrations"
)

// Scale is how much of each collection to create.
type Scale struct {
	Organisations int
	Events        int
	Users         int
	Applications  int
}

// Scales are the two sizes of the benchmark: a town the size of Bitburg,
// and a stress size far beyond any town.
var Scales = map[string]Scale{
	"town":   {Organisations: 300, Events: 2_000, Users: 10_000, Applications: 3_000},
	"stress": {Organisations: 20_000, Events: 200_000, Users: 120_000, Applications: 100_000},
}

// writers is how many users without an application get a token for the
// write scenario (they submit new applications).
const writers = 2_000

// password is the password of every seeded account.
const password = "Bench-Passwort-2026"

func main() {
	dir := flag.String("dir", "", "the data directory to create (must not exist)")
	scaleName := flag.String("scale", "town", "town or stress")
	manifestPath := flag.String("manifest", "", "where to write the manifest for the load generator")
	smtpAddr := flag.String("smtp", "", "send mail to this SMTP server, 127.0.0.1:<port> (default: no SMTP server)")
	flag.Parse()

	scale, ok := Scales[*scaleName]
	if *dir == "" || *manifestPath == "" || !ok {
		flag.Usage()
		os.Exit(2)
	}
	smtp, err := parseSMTP(*smtpAddr)
	if err != nil {
		log.Fatalf("seed: --smtp: %v", err)
	}
	if _, err := os.Stat(*dir); err == nil {
		log.Fatalf("seed: %s exists already; the seeder only fills a new data directory", *dir)
	}

	started := time.Now()
	m, err := seed(*dir, *scaleName, scale, smtp)
	if err != nil {
		log.Fatalf("seed: %v", err)
	}
	if err := manifest.Write(*manifestPath, m); err != nil {
		log.Fatalf("seed: %v", err)
	}
	fmt.Printf("seed: %s scale in %s (%d organisations, %d events, %d users, %d applications)\n",
		*scaleName, time.Since(started).Round(time.Millisecond),
		scale.Organisations, scale.Events, scale.Users, scale.Applications)
}

// smtpServer is where the seeded settings send mail; a zero port sends
// none (PocketBase falls back to sendmail, which fails at once here).
type smtpServer struct {
	host string
	port int
}

// parseSMTP reads 127.0.0.1:<port>; the benchmark sends mail only to its
// own sink on this machine.
func parseSMTP(addr string) (smtpServer, error) {
	if addr == "" {
		return smtpServer{}, nil
	}
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return smtpServer{}, err
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 1 || port > 65535 || host != "127.0.0.1" {
		return smtpServer{}, fmt.Errorf("%q: want 127.0.0.1:<port>", addr)
	}
	return smtpServer{host: host, port: port}, nil
}

func seed(dir, scaleName string, scale Scale, smtp smtpServer) (*manifest.Manifest, error) {
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	if err := app.Bootstrap(); err != nil {
		return nil, err
	}
	defer app.ResetBootstrapState()
	if err := app.RunAllMigrations(); err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}

	settings := app.Settings()
	settings.RateLimits.Enabled = false
	settings.Meta.AppURL = "http://127.0.0.1"
	if smtp.port != 0 {
		settings.Meta.SenderName = "BEN Benchmark"
		settings.Meta.SenderAddress = "ben@bench.example"
		settings.SMTP.Enabled = true
		settings.SMTP.Host = smtp.host
		settings.SMTP.Port = smtp.port
		settings.SMTP.TLS = false
	}
	if err := app.Save(settings); err != nil {
		return nil, err
	}

	superuser, err := createSuperuser(app)
	if err != nil {
		return nil, err
	}
	hash, err := passwordHash(app)
	if err != nil {
		return nil, err
	}

	g := &generator{
		rng:  rand.New(rand.NewPCG(2026, uint64(scale.Events))),
		now:  time.Now().UTC(),
		hash: hash,
	}
	db := app.NonconcurrentDB().(*dbx.DB).DB()
	// a bigger page cache keeps the indexes in memory while rows stream in
	if _, err := db.Exec("PRAGMA cache_size = -262144"); err != nil {
		return nil, err
	}
	steps := []struct {
		name string
		run  func(*sql.Tx, Scale) error
	}{
		{"users", g.users},
		{"organisations", g.organisations},
		{"events", g.events},
		{"card_applications", g.applications},
	}
	for _, step := range steps {
		started := time.Now()
		if err := inTransaction(db, func(tx *sql.Tx) error { return step.run(tx, scale) }); err != nil {
			return nil, fmt.Errorf("%s: %w", step.name, err)
		}
		fmt.Fprintf(os.Stderr, "seed: %s in %s\n", step.name, time.Since(started).Round(time.Millisecond))
	}
	// the rows went in behind the hooks' back: write the search index as
	// `ben search rebuild` does
	started := time.Now()
	if err := search.Rebuild(app, nil); err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	fmt.Fprintf(os.Stderr, "seed: search index in %s\n", time.Since(started).Round(time.Millisecond))
	// and the topic rows (organisation_topics), which BEN's hooks keep
	// with each organisation; the baseline has the collection too (the
	// same migrations) and is asked the same way
	started = time.Now()
	if err := organisations.WriteAllTopics(app); err != nil {
		return nil, fmt.Errorf("organisation topics: %w", err)
	}
	fmt.Fprintf(os.Stderr, "seed: organisation topics in %s\n", time.Since(started).Round(time.Millisecond))
	// what PocketBase itself runs every night, so that the query planner
	// sees a database that has been in use
	if _, err := db.Exec("PRAGMA optimize"); err != nil {
		return nil, err
	}
	if _, err := db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return nil, err
	}

	m := &manifest.Manifest{
		Scale:           scaleName,
		Organisations:   scale.Organisations,
		Events:          scale.Events,
		Users:           scale.Users,
		Applications:    scale.Applications,
		Now:             g.now,
		OrganisationIDs: g.sampleOrganisations,
		RealtimeEventID: g.realtimeEvent,
		CardIDs:         g.sampleCards,
	}
	if m.SuperuserToken, err = superuser.NewStaticAuthToken(12 * time.Hour); err != nil {
		return nil, err
	}
	if m.Writers, err = writerTokens(app, g.writerIDs); err != nil {
		return nil, err
	}
	return m, nil
}

func inTransaction(db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func createSuperuser(app core.App) (*core.Record, error) {
	coll, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return nil, err
	}
	su := core.NewRecord(coll)
	su.SetEmail("bench@ben.example")
	su.SetPassword(password)
	return su, app.Save(su)
}

// passwordHash hashes the shared password once, through PocketBase's own
// password field, so that every seeded account can log in with it.
func passwordHash(app core.App) (string, error) {
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		return "", err
	}
	probe := core.NewRecord(users)
	probe.SetEmail("hash-probe@bench.example")
	probe.SetPassword(password)
	if err := app.Save(probe); err != nil {
		return "", err
	}
	var hash string
	if err := app.DB().NewQuery("SELECT password FROM users WHERE id = {:id}").
		Bind(dbx.Params{"id": probe.Id}).Row(&hash); err != nil {
		return "", err
	}
	return hash, app.Delete(probe)
}

func writerTokens(app core.App, ids []string) ([]manifest.Account, error) {
	accounts := make([]manifest.Account, 0, len(ids))
	for start := 0; start < len(ids); start += 500 {
		end := min(start+500, len(ids))
		records, err := app.FindRecordsByIds("users", ids[start:end])
		if err != nil {
			return nil, err
		}
		for _, r := range records {
			token, err := r.NewStaticAuthToken(12 * time.Hour)
			if err != nil {
				return nil, err
			}
			accounts = append(accounts, manifest.Account{ID: r.Id, Token: token})
		}
	}
	return accounts, nil
}

// generator makes the rows; one seeded random source keeps every run alike.
type generator struct {
	rng  *rand.Rand
	now  time.Time
	hash string

	userIDs             []string
	writerIDs           []string
	allOrgs             []string
	publishedOrgs       []string
	published           map[string]bool
	orgNames            map[string]string
	sampleOrganisations []string
	realtimeEvent       string
	sampleCards         []string
}

const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

func (g *generator) id() string {
	b := make([]byte, 15)
	for i := range b {
		b[i] = idAlphabet[g.rng.IntN(len(idAlphabet))]
	}
	return string(b)
}

func (g *generator) token() string {
	b := make([]byte, 50)
	for i := range b {
		b[i] = idAlphabet[g.rng.IntN(len(idAlphabet))]
	}
	return string(b)
}

func date(t time.Time) string { return t.UTC().Format(types.DefaultDateLayout) }

func pick[T any](g *generator, list []T) T { return list[g.rng.IntN(len(list))] }

// weighted picks a value with the given weights (they need not sum to 100).
func weighted(g *generator, choices []weightedChoice) string {
	weights := make([]int, len(choices))
	for i, c := range choices {
		weights[i] = c.weight
	}
	return choices[weightedIndex(g, weights)].value
}

// weightedIndex picks an index into weights, each as likely as its weight.
func weightedIndex(g *generator, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := g.rng.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

type weightedChoice struct {
	value  string
	weight int
}

func insertRows(tx *sql.Tx, table string, columns []string, n int, row func(i int) []any) error {
	placeholders := strings.TrimSuffix(strings.Repeat("?,", len(columns)), ",")
	stmt, err := tx.Prepare(fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", table, strings.Join(columns, ","), placeholders))
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i := range n {
		if _, err := stmt.Exec(row(i)...); err != nil {
			return err
		}
	}
	return nil
}

var firstNames = []string{"Anna", "Lena", "Marie", "Sophie", "Julia", "Laura", "Hannah", "Lea", "Sarah", "Katharina",
	"Maria", "Petra", "Monika", "Ursula", "Sabine", "Lukas", "Jonas", "Felix", "Paul", "Leon", "Maximilian",
	"Thomas", "Michael", "Andreas", "Stefan", "Peter", "Klaus", "Jürgen", "Hans", "Werner", "Mehmet", "Olena"}

var lastNames = []string{"Müller", "Schmitt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
	"Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Braun", "Zimmermann", "Krämer", "Hansen",
	"Thiel", "Kaiser", "Lorenz", "Peters", "Jakobs", "Mertes", "Theis", "Reuter", "Hermes", "Kohnen"}

var places = []string{"Bitburg", "Bitburg-Süd", "Mötsch", "Stahl", "Erdorf", "Matzen", "Masholder", "Irsch",
	"Bitburg-Nord", "Bitburg-Mitte"}

var streets = []string{"Hauptstraße", "Trierer Straße", "Saarstraße", "Mötscher Straße", "Kölner Straße",
	"Am Markt", "Erdorfer Straße", "Brodenheck", "Denkmalstraße", "Talweg"}

// organisationKinds are the kinds of organisation, each with names that
// spread over the alphabet (as real clubs' names do), its usual kind and
// topics (the first topic is always set).
var organisationKinds = []struct {
	prefixes []string
	kind     string
	topics   []string
	weight   int
}{
	{[]string{"Sportfreunde", "SV", "TuS", "FC", "Turnverein", "Tennisclub", "Schwimmverein", "Lauftreff", "Judoclub", "Reitverein"},
		"verein", []string{"sport", "jugend", "gesundheit"}, 26},
	{[]string{"Musikverein", "Kirchenchor", "Theatergruppe", "Karnevalsverein", "Heimatverein", "Kunstkreis"},
		"verein", []string{"kultur", "jugend", "senioren"}, 15},
	{[]string{"Pfarrei", "Kirchengemeinde", "Besuchsdienst der Pfarrei"}, "kirchengemeinde", []string{"kirche", "soziales", "nachbarschaft"}, 6},
	{[]string{"Freiwillige Feuerwehr", "DRK-Ortsverein", "Malteser Hilfsdienst", "DLRG-Ortsgruppe"}, "einrichtung", []string{"rettung", "jugend", "gesundheit"}, 8},
	{[]string{"Jugendtreff", "Jugendzentrum", "Pfadfinderstamm", "Kinderhaus"}, "einrichtung", []string{"jugend", "bildung", "inklusion"}, 8},
	{[]string{"Seniorenkreis", "Nachbarschaftshilfe", "Bürgerverein", "Mehrgenerationenhaus"}, "initiative", []string{"senioren", "nachbarschaft", "soziales"}, 12},
	{[]string{"Tafel", "Willkommensinitiative", "Sprachcafé", "Kleiderkammer"}, "initiative", []string{"migration", "soziales", "bildung"}, 7},
	{[]string{"Naturschutzgruppe", "Tierschutzverein", "Imkerverein", "Repair-Café", "Obst- und Gartenbauverein"}, "verein", []string{"umwelt", "tiere", "nachbarschaft"}, 10},
	{[]string{"Förderverein", "Lesepaten", "Hausaufgabenhilfe", "Bildungswerk"}, "projekt", []string{"bildung", "jugend", "kultur"}, 6},
	{[]string{"Inklusionsprojekt", "Selbsthilfegruppe", "Hospizverein"}, "projekt", []string{"inklusion", "gesundheit", "soziales"}, 2},
}

func (g *generator) users(tx *sql.Tx, scale Scale) error {
	g.userIDs = make([]string, scale.Users)
	for i := range g.userIDs {
		g.userIDs[i] = g.id()
	}
	// the applicants are the first users; the writers come right after them
	for i := scale.Applications; i < scale.Users && len(g.writerIDs) < writers; i++ {
		g.writerIDs = append(g.writerIDs, g.userIDs[i])
	}
	columns := []string{"id", "email", "emailVisibility", "verified", "password", "tokenKey", "name", "phone", "created", "updated"}
	return insertRows(tx, "users", columns, scale.Users, func(i int) []any {
		created := date(g.now.Add(-time.Duration(g.rng.IntN(3*365*24)) * time.Hour))
		phone := ""
		if g.rng.IntN(3) == 0 {
			phone = fmt.Sprintf("06561 %d", 10000+g.rng.IntN(89999))
		}
		return []any{g.userIDs[i], fmt.Sprintf("user%d@bench.example", i), false, true, g.hash, g.token(),
			pick(g, firstNames) + " " + pick(g, lastNames), phone, created, created}
	})
}

func (g *generator) organisations(tx *sql.Tx, scale Scale) error {
	weights := make([]int, len(organisationKinds))
	for i, k := range organisationKinds {
		weights[i] = k.weight
	}
	columns := []string{"id", "name", "slug", "kind", "description", "topics", "address", "contact_name", "email",
		"phone", "website", "meeting_times", "contact_public", "editors", "status", "verified", "created", "updated"}
	g.orgNames = map[string]string{}
	g.published = map[string]bool{}
	return insertRows(tx, "organisations", columns, scale.Organisations, func(i int) []any {
		k := organisationKinds[weightedIndex(g, weights)]
		id := g.id()
		place := pick(g, places)
		name := fmt.Sprintf("%s %s %d", pick(g, k.prefixes), place, i+1)
		slug := fmt.Sprintf("org-%d", i+1)
		g.orgNames[id] = name
		g.allOrgs = append(g.allOrgs, id)

		topics := []string{k.topics[0]}
		for _, t := range k.topics[1:] {
			if g.rng.IntN(2) == 0 {
				topics = append(topics, t)
			}
		}
		topicsJSON, _ := json.Marshal(topics)
		editors := []string{pick(g, g.userIDs)}
		if g.rng.IntN(4) == 0 {
			editors = append(editors, pick(g, g.userIDs))
		}
		editorsJSON, _ := json.Marshal(editors)
		status := weighted(g, []weightedChoice{{"published", 85}, {"pending", 10}, {"archived", 5}})
		if status == "published" {
			g.publishedOrgs = append(g.publishedOrgs, id)
			g.published[id] = true
			if len(g.sampleOrganisations) < 500 {
				g.sampleOrganisations = append(g.sampleOrganisations, id)
			}
		}
		contact := pick(g, firstNames) + " " + pick(g, lastNames)
		created := date(g.now.Add(-time.Duration(g.rng.IntN(3*365*24)) * time.Hour))
		return []any{id, name, slug, k.kind, description(g, name), string(topicsJSON),
			fmt.Sprintf("%s %d, 54634 %s", pick(g, streets), 1+g.rng.IntN(80), place), contact,
			fmt.Sprintf("kontakt@%s.bench.example", slug), fmt.Sprintf("06561 %d", 10000+g.rng.IntN(89999)),
			fmt.Sprintf("https://%s.bench.example", slug), "dienstags 18–20 Uhr, samstags nach Absprache",
			g.rng.IntN(3) > 0, string(editorsJSON), status, g.rng.IntN(2) == 0, created, created}
	})
}

func description(g *generator, name string) string {
	sentences := []string{
		"Wir freuen uns über jede helfende Hand – ob regelmäßig oder nur ab und zu.",
		"Neue Mitglieder sind jederzeit willkommen, eine Vorerfahrung braucht es nicht.",
		"Unsere Treffen finden im Bürgerhaus statt; der Zugang ist barrierefrei.",
		"Gemeinsam gestalten wir das Leben in unserem Stadtteil.",
		"Wir suchen Menschen, die Freude am Umgang mit Kindern und Jugendlichen haben.",
		"Für Einsätze bei Festen und Veranstaltungen brauchen wir Unterstützung beim Auf- und Abbau.",
	}
	var b strings.Builder
	b.WriteString("<p>" + name + " ist seit vielen Jahren in Bitburg aktiv.</p><p>")
	for range 3 + g.rng.IntN(4) {
		b.WriteString(pick(g, sentences) + " ")
	}
	b.WriteString("</p>")
	return b.String()
}

func (g *generator) events(tx *sql.Tx, scale Scale) error {
	titles := map[string][]string{
		"termin":           {"Training", "Mitgliederversammlung", "Probe", "Offener Treff", "Sommerfest", "Arbeitseinsatz", "Infoabend"},
		"fortbildung":      {"Erste-Hilfe-Kurs", "Jugendleiter-Schulung", "Vereinsrecht kompakt", "Datenschutz im Verein"},
		"austauschtreffen": {"Austauschtreffen Ehrenamt", "Stammtisch der Vorstände", "Netzwerktreffen"},
		"ehrung":           {"Ehrung langjähriger Mitglieder", "Ehrenamtsempfang"},
	}
	columns := []string{"id", "title", "description", "organisation", "kind", "starts_at", "ends_at", "location",
		"registration_url", "capacity", "published", "created", "updated", "rrule", "series_ends_at", "cancelled"}
	past := 2 * 365 * 24 * time.Hour
	future := 365 * 24 * time.Hour
	return insertRows(tx, "events", columns, scale.Events, func(i int) []any {
		id := g.id()
		org := ""
		if g.rng.IntN(100) >= 5 {
			org = pick(g, g.publishedOrgs)
			if g.rng.IntN(100) < 8 {
				// some events belong to organisations that are not public
				org = pick(g, g.allOrgs)
			}
		}
		kind := weighted(g, []weightedChoice{{"termin", 75}, {"fortbildung", 12}, {"austauschtreffen", 9}, {"ehrung", 4}})
		// two thirds of the calendar lies in the past, one third ahead
		var start time.Time
		if g.rng.IntN(3) < 2 {
			start = g.now.Add(-time.Duration(g.rng.Int64N(int64(past))))
		} else {
			start = g.now.Add(time.Duration(g.rng.Int64N(int64(future))))
		}
		start = time.Date(start.Year(), start.Month(), start.Day(), 8+g.rng.IntN(12), 15*g.rng.IntN(4), 0, 0, time.UTC)
		end := start.Add(time.Duration(1+g.rng.IntN(4)) * time.Hour)
		if kind == "fortbildung" && g.rng.IntN(3) == 0 {
			end = start.Add(48 * time.Hour) // a weekend course
		}
		published := g.rng.IntN(100) < 90
		if g.realtimeEvent == "" && org != "" && published && start.After(g.now) && g.published[org] {
			g.realtimeEvent = id
		}
		capacity := 0 // no limit
		if g.rng.IntN(3) == 0 {
			capacity = 10 + g.rng.IntN(90)
		}
		title := pick(g, titles[kind])
		if name := g.orgNames[org]; name != "" {
			title += " – " + name
		}
		created := date(start.Add(-time.Duration(24*(7+g.rng.IntN(60))) * time.Hour))
		// every tenth date is a weekly series (a training), one in fifty is
		// cancelled; decided by position, so the random data stay as before
		rrule, seriesEnd := "", date(end)
		if kind == "termin" && i%10 == 3 {
			rrule = fmt.Sprintf("FREQ=WEEKLY;COUNT=%d", 10+i%43)
			rule, err := recurrence.Parse(rrule)
			if err != nil {
				panic(err) // a constant rule
			}
			last, _ := (&recurrence.Series{Start: start, End: end, Rule: rule, Loc: tz.Berlin}).LastEnd()
			seriesEnd = date(last)
		}
		return []any{id, title, "<p>Alle Interessierten sind herzlich eingeladen. Bitte bringen Sie gute Laune mit.</p>",
			org, kind, date(start), date(end), pick(g, streets) + ", " + pick(g, places), "", capacity, published, created, created,
			rrule, seriesEnd, i%50 == 7}
	})
}

func (g *generator) applications(tx *sql.Tx, scale Scale) error {
	type application struct{ id, status, created string }
	apps := make([]application, scale.Applications)
	columns := []string{"id", "applicant", "first_name", "last_name", "birth_date", "street", "postcode", "city",
		"resident_in_bitburg", "kind", "status", "decision_reason", "flags", "submitted_at", "decided_at", "created", "updated"}
	err := insertRows(tx, "card_applications", columns, scale.Applications, func(i int) []any {
		id := g.id()
		status := weighted(g, []weightedChoice{{"draft", 8}, {"submitted", 12}, {"confirmed", 5}, {"approved", 60}, {"rejected", 5}, {"withdrawn", 10}})
		kind := "standard"
		if g.rng.IntN(20) == 0 {
			kind = "jubilaeum"
		}
		created := g.now.Add(-time.Duration(g.rng.IntN(3*365*24)) * time.Hour)
		apps[i] = application{id, status, date(created)}
		submitted, decided, reason := "", "", ""
		if status != "draft" {
			submitted = date(created.Add(time.Hour))
		}
		if status == "approved" || status == "rejected" || status == "withdrawn" {
			decided = date(created.Add(10 * 24 * time.Hour))
		}
		if status == "rejected" {
			reason = "Die angegebenen Stunden reichen für die Ehrenamtskarte nicht aus."
		}
		birth := time.Date(1940+g.rng.IntN(68), time.Month(1+g.rng.IntN(12)), 1+g.rng.IntN(28), 0, 0, 0, 0, time.UTC)
		return []any{id, g.userIDs[i%len(g.userIDs)], pick(g, firstNames), pick(g, lastNames), date(birth),
			fmt.Sprintf("%s %d", pick(g, streets), 1+g.rng.IntN(80)), "54634", "Bitburg", g.rng.IntN(5) > 0,
			kind, status, reason, "[]", submitted, decided, date(created), date(created)}
	})
	if err != nil {
		return err
	}

	roles := []string{"Jugendtrainerin", "Übungsleiter", "Kassenwartin", "Vorsitzender", "Chorleiterin",
		"Gruppenleiter", "Einsatzkraft", "Lesepatin", "Helfer bei Festen", "Besuchsdienst"}
	engagementColumns := []string{"id", "application", "organisation", "organisation_name", "role", "hours_per_week",
		"hours_per_year", "since", "allowance", "in_bitburg", "contact_name", "contact_email", "confirmed_at",
		"confirmed_by", "created", "updated"}
	var engagementRows [][]any
	for _, a := range apps {
		for range 1 + g.rng.IntN(3) {
			org, orgName := "", ""
			if g.rng.IntN(5) > 0 {
				org = pick(g, g.publishedOrgs)
			} else {
				orgName = "Verein außerhalb Bitburgs"
			}
			perWeek, perYear := float64(2+g.rng.IntN(8)), 0.0
			if g.rng.IntN(4) == 0 {
				perWeek, perYear = 0, float64(100+g.rng.IntN(300))
			}
			since := g.now.AddDate(-1-g.rng.IntN(30), -g.rng.IntN(12), 0)
			confirmedAt, confirmedBy := "", ""
			if a.status == "confirmed" || a.status == "approved" {
				confirmedAt, confirmedBy = a.created, "Vorstand"
			}
			engagementRows = append(engagementRows, []any{g.id(), a.id, org, orgName, pick(g, roles), perWeek, perYear,
				date(since), weighted(g, []weightedChoice{{"none", 70}, {"cost_reimbursement", 25}, {"flat_rate", 5}}),
				g.rng.IntN(5) > 0, pick(g, firstNames) + " " + pick(g, lastNames), "vorstand@bench.example",
				confirmedAt, confirmedBy, a.created, a.created})
		}
	}
	if err := insertRows(tx, "engagements", engagementColumns, len(engagementRows), func(i int) []any { return engagementRows[i] }); err != nil {
		return err
	}

	cardColumns := []string{"id", "application", "holder", "number", "kind", "issued_at", "valid_until", "status", "created", "updated"}
	var cardRows [][]any
	perYear := map[int]int{}
	for i, a := range apps {
		if a.status != "approved" {
			continue
		}
		issued, _ := time.Parse(types.DefaultDateLayout, a.created)
		issued = issued.Add(10 * 24 * time.Hour)
		perYear[issued.Year()]++
		validUntil := issued.AddDate(2, 0, 0)
		status := "active"
		if validUntil.Before(g.now) {
			status = "expired"
		}
		cardID := g.id()
		if status == "active" && len(g.sampleCards) < 200 {
			g.sampleCards = append(g.sampleCards, cardID)
		}
		cardRows = append(cardRows, []any{cardID, a.id, g.userIDs[i%len(g.userIDs)],
			fmt.Sprintf("BIT-%04d-%05d", issued.Year(), perYear[issued.Year()]), "standard",
			date(issued), date(validUntil), status, date(issued), date(issued)})
	}
	return insertRows(tx, "cards", cardColumns, len(cardRows), func(i int) []any { return cardRows[i] })
}
