package hooks_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"ben/hooks/internal/testapp"
	"ben/hooks/publiccache"
	"ben/hooks/search"
)

// searchExposure says, for each searched collection, the field a record is
// found by and the change that makes the access matrix's hidden target
// public (column → value); the test undoes it behind the hooks' back.
var searchExposure = map[string]struct {
	title  string
	public map[string]any
}{
	"organisations": {"name", map[string]any{"status": "published"}},
	"events":        {"title", map[string]any{"published": true}},
	"opportunities": {"title", map[string]any{"status": "published"}},
	"articles":      {"title", map[string]any{"published": true, "published_at": time.Now().Add(-time.Hour)}},
}

// TestSearchShowsNoRecordTheMatrixHides takes the access matrix's target of
// every searched collection (a record a guest may not list), makes it
// public so that the index holds it, then hides it again directly in the
// database, as an import or a repair would, leaving the index stale. Every
// role searches for its word: nobody finds it, staff and the record's own
// editors included, because each hit passes the collection's list rule.
func TestSearchShowsNoRecordTheMatrixHides(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	for _, coll := range search.Collections() {
		spec, ok := matrix[coll]
		if !ok {
			t.Errorf("the searched collection %q has no row in the access matrix", coll)
			continue
		}
		exposure, ok := searchExposure[coll]
		if !ok {
			t.Errorf("the searched collection %q has no entry in searchExposure", coll)
			continue
		}
		if strings.ContainsRune(spec.rows["guest"], 'L') {
			t.Errorf("the matrix target of %q is listed for guests; the test needs a hidden record", coll)
			continue
		}
		t.Run(coll, func(t *testing.T) {
			t.Parallel()
			app, _ := testapp.New(t)
			app.Settings().RateLimits.Enabled = false
			h := testapp.Handler(t, app)
			target := spec.setup(t, app, f)
			r, err := app.FindRecordById(coll, target)
			if err != nil {
				t.Fatal(err)
			}
			hidden := map[string]any{}
			for k, v := range exposure.public {
				hidden[k] = r.Get(k)
				r.Set(k, v)
			}
			r.Set(exposure.title, "Verstecktwort "+r.GetString(exposure.title))
			if err := app.Save(r); err != nil {
				t.Fatal(err)
			}
			if res := do(t, h, http.MethodGet, searchURL("verstecktwort"), "", ""); !strings.Contains(res.Body.String(), target) {
				t.Fatalf("made public, the target must be found, or the test means nothing: %s", truncate(res.Body.String()))
			}

			if _, err := app.DB().Update(coll, dbx.Params(hidden), dbx.HashExp{"id": target}).Execute(); err != nil {
				t.Fatal(err)
			}
			// code that writes behind the hooks tells the public read cache,
			// not the search index
			publiccache.Changed(app, coll)
			var indexed int
			if err := app.DB().NewQuery("SELECT COUNT(*) FROM " + search.DocsTable + " WHERE record = {:id}").
				Bind(dbx.Params{"id": target}).Row(&indexed); err != nil || indexed != 1 {
				t.Fatalf("the stale index must still hold the target (%d rows, %v)", indexed, err)
			}
			for _, role := range roles {
				user := spec.users[role]
				if user == "" {
					user = defaultUsers[role]
				}
				res := do(t, h, http.MethodGet, searchURL("verstecktwort"), f.Tokens[user], "")
				if res.Code != 200 || strings.Contains(res.Body.String(), target) || strings.Contains(res.Body.String(), "Verstecktwort") {
					t.Errorf("%s searching %s: %d %s", role, coll, res.Code, truncate(res.Body.String()))
				}
			}
		})
	}
}
