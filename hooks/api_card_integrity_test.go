package hooks_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/card"
	"ben/hooks/internal/testapp"
	"ben/hooks/mailer"
)

// cardOf is the card issued for an application.
func cardOf(t testing.TB, app core.App, applicationID string) *core.Record {
	t.Helper()
	c, err := app.FindFirstRecordByData("cards", "application", applicationID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func verdictOf(t *testing.T, h http.Handler, app core.App, c *core.Record) string {
	t.Helper()
	f := testapp.Fixtures(t)
	fresh, err := app.FindRecordById("cards", c.Id)
	token := ""
	if err == nil {
		token = cardTokenOf(t, h, fresh.Id, f.Tokens["staff"])
	} else {
		t.Fatal("verdictOf needs the card")
	}
	got, _ := verifyCardOnline(t, h, token)
	return got.Verdict
}

func TestCardRevocationSurvivesEverything(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	c := issuedCard(t, app, "", f.Citizen)
	token := cardTokenOf(t, h, c.Id, f.Tokens["citizen"])
	number := c.GetString("number")

	res := do(t, h, http.MethodPost, "/api/ben/cards/"+c.Id+"/revoke", f.Tokens["staffBuero"], `{"reason":"Als gestohlen gemeldet"}`)
	if res.Code != 200 {
		t.Fatalf("revoke: %d %s", res.Code, res.Body)
	}
	rev, err := app.FindFirstRecordByData("card_revocations", "number", number)
	if err != nil || rev.GetString("decided_by") != f.StaffBuero.Id || rev.GetString("reason") != "Als gestohlen gemeldet" {
		t.Fatalf("the revocation is recorded with reason and staff account: %v %v", rev, err)
	}

	// nobody deletes the card through the API, superusers neither
	for _, role := range []string{"staff", "staffBuero", "citizen"} {
		if res := do(t, h, http.MethodDelete, "/api/collections/cards/records/"+c.Id, f.Tokens[role], ""); res.Code == 204 {
			t.Fatalf("%s deleted an issued card", role)
		}
	}
	// nor the revocation
	for _, role := range []string{"staff", "staffBuero"} {
		if res := do(t, h, http.MethodDelete, "/api/collections/card_revocations/records/"+rev.Id, f.Tokens[role], ""); res.Code == 204 {
			t.Fatalf("%s deleted a revocation", role)
		}
		if res := do(t, h, http.MethodPatch, "/api/collections/card_revocations/records/"+rev.Id, f.Tokens[role], `{"number":"BIT-2000-00001"}`); res.Code == 200 {
			t.Fatalf("%s changed a revocation", role)
		}
	}
	if err := app.Delete(rev); err == nil {
		t.Fatal("Go code deleted a revocation")
	}
	// and no status brings it back
	if res := do(t, h, http.MethodPatch, "/api/collections/cards/records/"+c.Id, f.Tokens["staff"], `{"status":"active"}`); res.Code == 200 {
		t.Fatal("a superuser reinstated a revoked card")
	}

	// even a card record gone behind BEN's back (a raw SQL delete) leaves
	// its number revoked, online and on the list
	if _, err := app.DB().NewQuery("DELETE FROM cards WHERE id = {:id}").Bind(dbx.Params{"id": c.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	if got, raw := verifyCardOnline(t, h, token); got.Verdict != "revoked" {
		t.Fatalf("after delete-after-revoke: %s", raw)
	}
	list := do(t, h, http.MethodGet, "/api/ben/revocations", "", "")
	if !strings.Contains(list.Body.String(), number) {
		t.Fatalf("the number left the list: %s", list.Body)
	}

	// and it is never issued again
	next := issuedCard(t, app, "", f.EditorB)
	if next.GetString("number") == number {
		t.Fatalf("number %s issued twice", number)
	}
}

func TestCardNumberIsNeverReused(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	first := issuedCard(t, app, "", f.Citizen)
	second := issuedCard(t, app, "", f.EditorA)
	// the highest card of the year disappears (as with "highest + 1" it
	// would have been handed out again)
	if _, err := app.DB().NewQuery("DELETE FROM cards WHERE id = {:id}").Bind(dbx.Params{"id": second.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	third := issuedCard(t, app, "", f.EditorB)
	for _, old := range []*core.Record{first, second} {
		if third.GetString("number") == old.GetString("number") {
			t.Fatalf("number %s issued twice", old.GetString("number"))
		}
	}
	// Go code cannot pick a used or lower number either
	coll, _ := app.FindCollectionByNameOrId("cards")
	c := core.NewRecord(coll)
	c.Load(map[string]any{"number": second.GetString("number"), "kind": "standard", "status": "active", "issued_at": time.Now(), "holder": f.Unchecked.Id})
	if err := app.Save(c); err == nil || !strings.Contains(err.Error(), "nie erneut vergeben") {
		t.Fatalf("a used number must be refused, got %v", err)
	}
}

func TestCardNumberYearIsTheYearInBitburg(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	coll, _ := app.FindCollectionByNameOrId("cards")
	c := core.NewRecord(coll)
	// 23:30 UTC on New Year's Eve is 00:30 on 1 January in Bitburg
	c.Load(map[string]any{"kind": "standard", "status": "active", "issued_at": time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC),
		"valid_until": time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC), "holder": f.Citizen.Id})
	if err := app.Save(c); err != nil {
		t.Fatal(err)
	}
	if c.GetString("number") != "BIT-2027-00001" {
		t.Fatalf("number %q, want the first of 2027", c.GetString("number"))
	}
}

func TestCardConcurrentIssuesShareNoNumberAndLeaveOneActiveCard(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	// two applications of the same person, both confirmed
	ids := make([]string, 2)
	for i := range ids {
		a := cardDraft(t, app, "", f.Citizen, adultBirth, engagementAt(nil, 6))
		setStatus(t, app, a.Id, "submitted", nil)
		setStatus(t, app, a.Id, "confirmed", nil)
		ids[i] = a.Id
	}
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i == 0 {
				if res := do(t, h, http.MethodPatch, "/api/collections/card_applications/records/"+id, f.Tokens["staffBuero"], `{"status":"approved"}`); res.Code != 200 {
					t.Errorf("approve through the API: %d %s", res.Code, res.Body)
				}
				return
			}
			r, _ := app.FindRecordById("card_applications", id)
			r.Set("status", "approved")
			if err := app.Save(r); err != nil {
				t.Errorf("approve in Go: %v", err)
			}
		}()
	}
	wg.Wait()
	active, err := app.CountRecords("cards", dbx.HashExp{"holder": f.Citizen.Id, "status": "active"})
	if err != nil || active != 1 {
		t.Fatalf("%d active cards after two approvals at once (%v), want 1", active, err)
	}
	all, _ := app.FindAllRecords("cards", dbx.HashExp{"holder": f.Citizen.Id})
	if len(all) != 2 || all[0].GetString("number") == all[1].GetString("number") {
		t.Fatalf("two cards with two numbers, got %d", len(all))
	}
	for _, c := range all {
		if c.GetString("status") == "expired" && (c.GetDateTime("ended_at").IsZero() || c.GetString("replaced_by") == "") {
			t.Fatalf("the replaced card names when it ended and what replaced it: %v", c.FieldsData())
		}
	}
}

func TestCardRenewalLeavesOneActiveCard(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	old := issuedCard(t, app, "", f.Citizen)
	oldToken := cardTokenOf(t, h, old.Id, f.Tokens["citizen"])

	// renewal right after the issue
	res := do(t, h, http.MethodPost, "/api/ben/card/cards/"+old.Id+"/renew", f.Tokens["citizen"], "")
	if res.Code != 200 {
		t.Fatalf("renew: %d %s", res.Code, res.Body)
	}
	var draft struct{ ID string }
	_ = json.Unmarshal(res.Body.Bytes(), &draft)
	setStatus(t, app, draft.ID, "submitted", nil)
	setStatus(t, app, draft.ID, "confirmed", nil)
	setStatus(t, app, draft.ID, "approved", nil)
	renewed := cardOf(t, app, draft.ID)

	if n, _ := app.CountRecords("cards", dbx.HashExp{"holder": f.Citizen.Id, "status": "active"}); n != 1 {
		t.Fatalf("%d active cards after the renewal, want 1", n)
	}
	ended, _ := app.FindRecordById("cards", old.Id)
	if ended.GetString("status") != "expired" || ended.GetString("replaced_by") != renewed.Id || ended.GetDateTime("ended_at").IsZero() {
		t.Fatalf("the old card ends on the day of the renewal: %v", ended.FieldsData())
	}
	// the old printed card no longer counts, online and offline (listed)
	if got, raw := verifyCardOnline(t, h, oldToken); got.Verdict != "revoked" {
		t.Fatalf("the replaced card: %s", raw)
	}
	if got := verdictOf(t, h, app, renewed); got != "valid" {
		t.Fatalf("the renewed card: %s", got)
	}

	// a new application while holding a card becomes its renewal
	next := cardDraft(t, app, "", f.Citizen, adultBirth, engagementAt(nil, 6))
	if next.GetString("previous_card") != renewed.Id {
		t.Fatalf("a new application of a holder is the renewal of the active card, previous_card = %q", next.GetString("previous_card"))
	}
}

func TestCardStatusExpiredOrPastValidityIsNotValid(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)

	// staff set a card to expired in the dashboard
	c := issuedCard(t, app, "", f.Citizen)
	token := cardTokenOf(t, h, c.Id, f.Tokens["citizen"])
	if res := do(t, h, http.MethodPatch, "/api/collections/cards/records/"+c.Id, f.Tokens["staff"], `{"status":"expired"}`); res.Code != 200 {
		t.Fatalf("%d %s", res.Code, res.Body)
	}
	if got, raw := verifyCardOnline(t, h, token); got.Verdict == "valid" {
		t.Fatalf("an expired card verified as valid: %s", raw)
	}
	if ended, _ := app.FindRecordById("cards", c.Id); ended.GetDateTime("ended_at").IsZero() {
		t.Fatal("a card set to expired records when it ended (the statistics count by it)")
	}

	// staff cannot give a card a past valid_until in the dashboard …
	d := issuedCard(t, app, "", f.EditorA)
	if res := do(t, h, http.MethodPatch, "/api/collections/cards/records/"+d.Id, f.Tokens["staff"], `{"valid_until":"2020-01-01 00:00:00.000Z"}`); res.Code != 400 ||
		!strings.Contains(res.Body.String(), "validation_card_correction_only") {
		t.Fatalf("valid_until through the record API: %d %s", res.Code, res.Body)
	}
	for _, body := range []string{`{"number":"BIT-2099-00001"}`, `{"kind":"jubilaeum"}`} {
		if res := do(t, h, http.MethodPatch, "/api/collections/cards/records/"+d.Id, f.Tokens["staffBuero"], body); res.Code != 400 {
			t.Fatalf("%s through the record API: %d %s", body, res.Code, res.Body)
		}
	}
	// … only through the correction, with a reason
	if res := do(t, h, http.MethodPost, "/api/ben/cards/"+d.Id+"/correct", f.Tokens["staffBuero"], `{"field":"valid_until","value":"2020-01-01"}`); res.Code != 400 {
		t.Fatalf("a correction without reason: %d %s", res.Code, res.Body)
	}
	if res := do(t, h, http.MethodPost, "/api/ben/cards/"+d.Id+"/correct", f.Tokens["staffRedaktion"], `{"field":"valid_until","value":"2020-01-01","reason":"x"}`); res.Code != 403 {
		t.Fatalf("redaktion corrects no card: %d %s", res.Code, res.Body)
	}
	// the card was issued a year ago, and its last day typed wrongly
	backdate(t, app, d, time.Now().AddDate(-1, 0, 0))
	yesterday := time.Now().AddDate(0, 0, -1).Format("2006-01-02")
	dToken := cardTokenOf(t, h, d.Id, f.Tokens["editorA"])
	res := do(t, h, http.MethodPost, "/api/ben/cards/"+d.Id+"/correct", f.Tokens["staffBuero"], `{"field":"valid_until","value":"`+yesterday+`","reason":"Karte war befristet ausgestellt"}`)
	if res.Code != 200 || !strings.Contains(res.Body.String(), `"status":"expired"`) {
		t.Fatalf("correct valid_until: %d %s", res.Code, res.Body)
	}
	if got, raw := verifyCardOnline(t, h, dToken); got.Verdict == "valid" {
		t.Fatalf("the card printed before the correction verified as valid: %s", raw)
	}
	corr, err := app.FindFirstRecordByData("card_corrections", "card", d.Id)
	if err != nil || corr.GetString("before") == "" || corr.GetString("after") != yesterday || corr.GetString("decided_by") != f.StaffBuero.Id {
		t.Fatalf("the correction is recorded: %v %v", corr, err)
	}

	// a corrected number revokes the old one for good
	e := issuedCard(t, app, "", f.EditorB)
	eToken := cardTokenOf(t, h, e.Id, f.Tokens["editorB"])
	res = do(t, h, http.MethodPost, "/api/ben/cards/"+e.Id+"/correct", f.Tokens["staff"], `{"field":"number","value":"`+card.CardNumber(card.NumberYear(e.GetDateTime("issued_at").Time()), 90001)+`","reason":"Nummernkreis der Stadt"}`)
	if res.Code != 200 {
		t.Fatalf("correct number: %d %s", res.Code, res.Body)
	}
	if got, raw := verifyCardOnline(t, h, eToken); got.Verdict != "revoked" {
		t.Fatalf("the old number: %s", raw)
	}
	if got := verdictOf(t, h, app, e); got != "valid" {
		t.Fatalf("the new number: %s", got)
	}
}

func TestCardOfficeConfirmsWithAReason(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	a := cardDraft(t, app, "", f.Citizen, adultBirth, engagementAt(nil, 6))
	setStatus(t, app, a.Id, "submitted", nil)
	row, _ := app.FindFirstRecordByData("engagements", "application", a.Id)
	url := "/api/ben/card/engagements/" + row.Id + "/confirm-by-office"

	// the office cannot skip the engagements by setting the status
	for _, role := range []string{"staff", "staffBuero"} {
		res := do(t, h, http.MethodPatch, "/api/collections/card_applications/records/"+a.Id, f.Tokens[role], `{"status":"confirmed"}`)
		if res.Code != 400 || !strings.Contains(res.Body.String(), "validation_card_unconfirmed_engagements") {
			t.Fatalf("%s set confirmed with nothing confirmed: %d %s", role, res.Code, res.Body)
		}
	}
	// nor by writing the confirmation into the record, superusers neither
	for _, role := range []string{"staff", "staffBuero", "citizen"} {
		res := do(t, h, http.MethodPatch, "/api/collections/engagements/records/"+row.Id, f.Tokens[role], `{"confirmed_at":"2026-01-01 00:00:00.000Z","confirmed_by":"ich","confirmed_via":"staff","confirmation_reason":"x"}`)
		if res.Code == 200 {
			t.Fatalf("%s wrote a confirmation into the record", role)
		}
	}
	if res := do(t, h, http.MethodPost, url, f.Tokens["staffBuero"], `{"reason":"  "}`); res.Code != 400 {
		t.Fatalf("without a reason: %d %s", res.Code, res.Body)
	}
	for _, role := range []string{"staffRedaktion", "citizen", "editorA"} {
		if res := do(t, h, http.MethodPost, url, f.Tokens[role], `{"reason":"x"}`); res.Code != 403 {
			t.Fatalf("%s confirmed as the office: %d", role, res.Code)
		}
	}
	res := do(t, h, http.MethodPost, url, f.Tokens["staffBuero"], `{"reason":"schriftliche Bestätigung liegt vor"}`)
	if res.Code != 200 {
		t.Fatalf("office confirmation: %d %s", res.Code, res.Body)
	}
	fresh, _ := app.FindRecordById("engagements", row.Id)
	if fresh.GetString("confirmed_via") != "staff" || fresh.GetString("confirmation_reason") != "schriftliche Bestätigung liegt vor" ||
		fresh.GetString("decided_by") != f.StaffBuero.Id || fresh.GetString("confirmed_by") != card.OfficeConfirmer {
		t.Fatalf("the confirmation records way, reason and account: %v", fresh.FieldsData())
	}
	if got, _ := app.FindRecordById("card_applications", a.Id); got.GetString("status") != "confirmed" {
		t.Fatalf("the application follows its last engagement: %q", got.GetString("status"))
	}
	// the applicant sees who confirmed, not the reason or the account
	mine := do(t, h, http.MethodGet, "/api/collections/engagements/records/"+row.Id, f.Tokens["citizen"], "")
	if !strings.Contains(mine.Body.String(), card.OfficeConfirmer) || strings.Contains(mine.Body.String(), "schriftliche") || strings.Contains(mine.Body.String(), f.StaffBuero.Id) {
		t.Fatalf("the applicant's view: %s", mine.Body)
	}
	office := do(t, h, http.MethodGet, "/api/collections/engagements/records/"+row.Id, f.Tokens["staffBuero"], "")
	if !strings.Contains(office.Body.String(), "schriftliche Bestätigung liegt vor") || !strings.Contains(office.Body.String(), `"confirmed_via":"staff"`) {
		t.Fatalf("the office's view: %s", office.Body)
	}
}

// Nobody confirms their own hours: not as editor of their club, not with a
// group application for a club they registered, not with a link to their
// own address.
func TestCardSelfConfirmationIsRefusedOnEveryPath(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)

	t.Run("a link never goes to the applicant's own address", func(t *testing.T) {
		// not parallel: the subtests share one app and change it in turn
		d := cardDraft(t, app, "", f.Citizen, adultBirth)
		res := do(t, h, http.MethodPost, "/api/collections/engagements/records", f.Tokens["citizen"],
			`{"application":"`+d.Id+`","organisation_name":"Tafel","role":"Fahrer","hours_per_week":6,"since":"2020-01-01 00:00:00.000Z","allowance":"none","contact_name":"Ich","contact_email":"CITIZEN@test.example"}`)
		if res.Code != 400 || !strings.Contains(res.Body.String(), "validation_card_own_address") {
			t.Fatalf("own address as contact: %d %s", res.Code, res.Body)
		}
		// a +tag reaches the same mailbox
		res = do(t, h, http.MethodPost, "/api/collections/engagements/records", f.Tokens["citizen"],
			`{"application":"`+d.Id+`","organisation_name":"Tafel","role":"Fahrer","hours_per_week":6,"since":"2020-01-01 00:00:00.000Z","allowance":"none","contact_name":"Ich","contact_email":"citizen+x@test.example"}`)
		if res.Code != 400 || !strings.Contains(res.Body.String(), "validation_card_own_address") {
			t.Fatalf("own address with a +tag as contact: %d %s", res.Code, res.Body)
		}
		res = do(t, h, http.MethodPost, "/api/collections/engagements/records", f.Tokens["citizen"],
			`{"application":"`+d.Id+`","organisation_name":"Tafel","role":"Fahrer","hours_per_week":6,"since":"2020-01-01 00:00:00.000Z","allowance":"none","contact_name":"Kontakt","contact_email":"citizenx@test.example"}`)
		if res.Code != 200 {
			t.Fatalf("another mailbox as contact: %d %s", res.Code, res.Body)
		}
		// an address typed before the account changed to it is caught at submission
		users, _ := app.FindCollectionByNameOrId("users")
		u := core.NewRecord(users)
		u.SetEmail("alt@example.org")
		u.SetPassword(testapp.Password)
		if err := app.Save(u); err != nil {
			t.Fatal(err)
		}
		d2 := cardDraft(t, app, "", u, adultBirth, map[string]any{"organisation_name": "Tafel", "hours_per_week": 6, "contact_email": "neu@example.org"})
		u.SetEmail("neu@example.org")
		if err := app.Save(u); err != nil {
			t.Fatal(err)
		}
		d2.Set("status", "submitted")
		if err := app.Save(d2); err == nil || !strings.Contains(err.Error(), "eigene") {
			t.Fatalf("submitting with a link to the own address: %v", err)
		}
		if n := len(confirmationTokens(t, app)); n != 0 {
			t.Fatalf("%d links mailed", n)
		}
	})

	t.Run("an engagement at a club in BEN is confirmed by its editors, never by a typed link", func(t *testing.T) {
		app.TestMailer.Reset()
		d := cardDraft(t, app, "", f.Unchecked, adultBirth, map[string]any{"organisation": f.ClubB.Id, "hours_per_week": 6, "contact_email": "unchecked@test.example.org"})
		setStatus(t, app, d.Id, "submitted", nil)
		if n := len(confirmationTokens(t, app)); n != 0 {
			t.Fatalf("%d links mailed for a club in BEN", n)
		}
		asked := 0
		for _, m := range app.TestMailer.Messages() {
			switch m.To[0].Address {
			case f.EditorB.Email():
				asked++
			case mailer.Office(app): // the office hears of every new application
			default:
				t.Fatalf("a mail went to %s, want only the club's editor and the office", m.To[0].Address)
			}
		}
		if asked != 1 {
			t.Fatalf("the club's editor got %d mails, want 1", asked)
		}
	})

	t.Run("an editor cannot confirm their own application", func(t *testing.T) {
		own := cardDraft(t, app, "", f.EditorA, adultBirth, engagementAt(f.ClubA, 6))
		setStatus(t, app, own.Id, "submitted", nil)
		row, _ := app.FindFirstRecordByData("engagements", "application", own.Id)
		if res := do(t, h, http.MethodPost, "/api/ben/card/engagements/"+row.Id+"/confirm", f.Tokens["editorA"], ""); res.Code != 403 {
			t.Fatalf("%d %s", res.Code, res.Body)
		}
	})

	t.Run("a citizen's pending club takes no group application", func(t *testing.T) {
		res := do(t, h, http.MethodPost, "/api/collections/card_applications/records", f.Tokens["editorA"],
			`{"applicant":"`+f.EditorA.Id+`","group_organisation":"`+f.Pending.Id+`","first_name":"Freund","last_name":"Fiktiv","birth_date":"1990-01-01 00:00:00.000Z","kind":"standard","status":"draft"}`)
		if res.Code != 400 || !strings.Contains(res.Body.String(), "validation_card_group_unpublished") {
			t.Fatalf("group application for a pending club: %d %s", res.Code, res.Body)
		}
	})

	t.Run("the editor who files a group application cannot confirm it; another editor can", func(t *testing.T) {
		club := f.ClubA
		club.Set("editors", []string{f.EditorA.Id, f.EditorB.Id})
		if err := app.Save(club); err != nil {
			t.Fatal(err)
		}
		res := do(t, h, http.MethodPost, "/api/collections/card_applications/records", f.Tokens["editorA"],
			`{"applicant":"`+f.EditorA.Id+`","group_organisation":"`+club.Id+`","first_name":"Gerd","last_name":"Gruppe","birth_date":"1990-01-01 00:00:00.000Z","kind":"standard","status":"draft","resident_in_bitburg":true}`)
		if res.Code != 200 {
			t.Fatalf("group application: %d %s", res.Code, res.Body)
		}
		var a struct{ ID string }
		_ = json.Unmarshal(res.Body.Bytes(), &a)
		cardDraftEngagement(t, app, a.ID, map[string]any{"organisation": club.Id, "hours_per_week": 6})
		setStatus(t, app, a.ID, "submitted", nil)
		row, _ := app.FindFirstRecordByData("engagements", "application", a.ID)
		if res := do(t, h, http.MethodPost, "/api/ben/card/engagements/"+row.Id+"/confirm", f.Tokens["editorA"], ""); res.Code != 403 {
			t.Fatalf("the filing editor confirmed: %d %s", res.Code, res.Body)
		}
		if res := do(t, h, http.MethodPost, "/api/ben/card/engagements/"+row.Id+"/confirm", f.Tokens["editorB"], ""); res.Code != 200 {
			t.Fatalf("the other editor: %d %s", res.Code, res.Body)
		}
	})
}

