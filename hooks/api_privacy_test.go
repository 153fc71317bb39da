package hooks_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
	"ben/hooks/privacy"
)

func TestExportOwnData(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const url = "/api/ben/me/export"

	// records the citizen sent as a guest before registering, with the
	// verified address of the account, belong to the account too
	withGuestAnswers := func(t testing.TB) *tests.TestApp {
		app := engagementApp(t)
		saveRecord(t, app, "interests", "", map[string]any{"opportunity": oppB, "name": "Clara als Gast",
			"email": "CITIZEN@test.example", "message": "Vor der Anmeldung geschrieben.", "consent": true})
		saveRecord(t, app, "interests", "", map[string]any{"opportunity": oppB, "name": "Udo als Gast",
			"email": "unchecked@test.example", "message": "Udos Nachricht als Gast.", "consent": true})
		return app
	}

	othersData := []string{guestAEmail, guestAName, guestBEmail, guestBName, enquirerEmail, enquirerName,
		"editor.a@test.example", "editor.b@test.example", "Anna Vorstand", "Bernd Kassenwart"}

	scenarios := []tests.ApiScenario{
		{Name: "guest has no export", Method: http.MethodGet, URL: url, ExpectedStatus: 401, ExpectedContent: []string{`"status":401`}},
		{Name: "staff accounts have no citizen export", Method: http.MethodGet, URL: url, Headers: f.Header("staff"), ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}},
		{Name: "citizen downloads everything stored about them and nothing about others", Method: http.MethodGet, URL: url, Headers: f.Header("citizen"),
			ExpectedStatus: 200,
			ExpectedContent: []string{`"account":{`, `"email":"citizen@test.example"`, `"name":"Clara Bürgerin"`,
				`"interests":[`, interestCitizenA, "Dienstags kann ich gut.", `"opportunity_title":"Jugendtrainer gesucht"`, `"organisation_name":"Turnverein A"`,
				"Vor der Anmeldung geschrieben.", `"enquiries":[`, enquiryCitizen, `"editor_links":[]`, `"exportiert_am"`},
			NotExpectedContent: append([]string{`"password"`, `"tokenKey"`, "Udos Nachricht als Gast.", interestGuestA, enquiryGuest}, othersData...),
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if d := res.Header.Get("Content-Disposition"); !strings.Contains(d, "attachment") {
					t.Fatalf("Content-Disposition %q", d)
				}
			}},
		{Name: "guest answers with the address of an unverified account are not exported to it", Method: http.MethodGet, URL: url, Headers: f.Header("unchecked"),
			ExpectedStatus: 200, ExpectedContent: []string{`"email":"unchecked@test.example"`, `"interests":[]`}, NotExpectedContent: []string{"Udos Nachricht als Gast."}},
		{Name: "editor's export lists the clubs they edit, without co-editors or the club's private contact data", Method: http.MethodGet, URL: url, Headers: f.Header("editorA"),
			ExpectedStatus: 200,
			ExpectedContent: []string{`"editor_links":[`, `"name":"Neue Initiative"`, `"name":"Turnverein A"`, `"named_as_contact":{}`,
				`"interests":[]`, `"enquiries":[]`},
			NotExpectedContent: []string{"turnverein-a@club.example", "Kontakt Turnverein A", f.EditorB.Id, guestAEmail, "Dienstags kann ich gut."}},
	}
	runScenarios(t, withGuestAnswers, scenarios)
}

