package hooks_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/pocketbase/dbx"

	"ben/hooks/internal/testapp"
)

// The holder renews a card at /api/ben/cards/{id}/renew, beside the card's
// other routes; the address before the move still answers for one release.
func TestCardRenewal(t *testing.T) {
	t.Parallel()
	for name, path := range map[string]string{
		"holder renews at the card's address":          "/api/ben/cards/%s/renew",
		"holder renews at the deprecated address, too": "/api/ben/card/cards/%s/renew",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			app, f := testapp.New(t)
			h := testapp.Handler(t, app)
			card := issuedCard(t, app, "renewapp00001aa", f.Citizen)
			url := fmt.Sprintf(path, card.Id)
			drafts := func() int64 {
				n, err := app.CountRecords("card_applications", dbx.HashExp{"previous_card": card.Id})
				if err != nil {
					t.Fatal(err)
				}
				return n
			}

			if rec := do(t, h, http.MethodPost, url, "", ""); rec.Code != http.StatusUnauthorized || drafts() != 0 {
				t.Fatalf("a guest cannot renew: %d, %d drafts", rec.Code, drafts())
			}
			if rec := do(t, h, http.MethodPost, url, f.Tokens["editorB"], ""); rec.Code != http.StatusNotFound || drafts() != 0 {
				t.Fatalf("someone else's card does not exist for them: %d, %d drafts", rec.Code, drafts())
			}

			rec := do(t, h, http.MethodPost, url, f.Tokens["citizen"], "")
			if rec.Code != http.StatusOK {
				t.Fatalf("the holder renews: %d %s", rec.Code, rec.Body)
			}
			var draft struct {
				ID           string `json:"id"`
				Status       string `json:"status"`
				Applicant    string `json:"applicant"`
				PreviousCard string `json:"previous_card"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &draft); err != nil {
				t.Fatal(err)
			}
			if draft.Status != "draft" || draft.Applicant != f.Citizen.Id || draft.PreviousCard != card.Id || drafts() != 1 {
				t.Fatalf("want a new draft of the holder for the card, got %s", rec.Body)
			}
			n, err := app.CountRecords("engagements", dbx.HashExp{"application": draft.ID})
			if err != nil || n != 1 {
				t.Fatalf("the engagement is copied for a new confirmation: %d, %v", n, err)
			}

			card.Set("status", "revoked")
			card.Set("revoked_reason", "Test")
			if err := app.Save(card); err != nil {
				t.Fatal(err)
			}
			if rec := do(t, h, http.MethodPost, url, f.Tokens["citizen"], ""); rec.Code != http.StatusBadRequest || drafts() != 1 {
				t.Fatalf("a revoked card cannot be renewed: %d, %d drafts", rec.Code, drafts())
			}
		})
	}
}
