package search

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	pbsearch "github.com/pocketbase/pocketbase/tools/search"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/feeds"
)

// Bounds of a query.
const (
	MaxQueryLen    = 200
	MaxPerPage     = 50
	DefaultPerPage = 10
	MaxPage        = 100
	SnippetWidth   = 180
)

// Query is one search.
type Query struct {
	Text       string
	Collection string // "" for all
	Page       int
	PerPage    int
}

// Hit is one found record.
type Hit struct {
	Collection       string `json:"collection"`
	ID               string `json:"id"`
	Title            string `json:"title"`
	HighlightedTitle string `json:"highlighted_title"`
	Snippet          string `json:"snippet"`
	Link             string `json:"link"`
}

// Result is a page of hits, best first.
type Result struct {
	Query      string   `json:"query"`
	Terms      []string `json:"terms"`
	Page       int      `json:"page"`
	PerPage    int      `json:"perPage"`
	TotalItems int      `json:"totalItems"`
	Items      []Hit    `json:"items"`
}

// Error is a query that cannot be run.
type Error struct {
	Code, Message string
}

func (e *Error) Error() string { return e.Message }

func handleSearch(e *core.RequestEvent) error {
	params := e.Request.URL.Query()
	q := Query{Text: params.Get("q"), Collection: params.Get("collection"), Page: 1, PerPage: DefaultPerPage}
	for name, target := range map[string]*int{"page": &q.Page, "perPage": &q.PerPage} {
		if v := params.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return badRequest(e, &Error{"validation_" + name, "„" + name + "“ muss eine ganze Zahl ab 1 sein."})
			}
			*target = n
		}
	}
	result, err := Search(e.App, q, time.Now())
	if qe, ok := err.(*Error); ok {
		return badRequest(e, qe)
	}
	if err != nil {
		return err
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(http.StatusOK, result)
}

func badRequest(e *core.RequestEvent, err *Error) error {
	return e.JSON(http.StatusBadRequest, map[string]any{
		"status": http.StatusBadRequest, "message": err.Message,
		"data": map[string]any{"code": err.Code},
	})
}

// Search runs q as a guest at now: only records a guest may list, events
// only while they have a date to come.
func Search(app core.App, q Query, now time.Time) (*Result, error) {
	if utf8.RuneCountInString(q.Text) > MaxQueryLen {
		return nil, &Error{"validation_query_too_long", "Die Suche ist zu lang (höchstens " + strconv.Itoa(MaxQueryLen) + " Zeichen)."}
	}
	terms := Terms(q.Text)
	if len(terms) == 0 {
		return nil, &Error{"validation_query_too_short", "Bitte geben Sie mindestens ein Wort mit drei Buchstaben ein."}
	}
	collections := Collections()
	if q.Collection != "" {
		if !slices.Contains(collections, q.Collection) {
			return nil, &Error{"validation_collection", "Durchsucht werden können: " + strings.Join(collections, ", ") + "."}
		}
		collections = []string{q.Collection}
	}
	q.PerPage = min(max(q.PerPage, 1), MaxPerPage)
	if q.Page < 1 || q.Page > MaxPage {
		return nil, &Error{"validation_page", "„page“ muss zwischen 1 und " + strconv.Itoa(MaxPage) + " liegen."}
	}

	// one condition per collection: the hit's record passes its list rule as
	// a guest (and, for events, has a date to come)
	params := dbx.Params{"match": MatchExpression(terms)}
	var visible strings.Builder
	visible.WriteString("(CASE " + Table + ".collection")
	for _, name := range collections {
		cond, err := visibleCondition(app, name, now, params)
		if err != nil {
			return nil, err
		}
		visible.WriteString(" WHEN '" + name + "' THEN " + cond)
	}
	visible.WriteString(" ELSE 0 END)")
	where := " FROM " + Table + " WHERE " + Table + " MATCH {:match} AND " + visible.String()

	result := &Result{Query: q.Text, Terms: terms, Page: q.Page, PerPage: q.PerPage, Items: []Hit{}}
	db := app.ConcurrentDB()
	if err := db.NewQuery("SELECT COUNT(*)" + where).Bind(params).Row(&result.TotalItems); err != nil {
		return nil, err
	}
	if result.TotalItems == 0 {
		return result, nil
	}
	var rows []struct {
		Collection string `db:"collection"`
		Record     string `db:"record"`
		Title      string `db:"shown_title"`
		Body       string `db:"shown_body"`
		Link       string `db:"link"`
	}
	params["limit"], params["offset"] = q.PerPage, (q.Page-1)*q.PerPage
	err := db.NewQuery("SELECT collection, record, shown_title, shown_body, link" + where +
		" ORDER BY bm25(" + Table + ", 10.0, 1.0), rowid LIMIT {:limit} OFFSET {:offset}").Bind(params).All(&rows)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		result.Items = append(result.Items, Hit{
			Collection: r.Collection, ID: r.Record, Title: r.Title,
			HighlightedTitle: Highlight(r.Title, terms, 400),
			Snippet:          Highlight(r.Body, terms, SnippetWidth),
			Link:             r.Link,
		})
	}
	return result, nil
}

// visibleCondition is an SQL condition on the current index row: its
// record is one a guest may list. It is the collection's own list rule,
// resolved by PocketBase as for any guest request; its parameters are
// added to params.
func visibleCondition(app core.App, name string, now time.Time, params dbx.Params) (string, error) {
	coll, err := app.FindCachedCollectionByNameOrId(name)
	if err != nil {
		return "", err
	}
	if coll.ListRule == nil {
		return "0", nil // the public may list nothing
	}
	guest := &core.RequestInfo{Context: core.RequestInfoContextDefault, Method: http.MethodGet}
	q := app.RecordQuery(coll).Select("[[" + coll.Name + ".id]]").
		AndWhere(dbx.NewExp("[[" + coll.Name + ".id]] = [[" + Table + ".record]]"))
	resolver := core.NewRecordFieldResolver(app, coll, guest, true)
	if *coll.ListRule != "" {
		expr, err := pbsearch.FilterData(*coll.ListRule).BuildExpr(resolver)
		if err != nil {
			return "", err
		}
		q.AndWhere(expr)
	}
	if name == "events" {
		nowDT, err := types.ParseDateTime(now)
		if err != nil {
			return "", err
		}
		q.AndWhere(feeds.NotEndedBy(coll.Name, "search_now", nowDT.String()))
	}
	if err := resolver.UpdateQuery(q); err != nil {
		return "", err
	}
	built := q.Build()
	for k, v := range built.Params() {
		params[k] = v
	}
	return "EXISTS (" + built.SQL() + ")", nil
}
