// Package testapp builds BEN test apps: a data directory with every
// migration applied (made once for all test binaries of the same sources,
// in the user's cache directory), plus a small fixture of clubs, people and
// events (made once per test binary); each test gets its own copy with
// BEN's hooks (Go and JS) bound exactly as main binds them.
package testapp

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/plugins/jsvm"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/hook"

	"ben/hooks"
	"ben/hooks/mailer"
	"ben/hooks/organisations"
	"ben/hooks/search"
	"ben/hooks/sqlitedb"
	_ "ben/migrations"
)

// Password of every fixture account.
const Password = "Fixture-Passwort-1"

// Fixture names the records every test app starts with.
type Fixture struct {
	// accounts
	Staff *core.Record // superuser: IT and the dashboard (token "staff")
	// staff accounts of the office (collection "staff")
	StaffBuero     *core.Record // role buero, active (token "staffBuero")
	StaffRedaktion *core.Record // role redaktion, active (token "staffRedaktion")
	StaffInactive  *core.Record // role buero, deactivated; its token was issued before (token "staffInactive")
	EditorA        *core.Record // editor of ClubA and of Pending
	EditorB        *core.Record // editor of ClubB
	Citizen        *core.Record // logged-in user, editor of nothing
	Unchecked      *core.Record // user whose e-mail is not verified yet

	// organisations
	ClubA    *core.Record // published, contact data private
	ClubB    *core.Record // published, contact data public
	Pending  *core.Record // pending, edited by EditorA
	Archived *core.Record // archived, no editors

	// events
	EventA        *core.Record // published, of ClubA
	EventADraft   *core.Record // unpublished, of ClubA
	EventB        *core.Record // published, of ClubB
	EventOffice   *core.Record // published, of the office (no organisation)
	EventPending  *core.Record // published, but its organisation is pending
	EventArchived *core.Record // published, but its organisation is archived
	Festival2027  *core.Record // the clubs' festival in 2027

	// articles
	News      *core.Record // published news
	Draft     *core.Record // unpublished page
	Scheduled *core.Record // published, but dated in the future

	// partners
	PartnerInactive *core.Record // inactive partner
	PartnerExpired  *core.Record // active, but its offer has ended

	// Tokens are auth headers by role, ready for ApiScenario.Headers.
	Tokens map[string]string
}

// Header returns the Authorization header of a fixture role ("" for a guest).
func (f *Fixture) Header(role string) map[string]string {
	if role == "" || role == "guest" {
		return nil
	}
	token, ok := f.Tokens[role]
	if !ok {
		panic("testapp: unknown role " + role)
	}
	return map[string]string{"Authorization": token}
}

// clone copies the fixture: its records and its tokens.
func (f *Fixture) clone() *Fixture {
	c := *f
	v := reflect.ValueOf(&c).Elem()
	for i := 0; i < v.NumField(); i++ {
		if r, ok := v.Field(i).Interface().(*core.Record); ok && r != nil {
			copied := r.Clone()
			if !r.IsNew() {
				// Clone takes "saved" from the original data, which a
				// record saved by the fixture does not have yet
				copied.MarkAsNotNew()
			}
			v.Field(i).Set(reflect.ValueOf(copied))
		}
	}
	c.Tokens = maps.Clone(f.Tokens)
	return &c
}

// The template data directories are built when the first test asks for
// them and only read afterwards: every migration applied (emptyTemplate,
// shared, see buildEmptyTemplate), and that plus the fixture
// (fixtureTemplate, in a folder of this test binary's). Each test app is a
// copy.
var (
	templateRoot    = sync.OnceValues(func() (string, error) { return os.MkdirTemp("", "ben_templates_") })
	emptyTemplate   = sync.OnceValues(buildEmptyTemplate)
	fixtureTemplate = sync.OnceValues(buildFixtureTemplate)
)

// template is a data directory to copy and the fixture stored in it.
type template struct {
	dir     string
	fixture *Fixture
}

// Main runs the tests of a package and removes the template data
// directories afterwards. Call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if root, err := templateRoot(); err == nil {
		_ = os.RemoveAll(root)
	}
	os.Exit(code)
}

// New returns a fresh test app with BEN's hooks bound, and the fixture.
// The app is cleaned up when the test ends.
func New(t testing.TB) (*tests.TestApp, *Fixture) {
	t.Helper()
	tmpl, err := fixtureTemplate()
	if err != nil {
		t.Fatalf("test data: %v", err)
	}

	// on the connections BEN runs on (main.go)
	app, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: tmpl.dir, EncryptionEnv: "pb_test_env", DBConnect: sqlitedb.Connect})
	if err != nil {
		t.Fatal(err)
	}
	Bind(t, app)
	t.Cleanup(app.Cleanup)

	// each test gets its own copies of the records, so that tests may
	// change them and run in parallel
	return app, tmpl.fixture.clone()
}

