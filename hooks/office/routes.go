package office

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/audit"
	"ben/hooks/mailer"
	"ben/hooks/staff"
	"ben/hooks/tz"
	"ben/hooks/workinggroup"
)

// Actions of the office's own routes in the audit log.
const (
	ActionChangesRequested = "changes_requested"
	ActionDecisionRecorded = "decision_recorded"
)

// MaxMessage is the longest message to a club, in characters.
const MaxMessage = 4000

func bindRoutes(e *core.ServeEvent) {
	g := e.Router.Group("/api/ben/office")
	g.Bind(staff.RequireDecide())
	g.POST("/organisations/{id}/request-changes", requestChanges)
	g.POST("/rounds/{id}/decision", recordDecision)
	g.GET("/working-group", workingGroupSummary)
}

func fieldError(field, code, message string) validation.Errors {
	return validation.Errors{field: validation.NewError(code, message)}
}

// requestChanges asks the editors of an organisation by mail what the
// office wants changed before it publishes (or keeps publishing) their
// profile. The entry in the audit log is written first; the mails go out
// once it is committed, in the background, as every mail a request
// causes: the answer says for how many people the message is queued, not
// what a mail server made of it.
func requestChanges(e *core.RequestEvent) error {
	var body struct {
		Message string `json:"message"`
	}
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("Die Angaben konnten nicht gelesen werden.", err)
	}
	message := strings.TrimSpace(body.Message)
	switch {
	case message == "":
		return e.BadRequestError("Bitte prüfen Sie die Angaben.", fieldError("message", "validation_required",
			"Bitte schreiben Sie, was die Organisation ändern oder ergänzen soll."))
	case len([]rune(message)) > MaxMessage:
		return e.BadRequestError("Bitte prüfen Sie die Angaben.", fieldError("message", "validation_length_too_long",
			fmt.Sprintf("Die Nachricht darf höchstens %d Zeichen lang sein.", MaxMessage)))
	}
	org, err := e.App.FindRecordById("organisations", e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("Diese Organisation gibt es nicht.", err)
	}

	var recipients []string
	for _, id := range org.GetStringSlice("editors") {
		if u, err := e.App.FindRecordById("users", id); err == nil && u.Email() != "" {
			recipients = append(recipients, u.Email())
		}
	}
	to := fmt.Sprintf("%d Bearbeitende", len(recipients))
	if len(recipients) == 0 && org.GetString("email") != "" {
		recipients, to = []string{org.GetString("email")}, "die E-Mail-Adresse der Organisation"
	}
	if len(recipients) == 0 {
		return e.BadRequestError("Diese Organisation hat keine Bearbeitenden und keine E-Mail-Adresse. Bitte nehmen Sie anders Kontakt auf.", nil)
	}

	name := org.GetString("name")
	letter := mailer.ChangesRequested{Organisation: name, Message: message, Link: mailer.Link(e.App, "/mein-verein/"+org.GetString("slug"))}
	err = e.App.RunInTransaction(func(tx core.App) error {
		err := audit.Write(tx, e.Auth, audit.Entry{Action: ActionChangesRequested, Collection: "organisations", Record: org.Id,
			Summary: fmt.Sprintf("Organisation „%s“: um Änderungen gebeten (Nachricht an %s).", name, to)})
		if err != nil {
			return err
		}
		mails := make([]mailer.Mail, 0, len(recipients))
		for _, addr := range recipients {
			mails = append(mails, mailer.Mail{To: addr, About: "organisations/" + org.Id, Letter: letter})
		}
		mailer.AfterCommit(tx, mails...)
		return nil
	})
	if err != nil {
		return e.InternalServerError("Die Nachricht konnte nicht protokolliert und daher nicht versandt werden. Bitte versuchen Sie es später erneut.", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"recipients": len(recipients)})
}

// Decision is what the municipal bodies decided on an award round.
type Decision struct {
	Body    string `json:"decision_body"`
	Date    string `json:"decision_date"`
	Outcome string `json:"decision_outcome"`
	Awarded []struct {
		Nomination string `json:"nomination"`
		Citation   string `json:"citation"`
	} `json:"awarded"`
	Publish bool `json:"publish"`
}

