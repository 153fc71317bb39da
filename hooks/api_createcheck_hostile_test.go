package hooks_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

// keptAndPlain is a test app on BEN's connections and one on PocketBase's
// own, with the same data, and the fixture.
func keptAndPlain(t *testing.T) ([2]*tests.TestApp, *testapp.Fixture) {
	t.Helper()
	kept, f := testapp.New(t)
	plain, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: kept.DataDir(), EncryptionEnv: "pb_test_env", DBConnect: core.DefaultDBConnect})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(plain.Cleanup)
	testapp.Bind(t, plain)
	for _, app := range []*tests.TestApp{kept, plain} {
		app.Settings().RateLimits.Enabled = false
	}
	return [2]*tests.TestApp{kept, plain}, f
}

// creates runs the same requests on both apps (call, or h for requests
// not written down) and fails where their answers differ; it returns
// PocketBase's transcript (codes, and the bodies of GETs and refusals).
func creates(t *testing.T, apps [2]*tests.TestApp, requests func(app core.App, h http.Handler, call func(method, url, token, body string))) string {
	t.Helper()
	var transcripts [2]string
	for i, app := range apps {
		h := testapp.Handler(t, app)
		var lines []string
		requests(app, h, func(method, url, token, body string) {
			rec := do(t, h, method, url, token, body)
			line := fmt.Sprintf("%s %s %s: %d", method, url, body, rec.Code)
			if method == http.MethodGet || rec.Code >= 400 {
				line += " " + comparable(rec.Body.Bytes())
			}
			lines = append(lines, line)
		})
		transcripts[i] = strings.Join(lines, "\n")
	}
	if transcripts[0] != transcripts[1] {
		t.Errorf("on BEN's connections:\n%s\n\non PocketBase's:\n%s", transcripts[0], transcripts[1])
	}
	return transcripts[1]
}

