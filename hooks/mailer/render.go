package mailer

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"
	"text/template"
)

//go:embed templates
var templateFiles embed.FS

// commonFile holds what every mail shares; layoutFile sets a mail's text
// as HTML.
const (
	commonFile = "templates/common.txt"
	layoutFile = "templates/layout.html"
)

// letterTemplates are the mails' templates by name, parsed once; they are
// never changed afterwards.
var letterTemplates = mustParseLetters()

var htmlLayout = htmltemplate.Must(htmltemplate.ParseFS(templateFiles, layoutFile))

func mustParseLetters() map[string]*template.Template {
	files, err := fs.Glob(templateFiles, "templates/*.txt")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, file := range files {
		if file == commonFile {
			continue
		}
		name := strings.TrimSuffix(path.Base(file), ".txt")
		out[name] = template.Must(template.New(name).Option("missingkey=error").ParseFS(templateFiles, commonFile, file))
	}
	return out
}

// render writes a letter's subject, its text and its HTML; portal is BEN's
// address for the footer.
func render(l Letter, portal string) (subject, text, html string, err error) {
	t, ok := letterTemplates[l.template()]
	if !ok {
		return "", "", "", fmt.Errorf("no template %s.txt", l.template())
	}
	var s, body bytes.Buffer
	if err := t.ExecuteTemplate(&s, "subject", l); err != nil {
		return "", "", "", err
	}
	if err := t.ExecuteTemplate(&body, "body", l); err != nil {
		return "", "", "", err
	}
	f, err := footerOf(t, portal)
	if err != nil {
		return "", "", "", err
	}
	subject = strings.Join(strings.Fields(s.String()), " ")
	bodyText := strings.TrimSpace(body.String())
	text = bodyText + "\n\n-- \n" + f.text + "\n"

	var h bytes.Buffer
	h.Grow(len(text) * 2)
	err = htmlLayout.Execute(&h, struct {
		Subject            string
		Paragraphs, Footer []htmltemplate.HTML
	}{subject, paragraphs(bodyText, portal), f.html})
	return subject, text, h.String(), err
}

// subjectOf is a letter's subject alone.
func subjectOf(l Letter) (string, error) {
	t, ok := letterTemplates[l.template()]
	if !ok {
		return "", fmt.Errorf("no template %s.txt", l.template())
	}
	var s bytes.Buffer
	if err := t.ExecuteTemplate(&s, "subject", l); err != nil {
		return "", err
	}
	return strings.Join(strings.Fields(s.String()), " "), nil
}

// footer is the footer of every mail for one portal address, as text and
// as HTML paragraphs; it is the same for every letter (common.txt).
type footer struct {
	text string
	html []htmltemplate.HTML
}

// footers are the footers written so far, by letter template and portal
// address (one per app): written once, not for every mail.
var footers sync.Map

type footerKey struct {
	letter *template.Template
	portal string
}

func footerOf(t *template.Template, portal string) (footer, error) {
	key := footerKey{t, portal}
	if f, ok := footers.Load(key); ok {
		return f.(footer), nil
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "footer", struct{ Portal string }{portal}); err != nil {
		return footer{}, err
	}
	text := strings.TrimSpace(b.String())
	f := footer{text: text, html: paragraphs(text, portal)}
	footers.Store(key, f)
	return f, nil
}

var linkPattern = regexp.MustCompile(`https?://[^\s<>"]*[^\s<>".,;:!?)]`)

// paragraphs sets text as HTML paragraphs: blank lines part them, a line
// break stays one, and BEN's own addresses (those starting with portal,
// the application URL) become links. Any other address stays text: a mail
// of the town never turns what a person typed into a link.
func paragraphs(text, portal string) []htmltemplate.HTML {
	var out []htmltemplate.HTML
	for _, p := range strings.Split(text, "\n\n") {
		if strings.TrimSpace(p) == "" {
			continue
		}
		lines := strings.Split(strings.Trim(p, "\n"), "\n")
		for i, line := range lines {
			escaped := htmltemplate.HTMLEscapeString(line)
			lines[i] = linkPattern.ReplaceAllStringFunc(escaped, func(addr string) string {
				if !Own(addr, htmltemplate.HTMLEscapeString(portal)) {
					return addr
				}
				return `<a href="` + addr + `">` + addr + `</a>`
			})
		}
		out = append(out, htmltemplate.HTML(strings.Join(lines, "<br>\n")))
	}
	return out
}

// Own reports whether addr is an address in BEN: portal itself or a path,
// query or fragment below it ("https://ben.example" does not own
// "https://ben.example.evil.test").
func Own(addr, portal string) bool {
	portal = strings.TrimRight(portal, "/")
	if portal == "" || !strings.HasPrefix(addr, portal) {
		return false
	}
	rest := addr[len(portal):]
	return rest == "" || strings.ContainsRune("/?#", rune(rest[0]))
}
