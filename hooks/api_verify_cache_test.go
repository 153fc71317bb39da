package hooks_test

import (
	"net/http"
	"testing"
	"time"

	"ben/hooks/internal/testapp"
)

// The online check keeps verdicts of tokens it has seen; any revocation or
// change of a card answers the next check with the new verdict.
func TestCardVerifyKeptVerdictsFollowEveryChange(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)

	t.Run("revocation through the API", func(t *testing.T) {
		// not parallel: the subtests share one app and change it in turn
		c := issuedCard(t, app, "", f.Citizen)
		token := cardTokenOf(t, h, c.Id, f.Tokens["citizen"])
		for i := 0; i < 3; i++ {
			if got, raw := verifyCardOnline(t, h, token); got.Verdict != "valid" {
				t.Fatalf("check %d before revocation: %s", i, raw)
			}
		}
		res := do(t, h, http.MethodPost, "/api/ben/cards/"+c.Id+"/revoke", f.Tokens["staffBuero"], `{"reason":"Verloren"}`)
		if res.Code != http.StatusOK {
			t.Fatalf("revoke: %d %s", res.Code, res.Body)
		}
		if got, raw := verifyCardOnline(t, h, token); got.Verdict != "revoked" {
			t.Fatalf("check right after the revocation: %s", raw)
		}
	})

	t.Run("card changed in Go code (the daily job, the dashboard)", func(t *testing.T) {
		c := issuedCard(t, app, "", f.EditorB)
		token := cardTokenOf(t, h, c.Id, f.Tokens["editorB"])
		for i := 0; i < 2; i++ {
			if got, raw := verifyCardOnline(t, h, token); got.Verdict != "valid" {
				t.Fatalf("check %d: %s", i, raw)
			}
		}
		updateRecord(t, app, "cards", c.Id, map[string]any{"status": "expired"})
		if got, raw := verifyCardOnline(t, h, token); got.Verdict == "valid" {
			t.Fatalf("a card that is no longer active is still valid online: %s", raw)
		}
	})

	t.Run("kept verdicts are still counted, without a flush", func(t *testing.T) {
		c := issuedCard(t, app, "", f.Unchecked)
		token := cardTokenOf(t, h, c.Id, f.Tokens["staff"])
		for i := 0; i < 5; i++ {
			verifyCardOnline(t, h, token)
		}
		deadline := time.Now().Add(5 * time.Second)
		for {
			fresh, _ := app.FindRecordById("cards", c.Id)
			if fresh.GetInt("verifications") == 5 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("5 checks, %d counted after 5 s", fresh.GetInt("verifications"))
			}
			time.Sleep(100 * time.Millisecond)
		}
	})

	t.Run("a forged token stays not genuine however often it is shown", func(t *testing.T) {
		c := issuedCard(t, app, "", f.EditorA)
		token := cardTokenOf(t, h, c.Id, f.Tokens["editorA"])
		forged := token[:len(token)-2] + "AA"
		if forged == token {
			forged = token[:len(token)-2] + "BB"
		}
		for i := 0; i < 3; i++ {
			if got, raw := verifyCardOnline(t, h, forged); got.Verdict != "not_genuine" {
				t.Fatalf("check %d of a forged token: %s", i, raw)
			}
			if got, _ := verifyCardOnline(t, h, token); got.Verdict != "valid" {
				t.Fatalf("check %d of the genuine token", i)
			}
		}
	})
}
