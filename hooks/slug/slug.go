// Package slug turns German names into the lowercase ASCII, dash-separated
// keys that organisations and articles use in portal addresses.
package slug

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Pattern is the form every stored slug has: lowercase ASCII letters and
// digits in groups joined by single dashes.
var Pattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// MaxLen is the longest slug a name is shortened to.
const MaxLen = 80

var german = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "Ä", "ae", "Ö", "oe", "Ü", "ue", "ẞ", "ss")

// Make derives a slug from a display name: umlauts become ae/oe/ue, other
// accents are dropped, everything else that is not a letter or digit becomes
// a single dash. It returns "" when nothing usable remains.
func Make(name string) string {
	s := german.Replace(name)
	s = norm.NFKD.String(s)

	var b strings.Builder
	dash := false
	for _, r := range s {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case unicode.Is(unicode.Mn, r):
			// combining accent left over from NFKD: drop it
		default:
			dash = true
		}
	}

	out := b.String()
	if len(out) > MaxLen {
		out = strings.TrimRight(out[:MaxLen], "-")
	}
	return out
}

// Valid reports whether s already has the stored slug form.
func Valid(s string) bool {
	return len(s) <= 100 && Pattern.MatchString(s)
}
