package hooks_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/card"
	"ben/hooks/internal/testapp"
)

func TestEngagementsAccess(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const url = "/api/collections/engagements/records"
	newEngagement := func(application string) *strings.Reader {
		return body(`{"application":"` + application + `","organisation_name":"Tafel","role":"Fahrer","hours_per_week":3,"since":"2020-01-01 00:00:00.000Z","allowance":"none","contact_name":"K","contact_email":"k@example.org"}`)
	}

	scenarios := []tests.ApiScenario{
		{Name: "guest lists no engagements", Method: http.MethodGet, URL: url, ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "applicant lists the engagements of own applications", Method: http.MethodGet, URL: url, Headers: f.Header("citizen"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":3`}, NotExpectedContent: []string{`"applicant_name"`}},
		{Name: "editor of the club sees only the submitted engagement to confirm, with the applicant's name", Method: http.MethodGet, URL: url, Headers: f.Header("editorA"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, submittedID, `"applicant_name":"Vera Vorlage"`},
			NotExpectedContent: []string{draftID}},
		{Name: "editor no longer sees the row once the application is withdrawn", Method: http.MethodGet, URL: url, Headers: f.Header("editorA"),
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
				setStatus(t, app, submittedID, "withdrawn", nil)
			},
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "editor of another club sees none of them", Method: http.MethodGet, URL: url, Headers: f.Header("editorB"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, othersID}, NotExpectedContent: []string{submittedID, draftID}},
		{Name: "staff list every engagement", Method: http.MethodGet, URL: url, Headers: f.Header("staff"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":4`}},
		{Name: "applicant adds an engagement to own draft", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"),
			Body: newEngagement(draftID), ExpectedStatus: 200, ExpectedContent: []string{`"role":"Fahrer"`}},
		{Name: "applicant cannot add an engagement to a submitted application", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"),
			Body: newEngagement(submittedID), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "user cannot add an engagement to someone else's draft", Method: http.MethodPost, URL: url, Headers: f.Header("editorB"),
			Body: newEngagement(draftID), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "applicant cannot confirm own engagement", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"),
			Body:           body(`{"application":"` + draftID + `","organisation_name":"Tafel","role":"Fahrer","hours_per_week":3,"since":"2020-01-01 00:00:00.000Z","allowance":"none","contact_name":"K","contact_email":"k@example.org","confirmed_at":"2026-01-01 00:00:00.000Z"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "an engagement names its organisation and its hours", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"),
			Body:           body(`{"application":"` + draftID + `","role":"Fahrer","since":"2020-01-01 00:00:00.000Z","allowance":"none","contact_name":"K","contact_email":"k@example.org"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"organisation_name":{"code":"validation_required"`, `"hours_per_week":{"code":"validation_required"`}},
		{Name: "editor cannot edit an engagement to confirm it", Method: http.MethodPatch, URL: url + "/appsubmitted010", Headers: f.Header("editorA"),
			Body: body(`{"confirmed_by":"ich"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor confirms the engagement through the route", Method: http.MethodPost, URL: "/api/ben/card/engagements/appsubmitted010/confirm", Headers: f.Header("editorA"),
			ExpectedStatus: 200, ExpectedContent: []string{`"confirmed":true`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				a, _ := app.FindRecordById("card_applications", submittedID)
				if a.GetString("status") != "confirmed" {
					t.Fatalf("with its only engagement confirmed the application should be confirmed, is %q", a.GetString("status"))
				}
				if !strings.Contains(app.TestMailer.LastMessage().Subject, "bestätigt") {
					t.Fatalf("the office should be told, last mail %q", app.TestMailer.LastMessage().Subject)
				}
			}},
		{Name: "editor of another club cannot confirm", Method: http.MethodPost, URL: "/api/ben/card/engagements/appsubmitted010/confirm", Headers: f.Header("editorB"),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "guest cannot confirm as editor", Method: http.MethodPost, URL: "/api/ben/card/engagements/appsubmitted010/confirm",
			ExpectedStatus: 401, ExpectedContent: []string{`"status":401`}},
	}
	runScenarios(t, cardApp, scenarios)
}

func TestEditorCannotConfirmOwnEngagement(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	own := cardDraft(t, app, "", f.EditorA, adultBirth, engagementAt(f.ClubA, 6))
	setStatus(t, app, own.Id, "submitted", nil)
	row, _ := app.FindFirstRecordByData("engagements", "application", own.Id)
	res := do(t, testapp.Handler(t, app), http.MethodPost, "/api/ben/card/engagements/"+row.Id+"/confirm", f.Tokens["editorA"], "")
	if res.Code != 403 {
		t.Fatalf("an editor confirming their own hours: %d %s, want 403", res.Code, res.Body)
	}
	if r, _ := app.FindRecordById("engagements", row.Id); !r.GetDateTime("confirmed_at").IsZero() {
		t.Fatal("the engagement must stay unconfirmed")
	}
}

func TestEngagementsAtMostFive(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	five := []map[string]any{}
	for range card.MaxEngagements {
		five = append(five, engagementAt(nil, 1))
	}
	cardDraft(t, app, draftID, f.Citizen, adultBirth, five...)
	res := do(t, testapp.Handler(t, app), http.MethodPost, "/api/collections/engagements/records", f.Tokens["citizen"],
		`{"application":"`+draftID+`","organisation_name":"Sechs","role":"x","hours_per_week":1,"since":"2020-01-01 00:00:00.000Z","allowance":"none","contact_name":"K","contact_email":"k@example.org"}`)
	if res.Code != 400 || !strings.Contains(res.Body.String(), "höchstens 5") {
		t.Fatalf("a sixth engagement must be refused, got %d %s", res.Code, res.Body)
	}
}

func TestConfirmationLinkIsSingleUse(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	cardDraft(t, app, draftID, f.Citizen, adultBirth, engagementAt(nil, 3), map[string]any{"hours_per_week": 3, "organisation_name": "Tafel Eifel", "contact_email": "tafel@example.org"})
	setStatus(t, app, draftID, "submitted", nil)
	tokens := confirmationTokens(t, app)
	if len(tokens) != 2 {
		t.Fatalf("want a link per engagement, got %d", len(tokens))
	}
	h := testapp.Handler(t, app)

	show := do(t, h, http.MethodGet, "/api/ben/card/confirmations/"+tokens[0], "", "")
	if show.Code != 200 || !strings.Contains(show.Body.String(), `"applicant_name":"Vera Vorlage"`) || strings.Contains(show.Body.String(), "1985") {
		t.Fatalf("the contact sees name and engagement, not the birth date: %d %s", show.Code, show.Body)
	}

	// 50 clicks at once: exactly one confirms
	var wg sync.WaitGroup
	codes := make(chan int, 50)
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- do(t, h, http.MethodPost, "/api/ben/card/confirmations/"+tokens[0], "", "").Code
		}()
	}
	wg.Wait()
	close(codes)
	ok := 0
	for c := range codes {
		switch c {
		case 200:
			ok++
		case 404:
		default:
			t.Errorf("unexpected status %d", c)
		}
	}
	if ok != 1 {
		t.Fatalf("%d of 50 concurrent uses succeeded, want exactly 1", ok)
	}
	if a, _ := app.FindRecordById("card_applications", draftID); a.GetString("status") != "submitted" {
		t.Fatalf("one of two engagements confirmed: still submitted, got %q", a.GetString("status"))
	}

	// the second link, once it has expired, no longer works
	rows, _ := app.FindAllRecords("engagements")
	for _, r := range rows {
		if r.GetString("confirm_token_hash") != "" {
			r.Set("confirm_expires_at", time.Now().Add(-time.Minute))
			if err := app.SaveNoValidate(r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if res := do(t, h, http.MethodPost, "/api/ben/card/confirmations/"+tokens[1], "", ""); res.Code != 404 || !strings.Contains(res.Body.String(), "abgelaufen") {
		t.Fatalf("an expired link must be refused, got %d %s", res.Code, res.Body)
	}

	// the applicant asks for a new link; it works once and confirms the application
	app.TestMailer.Reset()
	if res := do(t, h, http.MethodPost, "/api/ben/card/applications/"+draftID+"/resend-confirmations", f.Tokens["citizen"], ""); res.Code != 200 {
		t.Fatalf("resend: %d %s", res.Code, res.Body)
	}
	fresh := confirmationTokens(t, app)
	if len(fresh) != 1 {
		t.Fatalf("one open engagement, want one new link, got %d", len(fresh))
	}
	if res := do(t, h, http.MethodPost, "/api/ben/card/confirmations/"+fresh[0], "", ""); res.Code != 200 {
		t.Fatalf("new link: %d %s", res.Code, res.Body)
	}
	if a, _ := app.FindRecordById("card_applications", draftID); a.GetString("status") != "confirmed" {
		t.Fatalf("all engagements confirmed: want confirmed, got %q", a.GetString("status"))
	}
	if res := do(t, h, http.MethodPost, "/api/ben/card/applications/"+draftID+"/resend-confirmations", f.Tokens["editorB"], ""); res.Code != 404 {
		t.Fatalf("another user cannot resend links: %d", res.Code)
	}
}

func TestCardNumbersStayUniqueUnderConcurrentApprovals(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	const n = 50
	ids := make([]string, n)
	for i := range ids {
		a := cardDraft(t, app, "", f.Citizen, adultBirth, engagementAt(nil, 6))
		setStatus(t, app, a.Id, "submitted", nil)
		setStatus(t, app, a.Id, "confirmed", nil)
		ids[i] = a.Id
	}
	h := testapp.Handler(t, app)
	var wg sync.WaitGroup
	errs := make(chan string, n)
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 { // half through the API as the dashboard does, half through Go code
				if res := do(t, h, http.MethodPatch, "/api/collections/card_applications/records/"+id, f.Tokens["staff"], `{"status":"approved"}`); res.Code != 200 {
					errs <- res.Body.String()
				}
				return
			}
			r, _ := app.FindRecordById("card_applications", id)
			r.Set("status", "approved")
			if err := app.Save(r); err != nil {
				errs <- err.Error()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	cards, err := app.FindAllRecords("cards")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range cards {
		if seen[c.GetString("number")] {
			t.Fatalf("card number %s issued twice", c.GetString("number"))
		}
		seen[c.GetString("number")] = true
	}
	if len(cards) != n {
		t.Fatalf("%d cards for %d approvals", len(cards), n)
	}
}

func TestCardsAccess(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const url = "/api/collections/cards/records"
	approved := func(t testing.TB) *tests.TestApp {
		app := cardApp(t)
		setStatus(t, app, confirmedID, "approved", nil)
		return app
	}
	scenarios := []tests.ApiScenario{
		{Name: "guest lists no cards", Method: http.MethodGet, URL: url, ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "holder lists own card", Method: http.MethodGet, URL: url, Headers: f.Header("citizen"), ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, `"number":"BIT-`}},
		{Name: "another user lists no cards", Method: http.MethodGet, URL: url, Headers: f.Header("editorA"), ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "user cannot create a card", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"),
			Body:           strings.NewReader(`{"number":"BIT-2026-99999","kind":"standard","status":"active","issued_at":"2026-01-01 00:00:00.000Z","holder":"` + f.Citizen.Id + `"}`),
			ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}, ExpectedEvents: map[string]int{"*": 0}},
		{Name: "staff cannot create a card either: cards come from approving an application", Method: http.MethodPost, URL: url, Headers: f.Header("staff"),
			Body:           strings.NewReader(`{"number":"BIT-2026-99999","kind":"standard","status":"active","issued_at":"2026-01-01 00:00:00.000Z","holder":"` + f.Citizen.Id + `"}`),
			ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}, ExpectedEvents: map[string]int{"*": 0, "OnRecordCreateRequest": 1}},
		{Name: "staff cannot revoke without a reason", Method: http.MethodGet, URL: url, Headers: f.Header("staff"), ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				c, _ := app.FindFirstRecordByData("cards", "application", confirmedID)
				c.Set("status", "revoked")
				if err := app.Save(c); err == nil || !strings.Contains(err.Error(), "revoked_reason") {
					t.Fatalf("revoking without a reason must fail, got %v", err)
				}
				c.Set("revoked_reason", "Missbrauch")
				if err := app.Save(c); err != nil {
					t.Fatal(err)
				}
			}},
	}
	runScenarios(t, approved, scenarios)
}

func TestCardDailyJob(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	now := time.Date(2027, 3, 1, 3, 15, 0, 0, time.UTC)
	coll, _ := app.FindCollectionByNameOrId("cards")
	newCard := func(number string, validUntil time.Time, holder *core.Record) *core.Record {
		c := core.NewRecord(coll)
		c.Load(map[string]any{"number": number, "kind": "standard", "status": "active", "issued_at": validUntil.AddDate(-2, 0, 0), "valid_until": validUntil, "holder": holder.Id})
		if err := app.Save(c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	// last valid days, counted in Bitburg: the job runs at 04:15 on 1 March 2027
	expired := newCard("BIT-2025-00001", time.Date(2027, 2, 28, 0, 0, 0, 0, time.UTC), f.Citizen)
	lastDay := newCard("BIT-2025-00002", time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), f.EditorA)
	inSixWeeks := newCard("BIT-2025-00003", time.Date(2027, 4, 12, 0, 0, 0, 0, time.UTC), f.EditorB)
	laterThanSix := newCard("BIT-2025-00004", time.Date(2027, 4, 13, 0, 0, 0, 0, time.UTC), f.Unchecked)

	if err := card.RunDaily(app, now, card.DefaultConfig); err != nil {
		t.Fatal(err)
	}
	status := func(c *core.Record) (string, bool) {
		r, _ := app.FindRecordById("cards", c.Id)
		return r.GetString("status"), !r.GetDateTime("reminder_sent_at").IsZero()
	}
	if s, _ := status(expired); s != "expired" {
		t.Errorf("card past its validity: %q, want expired", s)
	}
	if s, reminded := status(lastDay); s != "active" || !reminded {
		t.Errorf("card on its last day: %q reminded=%v, want active and reminded", s, reminded)
	}
	if _, reminded := status(inSixWeeks); !reminded {
		t.Error("card expiring within six weeks: want a reminder")
	}
	if _, reminded := status(laterThanSix); reminded {
		t.Error("card expiring in more than six weeks: no reminder yet")
	}
	sent := app.TestMailer.TotalSend()
	if sent != 2 {
		t.Fatalf("want 2 reminders, got %d", sent)
	}
	if err := card.RunDaily(app, now.Add(30*time.Second), card.DefaultConfig); err != nil {
		t.Fatal(err)
	}
	if app.TestMailer.TotalSend() != sent {
		t.Fatal("a card is reminded only once")
	}
}

func TestCardPersonalDataOfClosedApplicationsIsDeleted(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	old := cardDraft(t, app, "", f.Citizen, adultBirth, engagementAt(nil, 6))
	recent := cardDraft(t, app, "", f.Citizen, adultBirth, engagementAt(nil, 6))
	open := cardDraft(t, app, "", f.Citizen, adultBirth, engagementAt(nil, 6))
	setStatus(t, app, old.Id, "withdrawn", nil)
	setStatus(t, app, recent.Id, "withdrawn", nil)
	now := time.Now()
	backdate := func(id string, ago time.Duration) {
		r, _ := app.FindRecordById("card_applications", id)
		r.Set("decided_at", now.Add(-ago))
		if err := app.SaveNoValidate(r); err != nil {
			t.Fatal(err)
		}
	}
	backdate(old.Id, card.DefaultConfig.Retention+time.Hour)
	backdate(recent.Id, card.DefaultConfig.Retention-time.Hour)

	n, err := card.PurgeClosedApplications(app, now, card.DefaultConfig.Retention)
	if err != nil || n != 1 {
		t.Fatalf("purged %d (%v), want 1", n, err)
	}
	if _, err := app.FindRecordById("card_applications", old.Id); err == nil {
		t.Error("the application withdrawn more than six months ago must be gone")
	}
	if left, _ := app.CountRecords("engagements"); left != 2 {
		t.Errorf("its engagements must go with it: %d left, want 2", left)
	}
	for _, id := range []string{recent.Id, open.Id} {
		if _, err := app.FindRecordById("card_applications", id); err != nil {
			t.Errorf("application %s must stay", id)
		}
	}
}

func TestCardEligibilityHintMatchesTheSubmissionRule(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	h := testapp.Handler(t, app)
	res := do(t, h, http.MethodPost, "/api/ben/card/eligibility", "",
		`{"kind":"standard","birth_date":"1990-01-01","resident_in_bitburg":"true","engagements":[{"hours_per_week":"4,99","since":"2020-01-01","allowance":"none"}]}`)
	if res.Code != 200 || !strings.Contains(res.Body.String(), `"eligible":false`) || !strings.Contains(res.Body.String(), "too_few_hours") {
		t.Fatalf("4 h/week: want not eligible with too_few_hours, got %d %s", res.Code, res.Body)
	}
	res = do(t, h, http.MethodPost, "/api/ben/card/eligibility", "",
		`{"kind":"standard","birth_date":"1990-01-01","resident_in_bitburg":true,"engagements":[{"hours_per_week":"5,0","since":"2020-01-01","allowance":"none"}]}`)
	if res.Code != 200 || !strings.Contains(res.Body.String(), `"eligible":true`) {
		t.Fatalf("5 h/week: want eligible, got %d %s", res.Code, res.Body)
	}
}