// recordDecision records the decision of the municipal bodies on a round:
// an award for each nomination they chose (with body, date and outcome),
// the other open nominations declined, the round decided, one audit entry,
// all in one transaction.
func recordDecision(e *core.RequestEvent) error {
	var d Decision
	if err := e.BindBody(&d); err != nil {
		return e.BadRequestError("Die Angaben konnten nicht gelesen werden.", err)
	}
	errs := validation.Errors{}
	d.Body, d.Outcome = strings.TrimSpace(d.Body), strings.TrimSpace(d.Outcome)
	if d.Body == "" {
		errs["decision_body"] = validation.NewError("validation_required", "Bitte nennen Sie das Gremium, das entschieden hat.")
	}
	day, err := time.Parse("2006-01-02", strings.TrimSpace(d.Date))
	if err != nil {
		errs["decision_date"] = validation.NewError("validation_date_invalid", "Bitte geben Sie den Tag des Beschlusses an.")
	} else if tz.Day(day).After(tz.Day(time.Now())) {
		errs["decision_date"] = validation.NewError("validation_in_future", "Der Beschluss kann nicht in der Zukunft liegen.")
	}
	if len(errs) > 0 {
		return e.BadRequestError("Bitte prüfen Sie die Angaben.", errs)
	}

	round, err := e.App.FindRecordById("award_rounds", e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("Diese Runde gibt es nicht.", err)
	}
	if round.GetString("status") == "decided" {
		return e.BadRequestError("Über diese Runde ist bereits entschieden.", nil)
	}

	var awardIds []string
	err = e.App.RunInTransaction(func(tx core.App) error {
		nominations, err := tx.FindAllRecords("nominations", dbxRound(round.Id))
		if err != nil {
			return err
		}
		byID := map[string]*core.Record{}
		for _, n := range nominations {
			byID[n.Id] = n
		}
		awardsColl, err := tx.FindCollectionByNameOrId("awards")
		if err != nil {
			return err
		}
		decidedBy := audit.StaffID(e.Auth)
		chosen := map[string]bool{}
		for i, a := range d.Awarded {
			n, ok := byID[a.Nomination]
			if !ok || chosen[a.Nomination] {
				return fieldError(fmt.Sprintf("awarded.%d.nomination", i), "validation_not_in_round", "Dieser Vorschlag gehört nicht zu dieser Runde.")
			}
			chosen[n.Id] = true
			if strings.TrimSpace(a.Citation) == "" {
				return fieldError(fmt.Sprintf("awarded.%d.citation", i), "validation_required",
					"Bitte schreiben Sie, wofür ausgezeichnet wird; der Text steht so in der Urkunde und im Portal.")
			}
			award := core.NewRecord(awardsColl)
			award.Load(map[string]any{
				"kind": round.GetString("kind"), "round": round.Id,
				"recipient_name": n.GetString("nominee_name"), "recipient_organisation": n.GetString("nominee_organisation"),
				"citation": strings.TrimSpace(a.Citation), "awarded_at": day, "published": d.Publish,
				"nomination": n.Id, "decision_body": d.Body, "decision_date": day, "decision_outcome": d.Outcome,
				audit.DecidedBy: decidedBy,
			})
			if err := tx.Save(award); err != nil {
				return err
			}
			awardIds = append(awardIds, award.Id)
			n.Set("status", "awarded")
			n.Set(audit.DecidedBy, decidedBy)
			if err := tx.Save(n); err != nil {
				return err
			}
		}
		declined := 0
		for _, n := range nominations {
			if chosen[n.Id] || (n.GetString("status") != "submitted" && n.GetString("status") != "admitted") {
				continue
			}
			n.Set("status", "declined")
			n.Set(audit.DecidedBy, decidedBy)
			if err := tx.Save(n); err != nil {
				return err
			}
			declined++
		}
		round.Set("status", "decided")
		if err := tx.Save(round); err != nil {
			return err
		}
		title := round.GetString("title")
		if title == "" {
			title = audit.Title(round)
		}
		outcome := ""
		if d.Outcome != "" {
			outcome = " (" + d.Outcome + ")"
		}
		return audit.Write(tx, e.Auth, audit.Entry{Action: ActionDecisionRecorded, Collection: "award_rounds", Record: round.Id,
			Summary: fmt.Sprintf("Runde „%s“: Beschluss von „%s“ vom %s erfasst%s: %d ausgezeichnet, %d nicht ausgezeichnet.",
				strings.Trim(title, "„“"), d.Body, day.Format("02.01.2006"), outcome, len(awardIds), declined)})
	})
	if err != nil {
		if errs, ok := err.(validation.Errors); ok {
			return e.BadRequestError("Bitte prüfen Sie die Angaben.", errs)
		}
		return e.BadRequestError("Die Entscheidung konnte nicht gespeichert werden.", err)
	}
	return e.JSON(http.StatusOK, map[string]any{"awards": awardIds})
}

// workingGroupSummary is the working group as the office needs it: the
// members sitting today (by day, as the public list) by seat, and the head
// count against the limits.
func workingGroupSummary(e *core.RequestEvent) error {
	rows, err := e.App.FindRecordsByFilter(workinggroup.Collection, workinggroup.CurrentFilter, "person_name", 0, 0)
	if err != nil {
		return e.InternalServerError("Der Arbeitskreis konnte nicht geladen werden.", err)
	}
	type seat struct {
		Seat     string   `json:"seat"`
		Label    string   `json:"label"`
		Quota    int      `json:"quota"`
		Members  []string `json:"members"`
		Deputies []string `json:"deputies"`
	}
	seats := make([]*seat, 0, len(workinggroup.Seats))
	bySeat := map[string]*seat{}
	for _, s := range workinggroup.Seats {
		entry := &seat{Seat: s, Label: workinggroup.SeatLabels[s], Quota: workinggroup.SeatQuota(s), Members: []string{}, Deputies: []string{}}
		seats = append(seats, entry)
		bySeat[s] = entry
	}
	headCount := 0
	for _, r := range rows {
		entry, ok := bySeat[r.GetString("seat")]
		if !ok {
			continue
		}
		name := r.GetString("person_name")
		if p := r.GetString("party"); p != "" {
			name += " (" + p + ")"
		}
		if r.GetBool("deputy") {
			entry.Deputies = append(entry.Deputies, name)
			continue
		}
		entry.Members = append(entry.Members, name)
		headCount++
	}
	return e.JSON(http.StatusOK, map[string]any{
		"head_count":    headCount,
		"standard_size": workinggroup.StandardSize,
		"max_size":      workinggroup.MaxSize,
		"seats":         seats,
	})
}

func dbxRound(id string) dbx.Expression { return dbx.HashExp{"round": id} }
