package publiccache

import (
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/ganigeorgiev/fexpr"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
)

// How long an answer of the records API is kept depends on what it reads
// besides the records. PocketBase computes a guest's answer about a
// collection from:
//
//   - the collection's list rule (a list) or view rule (one record), with
//     the collections the rule reaches through relations, back-relations
//     and @collection (their own rules are not applied);
//   - the request's filter and sort, and the list rule of every
//     collection they reach (PocketBase applies it to a guest's joins);
//   - the view rule of every collection the request expands, at every
//     level;
//   - the query of every view collection among these.
//
// The answer can change while nothing is written only where one of these
// reads the clock: a date macro (@now, @second, @todayStart, @yesterday,
// @month …: every identifier that begins with "@" other than @request and
// @collection, so that a macro added to PocketBase later counts too),
// strftime without a time value or with 'now', a view query that calls a
// date function or names now, or a random order (sort=@random). Such an
// answer is kept for MaxAge; any other until a write invalidates it, at
// most UntilWrittenMaxAge. Rules and filters are read as PocketBase parses
// them (fexpr, and its own sort parser), never as text.
//
// BEN's own hooks that enrich records (OnRecordEnrich) read no clock; one
// that did would have to be judged here too. JS hooks are told so in
// pb_hooks/README.md.
//
// An answer whose filter, sort or rules read the request's headers or body
// (@request.headers, @request.body) differs between guests who ask at the
// same address: it is not kept at all.

// reading is what an answer reads besides the records.
type reading struct {
	clock    bool // the time, or a random order
	personal bool // the request's headers or body
}

func (r *reading) add(o reading) {
	r.clock = r.clock || o.clock
	r.personal = r.personal || o.personal
}

// lifetime says how long a guest's answer about collection (id or name;
// one record when view) to the query may be kept; keep is false when it
// must not be kept.
func (g *graph) lifetime(collection string, view bool, q url.Values) (d time.Duration, keep bool) {
	r, ok := g.answerReads(collection, view, q)
	if !ok || r.personal {
		return 0, false
	}
	if r.clock {
		return MaxAge, true
	}
	return UntilWrittenMaxAge, true
}

// answerReads is what a guest's answer reads; ok is false when the
// collection is not known (PocketBase answers 404: nothing to keep).
func (g *graph) answerReads(collection string, view bool, q url.Values) (r reading, ok bool) {
	base := g.collection(collection)
	if base == nil {
		return r, false
	}
	if view {
		r = g.viewReads[base.Id]
	} else {
		r = g.listReads[base.Id]
	}
	// PocketBase reads the first value of each; all are judged, so that
	// an answer is never kept on the strength of a value it ignored
	for _, filter := range q["filter"] {
		r.add(g.exprReads(base, filter, true))
	}
	for _, sort := range q["sort"] {
		for _, field := range search.ParseSortFromString(sort) {
			switch field.Name {
			case "@random":
				r.clock = true
			case "@rowid":
			default:
				r.add(g.identifierReads(base, field.Name, true))
			}
		}
	}
	for _, expand := range q["expand"] {
		for _, path := range strings.Split(expand, ",") {
			for _, c := range g.expansion(base, strings.TrimSpace(path)) {
				r.add(g.viewReads[c.Id])
			}
		}
	}
	return r, true
}

func (g *graph) collection(nameOrID string) *core.Collection {
	if c, ok := g.byID[nameOrID]; ok {
		return c
	}
	return g.byName[strings.ToLower(nameOrID)]
}

// ruleReads is what rule (nil: superusers only) of c reads.
func (g *graph) ruleReads(c *core.Collection, rule *string) reading {
	var r reading
	if c.IsView() && viewReadsClock(c.ViewQuery) {
		r.clock = true
	}
	if rule != nil {
		r.add(g.exprReads(c, *rule, false))
	}
	return r
}

// exprReads is what the rule or filter expr over base reads. In a guest's
// filter (clientFilter) every collection the expression reaches brings its
// list rule along; in a rule it does not.
func (g *graph) exprReads(base *core.Collection, expr string, clientFilter bool) reading {
	var r reading
	tokens(expr, func(t fexpr.Token) {
		switch t.Type {
		case fexpr.TokenIdentifier:
			r.add(g.identifierReads(base, t.Literal, clientFilter))
		case fexpr.TokenFunction:
			if t.Literal == "strftime" && strftimeReadsClock(t) {
				r.clock = true
			}
		}
	})
	return r
}

