package hooks_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/audit"
	"ben/hooks/internal/testapp"
	"ben/hooks/tz"
)

// officeDecision is one decision the office takes on the collections of
// taking part, the card and the working group: how to set up the app, the
// request, and what it leaves behind.
type officeDecision struct {
	name       string
	setup      func(t *testing.T) (*tests.TestApp, *testapp.Fixture)
	method     string
	url        func(app core.App) string
	body       func(app core.App) string
	record     func(app core.App) string // the record the entry is about
	collection string
	action     string
	summary    []string
	// stored reports whether the decision is in the database
	stored func(app core.App) bool
}

func participationApp(s seed) func(t *testing.T) (*tests.TestApp, *testapp.Fixture) {
	return func(t *testing.T) (*tests.TestApp, *testapp.Fixture) {
		app, f := testapp.New(t)
		s(t, app, f)
		return app, f
	}
}

func fieldIs(coll, id, field, want string) func(app core.App) bool {
	return func(app core.App) bool {
		r, err := app.FindRecordById(coll, id)
		return err == nil && r.GetString(field) == want
	}
}

func constant(s string) func(core.App) string { return func(core.App) string { return s } }

// issuedOn is the card issued on the application with id.
func issuedOn(app core.App, application string) *core.Record {
	c, err := app.FindFirstRecordByData("cards", "application", application)
	if err != nil {
		panic(err)
	}
	return c
}

