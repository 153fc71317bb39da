package seo

import (
	"encoding/xml"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/internal/conditional"
	"ben/hooks/mailer"
)

// privatePaths are the portal's pages of logged-in people: nothing for an index.
var privatePaths = []string{"/_/", "/buero", "/konto", "/mein-verein", "/meine-daten", "/jury", "/ehrenamtskarte/antrag",
	"/ehrenamtskarte/meine", "/ehrenamtskarte/bestaetigen", "/bestaetigen", "/passwort-neu", "/email-bestaetigen"}

// Robots is the text of /robots.txt: everything public may be indexed,
// the accounts' pages and the API (but its files and feeds) not, and the
// sitemap is named with BEN's application URL.
func Robots(app core.App) string {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	b.WriteString("Allow: /api/files/\nAllow: /api/ben/news.rss\nAllow: /api/ben/events.ics\nDisallow: /api/\n")
	for _, p := range privatePaths {
		b.WriteString("Disallow: " + p + "\n")
	}
	b.WriteString("\nSitemap: " + mailer.Link(app, "/sitemap.xml") + "\n")
	return b.String()
}

func serveRobots(e *core.RequestEvent) error {
	e.Response.Header().Set("Cache-Control", "max-age=3600")
	return e.Blob(http.StatusOK, "text/plain; charset=utf-8", []byte(Robots(e.App)))
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemapPages are the fixed pages a search engine should know.
var sitemapPages = []string{"/", "/vereine", "/mitmachen", "/termine", "/partner", "/neuigkeiten", "/informationen",
	"/ehrenamtskarte", "/stadtmedaille", "/arbeitskreis", "/arbeitskreis/empfehlungen", "/arbeitskreis/sitzungen", "/engagement-in-zahlen",
	"/kontakt", "/impressum", "/datenschutz", "/barrierefreiheit"}

// Sitemap is /sitemap.xml: the fixed pages and every club, event,
// opportunity and article a guest may see.
func Sitemap(app core.App) ([]byte, error) {
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, p := range sitemapPages {
		set.URLs = append(set.URLs, sitemapURL{Loc: mailer.Link(app, p)})
	}
	add := func(collection string, where dbx.Expression, order string, path func(r *core.Record) string) error {
		records, err := publicRecords(app, collection, where, order, 0)
		if err != nil {
			return err
		}
		for _, r := range records {
			set.URLs = append(set.URLs, sitemapURL{Loc: mailer.Link(app, path(r)), LastMod: lastMod(r)})
		}
		return nil
	}
	steps := []error{
		add("organisations", nil, "[[organisations.name]]", func(r *core.Record) string { return "/vereine/" + r.GetString("slug") }),
		add("events", nil, "[[events.starts_at]]", func(r *core.Record) string { return "/termine/" + r.Id }),
		add("opportunities", nil, "[[opportunities.published_at]] DESC", func(r *core.Record) string { return "/mitmachen/" + r.Id }),
		add("articles", dbx.HashExp{"articles.kind": "news"}, "[[articles.published_at]] DESC", func(r *core.Record) string { return "/neuigkeiten/" + r.GetString("slug") }),
		add("articles", dbx.HashExp{"articles.kind": "page"}, "[[articles.title]]", func(r *core.Record) string { return "/informationen/" + r.GetString("slug") }),
	}
	for _, err := range steps {
		if err != nil {
			return nil, err
		}
	}
	out, err := xml.MarshalIndent(set, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}

func lastMod(r *core.Record) string {
	if u := r.GetDateTime("updated"); !u.IsZero() {
		return u.Time().UTC().Format("2006-01-02")
	}
	return ""
}

func serveSitemap(e *core.RequestEvent) error {
	body, err := Sitemap(e.App)
	if err != nil {
		return e.InternalServerError("Die Sitemap konnte nicht erstellt werden.", err)
	}
	return sendCached(e, "application/xml; charset=utf-8", body)
}

// NewsItems is how many news items the feed carries.
const NewsItems = 50

type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	Self          atomLink  `xml:"atom:link"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Items         []rssItem `xml:"item"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string  `xml:"title"`
	Link        string  `xml:"link"`
	GUID        rssGUID `xml:"guid"`
	Description string  `xml:"description"`
	PubDate     string  `xml:"pubDate"`
}

type rssGUID struct {
	Value       string `xml:",chardata"`
	IsPermaLink bool   `xml:"isPermaLink,attr"`
}

// NewsRSS is the RSS 2.0 feed of the published news, newest first: title,
// link, summary and date of each.
func NewsRSS(app core.App) ([]byte, error) {
	records, err := publicRecords(app, "articles", dbx.HashExp{"articles.kind": "news"}, "[[articles.published_at]] DESC", NewsItems)
	if err != nil {
		return nil, err
	}
	ch := rssChannel{
		Title:       "Neuigkeiten – " + SiteName,
		Link:        mailer.Link(app, "/neuigkeiten"),
		Description: "Neuigkeiten rund um Ehrenamt und Engagement in Bitburg.",
		Language:    "de-de",
		Self:        atomLink{Href: mailer.Link(app, "/api/ben/news.rss"), Rel: "self", Type: "application/rss+xml"},
		Items:       []rssItem{},
	}
	for i, r := range records {
		link := mailer.Link(app, "/neuigkeiten/"+r.GetString("slug"))
		published := r.GetDateTime("published_at").Time()
		text := strings.TrimSpace(r.GetString("summary"))
		if text == "" {
			text = summary(r.GetString("body"))
		}
		ch.Items = append(ch.Items, rssItem{Title: r.GetString("title"), Link: link, GUID: rssGUID{Value: link, IsPermaLink: true},
			Description: text, PubDate: published.UTC().Format(time.RFC1123Z)})
		if i == 0 {
			ch.LastBuildDate = published.UTC().Format(time.RFC1123Z)
		}
	}
	out, err := xml.MarshalIndent(rss{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Channel: ch}, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}

func serveNewsRSS(e *core.RequestEvent) error {
	body, err := NewsRSS(e.App)
	if err != nil {
		return e.InternalServerError("Der Nachrichten-Feed konnte nicht erstellt werden.", err)
	}
	return sendCached(e, "application/rss+xml; charset=utf-8", body)
}

// sendCached answers with body and an ETag of its content; a client that
// already has it gets 304 Not Modified.
func sendCached(e *core.RequestEvent, contentType string, body []byte) error {
	e.Response.Header().Set("Cache-Control", "no-cache")
	return conditional.Serve(e, conditional.Tag(body), contentType, body)
}
