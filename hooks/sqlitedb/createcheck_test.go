package sqlitedb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	_ "github.com/pocketbase/pocketbase/migrations" // PocketBase's system collections
)

// engagementCheck is PocketBase's check of an engagement's create rule as
// it reaches the driver, with its random characters and column order.
func engagementCheck(random string, columns ...string) string {
	items := make([]string, len(columns))
	for i, c := range columns {
		items[i] = "? AS `" + c + "`"
	}
	name := "engagements__pb_create__" + random
	return "WITH `" + name + "` as (SELECT " + strings.Join(items, ",") + ") SELECT DISTINCT (1) FROM `" + name +
		"` LEFT JOIN `card_applications` `" + name + "_application` ON `" + name + "_application`.`id` = `" + name +
		"`.`application` LEFT JOIN `users` `__auth_users` ON `__auth_users`.`id`=? WHERE ((? IS NOT '' AND `" + name +
		"_application`.`applicant` = ? AND `" + name + "_application`.`status` = ?)) LIMIT 1"
}

func values(vs ...any) []driver.NamedValue {
	out := make([]driver.NamedValue, len(vs))
	for i, v := range vs {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

func TestCreateChecksOfOneRuleShareOneTextWithTheirValuesInItsOrder(t *testing.T) {
	a, argsA, ok := createCheck(engagementCheck("Xy12Ab", "role", "application", "id"),
		values("Trainerin", "app1", "tmp1", "u1", "u1", "u1", "draft"))
	if !ok {
		t.Fatal("PocketBase's create check was not recognised")
	}
	b, argsB, ok := createCheck(engagementCheck("Q9z0Lm", "id", "role", "application"),
		values("tmp2", "Jugendwart", "app2", "u2", "u2", "u2", "draft"))
	if !ok {
		t.Fatal("PocketBase's create check was not recognised")
	}
	if a != b {
		t.Fatalf("two checks of one rule kept under two texts:\n%s\n%s", a, b)
	}
	if strings.Contains(a, "Xy12Ab") || !strings.Contains(a, "SELECT ? AS `application`,? AS `id`,? AS `role`)") {
		t.Fatalf("kept text: %s", a)
	}
	// the values follow their columns; the rule's values stay in order
	for _, c := range []struct {
		args []driver.NamedValue
		want string
	}{{argsA, "app1 tmp1 Trainerin u1 u1 u1 draft"}, {argsB, "app2 tmp2 Jugendwart u2 u2 u2 draft"}} {
		var got []string
		for i, v := range c.args {
			if v.Ordinal != i+1 {
				t.Fatalf("value %d has ordinal %d", i, v.Ordinal)
			}
			got = append(got, fmt.Sprint(v.Value))
		}
		if strings.Join(got, " ") != c.want {
			t.Fatalf("values %q, want %q", got, c.want)
		}
	}
	// another collection or another rule is another text
	other, _, _ := createCheck(strings.ReplaceAll(engagementCheck("Xy12Ab", "role"), "engagements", "interests"), values("x", "u", "u", "u", "d"))
	same, _, _ := createCheck(engagementCheck("Xy12Ab", "role"), values("x", "u", "u", "u", "d"))
	if other == same {
		t.Fatal("two collections share a kept text")
	}
}

func TestOtherQueriesAreRunAsTheyAre(t *testing.T) {
	good := engagementCheck("Xy12Ab", "role", "id")
	args := values("r", "i", "u", "u", "u", "d")
	for name, q := range map[string]string{
		"no WITH":                 "SELECT 1",
		"another WITH":            "WITH `x` as (SELECT ? AS `a`) SELECT a FROM x",
		"no random characters":    strings.ReplaceAll(good, "__pb_create__Xy12Ab", "__pb_create__"),
		"five random characters":  strings.ReplaceAll(good, "Xy12Ab", "Xy12A"),
		"no collection name":      strings.ReplaceAll(good, "engagements__pb_create__", "__pb_create__"),
		"a value in the text":     strings.Replace(good, "? AS `role`", "'r' AS `role`", 1),
		"a column twice":          engagementCheck("Xy12Ab", "role", "role"),
		"a column not a word":     engagementCheck("Xy12Ab", "ro le", "id"),
		"nothing after the list":  "WITH `engagements__pb_create__Xy12Ab` as (SELECT ? AS `role`)",
		"the name outside quotes": good + " AND engagements__pb_create__Xy12Ab = 1",
		"the name in another":     strings.Replace(good, "`users` `__auth_users`", "`users` `x_engagements__pb_create__Xy12Ab`", 1),
		"the name ends another":   strings.Replace(good, "`users` `__auth_users`", "`users` `engagements__pb_create__Xy12Ab.x`", 1),
		"the fixed name present":  strings.Replace(good, "`users` `__auth_users`", "`users` `engagements__pb_create__BENfix`", 1),
		"the fixed name in another case": strings.Replace(good, "LEFT JOIN `users` `__auth_users` ON `__auth_users`.`id`=?",
			"LEFT JOIN `engagements__PB_create__benfix` `__collection_engagements__PB_create__benfix`", 1),
	} {
		if kept, _, ok := createCheck(q, args); ok {
			t.Errorf("%s: kept as %s", name, kept)
		}
	}
	if _, _, ok := createCheck(good, values("r")); ok {
		t.Error("fewer values than columns: kept")
	}
	named := values("r", "i", "u", "u", "u", "d")
	named[0].Name = "role"
	if _, _, ok := createCheck(good, named); ok {
		t.Error("named values: kept")
	}
	if _, _, ok := createCheck(good, args); !ok {
		t.Error("the query the cases above were made from is not recognised")
	}
	// a name with the fixed characters already is kept as it is
	if kept, _, ok := createCheck(engagementCheck("BENfix", "role", "id"), args); !ok || !strings.Contains(kept, "BENfix") {
		t.Errorf("the fixed characters drawn at random: %v %s", ok, kept)
	}
}

// countingDriver counts what SQLite prepares, by text.
type countingDriver struct {
	inner driver.Driver
	mu    sync.Mutex
	seen  map[string]int
}

func (d *countingDriver) Open(name string) (driver.Conn, error) {
	c, err := d.inner.Open(name)
	if err != nil {
		return nil, err
	}
	return &countingConn{innerConn: c.(innerConn), d: d}, nil
}

type countingConn struct {
	innerConn
	d *countingDriver
}

func (c *countingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	c.d.mu.Lock()
	c.d.seen[query]++
	c.d.mu.Unlock()
	return c.innerConn.PrepareContext(ctx, query)
}

// PocketBase's own create checks (the rule joins a relation and the auth
// record) are prepared once on a connection and then judge every new
// record alike: what the rule allows is created, what it refuses is not.
func TestPocketBasesCreateChecksArePreparedOnce(t *testing.T) {
	inner, err := registeredDriver()
	if err != nil {
		t.Fatal(err)
	}
	counting := &countingDriver{inner: inner, seen: map[string]int{}}
	// one connection for reading: a second prepare would be a miss
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir(), DataMaxOpenConns: 1, DataMaxIdleConns: 1, DBConnect: func(path string) (*dbx.DB, error) {
		d := counting
		if filepath.Base(path) != "data.db" {
			d = &countingDriver{inner: inner, seen: map[string]int{}} // the logs: not counted
		}
		return dbx.NewFromDB(sql.OpenDB(connector{dsn: path + pragmas, driver: &keepingDriver{inner: d}}), "sqlite"), nil
	}})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.ResetBootstrapState() })

	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		t.Fatal(err)
	}
	folders := core.NewBaseCollection("folders")
	folders.Fields.Add(&core.RelationField{Name: "owner", CollectionId: users.Id, MaxSelect: 1}, &core.TextField{Name: "state"})
	if err := app.Save(folders); err != nil {
		t.Fatal(err)
	}
	notes := core.NewBaseCollection("notes")
	rule := `@request.auth.id != "" && folder.owner = @request.auth.id && folder.state = "open" && title != "verboten"`
	notes.CreateRule = &rule
	notes.ViewRule = &rule
	notes.Fields.Add(&core.RelationField{Name: "folder", CollectionId: folders.Id, MaxSelect: 1},
		&core.TextField{Name: "title"}, &core.NumberField{Name: "n"}, &core.BoolField{Name: "b"}, &core.TextField{Name: "c"})
	if err := app.Save(notes); err != nil {
		t.Fatal(err)
	}
	var tokens []string
	var folderIDs []string
	for i, state := range []string{"open", "closed"} {
		u := core.NewRecord(users)
		u.SetEmail(fmt.Sprintf("u%d@ben.example", i))
		u.SetPassword("1234567890")
		if err := app.Save(u); err != nil {
			t.Fatal(err)
		}
		token, err := u.NewAuthToken()
		if err != nil {
			t.Fatal(err)
		}
		f := core.NewRecord(folders)
		f.Set("owner", u.Id)
		f.Set("state", state)
		if err := app.Save(f); err != nil {
			t.Fatal(err)
		}
		tokens, folderIDs = append(tokens, token), append(folderIDs, f.Id)
	}

	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	mux, err := router.BuildMux()
	if err != nil {
		t.Fatal(err)
	}
	create := func(token, folder, title string) int {
		body := fmt.Sprintf(`{"folder":%q,"title":%q,"n":3,"b":true,"c":"x"}`, folder, title)
		req := httptest.NewRequest(http.MethodPost, "/api/collections/notes/records", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", token)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		return rec.Code
	}
	for round := range 20 {
		for _, c := range []struct {
			who    int
			folder int
			title  string
			want   int
		}{
			{0, 0, "Notiz", http.StatusOK},            // own open folder
			{0, 0, "verboten", http.StatusBadRequest}, // the rule's own field
			{1, 1, "Notiz", http.StatusBadRequest},    // own folder, closed
			{1, 0, "Notiz", http.StatusBadRequest},    // another's folder
			{0, 1, "Notiz", http.StatusBadRequest},    // another's closed folder
		} {
			if got := create(tokens[c.who], folderIDs[c.folder], c.title); got != c.want {
				t.Fatalf("round %d: user %d, folder %d, %q: %d, want %d", round, c.who, c.folder, c.title, got, c.want)
			}
		}
	}
	if n, err := app.CountRecords("notes"); err != nil || n != 20 {
		t.Fatalf("%d notes created (%v), want 20", n, err)
	}

	counting.mu.Lock()
	defer counting.mu.Unlock()
	checks := 0
	for query, n := range counting.seen {
		if !strings.Contains(query, createMarker) {
			continue
		}
		checks++
		if n != 1 || !strings.Contains(query, "notes"+createMarker+fixedRandom) {
			t.Errorf("prepared %d times: %s", n, query)
		}
	}
	if checks != 1 {
		t.Fatalf("%d texts of the create check prepared, want 1 (100 requests on one connection)", checks)
	}
}
