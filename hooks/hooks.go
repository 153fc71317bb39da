// Package hooks binds every concern of BEN to a PocketBase app. main and the
// tests call the same Register, so tests exercise exactly what runs.
package hooks

import (
	"io/fs"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/accounts"
	"ben/hooks/articles"
	"ben/hooks/audit"
	"ben/hooks/authcache"
	"ben/hooks/awards"
	"ben/hooks/bulletin"
	"ben/hooks/card"
	"ben/hooks/cardtoken"
	"ben/hooks/compress"
	"ben/hooks/engagement"
	"ben/hooks/events"
	"ben/hooks/feeds"
	"ben/hooks/festival"
	"ben/hooks/ideas"
	"ben/hooks/legal"
	"ben/hooks/mailer"
	"ben/hooks/office"
	"ben/hooks/organisations"
	"ben/hooks/partners"
	"ben/hooks/portal"
	"ben/hooks/privacy"
	"ben/hooks/publiccache"
	"ben/hooks/realtime"
	"ben/hooks/registrations"
	"ben/hooks/search"
	"ben/hooks/seo"
	"ben/hooks/staff"
	"ben/hooks/stats"
	"ben/hooks/workinggroup"
)

// Register binds all of BEN's concerns to app; portalFiles is the portal to
// serve at "/".
func Register(app core.App, portalFiles fs.FS) {
	authcache.Register(app)
	realtime.Register(app)
	compress.Register(app)
	publiccache.Register(app, 0)
	mailer.Register(app)
	accounts.Register(app)
	staff.Register(app)
	organisations.Register(app)
	events.Register(app)
	articles.Register(app)
	feeds.Register(app)
	search.Register(app)
	card.Register(app)
	cardtoken.Register(app)
	privacy.Register(app)
	engagement.Register(app)
	workinggroup.Register(app)
	awards.Register(app)
	legal.Register(app)
	seo.Register(app)
	registrations.Register(app)
	festival.Register(app)
	partners.Register(app)
	ideas.Register(app)
	stats.Register(app)
	bulletin.Register(app)
	office.Register(app)
	audit.Register(app)
	portal.Register(app, portalFiles)
}
