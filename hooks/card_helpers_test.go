package hooks_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/card"
)

// cardDraft stores a draft application of applicant for Vera Vorlage with
// the given engagements (Go code path, as staff tooling would).
func cardDraft(t testing.TB, app core.App, id string, applicant *core.Record, birth time.Time, engagements ...map[string]any) *core.Record {
	t.Helper()
	return cardDraftFor(t, app, id, applicant, "Vera", "Vorlage", birth, engagements...)
}

// cardDraftFor is cardDraft for the person named first and last.
func cardDraftFor(t testing.TB, app core.App, id string, applicant *core.Record, first, last string, birth time.Time, engagements ...map[string]any) *core.Record {
	t.Helper()
	coll, err := app.FindCollectionByNameOrId("card_applications")
	if err != nil {
		t.Fatal(err)
	}
	a := core.NewRecord(coll)
	a.Id = id
	a.Load(map[string]any{
		"applicant": applicant.Id, "first_name": first, "last_name": last, "birth_date": birth,
		"street": "Hauptstraße 1", "postcode": "54634", "city": "Bitburg", "resident_in_bitburg": true,
		"kind": "standard", "status": "draft",
	})
	if err := app.Save(a); err != nil {
		t.Fatal(err)
	}
	engColl, _ := app.FindCollectionByNameOrId("engagements")
	for i, data := range engagements {
		e := core.NewRecord(engColl)
		if id != "" {
			e.Id = fmt.Sprintf("%s%d", id[:14], i)
		}
		e.Load(map[string]any{"application": a.Id, "role": "Übungsleitung", "allowance": "none", "in_bitburg": true,
			"since": time.Now().AddDate(-3, 0, 0), "contact_name": "Kontakt", "contact_email": "kontakt@club.example"})
		e.Load(data)
		if err := app.Save(e); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

func engagementAt(org *core.Record, perWeek float64) map[string]any {
	m := map[string]any{"hours_per_week": perWeek}
	if org != nil {
		m["organisation"] = org.Id
	} else {
		m["organisation_name"] = "Förderverein außerhalb"
	}
	return m
}

// setStatus moves an application as staff would in the dashboard. To
// "confirmed" it goes the office's way: each open engagement is confirmed
// by the office with a reason, and the application follows.
func setStatus(t testing.TB, app core.App, id string, status string, extra map[string]any) *core.Record {
	t.Helper()
	if status == "confirmed" {
		confirmAllByOffice(t, app, id)
		fresh, err := app.FindRecordById("card_applications", id)
		if err != nil {
			t.Fatal(err)
		}
		if fresh.GetString("status") != "confirmed" {
			t.Fatalf("all engagements confirmed, yet the application is %q", fresh.GetString("status"))
		}
		return fresh
	}
	fresh, err := app.FindRecordById("card_applications", id)
	if err != nil {
		t.Fatal(err)
	}
	fresh.Set("status", status)
	fresh.Load(extra)
	if err := app.Save(fresh); err != nil {
		t.Fatalf("status %s: %v", status, err)
	}
	return fresh
}

// confirmAllByOffice confirms every open engagement of an application as
// the office does, with a written reason.
func confirmAllByOffice(t testing.TB, app core.App, id string) {
	t.Helper()
	rows, err := app.FindRecordsByFilter("engagements", "application = {:id} && confirmed_at = ''", "", 0, 0, dbx.Params{"id": id})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		err := card.Confirm(app, r, card.Confirmation{Via: card.ViaOffice, Who: card.OfficeConfirmer, Reason: "schriftliche Bestätigung liegt vor"}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
	}
}

var tokenInMail = regexp.MustCompile(`/ehrenamtskarte/bestaetigen#([A-Za-z0-9_-]+)`)

// confirmationTokens returns the link tokens mailed so far, in order.
func confirmationTokens(t testing.TB, app *tests.TestApp) []string {
	t.Helper()
	var out []string
	for _, m := range app.TestMailer.Messages() {
		if match := tokenInMail.FindStringSubmatch(m.Text); match != nil {
			out = append(out, match[1])
		}
	}
	return out
}

var adultBirth = time.Date(1985, 4, 2, 0, 0, 0, 0, time.UTC)
