package sqlitedb

import (
	"fmt"
	"strings"
	"testing"
)

// checkText is PocketBase's create check of collection coll as it reaches
// the driver: its random characters, the columns in the order given, then
// the rest of the query with {t} for the check's table.
func checkText(coll, random string, columns []string, rest string) string {
	name := coll + createMarker + random
	items := make([]string, len(columns))
	for i, c := range columns {
		items[i] = "? AS `" + c + "`"
	}
	return "WITH `" + name + "` as (SELECT " + strings.Join(items, ",") + ") " + strings.ReplaceAll(rest, "{t}", name)
}

// checkArgs are the values of record (by column) in the order of columns,
// then the rule's values.
func checkArgs(columns []string, record map[string]any, rule ...any) []any {
	args := make([]any, 0, len(columns)+len(rule))
	for _, c := range columns {
		args = append(args, record[c])
	}
	return append(args, rule...)
}

// The create checks PocketBase sends answer on the kept statements as on
// modernc's driver, whatever the random characters and the order of the
// columns: a rule on the record's own fields and a relation, one asking a
// collection named like the kept check in another case (SQLite matches
// names regardless of case: under the kept name the check's table would
// hide that collection), and a check too long to be kept.
func TestCreateChecksAnswerAsTheQueriesPocketBaseSent(t *testing.T) {
	orders := [][]string{{"id", "title", "gate", "n"}, {"n", "gate", "title", "id"}, {"gate", "id", "n", "title"}}
	randoms := []string{"Xy12Ab", "q9Z0lm", "BENfix", "benfix"}
	records := []map[string]any{
		{"id": "r1", "title": "erlaubt", "gate": "g1", "n": 3.0},
		{"id": "r2", "title": "frei", "gate": "g2", "n": 3.0},
		{"id": "g2", "title": "frei", "gate": "g2", "n": 1.0},
		{"id": "r3", "title": "verboten", "gate": "g1", "n": 5.0},
	}
	relation := "SELECT DISTINCT (1) FROM `{t}` LEFT JOIN `gates` `{t}_gate` ON `{t}_gate`.`id` = `{t}`.`gate` " +
		"WHERE ((`{t}_gate`.`open` = ? AND `{t}`.`title` != ? AND `{t}`.`n` > ?)) LIMIT 1"
	// a relation to a collection named like the kept check
	likeKeptRelation := "SELECT DISTINCT (1) FROM `{t}` LEFT JOIN `e__PB_create__benfix` `{t}_gate` ON `{t}_gate`.`id` = `{t}`.`gate` " +
		"WHERE ((`{t}_gate`.`title` = ?)) LIMIT 1"
	likeKeptCollection := "SELECT DISTINCT (1) FROM `{t}` LEFT JOIN `e__PB_create__benfix` `__collection_e__PB_create__benfix` " +
		"WHERE ((`__collection_e__PB_create__benfix`.`title` = `{t}`.`title`)) LIMIT 1"

	// a collection of many fields: its check is longer than a kept text
	var long []string
	longRecord := map[string]any{}
	for i := range 100 {
		c := fmt.Sprintf("langer_feldname_%02d", i)
		long = append(long, c)
		longRecord[c] = fmt.Sprintf("w%02d", i)
	}
	longRule := "SELECT DISTINCT (1) FROM `{t}` WHERE ((`{t}`.`langer_feldname_07` = ? AND `{t}`.`langer_feldname_63` != ?)) LIMIT 1"
	if q := checkText("e", "Xy12Ab", long, longRule); len(q) <= maxKeptQuery {
		t.Fatalf("the long check has %d characters: it would be kept", len(q))
	}
	reversed := make([]string, len(long))
	for i, c := range long {
		reversed[len(long)-1-i] = c
	}

	var last *transcript // modernc's, the second
	sameAsModernc(t, func(s *transcript) {
		last = s
		s.exec(s.a, "DROP TABLE IF EXISTS gates")
		s.exec(s.a, "DROP TABLE IF EXISTS e__PB_create__benfix")
		s.exec(s.a, "CREATE TABLE gates (id TEXT PRIMARY KEY, open INTEGER)")
		s.exec(s.a, "INSERT INTO gates VALUES ('g1', 1), ('g2', 0)")
		s.exec(s.a, "CREATE TABLE e__PB_create__benfix (id TEXT PRIMARY KEY, title TEXT)")
		s.exec(s.a, "INSERT INTO e__PB_create__benfix VALUES ('g1', 'erlaubt'), ('g2', 'zu')")
		for _, random := range randoms {
			for _, order := range orders {
				for _, r := range records {
					s.query(s.b, checkText("e", random, order, relation), checkArgs(order, r, 1, "verboten", 2)...)
					s.query(s.b, checkText("e", random, order, likeKeptRelation), checkArgs(order, r, "erlaubt")...)
					s.query(s.b, checkText("e", random, order, likeKeptCollection), checkArgs(order, r)...)
				}
			}
			for _, order := range [][]string{long, reversed} {
				s.query(s.b, checkText("e", random, order, longRule), checkArgs(order, longRecord, "w07", "w63")...)
				s.query(s.b, checkText("e", random, order, longRule), checkArgs(order, longRecord, "w07", "x")...)
				s.query(s.b, checkText("e", random, order, longRule), checkArgs(order, longRecord, "w08", "x")...)
			}
		}
	})
	// the rules let some records in and kept others out
	answers := strings.Join(last.lines, "\n")
	for _, want := range []string{" []interface {}{1}], <nil>", ": [(1)::<nil>], <nil>"} {
		if !strings.Contains(answers, want) {
			t.Fatalf("no answer %s: the comparison proves nothing:\n%s", want, answers)
		}
	}
	if strings.Contains(answers, "rror") {
		t.Fatalf("a check failed:\n%s", answers)
	}
}

