// Package awards holds the town's appreciation (strategy §4.2, §4.3) where
// API rules cannot say it: election periods that do not overlap, the city
// medal once per election period, nominations only while a round is open
// (with a honeypot against bots and a confirmation mail), jury votes only by
// the round's jury, awards dated within their period, and the mayor's
// thank-you letter as a PDF. The rules are pure functions in rules.go; the
// hooks bind to the record model hooks, so they hold for the REST API, the
// dashboard and Go code alike.
package awards

import (
	"slices"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/guard"
	"ben/hooks/staff"
)

// Collection names.
const (
	Periods     = "election_periods"
	Rounds      = "award_rounds"
	Nominations = "nominations"
	JuryVotes   = "jury_votes"
	Awards      = "awards"
)

// Register binds the award rules, the nomination intake and the letter
// route to app.
func Register(app core.App) {
	app.OnRecordCreate(Periods).BindFunc(guardPeriod)
	app.OnRecordUpdate(Periods).BindFunc(guardPeriod)

	app.OnRecordCreate(Rounds).BindFunc(guardRound)
	app.OnRecordUpdate(Rounds).BindFunc(guardRound)

	app.OnRecordCreate(Nominations).BindFunc(startSubmitted)
	app.OnRecordValidate(Nominations).BindFunc(validateNomination)
	app.OnRecordCreateRequest(Nominations).BindFunc(receiveNomination)

	app.OnRecordValidate(JuryVotes).BindFunc(validateVote)
	app.OnRecordValidate(Awards).BindFunc(validateAward)
	registerPersonalData()

	app.OnRecordEnrich(Rounds, Nominations).BindFunc(hidePrivateFields)
	protectPrivateFields(app)

	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/api/ben/awards/{id}/letter.pdf", letterPDF).Bind(staff.RequireDecide())
		return se.Next()
	})
}

func periodOf(r *core.Record) Period {
	return Period{
		Name:  r.GetString("name"),
		Start: r.GetDateTime("starts_on").Time(),
		End:   r.GetDateTime("ends_on").Time(),
	}
}

// findPeriod loads an election period; ok is false when there is none.
func findPeriod(app core.App, id string) (Period, bool) {
	if id == "" {
		return Period{}, false
	}
	r, err := app.FindRecordById(Periods, id)
	if err != nil {
		return Period{}, false // the relation validation reports it
	}
	return periodOf(r), true
}

// guardPeriod checks a period against the others and writes it in one
// transaction, so two overlapping periods cannot both be stored.
func guardPeriod(e *core.RecordEvent) error {
	return guard.CheckThenWrite(e, func(tx core.App) error {
		others, err := tx.FindRecordsByFilter(Periods, "id != {:id}", "", 0, 0, dbx.Params{"id": e.Record.Id})
		if err != nil {
			return err
		}
		ps := make([]Period, len(others))
		for i, o := range others {
			ps[i] = periodOf(o)
		}
		return guard.Errors(CheckPeriod(periodOf(e.Record), ps)...)
	})
}

// guardRound checks a round and writes it in one transaction: of two
// stadtmedaille rounds for one period written at the same time, one fails.
func guardRound(e *core.RecordEvent) error {
	if e.Record.IsNew() && e.Record.GetString("status") == "" {
		e.Record.Set("status", RoundDraft)
	}
	return guard.CheckThenWrite(e, func(tx core.App) error {
		round := Round{
			Kind:          e.Record.GetString("kind"),
			FieldOfAction: strings.TrimSpace(e.Record.GetString("field_of_action")),
			From:          e.Record.GetDateTime("nominations_from").Time(),
			Until:         e.Record.GetDateTime("nominations_until").Time(),
		}
		periodId := e.Record.GetString("period")
		if p, ok := findPeriod(tx, periodId); ok {
			round.Period = &p
		}
		if round.Kind == KindMedal && periodId != "" {
			n, err := tx.CountRecords(Rounds,
				dbx.HashExp{"kind": KindMedal, "period": periodId},
				dbx.Not(dbx.HashExp{"id": e.Record.Id}))
			if err != nil {
				return err
			}
			round.OtherMedalRounds = int(n)
		}

		return guard.Errors(CheckRound(round)...)
	})
}

// validateVote lets only the jury of the nomination's round vote, whoever
// writes the vote (a juror in the portal or staff entering a paper ballot).
func validateVote(e *core.RecordEvent) error {
	return guard.Validate(e, func() ([]guard.Violation, error) {
		juror := e.Record.GetString("juror")
		nomination, err := e.App.FindRecordById(Nominations, e.Record.GetString("nomination"))
		if err != nil || juror == "" {
			return nil, nil // the field validation reports a missing nomination or juror
		}
		round, err := e.App.FindRecordById(Rounds, nomination.GetString("round"))
		if err != nil || !slices.Contains(round.GetStringSlice("jury"), juror) {
			return []guard.Violation{{Field: "juror", Code: "validation_not_on_jury",
				Message: "Nur die Jury dieser Runde kann ihre Vorschläge bewerten."}}, nil
		}
		return nil, nil
	})
}

// validateAward checks an award against its round and election period.
func validateAward(e *core.RecordEvent) error {
	return guard.Validate(e, func() ([]guard.Violation, error) {
		award := Award{
			Kind: e.Record.GetString("kind"),
			HasRecipient: strings.TrimSpace(e.Record.GetString("recipient_name")) != "" ||
				e.Record.GetString("recipient_organisation") != "",
			AwardedAt: e.Record.GetDateTime("awarded_at").Time(),
		}
		if id := e.Record.GetString("round"); id != "" {
			if round, err := e.App.FindRecordById(Rounds, id); err == nil {
				award.RoundKind = round.GetString("kind")
				if p, ok := findPeriod(e.App, round.GetString("period")); ok {
					award.Period = &p
				}
			}
		}
		return CheckAward(award), nil
	})
}