// BEN's connections keep PocketBase's create check under a fixed name
// (`<collection>__pb_create__BENfix`). SQLite matches names regardless of
// case: a collection named so in another case is still the collection a
// rule asks, never the record to be created, for a create rule (through
// @collection and through a relation) and for an auth collection's manage
// rule (which lets the creator set `verified`).
func TestRulesAskingACollectionNamedLikeTheKeptCheckJudgeAsOnPocketBasesOwnConnections(t *testing.T) {
	t.Parallel()
	apps, f := keptAndPlain(t)
	staff, citizen := f.Tokens["staff"], f.Tokens["citizen"]
	got := creates(t, apps, func(_ core.App, _ http.Handler, call func(method, url, token, body string)) {
		// a list of allowed titles
		call(http.MethodPost, "/api/collections", staff, `{"name":"hz__pb_create__benfix","type":"base",
			"fields":[{"name":"title","type":"text"}]}`)
		call(http.MethodPost, "/api/collections/hz__pb_create__benfix/records", staff, `{"title":"erlaubt"}`)
		call(http.MethodPost, "/api/collections", staff, `{"name":"hz","type":"base",
			"createRule":"@collection.hz__pb_create__benfix.title ?= title",
			"fields":[{"name":"title","type":"text"}]}`)
		// gates, open or closed, and records behind an open one
		call(http.MethodPost, "/api/collections", staff, `{"name":"hw__Pb_Create__BENFIX","type":"base",
			"fields":[{"name":"open","type":"bool"}]}`)
		call(http.MethodPost, "/api/collections/hw__Pb_Create__BENFIX/records", staff, `{"id":"hwgateopen00001","open":true}`)
		call(http.MethodPost, "/api/collections/hw__Pb_Create__BENFIX/records", staff, `{"id":"hwgateclosed001","open":false}`)
		call(http.MethodPost, "/api/collections", staff, `{"name":"hw","type":"base","createRule":"gate.open = true",
			"fields":[{"name":"open","type":"bool"},
			{"name":"gate","type":"relation","collectionId":"`+collectionID(t, apps[0], "hw__Pb_Create__BENFIX")+`","maxSelect":1}]}`)
		// accounts whose roles a list grants the management of
		call(http.MethodPost, "/api/collections", staff, `{"name":"hu__PB_CREATE__BENFIX","type":"base",
			"fields":[{"name":"role","type":"text"}]}`)
		call(http.MethodPost, "/api/collections/hu__PB_CREATE__BENFIX/records", staff, `{"role":"leitung"}`)
		call(http.MethodPost, "/api/collections", staff, `{"name":"hu","type":"auth","createRule":"",
			"manageRule":"@collection.hu__PB_CREATE__BENFIX.role ?= role","fields":[{"name":"password","type":"password","system":true,"hidden":true,"required":true,"min":8,"cost":4},{"name":"role","type":"text"}]}`)

		for k := range 2 { // the second time on the kept statement
			for _, body := range []string{`{"title":"erlaubt"}`, `{"title":"frei"}`} {
				call(http.MethodPost, "/api/collections/hz/records", "", body)
			}
			for _, body := range []string{`{"gate":"hwgateopen00001"}`, `{"gate":"hwgateclosed001","open":true}`,
				fmt.Sprintf(`{"id":"hwgateclosed001","gate":"hwgateclosed001","open":%v}`, k == 0)} {
				call(http.MethodPost, "/api/collections/hw/records", "", body)
			}
			for _, role := range []string{"leitung", "helfer"} {
				call(http.MethodPost, "/api/collections/hu/records", citizen, fmt.Sprintf(
					`{"email":"%s%d@ben.example","password":"1234567890","passwordConfirm":"1234567890","role":%q,"verified":true}`, role, k, role))
			}
		}
		call(http.MethodGet, "/api/collections/hz/records?sort=title&fields=title", staff, "")
		call(http.MethodGet, "/api/collections/hw/records?sort=gate,open&fields=gate,open", staff, "")
		call(http.MethodGet, "/api/collections/hu/records?sort=email&fields=email,role,verified", staff, "")
	})
	// what PocketBase decided: the comparison is worth something only if
	// the rules refused what the kept name would have let in
	for _, want := range []string{
		`POST /api/collections/hz/records {"title":"frei"}: 400`,
		`POST /api/collections/hw/records {"id":"hwgateclosed001","gate":"hwgateclosed001","open":true}: 400`,
		`{"title":"erlaubt"},{"title":"erlaubt"}],"page"`,
		`"role":"helfer","verified":true}: 400 {"data":{"verified":`,
		`"items":[{"email":"leitung0@ben.example","role":"leitung","verified":true},{"email":"leitung1@ben.example","role":"leitung","verified":true}]`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("PocketBase's answers lack %s:\n%s", want, got)
		}
	}
}

