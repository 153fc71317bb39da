package sqlitedb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
)

// transcript runs the same steps on two connections (a and b) of one
// database and writes down what each step answered: rows, results and
// errors as text.
type transcript struct {
	a, b  *sql.Conn
	lines []string
}

func (s *transcript) note(format string, args ...any) {
	s.lines = append(s.lines, fmt.Sprintf(format, args...))
}

func (s *transcript) query(c *sql.Conn, query string, args ...any) {
	rows, err := c.QueryContext(context.Background(), query, args...)
	if err != nil {
		s.note("query %s %v: %v", query, args, err)
		return
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	types, _ := rows.ColumnTypes()
	var out []string
	for _, ct := range types {
		out = append(out, fmt.Sprintf("%s:%s:%v", ct.Name(), ct.DatabaseTypeName(), ct.ScanType()))
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			out = append(out, "scan: "+err.Error())
			break
		}
		out = append(out, fmt.Sprintf("%#v", vals))
	}
	s.note("query %s %v: %v, %v", query, args, out, rows.Err())
}

func (s *transcript) exec(c *sql.Conn, query string, args ...any) {
	res, err := c.ExecContext(context.Background(), query, args...)
	if err != nil {
		s.note("exec %s %v: %v", query, args, err)
		return
	}
	id, _ := res.LastInsertId()
	n, _ := res.RowsAffected()
	s.note("exec %s %v: id %d, %d rows", query, args, id, n)
}

// sameAsModernc runs steps on a database opened by Connect and on one
// opened by modernc's driver as PocketBase's default opens it, and fails
// where the transcripts differ.
func sameAsModernc(t *testing.T, steps func(s *transcript)) {
	t.Helper()
	kept, err := Connect(filepath.Join(t.TempDir(), "data.db"))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := dbx.Open("sqlite", filepath.Join(t.TempDir(), "data.db")+pragmas)
	if err != nil {
		t.Fatal(err)
	}
	var got [2]string
	for i, db := range []*dbx.DB{kept, plain} {
		a, b := connOf(t, db), connOf(t, db)
		s := &transcript{a: a, b: b}
		// twice: the second time every text has a kept statement
		steps(s)
		steps(s)
		a.Close()
		b.Close()
		db.Close()
		got[i] = strings.Join(s.lines, "\n")
	}
	if got[0] != got[1] {
		t.Errorf("with kept statements:\n%s\n\nwith modernc's driver:\n%s", got[0], got[1])
	}
}

