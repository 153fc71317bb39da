package hooks_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

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
	kept, f := testapp.New(t)
	plain, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: kept.DataDir(), EncryptionEnv: "pb_test_env", DBConnect: core.DefaultDBConnect})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(plain.Cleanup)
	testapp.Bind(t, plain)
	staff := f.Tokens["staff"]

	var transcripts [2]string
	for i, app := range []*tests.TestApp{kept, plain} {
		app.Settings().RateLimits.Enabled = false
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
