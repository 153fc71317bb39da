package hooks_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
	"ben/hooks/workinggroup"
)

func TestWorkingGroupMembersAccess(t *testing.T) {
	t.Parallel()
	_, f := awardsApp(t)
	const url = "/api/collections/working_group_members/records"
	one := func(id string) string { return url + "/" + id }
	newMember := `{"person_name":"Neue Person","seat":"caritas","active":true}`

	scenarios := []tests.ApiScenario{
		// list
		{Name: "guest lists the active members with names and seats, without contact data", Method: http.MethodGet, URL: url,
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"totalItems":3`, wgMayor, wgCouncil, wgDeputy, `"person_name":"Joachim Beispielmann"`, `"seat":"buergermeister"`, `"party":"Fraktion D"`},
			NotExpectedContent: []string{wgFormer, mayorEmail, "06561 6001", `"user"`, jurorA}},
		{Name: "citizen lists the active members without contact data", Method: http.MethodGet, URL: url, Headers: f.Header("citizen"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":3`}, NotExpectedContent: []string{wgFormer, mayorEmail, `"user"`}},
		{Name: "the member's own account does not see its contact data either", Method: http.MethodGet, URL: url, Headers: f.Header("jurorA"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":3`}, NotExpectedContent: []string{wgFormer, mayorEmail, `"user"`}},
		{Name: "juror of another round lists the active members", Method: http.MethodGet, URL: url, Headers: f.Header("jurorB"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":3`}, NotExpectedContent: []string{wgFormer, mayorEmail}},
		{Name: "staff list former members and contact data too", Method: http.MethodGet, URL: url, Headers: f.Header("staff"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":4`, wgFormer, mayorEmail, `"user":"` + jurorA + `"`}},
		{Name: "guest cannot filter on contact data", Method: http.MethodGet, URL: url + `?filter=(email~'stadt')`,
			ExpectedStatus: 400, ExpectedContent: []string{`"filter":{"code":"filter_private_field"`}},

		// view
		{Name: "guest views an active member without contact data", Method: http.MethodGet, URL: one(wgMayor),
			ExpectedStatus: 200, ExpectedContent: []string{"Joachim Beispielmann"}, NotExpectedContent: []string{mayorEmail, `"phone"`, `"user"`}},
		{Name: "guest cannot view a former member", Method: http.MethodGet, URL: one(wgFormer), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot view a former member", Method: http.MethodGet, URL: one(wgFormer), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror cannot view a former member", Method: http.MethodGet, URL: one(wgFormer), Headers: f.Header("jurorA"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff view a former member", Method: http.MethodGet, URL: one(wgFormer), Headers: f.Header("staff"), ExpectedStatus: 200, ExpectedContent: []string{"Frieda Früher"}},

		// create
		{Name: "guest cannot add a member", Method: http.MethodPost, URL: url, Body: body(newMember), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "citizen cannot add a member", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"), Body: body(newMember), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "juror cannot add a member", Method: http.MethodPost, URL: url, Headers: f.Header("jurorA"), Body: body(newMember), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "juror of another round cannot add a member", Method: http.MethodPost, URL: url, Headers: f.Header("jurorB"), Body: body(newMember), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "staff add a member", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: body(newMember),
			ExpectedStatus: 200, ExpectedContent: []string{`"seat":"caritas"`, `"active":true`}},
		{Name: "staff cannot seat a second mayor", Method: http.MethodPost, URL: url, Headers: f.Header("staff"),
			Body:           body(`{"person_name":"Zweiter Bürgermeister","seat":"buergermeister","active":true}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"seat":{"code":"validation_seat_full","message":"Der Sitz „Bürgermeister“ ist bereits besetzt."}`}},
		{Name: "staff cannot give the youth seat a deputy", Method: http.MethodPost, URL: url, Headers: f.Header("staff"),
			Body:           body(`{"person_name":"Vertretung Jugend","seat":"jugend","deputy":true,"active":true}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"deputy":{"code":"validation_deputy_not_politics"`}},
		{Name: "membership cannot end before it starts", Method: http.MethodPost, URL: url, Headers: f.Header("staff"),
			Body:           body(`{"person_name":"Zeitreisende","seat":"caritas","active_from":"2025-01-02 00:00:00.000Z","active_until":"2025-01-01 00:00:00.000Z"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"active_until":{"code":"validation_until_before_from"`}},

		// update
		{Name: "guest cannot update a member", Method: http.MethodPatch, URL: one(wgMayor), Body: body(`{"person_name":"X"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot update a member", Method: http.MethodPatch, URL: one(wgMayor), Headers: f.Header("citizen"), Body: body(`{"person_name":"X"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "the member's own account cannot update it", Method: http.MethodPatch, URL: one(wgMayor), Headers: f.Header("jurorA"), Body: body(`{"person_name":"X"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror of another round cannot update a member", Method: http.MethodPatch, URL: one(wgMayor), Headers: f.Header("jurorB"), Body: body(`{"person_name":"X"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff update a member", Method: http.MethodPatch, URL: one(wgMayor), Headers: f.Header("staff"), Body: body(`{"person_name":"Dr. Joachim Beispielmann"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"person_name":"Dr. Joachim Beispielmann"`}},

		// delete
		{Name: "guest cannot remove a member", Method: http.MethodDelete, URL: one(wgMayor), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot remove a member", Method: http.MethodDelete, URL: one(wgMayor), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror cannot remove a member", Method: http.MethodDelete, URL: one(wgMayor), Headers: f.Header("jurorA"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror of another round cannot remove a member", Method: http.MethodDelete, URL: one(wgMayor), Headers: f.Header("jurorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff remove a member", Method: http.MethodDelete, URL: one(wgFormer), Headers: f.Header("staff"), ExpectedStatus: 204},
	}

	runScenarios(t, awardsFactory, scenarios)
}

// fieldCode is the validation code of field in err ("" if none).
func fieldCode(err error, field string) string {
	var errs validation.Errors
	if !errors.As(err, &errs) {
		return ""
	}
	var ve validation.Error
	if errors.As(errs[field], &ve) {
		return ve.Code()
	}
	return ""
}

// addMember stores a member through Go code, the way a staff tool would.
func addMember(app core.App, data map[string]any) (*core.Record, error) {
	c, err := app.FindCollectionByNameOrId(workinggroup.Collection)
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(c)
	r.Load(data)
	return r, app.Save(r)
}

func mustAddMember(t testing.TB, app core.App, data map[string]any) *core.Record {
	t.Helper()
	r, err := addMember(app, data)
	if err != nil {
		t.Fatalf("member %v: %v", data, err)
	}
	return r
}

// standardGroup seats the ten members of the strategy's standard size
// (every seat but the youth's) and returns them by seat.
func standardGroup(t testing.TB, app core.App) map[string][]*core.Record {
	t.Helper()
	bySeat := map[string][]*core.Record{}
	for i, seat := range []string{"buergermeister", "koordination", "caritas", "pflegestuetzpunkt_drk", "gleichstellung",
		"politik", "politik", "politik", "verein_buergerschaft", "verein_buergerschaft"} {
		data := map[string]any{"person_name": fmt.Sprintf("Mitglied %d", i+1), "seat": seat, "active": true}
		if seat == "politik" {
			data["party"] = fmt.Sprintf("Partei %d", i+1) // three parties for the three members
		}
		r := mustAddMember(t, app, data)
		bySeat[seat] = append(bySeat[seat], r)
	}
	return bySeat
}

func TestWorkingGroupHeadCountHoldsOnEveryPath(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	group := standardGroup(t, app)
	expect := func(step string, err error, field, code string) {
		t.Helper()
		if code == "" {
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			return
		}
		if got := fieldCode(err, field); got != code {
			t.Fatalf("%s: want %s on %s, got %v", step, code, field, err)
		}
	}
	update := func(r *core.Record, data map[string]any) error {
		fresh, err := app.FindRecordById(workinggroup.Collection, r.Id)
		if err != nil {
			t.Fatal(err)
		}
		fresh.Load(data)
		return app.Save(fresh)
	}

	_, err := addMember(app, map[string]any{"person_name": "Jugend", "seat": "jugend", "active": true})
	expect("the 11th member without a reason", err, "extension_reason", "validation_extension_reason_required")
	youth, err := addMember(app, map[string]any{"person_name": "Jugend", "seat": "jugend", "active": true, "extension_reason": "Die Jugend soll vertreten sein."})
	expect("the 11th member with a reason", err, "", "")
	extension, err := addMember(app, map[string]any{"person_name": "Erweiterung 1", "seat": "erweiterung", "active": true, "extension_reason": "Fachwissen Digitales."})
	expect("the 12th member with a reason", err, "", "")
	_, err = addMember(app, map[string]any{"person_name": "Erweiterung 2", "seat": "erweiterung", "active": true, "extension_reason": "Noch jemand."})
	expect("a 13th member", err, "active", "validation_working_group_full")
	waiting, err := addMember(app, map[string]any{"person_name": "Erweiterung 2", "seat": "erweiterung", "active": false, "extension_reason": "Noch jemand."})
	expect("an inactive 13th record", err, "", "")
	expect("re-activating a 13th member", update(waiting, map[string]any{"active": true}), "active", "validation_working_group_full")
	deputy, err := addMember(app, map[string]any{"person_name": "Vertretung", "seat": "politik", "deputy": true, "active": true,
		"party": "Partei der Vertretung", "deputy_for": group["politik"][1].Id})
	expect("a deputy in a group of 12", err, "", "")
	expect("a deputy becoming the 13th member", update(deputy, map[string]any{"deputy": false, "extension_reason": "x"}), "active", "validation_working_group_full")
	expect("the reason of the 11th member stays", update(youth, map[string]any{"extension_reason": ""}), "extension_reason", "validation_extension_reason_kept")

	expect("a member leaves", update(group["politik"][0], map[string]any{"active": false}), "", "")
	expect("a deputy becoming the 12th member without a reason", update(deputy, map[string]any{"deputy": false}), "extension_reason", "validation_extension_reason_required")
	expect("a deputy becoming the 12th member with a reason", update(deputy, map[string]any{"deputy": false, "extension_reason": "Ersetzt ein Mitglied."}), "", "")
	expect("a member switching to a full seat", update(group["caritas"][0], map[string]any{"seat": "buergermeister"}), "seat", "validation_seat_full")

	expect("the extension member leaves", update(extension, map[string]any{"active": false}), "", "")
	expect("re-activating the 12th member with its reason", update(waiting, map[string]any{"active": true}), "", "")

	// the API (and so the dashboard) answers the same in German
	h := testapp.Handler(t, app)
	res := do(t, h, http.MethodPost, "/api/collections/working_group_members/records", f.Tokens["staff"],
		`{"person_name":"Dreizehn","seat":"erweiterung","active":true,"extension_reason":"Zu viele."}`)
	if res.Code != 400 || !strings.Contains(res.Body.String(), "Der Arbeitskreis hat bereits 12 Mitglieder") {
		t.Fatalf("a 13th member through the API: %d %s", res.Code, res.Body)
	}
	assertWorkingGroupInvariant(t, app, 12)
}

// assertWorkingGroupInvariant checks the working group of today, as stored,
// against the town's rules; want is the expected head count (-1: any).
func assertWorkingGroupInvariant(t testing.TB, app core.App, want int) {
	t.Helper()
	records, err := app.FindRecordsByFilter(workinggroup.Collection, workinggroup.CurrentFilter, "", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	headCount, reasons, deputies := 0, 0, 0
	onSeat := map[string]int{}
	parties := map[string]int{}
	politics := map[string]bool{}
	standsIn := map[string]int{}
	for _, r := range records {
		m := workinggroup.MemberOf(r)
		if m.Seat == workinggroup.SeatPolitics {
			parties[workinggroup.PartyKey(m.Party)]++
			if workinggroup.PartyKey(m.Party) == "" {
				t.Errorf("politics seat %s without a party", r.Id)
			}
			if !m.Deputy {
				politics[m.ID] = true
			}
		}
		if m.Deputy {
			deputies++
			standsIn[m.DeputyFor]++
			if m.Seat != workinggroup.SeatPolitics {
				t.Errorf("deputy on seat %s", m.Seat)
			}
			continue
		}
		headCount++
		onSeat[m.Seat]++
		if m.Reason {
			reasons++
		}
		if m.Seat == workinggroup.SeatExtension && !m.Reason {
			t.Errorf("extension seat %s without a reason", r.Id)
		}
	}
	if headCount > workinggroup.MaxSize {
		t.Errorf("%d members, at most %d allowed", headCount, workinggroup.MaxSize)
	}
	if want >= 0 && headCount != want {
		t.Errorf("%d members, want %d", headCount, want)
	}
	if deputies > workinggroup.MaxPoliticsDeputies {
		t.Errorf("%d deputies", deputies)
	}
	for seat, n := range onSeat {
		if q := workinggroup.SeatQuota(seat); q > 0 && n > q {
			t.Errorf("%d members on seat %s, quota %d", n, seat, q)
		}
	}
	if headCount > workinggroup.StandardSize && reasons < headCount-workinggroup.StandardSize {
		t.Errorf("%d members but only %d recorded reasons", headCount, reasons)
	}
	for party, n := range parties {
		if n > 1 {
			t.Errorf("party %q on %d politics seats", party, n)
		}
	}
	for member, n := range standsIn {
		if !politics[member] || n > 1 {
			t.Errorf("%d deputies stand in for %q, a politics member: %v", n, member, politics[member])
		}
	}
}

// TestWorkingGroupLimitHoldsUnderConcurrentWrites fires creates and updates
// at the same time through the API and through Go code; the working group
// must end at exactly 12 members with every rule intact.
func TestWorkingGroupLimitHoldsUnderConcurrentWrites(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	group := standardGroup(t, app)
	// nine active members: the youth seat and one politics seat are free
	if err := func() error {
		r := group["politik"][0]
		r.Set("active", false)
		return app.Save(r)
	}(); err != nil {
		t.Fatal(err)
	}
	var inactive, deputies []*core.Record
	for i := range 10 {
		inactive = append(inactive, mustAddMember(t, app, map[string]any{"person_name": fmt.Sprintf("Ehemalig %d", i),
			"seat": []string{"jugend", "erweiterung"}[i%2], "active": false, "extension_reason": []string{"", "Reaktiviert."}[i%2]}))
	}
	for i, member := range group["politik"][1:] { // a deputy for each of the two politics members
		deputies = append(deputies, mustAddMember(t, app, map[string]any{"person_name": fmt.Sprintf("Vertretung %d", i),
			"seat": "politik", "deputy": true, "active": true, "party": fmt.Sprintf("Partei der Vertretung %d", i), "deputy_for": member.Id}))
	}
	assertWorkingGroupInvariant(t, app, 9)

	h := testapp.Handler(t, app)
	const url = "/api/collections/working_group_members/records"
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		succeeded int
		unusual   []string
	)
	report := func(ok bool, refused bool, what string) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case ok:
			succeeded++
		case !refused:
			unusual = append(unusual, what)
		}
	}
	run := func(fn func()) {
		wg.Add(1)
		go func() { defer wg.Done(); fn() }()
	}

	for i := range 25 { // API creates, each a valid extension
		run(func() {
			res := do(t, h, http.MethodPost, url, f.Tokens["staff"],
				fmt.Sprintf(`{"person_name":"API %d","seat":"erweiterung","active":true,"extension_reason":"Gleichzeitig %d."}`, i, i))
			report(res.Code == 200, res.Code == 400, fmt.Sprintf("API create: %d %s", res.Code, res.Body))
		})
	}
	for i, r := range inactive { // API updates: re-activation
		run(func() {
			res := do(t, h, http.MethodPatch, url+"/"+r.Id, f.Tokens["staff"], `{"active":true}`)
			report(res.Code == 200, res.Code == 400, fmt.Sprintf("API re-activation %d: %d %s", i, res.Code, res.Body))
		})
	}
	for i := range 12 { // Go creates: politics and youth without a reason, extensions with one
		run(func() {
			data := map[string]any{"person_name": fmt.Sprintf("Go %d", i), "active": true}
			switch i % 3 {
			case 0:
				data["seat"], data["party"] = "politik", fmt.Sprintf("Partei aus Go %d", i)
			case 1:
				data["seat"] = "jugend"
			default:
				data["seat"], data["extension_reason"] = "erweiterung", "Aus Go-Code."
			}
			_, err := addMember(app, data)
			var errs validation.Errors
			report(err == nil, errors.As(err, &errs), fmt.Sprintf("Go create %d: %v", i, err))
		})
	}
	for i, d := range deputies { // Go updates: deputy to member
		run(func() {
			fresh, err := app.FindRecordById(workinggroup.Collection, d.Id)
			if err != nil {
				report(false, false, err.Error())
				return
			}
			fresh.Set("deputy", false)
			if i%2 == 0 {
				fresh.Set("extension_reason", "Rückt nach.")
			}
			err = app.Save(fresh)
			var errs validation.Errors
			report(err == nil, errors.As(err, &errs), fmt.Sprintf("Go deputy %d: %v", i, err))
		})
	}
	wg.Wait()

	if len(unusual) > 0 {
		t.Fatalf("writes failed for other reasons than the rules:\n%s", strings.Join(unusual, "\n"))
	}
	if succeeded != 3 {
		t.Errorf("%d writes succeeded; exactly 3 seats (9 → 12) were free", succeeded)
	}
	assertWorkingGroupInvariant(t, app, 12)
}
