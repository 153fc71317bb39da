package office

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"ben/hooks/audit"
	"ben/hooks/dispatch"
	"ben/hooks/inbox"
	"ben/hooks/mailer"
)

// registerNotices mails the office about every new item of its inbox, with
// a link into /buero. The mails name organisations and rounds, never a
// citizen: the office reads the rest after logging in. New records count
// when someone outside the office sends them through the API (what the
// office enters itself, the demo or an import is no news to it); card
// applications whenever they change status, also through a confirmation
// link. Every mail goes out after the write is committed.
func registerNotices(app core.App) {
	// outermost: the office's mail goes after the citizen's confirmation
	created := func(collection string, letter func(e *core.RecordRequestEvent) mailer.Letter) {
		dispatch.OnRecordCreateRequest(app, collection).Bind(&hook.Handler[*core.RecordRequestEvent]{Priority: -10, Func: func(e *core.RecordRequestEvent) error {
			if err := e.Next(); err != nil {
				return err
			}
			// a discarded record (the nominations' honeypot) is no news
			if !e.Record.IsNew() && !audit.Office(e.Auth) {
				tellOffice(e.App, collection+"/"+e.Record.Id, letter(e))
			}
			return nil
		}})
	}
	created("organisations", func(e *core.RecordRequestEvent) mailer.Letter {
		return mailer.OrganisationRegistered{Name: e.Record.GetString("name"), Link: mailer.Link(e.App, "/buero/organisationen/"+e.Record.Id)}
	})
	created("nominations", func(e *core.RecordRequestEvent) mailer.Letter {
		letter := mailer.NominationNotice{Link: mailer.Link(e.App, "/buero/ehrungen/"+e.Record.GetString("round"))}
		if r, err := e.App.FindRecordById("award_rounds", e.Record.GetString("round")); err == nil {
			letter.Round = r.GetString("title")
		}
		return letter
	})
	created("enquiries", func(e *core.RecordRequestEvent) mailer.Letter {
		return mailer.EnquiryNotice{Link: mailer.Link(e.App, "/buero/anfragen/"+e.Record.Id)}
	})

	dispatch.OnRecordUpdate(app, "card_applications").BindFunc(func(e *core.RecordEvent) error {
		from, to := e.Record.Original().GetString("status"), e.Record.GetString("status")
		if err := e.Next(); err != nil || from == to {
			return err
		}
		link := mailer.Link(e.App, "/buero/antraege/"+e.Record.Id)
		switch to {
		case "submitted":
			tellOffice(e.App, "card_applications/"+e.Record.Id, mailer.CardSubmittedNotice{Link: link})
		case "confirmed":
			tellOffice(e.App, "card_applications/"+e.Record.Id, mailer.CardReadyForDecision{Link: link})
		}
		return nil
	})
}

// tellOffice mails the office once app's transaction (if any) is committed.
func tellOffice(app core.App, about string, letter mailer.Letter) {
	mailer.AfterCommit(app, mailer.Mail{To: mailer.Office(app), About: about, Letter: letter})
}

// dueByWaiting are the kinds that become items by waiting; the morning
// mail reports those that became due in the last day.
var dueByWaiting = map[string]string{
	inbox.EngagementStuck:    "Engagements seit über %d Tagen unbestätigt",
	inbox.InterestUnanswered: "Meldungen auf Angebote seit über %d Tagen ohne Antwort des Vereins",
	inbox.CardExpiring:       "Ehrenamtskarten laufen in den nächsten %d Tagen ab",
}

// SendMorningMail tells the office about the inbox items that became due by
// waiting during the 24 hours before now, one line per kind, and returns
// how many items it named. Nothing is sent when there are none.
func SendMorningMail(app core.App, now time.Time) (int, error) {
	var rows []struct {
		Kind string `db:"kind"`
	}
	kinds := make([]any, 0, len(dueByWaiting))
	for k := range dueByWaiting {
		kinds = append(kinds, k)
	}
	err := app.RecordQuery(inbox.View).Select("kind").
		AndWhere(dbx.In("kind", kinds...)).
		AndWhere(dbx.NewExp("due > {:from} AND due <= {:to}", dbx.Params{"from": dbTime(now.Add(-24 * time.Hour)), "to": dbTime(now)})).
		All(&rows)
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	count := map[string]int{}
	for _, r := range rows {
		count[r.Kind]++
	}
	letter := mailer.OfficeMorning{Link: mailer.Link(app, "/buero")}
	for _, kind := range inbox.Kinds {
		if n := count[kind]; n > 0 {
			days := inbox.StuckAfterDays
			if kind == inbox.CardExpiring {
				days = inbox.ExpiringWithinDays
			}
			letter.Lines = append(letter.Lines, fmt.Sprintf("%d × %s", n, fmt.Sprintf(dueByWaiting[kind], days)))
		}
	}
	if err := mailer.Send(app, mailer.Mail{To: mailer.Office(app), About: inbox.View, Letter: letter}); err != nil {
		return 0, err
	}
	return len(rows), nil
}

func dbTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000Z") }
