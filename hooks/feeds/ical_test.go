package feeds

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/tz"
)

func TestEscapeText(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, in, want string }{
		{"plain text stays", "Sprachcafé im Pfarrheim", "Sprachcafé im Pfarrheim"},
		{"comma and semicolon are escaped", "Kaffee, Kuchen; Gespräche", `Kaffee\, Kuchen\; Gespräche`},
		{"backslash is escaped first", `C:\Verein`, `C:\\Verein`},
		{"line breaks become \\n", "Zeile 1\r\nZeile 2\nZeile 3", `Zeile 1\nZeile 2\nZeile 3`},
		{"a lone carriage return is a line break too", "a\rb", `a\nb`},
		{"control characters are dropped, tabs kept", "a\x00b\x1bc\td\x7f", "abc\td"},
		{"invalid UTF-8 is replaced", "Gr\xfc\xdfe", "Gr\uFFFDe"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := EscapeText(c.in); got != c.want {
				t.Fatalf("EscapeText(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	t.Parallel()
	t.Run("a short line is only terminated", func(t *testing.T) {
		t.Parallel()
		if got := Fold("SUMMARY:Training"); got != "SUMMARY:Training\r\n" {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("a line of exactly 75 octets is not folded", func(t *testing.T) {
		t.Parallel()
		line := "SUMMARY:" + strings.Repeat("x", 75-8)
		if got := Fold(line); got != line+"\r\n" {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("76 octets fold after 75, continuation starts with a space", func(t *testing.T) {
		t.Parallel()
		line := "SUMMARY:" + strings.Repeat("x", 76-8)
		want := line[:75] + "\r\n x\r\n"
		if got := Fold(line); got != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	})
	t.Run("continuation lines hold 74 octets after the space", func(t *testing.T) {
		t.Parallel()
		line := strings.Repeat("y", 75+74+1)
		got := strings.Split(strings.TrimSuffix(Fold(line), "\r\n"), "\r\n")
		if len(got) != 3 || len(got[0]) != 75 || len(got[1]) != 75 || got[2] != " y" {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("a multi-byte character is never split", func(t *testing.T) {
		t.Parallel()
		// 74 ASCII octets, then "ü" (2 octets) would end at octet 76
		line := strings.Repeat("a", 74) + "üb"
		got := Fold(line)
		want := strings.Repeat("a", 74) + "\r\n üb\r\n"
		if got != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	})
}

func TestCalendarTime(t *testing.T) {
	t.Parallel()
	var c Calendar
	summer := time.Date(2026, 7, 1, 14, 0, 0, 0, time.UTC)
	winter := time.Date(2026, 12, 1, 14, 0, 0, 0, time.UTC)
	c.Time("DTSTART", summer, tz.Berlin)
	c.Time("DTEND", winter, tz.Berlin)
	c.UTC("DTSTAMP", summer)
	want := "DTSTART;TZID=Europe/Berlin:20260701T160000\r\n" +
		"DTEND;TZID=Europe/Berlin:20261201T150000\r\n" +
		"DTSTAMP:20260701T140000Z\r\n"
	if got := c.String(); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestPlainText(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, in, want string }{
		{"paragraphs become lines", "<p>Erster Absatz.</p><p>Zweiter &amp; letzter.</p>", "Erster Absatz.\n\nZweiter & letzter."},
		{"line breaks stay", "Zeile<br>Zeile", "Zeile\nZeile"},
		{"scripts and styles are left out", "<p>Hallo<script>alert(1)</script><style>p{}</style></p>", "Hallo"},
		{"attributes never show", `<img src=x onerror="alert(1)">Bild`, "Bild"},
		{"whitespace is collapsed, source line breaks are spaces", "  <b>viel</b>\n\n\n   Platz  ", "viel Platz"},
		{"words around inline tags keep their spaces", "<p>Ein <em>kurzer</em> Text</p>", "Ein kurzer Text"},
		{"empty stays empty", "", ""},
		{"a link keeps its target", `<p>Anmeldung <a href="https://verein.example/anmelden">hier</a>.</p>`, "Anmeldung hier (https://verein.example/anmelden)."},
		{"a link whose text is its target is written once", `<a href="https://verein.example">https://verein.example</a>`, "https://verein.example"},
		{"mail links keep their target", `<a href="mailto:info@verein.example">Schreiben Sie uns</a>`, "Schreiben Sie uns (mailto:info@verein.example)"},
		{"script links are dropped", `<a href="javascript:alert(1)">klick</a>`, "klick"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := PlainText(c.in); got != c.want {
				t.Fatalf("PlainText(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestACalendarTheClientHoldsIsAnswered304(t *testing.T) {
	t.Parallel()
	etag := `"abc"`
	for header, unchanged := range map[string]bool{
		`"abc"`:          true,
		`W/"abc"`:        true,
		`"x", "abc"`:     true,
		`*`:              true,
		`"abd"`:          false,
		``:               false,
		`abc`:            false,
		`"x",W/"abc" ,y`: true,
	} {
		req := httptest.NewRequest(http.MethodGet, "/api/ben/events.ics", nil)
		if header != "" {
			req.Header.Set("If-None-Match", header)
		}
		rec := httptest.NewRecorder()
		e := &core.RequestEvent{}
		e.Request, e.Response = req, rec
		if err := writeCalendar(e, feedInfo{filename: "termine.ics"}, "BEGIN:VCALENDAR", etag); err != nil {
			t.Fatal(err)
		}
		want, body := http.StatusOK, "BEGIN:VCALENDAR"
		if unchanged {
			want, body = http.StatusNotModified, ""
		}
		if rec.Code != want || rec.Body.String() != body || rec.Header().Get("ETag") != etag {
			t.Errorf("If-None-Match %q: %d %q (ETag %q), want %d %q", header, rec.Code, rec.Body, rec.Header().Get("ETag"), want, body)
		}
	}
}

// unescapeText reverses EscapeText.
func unescapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			if s[i] == 'n' || s[i] == 'N' {
				b.WriteByte('\n')
			} else {
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// normalizeText is what survives EscapeText: valid UTF-8, LF line breaks,
// no control characters but tab and line feed.
func normalizeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

func FuzzTextProperty(f *testing.F) {
	f.Add("Sprachcafé, Kaffee; Kuchen\\ und\r\nmehr")
	f.Add(strings.Repeat("ü", 80))
	f.Add(strings.Repeat("a", 73) + "€€€")
	f.Add("\xff\xfe\x00\x01,;\\")
	f.Add(strings.Repeat("😀", 40))
	f.Fuzz(func(t *testing.T, value string) {
		var c Calendar
		c.Text("DESCRIPTION", value)
		out := c.String()
		if value == "" {
			if out != "" {
				t.Fatalf("an empty value must write nothing, got %q", out)
			}
			return
		}

		if !strings.HasSuffix(out, "\r\n") {
			t.Fatalf("output does not end with CRLF: %q", out)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
		for i, l := range lines {
			if len(l) > MaxLineOctets {
				t.Fatalf("line %d has %d octets: %q", i, len(l), l)
			}
			if strings.ContainsAny(l, "\r\n") {
				t.Fatalf("line %d holds a bare line break: %q", i, l)
			}
			if !utf8.ValidString(l) {
				t.Fatalf("line %d splits a UTF-8 sequence: %q", i, l)
			}
			if i > 0 && !strings.HasPrefix(l, " ") {
				t.Fatalf("continuation line %d does not start with a space: %q", i, l)
			}
		}

		unfolded := strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", "")
		name, escaped, ok := strings.Cut(unfolded, ":")
		if !ok || name != "DESCRIPTION" {
			t.Fatalf("unfolded line %q lost its name", unfolded)
		}
		if escaped != EscapeText(value) {
			t.Fatalf("unfolding gives %q, want %q", escaped, EscapeText(value))
		}
		if got, want := unescapeText(escaped), normalizeText(value); got != want {
			t.Fatalf("unescaping gives %q, want %q", got, want)
		}
	})
}
