package hooks_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/demo"
	"ben/hooks/internal/pdftest"
	"ben/hooks/internal/testapp"
)

// TestDemoSeatsTheWorkingGroupAndOpensTheMedalRound checks that the demo
// data pass the award rules and that the juror's login shows the round's
// nominations.
func TestDemoSeatsTheWorkingGroupAndOpensTheMedalRound(t *testing.T) {
	t.Parallel()
	app := testapp.Empty(t) // the demo passes every rule a real write passes
	if err := demo.Fill(app, time.Now()); err != nil {
		t.Fatal(err)
	}

	assertWorkingGroupInvariant(t, app, 11)
	deputies, _ := app.CountRecords("working_group_members", dbx.HashExp{"active": true, "deputy": true})
	if deputies != 3 {
		t.Errorf("want the three politics deputies, got %d", deputies)
	}

	juror, err := app.FindAuthRecordByEmail("users", demo.JurorEmail)
	if err != nil || !juror.ValidatePassword(demo.DemoPassword) {
		t.Fatal("the README's juror login must work")
	}
	round, err := app.FindFirstRecordByData("award_rounds", "kind", "stadtmedaille")
	if err != nil {
		t.Fatal("the demo opens a city medal round")
	}
	if round.GetString("status") != "published" || round.GetStringSlice("jury")[0] != juror.Id {
		t.Fatalf("the medal round should be published with the demo juror: %v", round)
	}

	token, err := juror.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	h := testapp.Handler(t, app)
	res := do(t, h, http.MethodGet, "/api/collections/nominations/records", token, "")
	if res.Code != 200 || !strings.Contains(res.Body.String(), `"totalItems":2`) {
		t.Fatalf("the juror should see the round's two nominations: %d %s", res.Code, res.Body)
	}
	res = do(t, h, http.MethodPost, "/api/collections/nominations/records", "",
		`{"round":"`+round.Id+`","nominee_name":"Neu","reason":"Weil.","nominator_name":"Gast","nominator_email":"gast@beispiel.example","consent":true}`)
	if res.Code != 200 {
		t.Fatalf("a guest should be able to nominate in the demo round: %d %s", res.Code, res.Body)
	}

	letter, err := app.FindFirstRecordByData("awards", "kind", "dankesbrief")
	if err != nil {
		t.Fatal("the demo has a thank-you letter to try")
	}
	staff, _ := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, demo.StaffEmail)
	staffToken, _ := staff.NewAuthToken()
	res = do(t, h, http.MethodGet, "/api/ben/awards/"+letter.Id+"/letter.pdf", staffToken, "")
	if res.Code != 200 {
		t.Fatalf("the demo letter should render: %d %s", res.Code, res.Body)
	}
	if text := pdftest.Text(t, res.Body.Bytes()); !strings.Contains(text, "Joachim Beispielmann Bürgermeister") {
		t.Errorf("the demo mayor signs the letter:\n%s", text)
	}
}
