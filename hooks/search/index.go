// Package search is BEN's full-text search: GET /api/ben/search over
// published organisations, upcoming events, open opportunities and
// published articles, ranked (bm25, titles weigh more), with a highlighted
// snippet.
//
// Text is folded for German before it is indexed and searched (see Fold):
// "Fußball" and "fussball", "Müller" and "Mueller" fold alike. Every word
// is indexed with all its endings of three letters or more
// ("jugendfeuerwehr", "ugendfeuerwehr", …, "feuerwehr", …), and each
// searched word is a prefix query, so a word is found anywhere inside
// another ("feuerwehr" in "Jugendfeuerwehr") without a dictionary of
// compounds. Unlike SQLite's trigram tokenizer, a searched word is one
// token to look up, not six to intersect position by position, which keeps
// a frequent word fast at 200,000 events.
//
// The index is two tables: the FTS5 table ben_search (contentless, only the
// expanded words) and ben_search_docs (what a hit shows, and when it may be
// shown). Hooks write both in the same transaction as the record;
// `ben search rebuild` writes them anew, and a nightly job drops the rows
// of events that have ended.
//
// The index holds only fields that a record shows to everyone who may see
// it (never contact persons, e-mail addresses or phone numbers), and only
// records a guest could list now or later (published, of a published
// club). That keeps it small and fast; it does not decide who sees what:
// every hit on a page is checked against its collection's list rule,
// resolved by PocketBase as for a guest, before it is shown.
package search

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/dispatch"
	"ben/hooks/feeds"
	"ben/hooks/guard"
	"ben/hooks/publiccache"
)

// Tables of the index.
const (
	Table     = "ben_search"      // FTS5, rowid = DocsTable.id
	DocsTable = "ben_search_docs" // collection, record, visibility window, shown text
)

// CreateTablesSQL creates the index (used by the migration and Rebuild).
var CreateTablesSQL = []string{
	`CREATE VIRTUAL TABLE IF NOT EXISTS ` + Table + ` USING fts5(title, body,
		content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0')`,
	// the columns a query filters on come first; the shown text is read
	// only for the hits of one page
	`CREATE TABLE IF NOT EXISTS ` + DocsTable + ` (
		id INTEGER PRIMARY KEY,
		collection TEXT NOT NULL,
		record TEXT NOT NULL,
		visible_from TEXT NOT NULL DEFAULT '',
		visible_until TEXT NOT NULL DEFAULT '',
		link TEXT NOT NULL DEFAULT '',
		shown_title TEXT NOT NULL DEFAULT '',
		shown_body TEXT NOT NULL DEFAULT ''
	)`,
	`CREATE UNIQUE INDEX IF NOT EXISTS idx_ben_search_docs_record ON ` + DocsTable + ` (record, collection)`,
}

// document is what the index holds of one record.
type document struct {
	title, body string // as shown (plain text)
	link        string // portal path
}

// source says how a collection is indexed: the document of a record, and
// the window in which a guest could list it ("" = open); ok is false for a
// record no guest can list in its present state (a draft, a pending
// club's), which stays out of the index until it changes.
type source struct {
	collection string
	document   func(r *core.Record) document
	window     func(app core.App, r *core.Record) (from, until string, ok bool, err error)
}

// topicLabels are the German names of the organisations' topics, so that
// "Rettung" finds the clubs with the topic "rettung" and "Feuerwehr" the
// topic's label.
var topicLabels = map[string]string{
	"gesundheit": "Gesundheit", "jugend": "Jugend", "senioren": "Senioren", "migration": "Migration",
	"kultur": "Kultur", "sport": "Sport", "umwelt": "Umwelt", "soziales": "Soziales", "bildung": "Bildung",
	"rettung": "Rettung Feuerwehr", "kirche": "Kirche", "tiere": "Tiere", "inklusion": "Inklusion",
	"nachbarschaft": "Nachbarschaft",
}

func topics(r *core.Record) string {
	var labels []string
	for _, t := range r.GetStringSlice("topics") {
		if l, ok := topicLabels[t]; ok {
			labels = append(labels, l)
		}
	}
	return strings.Join(labels, ", ")
}

func join(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " · ")
}

func flat(htmlText string) string {
	return strings.Join(strings.Fields(feeds.PlainText(htmlText)), " ")
}

