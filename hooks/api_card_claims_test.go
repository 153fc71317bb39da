package hooks_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

// groupCard files a group application of Chor B for the person named,
// approves it and returns the card and the claim token mailed to them.
func groupCard(t *testing.T, app *tests.TestApp, h http.Handler, f *testapp.Fixture, first, last, email string) (*core.Record, string) {
	t.Helper()
	res := do(t, h, http.MethodPost, "/api/collections/card_applications/records", f.Tokens["editorB"],
		`{"applicant":"`+f.EditorB.Id+`","group_organisation":"`+f.ClubB.Id+`","first_name":"`+first+`","last_name":"`+last+`","holder_email":"`+email+`","birth_date":"1990-01-01 00:00:00.000Z","kind":"standard","status":"draft","resident_in_bitburg":true}`)
	if res.Code != 200 {
		t.Fatalf("group application: %d %s", res.Code, res.Body)
	}
	var a struct{ ID string }
	_ = json.Unmarshal(res.Body.Bytes(), &a)
	cardDraftEngagement(t, app, a.ID, map[string]any{"organisation_name": "Sportverein Eifel", "hours_per_week": 6, "contact_email": "sv@example.org"})
	setStatus(t, app, a.ID, "submitted", nil)
	setStatus(t, app, a.ID, "confirmed", nil)
	app.TestMailer.Reset()
	setStatus(t, app, a.ID, "approved", nil)
	for _, m := range app.TestMailer.Messages() {
		if m.To[0].Address == email {
			if _, after, ok := strings.Cut(m.Text, "/ehrenamtskarte/uebernehmen#"); ok {
				return cardOf(t, app, a.ID), strings.Fields(after)[0]
			}
		}
	}
	t.Fatal("no invitation mailed")
	return nil, ""
}

// cardMailsTo counts the mails to address with subject.
func cardMailsTo(app *tests.TestApp, address, subject string) int {
	n := 0
	for _, m := range app.TestMailer.Messages() {
		if m.To[0].Address == address && m.Subject == subject {
			n++
		}
	}
	return n
}

const subjectReplaced = "Ihre bisherige Ehrenamtskarte gilt nicht mehr"

func TestCardClaimNeverEndsAnotherPersonsCard(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	gustav, gustavToken := groupCard(t, app, h, f, "Gustav", "Gruppe", "gustav@example.org")
	if res := do(t, h, http.MethodPost, "/api/ben/card/claims/"+gustavToken, f.Tokens["citizen"], ""); res.Code != 200 {
		t.Fatalf("Gustav's card claimed: %d %s", res.Code, res.Body)
	}

	t.Run("an account holding Gustav's card cannot claim Greta's", func(t *testing.T) {
		// not parallel: the subtests share one app and change it in turn
		greta, gretaToken := groupCard(t, app, h, f, "Greta", "Gruppe", "greta@example.org")
		app.TestMailer.Reset()
		res := do(t, h, http.MethodPost, "/api/ben/card/claims/"+gretaToken, f.Tokens["citizen"], "")
		if res.Code != 400 || !strings.Contains(res.Body.String(), "validation_card_claim_other_person") || !strings.Contains(res.Body.String(), "anderen Person") {
			t.Fatalf("claim of another person's card: %d %s", res.Code, res.Body)
		}
		kept, _ := app.FindRecordById("cards", gustav.Id)
		if kept.GetString("status") != "active" || !kept.GetDateTime("ended_at").IsZero() || kept.GetString("replaced_by") != "" {
			t.Fatalf("Gustav's card must stay as it was: %v", kept.FieldsData())
		}
		if list := do(t, h, http.MethodGet, "/api/ben/revocations", "", ""); strings.Contains(list.Body.String(), gustav.GetString("number")) {
			t.Fatalf("Gustav's number is on the revocation list: %s", list.Body)
		}
		unclaimed, _ := app.FindRecordById("cards", greta.Id)
		if unclaimed.GetString("holder") != "" {
			t.Fatal("Greta's card stays unclaimed")
		}
		// Greta claims it with her own account
		if res := do(t, h, http.MethodPost, "/api/ben/card/claims/"+gretaToken, f.Tokens["unchecked"], ""); res.Code != 200 {
			t.Fatalf("Greta claims with her own account: %d %s", res.Code, res.Body)
		}
	})

	t.Run("a look-alike spelling of the same person replaces the card, and the holder is told", func(t *testing.T) {
		second, token := groupCard(t, app, h, f, "GUSTAV", "Grúppe", "gustav@example.org")
		app.TestMailer.Reset()
		if res := do(t, h, http.MethodPost, "/api/ben/card/claims/"+token, f.Tokens["citizen"], ""); res.Code != 200 {
			t.Fatalf("claim of the same person's new card: %d %s", res.Code, res.Body)
		}
		old, _ := app.FindRecordById("cards", gustav.Id)
		if old.GetString("status") != "expired" || old.GetString("replaced_by") != second.Id || old.GetDateTime("ended_at").IsZero() {
			t.Fatalf("the old card ends, replaced by the new: %v", old.FieldsData())
		}
		if n := cardMailsTo(app, f.Citizen.Email(), subjectReplaced); n != 1 {
			t.Fatalf("the holder is told once that the old card ended, got %d mails", n)
		}
		if n, _ := app.CountRecords("cards", dbx.HashExp{"holder": f.Citizen.Id, "status": "active"}); n != 1 {
			t.Fatalf("%d active cards, want 1", n)
		}
	})
}

