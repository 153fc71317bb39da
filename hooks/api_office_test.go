package hooks_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
	"ben/hooks/mailer"
	"ben/hooks/office"
)

func TestOfficeAsksAClubForChanges(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	ask := askForChanges(t, app, f)
	message := "Bitte ergänzen Sie Ihre Treffzeiten und eine Beschreibung."

	for role, want := range map[string]int{"": 401, "citizen": 403, "editorA": 403, "staffRedaktion": 403, "staffInactive": 403} {
		if res := ask(f.Pending.Id, role, message); res.Code != want {
			t.Errorf("%q asks for changes: %d, want %d", role, res.Code, want)
		}
	}
	res := ask(f.Pending.Id, "staffBuero", "  ")
	if res.Code != 400 || !strings.Contains(res.Body.String(), `"message":{"code":"validation_required"`) {
		t.Fatalf("an empty message: %d %s", res.Code, res.Body)
	}
	res = ask(f.Pending.Id, "staffBuero", strings.Repeat("ä", office.MaxMessage+1))
	if res.Code != 400 || !strings.Contains(res.Body.String(), `"message":{"code":"validation_length_too_long"`) {
		t.Fatalf("a message too long: %d %s", res.Code, res.Body)
	}
	if res := ask("gibtesnicht0000", "staffBuero", message); res.Code != 404 {
		t.Fatalf("an unknown organisation: %d", res.Code)
	}
	if n := app.TestMailer.TotalSend(); n != 0 {
		t.Fatalf("refused requests sent %d mails", n)
	}
	if n := len(auditEntries(t, app, f.Pending.Id)); n != 0 {
		t.Fatalf("refused requests wrote %d entries in the Protokoll", n)
	}

	// the mail goes out once the entry is committed: read outside the
	// request's transaction, the entry is there when the mail is sent
	entriesWhenSent := -1
	app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		entriesWhenSent = len(auditEntries(t, app, f.Pending.Id))
		return e.Next()
	})
	res = ask(f.Pending.Id, "staffBuero", message)
	if res.Code != 200 || strings.TrimSpace(res.Body.String()) != `{"recipients":1}` {
		t.Fatalf("ask for changes: %d %s", res.Code, res.Body)
	}
	if entriesWhenSent != 1 {
		t.Fatalf("the mail must leave after the entry is committed; entries seen then: %d", entriesWhenSent)
	}
	msg := app.TestMailer.LastMessage()
	if app.TestMailer.TotalSend() != 1 || msg.To[0].Address != f.EditorA.Email() || !strings.Contains(msg.Text, "Bitte ergänzen Sie Ihre Treffzeiten") ||
		!strings.Contains(msg.Text, "/mein-verein/neue-initiative") || !strings.Contains(msg.Subject, "Neue Initiative") {
		t.Fatalf("mail to %v: %s\n%s", msg.To, msg.Subject, msg.Text)
	}
	onlyEntry(t, app, f.Pending.Id, f.StaffBuero.Id, "Bea Büro", office.ActionChangesRequested, "organisations",
		"Organisation „Neue Initiative“: um Änderungen gebeten (Nachricht an 1 Bearbeitende).")
	if org, _ := app.FindRecordById("organisations", f.Pending.Id); org.GetString("status") != "pending" {
		t.Fatal("asking for changes must not change the status")
	}
}

