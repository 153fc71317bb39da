package engagement

import (
	"fmt"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/mailer"
	"ben/hooks/privacy"
)

// confirmInterest tells the citizen that the club got their answer. The
// answer is stored either way: a mail server hiccup is logged, not returned.
func confirmInterest(e *core.RecordRequestEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	title, club := "", ""
	if opp, err := e.App.FindRecordById(Opportunities, e.Record.GetString("opportunity")); err == nil {
		title = opp.GetString("title")
		if org, err := e.App.FindRecordById("organisations", opp.GetString("organisation")); err == nil {
			club = org.GetString("name")
		}
	}
	body := fmt.Sprintf("Guten Tag %s,\n\n"+
		"vielen Dank für Ihr Interesse an „%s“. Ihre Nachricht ist bei „%s“ angekommen; "+
		"die Ansprechpersonen dort melden sich bei Ihnen.\n\n"+
		"%s",
		e.Record.GetString("name"), title, club,
		storedNotice(e.App, e.Record, "Ihr Name, Ihre E-Mail-Adresse und Ihre Nachricht",
			"die Ansprechpersonen von „"+club+"“ und die Koordinierungsstelle der Stadt Bitburg"))
	send(e.App, e.Record, "Ihr Interesse an „"+title+"“", body)
	return nil
}

// confirmEnquiry tells the citizen that the office got the enquiry, and the
// office that there is a new one (without the personal data: staff read it
// in the dashboard).
func confirmEnquiry(e *core.RecordRequestEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	body := fmt.Sprintf("Guten Tag %s,\n\n"+
		"vielen Dank für Ihre Nachricht an die Koordinierungsstelle für das Ehrenamt der Stadt Bitburg. "+
		"Wir melden uns bei Ihnen und schlagen Ihnen passende Möglichkeiten vor, sich zu engagieren.\n\n"+
		"%s",
		e.Record.GetString("name"),
		storedNotice(e.App, e.Record, "Ihre Angaben aus dem Kontaktformular", "die Koordinierungsstelle der Stadt Bitburg"))
	send(e.App, e.Record, "Ihre Anfrage an die Koordinierungsstelle", body)

	url := strings.TrimRight(e.App.Settings().Meta.AppURL, "/") + "/_/#/collections?collection=" + Enquiries + "&recordId=" + e.Record.Id
	notice := "Guten Tag,\n\n" +
		"über das Formular „Kontakt aufnehmen“ ist eine neue Anfrage eingegangen:\n" + url
	if err := mailer.Send(e.App, mailer.Office(e.App), "Neue Anfrage über „Kontakt aufnehmen“", notice); err != nil {
		e.App.Logger().Warn("Mail an die Koordinierungsstelle fehlgeschlagen", "enquiry", e.Record.Id, "error", err)
	}
	return nil
}

// storedNotice says what is stored, who sees it and how long it is kept.
func storedNotice(app core.App, r *core.Record, what, who string) string {
	keep := "Sie können die Daten mit Ihrem Benutzerkonto jederzeit herunterladen und mit dem Konto löschen."
	if r.GetString("user") == "" {
		keep = fmt.Sprintf("Wir löschen sie %d Monate, nachdem der Vorgang abgeschlossen ist.", privacy.RetentionMonths(app))
	}
	return "Gespeichert sind " + what + ". Einsehen können sie nur " + who + ". " + keep
}

func send(app core.App, r *core.Record, subject, body string) {
	if err := mailer.Send(app, r.GetString("email"), subject, body); err != nil {
		app.Logger().Warn("Bestätigungsmail konnte nicht gesendet werden", "collection", r.Collection().Name, "record", r.Id, "error", err)
	}
}
