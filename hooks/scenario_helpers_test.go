package hooks_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

// runScenarios runs each scenario as a parallel subtest on an app of its
// own: the scenario's TestAppFactory, or else newApp. A scenario that
// refuses a write also proves that the database is as it was
// (refusalChangesNothing). The subtest is named by the rule; the request
// names the step inside it.
func runScenarios(t *testing.T, newApp func(testing.TB) *tests.TestApp, scenarios []tests.ApiScenario) {
	t.Helper()
	for _, s := range scenarios {
		if s.TestAppFactory == nil {
			s.TestAppFactory = newApp
		}
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			s.Name = s.Method + " " + s.URL
			refusalChangesNothing(&s).Test(t)
		})
	}
}

// seed adds records to a fresh test app and its fixture.
type seed func(t testing.TB, app *tests.TestApp, f *testapp.Fixture)

// appWith is a fresh test app with the fixture and the seeds applied, in
// order.
func appWith(t testing.TB, seeds ...seed) *tests.TestApp {
	t.Helper()
	app, f := testapp.New(t)
	for _, s := range seeds {
		s(t, app, f)
	}
	return app
}

// body is a request body.
func body(s string) *strings.Reader { return strings.NewReader(s) }
