package seo

import (
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/mailer"
	"ben/hooks/tz"
)

// Head is what the server writes into a page's <head>.
type Head struct {
	Title       string // the whole <title>
	Description string
	Canonical   string // absolute address of the page
	Type        string // og:type: website or article
	Image       string // absolute address of a preview image, or ""
	JSONLD      any    // a schema.org object, or nil
	// NotFound is set for the address of a club, event, opportunity or
	// article that does not exist or that a guest may not see.
	NotFound bool
}

// staticTitles name the portal's fixed pages.
var staticTitles = map[string][2]string{
	"/":                 {"", DefaultDescription},
	"/vereine":          {"Vereine & Initiativen", "Vereine, Initiativen, Einrichtungen und Projekte in Bitburg: wer sie sind, was sie tun und wie Sie sie erreichen."},
	"/mitmachen":        {"Mitmachen", "Angebote zum Mitmachen: Vereine und Initiativen in Bitburg suchen Menschen, die einmalig, regelmäßig oder für ein Projekt mit anpacken."},
	"/termine":          {"Termine", "Termine, Fortbildungen und Austauschtreffen der Vereine und der Koordinierungsstelle für Ehrenamt in Bitburg."},
	"/partner":          {"Vergünstigungen", "Partner der Ehrenamtskarte Rheinland-Pfalz in Bitburg und ihre Vergünstigungen für Engagierte."},
	"/neuigkeiten":      {"Neuigkeiten", "Neuigkeiten rund um Ehrenamt und Engagement in Bitburg."},
	"/informationen":    {"Informationen", "Informationen zum Ehrenamt in Bitburg: Versicherungsschutz, Engagementstrategie und Netzwerke."},
	"/ehrenamtskarte":   {"Ehrenamtskarte", "Die Ehrenamtskarte Rheinland-Pfalz: wer sie bekommt, wie Sie sie beantragen und wo sie Vorteile bringt."},
	"/kontakt":          {"Kontakt", "So erreichen Sie die Koordinierungsstelle für Ehrenamt in Bitburg – oder schreiben Sie uns, wenn Sie sich engagieren möchten."},
	"/stadtmedaille":    {"Stadtmedaille", "Die Stadtmedaille Bitburg: Vorschläge für besonderes Engagement und die Geehrten."},
	"/arbeitskreis":     {"Arbeitskreis „Engagierte Stadt Bitburg“", "Wer im Arbeitskreis „Engagierte Stadt Bitburg“ sitzt, der die Engagementstrategie der Stadt steuert."},
	"/karte-pruefen":    {"Karte prüfen", "Für Partner der Ehrenamtskarte: prüfen, ob eine Karte gültig ist."},
	"/registrieren":     {"Registrieren", "Ein Benutzerkonto im Bitburger Engagement Netz anlegen."},
	"/anmelden":         {"Anmelden", "Im Bitburger Engagement Netz anmelden."},
	"/impressum":        {"Impressum", ""},
	"/datenschutz":      {"Datenschutzerklärung", ""},
	"/barrierefreiheit": {"Erklärung zur Barrierefreiheit", ""},

	// the working group's work and the figures of engagement
	"/arbeitskreis/empfehlungen": {"Empfehlungen des Arbeitskreises", "Was der Arbeitskreis „Engagierte Stadt Bitburg“ empfiehlt, wer es umsetzt und wie weit es ist."},
	"/arbeitskreis/sitzungen":    {"Sitzungen des Arbeitskreises", "Tagesordnungen, Beschlüsse und Protokolle des Arbeitskreises „Engagierte Stadt Bitburg“."},
	"/engagement-in-zahlen":      {"Engagement in Zahlen", "Wie sich das Engagement in Bitburg entwickelt: Vereine, Termine, Ehrenamtskarten, Vermittlung und Ehrungen in Zahlen."},
}

var (
	clubPath        = regexp.MustCompile(`^/vereine/([^/]+)$`)
	eventPath       = regexp.MustCompile(`^/termine/([^/]+)$`)
	opportunityPath = regexp.MustCompile(`^/mitmachen/([^/]+)$`)
	articlePath     = regexp.MustCompile(`^/(neuigkeiten|informationen)/([^/]+)$`)
)

// HeadFor returns the head of the portal page at path (without query). A
// page BEN does not describe gets the portal's title and description.
func HeadFor(app core.App, path string) (Head, error) {
	if len(path) > 1 {
		path = strings.TrimRight(path, "/")
	}
	if m := clubPath.FindStringSubmatch(path); m != nil {
		return clubHead(app, m[1])
	}
	if m := eventPath.FindStringSubmatch(path); m != nil {
		return eventHead(app, m[1])
	}
	if m := opportunityPath.FindStringSubmatch(path); m != nil {
		return opportunityHead(app, m[1])
	}
	if m := articlePath.FindStringSubmatch(path); m != nil {
		return articleHead(app, m[1], m[2])
	}
	return DefaultHead(app, path), nil
}

