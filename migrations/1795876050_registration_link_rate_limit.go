package migrations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// RegistrationLinkRateLimit caps what guests do with the link of their
// event registration (confirm, cancel) per client IP, like every other
// guest write (documented in the README).
var RegistrationLinkRateLimit = core.RateLimitRule{Label: "POST /api/ben/registrations/", Audience: core.RateLimitRuleAudienceGuest, MaxRequests: 10, Duration: 60}

func init() {
	same := func(o core.RateLimitRule) bool {
		return o.Label == RegistrationLinkRateLimit.Label && o.Audience == RegistrationLinkRateLimit.Audience
	}
	m.Register(func(app core.App) error {
		s := app.Settings()
		if !slices.ContainsFunc(s.RateLimits.Rules, same) {
			s.RateLimits.Rules = append(s.RateLimits.Rules, RegistrationLinkRateLimit)
		}
		return app.Save(s)
	}, func(app core.App) error {
		s := app.Settings()
		s.RateLimits.Rules = slices.DeleteFunc(s.RateLimits.Rules, same)
		return app.Save(s)
	})
}