// The check of an auth collection's create and manage rules judges alike
// on BEN's connections and on PocketBase's own: with many fields (a check
// too long to be kept), from several connections at once, and while the
// schema changes under the kept checks (a field renamed, one added, one
// removed and added again with another type).
func TestCreateAndManageRulesJudgeAsOnPocketBasesOwnConnectionsWhileTheSchemaChanges(t *testing.T) {
	t.Parallel()
	apps, f := keptAndPlain(t)
	staff, citizen := f.Tokens["staff"], f.Tokens["citizen"]
	var fields []string
	for i := range 90 {
		fields = append(fields, fmt.Sprintf(`{"name":"langer_feldname_%02d","type":"text"}`, i))
	}
	// a body whose long fields hold their own numbers, but for the given ones
	long := func(email, role string, set map[int]string) string {
		parts := []string{fmt.Sprintf(`"email":%q,"password":"1234567890","passwordConfirm":"1234567890","role":%q,"verified":true`, email, role)}
		for i := range 90 {
			v, ok := set[i]
			if !ok {
				v = fmt.Sprintf("w%02d", i)
			}
			parts = append(parts, fmt.Sprintf(`"langer_feldname_%02d":%q`, i, v))
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	small := []string{`{"a":"ja","b":"x","c":"x","d":"d"}`, `{"a":"ja","b":"x","c":"y","d":"d"}`, `{"a":"nein","b":"x","c":"x","d":"d"}`,
		`{"a":"ja","b":"x","c":"x","d":"nein"}`, `{"a":"ja","b":"1","c":"1","d":"d","e":true}`, `{"a":"ja","b":"x","c":"x","dd":"nein"}`,
		`{"a":"ja","b":"x","c":"x","dd":"d"}`, `{"a":"ja","b":"2","c":"2","dd":"d","e":true}`}

	got := creates(t, apps, func(app core.App, h http.Handler, call func(method, url, token, body string)) {
		call(http.MethodPost, "/api/collections", staff, `{"name":"hv","type":"auth","listRule":"","viewRule":"",
			"createRule":"langer_feldname_07 = \"ja\" && langer_feldname_63 != \"nein\"",
			"manageRule":"role = \"leitung\" && langer_feldname_42 = \"ja\"",
			"fields":[{"name":"password","type":"password","system":true,"hidden":true,"required":true,"min":8,"cost":4},
			{"name":"role","type":"text"},`+strings.Join(fields, ",")+`]}`)
		call(http.MethodPost, "/api/collections", staff, `{"name":"hs","type":"base",
			"createRule":"a = \"ja\" && d != \"nein\" && b = @request.body.c",
			"fields":[{"name":"a","type":"text"},{"name":"b","type":"text"},{"name":"c","type":"text"},{"name":"d","type":"text"}]}`)
		k := 0
		accounts := func() {
			for _, c := range []struct {
				role string
				set  map[int]string
			}{
				{"leitung", map[int]string{7: "ja", 42: "ja"}},   // created, verified
				{"helfer", map[int]string{7: "ja", 42: "ja"}},    // not a manager: may not verify
				{"leitung", map[int]string{7: "ja"}},             // not a manager: may not verify
				{"leitung", map[int]string{42: "ja"}},            // refused
				{"leitung", map[int]string{7: "ja", 63: "nein"}}, // refused
			} {
				k++
				call(http.MethodPost, "/api/collections/hv/records", citizen, long(fmt.Sprintf("hv%02d@ben.example", k), c.role, c.set))
			}
		}
		// several connections keep the small check: the same bodies from
		// several goroutines first, then once for the transcript
		smalls := func() {
			var wg sync.WaitGroup
			for range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for _, body := range small {
						do(t, h, http.MethodPost, "/api/collections/hs/records", "", body)
					}
				}()
			}
			wg.Wait()
			for _, body := range small {
				call(http.MethodPost, "/api/collections/hs/records", "", body)
			}
		}
		accounts()
		smalls()
		// a field renamed, with the rules
		call(http.MethodPatch, "/api/collections/hs", staff, `{"createRule":"a = \"ja\" && dd != \"nein\" && b = @request.body.c","fields":[
			{"id":"`+fieldID(t, app, "hs", "a")+`","name":"a","type":"text"},
			{"id":"`+fieldID(t, app, "hs", "b")+`","name":"b","type":"text"},
			{"id":"`+fieldID(t, app, "hs", "c")+`","name":"c","type":"text"},
			{"id":"`+fieldID(t, app, "hs", "d")+`","name":"dd","type":"text"}]}`)
		call(http.MethodPatch, "/api/collections/hv", staff, `{"createRule":"langer_feldname_63 != \"nein\" && langer_feldname_07 = \"ja\""}`)
		accounts()
		smalls()
		// a field added; one removed and added again as a number
		call(http.MethodPatch, "/api/collections/hs", staff, `{"createRule":"a = \"ja\" && dd != \"nein\" && b > 1 && e = true","fields":[
			{"id":"`+fieldID(t, app, "hs", "a")+`","name":"a","type":"text"},
			{"name":"b","type":"number"},
			{"id":"`+fieldID(t, app, "hs", "c")+`","name":"c","type":"text"},
			{"id":"`+fieldID(t, app, "hs", "dd")+`","name":"dd","type":"text"},
			{"name":"e","type":"bool"}]}`)
		smalls()
		call(http.MethodGet, "/api/collections/hv/records?perPage=100&sort=email&fields=email,role,verified", staff, "")
		call(http.MethodGet, "/api/collections/hs/records?perPage=500&sort=a,b,c,dd&fields=a,b,c,dd,e", staff, "")
	})
	for _, want := range []string{
		`"items":[{"email":"hv01@ben.example","role":"leitung","verified":true},{"email":"hv06@ben.example","role":"leitung","verified":true}]`,
		`"role":"helfer","verified":true,"langer_feldname_00":"w00",`, // then its answer:
		`"langer_feldname_89":"w89"}: 400 {"data":{"verified":{"code":"validation_values_mismatch"`,
		`"langer_feldname_89":"w89"}: 400 {"data":{},"message":"Failed to create record.","status":400}`,
		`{"a":"ja","b":"x","c":"y","d":"d"}: 400`,
		`{"a":"ja","b":"x","c":"x","d":"d"}: 200`,
		`{"a":"ja","b":"1","c":"1","d":"d","e":true}: 200`,
		`{"a":"ja","b":"x","c":"x","dd":"d"}: 200`,
		`{"a":"ja","b":2,"c":"2","dd":"d","e":true}`,
		`{"a":"ja","b":"1","c":"1","d":"d","e":true}: 400`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("PocketBase's answers lack %s:\n%s", want, got)
		}
	}
}