func TestDeletingAnAccountLeavesNoPersonalData(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedEngagement(t, app, f)
	h := testapp.Handler(t, app)

	const (
		name  = "Zora Löschmich"
		email = "zora.loeschmich@test.example"
		phone = "0651 4711 0815"
	)
	zora := saveRecord(t, app, "users", "", map[string]any{"name": name, "email": email, "phone": phone, "verified": true, "password": testapp.Password})

	// she edits ChorB with Bernd and is its contact, and the contact of its opportunity
	club, _ := app.FindRecordById("organisations", f.ClubB.Id)
	club.Set("editors", []string{f.EditorB.Id, zora.Id})
	club.Set("contact_name", name)
	club.Set("email", email)
	club.Set("phone", phone)
	engMustSave(t, app, club)
	opp, _ := app.FindRecordById("opportunities", oppB)
	opp.Set("contact_person", name)
	opp.Set("contact_email", email)
	engMustSave(t, app, opp)

	// she answered, logged in and before as a guest, and asked the office twice
	saveRecord(t, app, "interests", "", map[string]any{"opportunity": oppA, "user": zora.Id, "name": name, "email": email, "message": "Grüße von Zora", "consent": true})
	saveRecord(t, app, "interests", "", map[string]any{"opportunity": oppB, "name": name, "email": strings.ToUpper(email), "consent": true})
	saveRecord(t, app, "enquiries", "", map[string]any{"user": zora.Id, "name": name, "email": email, "phone": phone, "consent": true})
	saveRecord(t, app, "enquiries", "", map[string]any{"name": name, "email": email, "consent": true, "status": "closed"})

	// she applied for the volunteer card and holds one, and as an editor she
	// confirmed somebody else's engagement
	own := cardDraft(t, app, "", zora, adultBirth, engagementAt(f.ClubB, 6))
	setStatus(t, app, own.Id, "draft", map[string]any{"first_name": "Zora", "last_name": "Löschmich"})
	setStatus(t, app, own.Id, "submitted", nil)
	setStatus(t, app, own.Id, "confirmed", nil)
	setStatus(t, app, own.Id, "approved", nil)
	heldCard, err := app.FindFirstRecordByData("cards", "holder", zora.Id)
	if err != nil {
		t.Fatal("no card issued:", err)
	}
	othersApplication := cardDraft(t, app, "", f.Citizen, adultBirth, engagementAt(f.ClubB, 6))
	setStatus(t, app, othersApplication.Id, "submitted", nil)
	othersEngagement, _ := app.FindFirstRecordByData("engagements", "application", othersApplication.Id)

	needles := []string{"Löschmich", "zora.loeschmich", "4711 0815", zora.Id}

	// logging in leaves traces PocketBase keeps (auth origins)
	login := do(t, h, http.MethodPost, "/api/collections/users/auth-with-password", "",
		`{"identity":"`+email+`","password":"`+testapp.Password+`"}`)
	if login.Code != 200 {
		t.Fatalf("login: %d %s", login.Code, login.Body.String())
	}
	token, _ := zora.NewAuthToken()
	if res := do(t, h, http.MethodPost, "/api/ben/card/engagements/"+othersEngagement.Id+"/confirm", token, ""); res.Code != 200 {
		t.Fatalf("confirming as an editor: %d %s", res.Code, res.Body.String())
	}
	// the applicant reads who confirmed: a name and a club, not a login address
	citizenToken, _ := f.Citizen.NewAuthToken()
	seen := do(t, h, http.MethodGet, "/api/collections/engagements/records/"+othersEngagement.Id, citizenToken, "").Body.String()
	if !strings.Contains(seen, `"confirmed_by":"`+name+` für Chor B"`) || strings.Contains(seen, email) {
		t.Fatalf("the applicant sees the confirmation as %s", seen)
	}

	// she sits on the working group, on a jury (and voted), and proposed someone for the city medal
	af := &awardsFixture{Fixture: &testapp.Fixture{}}
	*af.Fixture = *f
	af.Tokens = map[string]string{}
	seedAwards(t, app, af)
	saveRecord(t, app, "working_group_members", "", map[string]any{"person_name": name, "user": zora.Id, "seat": "verein_buergerschaft",
		"active": true, "email": email, "phone": phone})
	round, _ := app.FindRecordById("award_rounds", roundMedal)
	round.Set("jury", append(round.GetStringSlice("jury"), zora.Id))
	engMustSave(t, app, round)
	saveRecord(t, app, "jury_votes", "", map[string]any{"nomination": nomMedal1, "juror": zora.Id, "score": 5})
	saveRecord(t, app, "nominations", "", map[string]any{"round": roundMedal, "nominee_name": "Hanna Hilfreich", "reason": "Immer da.",
		"nominator_name": name, "nominator_email": email, "consent": true})

	// she registered for the office's training with her account and, as a
	// guest, for a club's event; she sent a published idea and an unpublished
	// one, and applied for her shop as a discount partner
	setCapacity(t, app, f.EventOffice.Id, 5)
	setCapacity(t, app, f.EventA.Id, 5)
	register(t, app, "", f.EventOffice.Id, map[string]any{"user": zora.Id, "name": name, "email": email})
	register(t, app, "", f.EventA.Id, map[string]any{"name": name, "email": email, "consent": true})
	publicIdea := saveRecord(t, app, "ideas", "", map[string]any{"title": "Mehr Bänke", "text": "Am Markt.", "user": zora.Id, "name": name, "email": email})
	publicIdea.Set("status", "published")
	engMustSave(t, app, publicIdea)
	saveRecord(t, app, "ideas", "", map[string]any{"title": "Noch eine Idee", "text": "Später.", "name": name, "email": email, "consent": true})
	saveRecord(t, app, "partner_applications", "", map[string]any{"business_name": "Laden Löschmich", "contact_name": name, "email": email,
		"phone": phone, "category": "Einkaufen", "benefit": "5 %", "consent": true})

	// every collection that names a person is declared to the privacy
	// registry, and every one that can name an account is in this fixture
	declared := privacy.Collections(app)
	users, _ := app.FindCollectionByNameOrId("users")
	colls, _ := app.FindAllCollections()
	var linked []string
	for _, c := range colls {
		if c.System {
			continue
		}
		fields, linkedToAccount := personalFields(c, users.Id)
		if len(fields) == 0 {
			continue
		}
		if _, ok := declared[c.Name]; !ok {
			t.Errorf("collection %q stores personal data (%v) but is not declared with privacy.RegisterCollection", c.Name, fields)
		}
		if linkedToAccount {
			linked = append(linked, c.Name)
		}
	}
	// data registered for the notice without export or erasure belongs to
	// no account by declaration (e.g. the office's facts for the imprint)
	noAccount := map[string]bool{}
	for _, d := range privacy.Registered(app) {
		for _, c := range d.Collections {
			noAccount[c] = d.Export == nil && d.Erase == nil
		}
	}
	holding := map[string]bool{}
	for _, n := range needles {
		for _, where := range engSearchDatabase(t, app, n) {
			holding[strings.Split(where, ".")[1]] = true
		}
	}
	for _, c := range linked {
		if !holding[c] && !noAccount[c] {
			t.Errorf("collection %q can name an account, but the fixture stores nothing of Zora in it: its erasure is not tested", c)
		}
	}

	for _, n := range needles {
		if len(engSearchDatabase(t, app, n)) == 0 {
			t.Fatalf("the search does not find %q before the deletion: it could not find it after either", n)
		}
	}

	// what she is about to lose, she can download first: the memberships and juries too
	export := do(t, h, http.MethodGet, "/api/ben/me/export", token, "").Body.String()
	for _, want := range []string{`"working_group_members":[{`, phone, `"jury":[{`, roundMedal, `"jury_votes":[{`} {
		if !strings.Contains(export, want) {
			t.Errorf("the export lacks %q: %s", want, truncate(export))
		}
	}

	res := do(t, h, http.MethodDelete, "/api/collections/users/records/"+zora.Id, token, "")
	if res.Code != 204 {
		t.Fatalf("deleting the account: %d %s", res.Code, res.Body.String())
	}

	for _, n := range needles {
		if found := engSearchDatabase(t, app, n); len(found) > 0 {
			t.Errorf("%q is still stored in %v", n, found)
		}
	}

	// her card is revoked, not deleted: a printed card must not verify any more
	if c, err := app.FindRecordById("cards", heldCard.Id); err != nil || c.GetString("status") != "revoked" || c.GetString("holder") != "" {
		t.Fatalf("the card of a deleted account must stay as revoked and unlinked: %v", err)
	}
	if a, err := app.FindRecordById("card_applications", othersApplication.Id); err != nil || a.GetString("status") != "confirmed" {
		t.Fatal("somebody else's application she confirmed must stay confirmed")
	}

	// the organisations, their opportunities and other people's data stay
	club, err = app.FindRecordById("organisations", f.ClubB.Id)
	if err != nil {
		t.Fatal("the club must stay")
	}
	if got := club.GetStringSlice("editors"); len(got) != 1 || got[0] != f.EditorB.Id {
		t.Fatalf("the co-editor must stay, editors are %v", got)
	}
	if club.GetString("name") != "Chor B" {
		t.Fatalf("the club's own data changed: %q", club.GetString("name"))
	}
	for coll, id := range map[string]string{"opportunities": oppB, "interests": interestGuestB, "enquiries": enquiryGuest, "users": f.EditorB.Id} {
		if _, err := app.FindRecordById(coll, id); err != nil {
			t.Errorf("%s %s of somebody else is gone", coll, id)
		}
	}
}

