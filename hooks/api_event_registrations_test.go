package hooks_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
	"ben/hooks/privacy"
	"ben/hooks/registrations"
)

func TestEventRegistrationsAccess(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const url = "/api/collections/event_registrations/records"
	one := func(id string) string { return url + "/" + id }
	body := func(event, extra string) *strings.Reader {
		return strings.NewReader(`{"event":"` + event + `","name":"Hanna Helferin","email":"hanna@helfen.example","consent":true` + extra + `}`)
	}
	eventA := []string{regCitizenA, regGuestA, regEditorBA, regWaitingA}
	mailed := func(to, subject string, more ...string) func(t testing.TB, app *tests.TestApp, res *http.Response) {
		return func(t testing.TB, app *tests.TestApp, res *http.Response) {
			if n := mailsTo(app, to, subject); n != 1 {
				t.Fatalf("want one mail %q to %s, got %d", subject, to, n)
			}
			msg := app.TestMailer.LastMessage()
			for _, m := range more {
				if !strings.Contains(msg.Text, m) {
					t.Errorf("the mail lacks %q:\n%s", m, msg.Text)
				}
			}
		}
	}
	noNewMail := func(t testing.TB, app *tests.TestApp, res *http.Response) {
		if n := mailsTo(app, "hanna@helfen.example", ""); n != 0 {
			t.Fatalf("no mail expected, got %d", n)
		}
	}

	scenarios := []tests.ApiScenario{
		// list and view
		{Name: "guest lists no registrations", Method: http.MethodGet, URL: url,
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}, NotExpectedContent: []string{regGuestEmail}},
		{Name: "citizen lists only their own registration", Method: http.MethodGet, URL: url, Headers: f.Header("citizen"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, regCitizenA}, NotExpectedContent: []string{regGuestEmail, regWaitEmail}},
		{Name: "editor of the organising club lists the event's registrations, guests included", Method: http.MethodGet, URL: url + "?perPage=100", Headers: f.Header("editorA"),
			ExpectedStatus: 200, ExpectedContent: append([]string{`"totalItems":4`, regGuestEmail, regWaitName}, eventA...), NotExpectedContent: []string{regOfficeEmail}},
		{Name: "editor of another club lists only their own registration as a participant", Method: http.MethodGet, URL: url + "?perPage=100", Headers: f.Header("editorB"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, regEditorBA}, NotExpectedContent: []string{regGuestEmail, regOfficeEmail}},
		{Name: "the office (buero) lists the registrations of its own training only", Method: http.MethodGet, URL: url + "?perPage=100", Headers: f.Header("staffBuero"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, regOfficeEmail}, NotExpectedContent: []string{regGuestEmail}},
		{Name: "the redaktion lists no registrations", Method: http.MethodGet, URL: url, Headers: f.Header("staffRedaktion"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "a deactivated office account lists nothing", Method: http.MethodGet, URL: url, Headers: f.Header("staffInactive"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "superusers list every registration", Method: http.MethodGet, URL: url + "?perPage=100", Headers: f.Header("staff"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":5`}},
		{Name: "the organiser does not see the hash of a guest's link", Method: http.MethodGet, URL: one(regGuestA), Headers: f.Header("editorA"),
			ExpectedStatus: 200, ExpectedContent: []string{regGuestEmail}, NotExpectedContent: []string{"token_hash"}},
		{Name: "nobody filters by the hash of a guest's link", Method: http.MethodGet, URL: url + "?filter=(token_hash!='')", Headers: f.Header("editorA"),
			ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "citizen views their own registration", Method: http.MethodGet, URL: one(regCitizenA), Headers: f.Header("citizen"),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"registered"`, `"position":1`}},
		{Name: "citizen cannot view somebody else's registration", Method: http.MethodGet, URL: one(regGuestA), Headers: f.Header("citizen"),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor of another club cannot view the club's registrations", Method: http.MethodGet, URL: one(regGuestA), Headers: f.Header("editorB"),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "the office cannot view registrations of a club's event", Method: http.MethodGet, URL: one(regGuestA), Headers: f.Header("staffBuero"),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},

		// create
		{Name: "guest registers with consent and waits: the three seats are taken", Method: http.MethodPost, URL: url, Body: body(f.EventA.Id, ""),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"waitlisted"`, `"position":5`, `"user":""`, `"confirmed_at":""`},
			NotExpectedContent: []string{"token_hash"},
			AfterTestFunc:      mailed("hanna@helfen.example", "Bitte bestätigen", "Platz 2 der Warteliste", "/termine/anmeldung#")},
		{Name: "guest gets a seat while one is free and a link to confirm it", Method: http.MethodPost, URL: url, Body: body(f.EventOffice.Id, ""),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"registered"`, `"position":2`},
			AfterTestFunc: mailed("hanna@helfen.example", "Bitte bestätigen: Fortbildung im Rathaus", "reserviert", "/termine/anmeldung#", "Monate nach dem Termin")},
		{Name: "a guest's consent is required", Method: http.MethodPost, URL: url,
			Body:           strings.NewReader(`{"event":"` + f.EventOffice.Id + `","name":"Hanna Helferin","email":"hanna@helfen.example"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"consent":{"code":"validation_consent_required"`}, AfterTestFunc: noNewMail},
		{Name: "a guest names themselves and their address", Method: http.MethodPost, URL: url,
			Body:           strings.NewReader(`{"event":"` + f.EventOffice.Id + `","consent":true}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"name":{"code":"validation_required"`, `"email":{"code":"validation_required"`}},
		{Name: "guest cannot choose a seat", Method: http.MethodPost, URL: url, Body: body(f.EventA.Id, `,"status":"registered"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}, AfterTestFunc: noNewMail},
		{Name: "guest cannot jump the queue with a position", Method: http.MethodPost, URL: url, Body: body(f.EventA.Id, `,"position":1`),
			ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "guest cannot confirm their address without the link", Method: http.MethodPost, URL: url, Body: body(f.EventA.Id, `,"confirmed_at":"2030-01-01 00:00:00.000Z"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "guest cannot claim a citizen's account", Method: http.MethodPost, URL: url, Body: body(f.EventA.Id, `,"user":"`+f.Citizen.Id+`"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "an event without capacity takes no registrations", Method: http.MethodPost, URL: url, Body: body(f.EventB.Id, ""),
			ExpectedStatus: 400, ExpectedContent: []string{`"event":{"code":"validation_registration_not_offered"`}, AfterTestFunc: noNewMail},
		{Name: "a draft takes no registrations", Method: http.MethodPost, URL: url, Body: body(f.EventADraft.Id, ""),
			TestAppFactory: func(t testing.TB) *tests.TestApp {
				app := registrationsApp(t)
				setCapacity(t, app, f.EventADraft.Id, 10)
				return app
			},
			ExpectedStatus: 400, ExpectedContent: []string{`"event":{"code":"validation_registration_no_event","message":"Diesen Termin gibt es nicht."}`}},
		{Name: "an event of a pending club takes no registrations", Method: http.MethodPost, URL: url, Body: body(f.EventPending.Id, ""),
			TestAppFactory: func(t testing.TB) *tests.TestApp {
				app := registrationsApp(t)
				setCapacity(t, app, f.EventPending.Id, 10)
				return app
			},
			ExpectedStatus: 400, ExpectedContent: []string{`"event":{"code":"validation_registration_no_event","message":"Diesen Termin gibt es nicht."}`}},
		{Name: "citizen registers: linked to the account, name and address from it, confirmed at once", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"),
			Body:           strings.NewReader(`{"event":"` + f.EventOffice.Id + `","name":"Irgendwer","email":"irgendwer@example.org"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"user":"` + f.EditorA.Id + `"`, `"name":"Anna Vorstand"`, `"email":"editor.a@test.example"`, `"status":"registered"`},
			NotExpectedContent: []string{`"confirmed_at":""`, "irgendwer"},
			AfterTestFunc:      mailed("editor.a@test.example", "Angemeldet: Fortbildung im Rathaus", "/konto/anmeldungen")},
		{Name: "citizen registers only once for an event", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"), Body: body(f.EventA.Id, ""),
			ExpectedStatus: 400, ExpectedContent: []string{`"event":{"code":"validation_registration_exists"`}},

		// update
		{Name: "citizen cancels their own registration, and the first waiting person moves up", Method: http.MethodPatch, URL: one(regCitizenA), Headers: f.Header("citizen"),
			Body: strings.NewReader(`{"status":"cancelled"}`), ExpectedStatus: 200, ExpectedContent: []string{`"status":"cancelled"`},
			NotExpectedContent: []string{`"cancelled_at":""`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if got := regStatus(t, app, regWaitingA); got != "registered" {
					t.Fatalf("Wim should have moved up, is %s", got)
				}
				if mailsTo(app, regWaitEmail, "Sie haben einen Platz") != 1 {
					t.Fatal("Wim was not told")
				}
			}},
		{Name: "citizen cannot mark their own attendance", Method: http.MethodPatch, URL: one(regCitizenA), Headers: f.Header("citizen"),
			Body: strings.NewReader(`{"status":"attended"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot change their name on the list", Method: http.MethodPatch, URL: one(regCitizenA), Headers: f.Header("citizen"),
			Body: strings.NewReader(`{"status":"cancelled","name":"Neuer Name"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot cancel somebody else's registration", Method: http.MethodPatch, URL: one(regGuestA), Headers: f.Header("citizen"),
			Body: strings.NewReader(`{"status":"cancelled"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor cancels a registration of their event", Method: http.MethodPatch, URL: one(regGuestA), Headers: f.Header("editorA"),
			Body: strings.NewReader(`{"status":"cancelled"}`), ExpectedStatus: 200, ExpectedContent: []string{`"status":"cancelled"`}},
		{Name: "editor cannot mark attendance before the event's day", Method: http.MethodPatch, URL: one(regGuestA), Headers: f.Header("editorA"),
			Body: strings.NewReader(`{"status":"attended"}`), ExpectedStatus: 400, ExpectedContent: []string{`"status":{"code":"validation_registration_attended_too_early"`}},
		{Name: "editor cannot let a waiting person skip the queue", Method: http.MethodPatch, URL: one(regWaitingA), Headers: f.Header("editorA"),
			Body: strings.NewReader(`{"status":"registered"}`), ExpectedStatus: 400, ExpectedContent: []string{`"status":{"code":"validation_registration_no_seat"`}},
		{Name: "editor cannot rename a participant", Method: http.MethodPatch, URL: one(regGuestA), Headers: f.Header("editorA"),
			Body: strings.NewReader(`{"name":"Umbenannt"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor of another club cannot cancel the registration", Method: http.MethodPatch, URL: one(regGuestA), Headers: f.Header("editorB"),
			Body: strings.NewReader(`{"status":"cancelled"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "the office cancels a registration of its own training", Method: http.MethodPatch, URL: one(regOffice), Headers: f.Header("staffBuero"),
			Body: strings.NewReader(`{"status":"cancelled"}`), ExpectedStatus: 200, ExpectedContent: []string{`"status":"cancelled"`}},
		{Name: "the redaktion cannot change a registration", Method: http.MethodPatch, URL: one(regOffice), Headers: f.Header("staffRedaktion"),
			Body: strings.NewReader(`{"status":"cancelled"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "a cancellation is final, also for superusers", Method: http.MethodPatch, URL: one(regCitizenA), Headers: f.Header("staff"),
			TestAppFactory: func(t testing.TB) *tests.TestApp {
				app := registrationsApp(t)
				updateRecord(t, app, "event_registrations", regCitizenA, map[string]any{"status": "cancelled"})
				return app
			},
			Body: strings.NewReader(`{"status":"registered"}`), ExpectedStatus: 400, ExpectedContent: []string{`"status":{"code":"validation_registration_cancelled_final"`}},

		// delete
		{Name: "citizen cannot delete their registration, only cancel it", Method: http.MethodDelete, URL: one(regCitizenA), Headers: f.Header("citizen"),
			ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}},
		{Name: "editor cannot delete a registration", Method: http.MethodDelete, URL: one(regGuestA), Headers: f.Header("editorA"),
			ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}},
		{Name: "superusers delete a registration, and the seat goes to the waiting list", Method: http.MethodDelete, URL: one(regGuestA), Headers: f.Header("staff"),
			ExpectedStatus: 204,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if got := regStatus(t, app, regWaitingA); got != "registered" {
					t.Fatalf("Wim should have moved up, is %s", got)
				}
			}},
	}
	runScenarios(t, registrationsApp, scenarios)
}

// Twenty people register at the same moment for five seats: exactly five
// get a seat, fifteen wait, and the waiting list keeps the order in which
// the registrations were stored. Each sends from their own connection
// (one address holds registrations.GuestCap unconfirmed ones).
func TestTwentyConcurrentRegistrationsForFiveSeats(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	setCapacity(t, app, f.EventOffice.Id, 5)
	h := testapp.Handler(t, app)

	var wg sync.WaitGroup
	codes := make([]int, 20)
	start := make(chan struct{})
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := httptest.NewRequest(http.MethodPost, "/api/collections/event_registrations/records",
				strings.NewReader(fmt.Sprintf(`{"event":%q,"name":"Person %d","email":"person%d@parallel.example","consent":true}`, f.EventOffice.Id, i, i)))
			req.Header.Set("Content-Type", "application/json")
			req.RemoteAddr = fmt.Sprintf("198.51.100.%d:4711", i+1)
			res := httptest.NewRecorder()
			<-start
			h.ServeHTTP(res, req)
			codes[i] = res.Code
		}()
	}
	close(start)
	wg.Wait()
	for i, c := range codes {
		if c != 200 {
			t.Fatalf("registration %d: status %d", i, c)
		}
	}

	rows, err := app.FindRecordsByFilter("event_registrations", "event = {:e}", "position", 0, 0, dbx.Params{"e": f.EventOffice.Id})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for i, r := range rows {
		count[r.GetString("status")]++
		if r.GetInt("position") != i+1 {
			t.Fatalf("positions must be 1..20 without gaps, got %d at %d", r.GetInt("position"), i)
		}
		// seats are the first five positions, the waiting list the rest
		if want := map[bool]string{true: "registered", false: "waitlisted"}[i < 5]; r.GetString("status") != want {
			t.Fatalf("position %d is %s, want %s", i+1, r.GetString("status"), want)
		}
	}
	if count["registered"] != 5 || count["waitlisted"] != 15 || len(rows) != 20 {
		t.Fatalf("want 5 registered and 15 waitlisted, got %v of %d", count, len(rows))
	}

	// the seventh registration cancels a seat: the sixth person (first waiting) moves up, nobody else
	first := rows[0]
	first.Set("status", "cancelled")
	if err := app.Save(first); err != nil {
		t.Fatal(err)
	}
	if regStatus(t, app, rows[5].Id) != "registered" || regStatus(t, app, rows[6].Id) != "waitlisted" {
		t.Fatal("the first waiting person must move up, and only them")
	}
}

func TestCapacityRaisedMovesTheWaitingListUpInOrder(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedRegistrations(t, app, f)
	extra := register(t, app, "", f.EventA.Id, map[string]any{"name": "Xaver Extra", "email": "xaver@extra.example", "consent": true})
	last := register(t, app, "", f.EventA.Id, map[string]any{"name": "Lotte Letzte", "email": "lotte@letzte.example", "consent": true})
	app.TestMailer.Reset()

	setCapacity(t, app, f.EventA.Id, 5) // two new seats for three waiting
	if regStatus(t, app, regWaitingA) != "registered" || regStatus(t, app, extra.Id) != "registered" || regStatus(t, app, last.Id) != "waitlisted" {
		t.Fatal("the two first waiting people must move up, the third must wait")
	}
	if mailsTo(app, regWaitEmail, "Sie haben einen Platz") != 1 || mailsTo(app, "xaver@extra.example", "Sie haben einen Platz") != 1 ||
		mailsTo(app, "lotte@letzte.example", "") != 0 {
		t.Fatalf("the two who moved up are told, nobody else: %d mails", app.TestMailer.TotalSend())
	}

	setCapacity(t, app, f.EventA.Id, 2) // fewer seats keep everyone who has one
	if regStatus(t, app, regCitizenA) != "registered" || regStatus(t, app, extra.Id) != "registered" {
		t.Fatal("lowering the capacity must not take seats away")
	}
	updateRecord(t, app, "event_registrations", regCitizenA, map[string]any{"status": "cancelled"})
	if regStatus(t, app, last.Id) != "waitlisted" {
		t.Fatal("with more registered than seats, a cancellation frees no seat")
	}
}

// A guest confirms with the link from the mail and later cancels with it;
// the link shows no address, works for nothing else and dies with the
// cancellation. A moved-up guest gets a fresh link.
func TestGuestLinkConfirmsAndCancels(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedRegistrations(t, app, f)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)

	tokens := linkTokensTo(app, regGuestEmail)
	if len(tokens) != 1 {
		t.Fatalf("Gerlinde should have one link, got %d", len(tokens))
	}
	link := "/api/ben/registrations/link/" + tokens[0]

	res := do(t, h, http.MethodGet, link, "", "")
	if res.Code != 200 || !strings.Contains(res.Body.String(), `"confirmed":false`) || !strings.Contains(res.Body.String(), `"name":"`+regGuestName+`"`) {
		t.Fatalf("show: %d %s", res.Code, res.Body.String())
	}
	if strings.Contains(res.Body.String(), regGuestEmail) {
		t.Fatal("the link's page must not show the address: links get forwarded")
	}

	for _, bad := range []string{strings.Repeat("A", 43), tokens[0][:42], tokens[0] + "x"} {
		if res := do(t, h, http.MethodPost, "/api/ben/registrations/link/"+bad+"/confirm", "", ""); res.Code != 404 {
			t.Fatalf("a wrong token must not confirm: %d", res.Code)
		}
	}

	res = do(t, h, http.MethodPost, link+"/confirm", "", "")
	if res.Code != 200 || !strings.Contains(res.Body.String(), `"confirmed":true`) {
		t.Fatalf("confirm: %d %s", res.Code, res.Body.String())
	}
	if r, _ := app.FindRecordById("event_registrations", regGuestA); r.GetDateTime("confirmed_at").IsZero() {
		t.Fatal("confirmed_at must be set")
	}
	if res := do(t, h, http.MethodPost, link+"/confirm", "", ""); res.Code != 200 {
		t.Fatalf("confirming twice is harmless: %d", res.Code)
	}

	res = do(t, h, http.MethodPost, link+"/cancel", "", "")
	if res.Code != 200 || regStatus(t, app, regGuestA) != "cancelled" {
		t.Fatalf("cancel: %d %s", res.Code, res.Body.String())
	}
	if res := do(t, h, http.MethodGet, link, "", ""); res.Code != 404 {
		t.Fatalf("the link must die with the cancellation: %d", res.Code)
	}

	// Wim moved up and got a fresh link, which replaces his first one
	if regStatus(t, app, regWaitingA) != "registered" {
		t.Fatal("Wim should have moved up")
	}
	wim := linkTokensTo(app, regWaitEmail)
	if len(wim) != 2 || wim[0] == wim[1] {
		t.Fatalf("Wim should have two different links, got %d", len(wim))
	}
	if res := do(t, h, http.MethodGet, "/api/ben/registrations/link/"+wim[0], "", ""); res.Code != 404 {
		t.Fatalf("the first link is replaced: %d", res.Code)
	}
	if res := do(t, h, http.MethodGet, "/api/ben/registrations/link/"+wim[1], "", ""); res.Code != 200 {
		t.Fatalf("the fresh link works: %d", res.Code)
	}
}

func TestGuestLinkCannotCancelAfterTheStart(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedRegistrations(t, app, f)
	h := testapp.Handler(t, app)
	token := linkTokensTo(app, regGuestEmail)[0]

	ev := updateRecord(t, app, "events", f.EventA.Id, map[string]any{"starts_at": time.Now().Add(-time.Hour), "ends_at": time.Now().Add(time.Hour)})
	res := do(t, h, http.MethodPost, "/api/ben/registrations/link/"+token+"/cancel", "", "")
	if res.Code != 400 || regStatus(t, app, regGuestA) != "registered" {
		t.Fatalf("cancelling after the start: %d %s", res.Code, res.Body.String())
	}

	ev.Set("ends_at", time.Now().Add(-time.Minute))
	ev.Set("starts_at", time.Now().Add(-time.Hour))
	if err := app.Save(ev); err != nil {
		t.Fatal(err)
	}
	if res := do(t, h, http.MethodGet, "/api/ben/registrations/link/"+token, "", ""); res.Code != 404 {
		t.Fatalf("a link ends with its event: %d", res.Code)
	}
}

func TestUnconfirmedGuestRegistrationsLapseAfterADay(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedRegistrations(t, app, f)
	h := testapp.Handler(t, app)
	app.Settings().RateLimits.Enabled = false
	// Gerlinde confirms; Otto (the office's training) and Wim do not
	if res := do(t, h, http.MethodPost, "/api/ben/registrations/link/"+linkTokensTo(app, regGuestEmail)[0]+"/confirm", "", ""); res.Code != 200 {
		t.Fatal(res.Body.String())
	}

	created := time.Now()
	if n, err := registrations.LapseUnconfirmed(app, created.Add(registrations.ConfirmWithin-time.Minute)); err != nil || n != 0 {
		t.Fatalf("a minute before the day is over: lapsed %d, %v", n, err)
	}
	n, err := registrations.LapseUnconfirmed(app, created.Add(registrations.ConfirmWithin+time.Minute))
	if err != nil || n != 2 {
		t.Fatalf("after a day: lapsed %d, %v; want Otto and Wim", n, err)
	}
	for id, want := range map[string]string{regGuestA: "registered", regCitizenA: "registered", regOffice: "cancelled", regWaitingA: "cancelled"} {
		if got := regStatus(t, app, id); got != want {
			t.Errorf("%s is %s, want %s", id, got, want)
		}
	}
}

func TestAttendanceOnTheEventsDay(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedRegistrations(t, app, f)
	h := testapp.Handler(t, app)
	updateRecord(t, app, "events", f.EventA.Id, map[string]any{"starts_at": time.Now().Add(-time.Minute), "ends_at": time.Now().Add(time.Hour)})
	patch := func(role, id, status string) int {
		return do(t, h, http.MethodPatch, "/api/collections/event_registrations/records/"+id, f.Tokens[role], `{"status":"`+status+`"}`).Code
	}
	if c := patch("editorA", regGuestA, "attended"); c != 200 {
		t.Fatalf("the organiser marks attendance: %d", c)
	}
	if c := patch("editorA", regGuestA, "registered"); c != 200 {
		t.Fatalf("and takes it back: %d", c)
	}
	if c := patch("editorA", regWaitingA, "attended"); c != 400 {
		t.Fatalf("nobody on the waiting list attended: %d", c)
	}
	if c := patch("citizen", regCitizenA, "cancelled"); c != 404 {
		t.Fatalf("after the start a participant cannot cancel any more: %d", c)
	}
	if c := patch("editorB", regGuestA, "attended"); c != 404 {
		t.Fatalf("another club's editor marks nothing: %d", c)
	}
}

func TestRegistrationSeatsArePublicCountsOnly(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedRegistrations(t, app, f)
	h := testapp.Handler(t, app)

	res := do(t, h, http.MethodGet, "/api/ben/events/"+f.EventA.Id+"/seats", "", "")
	var seats struct {
		Capacity, Taken, Free, Waiting int
		Open                           bool
	}
	if err := json.Unmarshal(res.Body.Bytes(), &seats); err != nil || res.Code != 200 {
		t.Fatalf("%d %s", res.Code, res.Body.String())
	}
	if seats.Capacity != 3 || seats.Taken != 3 || seats.Free != 0 || seats.Waiting != 1 || !seats.Open {
		t.Fatalf("seats of EventA: %+v", seats)
	}
	for _, secret := range []string{regGuestName, regGuestEmail, regWaitName, "Clara"} {
		if strings.Contains(res.Body.String(), secret) {
			t.Fatalf("the seats name nobody, found %q", secret)
		}
	}
	if res := do(t, h, http.MethodGet, "/api/ben/events/"+f.EventB.Id+"/seats", "", ""); !strings.Contains(res.Body.String(), `"open":false`) {
		t.Fatalf("an event without capacity is not open: %s", res.Body.String())
	}
	if res := do(t, h, http.MethodGet, "/api/ben/events/"+f.EventADraft.Id+"/seats", "", ""); res.Code != 404 {
		t.Fatalf("a guest learns nothing about a draft: %d", res.Code)
	}
	if res := do(t, h, http.MethodGet, "/api/ben/events/"+f.EventADraft.Id+"/seats", f.Tokens["editorA"], ""); res.Code != 200 {
		t.Fatalf("its editors do: %d", res.Code)
	}
}

func TestRegistrationsCSVForTheOrganiser(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedRegistrations(t, app, f)
	register(t, app, "", f.EventA.Id, map[string]any{"name": "=HYPERLINK(\"x\")", "email": "formel@trick.example", "consent": true})
	h := testapp.Handler(t, app)
	csvOf := func(event string) string { return "/api/ben/events/" + event + "/registrations.csv" }

	res := do(t, h, http.MethodGet, csvOf(f.EventA.Id), f.Tokens["editorA"], "")
	if res.Code != 200 || !strings.HasPrefix(res.Header().Get("Content-Type"), "text/csv") ||
		!strings.Contains(res.Header().Get("Content-Disposition"), "anmeldungen-training-a-") {
		t.Fatalf("%d %v", res.Code, res.Header())
	}
	lines := strings.Split(strings.TrimPrefix(res.Body.String(), "\uFEFF"), "\r\n")
	if lines[0] != "Nr.;Name;E-Mail;Status;Angemeldet am;E-Mail bestätigt;Mit Konto" {
		t.Fatalf("header: %q", lines[0])
	}
	want := []string{
		"1;Clara Bürgerin;citizen@test.example;angemeldet;",
		"2;" + regGuestName + ";" + regGuestEmail + ";angemeldet;",
		"4;" + regWaitName + ";" + regWaitEmail + ";Warteliste;",
		"5;\"'=HYPERLINK(\"\"x\"\")\";formel@trick.example;Warteliste;",
	}
	for _, w := range want {
		found := slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, w) })
		if !found {
			t.Errorf("no line %q in\n%s", w, res.Body.String())
		}
	}
	if !strings.HasSuffix(lines[2], ";nein;nein") || !strings.HasSuffix(lines[1], ";ja;ja") {
		t.Errorf("confirmation and account columns: %q, %q", lines[1], lines[2])
	}

	for role, code := range map[string]int{"guest": 401, "citizen": 404, "editorB": 404, "staffBuero": 404, "staffRedaktion": 404, "staff": 200} {
		if got := do(t, h, http.MethodGet, csvOf(f.EventA.Id), f.Tokens[role], "").Code; got != code {
			t.Errorf("%s gets the club's list: %d, want %d", role, got, code)
		}
	}
	for role, code := range map[string]int{"staffBuero": 200, "staffRedaktion": 404, "staffInactive": 404, "editorA": 404} {
		if got := do(t, h, http.MethodGet, csvOf(f.EventOffice.Id), f.Tokens[role], "").Code; got != code {
			t.Errorf("%s gets the office's list: %d, want %d", role, got, code)
		}
	}
}

func TestRegistrationsInTheExportAndGoneWithTheAccount(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedRegistrations(t, app, f)
	h := testapp.Handler(t, app)
	// before the account, the citizen registered as a guest with the account's address for the office's training
	guestBefore := register(t, app, "", f.EventOffice.Id, map[string]any{"name": "Clara als Gast", "email": "CITIZEN@test.example", "consent": true})

	export, err := privacy.Export(app, f.Citizen, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(export["event_registrations"])
	for _, want := range []string{regCitizenA, guestBefore.Id, "Training A"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("the export lacks %q: %s", want, raw)
		}
	}
	for _, other := range []string{regGuestEmail, regWaitEmail, "token_hash"} {
		if strings.Contains(string(raw), other) {
			t.Errorf("the export holds %q", other)
		}
	}

	token, _ := f.Citizen.NewAuthToken()
	if res := do(t, h, http.MethodDelete, "/api/collections/users/records/"+f.Citizen.Id, token, ""); res.Code != 204 {
		t.Fatalf("deleting the account: %d %s", res.Code, res.Body.String())
	}
	for _, id := range []string{regCitizenA, guestBefore.Id} {
		if _, err := app.FindRecordById("event_registrations", id); err == nil {
			t.Errorf("registration %s survived the account", id)
		}
	}
	if found := engSearchDatabase(t, app, "Clara als Gast"); len(found) > 0 {
		t.Errorf("the name is still stored in %v", found)
	}
	if regStatus(t, app, regWaitingA) != "registered" {
		t.Fatal("the seat of the deleted account goes to the waiting list")
	}
}

func TestOldGuestRegistrationsAreDeletedAfterTheRetentionTime(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedRegistrations(t, app, f)
	// Gerlinde cancels now; the event ends in three days
	updateRecord(t, app, "event_registrations", regGuestA, map[string]any{"status": "cancelled"})
	now := time.Now()
	ev, _ := app.FindRecordById("events", f.EventA.Id)
	end := ev.GetDateTime("ends_at").Time()

	if n, err := privacy.RunRetention(app, now.AddDate(0, 12, 0).Add(-time.Minute)); err != nil || n != 0 {
		t.Fatalf("before 12 months: deleted %d, %v", n, err)
	}
	if n, err := privacy.RunRetention(app, now.AddDate(0, 12, 0).Add(time.Minute)); err != nil || n != 1 {
		t.Fatalf("12 months after her cancellation: deleted %d, %v; want Gerlinde's", n, err)
	}
	if _, err := app.FindRecordById("event_registrations", regGuestA); err == nil {
		t.Fatal("Gerlinde's cancelled registration is still there")
	}
	if n, err := privacy.RunRetention(app, end.AddDate(0, 12, 0).Add(-time.Minute)); err != nil || n != 0 {
		t.Fatalf("before 12 months after the events: deleted %d, %v", n, err)
	}
	// the office's training ends when EventA does
	if n, err := privacy.RunRetention(app, end.AddDate(0, 12, 0).Add(time.Minute)); err != nil || n != 2 {
		t.Fatalf("12 months after the events: deleted %d, %v; want Wim's and Otto's", n, err)
	}
	for id, kept := range map[string]bool{regWaitingA: false, regOffice: false, regCitizenA: true, regEditorBA: true} {
		if _, err := app.FindRecordById("event_registrations", id); (err == nil) != kept {
			t.Errorf("%s kept=%v, want %v", id, err == nil, kept)
		}
	}
}

// Every registration rule holds for Go code too: the status is BEN's.
func TestRegistrationStatusIsBENsOnEveryPath(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedRegistrations(t, app, f)
	r := register(t, app, "", f.EventA.Id, map[string]any{"name": "Fritz Frech", "email": "fritz@frech.example", "consent": true, "status": "registered", "position": 1})
	if r.GetString("status") != "waitlisted" || r.GetInt("position") != 5 {
		t.Fatalf("Go code cannot choose a seat or a position: %s at %d", r.GetString("status"), r.GetInt("position"))
	}
	coll, _ := app.FindCollectionByNameOrId("event_registrations")
	late := core.NewRecord(coll)
	late.Load(map[string]any{"event": f.EventB.Id, "name": "Lena Spät", "email": "lena@spaet.example", "consent": true})
	if err := app.Save(late); err == nil || !strings.Contains(err.Error(), "keine Anmeldungen") {
		t.Fatalf("an event without capacity refuses Go code too: %v", err)
	}
}

// A cancelled event takes no registrations, and everyone registered or
// waiting is told once.
func TestCancellingAnEventTellsItsRegistrations(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedRegistrations(t, app, f)
	cancelled := register(t, app, "", f.EventA.Id, map[string]any{"name": "Xaver Weg", "email": "xaver@weg.example", "consent": true})
	cancelled.Set("status", "cancelled")
	if err := app.Save(cancelled); err != nil {
		t.Fatal(err)
	}
	app.TestMailer.Reset()

	ev := updateRecord(t, app, "events", f.EventA.Id, map[string]any{"cancelled": true})
	for _, to := range []string{"citizen@test.example", regGuestEmail, "editor.b@test.example", regWaitEmail} {
		if n := mailsTo(app, to, "Abgesagt: Training A"); n != 1 {
			t.Errorf("%s told %d times", to, n)
		}
	}
	if mailsTo(app, "xaver@weg.example", "") != 0 || app.TestMailer.TotalSend() != 4 {
		t.Fatalf("only the four registered and waiting are told, %d mails", app.TestMailer.TotalSend())
	}
	ev.Set("location", "Turnhalle")
	if err := app.Save(ev); err != nil || app.TestMailer.TotalSend() != 4 {
		t.Fatalf("a later change of the cancelled event tells nobody again: %v, %d mails", err, app.TestMailer.TotalSend())
	}
	late := core.NewRecord(cancelled.Collection())
	late.Load(map[string]any{"event": f.EventA.Id, "name": "Nora Neu", "email": "nora@neu.example", "consent": true})
	if err := app.Save(late); err == nil || !strings.Contains(err.Error(), "abgesagt") {
		t.Fatalf("a cancelled event takes no registrations: %v", err)
	}
}

// A registration for a series (a course on several dates) is kept while
// the series runs, even when its first date is long over.
func TestGuestRegistrationsForASeriesAreKeptWhileItRuns(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedRegistrations(t, app, f)
	ev, _ := app.FindRecordById("events", f.EventOffice.Id)
	ev.Set("rrule", "FREQ=MONTHLY;COUNT=24") // two years of monthly dates
	if err := app.Save(ev); err != nil {
		t.Fatal(err)
	}
	ev, _ = app.FindRecordById("events", f.EventOffice.Id)
	last := ev.GetDateTime("series_ends_at").Time()
	if last.Before(time.Now().AddDate(1, 6, 0)) {
		t.Fatalf("the series should end in about two years, ends %v", last)
	}
	first := ev.GetDateTime("ends_at").Time()

	if n, err := privacy.RunRetention(app, first.AddDate(0, 12, 0).Add(time.Minute)); err != nil {
		t.Fatal(err)
	} else if _, err := app.FindRecordById("event_registrations", regOffice); err != nil {
		t.Fatalf("Otto's registration must stay while the series runs (deleted %d)", n)
	}
	if _, err := privacy.RunRetention(app, last.AddDate(0, 12, 0).Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := app.FindRecordById("event_registrations", regOffice); err == nil {
		t.Fatal("12 months after the last date it goes")
	}
}

// An event whose registrations are all cancelled may be deleted: that
// deletes the registrations and moves nobody up. (With people registered
// or waiting it is refused: TestFestivalEventsAndEventsWithRegistrations.)
func TestDeletingAnEventTakesItsRegistrationsQuietly(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedRegistrations(t, app, f)
	ev, _ := app.FindRecordById("events", f.EventA.Id)
	if err := app.Delete(ev); err == nil {
		t.Fatal("an event with people registered must not be deleted")
	}
	for {
		rows, err := app.FindAllRecords("event_registrations", dbx.HashExp{"event": f.EventA.Id}, dbx.In("status", "registered", "waitlisted"))
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			break
		}
		rows[0].Set("status", "cancelled")
		if err := app.Save(rows[0]); err != nil {
			t.Fatal(err)
		}
	}
	app.TestMailer.Reset()
	if err := app.Delete(ev); err != nil {
		t.Fatal(err)
	}
	if n, _ := app.CountRecords("event_registrations", dbx.HashExp{"event": f.EventA.Id}); n != 0 {
		t.Fatalf("%d registrations survived their event", n)
	}
	if app.TestMailer.TotalSend() != 0 {
		t.Fatalf("nobody moves up to a deleted event: %d mails", app.TestMailer.TotalSend())
	}
}
