// Package seo makes BEN's public pages findable: the tags link previews
// and crawlers read (title, description, Open Graph, canonical link and
// schema.org JSON-LD) for the pages of clubs, events, opportunities and
// news, written by the server into the HTML because crawlers do not run
// the portal's JavaScript; /robots.txt and /sitemap.xml; and the news as
// RSS 2.0 (GET /api/ben/news.rss).
//
// Every address is built from the application URL of the mail settings
// (hooks/mailer.Link), never from the request's Host: a forged Host header
// must not end up in a search engine's index or a cache. What a page shows
// is decided by the collections' own rules for a guest.
package seo

import (
	"github.com/pocketbase/pocketbase/core"
)

// SiteName is the portal's name in titles and previews.
const SiteName = "BEN – Bitburger Engagement Netz"

// DefaultDescription describes the portal where a page has no description
// of its own.
const DefaultDescription = "Ehrenamt und Engagement in Bitburg: Vereine und Initiativen, Termine, Angebote zum Mitmachen, " +
	"Vergünstigungen mit der Ehrenamtskarte und Neuigkeiten."

// Register binds /robots.txt, /sitemap.xml and the news feed to app.
func Register(app core.App) {
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		e.Router.GET("/robots.txt", serveRobots)
		e.Router.GET("/sitemap.xml", serveSitemap)
		e.Router.GET("/api/ben/news.rss", serveNewsRSS)
		return e.Next()
	})
}
