package portal_test

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/portal"
)

func portalDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "pb_public")
}

// handler serves the real portal files with PocketBase's router.
func handler(t *testing.T) (http.Handler, core.App) {
	t.Helper()
	app, err := tests.NewTestApp()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)
	portal.Register(app, os.DirFS(portalDir()))
	r, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	var mux http.Handler
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: r}, func(e *core.ServeEvent) error {
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return mux, app
}

func get(h http.Handler, url string, mod ...func(*http.Request)) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, url, nil)
	for _, m := range mod {
		m(req)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestPagesOfThePortalAreReadFromPagesJS(t *testing.T) {
	t.Parallel()
	pages := portal.Pages(os.DirFS(portalDir()))
	if len(pages) < 30 {
		t.Fatalf("only %d pages read from %s", len(pages), portal.PagesFile)
	}
	for path, want := range map[string]bool{
		"/": true, "/vereine": true, "/vereine/": true, "/vereine/sportfreunde-bitburg-sued": true,
		"/mein-verein/turnverein/termine/abc123": true, "/karte-pruefen": true,
		"/vereine/a/b": false, "/nope": false, "/vereinex": false, "/mein-verein/x/unbekannt": false,
	} {
		if got := portal.IsPage(pages, path); got != want {
			t.Errorf("IsPage(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestUnknownAddressesAnswer404(t *testing.T) {
	t.Parallel()
	h, _ := handler(t)
	cases := []struct {
		url         string
		status      int
		contentType string
		body        string
	}{
		{"/", 200, "text/html", `id="inhalt"`},
		{"/vereine", 200, "text/html", `id="inhalt"`},
		{"/vereine/sportfreunde-bitburg-sued", 200, "text/html", `id="inhalt"`},
		{"/passwort-neu", 200, "text/html", `id="inhalt"`},
		{"/js/app.js", 200, "javascript", "pages.js"},
		{"/favicon.svg", 200, "image/svg", "<svg"},
		// the portal renders its "not found" page for an address it does not have
		{"/gibt-es-nicht", 404, "text/html", `id="inhalt"`},
		{"/vereine/a/b", 404, "text/html", `id="inhalt"`},
		// missing files and API addresses are plain 404s
		{"/js/nope.js", 404, "application/json", ""},
		{"/css/nope.css", 404, "application/json", ""},
		{"/api/nope", 404, "application/json", "Schnittstelle"},
		{"/api/ben/nope", 404, "application/json", "Schnittstelle"},
		{"/api", 404, "application/json", "Schnittstelle"},
	}
	for _, c := range cases {
		res := get(h, c.url)
		if res.Code != c.status || !strings.Contains(res.Header().Get("Content-Type"), c.contentType) || !strings.Contains(res.Body.String(), c.body) {
			t.Errorf("%s: %d %q, want %d %q containing %q", c.url, res.Code, res.Header().Get("Content-Type"), c.status, c.contentType, c.body)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	h, app := handler(t)
	res := get(h, "/")
	if res.Header().Get("Permissions-Policy") != portal.PermissionsPolicy {
		t.Errorf("Permissions-Policy %q", res.Header().Get("Permissions-Policy"))
	}
	if hsts := res.Header().Get("Strict-Transport-Security"); hsts != "" {
		t.Errorf("HSTS on plain HTTP: %q", hsts)
	}
	// a client cannot switch it on by a header alone …
	forwarded := func(r *http.Request) { r.Header.Set("X-Forwarded-Proto", "https") }
	if hsts := get(h, "/", forwarded).Header().Get("Strict-Transport-Security"); hsts != "" {
		t.Errorf("HSTS from an untrusted X-Forwarded-Proto: %q", hsts)
	}
	// … but HTTPS and a trusted proxy saying HTTPS do
	overTLS := func(r *http.Request) { r.TLS = &tls.ConnectionState{} }
	if hsts := get(h, "/", overTLS).Header().Get("Strict-Transport-Security"); hsts != portal.StrictTransportSecurity {
		t.Errorf("HSTS over TLS: %q", hsts)
	}
	app.Settings().TrustedProxy.Headers = []string{"X-Forwarded-For"}
	if hsts := get(h, "/api/health", forwarded).Header().Get("Strict-Transport-Security"); hsts != portal.StrictTransportSecurity {
		t.Errorf("HSTS behind a trusted proxy: %q", hsts)
	}
}