// Factory adapts New to tests.ApiScenario.TestAppFactory.
func Factory(t testing.TB) *tests.TestApp {
	app, _ := New(t)
	return app
}

// Fixtures returns the fixture without creating an app (for building
// scenario tables before the tests run).
func Fixtures(t testing.TB) *Fixture {
	t.Helper()
	tmpl, err := fixtureTemplate()
	if err != nil {
		t.Fatalf("test data: %v", err)
	}
	return tmpl.fixture.clone()
}

// Bind registers BEN's Go hooks and the JS hooks of pb_hooks on app. Its
// mails are sent before a response is written (mailer.Inline), so a test
// reads what a request sent as soon as the response is there.
func Bind(t testing.TB, app core.App) {
	t.Helper()
	// the real portal, so that what the server writes into its pages is tested
	hooks.Register(app, os.DirFS(filepath.Join(RepoRoot(), "pb_public")))
	mailer.SetDelivery(app, mailer.Inline)
	// PocketBase starts the cron jobs when it serves (priority 999); in a
	// test they run only when the test calls them, never because a minute
	// turned (e.g. closing expired opportunities in the middle of a test)
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(e *core.ServeEvent) error {
			e.App.Cron().Stop()
			return e.Next()
		},
		Priority: 1000,
	})
	err := jsvm.Register(app, jsvm.Config{
		HooksDir:      filepath.Join(RepoRoot(), "pb_hooks"),
		MigrationsDir: filepath.Join(RepoRoot(), "pb_hooks", "no-js-migrations"),
		HooksPoolSize: 2,
	})
	if err != nil {
		t.Fatal(err)
	}
}

// RepoRoot is the directory of go.mod.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// cheapPasswordCost is bcrypt.MinCost: test accounts' passwords are hashed
// at bcrypt's lowest cost (a setting of each auth collection's password
// field), since hashing at the default cost took most of the tests' time,
// above all under the race detector. Every check of a password runs as in
// production; only the hash is quicker to compute.
const cheapPasswordCost = 4

// buildEmptyTemplate returns a data directory with every migration applied
// and the password hash cost of its auth collections lowered. Migrating
// takes minutes under the race detector, so the directory is shared by the
// test binaries of a run and kept for later runs: it lives in the user's
// cache directory, named by a hash of everything that shapes it (sharedKey).
// Where there is no cache directory, each test binary migrates its own.
func buildEmptyTemplate() (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		root, err := templateRoot()
		if err != nil {
			return "", err
		}
		dir, err := os.MkdirTemp(root, "empty_")
		if err != nil {
			return "", err
		}
		return dir, migrateEmpty(dir)
	}
	key, err := sharedKey()
	if err != nil {
		return "", err
	}
	shared := filepath.Join(cache, "ben", "test-templates")
	dir := filepath.Join(shared, key)
	if _, err := os.Stat(filepath.Join(dir, "data.db")); err == nil {
		now := time.Now()
		_ = os.Chtimes(dir, now, now) // in use: not pruned
		return dir, nil
	}
	if err := os.MkdirAll(shared, 0o755); err != nil {
		return "", err
	}
	building, err := os.MkdirTemp(shared, key+".building-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(building) // gone once renamed
	if err := migrateEmpty(building); err != nil {
		return "", err
	}
	// the rename makes the directory whole or not at all; when another
	// binary was quicker, its directory is as good
	if err := os.Rename(building, dir); err != nil {
		if _, statErr := os.Stat(filepath.Join(dir, "data.db")); statErr != nil {
			return "", err
		}
	}
	pruneSharedTemplates(shared, dir)
	return dir, nil
}

// migrateEmpty applies every migration to dir and lowers the password hash
// cost of its auth collections.
func migrateEmpty(dir string) error {
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir, EncryptionEnv: "pb_test_env", DBConnect: sqlitedb.Connect})
	if err := app.Bootstrap(); err != nil {
		return err
	}
	defer app.ResetBootstrapState()
	if err := app.RunAllMigrations(); err != nil {
		return err
	}
	auths, err := app.FindAllCollections(core.CollectionTypeAuth)
	if err != nil {
		return err
	}
	for _, c := range auths {
		if pw, ok := c.Fields.GetByName(core.FieldNamePassword).(*core.PasswordField); ok {
			pw.Cost = cheapPasswordCost
			if err := app.Save(c); err != nil {
				return err
			}
		}
	}
	return nil
}