// Rules over a JSON field's paths, a geo point, fields named like SQL's
// words and the request's multiple values judge alike on BEN's connections
// and on PocketBase's own, alone and in a batch (one transaction, its
// checks on one connection).
func TestCreateRulesOverJSONAndGeoPointsJudgeAsOnPocketBasesOwnConnections(t *testing.T) {
	t.Parallel()
	apps, f := keptAndPlain(t)
	for _, app := range apps {
		app.Settings().Batch.Enabled = true
		app.Settings().Batch.MaxRequests = 10
	}
	bodies := []string{
		`{"where":{"lon":7,"lat":50},"data":{"a":{"b":"x"},"n":[1,2]},"select":"s","order":"o"}`,
		`{"where":{"lon":5,"lat":50},"data":{"a":{"b":"x"}}}`,
		`{"where":{"lon":7,"lat":50},"data":{"a":{"b":"y"}},"select":"s"}`,
		`{"where":{"lon":7,"lat":50},"data":{"a":{"b":"x"},"n":[1,2,3]},"order":"o"}`,
		`{"where":{"lon":7,"lat":50},"data":{"a":{"b":"x"}},"tags":["a","b"],"select":"s"}`,
		`{"where":{"lon":7,"lat":50},"data":{"a":{"b":"x"}},"tags":["a","x"],"select":"s"}`,
		`{"where":{"lon":7,"lat":50},"data":{"a":{"b":"x"}},"select":"nein"}`,
	}
	batch := func(bodies ...string) string {
		var requests []string
		for _, b := range bodies {
			requests = append(requests, `{"method":"POST","url":"/api/collections/hg/records","body":`+b+`}`)
		}
		return `{"requests":[` + strings.Join(requests, ",") + `]}`
	}
	got := creates(t, apps, func(_ core.App, _ http.Handler, call func(method, url, token, body string)) {
		call(http.MethodPost, "/api/collections", f.Tokens["staff"], `{"name":"hg","type":"base",
			"createRule":"where.lon > 6 && data.a.b = 'x' && data.n.2 = null && select != order && (@request.body.tags:each ?= 'b' || tags:length = 0)",
			"fields":[{"name":"where","type":"geoPoint"},{"name":"data","type":"json"},
			{"name":"tags","type":"select","values":["a","b","x"],"maxSelect":3},
			{"name":"select","type":"text"},{"name":"order","type":"text"}]}`)
		for range 2 { // the second time on the kept statement
			for _, b := range bodies {
				call(http.MethodPost, "/api/collections/hg/records", "", b)
			}
		}
		call(http.MethodPost, "/api/batch", "", batch(bodies...))
		call(http.MethodPost, "/api/batch", "", batch(bodies[0], bodies[4], bodies[0]))
		call(http.MethodGet, "/api/collections/hg/records?perPage=100&sort=data,tags,select&fields=where,data,tags,select,order", f.Tokens["staff"], "")
	})
	for _, want := range []string{
		bodies[0] + ": 200", bodies[1] + ": 400", bodies[2] + ": 400", bodies[3] + ": 400",
		bodies[4] + ": 200", bodies[5] + ": 400", bodies[6] + ": 200", `"totalItems":9,`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("PocketBase's answers lack %s:\n%s", want, got)
		}
	}
}
