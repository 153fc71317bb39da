package hooks_test

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
)

// refusalChangesNothing makes a scenario that refuses a write (a 4xx answer
// to POST, PUT, PATCH or DELETE) prove as well that the database is as it
// was before: a refusal that still stored something is no refusal. Other
// scenarios are returned as they are.
func refusalChangesNothing(s *tests.ApiScenario) *tests.ApiScenario {
	if s.Method == http.MethodGet || s.Method == http.MethodHead || s.ExpectedStatus < 400 || s.ExpectedStatus >= 500 {
		return s
	}
	var before map[string]string
	seed, check := s.BeforeTestFunc, s.AfterTestFunc
	s.BeforeTestFunc = func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		if seed != nil {
			seed(t, app, e)
		}
		before = tableContents(t, app)
	}
	s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, res *http.Response) {
		after := tableContents(t, app)
		for _, table := range slices.Sorted(maps.Keys(after)) {
			if before[table] != after[table] {
				t.Errorf("the refused request changed %s:\nbefore: %s\nafter:  %s", table, before[table], after[table])
			}
		}
		if check != nil {
			check(t, app, res)
		}
	}
	return s
}

// tableContents is every row of every collection's table, as text.
func tableContents(t testing.TB, app core.App) map[string]string {
	t.Helper()
	colls, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, c := range colls {
		if c.IsView() {
			continue
		}
		var rows []dbx.NullStringMap
		if err := app.DB().Select("*").From(c.Name).OrderBy("id").All(&rows); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, row := range rows {
			for _, col := range slices.Sorted(maps.Keys(row)) {
				fmt.Fprintf(&b, "%s=%q ", col, row[col].String)
			}
			b.WriteString("\n")
		}
		out[c.Name] = b.String()
	}
	return out
}