// strftimeReadsClock: PocketBase's strftime(format[, time[, modifiers…]])
// is SQLite's, which reads the clock without a time value or with 'now'.
func strftimeReadsClock(t fexpr.Token) bool {
	args, _ := t.Meta.([]fexpr.Token)
	if len(args) < 2 {
		return true
	}
	return args[1].Type == fexpr.TokenText && strings.EqualFold(strings.TrimSpace(args[1].Literal), "now")
}

// identifierReads is what one identifier of a rule, filter or sort over
// base reads.
func (g *graph) identifierReads(base *core.Collection, id string, clientFilter bool) reading {
	var r reading
	switch {
	case strings.HasPrefix(id, "@request."):
		if strings.HasPrefix(id, "@request.headers") || strings.HasPrefix(id, "@request.body") {
			r.personal = true
		}
		// @request.auth is nobody for a guest; @request.query is part of
		// the address, @request.method and @request.context are the same
		// for every guest's GET
		return r
	case strings.HasPrefix(id, "@") && !strings.HasPrefix(id, "@collection."):
		r.clock = true // a date macro
		return r
	}
	reached, ok := g.reach(base, id)
	if !ok {
		r.clock = true // a path this schema cannot follow: assume the worst
	}
	for _, c := range reached {
		if clientFilter {
			r.add(g.listReads[c.Id])
		} else if c.IsView() && viewReadsClock(c.ViewQuery) {
			r.clock = true
		}
	}
	return r
}

// backRelation is PocketBase's "<collection>_via_<relation field>".
var backRelation = regexp.MustCompile(`^(\w+)_via_(\w+)$`)

// reach follows the field path id ("organisation.status",
// "events_via_organisation.title", "@collection.office.body_name",
// "topics:each") from base and returns the collections it joins. ok is
// false when a collection it names does not exist (PocketBase refuses such
// a path).
func (g *graph) reach(base *core.Collection, id string) (joined []*core.Collection, ok bool) {
	parts := strings.Split(id, ".")
	current := base
	if parts[0] == "@collection" {
		if len(parts) < 2 {
			return nil, false
		}
		name, _, _ := strings.Cut(parts[1], ":") // "@collection.users:alias"
		current = g.byName[strings.ToLower(name)]
		if current == nil {
			return nil, false
		}
		joined = append(joined, current)
		parts = parts[2:]
	}
	for i, part := range parts {
		name, _, _ := strings.Cut(part, ":") // modifiers: ":each", ":lower", ":length" …
		field := current.Fields.GetByName(name)
		if field == nil {
			m := backRelation.FindStringSubmatch(name)
			if m == nil {
				return joined, true // not a field: PocketBase refuses it or reads no other collection
			}
			current = g.byName[strings.ToLower(m[1])]
			if current == nil {
				return joined, false
			}
			joined = append(joined, current)
			continue
		}
		rel, isRelation := field.(*core.RelationField)
		if !isRelation || i == len(parts)-1 {
			return joined, true // a value of this collection (or the related ids themselves)
		}
		current = g.byID[rel.CollectionId]
		if current == nil {
			return joined, false
		}
		joined = append(joined, current)
	}
	return joined, true
}

// expansion returns the collections an expand path ("organisation",
// "events_via_organisation.organisation") shows, in order; it stops where
// PocketBase's expansion would find nothing to expand.
func (g *graph) expansion(base *core.Collection, path string) []*core.Collection {
	var out []*core.Collection
	current := base
	for _, part := range strings.Split(path, ".") {
		part = strings.TrimSpace(part)
		if rel, ok := current.Fields.GetByName(part).(*core.RelationField); ok {
			current = g.byID[rel.CollectionId]
		} else if m := backRelation.FindStringSubmatch(part); m != nil {
			current = g.byName[strings.ToLower(m[1])]
		} else {
			return out
		}
		if current == nil {
			return out
		}
		out = append(out, current)
	}
	return out
}

// clockWords are the words of a view query that make SQLite read the
// clock or draw a random number. A date function over a column does not,
// but telling the two apart means parsing SQLite's SQL: any date function
// counts, which only shortens how long the answers of such a view are kept.
var clockWords = map[string]bool{
	"now": true, "current_date": true, "current_time": true, "current_timestamp": true,
	"date": true, "time": true, "datetime": true, "julianday": true, "unixepoch": true,
	"strftime": true, "timediff": true, "random": true, "randomblob": true,
}

func viewReadsClock(query string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(query), notNameRune) {
		if clockWords[w] {
			return true
		}
	}
	return false
}
