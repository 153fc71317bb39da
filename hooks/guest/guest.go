// Package guest answers what someone without a login may see, by the
// collections' own API rules: the calendar feeds, the dates, the search and
// the ranking of opportunities show exactly what a guest could list through
// the API, so a draft, an unpublished event or one of a pending club never
// slips out.
package guest

import (
	"net/http"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
)

// Request is a guest's GET request, as the rules see it.
func Request() *core.RequestInfo {
	return &core.RequestInfo{Context: core.RequestInfoContextDefault, Method: http.MethodGet}
}

// Query starts a query of the records of collection that its list rule
// lets a guest see, with the joins the rule needs; the caller adds its own
// columns, conditions and order. ok is false when the list is for staff
// only. Rules are trusted expressions: like the records API, they may join
// collections the guest could not read directly.
func Query(app core.App, collection string) (q *dbx.SelectQuery, ok bool, err error) {
	coll, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, false, err
	}
	if coll.ListRule == nil {
		return nil, false, nil
	}
	q = app.RecordQuery(coll)
	if *coll.ListRule != "" {
		resolver := core.NewRecordFieldResolver(app, coll, Request(), true)
		expr, err := search.FilterData(*coll.ListRule).BuildExpr(resolver)
		if err != nil {
			return nil, false, err
		}
		q.AndWhere(expr)
		if err := resolver.UpdateQuery(q); err != nil {
			return nil, false, err
		}
	}
	return q, true, nil
}

// List returns the records of collection that its list rule lets a guest
// see; refine (may be nil) narrows, sorts and limits the query further.
func List(app core.App, collection string, refine func(q *dbx.SelectQuery)) ([]*core.Record, error) {
	records := []*core.Record{}
	q, ok, err := Query(app, collection)
	if err != nil || !ok {
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
