package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// RateLimits are on from the first start. The numbers are per client IP and
// documented in the README; staff may tune them in the dashboard.
var RateLimits = []core.RateLimitRule{
	// log-in, OTP and password-reset attempts
	{Label: "*:auth", MaxRequests: 5, Duration: 10},
	// account registrations by guests
	{Label: "users:create", Audience: "@guest", MaxRequests: 5, Duration: 60},
	// every other record a guest may create (e.g. nominations, enquiries)
	{Label: "*:create", Audience: "@guest", MaxRequests: 10, Duration: 60},
	{Label: "*:create", Audience: "@auth", MaxRequests: 60, Duration: 60},
	{Label: "/api/batch", MaxRequests: 3, Duration: 1},
	{Label: "/api/", MaxRequests: 600, Duration: 10},
}

func init() {
	m.Register(func(app core.App) error {
		s := app.Settings()
		s.Meta.AppName = "BEN – Bitburger Engagement Netz"
		if s.Meta.SenderName == "" || s.Meta.SenderName == "Support" {
			s.Meta.SenderName = "Bitburger Engagement Netz"
		}
		s.RateLimits.Enabled = true
		s.RateLimits.Rules = RateLimits
		return app.Save(s)
	}, nil)
}
