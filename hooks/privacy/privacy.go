// Package privacy is the data-protection self-service of BEN: a citizen
// downloads everything stored about their account (GET /api/ben/me/export)
// and deleting the account erases their personal data everywhere, while the
// organisations they edited stay. Guests' personal data is deleted a
// configurable time after its case was closed.
//
// The package does not know the other concerns. Each concern that stores
// personal data registers, from its own Register, what belongs to a user
// (RegisterExporter), how to erase it (RegisterEraser) and how to delete
// closed guest data (RegisterRetention).
package privacy

import (
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/guard"
)

// Users is the auth collection of citizens and editors.
const Users = "users"

// Exporter returns what a concern stores about user, ready for JSON. It must
// not return anything about other people.
type Exporter func(app core.App, user *core.Record) (any, error)

// Eraser deletes or anonymises what a concern stores about user. It runs in
// the transaction that deletes the account: an error keeps the account.
type Eraser func(app core.App, user *core.Record) error

// Retention deletes the personal data of guests whose case was closed
// before closedBefore and returns how many records it deleted.
type Retention func(app core.App, closedBefore time.Time) (int, error)

var registry = struct {
	sync.RWMutex
	exporters   map[string]Exporter
	erasers     map[string]Eraser
	retentions  map[string]Retention
	collections map[string]string
}{
	exporters:   map[string]Exporter{},
	erasers:     map[string]Eraser{},
	retentions:  map[string]Retention{},
	collections: map[string]string{},
}

// RegisterCollection declares that collection stores data naming a person
// and says how BEN handles it (export, erasure, retention), as a German
// sentence for the privacy notice. Every collection with personal fields
// must be declared by the concern that owns it; a test fails otherwise.
func RegisterCollection(collection, handling string) {
	registry.Lock()
	defer registry.Unlock()
	registry.collections[collection] = handling
}

// Collections returns the declared collections and how each is handled.
func Collections() map[string]string {
	registry.RLock()
	defer registry.RUnlock()
	out := make(map[string]string, len(registry.collections))
	for k, v := range registry.collections {
		out[k] = v
	}
	return out
}

// RegisterExporter adds a section to the export under name. Registering a
// name again replaces it, so that binding several apps (tests) is harmless.
func RegisterExporter(name string, fn Exporter) {
	registry.Lock()
	defer registry.Unlock()
	registry.exporters[name] = fn
}

// RegisterEraser adds an eraser that runs when an account is deleted.
func RegisterEraser(name string, fn Eraser) {
	registry.Lock()
	defer registry.Unlock()
	registry.erasers[name] = fn
}

// RegisterRetention adds a deletion of closed guest data to the daily job.
func RegisterRetention(name string, fn Retention) {
	registry.Lock()
	defer registry.Unlock()
	registry.retentions[name] = fn
}

// sorted returns the entries of m by name, so that every run has the same order.
func sorted[T any](m map[string]T) []struct {
	name string
	fn   T
} {
	registry.RLock()
	defer registry.RUnlock()
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]struct {
		name string
		fn   T
	}, len(names))
	for i, n := range names {
		out[i].name, out[i].fn = n, m[n]
	}
	return out
}

// Register binds the export route, the erasure on account deletion and the
// daily retention job to app.
func Register(app core.App) {
	RegisterExporter("account", exportAccount)
	RegisterCollection(Users, "Das Konto wird mit allen Angaben gelöscht; der Export enthält es ohne Passwort.")

	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		e.Router.GET("/api/ben/me/export", serveExport).Bind(apis.RequireAuth(Users))
		return e.Next()
	})

	app.OnRecordDelete(Users).BindFunc(eraseOnDelete)

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
	for _, entry := range sorted(registry.exporters) {
		data, err := entry.fn(app, user)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", entry.name, err)
		}
		out[entry.name] = data
	}
	return out, nil
}

func serveExport(e *core.RequestEvent) error {
	user, err := e.App.FindRecordById(Users, e.Auth.Id)
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

// eraseOnDelete runs every eraser in the transaction that deletes the
// account, for every path (API, dashboard, Go code).
func eraseOnDelete(e *core.RecordEvent) error {
	return guard.InTransaction(e, func(txApp core.App) error {
		for _, entry := range sorted(registry.erasers) {
			if err := entry.fn(txApp, e.Record); err != nil {
				return fmt.Errorf("%s: %w", entry.name, err)
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
