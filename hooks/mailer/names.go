package mailer

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/dispatch"
	"ben/hooks/guard"
)

// Name lengths: a person's name is greeted in a mail ("Guten Tag …"), the
// name of a business or a nominated group is quoted in one.
const (
	MaxPersonName = 100
	MaxGroupName  = 200
)

// quotedNames are the names people type in forms that BEN's mails quote,
// by collection and field, with their maximum length. The town's mails
// must not carry what someone else typed as a message of the town
// ("Guten Tag Kunde, Ihr Konto wird gesperrt: …"), so these fields take a
// name and nothing else.
var quotedNames = map[string]map[string]int{
	"event_registrations":  {"name": MaxPersonName},
	"ideas":                {"name": MaxPersonName},
	"partner_applications": {"contact_name": MaxPersonName, "business_name": MaxGroupName},
	"interests":            {"name": MaxPersonName},
	"enquiries":            {"name": MaxPersonName},
	"nominations":          {"nominator_name": MaxPersonName, "nominee_name": MaxGroupName},
	"engagements":          {"contact_name": MaxPersonName}, // mailed to the contact person's address
}

// PlainName reports why value may not stand as a name in a mail: it holds
// an internet address ("://", "www."), a line break or another control
// character, or it is longer than max characters.
func PlainName(field, value string, max int) []guard.Violation {
	lower := strings.ToLower(value)
	if strings.Contains(lower, "://") || strings.Contains(lower, "www.") || strings.IndexFunc(value, notInAName) >= 0 {
		return []guard.Violation{{Field: field, Code: "validation_name_not_plain",
			Message: "Bitte geben Sie hier nur einen Namen an, ohne Internetadresse und ohne Zeilenumbruch."}}
	}
	if utf8.RuneCountInString(value) > max {
		return []guard.Violation{{Field: field, Code: "validation_name_too_long",
			Message: fmt.Sprintf("Ein Name hat hier höchstens %d Zeichen.", max)}}
	}
	return nil
}

// notInAName: control characters (line breaks, tabs) and the Unicode line
// and paragraph separators.
func notInAName(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029'
}

// bindQuotedNames checks the quoted names on every write that sets or
// changes one (API, dashboard, Go code); names stored before stay readable.
func bindQuotedNames(app core.App) {
	for collection, fields := range quotedNames {
		dispatch.OnRecordValidate(app, collection).BindFunc(func(e *core.RecordEvent) error {
			return guard.Validate(e, func() ([]guard.Violation, error) {
				var vs []guard.Violation
				for field, max := range fields {
					value := e.Record.GetString(field)
					if !e.Record.IsNew() && value == e.Record.Original().GetString(field) {
						continue
					}
					vs = append(vs, PlainName(field, value, max)...)
				}
				return vs, nil
			})
		})
	}
}
