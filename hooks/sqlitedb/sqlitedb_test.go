package sqlitedb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	"modernc.org/sqlite"
)

// open is a database in a fresh folder with table t (id, n).
func open(t *testing.T) *dbx.DB {
	t.Helper()
	db, err := Connect(filepath.Join(t.TempDir(), "data.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.NewQuery("CREATE TABLE t (id INTEGER PRIMARY KEY, n TEXT NOT NULL UNIQUE)").Execute(); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 5; i++ {
		if _, err := db.Insert("t", dbx.Params{"id": i, "n": fmt.Sprint("n", i)}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// connOf is one connection of db, closed when the test ends.
func connOf(t *testing.T, db *dbx.DB) *sql.Conn {
	t.Helper()
	sc, err := db.DB().Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sc.Close() })
	return sc
}

func name(t *testing.T, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, id int) string {
	t.Helper()
	var n string
	if err := q.QueryRowContext(context.Background(), "SELECT n FROM t WHERE id = ?", id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTheSameTextRunsOnTheKeptStatementWithNewValues(t *testing.T) {
	db := open(t)
	sc := connOf(t, db)
	statement := func() any {
		var s any
		sc.Raw(func(dc any) error {
			if el, ok := dc.(*conn).kept["SELECT n FROM t WHERE id = ?"]; ok {
				s = el.Value.(*keptStmt).stmt
			}
			return nil
		})
		return s
	}
	var first any
	for i := 1; i <= 5; i++ {
		if got := name(t, sc, i); got != fmt.Sprint("n", i) {
			t.Fatalf("id %d: %q", i, got)
		}
		if i == 1 {
			first = statement()
		}
	}
	if first == nil || statement() != first {
		t.Fatal("the text was prepared again")
	}
}

func TestAQueryInsideTheRowsOfTheSameQuery(t *testing.T) {
	db := open(t)
	tx, err := db.DB().Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	const q = "SELECT id, n FROM t WHERE id >= ? ORDER BY id"
	rows, err := tx.Query(q, 1)
	if err != nil {
		t.Fatal(err)
	}
	var outer, inner []string
	for rows.Next() {
		var id int
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatal(err)
		}
		outer = append(outer, n)
		// the same text while its rows are read: a statement of its own
		in, err := tx.Query(q, id)
		if err != nil {
			t.Fatal(err)
		}
		count := 0
		for in.Next() {
			count++
		}
		in.Close()
		inner = append(inner, fmt.Sprint(count))
		if _, err := tx.Exec("UPDATE t SET n = n WHERE id = ?", id); err != nil {
			t.Fatal(err)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if strings.Join(outer, ",") != "n1,n2,n3,n4,n5" || strings.Join(inner, ",") != "5,4,3,2,1" {
		t.Fatalf("outer %v, inner %v", outer, inner)
	}
	if got := name(t, tx, 3); got != "n3" {
		t.Fatalf("after: %q", got)
	}
}

func TestKeptStatementsAreBoundedAndABusyOneOutlivesItsEviction(t *testing.T) {
	db := open(t)
	sc := connOf(t, db)
	ctx := context.Background()
	rows, err := sc.QueryContext(ctx, "SELECT n FROM t ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	rows.Next() // busy from here on
	for i := 0; i < 3*StatementsPerConnection; i++ {
		var n string
		if err := sc.QueryRowContext(ctx, fmt.Sprintf("SELECT n FROM t WHERE id = ? AND %d = %d", i, i), 2).Scan(&n); err != nil || n != "n2" {
			t.Fatalf("query %d: %q %v", i, n, err)
		}
	}
	sc.Raw(func(dc any) error {
		if c := dc.(*conn); len(c.kept) > StatementsPerConnection || c.order.Len() != len(c.kept) {
			t.Errorf("%d statements kept, %d in order", len(c.kept), c.order.Len())
		}
		return nil
	})
	var got []string
	for ok := true; ok; ok = rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		got = append(got, n)
	}
	rows.Close()
	if strings.Join(got, ",") != "n1,n2,n3,n4,n5" {
		t.Fatalf("the evicted statement's rows: %v", got)
	}
	// and its text can be run again
	var count int
	if err := sc.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT n FROM t ORDER BY id)").Scan(&count); err != nil || count != 5 {
		t.Fatal(count, err)
	}
}

func TestAKeptStatementSeesANewSchema(t *testing.T) {
	db := open(t)
	db.DB().SetMaxOpenConns(1)
	read := func() []string {
		rows, err := db.DB().Query("SELECT * FROM t WHERE id = ?", 1)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		return cols
	}
	if got := read(); len(got) != 2 {
		t.Fatalf("before: %v", got)
	}
	if _, err := db.DB().Exec("ALTER TABLE t ADD COLUMN extra TEXT DEFAULT 'x'"); err != nil {
		t.Fatal(err)
	}
	if got := read(); strings.Join(got, ",") != "id,n,extra" {
		t.Fatalf("after a new column: %v", got)
	}
}

func TestAFailedRunLeavesTheStatementUsable(t *testing.T) {
	db := open(t)
	db.DB().SetMaxOpenConns(1)
	insert := "INSERT INTO t (id, n) VALUES (?, ?)"
	if _, err := db.DB().Exec(insert, 10, "n10"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DB().Exec(insert, 11, "n10"); err == nil || !strings.Contains(err.Error(), "UNIQUE") {
		t.Fatalf("a duplicate: %v", err)
	}
	if _, err := db.DB().Exec(insert, 11, "n11"); err != nil {
		t.Fatalf("the next insert: %v", err)
	}
	if _, err := db.DB().Exec("INSERT INTO nowhere VALUES (?)", 1); err == nil {
		t.Fatal("a missing table is no error")
	}

	// a query cancelled while its rows are read
	ctx, cancel := context.WithCancel(context.Background())
	rows, err := db.DB().QueryContext(ctx, "SELECT n FROM t ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	rows.Next()
	cancel()
	for rows.Next() {
	}
	rows.Close()
	if err := rows.Err(); err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	var count int
	if err := db.DB().QueryRow("SELECT n FROM t ORDER BY id").Scan(new(string)); err != nil {
		t.Fatalf("the same text after a cancelled read: %v", err)
	}
	if err := db.DB().QueryRow("SELECT count(*) FROM t").Scan(&count); err != nil || count != 7 {
		t.Fatal(count, err)
	}
}

func TestConnectionsInParallel(t *testing.T) {
	db := open(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				id := 1 + (w+i)%5
				var n string
				if err := db.DB().QueryRow("SELECT n FROM t WHERE id = ?", id).Scan(&n); err != nil || n != fmt.Sprint("n", id) {
					errs <- fmt.Errorf("id %d: %q %v", id, n, err)
					return
				}
				if w%2 == 0 {
					if _, err := db.DB().Exec("UPDATE t SET n = ? WHERE id = ?", fmt.Sprint("n", id), id); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// To dbx the database is SQLite: its builder quotes with backticks and
// PocketBase's queries read as with its own driver.
func TestDbxBuildsForSQLite(t *testing.T) {
	db := open(t)
	if db.DriverName() != "sqlite" {
		t.Fatalf("driver %q", db.DriverName())
	}
	sql := db.Select("n").From("t").Where(dbx.HashExp{"id": 1}).Build().SQL()
	if !strings.Contains(sql, "`t`") {
		t.Fatalf("built %s", sql)
	}
}

// A function registered with modernc's package functions is on every
// connection of its driver "sqlite" (registered before any is opened).
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("ben_test_twice", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		return args[0].(int64) * 2, nil
	})
}

// PocketBase's default opens the databases with the driver registered as
// "sqlite"; what is registered on it (SQL functions, collations,
// connection hooks) is on BEN's connections too.
func TestFunctionsRegisteredWithTheDriverAreOnTheConnections(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.db")
	plain, err := dbx.Open("sqlite", path+pragmas)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	kept, err := Connect(path)
	if err != nil {
		t.Fatal(err)
	}
	defer kept.Close()
	for name, db := range map[string]*dbx.DB{"modernc's driver": plain, "Connect": kept} {
		var got int
		if err := db.NewQuery("SELECT ben_test_twice({:n})").Bind(dbx.Params{"n": 21}).Row(&got); err != nil || got != 42 {
			t.Errorf("%s: %d %v", name, got, err)
		}
	}
}

// Long texts are not kept, and the kept texts of a connection stay within
// maxKeptBytes together, however many long ones come (a guest's filters).
func TestKeptTextsAreBoundedInLength(t *testing.T) {
	db := open(t)
	sc := connOf(t, db)
	ctx := context.Background()
	pad := func(i, length int) string {
		q := fmt.Sprintf("SELECT n FROM t WHERE id = ? AND %d = %d", i, i)
		x := strings.Repeat("x", (length-len(q)-12)/2)
		return q + " AND '" + x + "' = '" + x + "'"
	}
	state := func() (kept int, bytes int, long bool) {
		sc.Raw(func(dc any) error {
			c := dc.(*conn)
			kept, bytes = len(c.kept), c.bytes
			sum := 0
			for q := range c.kept {
				sum += len(q)
				long = long || len(q) > maxKeptQuery
			}
			if sum != c.bytes {
				t.Errorf("counted %d bytes, kept %d", c.bytes, sum)
			}
			return nil
		})
		return kept, bytes, long
	}
	for i := 0; i < 200; i++ {
		var n string
		if err := sc.QueryRowContext(ctx, pad(i, 1900), 1).Scan(&n); err != nil || n != "n1" {
			t.Fatalf("query %d: %q %v", i, n, err)
		}
		if _, bytes, _ := state(); bytes > maxKeptBytes {
			t.Fatalf("after %d texts: %d bytes kept", i+1, bytes)
		}
	}
	var n string
	if err := sc.QueryRowContext(ctx, pad(999, maxKeptQuery+100), 2).Scan(&n); err != nil || n != "n2" {
		t.Fatalf("a long text: %q %v", n, err)
	}
	if kept, _, long := state(); long || kept == 0 {
		t.Fatalf("%d kept, a long one among them: %v", kept, long)
	}
}
