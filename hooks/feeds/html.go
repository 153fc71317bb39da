package feeds

import (
	"strings"

	"golang.org/x/net/html"
)

// blockTags end a line of text when they open or close.
var blockTags = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "ul": true, "ol": true, "tr": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"blockquote": true, "pre": true, "table": true, "hr": true,
}

// PlainText turns the HTML of a rich-text field into plain text for
// calendar apps: tags are dropped, entities decoded, paragraphs and line
// breaks kept as line breaks, script and style contents left out.
func PlainText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	var href string // target of the open link
	linkText := 0   // where the open link's text starts in b
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken: // io.EOF, or input the tokenizer gives up on
			return tidy(b.String())
		case html.TextToken:
			if skip == 0 {
				// in HTML a line break in the text is just a space; tidy
				// collapses the spaces
				b.WriteString(strings.Map(func(r rune) rune {
					if r == '\n' || r == '\r' || r == '\t' {
						return ' '
					}
					return r
				}, string(z.Text())))
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			if tag == "a" && skip == 0 {
				if tt == html.StartTagToken {
					href, linkText = "", b.Len()
					for hasAttr {
						var key, val []byte
						key, val, hasAttr = z.TagAttr()
						if string(key) == "href" {
							href = linkTarget(string(val))
						}
					}
				} else if tt == html.EndTagToken && href != "" {
					// a calendar shows no links: the target follows the text, "hier (https://…)"
					if text := strings.TrimSpace(b.String()[linkText:]); text != href {
						b.WriteString(" (" + href + ")")
					}
					href = ""
				}
				continue
			}
			if tag == "script" || tag == "style" {
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				continue
			}
			if blockTags[tag] {
				b.WriteString("\n")
			}
		}
	}
}

// linkTarget is href if it is an address people can follow (web or mail),
// else "".
func linkTarget(href string) string {
	href = strings.TrimSpace(href)
	lower := strings.ToLower(href)
	if strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "mailto:") {
		return href
	}
	return ""
}

// tidy collapses runs of spaces within lines and of empty lines.
func tidy(s string) string {
	lines := strings.Split(s, "\n")
	out := []string{}
	for _, l := range lines {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" && (len(out) == 0 || out[len(out)-1] == "") {
			continue
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
