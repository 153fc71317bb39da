// Package portal serves the public portal (the static files of pb_public)
// under a strict Content-Security-Policy, and sets the security headers that
// every BEN response carries.
//
// Addresses the portal does not have answer 404: an unknown /api/ path with
// PocketBase's JSON error, a missing file plainly, and an address that is no
// page of the portal (pages.js lists them) with the portal itself, which
// renders its "not found" page.
package portal

import (
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// ContentSecurityPolicy allows scripts, styles and connections only from BEN
// itself: no inline scripts, no third-party hosts.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; " +
	"manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// PermissionsPolicy allows the camera to BEN itself (the card check scans a
// QR code) and switches off every other powerful feature.
const PermissionsPolicy = "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), " +
	"accelerometer=(), gyroscope=(), magnetometer=()"

// StrictTransportSecurity is sent on HTTPS answers: browsers then use HTTPS
// only, for a year.
const StrictTransportSecurity = "max-age=31536000; includeSubDomains"

// PagesFile is the portal's registry of pages; its "path: '…'" entries are
// the addresses the portal answers with 200.
const PagesFile = "js/pages.js"

// Register serves files as the portal at "/" and adds the security headers.
// The static route is bound last, so that every API and dashboard route wins.
func Register(app core.App, files fs.FS) {
	pages := Pages(files)
	// links in mails and on cards append paths to the application URL
	app.OnSettingsUpdateRequest().BindFunc(func(e *core.SettingsUpdateRequestEvent) error {
		e.NewSettings.Meta.AppURL = strings.TrimRight(strings.TrimSpace(e.NewSettings.Meta.AppURL), "/")
		return e.Next()
	})
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(e *core.ServeEvent) error {
			e.Router.BindFunc(securityHeaders)
			if !e.Router.HasRoute(http.MethodGet, "/{path...}") {
				e.Router.GET("/{path...}", serve(files, pages))
			}
			return e.Next()
		},
		Priority: 999,
	})
}

// pagePath is one entry of pages.js: { path: '/vereine/:slug', … }.
var pagePath = regexp.MustCompile(`\bpath:\s*'(/[^']*)'`)

// Pages reads the portal's page addresses from pages.js as patterns
// (":slug" is one path segment).
func Pages(files fs.FS) []*regexp.Regexp {
	src, err := fs.ReadFile(files, PagesFile)
	if err != nil {
		return nil
	}
	var out []*regexp.Regexp
	for _, m := range pagePath.FindAllStringSubmatch(string(src), -1) {
		segments := strings.Split(m[1], "/")
		for i, s := range segments {
			if strings.HasPrefix(s, ":") {
				segments[i] = `[^/]+`
			} else {
				segments[i] = regexp.QuoteMeta(s)
			}
		}
		out = append(out, regexp.MustCompile("^"+strings.Join(segments, "/")+"$"))
	}
	return out
}

// IsPage reports whether urlPath is an address of the portal, as the
// portal's router matches it (trailing slashes do not count).
func IsPage(pages []*regexp.Regexp, urlPath string) bool {
	if len(urlPath) > 1 {
		urlPath = strings.TrimRight(urlPath, "/")
		if urlPath == "" {
			urlPath = "/"
		}
	}
	for _, p := range pages {
		if p.MatchString(urlPath) {
			return true
		}
	}
	return false
}

func serve(files fs.FS, pages []*regexp.Regexp) func(*core.RequestEvent) error {
	static := apis.Static(files, false)
	return func(e *core.RequestEvent) error {
		urlPath := e.Request.URL.Path
		if urlPath == "/api" || strings.HasPrefix(urlPath, "/api/") {
			return e.NotFoundError("Diese Adresse der Schnittstelle gibt es nicht.", nil)
		}
		// an address without a file name: index.html, filled in for the page
		// (page.go); 404 where the portal has no such page or a guest may
		// not see what it shows
		if path.Ext(urlPath) == "" {
			if fi, err := fs.Stat(files, strings.Trim(urlPath, "/")); urlPath == "/" || err != nil || fi.IsDir() {
				return renderPage(e, files, urlPath, IsPage(pages, urlPath))
			}
		}
		return static(e) // a file; a missing one (script, style, image) is a plain 404
	}
}

func securityHeaders(e *core.RequestEvent) error {
	h := e.Response.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Permissions-Policy", PermissionsPolicy)
	if isHTTPS(e) {
		h.Set("Strict-Transport-Security", StrictTransportSecurity)
	}
	// the dashboard brings its own policy, and so do uploaded files:
	// PocketBase serves them under a sandbox (no scripts, no forms, a
	// unique origin), stricter than the portal's policy, which would let a
	// file uploaded as HTML or SVG run BEN's own scripts
	urlPath := e.Request.URL.Path
	if !strings.HasPrefix(urlPath, "/_/") && !strings.HasPrefix(urlPath, "/api/files/") {
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
	}
	if !strings.HasPrefix(urlPath, "/_/") {
		h.Set("X-Frame-Options", "DENY")
	}
	return e.Next()
}

// isHTTPS reports whether the request reached BEN over HTTPS: directly, or
// through a reverse proxy that PocketBase trusts (Settings → Trusted proxy)
// and that says so in X-Forwarded-Proto. Browsers ignore the header on plain
// HTTP answers anyway.
func isHTTPS(e *core.RequestEvent) bool {
	if e.Request.TLS != nil {
		return true
	}
	return len(e.App.Settings().TrustedProxy.Headers) > 0 &&
		strings.EqualFold(strings.TrimSpace(strings.Split(e.Request.Header.Get("X-Forwarded-Proto"), ",")[0]), "https")
}
