package hooks_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

// One person holds one place per event: one active registration per event
// and e-mail address, an account's registration counting with its address.
func TestOneActiveRegistrationPerEventAndAddress(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	url := "/api/collections/event_registrations/records"
	guest := func(event, email string) *strings.Reader {
		return strings.NewReader(fmt.Sprintf(`{"event":%q,"name":"Gerda Gast","email":%q,"consent":true}`, event, email))
	}
	scenarios := []tests.ApiScenario{
		{Name: "a guest cannot register a second time with the same address", Method: http.MethodPost, URL: url, Body: guest(f.EventA.Id, regGuestEmail),
			ExpectedStatus: 400, ExpectedContent: []string{`"email":{"code":"validation_registration_exists"`}},
		{Name: "the address is compared without case", Method: http.MethodPost, URL: url, Body: guest(f.EventA.Id, strings.ToUpper(regGuestEmail)),
			ExpectedStatus: 400, ExpectedContent: []string{`"email":{"code":"validation_registration_exists"`}},
		{Name: "a guest cannot take a second place with the address of a registered account", Method: http.MethodPost, URL: url, Body: guest(f.EventA.Id, "Citizen@Test.example"),
			ExpectedStatus: 400, ExpectedContent: []string{`"email":{"code":"validation_registration_exists"`}},
		{Name: "an account cannot register where its address is already registered as a guest", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"),
			Body: strings.NewReader(`{"event":"` + f.EventOffice.Id + `"}`),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				register(t, app, "regcitizenguest", f.EventOffice.Id, map[string]any{"name": "Clara als Gast", "email": "CITIZEN@test.example", "consent": true})
			},
			ExpectedStatus: 400, ExpectedContent: []string{`"event":{"code":"validation_registration_exists"`}},
		{Name: "the same address registers for another event", Method: http.MethodPost, URL: url, Body: guest(f.EventOffice.Id, regGuestEmail),
			ExpectedStatus: 200, ExpectedContent: []string{`"event":"` + f.EventOffice.Id + `"`, `"email":"` + regGuestEmail + `"`}},
		{Name: "after a cancellation the address registers anew", Method: http.MethodPost, URL: url, Body: guest(f.EventA.Id, regGuestEmail),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				updateRecord(t, app, "event_registrations", regGuestA, map[string]any{"status": "cancelled"})
			},
			ExpectedStatus: 200, ExpectedContent: []string{`"email":"` + regGuestEmail + `"`}},
	}
	runScenarios(t, registrationsApp, scenarios)
}

func TestParallelRegistrationsWithOneAddressGetOnePlace(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	setCapacity(t, app, f.EventOffice.Id, 20)
	bodies := make([]string, 6)
	for i := range bodies {
		email := "doppelt@example.org"
		if i%2 == 1 {
			email = "Doppelt@Example.org"
		}
		bodies[i] = fmt.Sprintf(`{"event":%q,"name":"Person %d","email":%q,"consent":true}`, f.EventOffice.Id, i, email)
	}
	codes := parallel(t, app, http.MethodPost, "/api/collections/event_registrations/records", "", bodies...)
	if count(codes, 200) != 1 || count(codes, 400) != 5 {
		t.Fatalf("one place for one address: %v", codes)
	}
	n, err := app.CountRecords("event_registrations", dbx.NewExp("LOWER(email) = 'doppelt@example.org'"))
	if err != nil || n != 1 {
		t.Fatalf("one registration stored, got %d (%v)", n, err)
	}
}

// A registration's answer does not tell whether an unpublished event
// exists: a draft and a made-up id get the same answer.
func TestARegistrationDoesNotRevealAnUnpublishedEvent(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	seedRegistrations(t, app, f)
	h := testapp.Handler(t, app)
	answer := func(event string) string {
		res := do(t, h, http.MethodPost, "/api/collections/event_registrations/records", "",
			`{"event":"`+event+`","name":"Neugierig","email":"neugierig@example.org","consent":true}`)
		if res.Code != 400 {
			t.Fatalf("%s: %d %s", event, res.Code, res.Body.String())
		}
		return res.Body.String()
	}
	madeUp := answer("gibtesnicht0000")
	if !strings.Contains(madeUp, "Diesen Termin gibt es nicht.") {
		t.Fatalf("made-up id: %s", madeUp)
	}
	// a draft without capacity, and one with
	if got := answer(f.EventADraft.Id); got != madeUp {
		t.Fatalf("a draft answers\n%s\na made-up id\n%s", got, madeUp)
	}
	setCapacity(t, app, f.EventADraft.Id, 10)
	if got := answer(f.EventADraft.Id); got != madeUp {
		t.Fatalf("a draft with seats answers\n%s\na made-up id\n%s", got, madeUp)
	}
}
