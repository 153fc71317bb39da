package search

import (
	"html"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"Fußball", "fussball"},
		{"FUSSBALL", "fussball"},
		{"Müller-Lüdenscheidt", "mueller luedenscheidt"},
		{"Mueller", "mueller"},
		{"ÄÖÜ äöü ẞ", "aeoeue aeoeue ss"},
		{"Café Crème, Señora", "cafe creme senora"},
		{"  Jugendfeuerwehr!!  Bitburg  ", "jugendfeuerwehr bitburg"},
		{"Öffnungszeiten: 18–20 Uhr", "oeffnungszeiten 18 20 uhr"},
		{"", ""},
		{"…—–", ""},
	}
	for _, c := range cases {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTermsAndMatchExpression(t *testing.T) {
	t.Parallel()
	terms := Terms(`Fußball "OR" in Bitburg* fussball NEAR(x) ab`)
	if got := strings.Join(terms, "|"); got != "fussball|bitburg|near" {
		t.Fatalf("Terms = %q: words under three letters, duplicates and syntax must go", got)
	}
	if got := MatchExpression(terms); got != `"fussball"* AND "bitburg"* AND "near"*` {
		t.Fatalf("MatchExpression = %q", got)
	}
	if got := Terms("a b cd"); len(got) != 0 {
		t.Fatalf("short words only: %q", got)
	}
	if got := Terms(strings.Repeat("wort", 1) + " eins zwei drei vier fünf sechs sieben acht neun zehn"); len(got) != MaxTerms {
		t.Fatalf("at most %d terms, got %d", MaxTerms, len(got))
	}
}

func TestWords(t *testing.T) {
	t.Parallel()
	if got := Words("Jugendfeuerwehr, Fußball!"); got != "jugendfeuerwehr ugendfeuerwehr gendfeuerwehr endfeuerwehr ndfeuerwehr dfeuerwehr feuerwehr euerwehr uerwehr erwehr rwehr wehr ehr fussball ussball ssball sball ball all" {
		t.Fatalf("Words = %q", got)
	}
	if got := Words("ab c"); got != "" {
		t.Fatalf("words under three letters are not indexed, got %q", got)
	}
	long := Words(strings.Repeat("x", 100))
	if n := len(strings.Fields(long)); n != maxWordRunes-MinTermRunes+1 {
		t.Fatalf("a long word gives %d endings", n)
	}
}

func TestHighlight(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, text string
		terms      []string
		width      int
		want       string
	}{
		{"both spellings are marked in the original spelling", "Fußball und Fussball", []string{"fussball"}, 100,
			"<mark>Fußball</mark> und <mark>Fussball</mark>"},
		{"a part of a compound word", "Die Jugendfeuerwehr übt.", []string{"feuerwehr"}, 100,
			"Die Jugend<mark>feuerwehr</mark> übt."},
		{"umlauts written out find umlauts", "Treffen bei Müllers", []string{"mueller"}, 100,
			"Treffen bei <mark>Müller</mark>s"},
		{"a match that ends inside ß takes the whole letter", "Straße", []string{"stras"}, 100,
			"<mark>Straß</mark>e"},
		{"HTML in the text is escaped", "<b>Chor</b> & mehr", []string{"chor"}, 100,
			"&lt;b&gt;<mark>Chor</mark>&lt;/b&gt; &amp; mehr"},
		{"overlapping terms are one mark", "Feuerwehrfest", []string{"feuerwehr", "wehrfest"}, 100,
			"<mark>Feuerwehrfest</mark>"},
		{"a long text is cut around the first match", strings.Repeat("vorher ", 30) + "Schwimmkurs" + strings.Repeat(" nachher", 30),
			[]string{"schwimm"}, 60, "…vorher vorher vorher <mark>Schwimm</mark>kurs nachher nachher nachher…"},
		{"without a match the text starts at its beginning", "Ein Verein für alle Generationen", []string{"xyz"}, 12, "Ein Verein…"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := Highlight(c.text, c.terms, c.width); got != c.want {
				t.Fatalf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

// FuzzHighlight: whatever the text and terms, the snippet is valid UTF-8,
// contains no markup but <mark>, and without the marks and ellipses is a
// piece of the text.
func FuzzHighlight(f *testing.F) {
	f.Add("Fußball im Jugendfeuerwehr-Heim <script>", "fussball feuerwehr", uint8(40))
	f.Add("ßßß ÄÖÜ", "ssss oeue", uint8(3))
	f.Add("\xff\xfeabc", "abc", uint8(10))
	f.Fuzz(func(t *testing.T, text, query string, width uint8) {
		text = strings.ToValidUTF8(text, "?")
		terms := Terms(query)
		for _, term := range terms {
			if strings.ContainsAny(term, `"*:()^+-`) || strings.Contains(term, " ") {
				t.Fatalf("term %q carries FTS5 syntax", term)
			}
		}
		out := Highlight(text, terms, int(width)+1)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8: %q", out)
		}
		plain := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(out)
		if strings.ContainsAny(plain, "<>") {
			t.Fatalf("markup other than <mark>: %q", out)
		}
		plain = strings.Trim(html.UnescapeString(plain), "…")
		if !strings.Contains(text, plain) {
			t.Fatalf("%q is not a piece of %q", plain, text)
		}
	})
}
