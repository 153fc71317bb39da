// Package textkey is how BEN decides that two texts people typed mean the
// same name, party or e-mail address. Rules that compare what people type
// (no party twice on the politics seats, nobody confirms their own hours)
// compare keys, so that characters that look alike or are invisible do
// not make a different name.
package textkey

import (
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// germanFolds are the spellings that mean the same letter in German.
var germanFolds = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss")

// Key is the comparison key of a name or party: Unicode compatibility
// forms unified (NFKC: fullwidth "ＰＡＲＴＥＩ" is "PARTEI"), case folded,
// umlauts written out ("Müller" as "mueller"), other accents dropped
// ("Pétra" as "petra"), and only letters and digits kept. Spaces,
// punctuation and invisible format characters (a zero-width space) are
// left out entirely, so a space hidden, doubled or removed does not make
// a different party: "Partei B", "Partei\u200bB" and "ParteiB" share one
// key. Key of a text without letters or digits is "".
func Key(s string) string {
	s = norm.NFKC.String(s)
	// a new Caser per call: a Caser may keep state and must not be shared
	// between goroutines
	s = germanFolds.Replace(cases.Fold().String(s))
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
		// combining accents (Mn), format characters (Cf), spaces and
		// punctuation are left out
	}
	return norm.NFC.String(b.String())
}

// Same reports whether a and b mean the same name: equal keys, neither
// empty.
func Same(a, b string) bool {
	ka := Key(a)
	return ka != "" && ka == Key(b)
}

// Address is the comparison key of an e-mail address: without spaces and
// invisible characters, case folded, and without a "+tag" in the local
// part ("Racer5+x@Example.org" is racer5@example.org's mailbox). Key of
// something that is not an address is the text folded.
func Address(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKC.String(s) {
		if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		b.WriteRune(r)
	}
	a := cases.Fold().String(b.String())
	at := strings.LastIndexByte(a, '@')
	if at < 0 {
		return a
	}
	local, domain := a[:at], a[at+1:]
	if plus := strings.IndexByte(local, '+'); plus >= 0 {
		local = local[:plus]
	}
	return local + "@" + domain
}

// SameAddress reports whether a and b are the same mailbox (Address),
// neither empty.
func SameAddress(a, b string) bool {
	ka := Address(a)
	return ka != "" && ka != "@" && ka == Address(b)
}
