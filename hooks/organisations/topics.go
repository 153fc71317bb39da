package organisations

import (
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/dispatch"
	"ben/hooks/guard"
	"ben/hooks/publiccache"
)

// Topics is the collection of one row per organisation and topic (topic,
// organisation, name): the organisations of a topic, by name, are one range
// of its index (topic, name) at any size of the directory, where
// organisations?filter=topics ~ '…' reads every organisation's JSON list.
// The rows follow the organisations' topics and names in the same
// transaction as the organisation's write; a row is public while its
// organisation is (the collection's rule), and goes with it (cascade).
const Topics = "organisation_topics"

// msgTopicsDerived refuses a write of a row through the API.
const msgTopicsDerived = "Die Themenliste folgt den Profilen der Organisationen von selbst: Bitte ändern Sie die Themen im Profil der Organisation."

// registerTopics keeps the rows in step and refuses every write of them
// through the API, by superusers too: they are derived, never edited.
func registerTopics(app core.App) {
	dispatch.OnRecordCreateExecute(app, Collection).BindFunc(writeWithTopics)
	dispatch.OnRecordUpdateExecute(app, Collection).BindFunc(writeWithTopics)
	refuse := func(e *core.RecordRequestEvent) error {
		return e.ForbiddenError(msgTopicsDerived, nil)
	}
	dispatch.OnRecordCreateRequest(app, Topics).BindFunc(refuse)
	dispatch.OnRecordUpdateRequest(app, Topics).BindFunc(refuse)
	dispatch.OnRecordDeleteRequest(app, Topics).BindFunc(refuse)
}

// writeWithTopics writes the organisation and its topic rows in one
// transaction.
func writeWithTopics(e *core.RecordEvent) error {
	org := e.Record
	unchanged := !org.IsNew() && org.Original().GetString("name") == org.GetString("name") &&
		slices.Equal(org.Original().GetStringSlice("topics"), org.GetStringSlice("topics"))
	return guard.InTransaction(e, func(tx core.App) error {
		if err := e.Next(); err != nil || unchanged {
			return err
		}
		return writeTopics(tx, org)
	})
}

// writeTopics makes org's rows match its topics and name.
func writeTopics(tx core.App, org *core.Record) error {
	rows, err := tx.FindAllRecords(Topics, dbx.HashExp{"organisation": org.Id})
	if err != nil {
		return err
	}
	wanted := map[string]bool{}
	for _, t := range org.GetStringSlice("topics") {
		wanted[t] = true
	}
	name := org.GetString("name")
	for _, r := range rows {
		topic := r.GetString("topic")
		if !wanted[topic] {
			if err := tx.Delete(r); err != nil {
				return err
			}
			continue
		}
		delete(wanted, topic)
		if r.GetString("name") != name {
			r.Set("name", name)
			if err := tx.Save(r); err != nil {
				return err
			}
		}
	}
	if len(wanted) == 0 {
		return nil
	}
	coll, err := tx.FindCachedCollectionByNameOrId(Topics)
	if err != nil {
		return err
	}
	for _, t := range org.GetStringSlice("topics") { // in the profile's order
		if !wanted[t] {
			continue
		}
		r := core.NewRecord(coll)
		r.Set("topic", t)
		r.Set("organisation", org.Id)
		r.Set("name", name)
		if err := tx.Save(r); err != nil {
			return err
		}
	}
	return nil
}

// WriteAllTopics writes the rows of every organisation anew in one
// transaction: for data written behind the hooks (the test fixture, the
// benchmark's seed, an import).
func WriteAllTopics(app core.App) error {
	return app.RunInTransaction(func(tx core.App) error {
		if _, err := tx.DB().NewQuery("DELETE FROM {{" + Topics + "}}").Execute(); err != nil {
			return err
		}
		_, err := tx.DB().NewQuery(`INSERT INTO {{` + Topics + `}} ([[id]], [[topic]], [[organisation]], [[name]])
			SELECT substr(lower(hex(randomblob(8))), 1, 15), topic, org, name FROM (
				SELECT DISTINCT t.value AS topic, o.id AS org, o.name AS name
				FROM {{` + Collection + `}} o, json_each(CASE WHEN json_valid(o.topics) THEN o.topics ELSE '[]' END) t
				WHERE t.type = 'text' AND t.value != ''
			)`).Execute()
		if err != nil {
			return err
		}
		// written behind the records' hooks: kept answers are dropped once
		// the rows are committed
		publiccache.Changed(tx, Topics)
		return nil
	})
}