func TestGuestDataIsDeletedAfterTheRetentionTime(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedEngagement(t, app, f)

	// an open guest answer on an open opportunity is never due
	open := saveRecord(t, app, "interests", "", map[string]any{"opportunity": oppA, "name": "Olga Offen", "email": "olga@offen.example", "consent": true})

	engSetStatus(t, app, "interests", interestGuestA, "not_a_fit") // closed by the club
	engSetStatus(t, app, "interests", interestCitizenA, "engaged") // closed, but linked to an account
	engSetStatus(t, app, "opportunities", oppB, "closed")          // closes interestGuestB with it
	engSetStatus(t, app, "enquiries", enquiryGuest, "closed")
	engSetStatus(t, app, "enquiries", enquiryCitizen, "matched")
	closedAt := time.Now()

	due := []string{interestGuestA, interestGuestB, enquiryGuest}
	kept := []string{interestCitizenA, open.Id, enquiryCitizen, oppB}

	if n, err := privacy.RunRetention(app, closedAt.AddDate(0, 12, 0).Add(-time.Minute)); err != nil || n != 0 {
		t.Fatalf("a minute before 12 months: deleted %d, %v", n, err)
	}
	for _, id := range due {
		if !engExists(app, id) {
			t.Fatalf("%s deleted before its time", id)
		}
	}

	n, err := privacy.RunRetention(app, closedAt.AddDate(0, 12, 0).Add(time.Minute))
	if err != nil || n != len(due) {
		t.Fatalf("a minute after 12 months: deleted %d, %v; want %d", n, err, len(due))
	}
	for _, id := range due {
		if engExists(app, id) {
			t.Errorf("guest data %s is still there", id)
		}
	}
	for _, id := range kept {
		if !engExists(app, id) {
			t.Errorf("%s must be kept", id)
		}
	}
}