// sharedKey hashes what shapes the empty template: go.mod and go.sum
// (PocketBase's own migrations) and every Go file of BEN outside tests (the
// migrations, the packages they use, and this file). Any change makes a new
// template; the data itself does not depend on the time.
func sharedKey() (string, error) {
	root := RepoRoot()
	h := sha256.New()
	add := func(path string) error {
		content, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(content))
		h.Write(content)
		return nil
	}
	for _, name := range []string{"go.mod", "go.sum"} {
		if err := add(filepath.Join(root, name)); err != nil {
			return "", err
		}
	}
	for _, dir := range []string{"migrations", "hooks"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			return add(path) // WalkDir walks in lexical order
		})
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:24], nil
}

// pruneSharedTemplates removes the templates of older sources that no test
// has used for a week, and builds that were left half done a day ago.
func pruneSharedTemplates(shared, keep string) {
	entries, err := os.ReadDir(shared)
	if err != nil {
		return
	}
	for _, e := range entries {
		path := filepath.Join(shared, e.Name())
		info, err := e.Info()
		if path == keep || err != nil {
			continue
		}
		age := time.Since(info.ModTime())
		if age > 7*24*time.Hour || (strings.Contains(e.Name(), ".building-") && age > 24*time.Hour) {
			_ = os.RemoveAll(path)
		}
	}
}

// buildFixtureTemplate copies the empty template and stores the fixture in
// it, without hooks: the fixture is stored exactly as written.
func buildFixtureTemplate() (template, error) {
	empty, err := emptyTemplate()
	if err != nil {
		return template{}, err
	}
	root, err := templateRoot()
	if err != nil {
		return template{}, err
	}
	dir, err := os.MkdirTemp(root, "fixture_")
	if err != nil {
		return template{}, err
	}
	if err := os.CopyFS(dir, os.DirFS(empty)); err != nil {
		return template{}, err
	}
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir, EncryptionEnv: "pb_test_env", DBConnect: sqlitedb.Connect})
	if err := app.Bootstrap(); err != nil {
		return template{}, err
	}
	defer app.ResetBootstrapState()
	app.Settings().Logs.MaxDays = 0
	if err := app.Save(app.Settings()); err != nil {
		return template{}, err
	}
	f, err := seed(app)
	if err != nil {
		return template{}, fmt.Errorf("fixture: %w", err)
	}
	// without hooks the search index and the topic rows missed the
	// fixture's records
	if err := search.Rebuild(app, nil); err != nil {
		return template{}, err
	}
	if err := organisations.WriteAllTopics(app); err != nil {
		return template{}, err
	}
	return template{dir: dir, fixture: f}, nil
}

