package hooks_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"ben/hooks/internal/pdftest"
	"ben/hooks/internal/testapp"
	"ben/hooks/mailer"
)

func TestPortalSecurityHeaders(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	h := testapp.Handler(t, app)
	for _, path := range []string{"/", "/api/collections/events/records"} {
		res := do(t, h, http.MethodGet, path, "", "")
		csp := res.Header().Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP %q must allow scripts only from BEN itself", path, csp)
		}
		if !strings.Contains(csp, "frame-ancestors 'none'") || res.Header().Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: frame protection missing", path)
		}
		if res.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options missing", path)
		}
		if res.Header().Get("Referrer-Policy") == "" {
			t.Errorf("%s: Referrer-Policy missing", path)
		}
	}
}

// TestFilesOnlyForThoseWhoMayViewTheirRecord: a pending club's logo is not
// served to a guest who knows its file name; its editors and staff get it
// with a file token; a published club's logo stays public.
func TestFilesOnlyForThoseWhoMayViewTheirRecord(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)

	logoOf := func(id string) string {
		var png bytes.Buffer
		_ = pngEncode(&png)
		file, err := filesystem.NewFileFromBytes(png.Bytes(), "logo.png")
		if err != nil {
			t.Fatal(err)
		}
		r := updateRecord(t, app, "organisations", id, map[string]any{"logo": file})
		return "/api/files/organisations/" + id + "/" + r.GetString("logo")
	}
	pending, published := logoOf(f.Pending.Id), logoOf(f.ClubA.Id)
	fileToken := func(role string) string {
		var out struct {
			Token string `json:"token"`
		}
		res := do(t, h, http.MethodPost, "/api/files/token", f.Tokens[role], "")
		_ = json.Unmarshal(res.Body.Bytes(), &out)
		if out.Token == "" {
			t.Fatalf("no file token for %s: %d %s", role, res.Code, res.Body)
		}
		return out.Token
	}

	cases := []struct {
		name string
		url  string
		want int
	}{
		{"guest gets a published club's logo", published, 200},
		{"guest gets a published club's logo as a thumbnail", published + "?thumb=160x160f", 200},
		{"guest does not get a pending club's logo", pending, 404},
		{"guest does not get a pending club's thumbnail", pending + "?thumb=160x160f", 404},
		{"editor of the pending club gets its logo with a file token", pending + "?token=" + fileToken("editorA"), 200},
		{"editor of another club does not", pending + "?token=" + fileToken("editorB"), 404},
		{"citizen does not", pending + "?token=" + fileToken("citizen"), 404},
		{"staff get it with a file token", pending + "?token=" + fileToken("staff"), 200},
	}
	for _, c := range cases {
		if res := do(t, h, http.MethodGet, c.url, "", ""); res.Code != c.want {
			t.Errorf("%s: %d, want %d", c.name, res.Code, c.want)
		}
	}

	// every file field is protected, so that a new one cannot forget it
	colls, _ := app.FindAllCollections()
	for _, c := range colls {
		for _, fld := range c.Fields {
			if ff, ok := fld.(*core.FileField); ok && !c.System && !ff.Protected {
				t.Errorf("%s.%s serves files without checking the record's view rule", c.Name, ff.Name)
			}
		}
	}
}

func pngEncode(w *bytes.Buffer) error {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	return png.Encode(w, img)
}

// TestLinksUseTheConfiguredAppURL: mails and the printed card link to the
// application URL of the settings, whatever Host and X-Forwarded-* headers
// a request brings.
func TestLinksUseTheConfiguredAppURL(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)
	// the office enters the address in the dashboard, with a trailing slash
	if res := do(t, h, http.MethodPatch, "/api/settings", f.Tokens["staff"], `{"meta":{"appURL":"https://ben.bitburg.example/"}}`); res.Code != 200 {
		t.Fatalf("settings: %d %s", res.Code, res.Body)
	}
	hostile := func(method, url, token, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, url, strings.NewReader(body))
		req.Host = "evil.example"
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-Host", "evil.example")
		req.Header.Set("X-Forwarded-Proto", "http")
		req.Header.Set("Forwarded", "host=evil.example;proto=http")
		if token != "" {
			req.Header.Set("Authorization", token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	const base = "https://ben.bitburg.example/"
	checkLinks := func(what, text string, want ...string) {
		t.Helper()
		if strings.Contains(text, "evil.example") || strings.Contains(text, base+"/") {
			t.Errorf("%s links elsewhere than the application URL:\n%s", what, text)
		}
		for _, w := range want {
			if !strings.Contains(text, base+w) {
				t.Errorf("%s lacks the link %s:\n%s", what, base+w, text)
			}
		}
	}

	// the password-reset mail
	reset := mailAfter(t, app, "citizen@test.example", func() {
		if res := hostile(http.MethodPost, "/api/collections/users/request-password-reset", "", `{"email":"citizen@test.example"}`); res.Code != 204 {
			t.Fatalf("reset: %d %s", res.Code, res.Body)
		}
	})
	checkLinks("the password-reset mail", reset.HTML, "passwort-neu#token=")

	// the confirmation mails of a card application
	cardDraft(t, app, "linkapp0000001a", f.Citizen, adultBirth, engagementAt(nil, 6))
	if res := hostile(http.MethodPatch, "/api/collections/card_applications/records/linkapp0000001a", f.Tokens["citizen"], `{"status":"submitted"}`); res.Code != 200 {
		t.Fatalf("submit: %d %s", res.Code, res.Body)
	}
	mailer.Wait(app)
	var confirmation string
	for _, m := range app.TestMailer.Messages() {
		if strings.Contains(m.Text, "bestaetigen#") {
			confirmation = m.Text
		}
	}
	checkLinks("the confirmation mail", confirmation, "ehrenamtskarte/bestaetigen#")

	// the printed card
	card := issuedCard(t, app, "linkapp0000002a", f.Citizen)
	res := hostile(http.MethodGet, "/api/ben/cards/"+card.Id+"/card.pdf", f.Tokens["citizen"], "")
	if res.Code != 200 {
		t.Fatalf("card PDF: %d %s", res.Code, res.Body)
	}
	checkLinks("the printed card", pdftest.Text(t, res.Body.Bytes()), "karte-pruefen")
}
