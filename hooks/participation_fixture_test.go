package hooks_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

// Ids of the registrations every registration test starts with. EventA
// (Turnverein A, in three days) takes three seats: the citizen and the
// guest Gerlinde have a seat, the guest Wim waits; a further seat is free
// only when someone cancels. The office's training (EventOffice) takes two
// seats: the guest Otto has one.
const (
	regCitizenA = "regcitizenevta1" // the citizen, registered for EventA (seat 1)
	regGuestA   = "regguestevta002" // guest Gerlinde, registered for EventA (seat 2)
	regEditorBA = "regeditorbevta3" // editor B as a participant, registered for EventA (seat 3)
	regWaitingA = "regwaitingevta4" // guest Wim, waiting for EventA
	regOffice   = "regguestoffice1" // guest Otto, registered for the office's training
)

// Distinct personal data of the seeded guests.
const (
	regGuestName   = "Gerlinde Gastgeber"
	regGuestEmail  = "gerlinde@anmeldung.example"
	regWaitName    = "Wim Warteliste"
	regWaitEmail   = "wim@warten.example"
	regOfficeName  = "Otto Oberamt"
	regOfficeEmail = "otto@oberamt.example"
)

// registrationsApp is a fresh test app with the registrations seeded.
func registrationsApp(t testing.TB) *tests.TestApp { return appWith(t, seedRegistrations) }

// seedRegistrations gives EventA three seats and the office's training two,
// and registers the people above through the model, so the hooks decide
// their status and position as for everyone.
func seedRegistrations(t testing.TB, app *tests.TestApp, f *testapp.Fixture) {
	t.Helper()
	setCapacity(t, app, f.EventA.Id, 3)
	setCapacity(t, app, f.EventOffice.Id, 2)
	register(t, app, regCitizenA, f.EventA.Id, map[string]any{"user": f.Citizen.Id, "name": "Clara Bürgerin", "email": "citizen@test.example"})
	register(t, app, regGuestA, f.EventA.Id, map[string]any{"name": regGuestName, "email": regGuestEmail, "consent": true})
	register(t, app, regEditorBA, f.EventA.Id, map[string]any{"user": f.EditorB.Id, "name": "Bernd Kassenwart", "email": "editor.b@test.example"})
	register(t, app, regWaitingA, f.EventA.Id, map[string]any{"name": regWaitName, "email": regWaitEmail, "consent": true})
	register(t, app, regOffice, f.EventOffice.Id, map[string]any{"name": regOfficeName, "email": regOfficeEmail, "consent": true})
	if r, _ := app.FindRecordById("event_registrations", regWaitingA); r == nil || r.GetString("status") != "waitlisted" {
		t.Fatal("the fourth registration for three seats must wait")
	}
}

func setCapacity(t testing.TB, app core.App, event string, capacity int) {
	t.Helper()
	updateRecord(t, app, "events", event, map[string]any{"capacity": capacity})
}

func register(t testing.TB, app core.App, id, event string, data map[string]any) *core.Record {
	t.Helper()
	data["event"] = event
	return saveRecord(t, app, "event_registrations", id, data)
}

func regStatus(t testing.TB, app core.App, id string) string {
	t.Helper()
	r, err := app.FindRecordById("event_registrations", id)
	if err != nil {
		t.Fatal(err)
	}
	return r.GetString("status")
}

var registrationLink = regexp.MustCompile(`/termine/anmeldung#([A-Za-z0-9_-]{43})`)

// linkTokensTo returns the registration link tokens mailed to address, in order.
func linkTokensTo(app *tests.TestApp, address string) []string {
	var out []string
	for _, m := range app.TestMailer.Messages() {
		if len(m.To) != 1 || m.To[0].Address != address {
			continue
		}
		if match := registrationLink.FindStringSubmatch(m.Text); match != nil {
			out = append(out, match[1])
		}
	}
	return out
}

// mailsTo counts the mails to address whose subject contains subject.
func mailsTo(app *tests.TestApp, address, subject string) int {
	n := 0
	for _, m := range app.TestMailer.Messages() {
		if len(m.To) == 1 && m.To[0].Address == address && regexp.MustCompile(regexp.QuoteMeta(subject)).MatchString(m.Subject) {
			n++
		}
	}
	return n
}

// The clubs' festival: Festival2027 is moved to two months from now (so
// that it is still to come whenever the tests run); Chor B takes part with
// an accepted offer, Turnverein A's registration waits for the office.
const (
	festAcceptedB  = "festacceptedchb" // Chor B, accepted: part of the public programme
	festSubmittedA = "festsubmittedta" // Turnverein A, submitted: not public
)