func TestAskingForChangesWithoutEditorsWritesToTheClubsAddress(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	ask := askForChanges(t, app, f)
	sql(t, app, "UPDATE organisations SET editors = '[]', email = '' WHERE id = '"+f.Pending.Id+"'", time.Now())
	res := ask(f.Pending.Id, "staffBuero", "Bitte ergänzen Sie Ihre Treffzeiten.")
	if res.Code != 400 || !strings.Contains(res.Body.String(), "keine Bearbeitenden und keine E-Mail-Adresse") {
		t.Fatalf("nobody to write to: %d %s", res.Code, res.Body)
	}
	if n := app.TestMailer.TotalSend(); n != 0 || len(auditEntries(t, app, f.Pending.Id)) != 0 {
		t.Fatalf("nobody to write to: %d mails, %d entries", n, len(auditEntries(t, app, f.Pending.Id)))
	}

	sql(t, app, "UPDATE organisations SET email = 'kontakt@neue-initiative.example' WHERE id = '"+f.Pending.Id+"'", time.Now())
	res = ask(f.Pending.Id, "staffBuero", "Bitte ergänzen Sie Ihre Treffzeiten.")
	if res.Code != 200 || strings.TrimSpace(res.Body.String()) != `{"recipients":1}` {
		t.Fatalf("to the club's address: %d %s", res.Code, res.Body)
	}
	if msg := app.TestMailer.LastMessage(); app.TestMailer.TotalSend() != 1 || msg.To[0].Address != "kontakt@neue-initiative.example" {
		t.Fatalf("want one mail to the club's address, got %d", app.TestMailer.TotalSend())
	}
	onlyEntry(t, app, f.Pending.Id, f.StaffBuero.Id, "Bea Büro", office.ActionChangesRequested, "organisations",
		"(Nachricht an die E-Mail-Adresse der Organisation)")
}

func TestAskingForChangesDoesNotWaitForTheMailServer(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	ask := askForChanges(t, app, f)
	res, release := answerBeforeTheMailServer(t, app, func() *httptest.ResponseRecorder {
		return ask(f.Pending.Id, "staffBuero", "Bitte ergänzen Sie Ihre Treffzeiten.")
	})
	if res.Code != 200 || strings.TrimSpace(res.Body.String()) != `{"recipients":1}` {
		t.Fatalf("the message is queued for one editor: %d %s", res.Code, res.Body)
	}
	onlyEntry(t, app, f.Pending.Id, f.StaffBuero.Id, "Bea Büro", office.ActionChangesRequested, "organisations", "um Änderungen gebeten")
	release()
	if msg := app.TestMailer.LastMessage(); app.TestMailer.TotalSend() != 1 || msg.To[0].Address != f.EditorA.Email() {
		t.Fatalf("want the mail to the editor once the server answers, got %d mails", app.TestMailer.TotalSend())
	}
}

func TestARefusedMailDoesNotChangeTheAnswerToAskingForChanges(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		return errors.New("451 4.3.0 Mail server temporarily unavailable")
	})
	res := askForChanges(t, app, f)(f.Pending.Id, "staffBuero", "Bitte ergänzen Sie Ihre Treffzeiten.")
	if res.Code != 200 || strings.TrimSpace(res.Body.String()) != `{"recipients":1}` {
		t.Fatalf("the answer says what is queued, not what the mail server did: %d %s", res.Code, res.Body)
	}
	onlyEntry(t, app, f.Pending.Id, f.StaffBuero.Id, "Bea Büro", office.ActionChangesRequested, "organisations", "um Änderungen gebeten")
}

// askForChanges returns how a role of f asks, through app's API, the
// organisation id for changes with a message.
func askForChanges(t *testing.T, app *tests.TestApp, f *testapp.Fixture) func(id, role, message string) *httptest.ResponseRecorder {
	h := testapp.Handler(t, app)
	return func(id, role, message string) *httptest.ResponseRecorder {
		body, _ := json.Marshal(map[string]string{"message": message})
		return do(t, h, http.MethodPost, "/api/ben/office/organisations/"+id+"/request-changes", f.Tokens[role], string(body))
	}
}

