package seo

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
)

// guest is the request of someone who is not logged in: what a crawler or
// a link preview sees.
var guest = &core.RequestInfo{Context: core.RequestInfoContextDefault}

// publicRecords returns the records of collection a guest may list, decided
// by the collection's own list rule (so drafts, pending clubs and expired
// offers never reach a sitemap or feed), narrowed by where (trusted, may be
// nil), ordered by order (SQL with qualified columns, e.g.
// "[[articles.published_at]] DESC") and at most limit (0 = all).
func publicRecords(app core.App, collection string, where dbx.Expression, order string, limit int) ([]*core.Record, error) {
	coll, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	records := []*core.Record{}
	if coll.ListRule == nil {
		return records, nil
	}
	q := app.RecordQuery(coll)
	if *coll.ListRule != "" {
		// rules are trusted expressions: like the records API, they may join
		// collections the requester could not read directly
		resolver := core.NewRecordFieldResolver(app, coll, guest, true)
		expr, err := search.FilterData(*coll.ListRule).BuildExpr(resolver)
		if err != nil {
			return nil, err
		}
		q.AndWhere(expr)
		if err := resolver.UpdateQuery(q); err != nil {
			return nil, err
		}
	}
	if where != nil {
		q.AndWhere(where)
	}
	if order != "" {
		q.OrderBy(order)
	}
	if limit > 0 {
		q.Limit(int64(limit))
	}
	err = q.All(&records)
	return records, err
}

// publicRecord returns the record a guest may view, or nil.
func publicRecord(app core.App, collection string, where dbx.Expression) (*core.Record, error) {
	coll, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	record := &core.Record{}
	if err := app.RecordQuery(coll).AndWhere(where).Limit(1).One(record); err != nil {
		return nil, nil // none: a not-found answer, not a failure
	}
	if coll.ViewRule == nil {
		return nil, nil
	}
	ok, err := app.CanAccessRecord(record, guest, coll.ViewRule)
	if err != nil || !ok {
		return nil, err
	}
	return record, nil
}