func TestCardRenewalTellsTheHolderThatTheOldCardEnded(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	old := issuedCard(t, app, "", f.Citizen)
	if n := cardMailsTo(app, f.Citizen.Email(), subjectReplaced); n != 0 {
		t.Fatalf("a first card replaces nothing, yet %d mails", n)
	}
	app.TestMailer.Reset()
	renewed := issuedCard(t, app, "", f.Citizen)
	ended, _ := app.FindRecordById("cards", old.Id)
	if ended.GetString("status") != "expired" || ended.GetString("replaced_by") != renewed.Id {
		t.Fatalf("the old card ends: %v", ended.FieldsData())
	}
	found := false
	for _, m := range app.TestMailer.Messages() {
		if m.To[0].Address == f.Citizen.Email() && m.Subject == subjectReplaced {
			found = strings.Contains(m.Text, old.GetString("number")) && strings.Contains(m.Text, renewed.GetString("number"))
		}
	}
	if !found {
		t.Fatal("the holder is told which card ended and which replaces it")
	}
}

func TestCardRoutesAskGuestsToLogInInGerman(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	routes := map[string]string{
		"/api/ben/card/claims/irgendein-link":                 "Bitte melden Sie sich an, um die Karte zu übernehmen.",
		"/api/ben/card/cards/abc/renew":                       "Bitte melden Sie sich an, um Ihre Karte zu verlängern.",
		"/api/ben/card/engagements/abc/confirm":               "Bitte melden Sie sich an, um ein Engagement zu bestätigen.",
		"/api/ben/card/applications/abc/resend-confirmations": "Bitte melden Sie sich an, um Ihren Antrag zu bearbeiten.",
	}
	for route, message := range routes {
		res := do(t, h, http.MethodPost, route, "", "")
		var body struct{ Message string }
		_ = json.Unmarshal(res.Body.Bytes(), &body)
		if res.Code != 401 || body.Message != message {
			t.Errorf("guest at %s: %d %s, want 401 %q", route, res.Code, res.Body, message)
		}
		// staff accounts are not citizens' accounts
		res = do(t, h, http.MethodPost, route, f.Tokens["staffBuero"], "")
		if res.Code != 403 || strings.Contains(res.Body.String(), "authorized record") {
			t.Errorf("staff at %s: %d %s, want a German 403", route, res.Code, res.Body)
		}
	}
	// a logged-in citizen passes the door: an unknown link is a 404 in German
	res := do(t, h, http.MethodPost, "/api/ben/card/claims/irgendein-link", f.Tokens["citizen"], "")
	if res.Code != 404 || !strings.Contains(res.Body.String(), "Dieser Link ist ungültig") {
		t.Fatalf("citizen with an unknown link: %d %s", res.Code, res.Body)
	}
}
