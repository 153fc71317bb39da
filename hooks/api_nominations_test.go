package hooks_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/mailer"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"ben/hooks/awards"
	"ben/hooks/internal/testapp"
)

// nominationBody is a complete nomination for round, with extra fields.
func nominationBody(round string, extra string) *strings.Reader {
	if extra != "" {
		extra = "," + extra
	}
	return strings.NewReader(`{"round":"` + round + `","nominee_name":"Änne Engagiert","reason":"Leitet seit 15 Jahren den Besuchsdienst.",` +
		`"nominator_name":"Volker Vorschlag","nominator_email":"volker@vorschlag.example","consent":true` + extra + `}`)
}

// expectMails checks that n nominations were confirmed to their nominator
// and that the office heard of each of them (without the nominator's data).
func expectMails(n int) func(t testing.TB, app *tests.TestApp, res *http.Response) {
	return func(t testing.TB, app *tests.TestApp, res *http.Response) {
		toOffice, others := mailsByOffice(app)
		if len(others) != n || len(toOffice) != n {
			t.Fatalf("want %d confirmations and %d notices to the office, got %d and %d", n, n, len(others), len(toOffice))
		}
		for _, m := range toOffice {
			if strings.Contains(m.Text, "@vorschlag.example") || strings.Contains(m.Text, "Vorschlag,") || !strings.Contains(m.Text, "/buero/ehrungen/") {
				t.Fatalf("the office's notice:\n%s", m.Text)
			}
		}
	}
}

// mailsByOffice splits the mails sent so far into those to the office and
// the others.
func mailsByOffice(app *tests.TestApp) (toOffice, others []*mailer.Message) {
	for _, m := range app.TestMailer.Messages() {
		if len(m.To) == 1 && m.To[0].Address == app.Settings().Meta.SenderAddress {
			toOffice = append(toOffice, m)
		} else {
			others = append(others, m)
		}
	}
	return toOffice, others
}

func expectNominations(n int) func(t testing.TB, app *tests.TestApp, res *http.Response) {
	return func(t testing.TB, app *tests.TestApp, res *http.Response) {
		if got, _ := app.CountRecords(awards.Nominations); got != int64(n) {
			t.Fatalf("want %d stored nominations, got %d", n, got)
		}
		if got := app.TestMailer.TotalSend(); got != 0 {
			t.Fatalf("want no mail, got %d", got)
		}
	}
}

