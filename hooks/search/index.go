// Package search is BEN's full-text search: GET /api/ben/search over
// published organisations, upcoming events, open opportunities and
// published articles, ranked, with a highlighted snippet.
//
// The index is an SQLite FTS5 table with the trigram tokenizer over text
// folded for German (see Fold): "Fußball" and "fussball", "Müller" and
// "Mueller" fold alike, and trigrams find any part of a word, so
// "feuerwehr" finds "Jugendfeuerwehr" without a dictionary of compounds.
// Hooks write a record's row in the same transaction as the record;
// `ben search rebuild` writes the whole index anew.
//
// The index holds only fields that a record shows to everyone who may see
// it: never contact persons, e-mail addresses or phone numbers. Who may see
// a record is not decided here: every query checks each hit against its
// collection's list rule, resolved by PocketBase as for a guest (the one
// place the rule lives), so drafts, pending clubs and scheduled news stay
// out whatever the index holds, and a change of a club's status needs no
// re-indexing of its events.
package search

import (
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/feeds"
	"ben/hooks/guard"
)

// Table is the FTS5 table of the index. title and body are indexed
// (folded); the other columns are stored for the answer.
const Table = "ben_search"

// CreateTableSQL creates the index (used by the migration).
const CreateTableSQL = `CREATE VIRTUAL TABLE IF NOT EXISTS ` + Table + ` USING fts5(
	title, body,
	collection UNINDEXED, record UNINDEXED, shown_title UNINDEXED, shown_body UNINDEXED, link UNINDEXED,
	tokenize = 'trigram'
)`

// document is what the index holds of one record.
type document struct {
	title, body string // as shown (plain text)
	link        string // portal path
}

// source says how a collection is indexed.
type source struct {
	collection string
	document   func(r *core.Record) document
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
	}},
	{"events", func(r *core.Record) document {
		return document{r.GetString("title"),
			join(flat(r.GetString("description")), r.GetString("location")),
			"/termine/" + r.Id}
	}},
	{"opportunities", func(r *core.Record) document {
		// never contact_person, contact_email, contact_phone
		return document{r.GetString("title"),
			join(flat(r.GetString("description")), topics(r), r.GetString("schedule"), r.GetString("location")),
			"/mitmachen/" + r.Id}
	}},
	{"articles", func(r *core.Record) document {
		link := "/informationen/" + r.GetString("slug")
		if r.GetString("kind") == "news" {
			link = "/neuigkeiten/" + r.GetString("slug")
		}
		return document{r.GetString("title"),
			join(r.GetString("summary"), flat(r.GetString("body"))),
			link}
	}},
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
		app.OnRecordCreateExecute(s.collection).BindFunc(writeWithIndex)
		app.OnRecordUpdateExecute(s.collection).BindFunc(writeWithIndex)
		app.OnRecordDeleteExecute(s.collection).BindFunc(deleteWithIndex)
	}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/ben/search", handleSearch)
		return se.Next()
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
	_, err := app.NonconcurrentDB().NewQuery("DELETE FROM " + Table + " WHERE collection = {:c} AND record = {:r}").
		Bind(dbx.Params{"c": collection, "r": id}).Execute()
	return err
}

// Index writes the index row of r (replacing the old one).
func Index(app core.App, r *core.Record) error {
	s, ok := sourceOf(r.Collection().Name)
	if !ok {
		return nil
	}
	if err := remove(app, s.collection, r.Id); err != nil {
		return err
	}
	return insert(app, s, r)
}

func insert(app core.App, s source, r *core.Record) error {
	d := s.document(r)
	_, err := app.NonconcurrentDB().Insert(Table, dbx.Params{
		"title": Fold(d.title), "body": Fold(d.body),
		"collection": s.collection, "record": r.Id,
		"shown_title": d.title, "shown_body": d.body, "link": d.link,
	}).Execute()
	return err
}

// Rebuild writes the whole index anew in one transaction; progress, if
// not nil, is told each collection's count.
func Rebuild(app core.App, progress func(collection string, count int)) error {
	return app.RunInTransaction(func(tx core.App) error {
		if _, err := tx.NonconcurrentDB().NewQuery(CreateTableSQL).Execute(); err != nil {
			return err
		}
		if _, err := tx.NonconcurrentDB().NewQuery("DELETE FROM " + Table).Execute(); err != nil {
			return err
		}
		for _, s := range Sources {
			n, err := indexCollection(tx, s)
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
// stays small at any size.
func indexCollection(app core.App, s source) (int, error) {
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
			if err := insert(app, s, r); err != nil {
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
