// Package portal serves the public portal (the static files of pb_public)
// under a strict Content-Security-Policy, and sets the security headers that
// every BEN response carries.
package portal

import (
	"io/fs"
	"net/http"
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

// Register serves files as the portal at "/" and adds the security headers.
// The static route is bound last, so that every API and dashboard route wins.
func Register(app core.App, files fs.FS) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(e *core.ServeEvent) error {
			e.Router.BindFunc(securityHeaders)
			if !e.Router.HasRoute(http.MethodGet, "/{path...}") {
				e.Router.GET("/{path...}", apis.Static(files, true))
			}
			return e.Next()
		},
		Priority: 999,
	})
}

func securityHeaders(e *core.RequestEvent) error {
	h := e.Response.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	// the dashboard brings its own policy; everything else is ours
	if !strings.HasPrefix(e.Request.URL.Path, "/_/") {
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Frame-Options", "DENY")
	}
	return e.Next()
}
