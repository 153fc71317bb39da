// Package staff names the roles of the coordination office's accounts and
// says, in one place, what each role may do: as fragments of API rules for
// the migrations and as Go predicates for hooks and routes. Superusers (IT,
// the dashboard) may always do what the office may; staff accounts never
// reach what only superusers reach (settings, logs, backups, the schema,
// superusers and the card signing keys).
//
// The office works with two roles:
//   - buero: the full daily work: decisions on organisations, card
//     applications, cards, nominations, awards and enquiries, and everything
//     the office reads to make them;
//   - redaktion: content only: articles, the office's own events (those
//     without an organisation) and the discount partners.
//
// Only active accounts count: a deactivated account cannot log in (the
// collection's auth rule), and a token issued before the deactivation opens
// nothing (every fragment and predicate checks "active").
package staff

import (
	"html"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/spf13/cast"

	"ben/hooks/dispatch"
	"ben/hooks/mailer"
	"ben/hooks/privacy"
)

// Collection is the name of the staff accounts' auth collection.
const Collection = "staff"

// The roles of a staff account (values of the select field "role").
const (
	RoleBuero     = "buero"
	RoleRedaktion = "redaktion"
)

// Roles lists every role, in the order the dashboard offers them.
var Roles = []string{RoleBuero, RoleRedaktion}

// Fragments of API rules. Each is one parenthesised condition on the
// requester, to be joined with a collection's own rule by Or. Superusers
// pass every rule anyway.
const (
	// AnyRule: an active staff account of any role.
	AnyRule = `(@request.auth.collectionName = "` + Collection + `" && @request.auth.active = true)`
	// DecideRule: "the office may decide": an active account of the role buero.
	DecideRule = `(@request.auth.collectionName = "` + Collection + `" && @request.auth.active = true && @request.auth.role = "` + RoleBuero + `")`
	// ContentRule: "the office may edit content": an active account of either role.
	ContentRule = `(@request.auth.collectionName = "` + Collection + `" && @request.auth.active = true && (@request.auth.role = "` + RoleBuero + `" || @request.auth.role = "` + RoleRedaktion + `"))`
)

// Or admits fragment besides what rule already admits. A nil rule (only
// superusers) becomes fragment; an empty rule (everyone) stays empty.
func Or(rule *string, fragment string) *string {
	if rule == nil {
		return &fragment
	}
	if *rule == "" {
		return rule
	}
	joined := "(" + *rule + ") || " + fragment
	return &joined
}

// Without undoes Or (for down migrations): rule without fragment, nil when
// nothing else was left.
func Without(rule *string, fragment string) *string {
	if rule == nil || *rule == fragment {
		return nil
	}
	s := *rule
	if suffix := ") || " + fragment; len(s) > len(suffix)+1 && s[0] == '(' && s[len(s)-len(suffix):] == suffix {
		s = s[1 : len(s)-len(suffix)]
	}
	return &s
}

// Active reports whether auth is an active staff account (of any role).
func Active(auth *core.Record) bool {
	return auth != nil && auth.Collection().Name == Collection && auth.GetBool("active")
}

// RoleOf is the role of an active staff account, "" for anyone else.
func RoleOf(auth *core.Record) string {
	if !Active(auth) {
		return ""
	}
	return auth.GetString("role")
}

// MayDecide reports whether auth may do the office's full daily work
// ("the office may decide"): a superuser or an active buero account. It is
// the Go side of DecideRule.
func MayDecide(auth *core.Record) bool {
	if auth == nil {
		return false
	}
	return auth.IsSuperuser() || RoleOf(auth) == RoleBuero
}

// MayEditContent reports whether auth may edit the office's content
// ("the office may edit content"): a superuser or an active staff account
// of either role. It is the Go side of ContentRule.
func MayEditContent(auth *core.Record) bool {
	if auth == nil {
		return false
	}
	role := RoleOf(auth)
	return auth.IsSuperuser() || role == RoleBuero || role == RoleRedaktion
}

// RequireDecide is the route middleware for the office's decisions: guests
// get 401, everyone but superusers and active buero staff 403.
func RequireDecide() *hook.Handler[*core.RequestEvent] {
	return &hook.Handler[*core.RequestEvent]{
		Id: "benRequireOfficeDecide",
		Func: func(e *core.RequestEvent) error {
			if e.Auth == nil {
				return e.UnauthorizedError("Bitte melden Sie sich an.", nil)
			}
			if !MayDecide(e.Auth) {
				return e.ForbiddenError("Das darf nur die Koordinierungsstelle (Rolle „Büro“).", nil)
			}
			return e.Next()
		},
	}
}

