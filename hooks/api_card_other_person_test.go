package hooks_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

// An account that holds an active card files individual applications only
// for the person that card is for (card.RenewalRule): approving one ends
// the card held and gives the new card to the same account, so an
// application in another person's name (a parent's for a child) would end
// the holder's own card. These tests hold the rule when an application is
// submitted and when it is approved, through the citizen's and the
// office's requests, the dashboard and Go code, and for approvals at the
// same moment.

const codeOtherPerson = "validation_card_other_person"

// written is the outcome of a write of an application: passed, or refused
// with codes by field.
type written struct {
	passed bool
	codes  map[string]string
	raw    string
}

// writeApplication changes application id by data: through the record API
// as the holder of token, or, for token "", as Go code (app.Save, the path
// of the dashboard's hooks and of staff tooling).
func writeApplication(t testing.TB, app core.App, h http.Handler, token, id string, data map[string]any) written {
	t.Helper()
	if token == "" {
		r, err := app.FindRecordById("card_applications", id)
		if err != nil {
			t.Fatal(err)
		}
		r.Load(data)
		err = app.Save(r)
		if err == nil {
			return written{passed: true}
		}
		out := written{codes: map[string]string{}, raw: err.Error()}
		var errs validation.Errors
		if errors.As(err, &errs) {
			for field, e := range errs {
				var ve validation.Error
				if errors.As(e, &ve) {
					out.codes[field] = ve.Code()
				}
			}
		}
		return out
	}
	body, _ := json.Marshal(data)
	res := do(t, h, http.MethodPatch, "/api/collections/card_applications/records/"+id, token, string(body))
	if res.Code == http.StatusOK {
		return written{passed: true}
	}
	var answer struct {
		Data map[string]struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"data"`
	}
	_ = json.Unmarshal(res.Body.Bytes(), &answer)
	out := written{codes: map[string]string{}, raw: res.Body.String()}
	if res.Code == http.StatusBadRequest {
		for field, e := range answer.Data {
			out.codes[field] = e.Code
		}
	}
	return out
}

// refusedAt reports whether the write was refused for another person, at
// field, with the German sentence that says what to do.
func (w written) refusedAt(field string) bool {
	return !w.passed && w.codes[field] == codeOtherPerson && strings.Contains(w.raw, "eigenen Benutzerkonto")
}

// portalDraft stores a draft for the person named as the portal does (the
// citizen's POST), with one engagement outside BEN, and returns its id.
func portalDraft(t testing.TB, app core.App, h http.Handler, f *testapp.Fixture, first, last string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"applicant": f.Citizen.Id, "first_name": first, "last_name": last,
		"birth_date": "1985-04-02 00:00:00.000Z", "postcode": "54634", "city": "Bitburg", "resident_in_bitburg": true,
		"kind": "standard", "status": "draft"})
	res := do(t, h, http.MethodPost, "/api/collections/card_applications/records", f.Tokens["citizen"], string(body))
	if res.Code != http.StatusOK {
		t.Fatalf("a draft in any name is stored: %d %s", res.Code, res.Body)
	}
	var a struct{ ID string }
	_ = json.Unmarshal(res.Body.Bytes(), &a)
	cardDraftEngagement(t, app, a.ID, map[string]any{"organisation_name": "Förderverein außerhalb", "hours_per_week": 6})
	return a.ID
}

// confirmedApplication is an application of applicant for the person
// named, submitted and confirmed by the office, ready for the decision.
func confirmedApplication(t testing.TB, app core.App, applicant *core.Record, first, last string) string {
	t.Helper()
	a := cardDraftFor(t, app, "", applicant, first, last, adultBirth, engagementAt(nil, 6))
	setStatus(t, app, a.Id, "submitted", nil)
	setStatus(t, app, a.Id, "confirmed", nil)
	return a.Id
}

// stillHeld fails unless card is active and replaced by nothing, and its
// holder has not been told otherwise.
func stillHeld(t testing.TB, app *tests.TestApp, f *testapp.Fixture, card *core.Record) {
	t.Helper()
	c, err := app.FindRecordById("cards", card.Id)
	if err != nil || c.GetString("status") != "active" || !c.GetDateTime("ended_at").IsZero() || c.GetString("replaced_by") != "" {
		t.Fatalf("the card held must stay as it was: %v %v", c, err)
	}
	if n := cardMailsTo(app, f.Citizen.Email(), subjectReplaced); n != 0 {
		t.Fatalf("the holder was told %d times that the card ended", n)
	}
}

func TestCardHolderSubmitsOnlyForThePersonOfTheCard(t *testing.T) {
	t.Parallel()
	names := []struct {
		name, first, last string
		refusedAt         string // "" when the submission passes
	}{
		{"the same name", "Vera", "Vorlage", ""},
		{"the same name in capitals and with accents", "VÉRA", "vorlagé", ""},
		{"a child of the same last name", "Paul", "Vorlage", "first_name"},
		{"another person", "Greta", "Gruppe", "last_name"},
	}
	paths := []struct{ name, role string }{{"the citizen", "citizen"}, {"the office", "staffBuero"}, {"Go code", ""}}
	for _, p := range paths {
		for _, n := range names {
			t.Run(p.name+" submits "+n.name, func(t *testing.T) {
				t.Parallel()
				app, f := testapp.New(t)
				h := testapp.Handler(t, app)
				held := issuedCard(t, app, "", f.Citizen) // Vera Vorlage's card
				id := portalDraft(t, app, h, f, n.first, n.last)
				app.TestMailer.Reset()
				got := writeApplication(t, app, h, f.Tokens[p.role], id, map[string]any{"status": "submitted"})
				a, _ := app.FindRecordById("card_applications", id)
				if n.refusedAt == "" {
					if !got.passed || a.GetString("status") != "submitted" || a.GetString("previous_card") != held.Id {
						t.Fatalf("the renewal of the own card is submitted and linked to it: %+v, %v", got, a.FieldsData())
					}
					return
				}
				if !got.refusedAt(n.refusedAt) {
					t.Fatalf("want %s at %s, got %+v", codeOtherPerson, n.refusedAt, got)
				}
				if a.GetString("status") != "draft" || !a.GetDateTime("submitted_at").IsZero() || a.GetString("previous_card") != "" {
					t.Fatalf("the refused application stays an unlinked draft: %v", a.FieldsData())
				}
				if n := len(app.TestMailer.Messages()); n != 0 {
					t.Fatalf("a refused submission asks nobody to confirm, yet %d mails", n)
				}
				stillHeld(t, app, f, held)
			})
		}
	}
}

func TestCardApprovalNeverEndsTheCardOfAnotherPerson(t *testing.T) {
	t.Parallel()
	paths := []struct{ name, role string }{{"the office area", "staffBuero"}, {"the dashboard", "staff"}, {"Go code", ""}}
	for _, p := range paths {
		t.Run(p.name+" approves an application renamed after its submission", func(t *testing.T) {
			t.Parallel()
			app, f := testapp.New(t)
			h := testapp.Handler(t, app)
			held := issuedCard(t, app, "", f.Citizen)
			id := confirmedApplication(t, app, f.Citizen, "Vera", "Vorlage")
			// the name is changed to the child's after the submission
			if got := writeApplication(t, app, h, f.Tokens["staffBuero"], id, map[string]any{"first_name": "Paul"}); !got.passed {
				t.Fatalf("the office may correct a name: %+v", got)
			}
			app.TestMailer.Reset()
			got := writeApplication(t, app, h, f.Tokens[p.role], id, map[string]any{"status": "approved"})
			if !got.refusedAt("first_name") {
				t.Fatalf("want %s at first_name, got %+v", codeOtherPerson, got)
			}
			a, _ := app.FindRecordById("card_applications", id)
			if a.GetString("status") != "confirmed" || !a.GetDateTime("decided_at").IsZero() {
				t.Fatalf("the application stays undecided: %v", a.FieldsData())
			}
			if n, _ := app.CountRecords("cards", dbx.HashExp{"application": id}); n != 0 {
				t.Fatalf("%d cards issued for the refused approval", n)
			}
			stillHeld(t, app, f, held)
			if n := len(app.TestMailer.Messages()); n != 0 {
				t.Fatalf("a refused approval mails nobody, yet %d mails", n)
			}
		})

		t.Run(p.name+" renames and approves in one write", func(t *testing.T) {
			t.Parallel()
			app, f := testapp.New(t)
			h := testapp.Handler(t, app)
			held := issuedCard(t, app, "", f.Citizen)
			id := confirmedApplication(t, app, f.Citizen, "Vera", "Vorlage")
			got := writeApplication(t, app, h, f.Tokens[p.role], id, map[string]any{"status": "approved", "first_name": "Greta", "last_name": "Gruppe"})
			if !got.refusedAt("last_name") {
				t.Fatalf("want %s at last_name, got %+v", codeOtherPerson, got)
			}
			a, _ := app.FindRecordById("card_applications", id)
			if a.GetString("status") != "confirmed" || a.GetString("first_name") != "Vera" || a.GetString("last_name") != "Vorlage" {
				t.Fatalf("nothing of the refused write is stored: %v", a.FieldsData())
			}
			stillHeld(t, app, f, held)
		})

		t.Run(p.name+" approves the same person in another spelling, which replaces the card", func(t *testing.T) {
			t.Parallel()
			app, f := testapp.New(t)
			h := testapp.Handler(t, app)
			held := issuedCard(t, app, "", f.Citizen)
			id := confirmedApplication(t, app, f.Citizen, "Vera", "Vorlage")
			if got := writeApplication(t, app, h, f.Tokens[p.role], id, map[string]any{"status": "approved", "first_name": "VÉRA"}); !got.passed {
				t.Fatalf("the renewal is approved: %+v", got)
			}
			renewed := cardOf(t, app, id)
			old, _ := app.FindRecordById("cards", held.Id)
			if old.GetString("status") != "expired" || old.GetString("replaced_by") != renewed.Id {
				t.Fatalf("the renewal replaces the card held: %v", old.FieldsData())
			}
			if n, _ := app.CountRecords("cards", dbx.HashExp{"holder": f.Citizen.Id, "status": "active"}); n != 1 {
				t.Fatalf("%d active cards, want 1", n)
			}
		})
	}
}

func TestCardIssuedBetweenSubmissionAndApprovalIsNotEndedForAnotherPerson(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	// without a card the account may apply in any name: a parent for the
	// child and for themselves; both are submitted and confirmed
	child := confirmedApplication(t, app, f.Citizen, "Paul", "Vorlage")
	own := confirmedApplication(t, app, f.Citizen, "Vera", "Vorlage")

	if got := writeApplication(t, app, h, f.Tokens["staffBuero"], own, map[string]any{"status": "approved"}); !got.passed {
		t.Fatalf("the parent's own card: %+v", got)
	}
	ownCard := cardOf(t, app, own)
	app.TestMailer.Reset()
	got := writeApplication(t, app, h, f.Tokens["staffBuero"], child, map[string]any{"status": "approved"})
	if !got.refusedAt("first_name") {
		t.Fatalf("the child's application, once the account holds the parent's card: want %s, got %+v", codeOtherPerson, got)
	}
	stillHeld(t, app, f, ownCard)
	// the office decides it otherwise: a rejection with a reason
	if got := writeApplication(t, app, h, f.Tokens["staffBuero"], child, map[string]any{"status": "rejected",
		"decision_reason": "Bitte beantragen Sie die Karte für Ihr Kind mit einem eigenen Benutzerkonto."}); !got.passed {
		t.Fatalf("the office rejects it: %+v", got)
	}
	stillHeld(t, app, f, ownCard)
}

func TestCardApplicantWithoutACardIsUnaffected(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	// the account of Clara Bürgerin holds no card; a draft in another name
	// is submitted and approved as before
	id := portalDraft(t, app, h, f, "Paul", "Vorlage")
	if got := writeApplication(t, app, h, f.Tokens["citizen"], id, map[string]any{"status": "submitted"}); !got.passed {
		t.Fatalf("submitted: %+v", got)
	}
	setStatus(t, app, id, "confirmed", nil)
	if got := writeApplication(t, app, h, f.Tokens["staffBuero"], id, map[string]any{"status": "approved"}); !got.passed {
		t.Fatalf("approved: %+v", got)
	}
	if c := cardOf(t, app, id); c.GetString("holder") != f.Citizen.Id || c.GetString("status") != "active" {
		t.Fatalf("the card is issued: %v", c.FieldsData())
	}
}

func TestCardTwoApprovalsAtOnceForTwoPeopleOfOneAccountLeaveOneCard(t *testing.T) {
	t.Parallel()
	for round := range 3 {
		app, f := testapp.New(t)
		h := testapp.Handler(t, app)
		ids := []string{
			confirmedApplication(t, app, f.Citizen, "Vera", "Vorlage"),
			confirmedApplication(t, app, f.Citizen, "Paul", "Vorlage"),
		}
		results := make([]written, len(ids))
		var wg sync.WaitGroup
		for i, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				token := f.Tokens["staffBuero"] // the office area
				if (i+round)%2 == 1 {
					token = "" // Go code, as the dashboard's hooks run
				}
				results[i] = writeApplication(t, app, h, token, id, map[string]any{"status": "approved"})
			}()
		}
		wg.Wait()
		approved := 0
		for i, r := range results {
			switch {
			case r.passed:
				approved++
			case !r.refusedAt("first_name"):
				t.Fatalf("round %d: the approval of %s failed for another reason: %+v", round, ids[i], r)
			}
		}
		if approved != 1 {
			t.Fatalf("round %d: %d approvals passed, want exactly one", round, approved)
		}
		all, _ := app.FindAllRecords("cards", dbx.HashExp{"holder": f.Citizen.Id})
		if len(all) != 1 || all[0].GetString("status") != "active" || all[0].GetString("replaced_by") != "" {
			t.Fatalf("round %d: one card, active and ended by nothing, want; got %d", round, len(all))
		}
	}
}

func TestCardRenewalLinksOnlyACardOfTheSamePerson(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	held := issuedCard(t, app, "", f.Citizen) // Vera Vorlage's card
	previousOf := func(id string) string {
		a, err := app.FindRecordById("card_applications", id)
		if err != nil {
			t.Fatal(err)
		}
		return a.GetString("previous_card")
	}

	t.Run("a draft in the same name renews the card held", func(t *testing.T) {
		if id := portalDraft(t, app, h, f, "vera", "VORLÁGE"); previousOf(id) != held.Id {
			t.Fatalf("previous_card = %q, want %s", previousOf(id), held.Id)
		}
	})

	t.Run("a draft in another name renews nothing until it is corrected", func(t *testing.T) {
		id := portalDraft(t, app, h, f, "Paul", "Vorlage")
		if previousOf(id) != "" {
			t.Fatal("a draft for another person must not be linked to the card held")
		}
		if got := writeApplication(t, app, h, f.Tokens["citizen"], id, map[string]any{"first_name": "Vera"}); !got.passed {
			t.Fatalf("the citizen corrects the draft: %+v", got)
		}
		if got := writeApplication(t, app, h, f.Tokens["citizen"], id, map[string]any{"status": "submitted"}); !got.passed {
			t.Fatalf("the corrected draft is submitted: %+v", got)
		}
		if previousOf(id) != held.Id {
			t.Fatal("the corrected application renews the card held")
		}
		if got := writeApplication(t, app, h, f.Tokens["citizen"], id, map[string]any{"status": "withdrawn"}); !got.passed {
			t.Fatalf("withdrawn: %+v", got)
		}
	})

	t.Run("a renewal named outright must name the person of the card", func(t *testing.T) {
		body := `{"applicant":"` + f.Citizen.Id + `","previous_card":"` + held.Id + `","first_name":"Paul","last_name":"Vorlage","birth_date":"2010-01-01 00:00:00.000Z","kind":"standard","status":"draft"}`
		if res := do(t, h, http.MethodPost, "/api/collections/card_applications/records", f.Tokens["citizen"], body); res.Code != 400 ||
			!strings.Contains(res.Body.String(), codeOtherPerson) {
			t.Fatalf("the citizen's renewal for another person: %d %s", res.Code, res.Body)
		}
		coll, _ := app.FindCollectionByNameOrId("card_applications")
		r := core.NewRecord(coll)
		r.Load(map[string]any{"applicant": f.Citizen.Id, "previous_card": held.Id, "first_name": "Paul", "last_name": "Vorlage",
			"birth_date": adultBirth, "kind": "standard", "status": "draft"})
		var errs validation.Errors
		if err := app.Save(r); !errors.As(err, &errs) || errs["first_name"] == nil {
			t.Fatalf("Go code's renewal for another person: %v", err)
		}
		// nor is a card of another account renewed, by anyone
		r = core.NewRecord(coll)
		r.Load(map[string]any{"applicant": f.EditorA.Id, "previous_card": held.Id, "first_name": "Vera", "last_name": "Vorlage",
			"birth_date": adultBirth, "kind": "standard", "status": "draft"})
		if err := app.Save(r); err == nil || !strings.Contains(err.Error(), "eigene Karte") {
			t.Fatalf("Go code's renewal of another account's card: %v", err)
		}
	})

	t.Run("the holder renews at the card's address, in the name of the card", func(t *testing.T) {
		res := do(t, h, http.MethodPost, "/api/ben/cards/"+held.Id+"/renew", f.Tokens["citizen"], "")
		var draft struct {
			ID           string `json:"id"`
			PreviousCard string `json:"previous_card"`
		}
		if res.Code != 200 || json.Unmarshal(res.Body.Bytes(), &draft) != nil || draft.PreviousCard != held.Id {
			t.Fatalf("renew: %d %s", res.Code, res.Body)
		}
		if got := writeApplication(t, app, h, f.Tokens["citizen"], draft.ID, map[string]any{"status": "submitted"}); !got.passed {
			t.Fatalf("the renewal is submitted: %+v", got)
		}
		setStatus(t, app, draft.ID, "confirmed", nil)
		if got := writeApplication(t, app, h, f.Tokens["staffBuero"], draft.ID, map[string]any{"status": "approved"}); !got.passed {
			t.Fatalf("the renewal is approved: %+v", got)
		}
		if old, _ := app.FindRecordById("cards", held.Id); old.GetString("replaced_by") != cardOf(t, app, draft.ID).Id {
			t.Fatalf("the renewal replaces the card: %v", old.FieldsData())
		}
	})
}

func TestCardRenamedRenewalKeepsNoLinkToTheCardOfAnotherPerson(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	held := issuedCard(t, app, "", f.Citizen)
	res := do(t, h, http.MethodPost, "/api/ben/cards/"+held.Id+"/renew", f.Tokens["citizen"], "")
	var draft struct{ ID string }
	if res.Code != 200 || json.Unmarshal(res.Body.Bytes(), &draft) != nil {
		t.Fatalf("renew: %d %s", res.Code, res.Body)
	}
	// the draft is rewritten for the child while the card still counts: refused
	if got := writeApplication(t, app, h, f.Tokens["citizen"], draft.ID, map[string]any{"first_name": "Paul"}); !got.passed {
		t.Fatalf("a draft may be edited: %+v", got)
	}
	if got := writeApplication(t, app, h, f.Tokens["citizen"], draft.ID, map[string]any{"status": "submitted"}); !got.refusedAt("first_name") {
		t.Fatalf("want %s, got %+v", codeOtherPerson, got)
	}
	// once the account holds no active card it may apply in any name, but
	// the application renews no card of another person
	held.Set("status", "revoked")
	held.Set("revoked_reason", "Verlust gemeldet")
	if err := app.Save(held); err != nil {
		t.Fatal(err)
	}
	if got := writeApplication(t, app, h, f.Tokens["citizen"], draft.ID, map[string]any{"status": "submitted"}); !got.passed {
		t.Fatalf("without an active card: %+v", got)
	}
	if a, _ := app.FindRecordById("card_applications", draft.ID); a.GetString("previous_card") != "" {
		t.Fatalf("the child's application still renews the parent's card: %v", a.FieldsData())
	}
}

func TestCardGroupApplicationOfAHolderIsUnaffected(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	// Bernd, an editor of Chor B, holds Vera Vorlage's card and files the
	// choir's application for Mia, who claims it with her own account
	held := issuedCard(t, app, "", f.EditorB)
	mia, token := groupCard(t, app, h, f, "Mia", "Mitglied", "mia@example.org")
	if res := do(t, h, http.MethodPost, "/api/ben/card/claims/"+token, f.Tokens["unchecked"], ""); res.Code != 200 {
		t.Fatalf("Mia claims her card: %d %s", res.Code, res.Body)
	}
	if c, _ := app.FindRecordById("cards", held.Id); c.GetString("status") != "active" || c.GetString("replaced_by") != "" {
		t.Fatalf("the editor's own card stays: %v", c.FieldsData())
	}
	if c, _ := app.FindRecordById("cards", mia.Id); c.GetString("holder") != f.Unchecked.Id || c.GetString("status") != "active" {
		t.Fatalf("Mia's card: %v", c.FieldsData())
	}
}
