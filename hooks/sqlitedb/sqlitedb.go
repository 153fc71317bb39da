// Package sqlitedb opens BEN's SQLite databases as PocketBase does, with
// one difference: each connection keeps its most recently used prepared
// statements and runs the next query of the same text without parsing and
// planning it again.
//
// PocketBase sends every query as text; the SQLite driver parses and plans
// each one afresh and throws the plan away (parsing alone is about a sixth
// of a card application's CPU time). Most of PocketBase's statements repeat
// exactly: reading a record by id, the INSERT and UPDATE of a collection's
// columns, counting a relation's ids; the values are bound parameters, not
// part of the text. A connection keeps up to StatementsPerConnection of
// them, texts of at most maxKeptBytes together (least recently used out),
// and binds the new values to the kept statement.
//
// A kept statement is only reused when it is free: while the rows of one
// query are still being read, the same text on the same connection (a
// query inside the loop over another's rows, in one transaction) is
// prepared once more for that use. SQLite re-prepares a kept statement by
// itself when the schema has changed since (a migration, a new field).
//
// PocketBase's check of a create rule is kept under a text of its own
// (createcheck.go): its text changes with every request.
package sqlitedb

import (
	"container/list"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"reflect"

	"github.com/pocketbase/dbx"
	_ "modernc.org/sqlite" // registers the driver "sqlite"
)

// StatementsPerConnection bounds the statements a connection keeps.
const StatementsPerConnection = 64

// maxKeptQuery: longer texts (bulk statements, generated lists of ids, a
// guest's long filter) are run once and not kept. PocketBase's repeating
// statements are shorter (a card application's longest, an INSERT of all
// columns, has about 1,000 characters).
const maxKeptQuery = 2 << 10

// maxKeptBytes bounds the texts a connection keeps, and so its memory: a
// prepared statement takes some 10 KB for an ordinary text and up to 70
// bytes per character of one with many parameters (a list of ids), so a
// connection holds well under 1 MB usually and about 3 MB at most.
const maxKeptBytes = 48 << 10

// pragmas are PocketBase's (core.DefaultDBConnect), unchanged.
const pragmas = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=journal_size_limit(200000000)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-32000)"

// Connect opens the database at dbPath as PocketBase's default does, on
// connections that keep their statements. It is a core.DBConnectFunc. To
// dbx (and so to PocketBase) the database is SQLite, with its builder.
func Connect(dbPath string) (*dbx.DB, error) {
	inner, err := registeredDriver()
	if err != nil {
		return nil, err
	}
	return dbx.NewFromDB(sql.OpenDB(connector{dsn: dbPath + pragmas, driver: &keepingDriver{inner: inner}}), "sqlite"), nil
}

// registeredDriver is the driver registered as "sqlite", the one
// PocketBase's default opens: SQL functions, collations and connection
// hooks registered with modernc's package functions are on its
// connections only, not on those of a new sqlite.Driver.
func registeredDriver() (driver.Driver, error) {
	db, err := sql.Open("sqlite", "")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.Driver(), nil
}

// connector opens connections of d to dsn (what sql.Open does for a
// registered driver).
type connector struct {
	dsn    string
	driver driver.Driver
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.driver.Open(c.dsn) }
func (c connector) Driver() driver.Driver                        { return c.driver }

// innerConn is what the wrapped driver's connections can do.
type innerConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.QueryerContext
	driver.ExecerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

type keepingDriver struct{ inner driver.Driver }

func (d *keepingDriver) Open(name string) (driver.Conn, error) {
	c, err := d.inner.Open(name)
	if err != nil {
		return nil, err
	}
	inner, ok := c.(innerConn)
	if !ok {
		c.Close()
		return nil, errors.New("sqlitedb: the SQLite driver's connection lacks a method")
	}
	return &conn{inner: inner, kept: map[string]*list.Element{}, order: list.New()}, nil
}

// keptStmt is one prepared statement of a connection.
type keptStmt struct {
	query   string
	stmt    driver.Stmt
	busy    bool // its rows are being read
	dropped bool // no longer kept: closed once its rows are
}