func TestRetentionTimeIsConfigurable(t *testing.T) {
	// not parallel: t.Setenv changes the environment of the whole test binary
	t.Setenv(privacy.RetentionEnv, "6")
	app, f := testapp.New(t)
	seedEngagement(t, app, f)
	engSetStatus(t, app, "enquiries", enquiryGuest, "closed")
	closedAt := time.Now()

	if n, _ := privacy.RunRetention(app, closedAt.AddDate(0, 6, 0).Add(-time.Minute)); n != 0 {
		t.Fatalf("deleted %d before 6 months", n)
	}
	if n, _ := privacy.RunRetention(app, closedAt.AddDate(0, 6, 0).Add(time.Minute)); n != 1 || engExists(app, enquiryGuest) {
		t.Fatalf("deleted %d after 6 months, want the closed enquiry", n)
	}
}

// searchDatabase returns "db.table.column" for every column, in the main
// and the auxiliary database, whose value contains needle.
func engSearchDatabase(t testing.TB, app core.App, needle string) []string {
	t.Helper()
	var found []string
	for dbName, db := range map[string]dbx.Builder{"data": app.DB(), "auxiliary": app.AuxDB()} {
		var tables []string
		if err := db.NewQuery(`SELECT name FROM sqlite_master WHERE type = 'table'`).Column(&tables); err != nil {
			t.Fatal(err)
		}
		for _, table := range tables {
			var columns []struct {
				Name string `db:"name"`
			}
			if err := db.NewQuery(fmt.Sprintf("SELECT name FROM pragma_table_info('%s')", table)).All(&columns); err != nil {
				t.Fatal(err)
			}
			for _, c := range columns {
				var n int
				q := fmt.Sprintf(`SELECT COUNT(*) FROM "%s" WHERE instr(lower(CAST("%s" AS TEXT)), lower({:needle})) > 0`, table, c.Name)
				if err := db.NewQuery(q).Bind(dbx.Params{"needle": needle}).Row(&n); err != nil {
					t.Fatal(err)
				}
				if n > 0 {
					found = append(found, dbName+"."+table+"."+c.Name)
				}
			}
		}
	}
	return found
}

