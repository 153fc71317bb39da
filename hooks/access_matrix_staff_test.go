package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

// The office's accounts in the access matrix: buero sees who its colleagues
// are (for "decided by"); nobody but superusers creates, changes or deletes
// a staff account. The target is a deactivated colleague.
func init() {
	matrix["staff"] = matrixSpec{
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string { return f.StaffInactive.Id },
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"email":"matrix-` + strings.ToLower(role) + `@stadt.test","password":"ein-langes-passwort","passwordConfirm":"ein-langes-passwort","name":"M","role":"redaktion","active":true}`
		},
		update: `{"name":"Neuer Name"}`,
		rows:   with(none(), map[string]string{"staffBuero": "LVR"}),
	}
}

// systemCells are what only superusers reach: settings, logs, backups,
// crons, the schema and the superusers themselves. Reads are asked of
// everyone; writes only of those who must be refused (a superuser's write
// would change the test app for nothing).
var systemCells = []struct {
	name, method, url, body string
	superuserToo            bool
}{
	{"read the settings", http.MethodGet, "/api/settings", "", true},
	{"change the settings", http.MethodPatch, "/api/settings", `{"meta":{"appName":"X"}}`, false},
	{"test the mail settings", http.MethodPost, "/api/settings/test/email", `{"email":"a@example.org","template":"verification"}`, false},
	{"read the logs", http.MethodGet, "/api/logs", "", true},
	{"read the log statistics", http.MethodGet, "/api/logs/stats", "", true},
	{"list the backups", http.MethodGet, "/api/backups", "", true},
	{"create a backup", http.MethodPost, "/api/backups", `{"name":"x.zip"}`, false},
	{"list the cron jobs", http.MethodGet, "/api/crons", "", true},
	{"read the schema", http.MethodGet, "/api/collections", "", true},
	{"read a collection's rules", http.MethodGet, "/api/collections/organisations", "", true},
	{"create a collection", http.MethodPost, "/api/collections", `{"name":"matrix","type":"base"}`, false},
	{"change a collection's rules", http.MethodPatch, "/api/collections/organisations", `{"listRule":""}`, false},
	{"delete a collection", http.MethodDelete, "/api/collections/audit_log", "", false},
	{"import collections", http.MethodPut, "/api/collections/import", `{"collections":[]}`, false},
	{"list the superusers", http.MethodGet, "/api/collections/_superusers/records", "", true},
	{"create a superuser", http.MethodPost, "/api/collections/_superusers/records", `{"email":"neu@stadt.test","password":"ein-langes-passwort","passwordConfirm":"ein-langes-passwort"}`, false},
	{"list the signing keys", http.MethodGet, "/api/collections/card_signing_keys/records", "", true},
	{"impersonate a citizen", http.MethodPost, "/api/collections/users/impersonate/{citizen}", `{}`, false},
}

func TestAccessMatrixSystem(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)
	cells := 0
	for _, c := range systemCells {
		url := strings.ReplaceAll(c.url, "{citizen}", f.Citizen.Id)
		for _, role := range []string{"guest", "citizen", "editorA", "staffBuero", "staffRedaktion", "staffInactive", "staff"} {
			if role == "staff" && !c.superuserToo {
				continue
			}
			cells++
			res := do(t, h, c.method, url, f.Tokens[role], c.body)
			allowed := res.Code >= 200 && res.Code < 300
			if want := role == "staff"; allowed != want {
				t.Errorf("%s may %s: %v (%d %s), want %v", role, c.name, allowed, res.Code, truncate(res.Body.String()), want)
			}
		}
	}
	t.Logf("system matrix: %d cells tested", cells)
}

// Staff never subscribe to the superusers or the signing keys.
func TestStaffHearNothingOfSuperusersAndKeys(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	_ = testapp.Handler(t, app)
	key, err := app.FindFirstRecordByFilter("card_signing_keys", "active = true")
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{"staffBuero", "staffRedaktion"} {
		for coll, target := range map[string]string{core.CollectionNameSuperusers: f.Staff.Id, "card_signing_keys": key.Id} {
			if subscribeAndTouch(t, app, coll, target, role, f) {
				t.Errorf("%s hears of changes in %s", role, coll)
			}
		}
	}
	if !subscribeAndTouch(t, app, "card_signing_keys", key.Id, "staff", f) {
		t.Error("a superuser hears nothing of the signing keys: the check cannot fail")
	}
}
