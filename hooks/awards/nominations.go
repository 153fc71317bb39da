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
	"ben/hooks/organisations"
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

	mailer.AfterCommit(e.App, confirmation(e.App, e.Record))
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

// confirmation is the mail that tells the nominator the nomination arrived.
func confirmation(app core.App, nomination *core.Record) mailer.Mail {
	letter := mailer.NominationReceived{
		NominatorName: nomination.GetString("nominator_name"),
		Nominee:       strings.TrimSpace(nomination.GetString("nominee_name")),
	}
	if id := nomination.GetString("nominee_organisation"); id != "" {
		if org, err := app.FindRecordById(organisations.Collection, id); err == nil {
			if letter.Nominee == "" {
				letter.Nominee = org.GetString("name")
			} else {
				letter.Nominee += " (" + org.GetString("name") + ")"
			}
		}
	}
	if round, err := app.FindRecordById(Rounds, nomination.GetString("round")); err == nil {
		letter.RoundKind = round.GetString("kind")
		letter.RoundTitle = round.GetString("title")
		letter.FieldOfAction = round.GetString("field_of_action")
		if until := round.GetDateTime("nominations_until"); !until.IsZero() {
			letter.Until = FormatDay(until.Time())
		}
	}
	return mailer.Mail{To: nomination.GetString("nominator_email"), About: Nominations + "/" + nomination.Id, Letter: letter}
}
