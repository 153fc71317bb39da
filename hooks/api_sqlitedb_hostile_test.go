package hooks_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/internal/testapp"
	"ben/hooks/search"
)

// comparable is a JSON answer without what differs between two runs of
// the same requests (times, generated ids of collections and fields).
func comparable(body []byte) string {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return string(body)
	}
	var strip func(any) any
	strip = func(x any) any {
		switch x := x.(type) {
		case map[string]any:
			delete(x, "created")
			delete(x, "updated")
			delete(x, "collectionId")
			if _, ok := x["fields"]; ok { // a collection
				delete(x, "fields")
				delete(x, "id")
			}
			for k := range x {
				x[k] = strip(x[k])
			}
		case []any:
			for i := range x {
				x[i] = strip(x[i])
			}
		}
		return x
	}
	out, _ := json.Marshal(strip(v))
	return string(out)
}

func fieldID(t *testing.T, app core.App, collection, name string) string {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	return c.Fields.GetByName(name).GetId()
}

// BEN's connections keep their prepared statements (hooks/sqlitedb). The
// same requests answer on them as on PocketBase's own connections while
// the schema changes under the kept statements of several connections:
// collections made, a field renamed, views made anew, collections deleted
// and made again under their names with other fields, the search index
// rebuilt, a backup taken, the databases closed and opened again.
func TestKeptStatementsAnswerAsPocketBasesOwnConnections(t *testing.T) {
	t.Parallel()
	apps, f := keptAndPlain(t)
	staff := f.Tokens["staff"]

	var transcripts [2]string
	for i, app := range apps {
		h := testapp.Handler(t, app)
		var lines []string
		call := func(method, url, body string) {
			rec := do(t, h, method, url, staff, body)
			lines = append(lines, fmt.Sprintf("%s %s: %d %s", method, url, rec.Code, comparable(rec.Body.Bytes())))
		}
		// each URL from several goroutines first, so that several
		// connections keep its statements, then once for the transcript
		read := func(urls ...string) {
			var wg sync.WaitGroup
			for range 6 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for _, u := range urls {
						do(t, h, http.MethodGet, u, staff, "")
					}
				}()
			}
			wg.Wait()
			for _, u := range urls {
				call(http.MethodGet, u, "")
			}
		}
		records := []string{"/api/collections/hx/records?sort=n", "/api/collections/hx/records?filter=n>1&sort=-n",
			"/api/collections/hx/records/hxrecord0000003", "/api/collections/hx/records?filter=title~'t'"}
		views := []string{"/api/collections/hxv/records?sort=id", "/api/collections/hxv/records/hxrecord0000002"}
		searches := []string{"/api/ben/search?q=verein", "/api/ben/search?q=bitburg"}

		call(http.MethodPost, "/api/collections", `{"name":"hx","type":"base","listRule":"","viewRule":"",
			"fields":[{"name":"title","type":"text"},{"name":"n","type":"number"}]}`)
		for k := 1; k <= 5; k++ {
			call(http.MethodPost, "/api/collections/hx/records", fmt.Sprintf(`{"id":"hxrecord000000%d","title":"t%d","n":%d}`, k, k, k))
		}
		read(records...)
		call(http.MethodPatch, "/api/collections/hx", `{"fields":[
			{"id":"`+fieldID(t, app, "hx", "title")+`","name":"name","type":"text"},
			{"id":"`+fieldID(t, app, "hx", "n")+`","name":"n","type":"number"},
			{"name":"extra","type":"bool"}]}`)
		read(records...)
		read("/api/collections/hx/records?filter=name~'t'")
		call(http.MethodPost, "/api/collections", `{"name":"hxv","type":"view","listRule":"","viewRule":"",
			"viewQuery":"SELECT id, name, n FROM hx WHERE n > 1"}`)
		read(views...)
		call(http.MethodPatch, "/api/collections/hxv", `{"viewQuery":"SELECT id, name AS label FROM hx WHERE n < 4"}`)
		read(views...)
		call(http.MethodDelete, "/api/collections/hxv", "")
		call(http.MethodDelete, "/api/collections/hx", "")
		read(records...)
		call(http.MethodPost, "/api/collections", `{"name":"hx","type":"base","listRule":"","viewRule":"",
			"fields":[{"name":"title","type":"json"},{"name":"n","type":"text"}]}`)
		for k := 1; k <= 3; k++ {
			call(http.MethodPost, "/api/collections/hx/records", fmt.Sprintf(`{"id":"hxrecord000000%d","title":{"k":%d},"n":"%d"}`, k, k, k))
		}
		read(records...)
		call(http.MethodPost, "/api/collections", `{"name":"hxv","type":"view","listRule":"","viewRule":"",
			"viewQuery":"SELECT id, n AS label FROM hx"}`)
		read(views...)

		read(searches...)
		if err := search.Rebuild(app, nil); err != nil { // drops and makes its tables anew
			t.Fatal(err)
		}
		read(searches...)

		call(http.MethodPost, "/api/backups", `{"name":"vorher.zip"}`)
		read(records...)

		if err := app.ResetBootstrapState(); err != nil {
			t.Fatal(err)
		}
		if err := app.Bootstrap(); err != nil {
			t.Fatal(err)
		}
		read(records...)
		read(views...)
		read(searches...)
		transcripts[i] = strings.Join(lines, "\n")
	}
	if transcripts[0] != transcripts[1] {
		t.Errorf("on BEN's connections:\n%s\n\non PocketBase's:\n%s", transcripts[0], transcripts[1])
	}
	for _, want := range []string{`"label":"3"`, `"name":"t4"`, `"highlighted_title":`} {
		if !strings.Contains(transcripts[0], want) {
			t.Fatalf("the requests did not reach the data (no %s): the comparison proves nothing:\n%s", want, transcripts[0])
		}
	}
}