func TestOfficeRecordsTheMunicipalDecisionOnARound(t *testing.T) {
	t.Parallel()
	app, f := awardsApp(t)
	h := testapp.Handler(t, app)
	url := "/api/ben/office/rounds/" + roundMedal + "/decision"
	day := f.today(-1).Format("2006-01-02")
	// the bodies decide after the round's last day of nominations
	sql(t, app, "UPDATE award_rounds SET nominations_until = {:t} WHERE id = '"+roundMedal+"'", f.today(-2))
	body := `{"decision_body":"Stadtrat Bitburg","decision_date":"` + day + `","decision_outcome":"einstimmig beschlossen",` +
		`"awarded":[{"nomination":"` + nomMedal1 + `","citation":"Für zwölf Jahre Besuche im Seniorenheim."}],"publish":true}`

	for role, want := range map[string]int{"": 401, "citizen": 403, "jurorA": 403, "staffRedaktion": 403} {
		if res := do(t, h, http.MethodPost, url, f.Tokens[role], body); res.Code != want {
			t.Errorf("%q records the decision: %d, want %d", role, res.Code, want)
		}
	}
	res := do(t, h, http.MethodPost, url, f.Tokens["staffBuero"], `{"decision_date":"morgen"}`)
	if res.Code != 400 || !strings.Contains(res.Body.String(), `"decision_body"`) || !strings.Contains(res.Body.String(), `"decision_date"`) {
		t.Fatalf("missing body and date: %d %s", res.Code, res.Body)
	}
	res = do(t, h, http.MethodPost, url, f.Tokens["staffBuero"], strings.Replace(body, nomMedal1, nomPrize, 1))
	if res.Code != 400 || !strings.Contains(res.Body.String(), "validation_not_in_round") {
		t.Fatalf("a nomination of another round: %d %s", res.Code, res.Body)
	}
	// the award fails its own rules (dated before the period): nothing is stored
	res = do(t, h, http.MethodPost, url, f.Tokens["staffBuero"], strings.Replace(body, day, "2019-06-01", 1))
	if res.Code != 400 || !strings.Contains(res.Body.String(), "awarded_at") {
		t.Fatalf("an award outside the period: %d %s", res.Code, res.Body)
	}
	if n, _ := app.CountRecords("awards", dbx.HashExp{"round": roundMedal}); n != 0 {
		t.Fatalf("a refused decision stored %d awards", n)
	}
	if n, _ := app.FindRecordById("nominations", nomMedal2); n.GetString("status") != "submitted" {
		t.Fatal("a refused decision changed a nomination")
	}

	res = do(t, h, http.MethodPost, url, f.Tokens["staffBuero"], body)
	if res.Code != 200 {
		t.Fatalf("decision: %d %s", res.Code, res.Body)
	}
	var out struct{ Awards []string }
	_ = json.Unmarshal(res.Body.Bytes(), &out)
	if len(out.Awards) != 1 {
		t.Fatalf("awards %v", out.Awards)
	}
	award, err := app.FindRecordById("awards", out.Awards[0])
	if err != nil {
		t.Fatal(err)
	}
	got := []string{award.GetString("kind"), award.GetString("recipient_name"), award.GetString("nomination"), award.GetString("decision_body"),
		award.GetString("decision_outcome"), award.GetDateTime("decision_date").Time().Format("2006-01-02"), award.GetString("decided_by")}
	want := []string{"stadtmedaille", "Hilde Helferin", nomMedal1, "Stadtrat Bitburg", "einstimmig beschlossen", day, f.StaffBuero.Id}
	if strings.Join(got, "|") != strings.Join(want, "|") || !award.GetBool("published") {
		t.Fatalf("award %v, want %v", got, want)
	}
	for id, status := range map[string]string{nomMedal1: "awarded", nomMedal2: "declined"} {
		n, _ := app.FindRecordById("nominations", id)
		if n.GetString("status") != status || n.GetString("decided_by") != f.StaffBuero.Id {
			t.Errorf("nomination %s: %s by %q, want %s", id, n.GetString("status"), n.GetString("decided_by"), status)
		}
	}
	if r, _ := app.FindRecordById("award_rounds", roundMedal); r.GetString("status") != "decided" {
		t.Fatal("the round is not decided")
	}
	onlyEntry(t, app, roundMedal, f.StaffBuero.Id, "Bea Büro", office.ActionDecisionRecorded, "award_rounds",
		"Runde „Runde "+roundMedal+"“: Beschluss von „Stadtrat Bitburg“ vom "+f.today(-1).Format("02.01.2006")+" erfasst (einstimmig beschlossen): 1 ausgezeichnet, 1 nicht ausgezeichnet.")

	if res := do(t, h, http.MethodPost, url, f.Tokens["staffBuero"], body); res.Code != 400 || !strings.Contains(res.Body.String(), "bereits entschieden") {
		t.Fatalf("a second decision: %d %s", res.Code, res.Body)
	}
}

