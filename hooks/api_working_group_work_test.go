package hooks_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
	"ben/hooks/privacy"
	"ben/hooks/workinggroup"
)

func TestWorkingGroupMeetingsAccess(t *testing.T) {
	t.Parallel()
	_, f := awardsApp(t)
	const url = "/api/collections/working_group_meetings/records"
	one := func(id string) string { return url + "/" + id }
	planned := `{"date":"2030-03-04 17:00:00.000Z","agenda":"<p>Haushalt</p>"}`

	scenarios := []tests.ApiScenario{
		{Name: "guest lists the published meetings with agenda and minutes, never who attended", Method: http.MethodGet, URL: url,
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, meetingHeld, "Der Arbeitskreis bestellt die Jurys der Runden."},
			NotExpectedContent: []string{meetingPlanned, `"attendees"`, wgMayor}},
		{Name: "citizen lists the published meetings without attendees", Method: http.MethodGet, URL: url, Headers: f.Header("citizen"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`}, NotExpectedContent: []string{meetingPlanned, `"attendees"`}},
		{Name: "the member's own account does not see who attended either", Method: http.MethodGet, URL: url, Headers: f.Header("jurorA"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`}, NotExpectedContent: []string{`"attendees"`}},
		{Name: "redaktion lists the published meetings without attendees", Method: http.MethodGet, URL: url, Headers: f.Header("staffRedaktion"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`}, NotExpectedContent: []string{meetingPlanned, `"attendees"`}},
		{Name: "buero lists every meeting with who attended", Method: http.MethodGet, URL: url, Headers: f.Header("staffBuero"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`, meetingPlanned, `"attendees":["` + wgMayor + `","` + wgCouncil + `"]`}},
		{Name: "superusers list every meeting with who attended", Method: http.MethodGet, URL: url, Headers: f.Header("staff"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`, `"attendees":["` + wgMayor}},
		{Name: "guest cannot find meetings by who attended", Method: http.MethodGet, URL: url + "?filter=(attendees~'" + wgMayor + "')",
			ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "guest cannot expand who attended", Method: http.MethodGet, URL: url + "?expand=attendees",
			ExpectedStatus: 400, ExpectedContent: []string{"Wer an einer Sitzung teilnahm"}, NotExpectedContent: []string{"Joachim Beispielmann"}},
		{Name: "guest cannot expand who attended through a member", Method: http.MethodGet, URL: "/api/collections/working_group_members/records?expand=working_group_meetings_via_attendees",
			ExpectedStatus: 400, ExpectedContent: []string{"Wer an einer Sitzung teilnahm"}, NotExpectedContent: []string{meetingHeld}},
		{Name: "guest cannot expand who attended through a recommendation", Method: http.MethodGet, URL: "/api/collections/recommendations/records?expand=meeting.attendees",
			ExpectedStatus: 400, ExpectedContent: []string{"Wer an einer Sitzung teilnahm"}, NotExpectedContent: []string{"Joachim Beispielmann", "Rainer Rat"}},
		{Name: "guest expands the meeting of a recommendation", Method: http.MethodGet, URL: "/api/collections/recommendations/records?expand=meeting",
			ExpectedStatus: 200, ExpectedContent: []string{"Der Arbeitskreis bestellt"}, NotExpectedContent: []string{"Joachim Beispielmann", `"attendees"`}},
		{Name: "guest cannot expand who attended through a member's deputy", Method: http.MethodGet, URL: "/api/collections/working_group_members/records?expand=deputy_for.working_group_meetings_via_attendees",
			ExpectedStatus: 400, NotExpectedContent: []string{meetingHeld}},
		{Name: "juror cannot expand who attended through a round", Method: http.MethodGet, URL: "/api/collections/award_rounds/records/" + roundMedal + "?expand=jury_meeting.attendees", Headers: f.Header("jurorA"),
			ExpectedStatus: 400, NotExpectedContent: []string{"Rainer Rat"}},
		{Name: "redaktion cannot expand who attended", Method: http.MethodGet, URL: url + "?expand=attendees", Headers: f.Header("staffRedaktion"),
			ExpectedStatus: 400, NotExpectedContent: []string{"Rainer Rat"}},
		{Name: "guest cannot find members by the meetings they attended", Method: http.MethodGet, URL: "/api/collections/working_group_members/records?filter=(working_group_meetings_via_attendees.id?='" + meetingHeld + "')",
			ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "buero expands who attended", Method: http.MethodGet, URL: url + "?expand=attendees", Headers: f.Header("staffBuero"),
			ExpectedStatus: 200, ExpectedContent: []string{"Joachim Beispielmann", "Rainer Rat"}},
		{Name: "guest cannot view a planned meeting", Method: http.MethodGet, URL: one(meetingPlanned), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},

		{Name: "guest cannot record a meeting", Method: http.MethodPost, URL: url, Body: body(planned), ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "citizen cannot record a meeting", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"), Body: body(planned), ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "redaktion cannot record a meeting", Method: http.MethodPost, URL: url, Headers: f.Header("staffRedaktion"), Body: body(planned), ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
		{Name: "buero records a meeting", Method: http.MethodPost, URL: url, Headers: f.Header("staffBuero"), Body: body(planned), ExpectedStatus: 200, ExpectedContent: []string{"Haushalt"}},
		{Name: "buero publishes the minutes", Method: http.MethodPatch, URL: one(meetingPlanned), Headers: f.Header("staffBuero"), Body: body(`{"published":true}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"published":true`}},
		{Name: "a meeting that appointed a jury cannot be deleted", Method: http.MethodDelete, URL: one(meetingHeld), Headers: f.Header("staff"),
			ExpectedStatus: 400, ExpectedContent: []string{`"status":400`}},
	}
	runScenarios(t, awardsFactory, scenarios)
}

// A meeting whose decisions are recorded may be corrected to today, not to
// a day still to come. BEN judges "today" by its own clock, so the case
// runs on one day (onOneDay).
func TestMeetingWithDecisionsStaysInThePast(t *testing.T) {
	t.Parallel()
	onOneDay(t, func(t testing.TB, day time.Time) {
		app, f := awardsAppOn(t, day)
		h := testapp.Handler(t, app)
		move := func(to time.Time) *httptest.ResponseRecorder {
			return do(t, h, http.MethodPatch, "/api/collections/working_group_meetings/records/"+meetingHeld, f.Tokens["staff"],
				`{"date":"`+dbDay(to)+`"}`)
		}
		held, _ := app.FindRecordById(workinggroup.Meetings, meetingHeld)
		if res := move(f.today(1)); res.Code != 400 || !strings.Contains(res.Body.String(), `"date":{"code":"validation_meeting_decided"`) {
			t.Fatalf("a meeting with decisions moved into the future: %d %s", res.Code, res.Body)
		}
		if kept, _ := app.FindRecordById(workinggroup.Meetings, meetingHeld); kept.GetString("date") != held.GetString("date") {
			t.Fatalf("the refused move changed the date to %s", kept.GetString("date"))
		}
		if res := move(f.today(0)); res.Code != 200 || !strings.Contains(res.Body.String(), meetingHeld) {
			t.Fatalf("a meeting with decisions corrected to today: %d %s", res.Code, res.Body)
		}
	})
}

func TestRecommendationsAccessAndRules(t *testing.T) {
	t.Parallel()
	_, f := awardsApp(t)
	const url = "/api/collections/recommendations/records"
	one := func(id string) string { return url + "/" + id }

	scenarios := []tests.ApiScenario{
		{Name: "guest lists the adopted recommendations with their progress and meeting", Method: http.MethodGet, URL: url + "?expand=meeting",
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, recAdopted, `"status":"adopted"`, `"owner":"buero"`, "Raum ist reserviert.", `"expand":{"meeting":{`},
			NotExpectedContent: []string{recProposed, "Lotsenprojekt", `"attendees"`}},
		{Name: "guest cannot view a proposed recommendation", Method: http.MethodGet, URL: one(recProposed), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "redaktion sees only what the public sees", Method: http.MethodGet, URL: url, Headers: f.Header("staffRedaktion"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`}, NotExpectedContent: []string{recProposed}},
		{Name: "buero lists every recommendation", Method: http.MethodGet, URL: url, Headers: f.Header("staffBuero"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`, recProposed}},
		{Name: "a new recommendation starts as proposed", Method: http.MethodPost, URL: url, Headers: f.Header("staffBuero"),
			Body:           body(`{"title":"Neu","text":"<p>Text</p>","meeting":"` + meetingHeld + `"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"proposed"`}},
		{Name: "a recommendation belongs to a meeting", Method: http.MethodPost, URL: url, Headers: f.Header("staffBuero"),
			Body: body(`{"title":"Neu","text":"<p>Text</p>"}`), ExpectedStatus: 400, ExpectedContent: []string{`"meeting":{"code":"validation_required"`}},
		{Name: "an adopted recommendation names who carries it out", Method: http.MethodPost, URL: url, Headers: f.Header("staffBuero"),
			Body:           body(`{"title":"Neu","text":"<p>Text</p>","meeting":"` + meetingHeld + `","status":"adopted"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"owner":{"code":"validation_owner_required"`}},
		{Name: "a recommendation of a meeting still to come cannot be adopted", Method: http.MethodPatch, URL: one(recProposed), Headers: f.Header("staffBuero"),
			Body: body(`{"status":"adopted","owner":"jugend"}`), ExpectedStatus: 400, ExpectedContent: []string{`"status":{"code":"validation_meeting_ahead"`}},
		{Name: "the office records a recommendation as implemented", Method: http.MethodPatch, URL: one(recAdopted), Headers: f.Header("staffBuero"),
			Body: body(`{"status":"implemented","progress":"<p>Die erste Börse fand statt.</p>"}`), ExpectedStatus: 200, ExpectedContent: []string{`"status":"implemented"`}},
		{Name: "an unknown status is refused", Method: http.MethodPatch, URL: one(recAdopted), Headers: f.Header("staffBuero"),
			Body: body(`{"status":"done"}`), ExpectedStatus: 400, ExpectedContent: []string{`"status":{"code":"validation_invalid_value"`}},
		{Name: "citizen cannot adopt a recommendation", Method: http.MethodPatch, URL: one(recProposed), Headers: f.Header("citizen"),
			Body: body(`{"status":"adopted","owner":"jugend"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "redaktion cannot adopt a recommendation", Method: http.MethodPatch, URL: one(recAdopted), Headers: f.Header("staffRedaktion"),
			Body: body(`{"title":"x"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
	}
	runScenarios(t, awardsFactory, scenarios)
}

// The jury of a round is appointed by the working group: the round names
// the meeting, which has taken place.
func TestJuryIsAppointedByAMeeting(t *testing.T) {
	t.Parallel()
	_, f := awardsApp(t)
	const url = "/api/collections/award_rounds/records"
	dates := fmt.Sprintf(`"nominations_from":%q,"nominations_until":%q`, dbDay(today(1)), dbDay(today(30)))

	scenarios := []tests.ApiScenario{
		{Name: "a round with a jury names the meeting that appointed it", Method: http.MethodPost, URL: url, Headers: f.Header("staffBuero"),
			Body:           body(`{"kind":"projektpreis","period":"` + f.period2024 + `",` + dates + `,"jury":["` + jurorB + `"]}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"jury_meeting":{"code":"validation_jury_meeting_required"`}},
		{Name: "a jury cannot be appointed by a meeting still to come", Method: http.MethodPost, URL: url, Headers: f.Header("staffBuero"),
			Body:           body(`{"kind":"projektpreis","period":"` + f.period2024 + `",` + dates + `,"jury":["` + jurorB + `"],"jury_meeting":"` + meetingPlanned + `"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"jury_meeting":{"code":"validation_jury_meeting_ahead"`}},
		{Name: "a jury appointed by a meeting held", Method: http.MethodPost, URL: url, Headers: f.Header("staffBuero"),
			Body:           body(`{"kind":"projektpreis","period":"` + f.period2024 + `",` + dates + `,"jury":["` + jurorB + `"],"jury_meeting":"` + meetingHeld + `"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"jury_meeting":"` + meetingHeld + `"`}},
		{Name: "a round without a jury needs no meeting yet", Method: http.MethodPost, URL: url, Headers: f.Header("staffBuero"),
			Body: body(`{"kind":"projektpreis","period":"` + f.period2024 + `",` + dates + `}`), ExpectedStatus: 200, ExpectedContent: []string{`"jury_meeting":""`}},
		{Name: "the meeting cannot be taken from a round with a jury", Method: http.MethodPatch, URL: url + "/" + roundDraft, Headers: f.Header("staff"),
			Body: body(`{"jury_meeting":""}`), ExpectedStatus: 400, ExpectedContent: []string{"validation_jury_meeting_required"}},
		{Name: "the public sees which meeting appointed a jury, not who sits on it", Method: http.MethodGet, URL: url + "/" + roundMedal,
			ExpectedStatus: 200, ExpectedContent: []string{`"jury_meeting":"` + meetingHeld + `"`}, NotExpectedContent: []string{`"jury"`, jurorA}},
	}
	runScenarios(t, awardsFactory, scenarios)
}

// The party rule of the politics seats holds for the API and Go code alike.
func TestPartyRuleHoldsOnEveryPath(t *testing.T) {
	t.Parallel()
	app, f := awardsApp(t)
	h := testapp.Handler(t, app)
	const url = "/api/collections/working_group_members/records"
	post := func(body string) (int, string) {
		res := do(t, h, http.MethodPost, url, f.Tokens["staffBuero"], body)
		return res.Code, res.Body.String()
	}
	expect := func(step string, code int, body, want string) {
		t.Helper()
		if want == "" && code != 200 || want != "" && (code != 400 || !strings.Contains(body, want)) {
			t.Fatalf("%s: want %q, got %d %s", step, want, code, body)
		}
	}

	code, body := post(`{"person_name":"Ohne Partei","seat":"politik","active":true}`)
	expect("a politics member without a party", code, body, `"party":{"code":"validation_party_required"`)
	code, body = post(`{"person_name":"Zweite C","seat":"politik","active":true,"party":" fraktion  c "}`)
	expect("a second member of a member's party", code, body, `"party":{"code":"validation_party_twice"`)
	code, body = post(`{"person_name":"Wie die Vertretung","seat":"politik","active":true,"party":"Fraktion D"}`)
	expect("a member of a deputy's party", code, body, `"party":{"code":"validation_party_twice"`)
	code, body = post(`{"person_name":"Zweite Vertretung","seat":"politik","deputy":true,"active":true,"party":"Fraktion E","deputy_for":"` + wgCouncil + `"}`)
	expect("a second deputy for one member", code, body, `"deputy_for":{"code":"validation_deputy_for_taken"`)
	code, body = post(`{"person_name":"Vertretung der Vertretung","seat":"politik","deputy":true,"active":true,"party":"Fraktion E","deputy_for":"` + wgDeputy + `"}`)
	expect("a deputy for a deputy", code, body, `"deputy_for":{"code":"validation_deputy_for_not_member"`)
	code, body = post(`{"person_name":"Vertretung der Bürgermeisterin","seat":"politik","deputy":true,"active":true,"party":"Fraktion E","deputy_for":"` + wgMayor + `"}`)
	expect("a deputy for a member of another seat", code, body, `"deputy_for":{"code":"validation_deputy_for_not_member"`)
	code, body = post(`{"person_name":"Edith E","seat":"politik","active":true,"party":"Fraktion E"}`)
	expect("a member of a new party", code, body, "")
	var member struct{ ID string }
	if err := json.Unmarshal([]byte(body), &member); err != nil || member.ID == "" {
		t.Fatalf("new member: %v %s", err, body)
	}
	code, body = post(`{"person_name":"Fritz F","seat":"politik","deputy":true,"active":true,"party":"Fraktion F","deputy_for":"` + member.ID + `"}`)
	expect("a deputy of a sixth party for the new member", code, body, "")

	// Go code: the member with a deputy cannot leave
	council, _ := app.FindRecordById(workinggroup.Collection, wgCouncil)
	council.Set("active", false)
	if got := fieldCode(app.Save(council), "active"); got != "validation_member_has_deputy" {
		t.Fatalf("a member left their deputy behind: %q", got)
	}
	// nor be deleted (PocketBase would clear the deputy's deputy_for)
	if err := app.Delete(council); err == nil {
		t.Fatal("a member with a deputy was deleted")
	}
	// once the deputy has left, the member may leave too
	updateRecord(t, app, workinggroup.Collection, wgDeputy, map[string]any{"active": false})
	council, _ = app.FindRecordById(workinggroup.Collection, wgCouncil)
	council.Set("active", false)
	if err := app.Save(council); err != nil {
		t.Fatalf("a member without a deputy leaves: %v", err)
	}
	assertWorkingGroupInvariant(t, app, -1)
}

// Writes that race for one party or one member's deputy: exactly one wins.
func TestPartyRuleHoldsUnderConcurrentWrites(t *testing.T) {
	t.Parallel()
	app, f := awardsApp(t)
	h := testapp.Handler(t, app)
	const url = "/api/collections/working_group_members/records"
	newcomer := mustAddMember(t, app, map[string]any{"person_name": "Neu", "seat": "politik", "party": "Fraktion N", "active": true})

	race := func(n int, write func(i int) bool) int {
		var wg sync.WaitGroup
		var mu sync.Mutex
		won := 0
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if write(i) {
					mu.Lock()
					won++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		return won
	}

	// one party, many members: through the API and Go code at once
	won := race(12, func(i int) bool {
		if i%3 == 0 {
			_, err := addMember(app, map[string]any{"person_name": fmt.Sprintf("Go %d", i), "seat": "politik", "party": "partei z", "active": true})
			if err != nil && !isRuleError(err) {
				t.Errorf("Go write failed: %v", err)
			}
			return err == nil
		}
		res := do(t, h, http.MethodPost, url, f.Tokens["staffBuero"],
			fmt.Sprintf(`{"person_name":"API %d","seat":"politik","party":"Partei Z","active":true}`, i))
		if res.Code != 200 && res.Code != 400 {
			t.Errorf("API write failed: %d %s", res.Code, res.Body)
		}
		return res.Code == 200
	})
	if won != 1 {
		t.Fatalf("%d members of one party were stored", won)
	}

	// one member, many deputies of different parties
	won = race(10, func(i int) bool {
		res := do(t, h, http.MethodPost, url, f.Tokens["staffBuero"], fmt.Sprintf(
			`{"person_name":"Vertretung %d","seat":"politik","deputy":true,"active":true,"party":"Liste %d","deputy_for":%q}`, i, i, newcomer.Id))
		return res.Code == 200
	})
	if won != 1 {
		t.Fatalf("%d deputies stand in for one member", won)
	}
	assertWorkingGroupInvariant(t, app, -1)
}

// A membership that has ended is stored as not active, on every write.
// BEN judges by its own clock, so the test runs on one day (onOneDay).
func TestWritingAnEndedMembershipUnticksActive(t *testing.T) {
	t.Parallel()
	onOneDay(t, func(t testing.TB, day time.Time) {
		app, _ := testapp.New(t)
		r := mustAddMember(t, app, map[string]any{"person_name": "Ehemals", "seat": "jugend", "active": true, "active_until": day.AddDate(0, 0, -1)})
		if r.GetBool("active") {
			t.Fatal("a membership that ended yesterday was stored as active")
		}
		r = mustAddMember(t, app, map[string]any{"person_name": "Bis heute", "seat": "caritas", "active": true, "active_until": day})
		if !r.GetBool("active") {
			t.Fatal("a membership that ends today was stored as not active")
		}
	})
}

func TestWorkingGroupPersonalData(t *testing.T) {
	t.Parallel()
	app, f := awardsApp(t)
	h := testapp.Handler(t, app)
	token := f.Tokens["jurorA"] // the account linked to the mayor's membership

	res := do(t, h, http.MethodGet, "/api/ben/me/export", token, "")
	text := res.Body.String()
	for _, want := range []string{`"working_group_members":[{`, "Joachim Beispielmann", mayorEmail, `"working_group_meetings":[{`, meetingHeld} {
		if !strings.Contains(text, want) {
			t.Errorf("the export lacks %q: %s", want, text)
		}
	}
	if strings.Contains(text, "Rainer Rat") || strings.Contains(text, wgCouncil) {
		t.Errorf("the export shows another member: %s", text)
	}

	// contact data of former members goes after the retention time; the
	// name stays in the register
	updateRecord(t, app, workinggroup.Collection, wgFormer, map[string]any{"email": "frieda@frueher.example", "phone": "0123", "active_until": today(-400)})
	if _, err := privacy.RunRetention(app, time.Now()); err != nil {
		t.Fatal(err)
	}
	former, _ := app.FindRecordById(workinggroup.Collection, wgFormer)
	if former.GetString("email") != "" || former.GetString("phone") != "" || former.GetString("person_name") != "Frieda Früher" {
		t.Fatalf("a former member's contact data should be gone, the name kept: %v", former)
	}
	mayor, _ := app.FindRecordById(workinggroup.Collection, wgMayor)
	if mayor.GetString("email") != mayorEmail {
		t.Fatal("a current member's contact data must stay")
	}
}

// Deleting an account deletes its memberships, also one a deputy stands
// in for: the erasure does not wait for the office.
func TestErasingAMemberWithADeputy(t *testing.T) {
	t.Parallel()
	app, _ := awardsApp(t)
	zora := saveRecord(t, app, "users", "", map[string]any{"email": "zora@example.org", "name": "Zora", "verified": true})
	updateRecord(t, app, workinggroup.Collection, wgCouncil, map[string]any{"user": zora.Id})
	if err := app.Delete(zora); err != nil {
		t.Fatalf("the account could not be deleted: %v", err)
	}
	if _, err := app.FindRecordById(workinggroup.Collection, wgCouncil); err == nil {
		t.Fatal("the membership stayed")
	}
	deputy, _ := app.FindRecordById(workinggroup.Collection, wgDeputy)
	if deputy.GetString("deputy_for") != "" {
		t.Fatalf("the deputy still names the deleted membership: %v", deputy)
	}
	meeting, _ := app.FindRecordById(workinggroup.Meetings, meetingHeld)
	if got := meeting.GetStringSlice("attendees"); len(got) != 1 || got[0] != wgMayor {
		t.Fatalf("the attendance of the deleted membership stayed: %v", got)
	}
}
