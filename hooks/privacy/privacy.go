// Package privacy is the data-protection self-service of BEN: a citizen
// downloads everything stored about their account (GET /api/ben/me/export)
// and deleting the account erases their personal data everywhere, while the
// organisations they edited stay. Guests' personal data is deleted a
// configurable time after its case was closed.
//
// The package does not know the other concerns. Each concern that stores
// personal data registers it, from its own Register, with RegisterData: what
// the privacy notice says about it (what, why, who sees it, how long, legal
// basis), what belongs to a user (Export), how to erase it (Erase) and how
// to delete closed guest data (Retention). The notice at /datenschutz is
// generated from the same registrations, so it cannot drift from what BEN
// does.
package privacy

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/accounts"
	"ben/hooks/dispatch"
	"ben/hooks/guard"
)

// Exporter returns what a concern stores about user, ready for JSON. It must
// not return anything about other people.
type Exporter func(app core.App, user *core.Record) (any, error)

// Eraser deletes or anonymises what a concern stores about user. It runs in
// the transaction that deletes the account: an error keeps the account.
type Eraser func(app core.App, user *core.Record) error

// Retention deletes the personal data of guests whose case was closed
// before closedBefore and returns how many records it deleted.
type Retention func(app core.App, closedBefore time.Time) (int, error)

// Notice is what the privacy notice (Datenschutzerklärung, /datenschutz)
// says about one kind of personal data: German sentences, each required.
// HowLong may name the configured periods: {frist} is the retention of
// guests' data (e.g. "12 Monate"), {protokolltage} the days PocketBase keeps
// request logs; the notice fills in the values in force.
type Notice struct {
	What       string // which data, e.g. "Name, E-Mail-Adresse, Nachricht"
	Why        string // the purpose
	Who        string // who sees the data
	HowLong    string // how long it is kept
	LegalBasis string // the legal basis, e.g. "Art. 6 Abs. 1 Buchst. a DSGVO (Einwilligung)"
}

// Placeholders HowLong may use.
const (
	GuestPeriod = "{frist}"
	LogPeriod   = "{protokolltage}"
)

// Data is one kind of personal data BEN stores, registered by the concern
// that stores it: what the privacy notice says about it, and how the
// self-service exports it, erases it with the account and deletes it after
// the retention time. Export, Erase and Retention are optional (data that
// belongs to no account, e.g. request logs, has none); the notice is not.
type Data struct {
	Name   string // key of the section in the export, e.g. "interests"
	Title  string // German heading in the notice, e.g. "Meldungen auf Angebote"
	Notice Notice
	// Collections are the collections (RegisterCollection) that hold this
	// kind of data; every declared collection is named by one registration.
	Collections []string
	Export      Exporter
	Erase       Eraser
	Retention   Retention
	order       int
}

// Validate reports what a registration lacks: a name, a title, every part
// of the notice, and, for data with a retention job, a HowLong that names
// the configured period.
func (d Data) Validate() error {
	var missing []string
	for _, part := range []struct{ name, value string }{
		{"Name", d.Name}, {"Title", d.Title}, {"Notice.What", d.Notice.What}, {"Notice.Why", d.Notice.Why},
		{"Notice.Who", d.Notice.Who}, {"Notice.HowLong", d.Notice.HowLong}, {"Notice.LegalBasis", d.Notice.LegalBasis},
	} {
		if strings.TrimSpace(part.value) == "" {
			missing = append(missing, part.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("privacy: registration %q lacks %s", d.Name, strings.Join(missing, ", "))
	}
	if d.Retention != nil && !strings.Contains(d.Notice.HowLong, GuestPeriod) {
		return fmt.Errorf("privacy: registration %q deletes after the retention time, so its HowLong must name %s", d.Name, GuestPeriod)
	}
	return nil
}

// registry is what the concerns of one app registered. It lives in the
// app's store, which a transaction shares with its app: apps (and tests)
// share nothing.
type registry struct {
	mu          sync.RWMutex
	data        map[string]Data
	next        int
	collections map[string]string
}

const registryKey = "ben.privacy.registry"

func registryOf(app core.App) *registry {
	return app.Store().GetOrSet(registryKey, func() any {
		return &registry{data: map[string]Data{}, collections: map[string]string{}}
	}).(*registry)
}

// RegisterCollection declares that collection of app stores data naming a
// person and says how BEN handles it (export, erasure, retention), as a
// German sentence. Every collection with personal fields must be declared
// by the concern that owns it, and named by one registration of
// RegisterData (Data.Collections); tests fail otherwise.
func RegisterCollection(app core.App, collection, handling string) {
	r := registryOf(app)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.collections[collection] = handling
}

// Collections returns the collections declared for app and how each is
// handled.
func Collections(app core.App) map[string]string {
	r := registryOf(app)
	r.mu.RLock()
	defer r.mu.RUnlock()
	return maps.Clone(r.collections)
}

// RegisterData adds a kind of personal data to app. It panics when the
// registration is incomplete (Validate): a kind of data the notice does not
// explain must not be stored. Registering a name again replaces it (and
// keeps its place).
func RegisterData(app core.App, d Data) {
	if err := d.Validate(); err != nil {
		panic(err)
	}
	r := registryOf(app)
	r.mu.Lock()
	defer r.mu.Unlock()
	if old, ok := r.data[d.Name]; ok {
		d.order = old.order
	} else {
		r.next++
		d.order = r.next
	}
	r.data[d.Name] = d
}

// Registered returns every kind of data registered for app, by name.
func Registered(app core.App) []Data {
	r := registryOf(app)
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := slices.Collect(maps.Values(r.data))
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// inOrder returns the kinds registered for app in the order they were
// registered: the order the notice reads them in (the account first).
func inOrder(app core.App) []Data {
	out := Registered(app)
	sort.SliceStable(out, func(i, j int) bool { return out[i].order < out[j].order })
	return out
}

// Register binds the export route, the erasure on account deletion and the
// daily retention job to app.
func Register(app core.App) {
	RegisterData(app, accountData)
	RegisterData(app, logData)
	RegisterCollection(app, accounts.Collection, "Das Konto wird mit allen Angaben gelöscht; der Export enthält es ohne Passwort.")

	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		e.Router.GET("/api/ben/me/export", serveExport).Bind(apis.RequireAuth(accounts.Collection))
		e.Router.GET("/api/ben/me/export.html", serveExportHTML).Bind(apis.RequireAuth(accounts.Collection))
		return e.Next()
	})

	dispatch.OnRecordDelete(app, accounts.Collection).BindFunc(eraseOnDelete)

	app.Cron().MustAdd("ben_guest_data_retention", "30 3 * * *", func() {
		if _, err := RunRetention(app, time.Now()); err != nil {
			app.Logger().Error("Löschung abgelaufener Gastdaten fehlgeschlagen", "error", err)
		}
	})
}

// Export collects every registered section about user.
func Export(app core.App, user *core.Record, now time.Time) (map[string]any, error) {
	out := map[string]any{
		"hinweis": "Alle Daten, die das Bitburger Engagement Netz zu Ihrem Benutzerkonto gespeichert hat. " +
			"Fragen zum Datenschutz beantwortet die Koordinierungsstelle der Stadt Bitburg.",
		"exportiert_am": now.UTC().Format(time.RFC3339),
	}
	for _, d := range Registered(app) {
		if d.Export == nil {
			continue
		}
		data, err := d.Export(app, user)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.Name, err)
		}
		out[d.Name] = data
	}
	return out, nil
}