// DefaultHead is the head of a page BEN does not describe by its data: the
// fixed pages' own titles, else the portal's.
func DefaultHead(app core.App, path string) Head {
	if len(path) > 1 {
		path = strings.TrimRight(path, "/")
	}
	head := Head{Title: SiteName, Description: DefaultDescription, Canonical: mailer.Link(app, path), Type: "website"}
	if t, ok := staticTitles[path]; ok {
		if t[0] != "" {
			head.Title = t[0] + " – " + SiteName
		}
		if t[1] != "" {
			head.Description = t[1]
		}
	}
	return head
}

func notFound(app core.App, path string) Head {
	return Head{Title: "Seite nicht gefunden – " + SiteName, Description: DefaultDescription,
		Canonical: mailer.Link(app, path), Type: "website", NotFound: true}
}

const schemaContext = "https://schema.org"

func clubHead(app core.App, slug string) (Head, error) {
	path := "/vereine/" + slug
	org, err := publicRecord(app, "organisations", dbx.HashExp{"slug": slug})
	if err != nil || org == nil {
		return notFound(app, path), err
	}
	url := mailer.Link(app, "/vereine/"+org.GetString("slug"))
	description := summary(org.GetString("description"))
	if description == "" {
		description = org.GetString("name") + " in Bitburg – im Bitburger Engagement Netz."
	}
	ld := map[string]any{
		"@context": schemaContext, "@type": "Organization",
		"name": org.GetString("name"), "url": url, "description": description,
	}
	if a := org.GetString("address"); a != "" {
		ld["address"] = a
	}
	if w := org.GetString("website"); w != "" {
		ld["sameAs"] = []string{w}
	}
	if org.GetBool("contact_public") {
		if v := org.GetString("email"); v != "" {
			ld["email"] = v
		}
		if v := org.GetString("phone"); v != "" {
			ld["telephone"] = v
		}
	}
	image := fileURL(app, org, "logo")
	if image != "" {
		ld["logo"] = image
	}
	return Head{Title: org.GetString("name") + " – " + SiteName, Description: description, Canonical: url,
		Type: "website", Image: image, JSONLD: ld}, nil
}

func eventHead(app core.App, id string) (Head, error) {
	path := "/termine/" + id
	event, err := publicRecord(app, "events", dbx.HashExp{"id": id})
	if err != nil || event == nil {
		return notFound(app, path), err
	}
	url := mailer.Link(app, path)
	start := event.GetDateTime("starts_at").Time()
	when := start.In(tz.Berlin).Format("02.01.2006, 15:04") + " Uhr"
	description := summary(event.GetString("description"))
	place := event.GetString("location")
	lead := when
	if place != "" {
		lead += ", " + place
	}
	if description == "" {
		description = lead + "."
	} else {
		description = clip(lead+": "+description, 300)
	}
	organizer := map[string]any{"@type": "GovernmentOrganization", "name": "Koordinierungsstelle für Ehrenamt der Stadt Bitburg", "url": mailer.Link(app, "/")}
	if orgID := event.GetString("organisation"); orgID != "" {
		if org, _ := publicRecord(app, "organisations", dbx.HashExp{"id": orgID}); org != nil {
			organizer = map[string]any{"@type": "Organization", "name": org.GetString("name"), "url": mailer.Link(app, "/vereine/"+org.GetString("slug"))}
		}
	}
	ld := map[string]any{
		"@context": schemaContext, "@type": "Event",
		"name": event.GetString("title"), "url": url, "description": description,
		"startDate":           isoBerlin(start),
		"endDate":             isoBerlin(event.GetDateTime("ends_at").Time()),
		"eventStatus":         eventStatus(event),
		"eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
		"organizer":           organizer,
		"location":            map[string]any{"@type": "Place", "name": orDefault(place, "Bitburg"), "address": orDefault(place, "Bitburg")},
	}
	if event.GetBool("all_day") {
		// whole days are dates, not moments
		ld["startDate"] = start.In(tz.Berlin).Format("2006-01-02")
		ld["endDate"] = event.GetDateTime("ends_at").Time().In(tz.Berlin).Format("2006-01-02")
	}
	return Head{Title: event.GetString("title") + " – Termine – " + SiteName, Description: description, Canonical: url,
		Type: "website", JSONLD: ld}, nil
}

// eventStatus is schema.org's word for an event's state.
func eventStatus(event *core.Record) string {
	if event.GetBool("cancelled") {
		return "https://schema.org/EventCancelled"
	}
	return "https://schema.org/EventScheduled"
}

