// Package office is the coordination office's workplace behind /buero, as
// far as API rules and the audit log (hooks/audit) do not cover it:
//
//   - the mails that tell the office about every new item of its inbox,
//     all here (notices.go), and one mail in the morning about the items
//     that became due by waiting (an engagement unconfirmed, an interest
//     unanswered, a card about to expire);
//   - the decisions that change several records or send a mail, each in one
//     transaction with its audit entry (routes.go): asking a club for
//     changes, recording the municipal bodies' decision on an award round;
//   - the working group's head count for the office (routes.go);
//   - the organisation an enquiry was referred to, filled from the
//     opportunity.
//
// What needs the office is defined once, in hooks/inbox (the view
// "eingang").
package office

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/dispatch"
)

// Register binds the office's mails, routes and morning mail to app.
func Register(app core.App) {
	registerNotices(app)
	dispatch.OnRecordCreate(app, "enquiries").BindFunc(fillReferral)
	dispatch.OnRecordUpdate(app, "enquiries").BindFunc(fillReferral)
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		bindRoutes(e)
		return e.Next()
	})
	app.Cron().MustAdd("ben_office_morning_mail", "0 6 * * *", func() {
		if _, err := SendMorningMail(app, time.Now()); err != nil {
			app.Logger().Error("Morgendliche Mail an die Koordinierungsstelle fehlgeschlagen", "error", err)
		}
	})
}

// fillReferral names the organisation of the opportunity an enquiry was
// referred to, so that both are recorded.
func fillReferral(e *core.RecordEvent) error {
	if id := e.Record.GetString("referred_opportunity"); id != "" {
		if opp, err := e.App.FindRecordById("opportunities", id); err == nil {
			e.Record.Set("referred_organisation", opp.GetString("organisation"))
		}
	}
	return e.Next()
}
