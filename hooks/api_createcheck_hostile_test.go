package hooks_test

import (
	"fmt"
	"net/http"
	"strings"
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