func TestNominationsAccess(t *testing.T) {
	t.Parallel()
	_, f := awardsApp(t)
	const url = "/api/collections/nominations/records"
	one := func(id string) string { return url + "/" + id }

	scenarios := []tests.ApiScenario{
		// list
		{Name: "guest lists no nominations", Method: http.MethodGet, URL: url, ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":0`}, NotExpectedContent: []string{nomMedal1, "Hilde"}},
		{Name: "citizen lists no nominations", Method: http.MethodGet, URL: url, Headers: f.Header("citizen"), ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":0`}},
		{Name: "juror lists the nominations of their round without the nominators' e-mail addresses", Method: http.MethodGet, URL: url, Headers: f.Header("jurorA"),
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"totalItems":2`, nomMedal1, nomMedal2, "Hilde Helferin", "Norbert Nenner"},
			NotExpectedContent: []string{nomPrize, nominatorEmail, "olga@vorschlag.example", `"nominator_email"`}},
		{Name: "juror of another round lists only that round's nominations", Method: http.MethodGet, URL: url, Headers: f.Header("jurorB"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, nomPrize}, NotExpectedContent: []string{nomMedal1, "Hilde"}},
		{Name: "staff list every nomination with the nominators' e-mail addresses", Method: http.MethodGet, URL: url, Headers: f.Header("staff"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":3`, nominatorEmail}},
		{Name: "juror cannot probe the nominators' e-mail addresses", Method: http.MethodGet, URL: url + "?filter=(nominator_email~'norbert')", Headers: f.Header("jurorA"),
			ExpectedStatus: 400, ExpectedContent: []string{"E-Mail-Adresse"}},
		{Name: "juror cannot sort by the nominators' e-mail addresses", Method: http.MethodGet, URL: url + "?sort=nominator_email", Headers: f.Header("jurorA"),
			ExpectedStatus: 400, ExpectedContent: []string{"E-Mail-Adresse"}},

		// view
		{Name: "guest cannot view a nomination", Method: http.MethodGet, URL: one(nomMedal1), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot view a nomination", Method: http.MethodGet, URL: one(nomMedal1), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror views a nomination of their round", Method: http.MethodGet, URL: one(nomMedal1) + "?expand=round", Headers: f.Header("jurorA"),
			ExpectedStatus: 200, ExpectedContent: []string{"Hilde Helferin", `"field_of_action":"Senioren"`}, NotExpectedContent: []string{nominatorEmail, `"jury"`}},
		{Name: "juror of another round cannot view the nomination", Method: http.MethodGet, URL: one(nomMedal1), Headers: f.Header("jurorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff view a nomination with the nominator's e-mail address", Method: http.MethodGet, URL: one(nomMedal1), Headers: f.Header("staff"),
			ExpectedStatus: 200, ExpectedContent: []string{nominatorEmail}},

		// create: anyone, while the round is open
		{Name: "guest nominates while the round is open and gets a confirmation mail", Method: http.MethodPost, URL: url, Body: nominationBody(roundMedal, ""),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"submitted"`, `"nominee_name":"Änne Engagiert"`}, NotExpectedContent: []string{"volker@vorschlag.example"},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				_, confirmations := mailsByOffice(app)
				if len(confirmations) != 1 {
					t.Fatalf("want one confirmation, got %d mails", len(confirmations))
				}
				msg := confirmations[0]
				if len(msg.To) != 1 || msg.To[0].Address != "volker@vorschlag.example" {
					t.Fatalf("the confirmation goes to %v", msg.To)
				}
				if msg.Subject != "Ihr Vorschlag für die Stadtmedaille Bitburg ist eingegangen" {
					t.Fatalf("subject %q", msg.Subject)
				}
				for _, want := range []string{"Guten Tag Volker Vorschlag,", "Änne Engagiert", "Senioren", awards.FormatDay(f.today(10))} {
					if !strings.Contains(msg.Text, want) {
						t.Errorf("the confirmation lacks %q:\n%s", want, msg.Text)
					}
				}
			}},
		{Name: "citizen nominates an organisation", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"),
			Body:           body(`{"round":"` + roundPrize + `","nominee_organisation":"` + f.ClubA.Id + `","reason":"Toller Verein.","nominator_name":"Clara","nominator_email":"clara@test.example","consent":true}`),
			ExpectedStatus: 200, ExpectedContent: []string{f.ClubA.Id}, AfterTestFunc: expectMails(1)},
		{Name: "juror may nominate too", Method: http.MethodPost, URL: url, Headers: f.Header("jurorA"), Body: nominationBody(roundMedal, ""),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"submitted"`}, AfterTestFunc: expectMails(1)},
		{Name: "juror of another round may nominate too", Method: http.MethodPost, URL: url, Headers: f.Header("jurorB"), Body: nominationBody(roundMedal, ""),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"submitted"`}, AfterTestFunc: expectMails(1)},
		{Name: "staff enter a nomination received by post", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: nominationBody(roundMedal, `"status":"admitted"`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"admitted"`}},
		{Name: "guest cannot nominate after the round has closed", Method: http.MethodPost, URL: url, Body: nominationBody(roundClosed, ""),
			ExpectedStatus: 400, ExpectedContent: []string{`"round":{"code":"validation_round_closed","message":"Für diese Runde werden keine Vorschläge angenommen: Vorschläge sind vom ` + awards.FormatDay(f.today(-40)) + ` bis zum ` + awards.FormatDay(f.today(-20))},
			AfterTestFunc: expectMails(0)},
		{Name: "staff cannot enter a nomination after the round has closed either", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: nominationBody(roundClosed, ""),
			ExpectedStatus: 400, ExpectedContent: []string{"validation_round_closed"}},
		{Name: "guest cannot nominate for a round in preparation", Method: http.MethodPost, URL: url, Body: nominationBody(roundDraft, ""),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}, AfterTestFunc: expectMails(0)},
		{Name: "guest cannot set the status", Method: http.MethodPost, URL: url, Body: nominationBody(roundMedal, `"status":"awarded"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}, AfterTestFunc: expectMails(0)},
		{Name: "consent is required", Method: http.MethodPost, URL: url,
			Body:           body(`{"round":"` + roundMedal + `","nominee_name":"X","reason":"Y","nominator_name":"Z","nominator_email":"z@test.example","consent":false}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"consent":{"code":"validation_consent_required","message":"Bitte bestätigen Sie`}, AfterTestFunc: expectMails(0)},
		{Name: "a nomination names someone", Method: http.MethodPost, URL: url,
			Body:           body(`{"round":"` + roundMedal + `","reason":"Y","nominator_name":"Z","nominator_email":"z@test.example","consent":true}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"nominee_name":{"code":"validation_nominee_required"`}},
		{Name: "guest cannot nominate an organisation that is not published", Method: http.MethodPost, URL: url,
			Body:           body(`{"round":"` + roundMedal + `","nominee_organisation":"` + f.Pending.Id + `","reason":"Y","nominator_name":"Z","nominator_email":"z@test.example","consent":true}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "a filled honeypot is answered like a success but nothing is stored or mailed", Method: http.MethodPost, URL: url,
			Body:           nominationBody(roundMedal, `"website":"http://spam.example"`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"submitted"`, `"collectionName":"nominations"`}, NotExpectedContent: []string{"spam.example"},
			AfterTestFunc: expectNominations(3)},
		{Name: "an empty honeypot does no harm", Method: http.MethodPost, URL: url, Body: nominationBody(roundMedal, `"website":""`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"submitted"`}, AfterTestFunc: expectMails(1)},

		// update and delete: staff only
		{Name: "guest cannot change a nomination", Method: http.MethodPatch, URL: one(nomMedal1), Body: body(`{"status":"awarded"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot change a nomination", Method: http.MethodPatch, URL: one(nomMedal1), Headers: f.Header("citizen"), Body: body(`{"status":"awarded"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror cannot change a nomination of their round", Method: http.MethodPatch, URL: one(nomMedal1), Headers: f.Header("jurorA"), Body: body(`{"status":"awarded"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror of another round cannot change a nomination", Method: http.MethodPatch, URL: one(nomMedal1), Headers: f.Header("jurorB"), Body: body(`{"status":"awarded"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff admit a nomination after the round has closed", Method: http.MethodPatch, URL: one(nomMedal1), Headers: f.Header("staff"),
			Body: body(`{"status":"admitted"}`), ExpectedStatus: 200, ExpectedContent: []string{`"status":"admitted"`},
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				updateRecord(t, app, awards.Rounds, roundMedal, map[string]any{"nominations_until": f.today(-1)})
			}},
		{Name: "guest cannot delete a nomination", Method: http.MethodDelete, URL: one(nomMedal1), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot delete a nomination", Method: http.MethodDelete, URL: one(nomMedal1), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror cannot delete a nomination", Method: http.MethodDelete, URL: one(nomMedal1), Headers: f.Header("jurorA"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror of another round cannot delete a nomination", Method: http.MethodDelete, URL: one(nomMedal1), Headers: f.Header("jurorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff delete a nomination together with its votes", Method: http.MethodDelete, URL: one(nomMedal1), Headers: f.Header("staff"), ExpectedStatus: 204,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if _, err := app.FindRecordById(awards.JuryVotes, voteA); err == nil {
					t.Fatal("the votes on a deleted nomination should go with it")
				}
			}},
	}

	// the dates above count from f's day, and so do each scenario's records
	runScenarios(t, awardsFactoryOn(f.seededOn), scenarios)
}

// TestNominationWindowCountsWholeDaysInBitburg moves the round's dates
// around today: the first and the last day count in full. BEN judges by
// its own clock, so each case runs on one day (onOneDay).
func TestNominationWindowCountsWholeDaysInBitburg(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name        string
		from, until int // days from today
		status      int
	}{
		{"nominations open today", 0, 5, 200},
		{"nominations open tomorrow", 1, 5, 400},
		{"nominations close today", -5, 0, 200},
		{"nominations closed yesterday", -5, -1, 400},
		{"a one-day window today", 0, 0, 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			onOneDay(t, func(t testing.TB, day time.Time) {
				app, f := awardsAppOn(t, day)
				updateRecord(t, app, awards.Rounds, roundMedal, map[string]any{"nominations_from": f.today(c.from), "nominations_until": f.today(c.until)})
				body, _ := json.Marshal(map[string]any{"round": roundMedal, "nominee_name": "X", "reason": "Y",
					"nominator_name": "Z", "nominator_email": "z@test.example", "consent": true})
				res := do(t, testapp.Handler(t, app), http.MethodPost, "/api/collections/nominations/records", "", string(body))
				if res.Code != c.status {
					t.Fatalf("want %d, got %d %s", c.status, res.Code, res.Body)
				}
			})
		})
	}
}

// TestNominationFloodIsStopped sends eleven nominations from one address
// within a minute: the eleventh is refused by the rate limit.
func TestNominationFloodIsStopped(t *testing.T) {
	t.Parallel()
	app, _ := awardsApp(t)
	h := testapp.Handler(t, app)
	for i := 1; i <= 11; i++ {
		req := httptest.NewRequest(http.MethodPost, "/api/collections/nominations/records",
			nominationBody(roundMedal, fmt.Sprintf(`"nominee_name":"Flut %d"`, i)))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = "203.0.113.7:4711"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		want := 200
		if i == 11 {
			want = http.StatusTooManyRequests
		}
		if rec.Code != want {
			t.Fatalf("nomination %d: want %d, got %d %s", i, want, rec.Code, rec.Body)
		}
	}
	if _, confirmations := mailsByOffice(app); len(confirmations) != 10 {
		t.Fatalf("want 10 confirmations, got %d", len(confirmations))
	}

	// another address is not affected
	req := httptest.NewRequest(http.MethodPost, "/api/collections/nominations/records", nominationBody(roundMedal, ""))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = "198.51.100.9:4711"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("a nomination from another address: %d %s", rec.Code, rec.Body)
	}
}

// TestNominationsReachOnlyStaffAndTheirJuryInRealtime subscribes a guest, a
// citizen, both jurors and staff to the nominations and stores one.
func TestNominationsReachOnlyStaffAndTheirJuryInRealtime(t *testing.T) {
	t.Parallel()
	app, f := awardsApp(t)
	testapp.Handler(t, app) // binds the realtime broadcasting

	auth := map[string]*core.Record{"guest": nil}
	for role, id := range map[string]string{"citizen": f.Citizen.Id, "jurorA": jurorA, "jurorB": jurorB} {
		u, err := app.FindRecordById("users", id)
		if err != nil {
			t.Fatal(err)
		}
		auth[role] = u
	}
	staff, err := app.FindRecordById(core.CollectionNameSuperusers, f.Staff.Id)
	if err != nil {
		t.Fatal(err)
	}
	auth["staff"] = staff

	var mu sync.Mutex
	received := map[string][]string{}
	for role, a := range auth {
		for _, topic := range []string{"nominations", "nominations/*"} {
			client := subscriptions.NewDefaultClient()
			if a != nil {
				client.Set(apis.RealtimeClientAuthKey, a)
			}
			client.Subscribe(topic)
			app.SubscriptionsBroker().Register(client)
			go func() {
				for msg := range client.Channel() {
					mu.Lock()
					received[role] = append(received[role], string(msg.Data))
					mu.Unlock()
				}
			}()
			t.Cleanup(client.Discard)
		}
	}

	c, _ := app.FindCollectionByNameOrId(awards.Nominations)
	n := core.NewRecord(c)
	n.Load(map[string]any{"round": roundMedal, "nominee_name": "Rita Realtime", "reason": "Immer da.",
		"nominator_name": "Nina", "nominator_email": "nina@vorschlag.example", "consent": true})
	if err := app.Save(n); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the broadcast runs in goroutines

	mu.Lock()
	defer mu.Unlock()
	for role, want := range map[string]int{"guest": 0, "citizen": 0, "jurorB": 0, "jurorA": 2, "staff": 2} {
		if got := len(received[role]); got != want {
			t.Errorf("%s received %d messages, want %d", role, got, want)
		}
	}
	for _, msg := range received["jurorA"] {
		if !strings.Contains(msg, "Rita Realtime") || strings.Contains(msg, "nina@vorschlag.example") {
			t.Errorf("the juror's message should name the nominee but not the nominator's address: %s", msg)
		}
	}
	for _, msg := range received["staff"] {
		if !strings.Contains(msg, "nina@vorschlag.example") {
			t.Errorf("staff should see the nominator's address: %s", msg)
		}
	}
}
