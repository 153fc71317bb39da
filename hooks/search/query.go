package search

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/events"
	"ben/hooks/feeds"
	"ben/hooks/guestview"
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
	// kept by the public read cache (hooks/publiccache) until a searched
	// collection is written, at most a second (what is shown depends on
	// the time); it sets Cache-Control and the ETag
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
	if q.Collection != "" && !slices.Contains(Collections(), q.Collection) {
		return nil, &Error{"validation_collection", "Durchsucht werden können: " + strings.Join(Collections(), ", ") + "."}
	}
	q.PerPage = min(max(q.PerPage, 1), MaxPerPage)
	if q.Page < 1 || q.Page > MaxPage {
		return nil, &Error{"validation_page", "„page“ muss zwischen 1 und " + strconv.Itoa(MaxPage) + " liegen."}
	}

	nowDT, err := types.ParseDateTime(now)
	if err != nil {
		return nil, err
	}
	params := dbx.Params{"match": MatchExpression(terms), "now": nowDT.String()}
	where := " FROM " + Table + " JOIN " + DocsTable + " d ON d.id = " + Table + ".rowid" +
		" WHERE " + Table + " MATCH {:match}" +
		" AND (d.visible_from = '' OR d.visible_from <= {:now}) AND (d.visible_until = '' OR d.visible_until >= {:now})"
	if q.Collection != "" {
		where += " AND d.collection = {:collection}"
		params["collection"] = q.Collection
	}

	// one pass ranks every hit and counts them; only the page's ids come back
	result := &Result{Query: q.Text, Terms: terms, Page: q.Page, PerPage: q.PerPage, Items: []Hit{}}
	db := app.ConcurrentDB()
	var ranked []struct {
		ID    int64 `db:"id"`
		Total int   `db:"total"`
	}
	params["limit"], params["offset"] = q.PerPage, (q.Page-1)*q.PerPage
	// (bm25 must be computed where the MATCH is, so the window counts outside)
	err = db.NewQuery("SELECT id, COUNT(*) OVER () AS total FROM (SELECT d.id AS id, bm25(" + Table + ", 10.0, 1.0) AS score" + where +
		") ORDER BY score, id LIMIT {:limit} OFFSET {:offset}").Bind(params).All(&ranked)
	if err != nil {
		return nil, err
	}
	if len(ranked) == 0 {
		if q.Page > 1 {
			err = db.NewQuery("SELECT COUNT(*)" + where).Bind(params).Row(&result.TotalItems)
		}
		return result, err
	}
	result.TotalItems = ranked[0].Total

	ids := make([]any, len(ranked))
	for i, r := range ranked {
		ids[i] = r.ID
	}
	var docs []struct {
		ID         int64  `db:"id"`
		Collection string `db:"collection"`
		Record     string `db:"record"`
		Title      string `db:"shown_title"`
		Body       string `db:"shown_body"`
		Link       string `db:"link"`
	}
	err = db.Select("id", "collection", "record", "shown_title", "shown_body", "link").From(DocsTable).
		Where(dbx.In("id", ids...)).All(&docs)
	if err != nil {
		return nil, err
	}
	byID := map[int64]int{}
	records := map[string][]string{}
	for i, d := range docs {
		byID[d.ID] = i
		records[d.Collection] = append(records[d.Collection], d.Record)
	}
	// the index narrows the search; the collection's rule decides what is shown
	visible := map[string]bool{}
	for coll, recordIDs := range records {
		ok, err := listable(app, coll, recordIDs, now)
		if err != nil {
			return nil, err
		}
		for _, id := range ok {
			visible[coll+"/"+id] = true
		}
	}
	for _, r := range ranked {
		i, found := byID[r.ID]
		if !found {
			continue
		}
		d := docs[i]
		if !visible[d.Collection+"/"+d.Record] {
			result.TotalItems--
			continue
		}
		result.Items = append(result.Items, Hit{
			Collection: d.Collection, ID: d.Record, Title: d.Title,
			HighlightedTitle: Highlight(d.Title, terms, 400),
			Snippet:          Highlight(d.Body, terms, SnippetWidth),
			Link:             d.Link,
		})
	}
	return result, nil
}

// listable returns those of ids of collection name that a guest may list
// at now: the collection's list rule, resolved by PocketBase as for any
// guest request (and, for events, a date still to come).
func listable(app core.App, name string, ids []string, now time.Time) ([]string, error) {
	q, err := guestview.Query(app, name)
	if errors.Is(err, guestview.ErrNotPublic) {
		return nil, nil // the public may list nothing
	}
	if err != nil {
		return nil, err
	}
	anyIDs := make([]any, len(ids))
	for i, id := range ids {
		anyIDs[i] = id
	}
	q.Select("[[" + name + ".id]]").AndWhere(dbx.In(name+".id", anyIDs...))
	if name == events.Collection {
		nowDT, err := types.ParseDateTime(now)
		if err != nil {
			return nil, err
		}
		q.AndWhere(feeds.NotEndedBy(name, "search_now", nowDT.String()))
	}
	var rows []struct {
		ID string `db:"id"`
	}
	if err := q.All(&rows); err != nil {
		return nil, err
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out, nil
}