const (
	festNeedsA = "Zwei Biertischgarnituren und Strom"
	festNoteB  = "Ihr Stand: Marktplatz, Nummer 4"
)

func festivalApp(t testing.TB) *tests.TestApp { return appWith(t, seedFestival) }

func seedFestival(t testing.TB, app *tests.TestApp, f *testapp.Fixture) {
	t.Helper()
	fest, err := app.FindRecordById("events", f.Festival2027.Id)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now().UTC().AddDate(0, 2, 0).Truncate(time.Hour)
	fest.Set("starts_at", start)
	fest.Set("ends_at", start.Add(6*time.Hour))
	if err := app.Save(fest); err != nil {
		t.Fatal(err)
	}
	saveRecord(t, app, "festival_participations", festAcceptedB, map[string]any{"event": fest.Id, "organisation": f.ClubB.Id,
		"offer": "Offenes Singen zum Mitmachen", "needs": "Eine Bühne", "status": "accepted", "note": festNoteB})
	saveRecord(t, app, "festival_participations", festSubmittedA, map[string]any{"event": fest.Id, "organisation": f.ClubA.Id,
		"offer": "Torwandschießen für Kinder", "needs": festNeedsA})
}

// Partner applications: one waits, one was declined.
const (
	partnerAppSubmitted = "partnerappsubmt" // "Eiscafé am Markt", waits for the office
	partnerAppDeclined  = "partnerappdecln" // "Spielhalle Glück", declined
)

const (
	partnerContactName  = "Karla Kaufmann"
	partnerContactEmail = "karla@eiscafe.example"
	partnerContactPhone = "06561 998877"
)

func partnerApplicationsApp(t testing.TB) *tests.TestApp { return appWith(t, seedPartnerApplications) }

func seedPartnerApplications(t testing.TB, app *tests.TestApp, _ *testapp.Fixture) {
	t.Helper()
	saveRecord(t, app, "partner_applications", partnerAppSubmitted, map[string]any{"business_name": "Eiscafé am Markt",
		"contact_name": partnerContactName, "email": partnerContactEmail, "phone": partnerContactPhone, "address": "Markt 1, 54634 Bitburg",
		"category": "Gastronomie", "benefit": "Eine Kugel Eis gratis zu jedem Becher", "consent": true})
	saveRecord(t, app, "partner_applications", partnerAppDeclined, map[string]any{"business_name": "Spielhalle Glück",
		"contact_name": "Gero Glück", "email": "gero@spielhalle.example", "category": "Freizeit", "benefit": "Freispiele", "consent": true,
		"status": "declined", "note": "Passt nicht zur Ehrenamtskarte."})
}

// Ideas: the citizen's waits for the office; a guest's is published with
// an answer; another guest's was declined without ever being public.
const (
	ideaCitizen   = "ideacitizenwait" // the citizen's, submitted: not public
	ideaPublished = "ideaguestpublic" // guest Ida's, in progress with an answer: public
	ideaDeclined  = "ideaguestdeclin" // guest Dora's, declined at once: never public
)

const (
	ideaGuestName  = "Ida Ideenreich"
	ideaGuestEmail = "ida@ideen.example"
)

func ideasApp(t testing.TB) *tests.TestApp { return appWith(t, seedIdeas) }

func seedIdeas(t testing.TB, app *tests.TestApp, f *testapp.Fixture) {
	t.Helper()
	saveRecord(t, app, "ideas", ideaCitizen, map[string]any{"title": "Ein Repair-Café im Süden", "text": "Viele Geräte landen im Müll.",
		"topic": "umwelt", "user": f.Citizen.Id, "name": "Clara Bürgerin", "email": "citizen@test.example"})
	published := saveRecord(t, app, "ideas", ideaPublished, map[string]any{"title": "Bänke am Stausee", "text": "Am Rundweg fehlen Bänke zum Ausruhen.",
		"topic": "senioren", "name": ideaGuestName, "email": ideaGuestEmail, "consent": true})
	published.Set("status", "in_progress")
	published.Set("response", "Der Bauhof prüft zwei Standorte.")
	if err := app.Save(published); err != nil {
		t.Fatal(err)
	}
	declined := saveRecord(t, app, "ideas", ideaDeclined, map[string]any{"title": "Werbung für meinen Laden", "text": "…",
		"name": "Dora Direkt", "email": "dora@direkt.example", "consent": true})
	declined.Set("status", "declined")
	if err := app.Save(declined); err != nil {
		t.Fatal(err)
	}
}