func TestOfficeSeesTheWorkingGroupsHeadCount(t *testing.T) {
	t.Parallel()
	app, f := awardsApp(t)
	h := testapp.Handler(t, app)
	if res := do(t, h, http.MethodGet, "/api/ben/office/working-group", f.Tokens["staffRedaktion"], ""); res.Code != 403 {
		t.Fatalf("redaktion: %d", res.Code)
	}
	res := do(t, h, http.MethodGet, "/api/ben/office/working-group", f.Tokens["staffBuero"], "")
	var got struct {
		HeadCount    int `json:"head_count"`
		StandardSize int `json:"standard_size"`
		MaxSize      int `json:"max_size"`
		Seats        []struct {
			Seat     string
			Label    string
			Quota    int
			Members  []string
			Deputies []string
		}
	}
	if err := json.Unmarshal(res.Body.Bytes(), &got); err != nil || res.Code != 200 {
		t.Fatalf("%d %s", res.Code, res.Body)
	}
	if got.HeadCount != 2 || got.StandardSize != 10 || got.MaxSize != 12 || len(got.Seats) != 9 {
		t.Fatalf("head count %d of %d (max %d), %d seats", got.HeadCount, got.StandardSize, got.MaxSize, len(got.Seats))
	}
	for _, s := range got.Seats {
		switch s.Seat {
		case "buergermeister":
			if len(s.Members) != 1 || s.Members[0] != "Joachim Beispielmann" || s.Label != "Bürgermeister" {
				t.Errorf("mayor's seat %+v", s)
			}
		case "politik":
			if s.Quota != 3 || len(s.Deputies) != 1 || s.Deputies[0] != "Dora Vertretung (Fraktion D)" || len(s.Members) != 1 || s.Members[0] != "Rainer Rat (Fraktion C)" {
				t.Errorf("politics %+v", s)
			}
		case "jugend":
			if len(s.Members) != 0 {
				t.Errorf("a former member sits on the youth seat: %+v", s)
			}
		}
	}
	if strings.Contains(res.Body.String(), mayorEmail) {
		t.Fatal("contact data in the summary")
	}
}

func TestTheOfficeHearsOfEveryNewInboxItem(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	seedEngagement(t, app, f)
	office := app.Settings().Meta.SenderAddress
	lastToOffice := func() string {
		t.Helper()
		mailer.Wait(app)
		for i := len(app.TestMailer.Messages()) - 1; i >= 0; i-- {
			m := app.TestMailer.Messages()[i]
			if m.To[0].Address == office {
				return m.Subject + "\n" + m.Text
			}
		}
		return ""
	}
	app.TestMailer.Reset()

	// a citizen registers a club
	if res := do(t, h, http.MethodPost, "/api/collections/organisations/records", f.Tokens["citizen"], `{"name":"Lauftreff Süd","kind":"initiative"}`); res.Code != 200 {
		t.Fatalf("register: %d %s", res.Code, res.Body)
	}
	if got := lastToOffice(); !strings.Contains(got, "Lauftreff Süd") || !strings.Contains(got, "/buero/organisationen/") {
		t.Fatalf("office mail:\n%s", got)
	}

	// a guest writes to the office: the office's mail names nobody
	app.TestMailer.Reset()
	if res := do(t, h, http.MethodPost, "/api/collections/enquiries/records", "", `{"name":"Karla Kontakt","email":"karla@kontakt.example","message":"Ich helfe gern.","consent":true}`); res.Code != 200 {
		t.Fatalf("enquiry: %d %s", res.Code, res.Body)
	}
	if got := lastToOffice(); !strings.Contains(got, "/buero/anfragen/") || strings.Contains(got, "Karla") || strings.Contains(got, "karla@") {
		t.Fatalf("office mail:\n%s", got)
	}

	// what the office enters itself is no news to it
	app.TestMailer.Reset()
	if res := do(t, h, http.MethodPost, "/api/collections/enquiries/records", f.Tokens["staffBuero"], `{"name":"Telefon","email":"tel@kontakt.example","consent":true}`); res.Code != 200 {
		t.Fatalf("enquiry by the office: %d %s", res.Code, res.Body)
	}
	if got := lastToOffice(); got != "" {
		t.Fatalf("the office was told of its own entry:\n%s", got)
	}

	// a card application is submitted, then confirmed
	app.TestMailer.Reset()
	cardDraft(t, app, "appnotice00001a", f.Citizen, adultBirth, engagementAt(nil, 6))
	setStatus(t, app, "appnotice00001a", "submitted", nil)
	if got := lastToOffice(); !strings.Contains(got, "neuer Antrag eingereicht") || !strings.Contains(got, "/buero/antraege/appnotice00001a") || strings.Contains(got, "Vorlage") {
		t.Fatalf("office mail on submission:\n%s", got)
	}
	setStatus(t, app, "appnotice00001a", "confirmed", nil)
	if got := lastToOffice(); !strings.Contains(got, "bitte entscheiden") || strings.Contains(got, "Vorlage") {
		t.Fatalf("office mail on confirmation:\n%s", got)
	}
}