func TestKeptStatementsAnswerAsModerncsDriver(t *testing.T) {
	t.Run("another connection changes the schema under the kept statements", func(t *testing.T) {
		sameAsModernc(t, func(s *transcript) {
			s.exec(s.a, "DROP VIEW IF EXISTS v")
			s.exec(s.a, "DROP TABLE IF EXISTS t")
			s.exec(s.a, "DROP TABLE IF EXISTS f")
			s.exec(s.a, "CREATE TABLE t (id INTEGER PRIMARY KEY, n TEXT, d DATETIME)")
			s.exec(s.a, "INSERT INTO t (n, d) VALUES (?, ?), (?, ?)", "a", "2024-01-02 03:04:05.000Z", "b", nil)
			s.exec(s.a, "CREATE VIEW v AS SELECT id, n FROM t")
			s.exec(s.a, "CREATE VIRTUAL TABLE f USING fts5(body)")
			s.exec(s.a, "INSERT INTO f (rowid, body) VALUES (1, 'hallo welt'), (2, 'guten tag')")
			reads := func() {
				s.query(s.b, "SELECT * FROM t WHERE id >= ?", 1)
				s.query(s.b, "SELECT * FROM v WHERE id >= ?", 1)
				s.query(s.b, "SELECT rowid, * FROM f WHERE f MATCH ?", "hallo")
				s.query(s.b, "SELECT name, type FROM PRAGMA_TABLE_INFO(?)", "t")
				s.query(s.b, "SELECT d, max(d) FROM t")
			}
			reads()
			reads()
			// a field renamed, a view and a search table made anew
			s.exec(s.a, "ALTER TABLE t RENAME COLUMN n TO m")
			s.exec(s.a, "DROP VIEW v")
			s.exec(s.a, "CREATE VIEW v AS SELECT id, m, d, 'x' AS extra FROM t")
			s.exec(s.a, "DROP TABLE f")
			s.exec(s.a, "CREATE VIRTUAL TABLE f USING fts5(title, body)")
			s.exec(s.a, "INSERT INTO f (rowid, title, body) VALUES (5, 'hallo', 'neu')")
			reads()
			// the table dropped, then made again under its name with other types
			s.exec(s.a, "DROP VIEW v")
			s.exec(s.a, "DROP TABLE t")
			reads()
			s.exec(s.a, "CREATE TABLE t (id TEXT PRIMARY KEY, d TEXT, n BLOB)")
			s.exec(s.a, "INSERT INTO t VALUES ('x', '2024-01-02 03:04:05.000Z', x'00ff')")
			s.exec(s.a, "CREATE TABLE v (id, d DATETIME)")
			s.exec(s.a, "INSERT INTO v VALUES (1, '2024-01-02 03:04:05.000Z')")
			reads()
			s.exec(s.a, "DROP TABLE v")
		})
	})

	t.Run("statements that return rows, run by Exec and by Query", func(t *testing.T) {
		sameAsModernc(t, func(s *transcript) {
			s.exec(s.a, "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, n TEXT UNIQUE)")
			s.exec(s.a, "DELETE FROM t")
			s.exec(s.a, "INSERT INTO t (n) VALUES (?), (?) RETURNING id", "a", "b")
			s.query(s.a, "INSERT INTO t (n) VALUES (?), (?) RETURNING id, n", "c", "d")
			s.exec(s.a, "UPDATE t SET n = n || '' WHERE id > ? RETURNING n", 2)
			s.exec(s.a, "INSERT INTO t (n) VALUES (?) RETURNING id", "a") // not unique
			s.exec(s.a, "SELECT * FROM t")
			s.exec(s.a, "PRAGMA table_info(t)")
			s.query(s.a, "PRAGMA table_info(t)")
			// scripts, as migrations send them
			s.exec(s.a, "INSERT INTO t (n) VALUES ('x'); INSERT INTO t (n) VALUES (?)", "y")
			s.query(s.a, "SELECT count(*) FROM t; SELECT n FROM t WHERE id = ?", 1)
			s.query(s.a, "SELECT n FROM t WHERE id = ?; SELECT count(*) FROM t", 1)
			// texts without a statement
			s.query(s.a, "   ")
			s.query(s.a, "-- nothing")
			// arguments missing, named, numbered
			s.query(s.a, "SELECT ?, ?", 1)
			s.query(s.a, "SELECT :a, $b", sql.Named("a", 1))
			s.query(s.a, "SELECT :a, $b", sql.Named("a", 1), sql.Named("b", "two"))
			s.query(s.a, "SELECT ?2, ?1", 1, 2)
			s.query(s.a, "SELECT ?, ?", "x", nil)
			// a query row of many rows
			var n string
			err := s.a.QueryRowContext(context.Background(), "SELECT n FROM t ORDER BY id").Scan(&n)
			s.note("first row %q %v", n, err)
			s.query(s.a, "SELECT n FROM t ORDER BY id")
		})
	})

	t.Run("cancelled, interrupted, busy and rolled back", func(t *testing.T) {
		sameAsModernc(t, func(s *transcript) {
			ctx := context.Background()
			s.exec(s.a, "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, n TEXT UNIQUE)")
			s.exec(s.a, "DELETE FROM t")
			s.exec(s.a, "INSERT INTO t (id, n) VALUES (1, 'a'), (2, 'b'), (3, 'c')")
			s.exec(s.b, "PRAGMA busy_timeout = 20")

			cancelled, cancel := context.WithCancel(ctx)
			cancel()
			_, err := s.b.QueryContext(cancelled, "SELECT n FROM t ORDER BY id")
			s.note("cancelled before: %v", err)
			s.query(s.b, "SELECT n FROM t ORDER BY id")

			const long = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) SELECT count(*) FROM c"
			timeout, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
			err = s.b.QueryRowContext(timeout, long, 1e10).Scan(new(int))
			cancel()
			s.note("interrupted: %v", err)
			s.query(s.b, long, 10)
			timeout, cancel = context.WithTimeout(ctx, 20*time.Millisecond)
			_, err = s.b.ExecContext(timeout, long, 1e10)
			cancel()
			s.note("interrupted exec: %v", err)
			s.query(s.b, long, 10)

			// a holds the write lock: b's write is busy, then goes through
			tx, _ := s.a.BeginTx(ctx, nil)
			tx.Exec("INSERT INTO t (n) VALUES (?)", "locked")
			s.exec(s.b, "INSERT INTO t (n) VALUES (?)", "b")
			tx.Rollback()
			s.exec(s.b, "INSERT INTO t (n) VALUES (?)", "b")

			// a transaction that read before another's write cannot write
			txb, _ := s.b.BeginTx(ctx, nil)
			var count int
			err = txb.QueryRow("SELECT count(*) FROM t WHERE n > ?", "").Scan(&count)
			s.note("read in transaction: %d %v", count, err)
			s.exec(s.a, "INSERT INTO t (n) VALUES (?)", "a2")
			_, err = txb.Exec("INSERT INTO t (n) VALUES (?)", "snapshot")
			s.note("write in transaction: %v", err)
			s.note("rollback: %v", txb.Rollback())
			s.exec(s.b, "INSERT INTO t (n) VALUES (?)", "snapshot")

			// a transaction rolled back while a kept statement's rows are read
			tx, _ = s.a.BeginTx(ctx, nil)
			tx.Exec("INSERT INTO t (n) VALUES (?)", "rolled back")
			rows, err := tx.Query("SELECT n FROM t ORDER BY id")
			if err != nil {
				t.Fatal(err)
			}
			rows.Next()
			s.note("rollback with rows open: %v", tx.Rollback())
			for rows.Next() {
			}
			s.note("the rows after: %v %v", rows.Err(), rows.Close())

			// a table made in a transaction rolled back, then made with other columns
			tx, _ = s.a.BeginTx(ctx, nil)
			tx.Exec("CREATE TABLE z (x)")
			tx.Exec("INSERT INTO z VALUES (1)")
			err = tx.QueryRow("SELECT * FROM z").Scan(new(any))
			s.note("in the transaction: %v", err)
			tx.Rollback()
			s.query(s.a, "SELECT * FROM z")
			s.exec(s.a, "CREATE TABLE z (y, w)")
			s.exec(s.a, "INSERT INTO z VALUES (?, ?)", 2, "w")
			s.query(s.a, "SELECT * FROM z")
			s.query(s.b, "SELECT * FROM z")
			s.exec(s.a, "SAVEPOINT sp")
			s.exec(s.a, "DROP TABLE z")
			s.query(s.a, "SELECT * FROM z")
			s.exec(s.a, "ROLLBACK TO sp")
			s.exec(s.a, "RELEASE sp")
			s.query(s.a, "SELECT * FROM z")
			s.exec(s.a, "DROP TABLE z")
			s.query(s.a, "SELECT n FROM t ORDER BY id")
			s.query(s.b, "SELECT n FROM t ORDER BY id")
		})
	})

	t.Run("VACUUM moves the tables under the kept statements", func(t *testing.T) {
		sameAsModernc(t, func(s *transcript) {
			s.exec(s.a, "DROP TABLE IF EXISTS t2")
			s.exec(s.a, "CREATE TABLE t1 (id INTEGER PRIMARY KEY, n TEXT)")
			s.exec(s.a, "CREATE TABLE t2 (id INTEGER PRIMARY KEY, n TEXT)")
			s.exec(s.a, "CREATE INDEX t2n ON t2 (n)")
			s.exec(s.a, "INSERT INTO t1 (n) SELECT printf('%.500c', 'x') FROM generate_series(1, 200)")
			s.exec(s.a, "INSERT INTO t2 (n) SELECT 'v' || value FROM generate_series(1, 200)")
			s.query(s.b, "SELECT id, n FROM t2 WHERE id = ?", 150)
			s.query(s.b, "SELECT count(*) FROM t2 WHERE n > ?", "v1")
			s.exec(s.a, "DROP TABLE t1")
			s.exec(s.a, "VACUUM")
			s.query(s.b, "SELECT id, n FROM t2 WHERE id = ?", 150)
			s.query(s.b, "SELECT count(*) FROM t2 WHERE n > ?", "v1")
			s.exec(s.b, "INSERT INTO t2 (n) VALUES (?)", "b")
			s.query(s.a, "PRAGMA integrity_check")
		})
	})
}