// Sources are the indexed collections, in the order results of equal rank
// are listed.
var Sources = []source{
	{"organisations", func(r *core.Record) document {
		// never contact_name, email, phone: they are private unless the club
		// says otherwise, and the index does not follow that switch
		return document{r.GetString("name"),
			join(flat(r.GetString("description")), topics(r), r.GetString("meeting_times")),
			"/vereine/" + r.GetString("slug")}
	}, func(app core.App, r *core.Record) (string, string, bool, error) {
		return "", "", r.GetString("status") == "published", nil
	}},
	{"events", func(r *core.Record) document {
		return document{r.GetString("title"),
			join(flat(r.GetString("description")), r.GetString("location")),
			"/termine/" + r.Id}
	}, func(app core.App, r *core.Record) (string, string, bool, error) {
		ok, err := publishedOrganisation(app, r.GetString("organisation"), true)
		if err != nil || !ok || !r.GetBool("published") {
			return "", "", false, err
		}
		until := r.GetDateTime("ends_at").String()
		if r.GetString("rrule") != "" {
			until = r.GetDateTime("series_ends_at").String() // "" for a series without end
		}
		return "", until, true, nil
	}},
	{"opportunities", func(r *core.Record) document {
		// never contact_person, contact_email, contact_phone
		return document{r.GetString("title"),
			join(flat(r.GetString("description")), topics(r), r.GetString("schedule"), r.GetString("location")),
			"/mitmachen/" + r.Id}
	}, func(app core.App, r *core.Record) (string, string, bool, error) {
		ok, err := publishedOrganisation(app, r.GetString("organisation"), false)
		if err != nil || !ok || r.GetString("status") != "published" {
			return "", "", false, err
		}
		return "", r.GetDateTime("published_until").String(), true, nil
	}},
	{"articles", func(r *core.Record) document {
		link := "/informationen/" + r.GetString("slug")
		if r.GetString("kind") == "news" {
			link = "/neuigkeiten/" + r.GetString("slug")
		}
		return document{r.GetString("title"),
			join(r.GetString("summary"), flat(r.GetString("body"))),
			link}
	}, func(app core.App, r *core.Record) (string, string, bool, error) {
		from := r.GetDateTime("published_at").String()
		return from, "", r.GetBool("published") && from != "", nil
	}},
}

// publishedOrganisation tells whether the organisation id is published;
// an empty id (the office's own) counts as published where officeOK.
func publishedOrganisation(app core.App, id string, officeOK bool) (bool, error) {
	if id == "" {
		return officeOK, nil
	}
	var status string
	err := app.NonconcurrentDB().Select("status").From("organisations").
		Where(dbx.HashExp{"id": id}).Row(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return status == "published", err
}

func sourceOf(collection string) (source, bool) {
	for _, s := range Sources {
		if s.collection == collection {
			return s, true
		}
	}
	return source{}, false
}

// Register binds the index upkeep and GET /api/ben/search to app.
func Register(app core.App) {
	for _, s := range Sources {
		dispatch.OnRecordCreateExecute(app, s.collection).BindFunc(writeWithIndex)
		dispatch.OnRecordUpdateExecute(app, s.collection).BindFunc(writeWithIndex)
		dispatch.OnRecordDeleteExecute(app, s.collection).BindFunc(deleteWithIndex)
	}
	// a club's events and opportunities are listed only while the club is
	// published: when its status changes, they are indexed anew
	dispatch.OnRecordUpdateExecute(app, "organisations").BindFunc(func(e *core.RecordEvent) error {
		return guard.InTransaction(e, func(tx core.App) error {
			if err := e.Next(); err != nil {
				return err
			}
			if e.Record.Original().GetString("status") == e.Record.GetString("status") {
				return nil
			}
			return indexChildren(tx, e.Record.Id)
		})
	})
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/ben/search", handleSearch)
		return se.Next()
	})
	// ended events only weigh on the index: drop them every night
	app.Cron().MustAdd("ben_search_prune", "40 3 * * *", func() {
		if err := Prune(app, time.Now()); err != nil {
			app.Logger().Error("search: pruning the index failed", "error", err.Error())
		}
	})
}

