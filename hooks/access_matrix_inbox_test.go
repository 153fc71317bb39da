package hooks_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/inbox"
	"ben/hooks/internal/testapp"
)

// The inbox is a view: superusers and buero read it, nobody writes it. Views
// send no realtime messages; the office area subscribes to the collections
// behind it instead.
func init() {
	matrix[inbox.View] = matrixSpec{
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string { return "o" + f.Pending.Id },
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"kind":"organisation_pending","title":"Gefälscht"}`
		},
		update: `{"title":"Gefälscht"}`,
		touch: func(t testing.TB, app *tests.TestApp, _ *testapp.Fixture) string {
			f := testapp.Fixtures(t)
			r, err := app.FindRecordById("organisations", f.Pending.Id)
			if err != nil {
				t.Fatal(err)
			}
			r.Set("updated", time.Now())
			if err := app.SaveNoValidate(r); err != nil {
				t.Fatal(err)
			}
			return "o" + f.Pending.Id
		},
		rows: map[string]string{"guest": "", "user": "", "editorThis": "", "editorOther": "", "applicant": "", "otherApplicant": "", "jurorThis": "", "jurorOther": "",
			"staff": "LV", "staffBuero": "LV", "staffRedaktion": ""},
	}
}
