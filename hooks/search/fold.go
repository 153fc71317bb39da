package search

import (
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MinTermRunes is the shortest word that can be searched, and the shortest
// ending of a word that is indexed.
const MinTermRunes = 3

// maxWordRunes bounds the endings indexed of one (unusually long) word.
const maxWordRunes = 40

// MaxTerms bounds the words of one query.
const MaxTerms = 8

// germanFolds are the spellings that mean the same letter in German.
var germanFolds = map[rune]string{
	'ß': "ss", 'ẞ': "ss",
	'ä': "ae", 'ö': "oe", 'ü': "ue",
	'Ä': "ae", 'Ö': "oe", 'Ü': "ue",
}

// Fold writes text the way it is indexed and searched: lower case, "ß" as
// "ss", umlauts as "ae", "oe", "ue", other accents dropped ("é" → "e"),
// anything but letters and digits as one space. "Fußball" and "FUSSBALL"
// both fold to "fussball", "Müller" and "Mueller" to "mueller".
func Fold(text string) string {
	folded, _ := foldMapped(text)
	return folded
}

// foldMapped folds text and tells for every byte of the result the offset
// in text of the character it came from.
func foldMapped(text string) (string, []int) {
	var b strings.Builder
	b.Grow(len(text))
	from := make([]int, 0, len(text))
	space := true // no space at the start
	write := func(s string, at int) {
		b.WriteString(s)
		for range len(s) {
			from = append(from, at)
		}
	}
	for at, r := range text {
		if s, ok := germanFolds[r]; ok {
			write(s, at)
			space = false
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if !space {
				write(" ", at)
				space = true
			}
			continue
		}
		space = false
		if r < utf8.RuneSelf {
			write(string(unicode.ToLower(r)), at)
			continue
		}
		write(baseLetters(unicode.ToLower(r)), at)
	}
	folded := b.String()
	if strings.HasSuffix(folded, " ") {
		folded, from = folded[:len(folded)-1], from[:len(from)-1]
	}
	return folded, from
}

// baseLetters drops the accents of r ("é" → "e"); letters without a
// decomposition stay as they are.
func baseLetters(r rune) string {
	decomposed := norm.NFD.String(string(r))
	var b strings.Builder
	for _, c := range decomposed {
		if !unicode.Is(unicode.Mn, c) {
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 {
		return string(r)
	}
	return b.String()
}

// Terms are the searchable words of a query, folded, each once, in order;
// words shorter than MinTermRunes are left out.
func Terms(query string) []string {
	var terms []string
	for _, w := range strings.Fields(Fold(query)) {
		if utf8.RuneCountInString(w) < MinTermRunes || slices.Contains(terms, w) {
			continue
		}
		terms = append(terms, w)
		if len(terms) == MaxTerms {
			break
		}
	}
	return terms
}

// Words is what the index holds of text: each folded word with all its
// endings of MinTermRunes letters or more, so that a prefix query for
// "feuerwehr" meets the ending "feuerwehr" of "jugendfeuerwehr".
func Words(text string) string {
	var b strings.Builder
	for _, w := range strings.Fields(Fold(text)) {
		runes := []rune(w)
		if len(runes) > maxWordRunes {
			runes = runes[:maxWordRunes]
		}
		for i := 0; len(runes)-i >= MinTermRunes; i++ {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(string(runes[i:]))
		}
	}
	return b.String()
}

// MatchExpression is the FTS5 query for terms: every term must begin one
// of the indexed endings, that is occur anywhere inside a word. Terms hold
// only letters and digits and are quoted, so nothing in them is FTS5
// syntax.
func MatchExpression(terms []string) string {
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = `"` + t + `"*`
	}
	return strings.Join(quoted, " AND ")
}

// span is a byte range of the original text.
type span struct{ start, end int }

// matches are the ranges of text where a term occurs, folded as Fold
// folds, sorted and merged.
func matches(text string, terms []string) []span {
	folded, from := foldMapped(text)
	var spans []span
	for _, t := range terms {
		for offset := 0; ; {
			i := strings.Index(folded[offset:], t)
			if i < 0 {
				break
			}
			fs, fe := offset+i, offset+i+len(t)
			// the match ends with the character its last byte came from,
			// taken whole ("ß" when only the first "s" of "ss" matched)
			last := from[fe-1]
			_, size := utf8.DecodeRuneInString(text[last:])
			end := last + size
			spans = append(spans, span{from[fs], end})
			offset = fe
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	merged := spans[:0]
	for _, s := range spans {
		if n := len(merged); n > 0 && s.start <= merged[n-1].end {
			merged[n-1].end = max(merged[n-1].end, s.end)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// Highlight returns about width characters of text around the first place
// a term occurs (or its start), HTML-escaped, with every occurrence in
// <mark>…</mark>, and "…" where text was cut.
func Highlight(text string, terms []string, width int) string {
	spans := matches(text, terms)
	from, to := 0, len(text)
	if utf8.RuneCountInString(text) > width {
		if len(spans) > 0 {
			from = moveBack(text, spans[0].start, width/3)
		}
		to = moveForward(text, from, width)
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	at := from
	for _, s := range spans {
		if s.end <= from || s.start >= to {
			continue
		}
		start, end := max(s.start, from), min(s.end, to)
		b.WriteString(html.EscapeString(text[at:start]))
		b.WriteString("<mark>" + html.EscapeString(text[start:end]) + "</mark>")
		at = end
	}
	b.WriteString(html.EscapeString(text[at:to]))
	if to < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// moveBack goes back from i by up to n characters, then to the start of
// that word.
func moveBack(text string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(text[:i])
		i -= size
	}
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		if unicode.IsSpace(r) {
			break
		}
		i -= size
	}
	return i
}

// moveForward goes from i forward by up to n characters, then back to the
// end of a word if that does not lose much.
func moveForward(text string, i, n int) int {
	start := i
	for ; n > 0 && i < len(text); n-- {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	if i >= len(text) {
		return len(text)
	}
	if cut := strings.LastIndexFunc(text[start:i], unicode.IsSpace); cut > (i-start)/2 {
		return start + cut
	}
	return i
}
