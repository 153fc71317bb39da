package feeds

import (
	"strings"
	"time"
	"unicode/utf8"

	"ben/hooks/recurrence"
)

// MaxLineOctets is the longest content line RFC 5545 (§3.1) allows, without
// the line break.
const MaxLineOctets = 75

// crlf ends every content line (RFC 5545 §3.1).
const crlf = "\r\n"

// Calendar writes an iCalendar stream line by line: every line is folded
// and ended with CRLF; text values are escaped by Text.
type Calendar struct {
	b strings.Builder
}

// Line writes one content line "name:value" (name may carry parameters,
// e.g. "DTSTART;TZID=Europe/Berlin"). The value is written as given.
func (c *Calendar) Line(name, value string) {
	c.b.WriteString(Fold(name + ":" + value))
}

// Text writes a property whose value is TEXT, escaped; an empty value
// writes nothing, so optional properties stay out of the stream.
func (c *Calendar) Text(name, value string) {
	if value == "" {
		return
	}
	c.Line(name, EscapeText(value))
}

// Time writes a DATE-TIME in the town's time zone, with its TZID.
func (c *Calendar) Time(name string, t time.Time, loc *time.Location) {
	c.Line(name+";TZID="+loc.String(), t.In(loc).Format("20060102T150405"))
}

// Instant writes a DATE-TIME in the town's time zone, except in the hour
// that the clocks show twice when summer time ends: there the local time
// does not say which of the two instants is meant, and readers differ, so
// the instant is written in UTC.
func (c *Calendar) Instant(name string, t time.Time, loc *time.Location) {
	if recurrence.Ambiguous(t, loc) {
		c.UTC(name, t)
		return
	}
	c.Time(name, t, loc)
}

// Date writes the calendar day of t in loc as a DATE value.
func (c *Calendar) Date(name string, t time.Time, loc *time.Location) {
	c.Line(name+";VALUE=DATE", t.In(loc).Format("20060102"))
}

// UTC writes a DATE-TIME in UTC, as DTSTAMP, CREATED and LAST-MODIFIED require.
func (c *Calendar) UTC(name string, t time.Time) {
	c.Line(name, t.UTC().Format("20060102T150405Z"))
}

// Raw appends lines that are already valid content lines (a VTIMEZONE).
func (c *Calendar) Raw(lines ...string) {
	for _, l := range lines {
		c.b.WriteString(Fold(l))
	}
}

// String returns the stream written so far.
func (c *Calendar) String() string {
	return c.b.String()
}

// EscapeText escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon
// and comma get a backslash, a line break becomes "\n". Other control
// characters are not allowed in TEXT and are dropped, invalid UTF-8 becomes
// U+FFFD.
func EscapeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			// CONTROL characters are not TSAFE-CHARs
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Fold breaks a content line into lines of at most MaxLineOctets octets
// (RFC 5545 §3.1), each continuation starting with one space, and ends it
// with CRLF. It never splits a UTF-8 sequence.
func Fold(line string) string {
	var b strings.Builder
	b.Grow(len(line) + len(line)/MaxLineOctets*3 + 2)
	limit := MaxLineOctets
	for len(line) > limit {
		cut := 0
		for cut < len(line) {
			_, size := utf8.DecodeRuneInString(line[cut:])
			if cut+size > limit {
				break
			}
			cut += size
		}
		b.WriteString(line[:cut])
		b.WriteString(crlf + " ")
		line = line[cut:]
		limit = MaxLineOctets - 1 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString(crlf)
	return b.String()
}

// berlinTimezone describes Europe/Berlin for calendar apps (RFC 5545
// §3.6.5): CET in winter, CEST from the last Sunday in March to the last
// Sunday in October.
var berlinTimezone = []string{
	"BEGIN:VTIMEZONE",
	"TZID:Europe/Berlin",
	"X-LIC-LOCATION:Europe/Berlin",
	"BEGIN:DAYLIGHT",
	"TZOFFSETFROM:+0100",
	"TZOFFSETTO:+0200",
	"TZNAME:CEST",
	"DTSTART:19700329T020000",
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
	"END:DAYLIGHT",
	"BEGIN:STANDARD",
	"TZOFFSETFROM:+0200",
	"TZOFFSETTO:+0100",
	"TZNAME:CET",
	"DTSTART:19701025T030000",
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
	"END:STANDARD",
	"END:VTIMEZONE",
}
