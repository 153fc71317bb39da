package hooks_test

import (
	"net/http"
	"strings"
	"testing"

	"ben/hooks/internal/testapp"
)

func TestPortalSecurityHeaders(t *testing.T) {
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
