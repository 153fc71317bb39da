package migrations

import (
	"strings"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The mails of citizens' accounts are German and link to the portal pages
// that confirm them (/bestaetigen, /passwort-neu) instead of the dashboard.
// Templates that staff have already changed are left alone.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		if strings.HasPrefix(users.VerificationTemplate.Subject, "Verify your ") {
			users.VerificationTemplate = core.EmailTemplate{
				Subject: "Bitte bestätigen Sie Ihre E-Mail-Adresse – {APP_NAME}",
				Body: `<p>Guten Tag,</p>
<p>vielen Dank für Ihre Anmeldung im Bitburger Engagement Netz.</p>
<p>Bitte bestätigen Sie Ihre E-Mail-Adresse mit einem Klick auf diesen Link:</p>
<p><a class="btn" href="{APP_URL}/bestaetigen?token={TOKEN}" target="_blank" rel="noopener">E-Mail-Adresse bestätigen</a></p>
<p><i>Falls Sie sich nicht angemeldet haben, können Sie diese E-Mail einfach ignorieren.</i></p>
<p>Freundliche Grüße<br/>Ihre Koordinierungsstelle Ehrenamt der Stadt Bitburg</p>`,
			}
		}
		if strings.HasPrefix(users.ResetPasswordTemplate.Subject, "Reset your ") {
			users.ResetPasswordTemplate = core.EmailTemplate{
				Subject: "Neues Passwort für {APP_NAME}",
				Body: `<p>Guten Tag,</p>
<p>Sie haben ein neues Passwort für das Bitburger Engagement Netz angefordert. Mit diesem Link legen Sie es fest:</p>
<p><a class="btn" href="{APP_URL}/passwort-neu?token={TOKEN}" target="_blank" rel="noopener">Neues Passwort festlegen</a></p>
<p><i>Falls Sie kein neues Passwort angefordert haben, können Sie diese E-Mail einfach ignorieren; Ihr bisheriges Passwort bleibt gültig.</i></p>
<p>Freundliche Grüße<br/>Ihre Koordinierungsstelle Ehrenamt der Stadt Bitburg</p>`,
			}
		}
		return app.Save(users)
	}, nil)
}
