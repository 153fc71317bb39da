package card

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
	"unicode/utf8"

	"ben/hooks/guard"
	"ben/hooks/textkey"
	"ben/hooks/tz"
)

// MinReasonLetters is the fewest letters or digits a correction's reason
// has: "x" or "..." explains nothing.
const MinReasonLetters = 5

// numberPattern is the form of a card number, BIT-<year>-<nnnnn>.
var numberPattern = regexp.MustCompile(`^BIT-(\d{4})-(\d{5})$`)

// IssuedCard is what the correction rule looks at of a card.
type IssuedCard struct {
	Kind     string
	IssuedAt time.Time
}

// CorrectionRule decides whether the office may correct field of card to
// value with reason. A correction fixes a mistake; it does not extend or
// move a card: a number keeps the form BIT-<year>-<nnnnn> and the year of
// issue in Bitburg (NumberYear); a last valid day of a standard card lies
// after the day of issue and at most at the end of its two years
// (ValidUntil); the reason says something. Refusals name the request's
// fields ("value", "reason").
func CorrectionRule(card IssuedCard, field, value, reason string) []guard.Violation {
	var vs []guard.Violation
	if utf8.RuneCountInString(textkey.Key(reason)) < MinReasonLetters {
		vs = append(vs, guard.Violation{Field: "reason", Code: "validation_card_correction_reason",
			Message: "Bitte begründen Sie die Berichtigung in einigen Worten (z. B. „Tippfehler bei der Nummer“)."})
	}
	switch field {
	case "number":
		m := numberPattern.FindStringSubmatch(value)
		seq := 0
		if m != nil {
			seq, _ = strconv.Atoi(m[2])
		}
		if m == nil || seq < 1 || seq > MaxSeq {
			vs = append(vs, guard.Violation{Field: "value", Code: "validation_card_number",
				Message: "Kartennummern haben die Form BIT-2026-00042 (Jahr der Ausstellung, fünfstellige laufende Nummer ab 00001)."})
			break
		}
		if year, _ := strconv.Atoi(m[1]); year != NumberYear(card.IssuedAt) {
			vs = append(vs, guard.Violation{Field: "value", Code: "validation_card_number_year", Message: fmt.Sprintf(
				"Die Karte wurde %d ausgestellt; ihre Nummer beginnt daher mit BIT-%d-. Das Jahr der Ausstellung wird nicht berichtigt.",
				NumberYear(card.IssuedAt), NumberYear(card.IssuedAt))})
		}
	case "valid_until":
		if card.Kind == KindJubilee {
			vs = append(vs, guard.Violation{Field: "value", Code: "validation_card_lifetime", Message: "Die Jubiläums-Ehrenamtskarte gilt unbefristet."})
			break
		}
		d, err := time.Parse("2006-01-02", value)
		if err != nil {
			vs = append(vs, guard.Violation{Field: "value", Code: "validation_date", Message: "Bitte geben Sie das Datum als JJJJ-MM-TT an."})
			break
		}
		issued := tz.Day(card.IssuedAt)
		last, _ := ValidUntil(card.Kind, card.IssuedAt)
		if !d.After(issued) || d.After(last) {
			vs = append(vs, guard.Violation{Field: "value", Code: "validation_card_valid_until_range", Message: fmt.Sprintf(
				"Der letzte Gültigkeitstag liegt nach dem Tag der Ausstellung (%s) und spätestens am %s, dem Ende der zwei Jahre. Eine Berichtigung verlängert die Karte nicht; dafür gibt es die Verlängerung.",
				tz.Date(issued), tz.Date(last))})
		}
	case "kind":
		if value != KindStandard && value != KindJubilee {
			vs = append(vs, guard.Violation{Field: "value", Code: "validation_card_kind", Message: "Die Art ist standard oder jubilaeum."})
		}
	default:
		vs = append(vs, guard.Violation{Field: "field", Code: "validation_card_field", Message: "Berichtigt werden können valid_until, number und kind."})
	}
	return vs
}