func opportunityHead(app core.App, id string) (Head, error) {
	path := "/mitmachen/" + id
	opp, err := publicRecord(app, "opportunities", dbx.HashExp{"id": id})
	if err != nil || opp == nil {
		return notFound(app, path), err
	}
	org, err := publicRecord(app, "organisations", dbx.HashExp{"id": opp.GetString("organisation")})
	if err != nil || org == nil {
		return notFound(app, path), err
	}
	url := mailer.Link(app, path)
	description := summary(opp.GetString("description"))
	if description == "" {
		description = org.GetString("name") + " sucht Unterstützung: " + opp.GetString("title") + "."
	}
	place := orDefault(opp.GetString("location"), orDefault(org.GetString("address"), "Bitburg"))
	// a volunteer position is a JobPosting of the employment type VOLUNTEER
	ld := map[string]any{
		"@context": schemaContext, "@type": "JobPosting",
		"title": opp.GetString("title"), "url": url, "description": description,
		"employmentType": "VOLUNTEER",
		"hiringOrganization": map[string]any{"@type": "Organization", "name": org.GetString("name"),
			"url": mailer.Link(app, "/vereine/"+org.GetString("slug"))},
		"jobLocation": map[string]any{"@type": "Place", "address": place},
	}
	if at := opp.GetDateTime("published_at"); !at.IsZero() {
		ld["datePosted"] = isoBerlin(at.Time())
	}
	if until := opp.GetDateTime("published_until"); !until.IsZero() {
		ld["validThrough"] = isoBerlin(until.Time())
	}
	return Head{Title: opp.GetString("title") + " – Mitmachen – " + SiteName, Description: description, Canonical: url,
		Type: "website", Image: fileURL(app, org, "logo"), JSONLD: ld}, nil
}

func articleHead(app core.App, section, slug string) (Head, error) {
	kind := map[string]string{"neuigkeiten": "news", "informationen": "page"}[section]
	path := "/" + section + "/" + slug
	article, err := publicRecord(app, "articles", dbx.HashExp{"slug": slug, "kind": kind})
	if err != nil || article == nil {
		return notFound(app, path), err
	}
	url := mailer.Link(app, path)
	description := strings.TrimSpace(article.GetString("summary"))
	if description == "" {
		description = summary(article.GetString("body"))
	}
	publisher := map[string]any{"@type": "GovernmentOrganization", "name": "Koordinierungsstelle für Ehrenamt der Stadt Bitburg", "url": mailer.Link(app, "/")}
	ld := map[string]any{
		"@context": schemaContext, "@type": map[string]string{"news": "NewsArticle", "page": "Article"}[kind],
		"headline": clip(article.GetString("title"), 110), "url": url, "mainEntityOfPage": url,
		"description":   description,
		"datePublished": isoBerlin(article.GetDateTime("published_at").Time()),
		"dateModified":  isoBerlin(article.GetDateTime("updated").Time()),
		"author":        publisher, "publisher": publisher,
		"inLanguage": "de-DE",
	}
	return Head{Title: article.GetString("title") + " – " + SiteName, Description: description, Canonical: url,
		Type: "article", JSONLD: ld}, nil
}

// fileURL is the public address of a record's file, or "".
func fileURL(app core.App, r *core.Record, field string) string {
	name := r.GetString(field)
	if name == "" {
		return ""
	}
	return mailer.Link(app, "/api/files/"+r.Collection().Id+"/"+r.Id+"/"+name)
}

func isoBerlin(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(tz.Berlin).Format(time.RFC3339)
}

func orDefault(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return v
}

var (
	tags   = regexp.MustCompile(`<[^>]*>`)
	spaces = regexp.MustCompile(`\s+`)
)

// summary is rich text as one plain line of at most 200 characters.
func summary(richText string) string {
	text := html.UnescapeString(tags.ReplaceAllString(richText, " "))
	return clip(strings.TrimSpace(spaces.ReplaceAllString(text, " ")), 200)
}

// clip shortens text to at most max characters at a word boundary.
func clip(text string, max int) string {
	if utf8.RuneCountInString(text) <= max {
		return text
	}
	runes := []rune(text)[:max-1]
	cut := string(runes)
	if i := strings.LastIndex(cut, " "); i > max/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:–-") + "…"
}

// JSONLDText is the JSON-LD of h as the text of a <script
// type="application/ld+json"> data block: "<", ">" and "&" are escaped, so
// the text cannot end the element.
func (h Head) JSONLDText() (string, error) {
	if h.JSONLD == nil {
		return "", nil
	}
	b, err := json.Marshal(h.JSONLD) // escapes <, > and & as \u003c …
	return string(b), err
}
