package hooks_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

const phishingName = "Kunde, Ihr Konto wird gesperrt! Jetzt bestätigen: https://evil.example/login"

// Every name a person types in a form that a mail of the town quotes is a
// name only, on every write path.
func TestEveryNameAMailQuotesRefusesAnAddress(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	fields := map[string][]string{
		"event_registrations":  {"name"},
		"ideas":                {"name"},
		"partner_applications": {"contact_name", "business_name"},
		"interests":            {"name"},
		"enquiries":            {"name"},
		"nominations":          {"nominator_name", "nominee_name"},
		"engagements":          {"contact_name"},
	}
	for coll, names := range fields {
		for _, field := range names {
			for _, value := range []string{phishingName, "www.evil.example", "Anna\nIhr Konto wird gesperrt", strings.Repeat("x", 201)} {
				c, err := app.FindCollectionByNameOrId(coll)
				if err != nil {
					t.Fatal(err)
				}
				r := core.NewRecord(c)
				r.Set(field, value)
				var errs validation.Errors
				if err := app.Validate(r); !errors.As(err, &errs) || errs[field] == nil {
					t.Errorf("%s.%s = %q must be refused: %v", coll, field, value, err)
					continue
				}
				var ve validation.Error
				if !errors.As(errs[field], &ve) || !strings.HasPrefix(ve.Code(), "validation_name_") {
					t.Errorf("%s.%s: want a name code, got %v", coll, field, errs[field])
				}
			}
		}
	}
}

func TestAGuestRegistersOnlyWithAName(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	url := "/api/collections/event_registrations/records"
	body := func(name string) *strings.Reader {
		return strings.NewReader(`{"event":"` + f.EventOffice.Id + `","name":"` + name + `","email":"opfer@example.org","consent":true}`)
	}
	scenarios := []tests.ApiScenario{
		{Name: "a guest cannot register with an address as name", Method: http.MethodPost, URL: url, Body: body(phishingName),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) { app.TestMailer.Reset() },
			ExpectedStatus: 400, ExpectedContent: []string{`"name":{"code":"validation_name_not_plain"`, "ohne Internetadresse"},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if app.TestMailer.TotalSend() != 0 {
					t.Fatal("nobody is mailed")
				}
			}},
		{Name: "a guest cannot register with a name of 101 characters", Method: http.MethodPost, URL: url, Body: body(strings.Repeat("a", 101)),
			ExpectedStatus: 400, ExpectedContent: []string{`"name":{"code":"validation_name_too_long"`}},
		{Name: "a guest registers with a name of 100 characters", Method: http.MethodPost, URL: url, Body: body(strings.Repeat("a", 100)),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"registered"`}},
	}
	runScenarios(t, registrationsApp, scenarios)
}

// A name stored before the rule stays, and its record can still change.
func TestANameStoredBeforeTheRuleDoesNotBlockItsRecord(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedRegistrations(t, app, f)
	r, err := app.FindRecordById("event_registrations", regCitizenA)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.DB().NewQuery("UPDATE event_registrations SET name = {:n} WHERE id = {:id}").
		Bind(map[string]any{"n": "Alt\nName", "id": r.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	r, _ = app.FindRecordById("event_registrations", regCitizenA)
	r.Set("status", "cancelled")
	if err := app.Save(r); err != nil {
		t.Fatalf("an unchanged name must not block the cancellation: %v", err)
	}
}