// RequireContent is the route middleware for the office's content work:
// guests get 401, everyone but superusers and active staff of either role
// 403.
func RequireContent() *hook.Handler[*core.RequestEvent] {
	return &hook.Handler[*core.RequestEvent]{
		Id: "benRequireOfficeContent",
		Func: func(e *core.RequestEvent) error {
			if e.Auth == nil {
				return e.UnauthorizedError("Bitte melden Sie sich an.", nil)
			}
			if !MayEditContent(e.Auth) {
				return e.ForbiddenError("Das darf nur die Koordinierungsstelle.", nil)
			}
			return e.Next()
		},
	}
}

// Register binds the staff accounts' hooks to app: deactivating an account
// (or changing its role) ends all its logins at once, also live
// connections, instead of when their tokens expire; the mails PocketBase
// sends about a staff account (the login code, a new password, a login from
// a new device) take their wording from BEN's mail templates.
func Register(app core.App) {
	privacy.RegisterData(app, privacy.Data{
		Name:  Collection,
		Title: "Konten der Koordinierungsstelle",
		Notice: privacy.Notice{
			What:       "Name, dienstliche E-Mail-Adresse, Rolle, Passwort (nur als Hashwert), Anmeldegeräte und Einmal-Codes der Anmeldung.",
			Why:        "Die Mitarbeitenden der Koordinierungsstelle melden sich an; Entscheidungen werden ihnen zugeordnet.",
			Who:        "Die IT der Stadt; Mitarbeitende der Rolle „Büro“ sehen die Namen ihrer Kolleginnen und Kollegen.",
			HowLong:    "Bis die IT das Konto löscht, z. B. wenn die Person die Koordinierungsstelle verlässt.",
			LegalBasis: "Art. 6 Abs. 1 Buchst. b und c sowie Art. 88 DSGVO in Verbindung mit dem Landesdatenschutzgesetz Rheinland-Pfalz (Beschäftigtendaten).",
		},
		Collections: []string{Collection},
	})
	privacy.RegisterCollection(app, Collection, "Konten der Koordinierungsstelle gehören nicht zu den Konten von Bürgerinnen "+
		"und Bürgern: die IT legt sie an und löscht sie, wenn jemand die Stelle verlässt.")
	app.OnMailerRecordOTPSend(Collection).BindFunc(func(e *core.MailerRecordEvent) error {
		return reword(e, mailer.StaffLoginCode{Name: e.Record.GetString("name"), Code: cast.ToString(e.Meta["password"]),
			ValidMinutes: int(e.Record.Collection().OTP.Duration / 60)})
	})
	app.OnMailerRecordPasswordResetSend(Collection).BindFunc(func(e *core.MailerRecordEvent) error {
		return reword(e, mailer.StaffPasswordReset{Name: e.Record.GetString("name"),
			// the token travels in the fragment, so it never reaches a server log
			Link: mailer.Link(e.App, "/buero/passwort-neu#token="+cast.ToString(e.Meta["token"]))})
	})
	app.OnMailerRecordAuthAlertSend(Collection).BindFunc(func(e *core.MailerRecordEvent) error {
		// PocketBase hands the details over escaped for HTML; the template escapes itself
		return reword(e, mailer.StaffLoginAlert{Name: e.Record.GetString("name"), Info: html.UnescapeString(cast.ToString(e.Meta["info"]))})
	})

	dispatch.OnRecordUpdate(app, Collection).BindFunc(func(e *core.RecordEvent) error {
		before := e.Record.Original()
		if before.GetBool("active") != e.Record.GetBool("active") || before.GetString("role") != e.Record.GetString("role") {
			e.Record.RefreshTokenKey()
		}
		return e.Next()
	})
}

// reword replaces the subject and text of a mail PocketBase is about to send
// with BEN's template.
func reword(e *core.MailerRecordEvent, letter mailer.Letter) error {
	msg, err := mailer.Message(e.App, mailer.Mail{To: e.Record.Email(), Letter: letter})
	if err != nil {
		return err
	}
	e.Message.Subject, e.Message.Text, e.Message.HTML = msg.Subject, msg.Text, msg.HTML
	return e.Next()
}
