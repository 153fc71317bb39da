package publiccache

import (
	"strings"

	"github.com/ganigeorgiev/fexpr"
	"github.com/pocketbase/pocketbase/core"
)

// graph says which collections' writes can change a guest's answer about a
// collection. It is derived from the schema, never listed by hand, so that
// a new collection is covered the day it is added:
//
//   - a relation field links two collections both ways: the owner's
//     responses show the target when expanded or filtered through
//     ("organisation.status"), the target's show the owner through
//     back-relations ("events_via_organisation"), and BEN's Go hooks read
//     along relations when they enrich a record;
//   - a rule that names another collection ("@collection.x") links the two;
//   - a view collection is linked to every collection its SQL names (any
//     word of the query that is a collection's name, in any case, counts:
//     SQLite's names are case-insensitive, and naming too many only costs
//     kept answers).
//
// Linked collections form groups (the connected parts of that graph); a
// write to a collection invalidates the answers about every collection of
// its group. Expansion and rules go up to six relations deep, so the whole
// group, not only the neighbours, can reach an answer.
type graph struct {
	group map[string]int // collection id and name → group
	// headerBound marks groups whose rules read the request's headers: a
	// guest's answer then depends on more than the address, and is never
	// kept.
	headerBound map[int]bool
	size        int // number of groups

	// the schema, to follow the paths of rules, filters, sorts and
	// expansions (lifetime.go)
	byID   map[string]*core.Collection
	byName map[string]*core.Collection // lower case: SQLite's names are case-insensitive
	// what a guest's answer reads besides the records, by collection id:
	// through its list rule (a list) or its view rule (one record, and
	// every expansion to the collection), and its view query
	listReads, viewReads map[string]reading
}

func buildGraph(collections []*core.Collection) *graph {
	parent := map[string]string{}
	var find func(id string) string
	find = func(id string) string {
		p, ok := parent[id]
		if !ok || p == id {
			parent[id] = id
			return id
		}
		root := find(p)
		parent[id] = root
		return root
	}
	union := func(a, b string) {
		if a == "" || b == "" {
			return
		}
		ra, rb := find(a), find(b)
		if ra != rb {
			parent[ra] = rb
		}
	}
	byName := map[string]string{}
	for _, c := range collections {
		find(c.Id)
		byName[c.Name] = c.Id
	}
	var views []*core.Collection
	for _, c := range collections {
		for _, f := range c.Fields {
			if rel, ok := f.(*core.RelationField); ok {
				union(c.Id, rel.CollectionId)
			}
		}
		for _, rule := range rulesOf(c) {
			for _, id := range identifiers(rule) {
				if name, ok := strings.CutPrefix(id, "@collection."); ok {
					name, _, _ = strings.Cut(name, ".")
					name, _, _ = strings.Cut(name, ":") // "@collection.users:alias"
					if other, ok := byName[name]; ok {
						union(c.Id, other)
					}
				}
			}
		}
		if c.IsView() {
			views = append(views, c)
		}
	}
	for _, v := range views {
		words := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(v.ViewQuery), notNameRune) {
			words[w] = true
		}
		for _, c := range collections {
			if words[strings.ToLower(c.Name)] {
				union(v.Id, c.Id)
			}
		}
	}

	g := &graph{group: map[string]int{}, headerBound: map[int]bool{}}
	number := map[string]int{}
	for _, c := range collections {
		root := find(c.Id)
		n, ok := number[root]
		if !ok {
			n = len(number)
			number[root] = n
		}
		g.group[c.Id] = n
		g.group[c.Name] = n
		for _, rule := range rulesOf(c) {
			for _, id := range identifiers(rule) {
				if strings.HasPrefix(id, "@request.headers") {
					g.headerBound[n] = true
				}
			}
		}
	}
	g.size = len(number)

	g.byID = map[string]*core.Collection{}
	g.byName = map[string]*core.Collection{}
	for _, c := range collections {
		g.byID[c.Id] = c
		g.byName[strings.ToLower(c.Name)] = c
	}
	g.listReads = map[string]reading{}
	g.viewReads = map[string]reading{}
	for _, c := range collections {
		g.listReads[c.Id] = g.ruleReads(c, c.ListRule)
		g.viewReads[c.Id] = g.ruleReads(c, c.ViewRule)
	}
	return g
}

// rulesOf are the rules that decide what a guest reads of c.
func rulesOf(c *core.Collection) []string {
	var out []string
	for _, r := range []*string{c.ListRule, c.ViewRule} {
		if r != nil && *r != "" {
			out = append(out, *r)
		}
	}
	return out
}

// identifiers lists every identifier of a rule or filter as PocketBase's
// filter parser (fexpr) reads it, also inside groups and function calls.
// A rule that does not parse yields what was read before the error:
// PocketBase refuses such a rule anyway.
func identifiers(expr string) []string {
	var out []string
	tokens(expr, func(t fexpr.Token) {
		if t.Type == fexpr.TokenIdentifier {
			out = append(out, t.Literal)
		}
	})
	return out
}

// tokens calls visit with every identifier and function call of expr as
// fexpr scans it, also inside groups and a function's arguments; a
// function is visited before its arguments.
func tokens(expr string, visit func(fexpr.Token)) {
	var walk func(string, int)
	var token func(fexpr.Token, int)
	token = func(t fexpr.Token, depth int) {
		switch t.Type {
		case fexpr.TokenIdentifier:
			visit(t)
		case fexpr.TokenGroup:
			walk(t.Literal, depth+1)
		case fexpr.TokenFunction:
			visit(t)
			if args, ok := t.Meta.([]fexpr.Token); ok {
				for _, a := range args {
					token(a, depth+1)
				}
			}
		}
	}
	walk = func(s string, depth int) {
		if depth > 32 {
			return
		}
		sc := fexpr.NewScanner([]byte(s))
		for {
			t, err := sc.Scan()
			if err != nil || t.Type == fexpr.TokenEOF {
				return
			}
			token(t, depth)
		}
	}
	walk(expr, 0)
}

func notNameRune(r rune) bool {
	return !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
}
