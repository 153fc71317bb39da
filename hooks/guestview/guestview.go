// Package guestview reads records exactly as a guest of the API sees them:
// through the collection's own list rule, evaluated by PocketBase for a
// request without a login. Figures and exports that speak of "public"
// records (the engagement statistics, the town bulletin) use it, so that
// "public" means the same as in the API, and changes to a list rule reach
// them without a second copy of the rule.
package guestview

import (
	"errors"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
)

// ErrNotPublic is returned for a collection that guests cannot list at all.
var ErrNotPublic = errors.New("guestview: guests cannot list this collection")

// Query is a select of collection's records restricted by its list rule,
// as evaluated for a guest. Callers add their own conditions, order and
// columns (qualified with the collection's name).
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
	guest := &core.RequestInfo{Context: core.RequestInfoContextDefault, Method: "GET", Query: map[string]string{}, Headers: map[string]string{}, Body: map[string]any{}}
	resolver := core.NewRecordFieldResolver(app, c, guest, true)
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
