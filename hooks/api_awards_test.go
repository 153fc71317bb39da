package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/awards"
	"ben/hooks/internal/pdftest"
	"ben/hooks/internal/testapp"
)

func TestAwardsAccess(t *testing.T) {
	t.Parallel()
	_, f := awardsApp(t)
	const url = "/api/collections/awards/records"
	one := func(id string) string { return url + "/" + id }
	medal := func(awardedAt string) *strings.Reader {
		return body(`{"kind":"stadtmedaille","round":"` + roundMedal + `","recipient_name":"Hilde Helferin","citation":"Für 20 Jahre Besuchsdienst.","awarded_at":"` + awardedAt + `"}`)
	}
	letter := `{"kind":"dankesbrief","recipient_name":"Erna Dank","citation":"Danke.","awarded_at":"2026-01-01 00:00:00.000Z"}`
	// letterToClubA addresses the fixture's thank-you letter to ClubA
	letterToClubA := func(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
		updateRecord(t, app, "awards", awardLetter, map[string]any{"recipient_organisation": f.ClubA.Id})
	}

	scenarios := []tests.ApiScenario{
		// list
		{Name: "guest lists the published awards, but no thank-you letters", Method: http.MethodGet, URL: url,
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, awardPrize, "Paul Preis"},
			NotExpectedContent: []string{awardLetter, awardHidden, "Margarete", letterAddress}},
		{Name: "citizen lists the published awards", Method: http.MethodGet, URL: url, Headers: f.Header("citizen"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`}, NotExpectedContent: []string{awardLetter}},
		{Name: "juror lists the published awards", Method: http.MethodGet, URL: url, Headers: f.Header("jurorA"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`}, NotExpectedContent: []string{awardLetter, awardHidden}},
		{Name: "juror of another round lists the published awards", Method: http.MethodGet, URL: url, Headers: f.Header("jurorB"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`}, NotExpectedContent: []string{awardLetter, awardHidden}},
		{Name: "staff list every award with the letter's address", Method: http.MethodGet, URL: url, Headers: f.Header("staff"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":3`, letterAddress}},
		{Name: "guest finds no thank-you letters through a club", Method: http.MethodGet, URL: "/api/collections/organisations/records?filter=(awards_via_recipient_organisation.kind='dankesbrief')",
			BeforeTestFunc: letterToClubA, ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "staff find the clubs that received a thank-you letter", Method: http.MethodGet, URL: "/api/collections/organisations/records?filter=(awards_via_recipient_organisation.kind='dankesbrief')",
			Headers: f.Header("staff"), BeforeTestFunc: letterToClubA, ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, f.ClubA.Id}},

		// view
		{Name: "guest views a published award", Method: http.MethodGet, URL: one(awardPrize), ExpectedStatus: 200, ExpectedContent: []string{"Repair-Café"}},
		{Name: "guest cannot view a thank-you letter", Method: http.MethodGet, URL: one(awardLetter), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot view an unpublished award", Method: http.MethodGet, URL: one(awardHidden), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror cannot view a thank-you letter", Method: http.MethodGet, URL: one(awardLetter), Headers: f.Header("jurorA"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror of another round cannot view an unpublished award", Method: http.MethodGet, URL: one(awardHidden), Headers: f.Header("jurorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff view a thank-you letter with its address", Method: http.MethodGet, URL: one(awardLetter), Headers: f.Header("staff"), ExpectedStatus: 200, ExpectedContent: []string{letterAddress}},

		// create
		{Name: "guest cannot award", Method: http.MethodPost, URL: url, Body: body(letter), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "citizen cannot award", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"), Body: body(letter), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "juror cannot award", Method: http.MethodPost, URL: url, Headers: f.Header("jurorA"), Body: body(letter), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "juror of another round cannot award", Method: http.MethodPost, URL: url, Headers: f.Header("jurorB"), Body: body(letter), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "staff write a thank-you letter", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: body(letter), ExpectedStatus: 200, ExpectedContent: []string{`"kind":"dankesbrief"`}},
		{Name: "staff award the medal on its round's last day of nominations", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: medal(f.today(10).Format("2006-01-02 15:04:05.000Z")),
			ExpectedStatus: 200, ExpectedContent: []string{`"kind":"stadtmedaille"`}},
		{Name: "the medal cannot be dated while its round takes nominations", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: medal(f.today(9).Format("2006-01-02 15:04:05.000Z")),
			ExpectedStatus: 400, ExpectedContent: []string{`"awarded_at":{"code":"validation_award_before_close","message":"Ausgezeichnet wird nach dem Ende der Vorschlagsfrist: Die Runde „Runde ` + roundMedal + `“ nimmt bis zum ` + awards.FormatDay(f.today(10)) + ` Vorschläge an. Bitte ein Datum ab diesem Tag wählen."`}},
		{Name: "staff award the medal on the period's last day", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: medal("2029-06-08 21:00:00.000Z"),
			ExpectedStatus: 200, ExpectedContent: []string{`"kind":"stadtmedaille"`}},
		{Name: "the medal cannot be dated before its period", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: medal("2024-06-08 12:00:00.000Z"),
			ExpectedStatus: 400, ExpectedContent: []string{`"awarded_at":{"code":"validation_outside_period","message":"Die Stadtmedaille der Wahlperiode 2024–2029 wird zwischen dem 9. Juni 2024 und dem 8. Juni 2029 verliehen. Ausgezeichnet wird nach dem Ende der Vorschlagsfrist`}},
		{Name: "the medal cannot be dated after its period", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: medal("2029-06-08 22:00:00.000Z"),
			ExpectedStatus: 400, ExpectedContent: []string{"validation_outside_period"}},
		{Name: "the medal belongs to its period's round", Method: http.MethodPost, URL: url, Headers: f.Header("staff"),
			Body:           body(`{"kind":"stadtmedaille","recipient_name":"X","citation":"Y","awarded_at":"2027-01-01 00:00:00.000Z"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"round":{"code":"validation_medal_needs_round"`}},
		{Name: "a thank-you letter belongs to no round", Method: http.MethodPost, URL: url, Headers: f.Header("staff"),
			Body:           body(`{"kind":"dankesbrief","round":"` + roundPrize + `","recipient_name":"X","citation":"Y","awarded_at":"2027-01-01 00:00:00.000Z"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"round":{"code":"validation_round_kind"`}},
		{Name: "an award names its recipient", Method: http.MethodPost, URL: url, Headers: f.Header("staff"),
			Body:           body(`{"kind":"dankesbrief","citation":"Y","awarded_at":"2027-01-01 00:00:00.000Z"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"recipient_name":{"code":"validation_recipient_required"`}},

		// update
		{Name: "guest cannot change an award", Method: http.MethodPatch, URL: one(awardPrize), Body: body(`{"citation":"x"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot change an award", Method: http.MethodPatch, URL: one(awardPrize), Headers: f.Header("citizen"), Body: body(`{"citation":"x"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror cannot change an award", Method: http.MethodPatch, URL: one(awardPrize), Headers: f.Header("jurorA"), Body: body(`{"citation":"x"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror of the prize round cannot change its award", Method: http.MethodPatch, URL: one(awardPrize), Headers: f.Header("jurorB"), Body: body(`{"citation":"x"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff publish an award", Method: http.MethodPatch, URL: one(awardHidden), Headers: f.Header("staff"), Body: body(`{"published":true}`), ExpectedStatus: 200, ExpectedContent: []string{`"published":true`}},

		// delete
		{Name: "guest cannot delete an award", Method: http.MethodDelete, URL: one(awardPrize), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot delete an award", Method: http.MethodDelete, URL: one(awardPrize), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror cannot delete an award", Method: http.MethodDelete, URL: one(awardPrize), Headers: f.Header("jurorA"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "juror of the prize round cannot delete its award", Method: http.MethodDelete, URL: one(awardPrize), Headers: f.Header("jurorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff delete an award", Method: http.MethodDelete, URL: one(awardPrize), Headers: f.Header("staff"), ExpectedStatus: 204},
	}

	// the dates above count from f's day, and so do each scenario's records
	runScenarios(t, awardsFactoryOn(f.seededOn), scenarios)
}

func TestThankYouLetterPDF(t *testing.T) {
	t.Parallel()
	_, f := awardsApp(t)
	url := func(id string) string { return "/api/ben/awards/" + id + "/letter.pdf" }

	scenarios := []tests.ApiScenario{
		{Name: "guest cannot download a letter", Method: http.MethodGet, URL: url(awardLetter), ExpectedStatus: 401, ExpectedContent: []string{`"status":401`}},
		{Name: "citizen cannot download a letter", Method: http.MethodGet, URL: url(awardLetter), Headers: f.Header("citizen"), ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}},
		{Name: "juror cannot download a letter", Method: http.MethodGet, URL: url(awardLetter), Headers: f.Header("jurorA"), ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}},
		{Name: "juror of another round cannot download a letter", Method: http.MethodGet, URL: url(awardLetter), Headers: f.Header("jurorB"), ExpectedStatus: 403, ExpectedContent: []string{`"status":403`}},
		{Name: "there is no letter for a prize", Method: http.MethodGet, URL: url(awardPrize), Headers: f.Header("staff"), ExpectedStatus: 400, ExpectedContent: []string{"Dankesbrief"}},
		{Name: "there is no letter for an unknown award", Method: http.MethodGet, URL: url("doesnotexist000"), Headers: f.Header("staff"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff download the letter, signed by the mayor, to the recipient, with the reason", Method: http.MethodGet, URL: url(awardLetter), Headers: f.Header("staff"),
			ExpectedStatus: 200, ExpectedContent: []string{"%PDF-"},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
					t.Errorf("Content-Type %q", ct)
				}
				if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="dankesbrief-margarete-muessig.pdf"` {
					t.Errorf("Content-Disposition %q", cd)
				}
			}},
	}
	runScenarios(t, awardsFactory, scenarios)
}

// TestThankYouLetterReadsRight reads the staff's download with pdftotext:
// DIN 5008 letter to the recipient, with the reason and the mayor's
// signature block, umlauts intact.
func TestThankYouLetterReadsRight(t *testing.T) {
	t.Parallel()
	app, f := awardsApp(t)
	h := testapp.Handler(t, app)
	res := do(t, h, http.MethodGet, "/api/ben/awards/"+awardLetter+"/letter.pdf", f.Tokens["staff"], "")
	if res.Code != 200 || res.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("letter: %d %s", res.Code, res.Header())
	}
	text := pdftest.Text(t, res.Body.Bytes())
	for _, want := range []string{"Margarete Müßig", letterAddress, "54634 Bitburg", "Guten Tag Margarete Müßig,",
		"Seit 30 Jahren leitet sie ehrenamtlich die Kleiderkammer.", "Mit freundlichen Grüßen Joachim Beispielmann Bürgermeister",
		"Der Bürgermeister",
		awards.FormatDay(f.today(0)), // the letter's date: the day of the award
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the letter lacks %q:\n%s", want, text)
		}
	}

	// without a mayor in the working group the signature line stays for a name
	updateRecord(t, app, "working_group_members", wgMayor, map[string]any{"active": false})
	res = do(t, h, http.MethodGet, "/api/ben/awards/"+awardLetter+"/letter.pdf", f.Tokens["staff"], "")
	if text := pdftest.Text(t, res.Body.Bytes()); !strings.Contains(text, "Mit freundlichen Grüßen Bürgermeister") || strings.Contains(text, "Beispielmann") {
		t.Errorf("the letter should leave the name to the signatory:\n%s", text)
	}
}