func officeDecisions() []officeDecision {
	seedCard := func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) {
		cardFixture(t, app, f)
		issuedCard(t, app, "appdecidecard1a", f.EditorB)
	}
	// the award records are dated from one day, which the summaries below
	// name: a decision may run after midnight
	awardsDay := today(0)
	seedAwards := func(t *testing.T) (*tests.TestApp, *testapp.Fixture) {
		app, f := awardsAppOn(t, awardsDay)
		return app, f.Fixture
	}
	records := func(coll string) func(string) string {
		return func(id string) string { return "/api/collections/" + coll + "/records/" + id }
	}
	cardURL := func(action string) func(app core.App) string {
		return func(app core.App) string {
			return "/api/ben/cards/" + issuedOn(app, "appdecidecard1a").Id + "/" + action
		}
	}
	return []officeDecision{
		{name: "buero accepts a club's festival participation", setup: participationApp(seedFestival),
			method: http.MethodPatch, url: constant(records("festival_participations")(festSubmittedA)),
			body: constant(`{"status":"accepted","note":"Ihr Stand: Rathausplatz"}`), record: constant(festSubmittedA),
			collection: "festival_participations", action: "accepted",
			summary: []string{"Anmeldung zum Vereinsfest von „Turnverein A“: Status von „eingereicht“ auf „angenommen“ geändert; mit Nachricht."},
			stored:  fieldIs("festival_participations", festSubmittedA, "status", "accepted")},
		{name: "buero declines a club's festival participation", setup: participationApp(seedFestival),
			method: http.MethodPatch, url: constant(records("festival_participations")(festSubmittedA)),
			body: constant(`{"status":"declined"}`), record: constant(festSubmittedA),
			collection: "festival_participations", action: "declined",
			summary: []string{"„eingereicht“ auf „abgelehnt“"},
			stored:  fieldIs("festival_participations", festSubmittedA, "status", "declined")},
		{name: "buero accepts a partner application", setup: participationApp(seedPartnerApplications),
			method: http.MethodPatch, url: constant(records("partner_applications")(partnerAppSubmitted)),
			body: constant(`{"status":"accepted"}`), record: constant(partnerAppSubmitted),
			collection: "partner_applications", action: "accepted",
			summary: []string{"Bewerbung als Partner „Eiscafé am Markt“: Status von „eingereicht“ auf „angenommen“ geändert"},
			stored: func(app core.App) bool {
				n, _ := app.CountRecords("partners", dbx.HashExp{"name": "Eiscafé am Markt"})
				return fieldIs("partner_applications", partnerAppSubmitted, "status", "accepted")(app) && n == 1
			}},
		{name: "buero declines a partner application", setup: participationApp(seedPartnerApplications),
			method: http.MethodPatch, url: constant(records("partner_applications")(partnerAppSubmitted)),
			body: constant(`{"status":"declined","note":"Die Vergünstigung gilt nur für Stammkunden."}`), record: constant(partnerAppSubmitted),
			collection: "partner_applications", action: "declined",
			summary: []string{"„eingereicht“ auf „abgelehnt“", "mit Nachricht"},
			stored:  fieldIs("partner_applications", partnerAppSubmitted, "status", "declined")},
		{name: "buero publishes an idea with an answer", setup: participationApp(seedIdeas),
			method: http.MethodPatch, url: constant(records("ideas")(ideaCitizen)),
			body: constant(`{"status":"published","response":"Wir suchen einen Raum im Süden."}`), record: constant(ideaCitizen),
			collection: "ideas", action: "published",
			summary: []string{"Idee „Ein Repair-Café im Süden“: Status von „eingegangen“ auf „veröffentlicht“ geändert; Antwort geschrieben."},
			stored:  fieldIs("ideas", ideaCitizen, "status", "published")},
		{name: "buero changes the answer to a public idea", setup: participationApp(seedIdeas),
			method: http.MethodPatch, url: constant(records("ideas")(ideaPublished)),
			body: constant(`{"response":"Der Bauhof stellt im Mai zwei Bänke auf."}`), record: constant(ideaPublished),
			collection: "ideas", action: audit.ActionUpdated,
			summary: []string{"Idee „Bänke am Stausee“: Antwort geändert."},
			stored:  fieldIs("ideas", ideaPublished, "response", "Der Bauhof stellt im Mai zwei Bänke auf.")},
		{name: "buero declines an idea", setup: participationApp(seedIdeas),
			method: http.MethodPatch, url: constant(records("ideas")(ideaCitizen)),
			body: constant(`{"status":"declined"}`), record: constant(ideaCitizen),
			collection: "ideas", action: "declined",
			summary: []string{"„eingegangen“ auf „abgelehnt“"},
			stored:  fieldIs("ideas", ideaCitizen, "status", "declined")},
		{name: "buero revokes a card through the card's route", setup: participationApp(seedCard),
			method: http.MethodPost, url: cardURL("revoke"), body: constant(`{"reason":"Umzug nach Trier."}`),
			record:     func(app core.App) string { return issuedOn(app, "appdecidecard1a").Id },
			collection: "cards", action: "revoked",
			summary: []string{"„gültig“ auf „entzogen“", "mit schriftlicher Begründung"},
			stored: func(app core.App) bool {
				c := issuedOn(app, "appdecidecard1a")
				n, _ := app.CountRecords("card_revocations", dbx.HashExp{"card": c.Id})
				return c.GetString("status") == "revoked" && n == 1
			}},
		{name: "buero corrects a card's last valid day through the card's route", setup: participationApp(seedCard),
			method: http.MethodPost, url: cardURL("correct"),
			body: func(app core.App) string {
				day := tz.Day(issuedOn(app, "appdecidecard1a").GetDateTime("valid_until").Time()).AddDate(0, 0, -1)
				return `{"field":"valid_until","value":"` + day.Format("2006-01-02") + `","reason":"Tippfehler beim Ausstellen."}`
			},
			record:     func(app core.App) string { return issuedOn(app, "appdecidecard1a").Id },
			collection: "cards", action: "corrected",
			summary: []string{": berichtigt, gültig bis von „", "mit schriftlicher Begründung"},
			stored: func(app core.App) bool {
				n, _ := app.CountRecords("card_corrections", dbx.HashExp{"card": issuedOn(app, "appdecidecard1a").Id})
				return n == 1
			}},
		{name: "buero confirms an engagement itself through the card's route", setup: participationApp(func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) { cardFixture(t, app, f) }),
			method: http.MethodPost, url: constant("/api/ben/card/engagements/" + submittedID[:len(submittedID)-1] + "0/confirm-by-office"),
			body: constant(`{"reason":"Schriftliche Bestätigung des Vereins liegt vor."}`), record: constant(submittedID[:len(submittedID)-1] + "0"),
			collection: "engagements", action: "confirmed_by_office",
			summary: []string{"bei „Turnverein A“ (Antrag " + submittedID + "): von der Koordinierungsstelle selbst bestätigt; mit schriftlicher Begründung.",
				"Damit sind alle Engagements des Antrags bestätigt."},
			stored: fieldIs("card_applications", submittedID, "status", "confirmed")},
		{name: "buero writes the minutes of a meeting", setup: seedAwards,
			method: http.MethodPatch, url: constant(records("working_group_meetings")(meetingPlanned)),
			body: constant(`{"minutes":"<p>Beschlossen: eine Ehrenamtsbörse.</p>"}`), record: constant(meetingPlanned),
			collection: "working_group_meetings", action: audit.ActionUpdated,
			summary: []string{"Sitzung des Arbeitskreises vom " + tz.Date(awardsDay.AddDate(0, 0, 14)), "geändert: minutes"},
			stored:  fieldIs("working_group_meetings", meetingPlanned, "minutes", "<p>Beschlossen: eine Ehrenamtsbörse.</p>")},
		{name: "buero records that a recommendation is carried out", setup: seedAwards,
			method: http.MethodPatch, url: constant(records("recommendations")(recAdopted)),
			body: constant(`{"status":"implemented"}`), record: constant(recAdopted),
			collection: "recommendations", action: "implemented",
			summary: []string{"Empfehlung des Arbeitskreises „Ehrenamtsbörse im Rathaus“: Status von „beschlossen“ auf „umgesetzt“ geändert."},
			stored:  fieldIs("recommendations", recAdopted, "status", "implemented")},
	}
}

