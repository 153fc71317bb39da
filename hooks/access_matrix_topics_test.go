package hooks_test

import (
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
	"ben/hooks/organisations"
)

// topicRowOf is the organisation_topics row of org and topic.
func topicRowOf(t testing.TB, app *tests.TestApp, org, topic string) string {
	t.Helper()
	r, err := app.FindFirstRecordByFilter(organisations.Topics, "organisation = {:org} && topic = {:topic}", dbx.Params{"org": org, "topic": topic})
	if err != nil {
		t.Fatalf("no %s row of %s: %v", topic, org, err)
	}
	return r.Id
}

// The topic rows follow the organisations: nobody writes them through the
// API, superusers neither; a row is public while its organisation is. The
// target is the row of the pending club, which nobody but superusers sees
// (its editors and the office see the club itself, in organisations).
func init() {
	matrix[organisations.Topics] = matrixSpec{
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			return topicRowOf(t, app, f.Pending.Id, "sport")
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"topic":"kultur","organisation":"` + f.Pending.Id + `","name":"Neue Initiative"}`
		},
		update: `{"name":"Umbenannt"}`,
		touch: func(t testing.TB, app *tests.TestApp, _ *testapp.Fixture) string {
			f := testapp.Fixtures(t)
			org, err := app.FindRecordById("organisations", f.Pending.Id)
			if err != nil {
				t.Fatal(err)
			}
			org.Set("name", "Neue Initiative Bitburg") // the row follows the name
			if err := app.Save(org); err != nil {
				t.Fatal(err)
			}
			return topicRowOf(t, app, f.Pending.Id, "sport")
		},
		rows: map[string]string{"guest": "", "user": "", "editorThis": "", "editorOther": "", "applicant": "", "otherApplicant": "", "jurorThis": "", "jurorOther": "",
			"staff": "LVR", "staffBuero": "", "staffRedaktion": ""},
	}
}