// backdate writes a card's issue as if it had happened at issued (with
// the two years from then): an issued card's dates change only by a
// correction, which no longer moves the day of issue.
func backdate(t testing.TB, app core.App, c *core.Record, issued time.Time) {
	t.Helper()
	until, _ := card.ValidUntil("standard", issued)
	const layout = "2006-01-02 15:04:05.000Z"
	if _, err := app.DB().Update("cards", dbx.Params{"issued_at": issued.UTC().Format(layout), "valid_until": until.Format(layout)},
		dbx.HashExp{"id": c.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
}

// cardDraftEngagement adds an engagement to a draft (Go code path).
func cardDraftEngagement(t testing.TB, app core.App, applicationID string, data map[string]any) *core.Record {
	t.Helper()
	coll, _ := app.FindCollectionByNameOrId("engagements")
	e := core.NewRecord(coll)
	e.Load(map[string]any{"application": applicationID, "role": "Übungsleitung", "allowance": "none", "in_bitburg": true,
		"since": time.Now().AddDate(-3, 0, 0), "contact_name": "Kontakt", "contact_email": "kontakt@club.example"})
	e.Load(data)
	if err := app.Save(e); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestCardResendIsLimitedAndNeverFailsOnMail(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	// a mail server that refuses every mail
	app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error { return errSMTP })
	ids := []string{}
	for range card.ResendPerAccount + 1 {
		a := cardDraft(t, app, "", f.Citizen, adultBirth, engagementAt(nil, 6))
		setStatus(t, app, a.Id, "submitted", nil)
		ids = append(ids, a.Id)
	}
	resend := func(id string) int {
		return do(t, h, http.MethodPost, "/api/ben/card/applications/"+id+"/resend-confirmations", f.Tokens["citizen"], "").Code
	}
	if got := resend(ids[0]); got != 200 {
		t.Fatalf("first resend with a failing mail server: %d, want 200", got)
	}
	if got := resend(ids[0]); got != 429 {
		t.Fatalf("second resend of the same application at once: %d, want 429", got)
	}
	for _, id := range ids[1:card.ResendPerAccount] {
		if got := resend(id); got != 200 {
			t.Fatalf("resend of another application: %d", got)
		}
	}
	if got := resend(ids[card.ResendPerAccount]); got != 429 {
		t.Fatalf("resend number %d of the account within a day: %d, want 429", card.ResendPerAccount+1, got)
	}
}

type smtpError struct{}

func (smtpError) Error() string { return "550 mailbox unavailable" }

var errSMTP = smtpError{}

func TestCardGroupApplicationIsClaimedPrintedAndReminded(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	c, claimToken := groupCard(t, app, h, f, "Gerd", "Gruppe", "gerd@example.org") // the person named is invited to claim it
	application := c.GetString("application")
	if c.GetString("holder") != "" {
		t.Fatal("the card of a group application has no holder until claimed")
	}

	// the filing club's editors print it; others do not see it
	if res := do(t, h, http.MethodGet, "/api/ben/cards/"+c.Id+"/card.pdf", f.Tokens["editorB"], ""); res.Code != 200 {
		t.Fatalf("the club's editor prints the card: %d %s", res.Code, res.Body)
	}
	for _, role := range []string{"editorA", "citizen"} {
		if res := do(t, h, http.MethodGet, "/api/ben/cards/"+c.Id+"/qr.svg", f.Tokens[role], ""); res.Code != 404 {
			t.Fatalf("%s fetched the QR code: %d", role, res.Code)
		}
	}

	// nobody claimed it yet: the reminder goes to the club
	soon := time.Now().AddDate(0, 0, 10).Format("2006-01-02")
	if _, err := card.Correct(app, c, "valid_until", soon, "Ablauf für den Test vorgezogen", "", time.Now()); err != nil {
		t.Fatal(err)
	}
	app.TestMailer.Reset()
	if n, err := card.SendReminders(app, time.Now(), card.DefaultConfig.ReminderLead); err != nil || n != 1 {
		t.Fatalf("reminders: %d %v", n, err)
	}
	if to := app.TestMailer.LastMessage().To[0].Address; to != f.ClubB.GetString("email") {
		t.Fatalf("the reminder of an unclaimed card goes to the club, went to %s", to)
	}

	// Gerd claims it with an account; a used link works once
	if res := do(t, h, http.MethodPost, "/api/ben/card/claims/"+claimToken, "", ""); res.Code != 401 {
		t.Fatalf("a guest claims nothing: %d", res.Code)
	}
	if res := do(t, h, http.MethodPost, "/api/ben/card/claims/"+claimToken, f.Tokens["unchecked"], ""); res.Code != 200 {
		t.Fatalf("claim: %d %s", res.Code, res.Body)
	}
	if res := do(t, h, http.MethodPost, "/api/ben/card/claims/"+claimToken, f.Tokens["citizen"], ""); res.Code != 404 {
		t.Fatalf("a used link: %d", res.Code)
	}
	c, _ = app.FindRecordById("cards", c.Id)
	if c.GetString("holder") != f.Unchecked.Id || c.GetDateTime("claimed_at").IsZero() {
		t.Fatalf("the card is Gerd's now: %v", c.FieldsData())
	}
	if res := do(t, h, http.MethodGet, "/api/ben/cards/"+c.Id+"/qr.svg", f.Tokens["editorB"], ""); res.Code != 404 {
		t.Fatalf("once claimed, the club no longer fetches the card: %d", res.Code)
	}
	if res := do(t, h, http.MethodGet, "/api/ben/cards/"+c.Id+"/qr.svg", f.Tokens["unchecked"], ""); res.Code != 200 {
		t.Fatalf("the holder fetches the card: %d", res.Code)
	}
	// and the reminder goes to the holder now
	c.Set("reminder_sent_at", nil)
	if err := app.Save(c); err != nil {
		t.Fatal(err)
	}
	app.TestMailer.Reset()
	if n, err := card.SendReminders(app, time.Now(), card.DefaultConfig.ReminderLead); err != nil || n != 1 {
		t.Fatalf("reminders: %d %v", n, err)
	}
	if to := app.TestMailer.LastMessage().To[0].Address; to != f.Unchecked.Email() {
		t.Fatalf("the reminder of a claimed card goes to its holder, went to %s", to)
	}

	// Gerd deletes his account: his card is revoked, and the club's
	// application that names him goes with it
	gerd, _ := app.FindRecordById("users", f.Unchecked.Id)
	if err := app.Delete(gerd); err != nil {
		t.Fatal(err)
	}
	if _, err := app.FindRecordById("card_applications", application); err == nil {
		t.Fatal("the group application naming a deleted account's holder must go")
	}
	if c, _ = app.FindRecordById("cards", c.Id); c.GetString("status") != "revoked" || c.GetString("holder") != "" {
		t.Fatalf("the card of a deleted account: %v", c.FieldsData())
	}
}