// PocketBase checks a create rule with a query whose text is new for every
// request (a random table name, the columns in a map's order); BEN's
// connections keep it under one text per rule (hooks/sqlitedb). Rules of
// every shape judge the same records alike on BEN's connections and on
// PocketBase's own: the new record's own fields, the request's body and
// auth, a relation and its relation, a back-relation, another collection,
// multiple values with their modifiers, and a collection whose name and
// fields look like the random name.
func TestCreateRulesJudgeAsOnPocketBasesOwnConnections(t *testing.T) {
	t.Parallel()
	apps, f := keptAndPlain(t)
	staff := f.Tokens["staff"]
	rules := map[string]string{
		"own":        `@request.auth.id != "" && n > 2 && title != "verboten" && title = @request.body.title`,
		"relation":   `@request.auth.id != "" && parent.owner = @request.auth.id && parent.state = "offen"`,
		"deep":       `parent.parent.state = "offen" || parent.state = "offen"`,
		"back":       `@request.auth.id != "" && parent.hy_via_parent.title ?= "erlaubt"`,
		"collection": `@collection.hy_gate.open ?= true && @collection.hy_gate.name ?= title`,
		"multiple":   `tags:length > 1 && tags ?= "b" && @request.body.tags:each != "x"`,
		"isset":      `@request.body.n:isset = true && @request.body.title:lower = "gross"`,
		"names":      `hy__pb_create__ab != "" && hy__pb_create__ab != "BENfix"`,
	}

	var transcripts [2]string
	for i, app := range apps {
		h := testapp.Handler(t, app)
		var lines []string
		// the answers' codes (a created record's id is random); the
		// records made are compared at the end
		call := func(method, url, token, body string) {
			rec := do(t, h, method, url, token, body)
			line := fmt.Sprintf("%s %s %s: %d", method, url, body, rec.Code)
			if method == http.MethodGet {
				line += " " + comparable(rec.Body.Bytes())
			}
			lines = append(lines, line)
		}
		call(http.MethodPost, "/api/collections", staff, `{"name":"hy_gate","type":"base",
			"fields":[{"name":"name","type":"text"},{"name":"open","type":"bool"}]}`)
		call(http.MethodPost, "/api/collections/hy_gate/records", staff, `{"name":"Pforte","open":true}`)
		call(http.MethodPost, "/api/collections", staff, `{"name":"hy","type":"base","listRule":"","viewRule":"",
			"fields":[{"name":"title","type":"text"},{"name":"n","type":"number"},{"name":"state","type":"text"},
			{"name":"owner","type":"relation","collectionId":"_pb_users_auth_","maxSelect":1},
			{"name":"tags","type":"select","values":["a","b","x"],"maxSelect":3},
			{"name":"hy__pb_create__ab","type":"text"}]}`)
		call(http.MethodPatch, "/api/collections/hy", staff, `{"fields":[
			{"id":"`+fieldID(t, app, "hy", "title")+`","name":"title","type":"text"},
			{"id":"`+fieldID(t, app, "hy", "n")+`","name":"n","type":"number"},
			{"id":"`+fieldID(t, app, "hy", "state")+`","name":"state","type":"text"},
			{"id":"`+fieldID(t, app, "hy", "owner")+`","name":"owner","type":"relation","collectionId":"_pb_users_auth_","maxSelect":1},
			{"id":"`+fieldID(t, app, "hy", "tags")+`","name":"tags","type":"select","values":["a","b","x"],"maxSelect":3},
			{"id":"`+fieldID(t, app, "hy", "hy__pb_create__ab")+`","name":"hy__pb_create__ab","type":"text"},
			{"name":"parent","type":"relation","collectionId":"`+collectionID(t, app, "hy")+`","maxSelect":1}]}`)
		open := `{"id":"hyopen000000001","title":"erlaubt","state":"offen","owner":"` + f.Citizen.Id + `"}`
		closed := `{"id":"hyclosed0000001","title":"nein","state":"zu","owner":"` + f.Citizen.Id + `"}`
		call(http.MethodPost, "/api/collections/hy/records", staff, open)
		call(http.MethodPost, "/api/collections/hy/records", staff, closed)
		call(http.MethodPost, "/api/collections/hy/records", staff, `{"id":"hychild00000001","title":"erlaubt","parent":"hyopen000000001"}`)
		call(http.MethodPost, "/api/collections/hy/records", staff, `{"id":"hychild00000002","title":"x","parent":"hyclosed0000001"}`)

		bodies := []string{
			`{"title":"t","n":3}`, `{"title":"verboten","n":3}`, `{"title":"t","n":2}`, `{"title":"Pforte","n":0}`, `{"title":"gross","n":1}`,
			`{"title":"GROSS"}`, `{"parent":"hyopen000000001"}`, `{"parent":"hyclosed0000001"}`, `{"parent":"hychild00000001"}`,
			`{"parent":"hychild00000002"}`, `{"tags":["a","b"]}`, `{"tags":["b"]}`, `{"tags":["a","b","x"]}`,
			`{"hy__pb_create__ab":"BENfix"}`, `{"hy__pb_create__ab":"q"}`, `{"hy__pb_create__ab":"q","title":"t","n":5}`,
		}
		for _, name := range slices.Sorted(maps.Keys(rules)) {
			call(http.MethodPatch, "/api/collections/hy", staff, fmt.Sprintf(`{"createRule":%q}`, rules[name]))
			for _, token := range []string{"", f.Tokens["citizen"], f.Tokens["editorA"]} {
				for _, body := range bodies {
					// twice: the second runs on the kept statement
					call(http.MethodPost, "/api/collections/hy/records", token, body)
					call(http.MethodPost, "/api/collections/hy/records", token, body)
				}
			}
		}
		call(http.MethodGet, "/api/collections/hy/records?perPage=500&sort=title,n,parent,hy__pb_create__ab&fields=title,n,parent,tags,hy__pb_create__ab", staff, "")
		transcripts[i] = strings.Join(lines, "\n")
	}
	if transcripts[0] != transcripts[1] {
		t.Errorf("on BEN's connections:\n%s\n\non PocketBase's:\n%s", transcripts[0], transcripts[1])
	}
	// each rule let some records in and kept some out
	for _, name := range slices.Sorted(maps.Keys(rules)) {
		part := transcripts[0][strings.Index(transcripts[0], fmt.Sprintf("%q", rules[name])):]
		if next := strings.Index(part, "PATCH /api/collections/hy "); next > 0 {
			part = part[:next]
		}
		if !strings.Contains(part, ": 200\n") || !strings.Contains(part, ": 400\n") {
			t.Errorf("rule %s allowed all or nothing: the comparison proves little", name)
		}
	}
}

func collectionID(t *testing.T, app core.App, name string) string {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(err)
	}
	return c.Id
}
