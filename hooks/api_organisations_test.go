package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

func TestOrganisationsAccess(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const url = "/api/collections/organisations/records"
	one := func(id string) string { return url + "/" + id }

	scenarios := []tests.ApiScenario{
		// list
		{Name: "guest lists only published organisations", Method: http.MethodGet, URL: url,
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"totalItems":2`, f.ClubA.Id, f.ClubB.Id},
			NotExpectedContent: []string{f.Pending.Id, f.Archived.Id}},
		{Name: "guest never sees private contact data", Method: http.MethodGet, URL: url,
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"email":"chor-b@club.example"`, `"contact_name":"Kontakt Chor B"`},
			NotExpectedContent: []string{"turnverein-a@club.example", "Kontakt Turnverein A"}},
		{Name: "guest does not learn who edits a club", Method: http.MethodGet, URL: url,
			ExpectedStatus: 200, ExpectedContent: []string{f.ClubB.Id},
			NotExpectedContent: []string{`"editors"`, f.EditorA.Id, f.EditorB.Id}},
		{Name: "citizen lists only published organisations", Method: http.MethodGet, URL: url,
			Headers: f.Header("citizen"), ExpectedStatus: 200,
			ExpectedContent:    []string{`"totalItems":2`},
			NotExpectedContent: []string{f.Pending.Id, "turnverein-a@club.example"}},
		{Name: "editor lists published and own pending organisations with own contact data", Method: http.MethodGet, URL: url,
			Headers: f.Header("editorA"), ExpectedStatus: 200,
			ExpectedContent:    []string{`"totalItems":3`, f.Pending.Id, "turnverein-a@club.example", "neue-initiative@club.example"},
			NotExpectedContent: []string{f.Archived.Id}},
		{Name: "editor of another club does not see the first club's private contact data", Method: http.MethodGet, URL: url,
			Headers: f.Header("editorB"), ExpectedStatus: 200,
			ExpectedContent:    []string{`"totalItems":2`, "chor-b@club.example"},
			NotExpectedContent: []string{"turnverein-a@club.example", f.Pending.Id}},
		{Name: "staff list every organisation with all contact data", Method: http.MethodGet, URL: url,
			Headers: f.Header("staff"), ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":4`, "turnverein-a@club.example", f.Archived.Id}},
		{Name: "guest cannot filter on private contact data", Method: http.MethodGet, URL: url + `?filter=(email~'turn')`,
			ExpectedStatus: 400, ExpectedContent: []string{"Kontaktdaten"}},
		{Name: "citizen cannot sort by phone", Method: http.MethodGet, URL: url + `?sort=-phone`,
			Headers: f.Header("citizen"), ExpectedStatus: 400, ExpectedContent: []string{"Kontaktdaten"}},
		{Name: "guest cannot probe the editors", Method: http.MethodGet, URL: url + `?filter=(editors~'a')`,
			ExpectedStatus: 400, ExpectedContent: []string{"Kontaktdaten"}},
		{Name: "editor may list the clubs they edit", Method: http.MethodGet, URL: url + "?filter=(editors.id?=%27" + f.EditorA.Id + "%27)",
			Headers: f.Header("editorA"), ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":2`, f.ClubA.Id, f.Pending.Id}},
		{Name: "editor cannot test another account's clubs by its id", Method: http.MethodGet, URL: url + "?filter=(editors.id?=%27" + f.EditorB.Id + "%27)",
			Headers: f.Header("editorA"), ExpectedStatus: 400, ExpectedContent: []string{"Kontaktdaten"}},
		{Name: "guest gets no own-id exception", Method: http.MethodGet, URL: url + "?filter=(editors.id?=%27" + f.EditorA.Id + "%27)",
			ExpectedStatus: 400, ExpectedContent: []string{"Kontaktdaten"}},
		{Name: "guest may filter by topic and kind", Method: http.MethodGet, URL: url + `?filter=(topics~'sport'%26%26kind='verein')&sort=name&skipTotal=1`,
			ExpectedStatus: 200, ExpectedContent: []string{f.ClubA.Id, f.ClubB.Id}},
		{Name: "staff may filter on e-mail", Method: http.MethodGet, URL: url + `?filter=(email~'turn')`,
			Headers: f.Header("staff"), ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`}},

		// view
		{Name: "guest views a published club without its private contact data", Method: http.MethodGet, URL: one(f.ClubA.Id),
			ExpectedStatus: 200, ExpectedContent: []string{`"name":"Turnverein A"`},
			NotExpectedContent: []string{"turnverein-a@club.example", `"phone"`, `"contact_name"`}},
		{Name: "guest views the public contact data of a club that published it", Method: http.MethodGet, URL: one(f.ClubB.Id),
			ExpectedStatus: 200, ExpectedContent: []string{"chor-b@club.example", `"phone":"06561 1234"`}},
		{Name: "guest cannot view a pending club", Method: http.MethodGet, URL: one(f.Pending.Id), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "guest cannot view an archived club", Method: http.MethodGet, URL: one(f.Archived.Id), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot view a pending club", Method: http.MethodGet, URL: one(f.Pending.Id), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor views own pending club", Method: http.MethodGet, URL: one(f.Pending.Id), Headers: f.Header("editorA"),
			ExpectedStatus: 200, ExpectedContent: []string{"neue-initiative@club.example", f.EditorA.Id}},
		{Name: "editor of another club cannot view a pending club", Method: http.MethodGet, URL: one(f.Pending.Id), Headers: f.Header("editorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff view an archived club", Method: http.MethodGet, URL: one(f.Archived.Id), Headers: f.Header("staff"), ExpectedStatus: 200, ExpectedContent: []string{"alter-verein"}},

		// create
		{Name: "guest cannot register an organisation", Method: http.MethodPost, URL: url,
			Body: strings.NewReader(`{"name":"Gastverein","kind":"verein"}`), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "citizen registers an organisation: pending, with the citizen as only editor, whatever the body says",
			Method: http.MethodPost, URL: url, Headers: f.Header("citizen"),
			Body:           strings.NewReader(`{"name":"Lauftreff Bürgerpark","kind":"initiative","status":"published","verified":true,"editors":["` + f.EditorB.Id + `"],"email":"lauf@example.org"}`),
			ExpectedStatus: 200,
			ExpectedContent: []string{`"status":"pending"`, `"verified":false`, `"editors":["` + f.Citizen.Id + `"]`,
				`"slug":"lauftreff-buergerpark"`, `"email":"lauf@example.org"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if app.TestMailer.TotalSend() != 1 {
					t.Fatalf("the office should get one mail, got %d", app.TestMailer.TotalSend())
				}
				if msg := app.TestMailer.LastMessage(); !strings.Contains(msg.Subject, "Lauftreff Bürgerpark") {
					t.Fatalf("office mail subject %q does not name the organisation", msg.Subject)
				}
			}},
		{Name: "staff create a published organisation without a mail to themselves",
			Method: http.MethodPost, URL: url, Headers: f.Header("staff"),
			Body:           strings.NewReader(`{"name":"Stadtjugendring","kind":"einrichtung","status":"published","editors":["` + f.EditorB.Id + `"]}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"status":"published"`, f.EditorB.Id},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if app.TestMailer.TotalSend() != 0 {
					t.Fatalf("no mail expected, got %d", app.TestMailer.TotalSend())
				}
			}},
		{Name: "slug must be lowercase ASCII with dashes", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"),
			Body:           strings.NewReader(`{"name":"Mein Verein","slug":"Mein_Verein","kind":"verein"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"slug":{"code":"validation_invalid_format"`}},
		{Name: "slug must be unique", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"),
			Body:           strings.NewReader(`{"name":"Noch ein Turnverein","slug":"turnverein-a","kind":"verein"}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"slug":{"code":"validation_not_unique"`}},

		// update
		{Name: "guest cannot update a club", Method: http.MethodPatch, URL: one(f.ClubA.Id),
			Body: strings.NewReader(`{"description":"gehackt"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot update a club", Method: http.MethodPatch, URL: one(f.ClubA.Id), Headers: f.Header("citizen"),
			Body: strings.NewReader(`{"description":"gehackt"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor of another club cannot update profile", Method: http.MethodPatch, URL: one(f.ClubA.Id), Headers: f.Header("editorB"),
			Body: strings.NewReader(`{"description":"gehackt"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor updates own profile and contact data", Method: http.MethodPatch, URL: one(f.ClubA.Id), Headers: f.Header("editorA"),
			Body:           strings.NewReader(`{"description":"<p>Neu</p>","email":"neu@club.example","contact_public":true}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"email":"neu@club.example"`, `"contact_public":true`}},
		{Name: "editor may send the unchanged status along", Method: http.MethodPatch, URL: one(f.ClubA.Id), Headers: f.Header("editorA"),
			Body: strings.NewReader(`{"status":"published","meeting_times":"montags"}`), ExpectedStatus: 200, ExpectedContent: []string{`"meeting_times":"montags"`}},
		{Name: "editor cannot change status", Method: http.MethodPatch, URL: one(f.ClubA.Id), Headers: f.Header("editorA"),
			Body: strings.NewReader(`{"status":"archived"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor cannot publish own pending club", Method: http.MethodPatch, URL: one(f.Pending.Id), Headers: f.Header("editorA"),
			Body: strings.NewReader(`{"status":"published"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor cannot set the verified flag", Method: http.MethodPatch, URL: one(f.ClubA.Id), Headers: f.Header("editorA"),
			Body: strings.NewReader(`{"verified":true}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor cannot replace the editors", Method: http.MethodPatch, URL: one(f.ClubA.Id), Headers: f.Header("editorA"),
			Body: strings.NewReader(`{"editors":["` + f.Citizen.Id + `"]}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor cannot add an editor with a modifier", Method: http.MethodPatch, URL: one(f.ClubA.Id), Headers: f.Header("editorA"),
			Body: strings.NewReader(`{"editors+":"` + f.Citizen.Id + `"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor cannot remove themselves with a modifier", Method: http.MethodPatch, URL: one(f.ClubA.Id), Headers: f.Header("editorA"),
			Body: strings.NewReader(`{"editors-":"` + f.EditorA.Id + `"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff publish a pending club", Method: http.MethodPatch, URL: one(f.Pending.Id), Headers: f.Header("staff"),
			Body: strings.NewReader(`{"status":"published","verified":true}`), ExpectedStatus: 200, ExpectedContent: []string{`"status":"published"`, `"verified":true`}},

		// delete
		{Name: "guest cannot delete a club", Method: http.MethodDelete, URL: one(f.ClubA.Id), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot delete a club", Method: http.MethodDelete, URL: one(f.ClubA.Id), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor cannot delete own club", Method: http.MethodDelete, URL: one(f.ClubA.Id), Headers: f.Header("editorA"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor of another club cannot delete a club", Method: http.MethodDelete, URL: one(f.ClubA.Id), Headers: f.Header("editorB"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff delete a club together with its events", Method: http.MethodDelete, URL: one(f.ClubA.Id), Headers: f.Header("staff"), ExpectedStatus: 204,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if _, err := app.FindRecordById("events", f.EventA.Id); err == nil {
					t.Fatal("the club's event should be gone with it, not become an office event")
				}
			}},
	}

	runScenarios(t, testapp.Factory, scenarios)
}