// openFiles counts the files under dir this process holds open.
func openFiles(t *testing.T, dir string) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip("no /proc/self/fd here:", err)
	}
	n := 0
	for _, fd := range fds {
		if target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); err == nil && strings.HasPrefix(target, dir) {
			n++
		}
	}
	return n
}

// Statements pushed out are finalized, one whose rows are being read
// when they are closed: SQLite closes a connection's file only once all
// its statements are, so one left over would keep the database open.
func TestEvictedStatementsAreFinalized(t *testing.T) {
	dir := t.TempDir()
	db, err := Connect(filepath.Join(dir, "data.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.NewQuery("CREATE TABLE t (id INTEGER PRIMARY KEY, n TEXT)").Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.NewQuery("INSERT INTO t (n) VALUES ('a'), ('b'), ('c')").Execute(); err != nil {
		t.Fatal(err)
	}
	sc, err := db.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sc.ExecContext(ctx, "UPDATE t SET n = n WHERE id = ?", 1); err != nil { // free when pushed out
		t.Fatal(err)
	}
	rows, err := sc.QueryContext(ctx, "SELECT n FROM t ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	rows.Next() // busy when pushed out
	for i := 0; i < StatementsPerConnection; i++ {
		if err := sc.QueryRowContext(ctx, fmt.Sprintf("SELECT n FROM t WHERE id = ? AND %d = %d", i, i), 1).Scan(new(string)); err != nil {
			t.Fatal(err)
		}
	}
	for rows.Next() {
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	sc.Close()
	if openFiles(t, dir) == 0 {
		t.Fatal("the database is not open: the check below would prove nothing")
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if n := openFiles(t, dir); n != 0 {
		t.Fatalf("%d files of the database are still open after it was closed", n)
	}
}

// Goroutines share one transaction: database/sql hands its connection to
// one at a time, reads are cancelled halfway, the same text runs inside
// another's rows.
func TestOneTransactionFromManyGoroutines(t *testing.T) {
	db := open(t)
	tx, err := db.DB().Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 150; i++ {
				ctx, cancel := context.WithCancel(context.Background())
				q := fmt.Sprintf("SELECT id, n FROM t WHERE id >= ? AND %d = %d ORDER BY id", i%(StatementsPerConnection+6), i%(StatementsPerConnection+6))
				stop := (w+i)%3 == 0
				rows, err := tx.QueryContext(ctx, q, 1)
				if err != nil {
					cancel()
					errs <- err
					return
				}
				count := 0
				for rows.Next() {
					count++
					if stop && count == 2 {
						cancel()
					}
					if (w+i)%4 == 0 {
						var n string
						if err := tx.QueryRow(q, 3).Scan(new(int), &n); err != nil || n != "n3" {
							errs <- fmt.Errorf("inside the rows: %q %v", n, err)
						}
					}
				}
				if err := rows.Err(); err != nil && !errors.Is(err, context.Canceled) {
					errs <- err
				}
				rows.Close()
				cancel()
				if !stop && count != 5 {
					errs <- fmt.Errorf("%s: %d rows", q, count)
				}
				if _, err := tx.Exec("UPDATE t SET n = n WHERE id = ?", 1+i%5); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := name(t, tx, 4); got != "n4" {
		t.Fatalf("after: %q", got)
	}
}

// Closing the database while goroutines read: they get errors, nothing
// crashes, and no statement outlives its connection.
func TestClosingTheDatabaseWhileItIsRead(t *testing.T) {
	db := open(t)
	var done, reading sync.WaitGroup
	for w := 0; w < 8; w++ {
		done.Add(1)
		reading.Add(1)
		go func() {
			defer done.Done()
			var once sync.Once
			defer once.Do(reading.Done)
			for i := 0; ; i++ {
				rows, err := db.DB().Query(fmt.Sprintf("SELECT n FROM t WHERE %d = %d ORDER BY id", i%80, i%80))
				if err != nil {
					return // closed
				}
				if i == 10 {
					once.Do(reading.Done)
				}
				for rows.Next() {
					db.DB().QueryRow("SELECT n FROM t WHERE id = ?", 1).Scan(new(string))
				}
				rows.Close()
			}
		}()
	}
	reading.Wait()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	done.Wait()
}