// A field may be named like the check's table with the very random
// characters drawn (`e__pb_create__abcdef` when they are "abcdef"): the
// record's column, or a related record's, is still that field.
func TestACheckWhoseRandomCharactersNameAFieldAnswersAsSent(t *testing.T) {
	columns := []string{"id", "e__pb_create__abcdef", "gate"}
	relatedColumns := []string{"gate", "id"}
	own := "SELECT DISTINCT (1) FROM `{t}` WHERE ((`{t}`.`e__pb_create__abcdef` = ?)) LIMIT 1"
	related := "SELECT DISTINCT (1) FROM `{t}` LEFT JOIN `gates` `{t}_gate` ON `{t}_gate`.`id` = `{t}`.`gate` " +
		"WHERE ((`{t}_gate`.`e__pb_create__abcdef` = ?)) LIMIT 1"
	var last *transcript
	sameAsModernc(t, func(s *transcript) {
		last = s
		s.exec(s.a, "DROP TABLE IF EXISTS gates")
		s.exec(s.a, "CREATE TABLE gates (id TEXT PRIMARY KEY, e__pb_create__abcdef TEXT)")
		s.exec(s.a, "INSERT INTO gates VALUES ('g1', 'offen'), ('g2', 'zu')")
		for _, random := range []string{"abcdef", "Xy12Ab"} {
			for _, gate := range []string{"g1", "g2"} {
				s.query(s.b, checkText("e", random, columns, own), "r1", "offen", gate, "offen")
				s.query(s.b, checkText("e", random, relatedColumns, related), gate, "r1", "offen")
			}
		}
	})
	answers := strings.Join(last.lines, "\n")
	if strings.Contains(answers, "rror") || !strings.Contains(answers, " []interface {}{1}], <nil>") || !strings.Contains(answers, ": [(1)::<nil>], <nil>") {
		t.Fatalf("the checks did not answer yes and no:\n%s", answers)
	}
}
