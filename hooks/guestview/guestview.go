// Package guestview reads records exactly as a guest of the API sees them:
// through the collection's own list or view rule, evaluated by PocketBase
// for a request without a login. Everything that speaks of "public" records
// (the calendar feeds, the dates, the search, the ranking of opportunities,
// the engagement statistics, the town bulletin, the sitemap and the pages'
// head tags) uses it, so that "public" means the same as in the API, a
// draft, an unpublished event or one of a pending club never slips out,
// and changes to a rule reach them all without a second copy of the rule.
package guestview

import (
	"errors"
	"net/http"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
)

// ErrNotPublic is returned for a collection that guests cannot list at all.
var ErrNotPublic = errors.New("guestview: guests cannot list this collection")

// Request is a guest's GET request, as the rules see it.
func Request() *core.RequestInfo {
	return &core.RequestInfo{Context: core.RequestInfoContextDefault, Method: http.MethodGet,
		Query: map[string]string{}, Headers: map[string]string{}, Body: map[string]any{}}
}

// Query is a select of collection's records restricted by its list rule,
// as evaluated for a guest, with the joins the rule needs. Callers add
// their own conditions, order and columns (qualified with the collection's
// name). Rules are trusted expressions: like the records API, they may join
// collections the guest could not read directly.
func Query(app core.App, collection string) (*dbx.SelectQuery, error) {
	c, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	if c.ListRule == nil {
		return nil, ErrNotPublic
	}
	q := app.RecordQuery(c)
	if *c.ListRule == "" {
		return q, nil
	}
	resolver := core.NewRecordFieldResolver(app, c, Request(), true)
	expr, err := search.FilterData(*c.ListRule).BuildExpr(resolver)
	if err != nil {
		return nil, err
	}
	q.AndWhere(expr)
	if err := resolver.UpdateQuery(q); err != nil {
		return nil, err
	}
	return q, nil
}

// List returns the records of collection that its list rule lets a guest
// see (none when guests cannot list it); refine (may be nil) narrows, sorts
// and limits the query further.
func List(app core.App, collection string, refine func(q *dbx.SelectQuery)) ([]*core.Record, error) {
	records := []*core.Record{}
	q, err := Query(app, collection)
	if errors.Is(err, ErrNotPublic) {
		return records, nil
	}
	if err != nil {
		return records, err
	}
	if refine != nil {
		refine(q)
	}
	err = q.All(&records)
	return records, err
}

// CanView reports whether the view rule of record's collection lets a guest
// see it.
func CanView(app core.App, record *core.Record) (bool, error) {
	return app.CanAccessRecord(record, Request(), record.Collection().ViewRule)
}
