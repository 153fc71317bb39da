package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

func TestEnquiriesAccess(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const url = "/api/collections/enquiries/records"
	one := func(id string) string { return url + "/" + id }
	enquiry := func(extra string) *strings.Reader {
		return strings.NewReader(`{"name":"Karl Kontakt","email":"karl@kontakt.example","topics":["senioren"],"availability":["regelmaessig"],"hours_per_week":4,"message":"Ich habe dienstags Zeit.","consent":true` + extra + `}`)
	}
	forbidden := []string{`"status":403`}

	scenarios := []tests.ApiScenario{
		// list
		{Name: "guest cannot list enquiries", Method: http.MethodGet, URL: url, ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}, NotExpectedContent: []string{enquirerEmail}},
		{Name: "citizen cannot list enquiries, not even their own", Method: http.MethodGet, URL: url, Headers: f.Header("citizen"), ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "editor cannot list enquiries", Method: http.MethodGet, URL: url, Headers: f.Header("editorA"), ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "editor of another club cannot list enquiries", Method: http.MethodGet, URL: url, Headers: f.Header("editorB"), ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "staff list every enquiry", Method: http.MethodGet, URL: url, Headers: f.Header("staff"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":2`, enquirerEmail}},

		// view
		{Name: "guest cannot view an enquiry", Method: http.MethodGet, URL: one(enquiryGuest), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot view their own enquiry", Method: http.MethodGet, URL: one(enquiryCitizen), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor cannot view an enquiry", Method: http.MethodGet, URL: one(enquiryGuest), Headers: f.Header("editorA"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor of another club cannot view an enquiry", Method: http.MethodGet, URL: one(enquiryGuest), Headers: f.Header("editorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff view an enquiry", Method: http.MethodGet, URL: one(enquiryGuest), Headers: f.Header("staff"), ExpectedStatus: 200, ExpectedContent: []string{enquirerName}},

		// create
		{Name: "guest contacts the office: confirmation to the guest, a notice without personal data to the office", Method: http.MethodPost, URL: url, Body: enquiry(""),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"new"`, `"user":""`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				msgs := app.TestMailer.Messages()
				if len(msgs) != 2 {
					t.Fatalf("want 2 mails, got %d", len(msgs))
				}
				toGuest, toOffice := msgs[0], msgs[1]
				if toGuest.To[0].Address != "karl@kontakt.example" || !strings.Contains(toGuest.Text, "12 Monate") {
					t.Fatalf("confirmation to %v:\n%s", toGuest.To, toGuest.Text)
				}
				if toOffice.To[0].Address != app.Settings().Meta.SenderAddress || strings.Contains(toOffice.Text, "Karl") || strings.Contains(toOffice.Text, "karl@") {
					t.Fatalf("office notice to %v must not carry the personal data:\n%s", toOffice.To, toOffice.Text)
				}
			}},
		{Name: "consent is required for an enquiry", Method: http.MethodPost, URL: url,
			Body:           strings.NewReader(`{"name":"Karl Kontakt","email":"karl@kontakt.example","consent":false}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"consent":{"code":"validation_consent_required"`}},
		{Name: "guest cannot set the office's status", Method: http.MethodPost, URL: url, Body: enquiry(`,"status":"matched"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "guest cannot claim a citizen's account", Method: http.MethodPost, URL: url, Body: enquiry(`,"user":"` + f.Citizen.Id + `"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "citizen contacts the office and the enquiry is linked to their account", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"), Body: enquiry(""),
			ExpectedStatus: 200, ExpectedContent: []string{`"user":"` + f.Citizen.Id + `"`}},
		{Name: "editor cannot file an enquiry for somebody else's account", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"), Body: enquiry(`,"user":"` + f.Citizen.Id + `"`),
			ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "hours per week of an enquiry are limited to 60", Method: http.MethodPost, URL: url, Body: enquiry(`,"hours_per_week":100`),
			ExpectedStatus: 400, ExpectedContent: []string{`"hours_per_week"`}},
		{Name: "staff enter an enquiry taken by phone", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: enquiry(`,"status":"in_progress"`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"in_progress"`}},

		// update
		{Name: "guest cannot update an enquiry", Method: http.MethodPatch, URL: one(enquiryGuest), Body: strings.NewReader(`{"status":"closed"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot update their own enquiry", Method: http.MethodPatch, URL: one(enquiryCitizen), Headers: f.Header("citizen"), Body: strings.NewReader(`{"status":"closed"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor cannot update an enquiry", Method: http.MethodPatch, URL: one(enquiryGuest), Headers: f.Header("editorA"), Body: strings.NewReader(`{"status":"closed"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor of another club cannot update an enquiry", Method: http.MethodPatch, URL: one(enquiryGuest), Headers: f.Header("editorB"), Body: strings.NewReader(`{"status":"closed"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff mark an enquiry matched, which closes it", Method: http.MethodPatch, URL: one(enquiryGuest), Headers: f.Header("staff"), Body: strings.NewReader(`{"status":"matched"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"matched"`}, NotExpectedContent: []string{`"closed_at":""`}},
		{Name: "staff reopen an enquiry, which clears its end", Method: http.MethodPatch, URL: one(enquiryGuest), Headers: f.Header("staff"), Body: strings.NewReader(`{"status":"in_progress"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"in_progress"`, `"closed_at":""`}},

		// delete
		{Name: "guest cannot delete an enquiry", Method: http.MethodDelete, URL: one(enquiryGuest), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot delete their own enquiry", Method: http.MethodDelete, URL: one(enquiryCitizen), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor cannot delete an enquiry", Method: http.MethodDelete, URL: one(enquiryGuest), Headers: f.Header("editorA"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor of another club cannot delete an enquiry", Method: http.MethodDelete, URL: one(enquiryGuest), Headers: f.Header("editorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff delete an enquiry", Method: http.MethodDelete, URL: one(enquiryGuest), Headers: f.Header("staff"), ExpectedStatus: 204},

		// matching
		{Name: "guest cannot get suggestions for an enquiry", Method: http.MethodGet, URL: "/api/ben/enquiries/" + enquiryGuest + "/suggestions",
			ExpectedStatus: 401, ExpectedContent: []string{`"status":401`}, NotExpectedContent: []string{oppA}},
		{Name: "citizen cannot get suggestions for an enquiry", Method: http.MethodGet, URL: "/api/ben/enquiries/" + enquiryCitizen + "/suggestions", Headers: f.Header("citizen"),
			ExpectedStatus: 403, ExpectedContent: forbidden, NotExpectedContent: []string{oppA}},
		{Name: "editor cannot get suggestions for an enquiry", Method: http.MethodGet, URL: "/api/ben/enquiries/" + enquiryGuest + "/suggestions", Headers: f.Header("editorA"),
			ExpectedStatus: 403, ExpectedContent: forbidden, NotExpectedContent: []string{oppA}},
		{Name: "staff get the published opportunities ranked for an enquiry, best first", Method: http.MethodGet, URL: "/api/ben/enquiries/" + enquiryGuest + "/suggestions", Headers: f.Header("staff"),
			ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":2`, `"items":[{"score":130,"reasons":["Alle gewünschten Themen passen","Die Art des Engagements passt (regelmäßig)","Der Zeitaufwand passt (2 Stunden pro Woche)"],"opportunity":{`,
				`"id":"` + oppA + `"`, `"expand":{"organisation":`},
			NotExpectedContent: []string{oppADraft, oppAExpired, oppPending}},
		{Name: "suggestions for an unknown enquiry are a German 404", Method: http.MethodGet, URL: "/api/ben/enquiries/gibtesnicht0000/suggestions", Headers: f.Header("staff"),
			ExpectedStatus: 404, ExpectedContent: []string{"Diese Anfrage gibt es nicht."}},
	}

	runScenarios(t, engagementApp, scenarios)
}
