package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/staff"
)

// The coordination office's own accounts, separate from the citizens'
// users: a name, an e-mail address, a password, a role (buero: the full
// daily work; redaktion: content only) and whether the account is active.
// Superusers create and deactivate staff in the dashboard; staff log in at
// /buero/anmelden with their password and a one-time code by e-mail (MFA).
// Only active accounts log in; the roles' rights are in hooks/staff.
func init() {
	m.Register(func(app core.App) error {
		c := core.NewAuthCollection(staff.Collection)
		c.Fields.Add(
			&core.TextField{Name: "name", Required: true, Max: 120, Presentable: true,
				Help: "Vor- und Nachname, wie er anderen Mitarbeitenden und im Protokoll erscheint."},
			&core.SelectField{Name: "role", Required: true, MaxSelect: 1, Values: staff.Roles,
				Help: "buero = die ganze tägliche Arbeit der Koordinierungsstelle (Freigaben, Anträge, Karten, Ehrungen, Anfragen); " +
					"redaktion = nur Inhalte (Beiträge, eigene Termine der Koordinierungsstelle, Partner)."},
			&core.BoolField{Name: "active",
				Help: "Nur aktive Konten können sich anmelden. Zum Sperren abwählen: alle Anmeldungen des Kontos enden sofort."},
		)
		if f, ok := c.Fields.GetByName("password").(*core.PasswordField); ok {
			f.Min = 12
		}

		// staff see themselves; buero also sees who their colleagues are
		// (names, for "decided by"); only superusers create, change or
		// delete staff accounts
		c.ListRule = staff.Or(ptr(`@request.auth.collectionName = "`+staff.Collection+`" && id = @request.auth.id`), staff.DecideRule)
		c.ViewRule = c.ListRule

		c.AuthRule = ptr(`active = true`)
		c.PasswordAuth = core.PasswordAuthConfig{Enabled: true, IdentityFields: []string{core.FieldNameEmail}}
		c.MFA = core.MFAConfig{Enabled: true, Duration: 600}
		c.OTP = core.OTPConfig{Enabled: true, Duration: 600, Length: 8, EmailTemplate: core.EmailTemplate{
			Subject: "Ihr Anmeldecode für {APP_NAME}",
			Body: `<p>Guten Tag {RECORD:name},</p>
<p>Ihr Anmeldecode für das Büro des Bitburger Engagement Netzes lautet:</p>
<p><strong>{OTP}</strong></p>
<p>Der Code gilt zehn Minuten und kann einmal verwendet werden.</p>
<p><i>Falls Sie sich gerade nicht anmelden, geben Sie den Code an niemanden weiter und sagen Sie der IT der Stadt Bescheid: Dann kennt jemand Ihr Passwort.</i></p>
<p>Freundliche Grüße<br/>Bitburger Engagement Netz</p>`,
		}}
		c.AuthAlert = core.AuthAlertConfig{Enabled: true, EmailTemplate: core.EmailTemplate{
			Subject: "Anmeldung von einem neuen Gerät – {APP_NAME}",
			Body: `<p>Guten Tag {RECORD:name},</p>
<p>mit Ihrem Konto im Büro des Bitburger Engagement Netzes hat sich jemand von einem neuen Gerät oder Ort angemeldet:</p>
<p><em>{ALERT_INFO}</em></p>
<p><strong>Waren Sie das nicht, lassen Sie Ihr Konto bitte sofort von der IT der Stadt sperren und ändern Sie Ihr Passwort.</strong></p>
<p>Waren Sie es, ist nichts zu tun.</p>
<p>Freundliche Grüße<br/>Bitburger Engagement Netz</p>`,
		}}
		c.ResetPasswordTemplate = core.EmailTemplate{
			Subject: "Neues Passwort für das Büro – {APP_NAME}",
			Body: `<p>Guten Tag {RECORD:name},</p>
<p>Sie haben ein neues Passwort für Ihr Konto im Büro des Bitburger Engagement Netzes angefordert. Mit diesem Link legen Sie es fest:</p>
<p><a class="btn" href="{APP_URL}/buero/passwort-neu?token={TOKEN}" target="_blank" rel="noopener">Neues Passwort festlegen</a></p>
<p><i>Falls Sie kein neues Passwort angefordert haben, können Sie diese E-Mail ignorieren; Ihr bisheriges Passwort bleibt gültig.</i></p>
<p>Freundliche Grüße<br/>Bitburger Engagement Netz</p>`,
		}
		// a working day; the office logs in again the next morning
		c.AuthToken.Duration = 10 * 60 * 60

		c.AddIndex("idx_staff_role_active", false, "role, active", "")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(staff.Collection)
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