// personalFields lists the fields of c that name a person: e-mail
// addresses, relations to citizens' accounts, phone numbers, names, birth
// dates, street addresses. linked is true when the collection can name a
// citizen's account: it is that collection, relates to it, or holds e-mail
// addresses of people (the office's own accounts are not citizens').
func personalFields(c *core.Collection, usersId string) (fields []string, linked bool) {
	personal := regexp.MustCompile(`^(phone|.+_phone|.+_name|street|birth_date|.+_address|contact_person|confirmed_by)$`)
	linked = c.Id == usersId
	for _, f := range c.Fields {
		switch rel, isRel := f.(*core.RelationField); {
		case f.Type() == core.FieldTypeEmail:
			fields = append(fields, f.GetName())
			linked = linked || !c.IsAuth()
		case isRel && rel.CollectionId == usersId:
			fields, linked = append(fields, f.GetName()), true
		case personal.MatchString(f.GetName()):
			fields = append(fields, f.GetName())
		}
	}
	return fields, linked
}

// An editor's own contact data in a club's profile is theirs, however the
// club typed it: BEN compares names, addresses and phone numbers as it
// compares everything people type (textkey). What names someone else stays.
func TestAnEditorsContactDataIsFoundHoweverTheClubTypedIt(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)

	anna, _ := app.FindRecordById("users", f.EditorA.Id)
	anna.Set("phone", "06561 / 12 34")
	if err := app.Save(anna); err != nil {
		t.Fatal(err)
	}
	club, _ := app.FindRecordById("organisations", f.ClubA.Id)
	club.Set("contact_name", "ANNA  Vorstand")
	club.Set("email", "Editor.A+turnverein@Test.Example")
	club.Set("phone", "0656112-34")
	if err := app.Save(club); err != nil {
		t.Fatal(err)
	}
	other, _ := app.FindRecordById("organisations", f.Pending.Id)
	other.Set("contact_name", "Anna Vorständin") // another person
	other.Set("email", "editor.b@test.example")  // another mailbox
	other.Set("phone", "06561 12 35")
	if err := app.Save(other); err != nil {
		t.Fatal(err)
	}

	res := do(t, h, http.MethodGet, "/api/ben/me/export", f.Tokens["editorA"], "")
	if res.Code != 200 {
		t.Fatalf("export: %d %s", res.Code, res.Body)
	}
	var export struct {
		EditorLinks []struct {
			ID             string            `json:"id"`
			NamedAsContact map[string]string `json:"named_as_contact"`
		} `json:"editor_links"`
	}
	if err := json.Unmarshal(res.Body.Bytes(), &export); err != nil {
		t.Fatal(err)
	}
	named := map[string]map[string]string{}
	for _, l := range export.EditorLinks {
		named[l.ID] = l.NamedAsContact
	}
	if got := named[f.ClubA.Id]; len(got) != 3 || got["contact_name"] != "ANNA  Vorstand" || got["email"] != "Editor.A+turnverein@Test.Example" || got["phone"] != "0656112-34" {
		t.Fatalf("the club names Anna as its contact three ways, the export shows %v", got)
	}
	if got, ok := named[f.Pending.Id]; !ok || len(got) != 0 {
		t.Fatalf("the other club names other people, the export shows %v (listed: %v)", got, ok)
	}

	if err := app.Delete(anna); err != nil {
		t.Fatal(err)
	}
	club, _ = app.FindRecordById("organisations", f.ClubA.Id)
	if club.GetString("contact_name") != "" || club.GetString("email") != "" || club.GetString("phone") != "" {
		t.Fatalf("her contact data stays in the club's profile: %q %q %q", club.GetString("contact_name"), club.GetString("email"), club.GetString("phone"))
	}
	other, _ = app.FindRecordById("organisations", f.Pending.Id)
	if other.GetString("contact_name") != "Anna Vorständin" || other.GetString("email") != "editor.b@test.example" || other.GetString("phone") != "06561 12 35" {
		t.Fatalf("what names other people stays: %q %q %q", other.GetString("contact_name"), other.GetString("email"), other.GetString("phone"))
	}
}