func serveExport(e *core.RequestEvent) error {
	user, err := e.App.FindRecordById(accounts.Collection, e.Auth.Id)
	if err != nil {
		return e.NotFoundError("Das Benutzerkonto wurde nicht gefunden.", err)
	}
	data, err := Export(e.App, user, time.Now())
	if err != nil {
		return e.InternalServerError("Der Datenexport konnte nicht erstellt werden.", err)
	}
	e.Response.Header().Set("Content-Disposition", `attachment; filename="ben-meine-daten.json"`)
	return e.JSON(http.StatusOK, data)
}

// serveExportHTML is the same export as a readable German HTML document,
// to read on "Meine Daten", save or print (e.g. as PDF).
func serveExportHTML(e *core.RequestEvent) error {
	user, err := e.App.FindRecordById(accounts.Collection, e.Auth.Id)
	if err != nil {
		return e.NotFoundError("Das Benutzerkonto wurde nicht gefunden.", err)
	}
	data, err := Export(e.App, user, time.Now())
	if err != nil {
		return e.InternalServerError("Der Datenexport konnte nicht erstellt werden.", err)
	}
	body, _, err := ExportHTML(e.App, data)
	if err != nil {
		return e.InternalServerError("Der Datenexport konnte nicht erstellt werden.", err)
	}
	e.Response.Header().Set("Content-Disposition", `attachment; filename="ben-meine-daten.html"`)
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.HTML(http.StatusOK, string(body))
}

// eraseOnDelete runs every eraser in the transaction that deletes the
// account, for every path (API, dashboard, Go code).
func eraseOnDelete(e *core.RecordEvent) error {
	return guard.InTransaction(e, func(txApp core.App) error {
		for _, d := range Registered(txApp) {
			if d.Erase == nil {
				continue
			}
			if err := d.Erase(txApp, e.Record); err != nil {
				return fmt.Errorf("%s: %w", d.Name, err)
			}
		}
		return e.Next()
	})
}

// exportAccount is the account itself (without password hash and token
// key) and the ways it has logged in.
func exportAccount(app core.App, user *core.Record) (any, error) {
	fresh := user.Fresh()
	fresh.IgnoreEmailVisibility(true)
	account := fresh.PublicExport()

	external, err := app.FindAllExternalAuthsByRecord(user)
	if err != nil {
		return nil, err
	}
	logins := []map[string]any{}
	for _, ea := range external {
		logins = append(logins, map[string]any{
			"provider": ea.Provider(), "providerId": ea.ProviderId(), "created": ea.Created(),
		})
	}

	origins, err := app.FindAllAuthOriginsByRecord(user)
	if err != nil {
		return nil, err
	}
	devices := []map[string]any{}
	for _, o := range origins {
		devices = append(devices, map[string]any{
			"fingerprint": o.Fingerprint(), "created": o.Created(), "updated": o.Updated(),
		})
	}

	return map[string]any{
		"record":          account,
		"external_logins": logins,
		"known_devices":   devices,
	}, nil
}
