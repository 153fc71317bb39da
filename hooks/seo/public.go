package seo

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/guestview"
)

// publicRecords returns the records of collection a guest may list (what a
// crawler or a link preview sees), decided by the collection's own list
// rule (so drafts, pending clubs and expired offers never reach a sitemap
// or feed), narrowed by where (trusted, may be nil), ordered by order (SQL
// with qualified columns, e.g. "[[articles.published_at]] DESC") and at
// most limit (0 = all).
func publicRecords(app core.App, collection string, where dbx.Expression, order string, limit int) ([]*core.Record, error) {
	return guestview.List(app, collection, func(q *dbx.SelectQuery) {
		if where != nil {
			q.AndWhere(where)
		}
		if order != "" {
			q.OrderBy(order)
		}
		if limit > 0 {
			q.Limit(int64(limit))
		}
	})
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
	ok, err := guestview.CanView(app, record)
	if err != nil || !ok {
		return nil, err
	}
	return record, nil
}
