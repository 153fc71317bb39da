package hooks_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/internal/testapp"
)

// A submission is judged and carried out in one transaction that reads what
// it decides on once: the stored status, whom the application is about, its
// engagements and their organisations. These tests hold the rules that this
// reading must not lose.

func TestCardSubmissionStartsFromTheStoredStatus(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	d := cardDraft(t, app, "", f.Citizen, adultBirth, engagementAt(nil, 6))
	stale, err := app.FindRecordById("card_applications", d.Id) // loaded as a draft
	if err != nil {
		t.Fatal(err)
	}
	app.TestMailer.Reset()
	setStatus(t, app, d.Id, "submitted", nil)
	links := confirmationTokens(t, app)
	if len(links) != 1 {
		t.Fatalf("want one link after the submission, got %d", len(links))
	}

	// the copy loaded before still says draft: saving it as submitted is
	// no second submission (no new link that would end the first one)
	stale.Set("status", "submitted")
	if err := app.Save(stale); err != nil {
		t.Fatal(err)
	}
	if got := confirmationTokens(t, app); len(got) != 1 {
		t.Fatalf("a stale copy submitted again: %d links mailed", len(got))
	}
	if !linkWorks(t, testapp.Handler(t, app), links[0]) {
		t.Fatal("the first link must still work")
	}
}

func TestCardParallelSubmissionsOfOneDraftMailOneLink(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	d := cardDraft(t, app, "", f.Citizen, adultBirth, engagementAt(nil, 6))
	app.TestMailer.Reset()

	var wg sync.WaitGroup
	codes := make([]int, 4)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = do(t, h, http.MethodPatch, "/api/collections/card_applications/records/"+d.Id, f.Tokens["citizen"], `{"status":"submitted"}`).Code
		}()
	}
	wg.Wait()
	for _, code := range codes {
		if code != http.StatusOK {
			t.Fatalf("answers %v", codes)
		}
	}
	links := confirmationTokens(t, app)
	if len(links) != 1 {
		t.Fatalf("four submissions at once must mail one link, got %d", len(links))
	}
	if !linkWorks(t, h, links[0]) {
		t.Fatal("the mailed link must be the stored one")
	}
}

