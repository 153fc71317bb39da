package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"ben/hooks/internal/testapp"
	"ben/hooks/search"
)

// titleFields name the field a record is found by in the search.
var titleFields = map[string]string{"organisations": "name", "events": "title", "opportunities": "title", "articles": "title"}

// TestSearchShowsNoRecordTheMatrixHides takes the access matrix's target of
// every searched collection (a record a guest may not list), gives it a
// word of its own and searches for that word as every role: the search is
// public, so nobody finds it, staff and the record's own editors included.
func TestSearchShowsNoRecordTheMatrixHides(t *testing.T) {
	f := testapp.Fixtures(t)
	for _, coll := range search.Collections() {
		spec, ok := matrix[coll]
		if !ok {
			t.Errorf("the searched collection %q has no row in the access matrix", coll)
			continue
		}
		field, ok := titleFields[coll]
		if !ok {
			t.Errorf("the searched collection %q has no title field here", coll)
			continue
		}
		if strings.ContainsRune(spec.rows["guest"], 'L') {
			t.Errorf("the matrix target of %q is listed for guests; the test needs a hidden record", coll)
			continue
		}
		t.Run(coll, func(t *testing.T) {
			app, _ := testapp.New(t)
			app.Settings().RateLimits.Enabled = false
			h := testapp.Handler(t, app)
			target := spec.setup(t, app, f)
			r, err := app.FindRecordById(coll, target)
			if err != nil {
				t.Fatal(err)
			}
			r.Set(field, "Verstecktwort "+r.GetString(field))
			if err := app.SaveNoValidate(r); err != nil {
				t.Fatal(err)
			}
			var indexed int
			if err := app.DB().NewQuery("SELECT COUNT(*) FROM " + search.Table + " WHERE record = {:id}").
				Bind(map[string]any{"id": target}).Row(&indexed); err != nil || indexed != 1 {
				t.Fatalf("the target must be in the index for this test to mean anything (%d rows, %v)", indexed, err)
			}
			for _, role := range roles {
				user := spec.users[role]
				if user == "" {
					user = defaultUsers[role]
				}
				res := do(t, h, http.MethodGet, searchURL("verstecktwort"), f.Tokens[user], "")
				if res.Code != 200 || strings.Contains(res.Body.String(), target) || !strings.Contains(res.Body.String(), `"totalItems":0`) {
					t.Errorf("%s searching %s: %d %s", role, coll, res.Code, truncate(res.Body.String()))
				}
			}
		})
	}
}