func seed(app core.App) (*Fixture, error) {
	f := &Fixture{Tokens: map[string]string{}}
	var err error
	save := func(coll string, data map[string]any) *core.Record {
		if err != nil {
			return nil
		}
		c, e := app.FindCollectionByNameOrId(coll)
		if e != nil {
			err = e
			return nil
		}
		r := core.NewRecord(c)
		r.Load(data)
		if pw, ok := data["password"].(string); ok {
			r.SetPassword(pw)
		}
		if e := app.Save(r); e != nil {
			err = fmt.Errorf("%s %v: %w", coll, data, e)
		}
		return r
	}
	user := func(email, name string, verified bool) *core.Record {
		return save("users", map[string]any{"email": email, "name": name, "password": Password, "verified": verified})
	}

	f.Staff = save(core.CollectionNameSuperusers, map[string]any{"email": "buero@stadt.test", "password": Password})
	office := func(email, name, role string, active bool) *core.Record {
		return save("staff", map[string]any{"email": email, "name": name, "role": role, "active": active, "password": Password})
	}
	f.StaffBuero = office("sachbearbeitung@stadt.test", "Bea Büro", "buero", true)
	f.StaffRedaktion = office("redaktion@stadt.test", "Rudi Redaktion", "redaktion", true)
	f.StaffInactive = office("ehemals@stadt.test", "Ina Ehemals", "buero", false)
	f.EditorA = user("editor.a@test.example", "Anna Vorstand", true)
	f.EditorB = user("editor.b@test.example", "Bernd Kassenwart", true)
	f.Citizen = user("citizen@test.example", "Clara Bürgerin", true)
	f.Unchecked = user("unchecked@test.example", "Udo Neu", false)
	if err != nil {
		return nil, err
	}

	org := func(name, slug, status string, public bool, editors ...*core.Record) *core.Record {
		ids := []string{}
		for _, e := range editors {
			ids = append(ids, e.Id)
		}
		return save("organisations", map[string]any{
			"name": name, "slug": slug, "kind": "verein", "status": status, "topics": []string{"sport"},
			"contact_name": "Kontakt " + name, "email": slug + "@club.example", "phone": "06561 1234",
			"contact_public": public, "editors": ids,
		})
	}
	f.ClubA = org("Turnverein A", "turnverein-a", "published", false, f.EditorA)
	f.ClubB = org("Chor B", "chor-b", "published", true, f.EditorB)
	f.Pending = org("Neue Initiative", "neue-initiative", "pending", false, f.EditorA)
	f.Archived = org("Alter Verein", "alter-verein", "archived", true)
	if err != nil {
		return nil, err
	}

	start := time.Now().UTC().Add(72 * time.Hour).Truncate(time.Hour)
	event := func(title, kind string, o *core.Record, published bool, starts time.Time) *core.Record {
		data := map[string]any{"title": title, "kind": kind, "published": published,
			"starts_at": starts, "ends_at": starts.Add(2 * time.Hour)}
		if o != nil {
			data["organisation"] = o.Id
		}
		return save("events", data)
	}
	f.EventA = event("Training A", "termin", f.ClubA, true, start)
	f.EventADraft = event("Entwurf A", "termin", f.ClubA, false, start)
	f.EventB = event("Probe B", "termin", f.ClubB, true, start)
	f.EventOffice = event("Fortbildung im Rathaus", "fortbildung", nil, true, start)
	f.EventPending = event("Treffen der neuen Initiative", "termin", f.Pending, true, start)
	f.EventArchived = event("Altes Treffen", "termin", f.Archived, true, start)
	f.Festival2027 = event("Bitburg engagiert sich 2027", "vereinsfest", nil, true, time.Date(2027, 9, 11, 9, 0, 0, 0, time.UTC))

	now := time.Now().UTC()
	f.News = save("articles", map[string]any{"kind": "news", "title": "Neuigkeit", "slug": "neuigkeit", "published": true, "published_at": now.Add(-time.Hour)})
	f.Draft = save("articles", map[string]any{"kind": "page", "title": "Entwurf", "slug": "entwurf", "published": false})
	f.Scheduled = save("articles", map[string]any{"kind": "news", "title": "Demnächst", "slug": "demnaechst", "published": true, "published_at": now.Add(240 * time.Hour)})

	f.PartnerInactive = save("partners", map[string]any{"name": "Ehemaliger Partner", "category": "Freizeit", "benefit": "10 %", "active": false})
	f.PartnerExpired = save("partners", map[string]any{"name": "Abgelaufener Partner", "category": "Freizeit", "benefit": "5 %", "active": true, "valid_until": now.Add(-48 * time.Hour)})
	if err != nil {
		return nil, err
	}

	for role, r := range map[string]*core.Record{
		"staff": f.Staff, "staffBuero": f.StaffBuero, "staffRedaktion": f.StaffRedaktion, "staffInactive": f.StaffInactive,
		"editorA": f.EditorA, "editorB": f.EditorB, "citizen": f.Citizen, "unchecked": f.Unchecked,
	} {
		token, e := r.NewAuthToken()
		if e != nil {
			return nil, e
		}
		f.Tokens[role] = token
	}
	return f, nil
}

// Record is a new record of coll with data, not saved yet; id "" lets
// PocketBase choose one. Accounts get Password unless data names one.
func Record(t testing.TB, app core.App, coll, id string, data map[string]any) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(coll)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(c)
	if id != "" {
		r.Id = id
	}
	r.Load(data)
	if _, named := data["password"]; c.IsAuth() && !named {
		r.SetPassword(Password)
	}
	return r
}

// Save stores a new record of coll with data through every hook and rule
// of the model, as Record makes it.
func Save(t testing.TB, app core.App, coll, id string, data map[string]any) *core.Record {
	t.Helper()
	r := Record(t, app, coll, id, data)
	if err := app.Save(r); err != nil {
		t.Fatalf("%s %s %v: %v", coll, id, data, err)
	}
	return r
}

// Handler serves app's full router (API, hooks, portal) for tests that send
// several requests to one app, e.g. rate limits or concurrent writes.
func Handler(t testing.TB, app core.App) http.Handler {
	t.Helper()
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	var mux http.Handler
	serveEvent := &core.ServeEvent{App: app, Router: router}
	err = app.OnServe().Trigger(serveEvent, func(e *core.ServeEvent) error {
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return mux
}

// Empty returns an app on a new data directory with every migration applied
// and BEN's hooks bound, but without the fixture (e.g. for the demo data).
func Empty(t testing.TB) core.App {
	t.Helper()
	empty, err := emptyTemplate()
	if err != nil {
		t.Fatalf("test data: %v", err)
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(empty)); err != nil {
		t.Fatal(err)
	}
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir, DBConnect: sqlitedb.Connect})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// as tests.TestApp.Cleanup: through OnTerminate, so that the logger
		// writes what it holds and stops before the app is reset (else its
		// background write reads the app while it is torn down)
		_ = app.OnTerminate().Trigger(&core.TerminateEvent{App: app}, func(e *core.TerminateEvent) error {
			_ = app.ResetBootstrapState()
			return e.Next()
		})
	})
	if err := app.RunAllMigrations(); err != nil {
		t.Fatal(err)
	}
	Bind(t, app)
	return app
}