// Every decision of the office on the newer collections has its entry in
// the audit log, written in the transaction of the change: when the entry
// cannot be written, the decision is not stored either.
func TestEveryOfficeDecisionHasItsAuditEntryInTheSameTransaction(t *testing.T) {
	t.Parallel()
	for _, c := range officeDecisions() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			app, f := c.setup(t)
			h := testapp.Handler(t, app)
			res := do(t, h, c.method, c.url(app), f.Tokens["staffBuero"], c.body(app))
			if res.Code != http.StatusOK {
				t.Fatalf("%d %s", res.Code, res.Body)
			}
			if !c.stored(app) {
				t.Fatal("the decision is not stored")
			}
			e := onlyEntry(t, app, c.record(app), f.StaffBuero.Id, "Bea Büro", c.action, c.collection, c.summary...)
			for _, personal := range []string{"Trier", "Tippfehler", "Rathausplatz", "Stammkunden", "Schriftliche Bestätigung", "Clara", "Karla"} {
				if strings.Contains(e.GetString("summary"), personal) {
					t.Errorf("the summary holds %q: %s", personal, e.GetString("summary"))
				}
			}
		})
		t.Run(c.name+", not when its entry fails", func(t *testing.T) {
			t.Parallel()
			app, f := c.setup(t)
			h := testapp.Handler(t, app)
			record := c.record(app)
			app.OnRecordCreate(audit.Collection).BindFunc(func(e *core.RecordEvent) error { return errors.New("disk full") })
			res := do(t, h, c.method, c.url(app), f.Tokens["staffBuero"], c.body(app))
			if res.Code == http.StatusOK {
				t.Fatalf("the decision went through without its entry: %s", res.Body)
			}
			if c.stored(app) {
				t.Fatal("the decision is stored although its entry could not be written")
			}
			if n := len(auditEntries(t, app, record)); n != 0 {
				t.Fatalf("%d entries", n)
			}
		})
	}
}

// The redaktion edits content; none of these decisions is theirs.
func TestRedaktionTakesNoneOfTheseDecisions(t *testing.T) {
	t.Parallel()
	for _, c := range officeDecisions() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			app, f := c.setup(t)
			h := testapp.Handler(t, app)
			res := do(t, h, c.method, c.url(app), f.Tokens["staffRedaktion"], c.body(app))
			if res.Code == http.StatusOK {
				t.Fatalf("redaktion: %d %s", res.Code, res.Body)
			}
			if c.stored(app) {
				t.Fatal("the redaktion's decision is stored")
			}
			if n := len(auditEntries(t, app, c.record(app))); n != 0 {
				t.Fatalf("%d entries", n)
			}
		})
	}
}
