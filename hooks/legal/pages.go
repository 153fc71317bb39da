package legal

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"net/http"
	"regexp"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/mailer"
	"ben/hooks/privacy"
	"ben/hooks/tz"
)

//go:embed templates
var templateFiles embed.FS

// Pages are the legal pages by name; the portal serves each at "/<name>".
var Pages = []string{"impressum", "datenschutz", "barrierefreiheit", "kontakt"}

// Page is a legal page, rendered.
type Page struct {
	Name        string        `json:"page"`
	Title       string        `json:"title"`
	Description string        `json:"description"`
	HTML        template.HTML `json:"html"`
	Missing     []Fact        `json:"missing"`
}

// ErrUnknownPage is returned for a name that is not in Pages.
var ErrUnknownPage = errors.New("unknown legal page")

// the templates are parsed once, without data; the functions that read the
// office record are bound per rendering (on a clone)
var pageTemplates = func() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, name := range Pages {
		out[name] = template.Must(template.New(name).Funcs(factFuncs(nil)).
			ParseFS(templateFiles, "templates/common.html", "templates/"+name+".html"))
	}
	return out
}()

// view is what the templates read besides the facts.
type view struct {
	Missing    []Fact
	Notice     []privacy.Entry
	Portal     string // the application URL, without a trailing slash
	ReviewedOn string // "17.04.2026"; "" when not set
}

// Render writes the legal page name with the office's facts in force.
func Render(app core.App, name string) (Page, error) {
	base, ok := pageTemplates[name]
	if !ok {
		return Page{}, ErrUnknownPage
	}
	office, err := Load(app)
	if err != nil {
		return Page{}, err
	}
	t, err := base.Clone()
	if err != nil {
		return Page{}, err
	}
	t.Funcs(factFuncs(office))

	v := view{Missing: MissingFacts(office), Portal: mailer.Link(app, "")}
	if name == "datenschutz" {
		v.Notice = privacy.NoticeEntries(app)
	}
	if d := reviewedOn(office); !d.IsZero() {
		v.ReviewedOn = d.Time().In(tz.Berlin).Format("02.01.2006")
	}
	if name == "kontakt" {
		v.Missing = onlyContact(v.Missing)
	}

	page := Page{Name: name, Missing: v.Missing}
	var buf bytes.Buffer
	for _, part := range []struct {
		name string
		into *string
	}{{"title", &page.Title}, {"description", &page.Description}} {
		buf.Reset()
		if err := t.ExecuteTemplate(&buf, part.name, v); err != nil {
			return Page{}, err
		}
		*part.into = strings.TrimSpace(buf.String())
	}
	buf.Reset()
	if err := t.ExecuteTemplate(&buf, "main", v); err != nil {
		return Page{}, err
	}
	page.HTML = template.HTML(strings.TrimSpace(buf.String()))
	return page, nil
}

// contactFacts are the facts of the contact block.
var contactFacts = []string{"body_name", "office_name", "address", "phone", "email", "opening_hours"}

func onlyContact(missing []Fact) []Fact {
	out := []Fact{}
	for _, f := range missing {
		for _, c := range contactFacts {
			if f.Field == c {
				out = append(out, f)
			}
		}
	}
	return out
}

// ContactBlock is the office's contact block for the footer of every page.
func ContactBlock(app core.App) (template.HTML, error) {
	p, err := Render(app, "kontakt")
	return p.HTML, err
}

func servePage(e *core.RequestEvent) error {
	page, err := Render(e.App, e.Request.PathValue("page"))
	if errors.Is(err, ErrUnknownPage) {
		return e.NotFoundError("Diese Seite gibt es nicht.", nil)
	}
	if err != nil {
		return e.InternalServerError("Die Seite konnte nicht erstellt werden.", err)
	}
	e.Response.Header().Set("Cache-Control", "no-cache")
	return e.JSON(http.StatusOK, page)
}

// factFuncs are the template functions that read the office record.
func factFuncs(office *core.Record) template.FuncMap {
	value := func(field string) string {
		if office == nil {
			return ""
		}
		return strings.TrimSpace(office.GetString(field))
	}
	label := func(field string) string {
		for _, f := range RequiredFacts {
			if f.Field == field {
				return f.Label
			}
		}
		return field
	}
	return template.FuncMap{
		"value": value,
		"has":   func(field string) bool { return value(field) != "" },
		// fact is a fact with its line breaks, or a plainly marked gap
		"fact": func(field string) template.HTML {
			if v := value(field); v != "" {
				return lines(v)
			}
			return template.HTML(`<span class="missing-fact">[noch nicht eingetragen: ` + template.HTMLEscapeString(label(field)) + `]</span>`)
		},
		"tel":    func(field string) string { return telLink.ReplaceAllString(value(field), "") },
		"blocks": func(field string) template.HTML { return Blocks(value(field)) },
	}
}

var telLink = regexp.MustCompile(`[^\d+]`)

// lines escapes text and keeps its line breaks.
func lines(text string) template.HTML {
	parts := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i, p := range parts {
		parts[i] = template.HTMLEscapeString(strings.TrimSpace(p))
	}
	return template.HTML(strings.Join(parts, "<br>\n"))
}

// Blocks sets the office's free text as HTML: a line starting with "## "
// is a heading (h3), lines starting with "- " are a list, blank lines part
// paragraphs. Everything else is escaped: the text can hold no markup.
func Blocks(text string) template.HTML {
	var out strings.Builder
	var para, items []string
	flush := func() {
		if len(para) > 0 {
			out.WriteString("<p>" + strings.Join(para, "<br>\n") + "</p>\n")
			para = nil
		}
		if len(items) > 0 {
			out.WriteString("<ul>")
			for _, it := range items {
				out.WriteString("<li>" + it + "</li>")
			}
			out.WriteString("</ul>\n")
			items = nil
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			flush()
		case strings.HasPrefix(line, "## "):
			flush()
			out.WriteString("<h3>" + template.HTMLEscapeString(strings.TrimSpace(line[3:])) + "</h3>\n")
		case strings.HasPrefix(line, "- "):
			if len(para) > 0 {
				flush() // a paragraph ends where a list begins
			}
			items = append(items, template.HTMLEscapeString(strings.TrimSpace(line[2:])))
		default:
			if len(items) > 0 {
				flush()
			}
			para = append(para, template.HTMLEscapeString(line))
		}
	}
	flush()
	return template.HTML(strings.TrimSpace(out.String()))
}
