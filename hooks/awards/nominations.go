package awards

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/guard"
	"ben/hooks/mailer"
)

// HoneypotField is a form field that people never see and so leave empty;
// bots fill it. It is not stored: a nomination that fills it is answered
// like any other but thrown away, so the bot learns nothing.
const HoneypotField = "website"

// startSubmitted gives every new nomination its first status.
func startSubmitted(e *core.RecordEvent) error {
	if e.Record.GetString("status") == "" {
		e.Record.Set("status", NominationSubmitted)
	}
	return e.Next()
}

// validateNomination adds the rules of a nomination to the field
// validation: consent is given, someone is nominated, and a new nomination
// arrives while its round takes nominations.
func validateNomination(e *core.RecordEvent) error {
	return guard.Validate(e, func() ([]guard.Violation, error) {
		var vs []guard.Violation
		if !e.Record.GetBool("consent") {
			vs = append(vs, guard.Violation{Field: "consent", Code: "validation_consent_required",
				Message: "Bitte bestätigen Sie, dass Ihre Angaben für die Auswahl gespeichert und der Jury gezeigt werden dürfen."})
		}
		if strings.TrimSpace(e.Record.GetString("nominee_name")) == "" && e.Record.GetString("nominee_organisation") == "" {
			vs = append(vs, guard.Violation{Field: "nominee_name", Code: "validation_nominee_required",
				Message: "Bitte nennen Sie die Person oder Gruppe, die Sie vorschlagen, oder wählen Sie eine Organisation aus."})
		}
		if e.Record.IsNew() {
			if round, err := e.App.FindRecordById(Rounds, e.Record.GetString("round")); err == nil {
				from, until := round.GetDateTime("nominations_from").Time(), round.GetDateTime("nominations_until").Time()
				if !NominationsOpen(from, until, time.Now()) {
					vs = append(vs, guard.Violation{Field: "round", Code: "validation_round_closed", Message: fmt.Sprintf(
						"Für diese Runde werden keine Vorschläge angenommen: Vorschläge sind vom %s bis zum %s möglich.",
						FormatDay(from), FormatDay(until))})
				}
			}
		}
		return vs, nil
	})
}

// receiveNomination quietly drops nominations that filled the honeypot and
// sends the nominator a confirmation of every other one.
func receiveNomination(e *core.RecordRequestEvent) error {
	if info, err := e.RequestInfo(); err == nil && filled(info.Body[HoneypotField]) {
		e.App.Logger().Info("Vorschlag mit ausgefülltem Lockfeld verworfen", "ip", e.RealIP())
		e.Record.Id = core.GenerateDefaultRandomId()
		e.Record.Set("status", NominationSubmitted)
		e.Record.Set("created", types.NowDateTime())
		e.Record.Set("updated", types.NowDateTime())
		if err := apis.EnrichRecord(e.RequestEvent, e.Record); err != nil {
			return err
		}
		return e.JSON(http.StatusOK, e.Record)
	}

	if err := e.Next(); err != nil {
		return err
	}

	// The nomination is stored either way; a mail server hiccup must not
	// turn it into an error.
	if err := sendConfirmation(e.App, e.Record); err != nil {
		e.App.Logger().Warn("Eingangsbestätigung für einen Vorschlag konnte nicht gesendet werden",
			"nomination", e.Record.Id, "error", err)
	}
	return nil
}

func filled(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case string:
		return strings.TrimSpace(v) != ""
	case []string:
		return strings.TrimSpace(strings.Join(v, "")) != ""
	case []any:
		return strings.TrimSpace(fmt.Sprint(v...)) != ""
	default:
		return true
	}
}

// Confirmation is the mail a nominator receives.
type Confirmation struct {
	NominatorName string
	Nominee       string
	RoundKind     string
	RoundTitle    string
	FieldOfAction string
	Until         time.Time
}

// awardAccusative names an award after "für": "für die Stadtmedaille Bitburg".
func awardAccusative(kind string) string {
	switch kind {
	case KindMedal:
		return "die Stadtmedaille Bitburg"
	case KindPrize:
		return "den Ehrenamtspreis der Stadt Bitburg"
	case KindProject:
		return "den Projektpreis der Stadt Bitburg"
	default:
		return "eine Auszeichnung der Stadt Bitburg"
	}
}

// Subject is the subject line of the confirmation.
func (c Confirmation) Subject() string {
	return "Ihr Vorschlag für " + awardAccusative(c.RoundKind) + " ist eingegangen"
}

// Text is the plain-text body of the confirmation.
func (c Confirmation) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Guten Tag %s,\n\n", c.NominatorName)
	fmt.Fprintf(&b, "vielen Dank für Ihren Vorschlag für %s. Er ist bei uns eingegangen:\n\n", awardAccusative(c.RoundKind))
	fmt.Fprintf(&b, "  Vorgeschlagen: %s\n", c.Nominee)
	if c.RoundTitle != "" {
		fmt.Fprintf(&b, "  Runde: %s\n", c.RoundTitle)
	}
	if c.FieldOfAction != "" {
		fmt.Fprintf(&b, "  Handlungsbereich: %s\n", c.FieldOfAction)
	}
	b.WriteString("\n")
	if !c.Until.IsZero() {
		fmt.Fprintf(&b, "Die Vorschlagsfrist endet am %s. ", FormatDay(c.Until))
	}
	b.WriteString("Danach prüft die vom Arbeitskreis „Engagierte Stadt Bitburg“ bestellte Jury alle Vorschläge; " +
		"die Entscheidung treffen die städtischen Gremien. Ihre Angaben sehen nur die Koordinierungsstelle und die Jury.\n\n")
	b.WriteString("Wenn Sie keinen Vorschlag eingereicht haben, können Sie diese Nachricht ignorieren.\n\n")
	b.WriteString("Mit freundlichen Grüßen\nIhre Koordinierungsstelle")
	return b.String()
}

func sendConfirmation(app core.App, nomination *core.Record) error {
	c := Confirmation{
		NominatorName: nomination.GetString("nominator_name"),
		Nominee:       strings.TrimSpace(nomination.GetString("nominee_name")),
	}
	if id := nomination.GetString("nominee_organisation"); id != "" {
		if org, err := app.FindRecordById("organisations", id); err == nil {
			if c.Nominee == "" {
				c.Nominee = org.GetString("name")
			} else {
				c.Nominee += " (" + org.GetString("name") + ")"
			}
		}
	}
	if round, err := app.FindRecordById(Rounds, nomination.GetString("round")); err == nil {
		c.RoundKind = round.GetString("kind")
		c.RoundTitle = round.GetString("title")
		c.FieldOfAction = round.GetString("field_of_action")
		c.Until = round.GetDateTime("nominations_until").Time()
	}

	return mailer.Send(app, nomination.GetString("nominator_email"), c.Subject(), c.Text())
}
