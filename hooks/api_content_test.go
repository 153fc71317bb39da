package hooks_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

func TestPartnersAccess(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const url = "/api/collections/partners/records"
	one := func(id string) string { return url + "/" + id }
	newPartner := `{"name":"Bäckerei Demo","category":"Einkauf","benefit":"5 % Rabatt","active":true}`

	scenarios := []tests.ApiScenario{
		{Name: "guest lists the seven partners of the strategy and no inactive or ended offer", Method: http.MethodGet, URL: url + "?sort=name",
			ExpectedStatus: 200,
			ExpectedContent: []string{`"totalItems":7`, `"name":"Cascade"`, `"name":"Eissporthalle"`, `"name":"Volkshochschule"`, `"name":"Kulturgemeinschaft"`,
				`"name":"Skala Kino Bitburg"`, `"name":"Haus der Jugend"`, `"name":"Bitburger Marken- und Erlebniswelt"`, "25 % Rabatt auf VHS-Kurse", "um 2 € reduziert"},
			NotExpectedContent: []string{f.PartnerInactive.Id, f.PartnerExpired.Id}},
		{Name: "guest cannot view an inactive partner", Method: http.MethodGet, URL: one(f.PartnerInactive.Id), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "guest cannot view a partner whose offer has ended", Method: http.MethodGet, URL: one(f.PartnerExpired.Id), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff view an inactive partner", Method: http.MethodGet, URL: one(f.PartnerInactive.Id), Headers: f.Header("staff"), ExpectedStatus: 200, ExpectedContent: []string{"Ehemaliger Partner"}},
		{Name: "guest cannot add a partner", Method: http.MethodPost, URL: url, Body: strings.NewReader(newPartner), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "citizen cannot add a partner", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"), Body: strings.NewReader(newPartner), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "editor cannot add a partner", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"), Body: strings.NewReader(newPartner), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "staff add a partner", Method: http.MethodPost, URL: url, Headers: f.Header("staff"), Body: strings.NewReader(newPartner), ExpectedStatus: 200, ExpectedContent: []string{"Bäckerei Demo"}},
		{Name: "editor cannot change a partner", Method: http.MethodPatch, URL: one(f.PartnerExpired.Id), Headers: f.Header("editorA"), Body: strings.NewReader(`{"active":false}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff change a partner", Method: http.MethodPatch, URL: one(f.PartnerInactive.Id), Headers: f.Header("staff"), Body: strings.NewReader(`{"active":true}`), ExpectedStatus: 200, ExpectedContent: []string{`"active":true`}},
		{Name: "citizen cannot delete a partner", Method: http.MethodDelete, URL: one(f.PartnerExpired.Id), Headers: f.Header("citizen"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff delete a partner", Method: http.MethodDelete, URL: one(f.PartnerExpired.Id), Headers: f.Header("staff"), ExpectedStatus: 204},
	}
	runScenarios(t, testapp.Factory, scenarios)
}

func TestArticlesAccess(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const url = "/api/collections/articles/records"
	one := func(id string) string { return url + "/" + id }
	scenarios := []tests.ApiScenario{
		{Name: "guest lists only published articles whose date has come", Method: http.MethodGet, URL: url,
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, f.News.Id}, NotExpectedContent: []string{f.Draft.Id, f.Scheduled.Id}},
		{Name: "editor lists what a guest lists", Method: http.MethodGet, URL: url, Headers: f.Header("editorA"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`}},
		{Name: "guest cannot view a draft page", Method: http.MethodGet, URL: one(f.Draft.Id), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "guest cannot view a scheduled article early", Method: http.MethodGet, URL: one(f.Scheduled.Id), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff list all articles", Method: http.MethodGet, URL: url, Headers: f.Header("staff"), ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":3`}},
		{Name: "citizen cannot write an article", Method: http.MethodPost, URL: url, Headers: f.Header("citizen"),
			Body: strings.NewReader(`{"kind":"news","title":"Hallo","published":true}`), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "editor cannot write an article", Method: http.MethodPost, URL: url, Headers: f.Header("editorA"),
			Body: strings.NewReader(`{"kind":"news","title":"Hallo","published":true}`), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`, `"status":400`}},
		{Name: "staff publish news: slug and date are filled in", Method: http.MethodPost, URL: url, Headers: f.Header("staff"),
			Body:           strings.NewReader(`{"kind":"news","title":"Ehrenamtstag in Bitburg","published":true}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"slug":"ehrenamtstag-in-bitburg"`, `"published_at":"20`}},
		{Name: "a draft gets no publication date", Method: http.MethodPost, URL: url, Headers: f.Header("staff"),
			Body:           strings.NewReader(`{"kind":"page","title":"Versicherung","published":false}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"published_at":""`}},
		{Name: "article slugs are unique", Method: http.MethodPost, URL: url, Headers: f.Header("staff"),
			Body:           strings.NewReader(`{"kind":"news","title":"Neuigkeit","published":true}`),
			ExpectedStatus: 400, ExpectedContent: []string{`"slug":{"code":"validation_not_unique"`}},
		{Name: "citizen cannot change an article", Method: http.MethodPatch, URL: one(f.News.Id), Headers: f.Header("citizen"),
			Body: strings.NewReader(`{"title":"x"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "editor cannot delete an article", Method: http.MethodDelete, URL: one(f.News.Id), Headers: f.Header("editorA"), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "staff delete an article", Method: http.MethodDelete, URL: one(f.News.Id), Headers: f.Header("staff"), ExpectedStatus: 204},
	}
	runScenarios(t, testapp.Factory, scenarios)
}

func TestUsersAccess(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	const url = "/api/collections/users/records"
	scenarios := []tests.ApiScenario{
		{Name: "guest lists no accounts", Method: http.MethodGet, URL: url, ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":0`}},
		{Name: "citizen lists only own account", Method: http.MethodGet, URL: url, Headers: f.Header("citizen"),
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":1`, f.Citizen.Id}, NotExpectedContent: []string{f.EditorA.Id}},
		{Name: "citizen cannot view another account", Method: http.MethodGet, URL: url + "/" + f.EditorA.Id, Headers: f.Header("citizen"),
			ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen cannot change another account", Method: http.MethodPatch, URL: url + "/" + f.EditorA.Id, Headers: f.Header("citizen"),
			Body: strings.NewReader(`{"name":"x"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`}},
		{Name: "citizen updates own phone number", Method: http.MethodPatch, URL: url + "/" + f.Citizen.Id, Headers: f.Header("citizen"),
			Body: strings.NewReader(`{"phone":"06561 98765"}`), ExpectedStatus: 200, ExpectedContent: []string{`"phone":"06561 98765"`}},
		{Name: "a new account gets the verification mail at once", Method: http.MethodPost, URL: url,
			Body:           strings.NewReader(`{"email":"neu@example.org","password":"ein-langes-passwort","passwordConfirm":"ein-langes-passwort","name":"Nina Neu"}`),
			ExpectedStatus: 200, ExpectedContent: []string{`"verified":false`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if app.TestMailer.TotalSend() != 1 || app.TestMailer.LastMessage().To[0].Address != "neu@example.org" {
					t.Fatalf("want one verification mail to the new account, got %d", app.TestMailer.TotalSend())
				}
			}},
		{Name: "password reset does not reveal whether an account exists", Method: http.MethodPost, URL: "/api/collections/users/request-password-reset",
			Body: strings.NewReader(`{"email":"niemand@example.org"}`), ExpectedStatus: 204},
		{Name: "password reset of an existing account gets the same answer", Method: http.MethodPost, URL: "/api/collections/users/request-password-reset",
			Body: strings.NewReader(`{"email":"citizen@test.example"}`), ExpectedStatus: 204},
	}
	runScenarios(t, testapp.Factory, scenarios)
}

func TestRateLimitsAreOnByDefault(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	if !app.Settings().RateLimits.Enabled {
		t.Fatal("rate limits must be enabled by the settings migration")
	}
	h := testapp.Handler(t, app)
	// six attempts at once: the limiter counts them as they arrive, however
	// long each password check takes (a slow machine, the race detector)
	codes := make(chan int, 6)
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			codes <- do(t, h, http.MethodPost, "/api/collections/users/auth-with-password", "", `{"identity":"citizen@test.example","password":"falsch"}`).Code
		})
	}
	wg.Wait()
	close(codes)
	count := map[int]int{}
	for c := range codes {
		count[c]++
	}
	if count[400] != 5 || count[429] != 1 {
		t.Fatalf("of six login attempts within 10 s, five must be checked (400, wrong password) and one refused (429), got %v", count)
	}
}
