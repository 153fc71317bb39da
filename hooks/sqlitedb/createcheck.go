package sqlitedb

import (
	"database/sql/driver"
	"slices"
	"strings"
)

// PocketBase checks a create rule (and an auth collection's manage rule)
// against the record to be created with a query of its own kind:
//
//	WITH `events__pb_create__Xy12Ab` as (SELECT ? AS `title`,? AS `id`,…)
//	SELECT DISTINCT (1) FROM `events__pb_create__Xy12Ab` … WHERE <rule> LIMIT 1
//
// The name carries six random characters, and the columns come in the
// order of a Go map, so the text is new for every request: SQLite parsed
// and planned it each time (for an engagement about 0.15 ms, two of them
// per card application). The query means the same with any other name for
// that table and with its columns in any order, so a connection keeps it
// under one text per collection and rule: the name with fixed characters
// and the columns sorted, their values bound in the new order.

// createMarker is what PocketBase puts between the collection's name and
// the random characters.
const createMarker = "__pb_create__"

// randomLen is the number of random characters after createMarker.
const randomLen = 6

// fixedRandom replaces them.
const fixedRandom = "BENfix"

// createCheck is query as kept, with args in its order; ok is false for
// every query that is not PocketBase's rule check as described above,
// which is then run as it is.
func createCheck(query string, args []driver.NamedValue) (string, []driver.NamedValue, bool) {
	const head = "WITH `"
	if !strings.HasPrefix(query, head) {
		return "", nil, false
	}
	end := strings.IndexByte(query[len(head):], '`')
	if end < 0 {
		return "", nil, false
	}
	name := query[len(head) : len(head)+end]
	at := strings.Index(name, createMarker)
	if at <= 0 || len(name) != at+len(createMarker)+randomLen || !word(name) {
		return "", nil, false
	}
	token := name[at:] // "__pb_create__" and the random characters
	rest := query[len(head)+end:]
	const open = "` as (SELECT "
	if !strings.HasPrefix(rest, open) {
		return "", nil, false
	}
	rest = rest[len(open):]

	// the columns: "? AS `col`" separated by commas, up to ")"
	var columns []string
	for {
		const item = "? AS `"
		if !strings.HasPrefix(rest, item) {
			return "", nil, false
		}
		rest = rest[len(item):]
		e := strings.IndexByte(rest, '`')
		if e <= 0 || !word(rest[:e]) {
			return "", nil, false
		}
		columns = append(columns, rest[:e])
		rest = rest[e+1:]
		if strings.HasPrefix(rest, ",") {
			rest = rest[1:]
			continue
		}
		if strings.HasPrefix(rest, ") ") {
			break
		}
		return "", nil, false
	}
	if len(args) < len(columns) {
		return "", nil, false
	}
	for _, a := range args {
		if a.Name != "" {
			return "", nil, false
		}
	}

	// the random name may only stand in names PocketBase derived from it:
	// the table's and its joins' (`name`, `name_field`), never in a
	// column's (`name`.`name`: a field so named when the random characters
	// match it; the list of columns above is not renamed); nothing else may
	// carry the fixed characters, in any case: SQLite matches names
	// regardless of case, so the check's table under its kept name would
	// hide a collection so named (`events__PB_create__benfix`) from the rule
	fixed := createMarker + fixedRandom
	if token != fixed && holdsFixed(query) {
		return "", nil, false
	}
	for i := 0; ; {
		j := strings.Index(query[i:], token)
		if j < 0 {
			break
		}
		j += i
		start := strings.LastIndexByte(query[:j], '`')
		if start < 0 || strings.Count(query[:start], "`")%2 != 0 || start > 0 && query[start-1] == '.' ||
			query[start+1:j] != name[:at] || !derived(query[j+len(token):]) {
			return "", nil, false
		}
		i = j + len(token)
	}

	order := make([]int, len(columns))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(columns[a], columns[b]) })
	for i := 1; i < len(order); i++ {
		if columns[order[i]] == columns[order[i-1]] {
			return "", nil, false // a column twice: not PocketBase's
		}
	}

	var b strings.Builder
	b.Grow(len(query))
	b.WriteString(head)
	b.WriteString(name[:at])
	b.WriteString(fixed)
	b.WriteString(open)
	kept := make([]driver.NamedValue, len(args))
	for i, from := range order {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("? AS `")
		b.WriteString(columns[from])
		b.WriteByte('`')
		kept[i] = driver.NamedValue{Ordinal: i + 1, Value: args[from].Value}
	}
	for i := len(columns); i < len(args); i++ {
		kept[i] = driver.NamedValue{Ordinal: i + 1, Value: args[i].Value}
	}
	b.WriteString(strings.ReplaceAll(rest, token, fixed))
	return b.String(), kept, true
}

// word reports whether s is a name PocketBase writes without quoting
// concerns: letters, digits and underscores only.
func word(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// derived reports whether what follows the random characters in a name
// ends it (`name`) or continues it with an underscore (`name_field`).
func derived(after string) bool {
	if strings.HasPrefix(after, "`") {
		return true
	}
	if !strings.HasPrefix(after, "_") {
		return false
	}
	e := strings.IndexByte(after, '`')
	return e > 0 && word(after[:e])
}

// holdsFixed reports whether query holds the fixed characters with their
// letters in any case, as SQLite compares names.
func holdsFixed(query string) bool {
	fixed := createMarker + fixedRandom
	for i := 0; ; i++ {
		j := strings.Index(query[i:], "__") // where fixed begins, in any case
		if j < 0 || i+j+len(fixed) > len(query) {
			return false
		}
		i += j
		if strings.EqualFold(query[i:i+len(fixed)], fixed) {
			return true
		}
	}
}
