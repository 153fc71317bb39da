package migrations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// VerifyRateLimit caps the online card check per client IP (documented in
// the README). A partner checks a few cards a minute; the verification page
// checks offline and does not call it at all.
var VerifyRateLimit = core.RateLimitRule{Label: "/api/ben/verify", MaxRequests: 30, Duration: 60}

func init() {
	same := func(o core.RateLimitRule) bool {
		return o.Label == VerifyRateLimit.Label && o.Audience == VerifyRateLimit.Audience
	}
	m.Register(func(app core.App) error {
		s := app.Settings()
		if !slices.ContainsFunc(s.RateLimits.Rules, same) {
			s.RateLimits.Rules = append(s.RateLimits.Rules, VerifyRateLimit)
		}
		return app.Save(s)
	}, func(app core.App) error {
		s := app.Settings()
		s.RateLimits.Rules = slices.DeleteFunc(s.RateLimits.Rules, same)
		return app.Save(s)
	})
}
