package portal

import (
	"bytes"
	"html/template"
	"io/fs"
	"net/http"
	"regexp"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/legal"
	"ben/hooks/seo"
)

// The portal's index.html is one page for every address; the server fills
// in, per address, what must be there before any script runs: the head
// (title, description, Open Graph, canonical link, JSON-LD), the office's
// contact block in the footer, and the text of the legal pages. Markers in
// index.html say where.
const (
	headMarker    = "<!--ben:head-->"
	contactMarker = "<!--ben:contact-->"
	mainStart     = "<!--ben:main-->"
	mainEnd       = "<!--/ben:main-->"
)

var (
	titleTag       = regexp.MustCompile(`<title>[^<]*</title>`)
	descriptionTag = regexp.MustCompile(`<meta name="description" content="[^"]*">`)
)

var headTags = template.Must(template.New("head").Parse(`
{{- if .NoIndex}}<meta name="robots" content="noindex">
{{end -}}
<link rel="canonical" href="{{.Head.Canonical}}">
<meta property="og:type" content="{{.Head.Type}}">
<meta property="og:site_name" content="{{.Site}}">
<meta property="og:locale" content="de_DE">
<meta property="og:title" content="{{.Head.Title}}">
<meta property="og:description" content="{{.Head.Description}}">
<meta property="og:url" content="{{.Head.Canonical}}">
{{if .Head.Image}}<meta property="og:image" content="{{.Head.Image}}">
{{end -}}
<meta name="twitter:card" content="summary">
{{if .JSONLD}}<script type="application/ld+json">{{.JSONLD}}</script>
{{end}}`))

// renderPage answers a page address with index.html, filled in for it;
// isPage tells whether the portal has a page at that address at all.
func renderPage(e *core.RequestEvent, files fs.FS, p string, isPage bool) error {
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		return e.InternalServerError("", err)
	}
	head, err := seo.HeadFor(e.App, p)
	if err != nil {
		// the page still works without its own head: the portal's title it is
		e.App.Logger().Warn("Kopfzeilen der Seite konnten nicht erstellt werden", "path", p, "error", err)
		head = seo.DefaultHead(e.App, p)
	}
	out := string(index)

	clean := strings.TrimRight(p, "/")
	for _, name := range legal.Pages {
		if clean == "/"+name && name != "kontakt" {
			page, err := legal.Render(e.App, name)
			if err != nil {
				return e.InternalServerError("", err)
			}
			head.Description = page.Description
			out = replaceBetween(out, mainStart, mainEnd, string(page.HTML))
		}
	}
	if contact, err := legal.ContactBlock(e.App); err == nil {
		out = strings.Replace(out, contactMarker, string(contact), 1)
	} else {
		e.App.Logger().Warn("Kontaktblock der Koordinierungsstelle fehlt", "error", err)
	}

	jsonld, err := head.JSONLDText()
	if err != nil {
		return e.InternalServerError("", err)
	}
	var tags bytes.Buffer
	err = headTags.Execute(&tags, map[string]any{
		"Head": head, "Site": seo.SiteName, "NoIndex": head.NotFound || !isPage,
		// already JSON with <, > and & escaped: safe as the element's text
		"JSONLD": template.JS(jsonld),
	})
	if err != nil {
		return e.InternalServerError("", err)
	}
	out = titleTag.ReplaceAllLiteralString(out, "<title>"+template.HTMLEscapeString(head.Title)+"</title>")
	out = descriptionTag.ReplaceAllLiteralString(out, `<meta name="description" content="`+template.HTMLEscapeString(head.Description)+`">`)
	out = strings.Replace(out, headMarker, tags.String(), 1)

	status := http.StatusOK
	if head.NotFound || !isPage {
		status = http.StatusNotFound // the portal renders its "not found" page
	}
	e.Response.Header().Set("Cache-Control", "no-cache")
	return e.HTML(status, out)
}

// replaceBetween replaces what lies between the markers start and end.
func replaceBetween(s, start, end, with string) string {
	i := strings.Index(s, start)
	j := strings.Index(s, end)
	if i < 0 || j < i {
		return s
	}
	return s[:i+len(start)] + with + s[j:]
}