func TestTheMorningMailNamesWhatBecameDueByWaiting(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedEngagement(t, app, f)
	now := time.Now()

	// an engagement unconfirmed for 14 days and an hour: due an hour ago
	cardDraft(t, app, "appmorning0001a", f.Citizen, adultBirth, engagementAt(f.ClubA, 6))
	setStatus(t, app, "appmorning0001a", "submitted", nil)
	sql(t, app, "UPDATE card_applications SET submitted_at = {:t} WHERE id = 'appmorning0001a'", now.Add(-14*24*time.Hour-time.Hour))
	// an interest unanswered for 20 days: due six days ago, not news
	sql(t, app, "UPDATE interests SET created = {:t} WHERE id = '"+interestGuestA+"'", now.Add(-20*24*time.Hour))
	// a card that expires in 41 days and 23 hours: due an hour ago
	card := issuedCard(t, app, "appmorning0002a", f.EditorB)
	sql(t, app, "UPDATE cards SET valid_until = {:t} WHERE id = '"+card.Id+"'", now.Add(42*24*time.Hour-time.Hour))
	mailer.Wait(app)
	app.TestMailer.Reset()

	n, err := office.SendMorningMail(app, now)
	if err != nil || n != 2 {
		t.Fatalf("morning mail named %d items (%v), want 2", n, err)
	}
	msg := app.TestMailer.LastMessage()
	if app.TestMailer.TotalSend() != 1 || !strings.Contains(msg.Text, "1 × Engagements seit über 14 Tagen unbestätigt") ||
		!strings.Contains(msg.Text, "1 × Ehrenamtskarten laufen in den nächsten 42 Tagen ab") || strings.Contains(msg.Text, "Meldungen") {
		t.Fatalf("%d mails, last:\n%s", app.TestMailer.TotalSend(), msg.Text)
	}
	// the next morning, nothing is new
	app.TestMailer.Reset()
	if n, err := office.SendMorningMail(app, now.Add(24*time.Hour)); err != nil || n != 0 || app.TestMailer.TotalSend() != 0 {
		t.Fatalf("the next morning: %d items, %d mails (%v)", n, app.TestMailer.TotalSend(), err)
	}
}

// sql runs a statement with the date t as {:t}, in PocketBase's format:
// for dates that hooks set and nobody may set by hand.
func sql(t testing.TB, app interface {
	DB() dbx.Builder
}, query string, at time.Time) {
	t.Helper()
	if _, err := app.DB().NewQuery(query).Bind(dbx.Params{"t": at.UTC().Format("2006-01-02 15:04:05.000Z")}).Execute(); err != nil {
		t.Fatal(err)
	}
}
