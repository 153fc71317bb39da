package registrations

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/mailer"
	"ben/hooks/privacy"
	"ben/hooks/tz"
)

// OwnPage is the portal page where account holders see their registrations.
const OwnPage = "/konto/anmeldungen"

var weekdays = [...]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}

// when writes an event's start the German way: "Dienstag, 17.04.2026, 18:00 Uhr".
func when(ev *core.Record) string {
	t := ev.GetDateTime("starts_at").Time().In(tz.Berlin)
	return weekdays[t.Weekday()] + ", " + t.Format("02.01.2006, 15:04") + " Uhr"
}

// receivedMail confirms a new registration; a guest's carries the link
// with token.
func receivedMail(app core.App, r, ev *core.Record, token string) mailer.Mail {
	guest := r.GetString("user") == ""
	letter := mailer.RegistrationReceived{
		Name:            r.GetString("name"),
		Event:           ev.GetString("title"),
		When:            when(ev),
		Where:           ev.GetString("location"),
		Waitlisted:      r.GetString("status") == StatusWaitlisted,
		WaitingPosition: waitingPosition(app, r),
		Guest:           guest,
		Link:            mailer.Link(app, OwnPage),
		RetentionMonths: privacy.RetentionMonths(app),
	}
	if guest {
		letter.Link = LinkURL(app, token)
		deadline := r.GetDateTime("created").Time()
		if deadline.IsZero() {
			deadline = time.Now()
		}
		letter.ConfirmUntil = deadline.Add(ConfirmWithin).In(tz.Berlin).Format("02.01.2006, 15:04 Uhr")
	}
	return mailer.Mail{To: r.GetString("email"), About: Collection + "/" + r.Id, Letter: letter}
}

// movedUpMail tells a waiting person that they have a seat; a guest's
// carries a fresh link with token.
func movedUpMail(app core.App, r, ev *core.Record, token string) mailer.Mail {
	guest := r.GetString("user") == ""
	link := mailer.Link(app, OwnPage)
	if guest {
		link = LinkURL(app, token)
	}
	return mailer.Mail{To: r.GetString("email"), About: Collection + "/" + r.Id, Letter: mailer.RegistrationMovedUp{
		Name: r.GetString("name"), Event: ev.GetString("title"), When: when(ev), Where: ev.GetString("location"),
		Guest: guest, Link: link,
	}}
}
