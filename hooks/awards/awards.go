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
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/dispatch"
	"ben/hooks/guard"
	"ben/hooks/staff"
	"ben/hooks/workinggroup"
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
	dispatch.OnRecordCreate(app, Periods).BindFunc(guardPeriod)
	dispatch.OnRecordUpdate(app, Periods).BindFunc(guardPeriod)

	dispatch.OnRecordCreate(app, Rounds).BindFunc(guardRound)
	dispatch.OnRecordUpdate(app, Rounds).BindFunc(guardRound)

	dispatch.OnRecordCreate(app, Nominations).BindFunc(startSubmitted)
	dispatch.OnRecordValidate(app, Nominations).BindFunc(validateNomination)
	dispatch.OnRecordCreateRequest(app, Nominations).BindFunc(receiveNomination)

	dispatch.OnRecordValidate(app, JuryVotes).BindFunc(validateVote)
	dispatch.OnRecordValidate(app, Awards).BindFunc(validateAward)
	dispatch.OnRecordCreate(app, Awards).BindFunc(writeAward)
	dispatch.OnRecordUpdate(app, Awards).BindFunc(writeAward)
	registerPersonalData(app)

	dispatch.OnRecordEnrich(app, Rounds, Nominations).BindFunc(hidePrivateFields)
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

// guardPeriod checks a period against the others and against the rounds
// and medals it holds, and writes it in one transaction: two overlapping
// periods cannot both be stored, and a period cannot be shortened past a
// round or a medal written at the same time.
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
		held, err := heldBy(tx, e.Record)
		if err != nil {
			return err
		}
		return guard.Errors(CheckPeriod(periodOf(e.Record), ps, held)...)
	})
}

// heldBy lists what belongs to the period: its rounds' nomination windows
// and its city medals.
func heldBy(app core.App, period *core.Record) ([]Held, error) {
	if period.IsNew() {
		return nil, nil
	}
	rounds, err := app.FindAllRecords(Rounds, dbx.HashExp{"period": period.Id})
	if err != nil {
		return nil, err
	}
	var held []Held
	for _, r := range rounds {
		name := RoundName(r.GetString("title"), r.GetString("kind"), period.GetString("name"))
		held = append(held,
			Held{Kind: HeldNominationsFrom, Name: name, Day: r.GetDateTime("nominations_from").Time()},
			Held{Kind: HeldNominationsUntil, Name: name, Day: r.GetDateTime("nominations_until").Time()})
		if r.GetString("kind") != KindMedal {
			continue
		}
		medals, err := app.FindAllRecords(Awards, dbx.HashExp{"round": r.Id, "kind": KindMedal})
		if err != nil {
			return nil, err
		}
		for _, m := range medals {
			held = append(held, Held{Kind: HeldMedal, Name: recipientOf(app, m), Day: m.GetDateTime("awarded_at").Time()})
		}
	}
	return held, nil
}

// recipientOf names an award's recipient for messages.
func recipientOf(app core.App, award *core.Record) string {
	if name := strings.TrimSpace(award.GetString("recipient_name")); name != "" {
		return name
	}
	if org, err := app.FindRecordById("organisations", award.GetString("recipient_organisation")); err == nil {
		return org.GetString("name")
	}
	return "die geehrte Person"
}

// guardRound checks a round and writes it in one transaction: of two
// stadtmedaille rounds for one period written at the same time, one fails,
// and a round cannot be moved past an award written at the same time.
func guardRound(e *core.RecordEvent) error {
	if e.Record.IsNew() && e.Record.GetString("status") == "" {
		e.Record.Set("status", RoundDraft)
	}
	return guard.CheckThenWrite(e, func(tx core.App) error {
		round := Round{
			Title:         e.Record.GetString("title"),
			Kind:          e.Record.GetString("kind"),
			FieldOfAction: strings.TrimSpace(e.Record.GetString("field_of_action")),
			From:          e.Record.GetDateTime("nominations_from").Time(),
			Until:         e.Record.GetDateTime("nominations_until").Time(),
			Jury:          len(e.Record.GetStringSlice("jury")),
			Today:         time.Now(),
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
		if !e.Record.IsNew() {
			made, err := tx.FindAllRecords(Awards, dbx.HashExp{"round": e.Record.Id})
			if err != nil {
				return err
			}
			for _, a := range made {
				round.Awards = append(round.Awards, RoundAward{Kind: a.GetString("kind"), Recipient: recipientOf(tx, a), AwardedAt: a.GetDateTime("awarded_at").Time()})
			}
		}
		if id := e.Record.GetString("jury_meeting"); id != "" {
			if m, err := tx.FindRecordById(workinggroup.Meetings, id); err == nil {
				round.JuryMeeting = m.GetDateTime("date").Time()
			}
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

// validateAward checks an award against its round and election period. It
// runs inside the write's transaction (writeAward), so a round or period
// changed at the same time cannot slip past it.
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
				award.RoundUntil = round.GetDateTime("nominations_until").Time()
				p, ok := findPeriod(e.App, round.GetString("period"))
				if ok {
					award.Period = &p
				}
				award.RoundTitle = RoundName(round.GetString("title"), award.RoundKind, p.Name)
			}
		}
		return CheckAward(award), nil
	})
}

// writeAward validates and writes an award in one transaction.
func writeAward(e *core.RecordEvent) error {
	return guard.InTransaction(e, func(core.App) error { return e.Next() })
}
