package hooks_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/audit"
	"ben/hooks/internal/testapp"
)

// writeAuditEntry appends an entry as the fixture's superuser would cause it.
func writeAuditEntry(t testing.TB, app *tests.TestApp, summary string) string {
	t.Helper()
	f := testapp.Fixtures(t)
	if err := audit.Write(app, f.Staff, audit.Entry{Action: "published", Collection: "organisations", Record: f.Pending.Id, Summary: summary}); err != nil {
		t.Fatal(err)
	}
	r, err := app.FindFirstRecordByData(audit.Collection, "summary", summary)
	if err != nil {
		t.Fatal(err)
	}
	return r.Id
}

// The audit log is append-only: nobody creates, changes or deletes an entry
// through the API, superusers included; superusers and buero read it.
func init() {
	matrix[audit.Collection] = matrixSpec{
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			return writeAuditEntry(t, app, "Organisation „Neue Initiative“: Status geändert.")
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"actor":"superuser","action":"deleted","collection":"organisations","record":"x","summary":"Gefälscht."}`
		},
		update: `{"summary":"Nichts geschehen."}`,
		touch: func(t testing.TB, app *tests.TestApp, _ *testapp.Fixture) string {
			return writeAuditEntry(t, app, "Ein weiterer Eintrag.")
		},
		rows: map[string]string{"guest": "", "user": "", "editorThis": "", "editorOther": "", "applicant": "", "otherApplicant": "", "jurorThis": "", "jurorOther": "",
			"staff": "LVR", "staffBuero": "LVR", "staffRedaktion": ""},
	}
}