// conn is one connection with its kept statements. database/sql uses a
// connection from one goroutine at a time, so it needs no lock.
type conn struct {
	inner innerConn
	kept  map[string]*list.Element // of *keptStmt, by query text
	order *list.List               // most recently used first
	bytes int                      // of the kept texts
}

// statement is the free kept statement for query, prepared now if there
// is none; nil when query is not to be kept or its statement is busy.
func (c *conn) statement(ctx context.Context, query string) (*keptStmt, error) {
	if len(query) > maxKeptQuery {
		return nil, nil
	}
	if el, ok := c.kept[query]; ok {
		k := el.Value.(*keptStmt)
		if k.busy {
			return nil, nil
		}
		c.order.MoveToFront(el)
		return k, nil
	}
	stmt, err := c.inner.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	k := &keptStmt{query: query, stmt: stmt}
	c.kept[query] = c.order.PushFront(k)
	c.bytes += len(query)
	for c.order.Len() > StatementsPerConnection || c.bytes > maxKeptBytes {
		c.drop(c.order.Back())
	}
	return k, nil
}

// drop stops keeping a statement; a busy one is closed with its rows.
func (c *conn) drop(el *list.Element) {
	k := el.Value.(*keptStmt)
	c.order.Remove(el)
	delete(c.kept, k.query)
	c.bytes -= len(k.query)
	k.dropped = true
	if !k.busy {
		k.stmt.Close()
	}
}

// prepared is the kept statement for query, which is run with args;
// PocketBase's create check is kept under its own text (createCheck), with
// its values in that text's order. k is nil when the query is not kept.
func (c *conn) prepared(ctx context.Context, query string, args []driver.NamedValue) (*keptStmt, string, []driver.NamedValue, error) {
	if q, a, ok := createCheck(query, args); ok {
		query, args = q, a
	}
	k, err := c.statement(ctx, query)
	return k, query, args, err
}

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	k, query, args, err := c.prepared(ctx, query, args)
	if err != nil {
		return nil, err
	}
	if k == nil {
		return c.inner.QueryContext(ctx, query, args)
	}
	rows, err := k.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	k.busy = true
	return &keptRows{Rows: rows, stmt: k}, nil
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	k, query, args, err := c.prepared(ctx, query, args)
	if err != nil {
		return nil, err
	}
	if k == nil {
		return c.inner.ExecContext(ctx, query, args)
	}
	return k.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (c *conn) Close() error {
	for el := c.order.Front(); el != nil; el = el.Next() {
		el.Value.(*keptStmt).stmt.Close()
	}
	clear(c.kept)
	c.order.Init()
	c.bytes = 0
	return c.inner.Close()
}

func (c *conn) Prepare(query string) (driver.Stmt, error) { return c.inner.Prepare(query) }
func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.inner.PrepareContext(ctx, query)
}
func (c *conn) Begin() (driver.Tx, error) {
	return c.inner.BeginTx(context.Background(), driver.TxOptions{})
}
func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.inner.BeginTx(ctx, opts)
}
func (c *conn) Ping(ctx context.Context) error         { return c.inner.Ping(ctx) }
func (c *conn) ResetSession(ctx context.Context) error { return c.inner.ResetSession(ctx) }
func (c *conn) IsValid() bool                          { return c.inner.IsValid() }

// keptRows are the rows of a kept statement, which is free again when
// they are closed.
type keptRows struct {
	driver.Rows
	stmt *keptStmt
}

func (r *keptRows) Close() error {
	err := r.Rows.Close()
	r.stmt.busy = false
	if r.stmt.dropped {
		r.stmt.stmt.Close()
	}
	return err
}

// The driver's optional column information, passed through.

func (r *keptRows) ColumnTypeDatabaseTypeName(index int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(index)
	}
	return ""
}

func (r *keptRows) ColumnTypeLength(index int) (int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(index)
	}
	return 0, false
}

func (r *keptRows) ColumnTypeNullable(index int) (bool, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(index)
	}
	return false, false
}

func (r *keptRows) ColumnTypePrecisionScale(index int) (int64, int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypePrecisionScale); ok {
		return t.ColumnTypePrecisionScale(index)
	}
	return 0, 0, false
}

func (r *keptRows) ColumnTypeScanType(index int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(index)
	}
	return reflect.TypeFor[any]()
}