func TestCardSubmissionStoresOnlyTheLinksHashForTwoWeeks(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	d := cardDraft(t, app, "", f.Citizen, adultBirth, engagementAt(nil, 6))
	// dated back, so that a new time of change shows even when the draft
	// and the submission fall into one millisecond
	if _, err := app.DB().Update("engagements", dbx.Params{"updated": "2020-01-01 00:00:00.000Z"},
		dbx.HashExp{"application": d.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	before := engagementOf(t, app, d.Id)
	app.TestMailer.Reset()
	submitted := time.Now()
	setStatus(t, app, d.Id, "submitted", nil)

	links := confirmationTokens(t, app)
	if len(links) != 1 {
		t.Fatalf("%d links", len(links))
	}
	stored := engagementOf(t, app, d.Id)
	sum := sha256.Sum256([]byte(links[0]))
	if got := stored.GetString("confirm_token_hash"); got != hex.EncodeToString(sum[:]) {
		t.Fatalf("stored %q, which is not the hash of the mailed token", got)
	}
	if strings.Contains(stored.GetString("confirm_token_hash"), links[0]) {
		t.Fatal("the token itself must not be stored")
	}
	expires := stored.GetDateTime("confirm_expires_at").Time()
	if want := submitted.Add(14 * 24 * time.Hour); expires.Before(want.Add(-time.Minute)) || expires.After(want.Add(time.Minute)) {
		t.Fatalf("the link expires %s, want about %s", expires, want)
	}
	if changed := stored.GetDateTime("updated").Time(); !changed.After(before.GetDateTime("updated").Time()) ||
		changed.Before(submitted.Add(-time.Second)) {
		t.Fatalf("the engagement's time of change %s must follow the new link (submitted %s)", changed, submitted)
	}
	for _, f := range []string{"role", "contact_email", "hours_per_week", "confirmed_at"} {
		if stored.GetString(f) != before.GetString(f) {
			t.Fatalf("%s changed from %q to %q", f, before.GetString(f), stored.GetString(f))
		}
	}
}

func TestCardSubmissionAsksTheEditorsOfAClubNamedTwiceOnceAndNamesTheClub(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	recent := engagementAt(f.ClubB, 3)
	recent["since"] = time.Now().AddDate(0, -6, 0) // shorter than a year: flagged for the office
	d := cardDraft(t, app, "", f.Citizen, adultBirth, engagementAt(f.ClubB, 3), recent)
	app.TestMailer.Reset()
	submitted := setStatus(t, app, d.Id, "submitted", nil)

	asked := 0
	for _, m := range app.TestMailer.Messages() {
		if m.To[0].Address == f.EditorB.Email() {
			asked++
		}
	}
	if asked != 1 {
		t.Fatalf("the editor of the club must be asked once for both engagements, got %d mails", asked)
	}
	flags := submitted.GetString("flags")
	if !strings.Contains(flags, "short_engagement") || !strings.Contains(flags, f.ClubB.GetString("name")) {
		t.Fatalf("the flag must name the club of the short engagement: %s", flags)
	}
}

func TestCardSubmissionByTheOfficeForAnotherApplicantJudgesTheNewApplicant(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	// the contact address is the Citizen's, who becomes the applicant in the
	// same change as the submission
	d := cardDraft(t, app, "", f.Unchecked, adultBirth, map[string]any{"organisation_name": "Tafel", "hours_per_week": 6})
	e := engagementOf(t, app, d.Id)
	e.Set("contact_email", f.Citizen.Email())
	if err := app.SaveNoValidate(e); err != nil {
		t.Fatal(err)
	}
	fresh, _ := app.FindRecordById("card_applications", d.Id)
	fresh.Set("applicant", f.Citizen.Id)
	fresh.Set("status", "submitted")
	if err := app.Save(fresh); err == nil || !strings.Contains(err.Error(), "eigene") {
		t.Fatalf("a link to the new applicant's own address must be refused: %v", err)
	}
	// for the applicant it had, the same address is another person's
	fresh, _ = app.FindRecordById("card_applications", d.Id)
	fresh.Set("status", "submitted")
	if err := app.Save(fresh); err != nil {
		t.Fatalf("the address is not the applicant's: %v", err)
	}
}

// engagementOf is the one engagement of an application, as stored.
func engagementOf(t testing.TB, app core.App, applicationID string) *core.Record {
	t.Helper()
	r, err := app.FindFirstRecordByData("engagements", "application", applicationID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// linkWorks reports whether a mailed confirmation token finds its open
// engagement, as the confirmation page asks.
func linkWorks(t testing.TB, h http.Handler, token string) bool {
	t.Helper()
	res := do(t, h, http.MethodGet, "/api/ben/card/confirmations/"+token, "", "")
	return res.Code == http.StatusOK
}

func TestCardTenEngagementsAtOnceLeaveFive(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	d := cardDraft(t, app, "", f.Citizen, adultBirth)

	var wg sync.WaitGroup
	codes := make([]int, 10)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = do(t, h, http.MethodPost, "/api/collections/engagements/records", f.Tokens["citizen"],
				`{"application":"`+d.Id+`","organisation_name":"Tafel","role":"Fahrer","hours_per_week":1,"since":"2020-01-01 00:00:00.000Z","allowance":"none","contact_name":"K","contact_email":"k@example.org"}`).Code
		}()
	}
	wg.Wait()
	stored, err := app.CountRecords("engagements", dbx.HashExp{"application": d.Id})
	if err != nil || stored != 5 {
		t.Fatalf("ten engagements at once must leave five, got %d (answers %v)", stored, codes)
	}
}

func TestCardOwnContactAddressIsRefusedWithTheFormsOtherErrors(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	d := cardDraft(t, app, "", f.Citizen, adultBirth)
	// a new engagement: no role and the applicant's own address, both at once
	res := do(t, h, http.MethodPost, "/api/collections/engagements/records", f.Tokens["citizen"],
		`{"application":"`+d.Id+`","organisation_name":"Tafel","hours_per_week":6,"since":"2020-01-01 00:00:00.000Z","allowance":"none","contact_name":"Ich","contact_email":"`+f.Citizen.Email()+`"}`)
	if res.Code != 400 || !strings.Contains(res.Body.String(), "validation_card_own_address") || !strings.Contains(res.Body.String(), `"role"`) {
		t.Fatalf("want both the own address and the missing role refused: %d %s", res.Code, res.Body)
	}
	// a stored engagement changed to the applicant's own address
	ok := do(t, h, http.MethodPost, "/api/collections/engagements/records", f.Tokens["citizen"],
		`{"application":"`+d.Id+`","organisation_name":"Tafel","role":"Fahrer","hours_per_week":6,"since":"2020-01-01 00:00:00.000Z","allowance":"none","contact_name":"K","contact_email":"k@example.org"}`)
	if ok.Code != 200 {
		t.Fatalf("another person's address: %d %s", ok.Code, ok.Body)
	}
	e := engagementOf(t, app, d.Id)
	res = do(t, h, http.MethodPatch, "/api/collections/engagements/records/"+e.Id, f.Tokens["citizen"], `{"contact_email":"`+f.Citizen.Email()+`"}`)
	if res.Code != 400 || !strings.Contains(res.Body.String(), "validation_card_own_address") {
		t.Fatalf("changing the contact to the own address: %d %s", res.Code, res.Body)
	}
}