// indexChildren indexes the events and opportunities of organisation id.
func indexChildren(app core.App, id string) error {
	for _, coll := range []string{"events", "opportunities"} {
		list, err := app.FindAllRecords(coll, dbx.HashExp{"organisation": id})
		if err != nil {
			return err
		}
		for _, r := range list {
			if err := Index(app, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// Prune removes the rows whose window ended before now.
func Prune(app core.App, now time.Time) error {
	nowDT, err := types.ParseDateTime(now)
	if err != nil {
		return err
	}
	return app.RunInTransaction(func(tx core.App) error {
		// the rows are deleted behind the records' hooks: kept searches
		// are dropped once that is committed (the query skips these rows
		// anyway; no answer should rest on that)
		publiccache.Changed(tx, Collections()...)
		db := tx.NonconcurrentDB()
		params := dbx.Params{"now": nowDT.String()}
		_, err := db.NewQuery("DELETE FROM " + Table + " WHERE rowid IN (SELECT id FROM " + DocsTable +
			" WHERE visible_until != '' AND visible_until < {:now})").Bind(params).Execute()
		if err != nil {
			return err
		}
		_, err = db.NewQuery("DELETE FROM " + DocsTable + " WHERE visible_until != '' AND visible_until < {:now}").Bind(params).Execute()
		return err
	})
}

// writeWithIndex writes the record and its index row in one transaction.
func writeWithIndex(e *core.RecordEvent) error {
	return guard.InTransaction(e, func(tx core.App) error {
		if err := e.Next(); err != nil {
			return err
		}
		return Index(tx, e.Record)
	})
}

func deleteWithIndex(e *core.RecordEvent) error {
	return guard.InTransaction(e, func(tx core.App) error {
		if err := e.Next(); err != nil {
			return err
		}
		return remove(tx, e.Record.Collection().Name, e.Record.Id)
	})
}

func remove(app core.App, collection, id string) error {
	db := app.NonconcurrentDB()
	var docID int64
	err := db.Select("id").From(DocsTable).Where(dbx.HashExp{"record": id, "collection": collection}).Row(&docID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := db.NewQuery("DELETE FROM " + Table + " WHERE rowid = {:id}").Bind(dbx.Params{"id": docID}).Execute(); err != nil {
		return err
	}
	_, err = db.Delete(DocsTable, dbx.HashExp{"id": docID}).Execute()
	return err
}

// Index writes the index rows of r anew: none when no guest could list it,
// or its time has passed.
func Index(app core.App, r *core.Record) error {
	s, ok := sourceOf(r.Collection().Name)
	if !ok {
		return nil
	}
	if err := remove(app, s.collection, r.Id); err != nil {
		return err
	}
	return insert(app, s, r, time.Now())
}

func insert(app core.App, s source, r *core.Record, now time.Time) error {
	from, until, listed, err := s.window(app, r)
	if err != nil || !listed {
		return err
	}
	if until != "" {
		if end, err := types.ParseDateTime(until); err == nil && end.Time().Before(now) {
			return nil // over: nobody will find it
		}
	}
	d := s.document(r)
	db := app.NonconcurrentDB()
	res, err := db.Insert(DocsTable, dbx.Params{
		"collection": s.collection, "record": r.Id, "visible_from": from, "visible_until": until,
		"link": d.link, "shown_title": d.title, "shown_body": d.body,
	}).Execute()
	if err != nil {
		return err
	}
	docID, err := res.LastInsertId()
	if err != nil {
		return err
	}
	_, err = db.NewQuery("INSERT INTO " + Table + " (rowid, title, body) VALUES ({:id}, {:title}, {:body})").
		Bind(dbx.Params{"id": docID, "title": Words(d.title), "body": Words(d.body)}).Execute()
	return err
}

// Rebuild writes the whole index anew in one transaction; progress, if
// not nil, is told each collection's count.
func Rebuild(app core.App, progress func(collection string, count int)) error {
	now := time.Now()
	return app.RunInTransaction(func(tx core.App) error {
		// written behind the records' hooks: kept searches are dropped
		// once the new index is committed
		publiccache.Changed(tx, Collections()...)
		db := tx.NonconcurrentDB()
		for _, stmt := range []string{"DROP TABLE IF EXISTS " + Table, "DROP TABLE IF EXISTS " + DocsTable} {
			if _, err := db.NewQuery(stmt).Execute(); err != nil {
				return err
			}
		}
		for _, stmt := range CreateTablesSQL {
			if _, err := db.NewQuery(stmt).Execute(); err != nil {
				return err
			}
		}
		for _, s := range Sources {
			n, err := indexCollection(tx, s, now)
			if err != nil {
				return fmt.Errorf("%s: %w", s.collection, err)
			}
			if progress != nil {
				progress(s.collection, n)
			}
		}
		return nil
	})
}

// indexCollection indexes every record of s in batches, so that memory
// stays small at any size, and counts the records it looked at.
func indexCollection(app core.App, s source, now time.Time) (int, error) {
	const batch = 1000
	last, n := "", 0
	for {
		var list []*core.Record
		err := app.RecordQuery(s.collection).
			AndWhere(dbx.NewExp("id > {:last}", dbx.Params{"last": last})).
			OrderBy("id").Limit(batch).All(&list)
		if err != nil {
			return n, err
		}
		for _, r := range list {
			if err := insert(app, s, r, now); err != nil {
				return n, err
			}
		}
		n += len(list)
		if len(list) < batch {
			return n, nil
		}
		last = list[len(list)-1].Id
	}
}

// Collections names the searched collections.
func Collections() []string {
	names := make([]string, len(Sources))
	for i, s := range Sources {
		names[i] = s.collection
	}
	return names
}
