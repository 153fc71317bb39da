// Package consolelog keeps secrets and personal data out of what BEN prints
// to the console. PocketBase's dev mode (--dev) prints every SQL statement
// with its values (password hashes, token keys, the collections' token
// secrets, birth dates, addresses) and every mail with its recipients and
// text (password-reset and confirmation links). BEN keeps the statements
// but replaces each value with ?, and announces a mail without recipients,
// subject or text.
package consolelog

import (
	"io"
	"regexp"
	"strings"

	"github.com/fatih/color"
)

// Install filters PocketBase's colored console output (the channel of its
// SQL and mail printing) for the whole process; main calls it before the
// app starts, so that even the first start's statements are filtered.
func Install() {
	color.Output = Redact(color.Output)
}

// Redact returns a writer that passes everything written to it on to w,
// with SQL values and mails removed.
func Redact(w io.Writer) io.Writer {
	return &redactor{w: w}
}

type redactor struct{ w io.Writer }

// sqlStatement is how PocketBase prints a statement: "[1.23ms] SELECT …".
var sqlStatement = regexp.MustCompile(`^\[\d+(\.\d+)?ms\] `)

// mailMarker starts PocketBase's printout of a mail.
const mailMarker = " Mail sent\n"

// MailNotice replaces a mail's printout.
const MailNotice = " Mail sent (Empfänger, Betreff und Text werden nicht ausgegeben)\n"

func (r *redactor) Write(p []byte) (int, error) {
	s := string(p)
	switch {
	case sqlStatement.MatchString(s):
		s = RedactSQL(s)
	case strings.Contains(s, mailMarker):
		s = s[:strings.Index(s, mailMarker)] + MailNotice
	}
	if _, err := io.WriteString(r.w, s); err != nil {
		return 0, err
	}
	return len(p), nil
}

// RedactSQL replaces every string literal ('…', with ” inside) and every
// blob literal (0x…) of a printed statement with ?. Numbers, identifiers
// and keywords stay, so the statement still shows what was done.
func RedactSQL(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'':
			// skip to the closing quote; '' is a quote inside the literal
			i++
			for i < len(s) {
				if s[i] == '\'' {
					if i+1 < len(s) && s[i+1] == '\'' {
						i += 2
						continue
					}
					break
				}
				i++
			}
			b.WriteByte('?')
		case c == '0' && i+1 < len(s) && s[i+1] == 'x' && (i == 0 || !isWordByte(s[i-1])):
			j := i + 2
			for j < len(s) && isHexByte(s[j]) {
				j++
			}
			b.WriteByte('?')
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isHexByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
