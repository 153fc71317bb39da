package card

import (
	"os"
	"strconv"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/accounts"
	"ben/hooks/mailer"
	"ben/hooks/organisations"
	"ben/hooks/tz"
)

// Config holds the card's configurable periods.
type Config struct {
	// ReminderLead is how long before expiry the holder is reminded.
	ReminderLead time.Duration
	// Retention is how long personal data of rejected or withdrawn
	// applications is kept after the decision.
	Retention time.Duration
}

// Defaults: a reminder six weeks before expiry, deletion six months after a
// rejection or withdrawal.
var DefaultConfig = Config{ReminderLead: 42 * 24 * time.Hour, Retention: 183 * 24 * time.Hour}

// ConfigFromEnv reads BEN_CARD_REMINDER_DAYS and BEN_CARD_RETENTION_DAYS,
// falling back to DefaultConfig.
func ConfigFromEnv() Config {
	c := DefaultConfig
	if d, err := strconv.Atoi(os.Getenv("BEN_CARD_REMINDER_DAYS")); err == nil && d > 0 {
		c.ReminderLead = time.Duration(d) * 24 * time.Hour
	}
	if d, err := strconv.Atoi(os.Getenv("BEN_CARD_RETENTION_DAYS")); err == nil && d > 0 {
		c.Retention = time.Duration(d) * 24 * time.Hour
	}
	return c
}

// RunDaily marks expired cards, reminds holders before expiry and deletes
// the personal data of old rejected or withdrawn applications.
func RunDaily(app core.App, now time.Time, cfg Config) error {
	if _, err := ExpireCards(app, now); err != nil {
		return err
	}
	if _, err := SendReminders(app, now, cfg.ReminderLead); err != nil {
		return err
	}
	_, err := PurgeClosedApplications(app, now, cfg.Retention)
	return err
}

func dbTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000Z") }

// ExpireCards sets every active card whose last valid day in Bitburg has
// passed to expired (ExpiredOn: counted in Berlin days, as the verifier
// counts).
func ExpireCards(app core.App, now time.Time) (int, error) {
	// a day more than needed; ExpiredOn decides
	rows, err := app.FindRecordsByFilter(Cards, "status = 'active' && valid_until != '' && valid_until < {:now}", "", 0, 0,
		dbx.Params{"now": dbTime(now.Add(24 * time.Hour))})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range rows {
		if !ExpiredOn(r.GetDateTime("valid_until").Time(), now) {
			continue
		}
		r.Set("status", CardExpired)
		if err := app.Save(r); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// dueForReminder reports whether a card whose last valid day is validUntil
// is reminded at now: from lead (in whole days) before that day on, while
// it has not expired.
func dueForReminder(validUntil, now time.Time, lead time.Duration) bool {
	if validUntil.IsZero() || ExpiredOn(validUntil, now) {
		return false
	}
	leadDays := int((lead + 12*time.Hour) / (24 * time.Hour))
	return !tz.Day(validUntil).After(tz.Day(now).AddDate(0, 0, leadDays))
}

// SendReminders mails once, lead before a card expires, its holder or, for
// a card of a group application that nobody has claimed, the organisation
// that filed it (its address, else its editors).
func SendReminders(app core.App, now time.Time, lead time.Duration) (int, error) {
	rows, err := app.FindRecordsByFilter(Cards,
		"status = 'active' && valid_until != '' && valid_until <= {:until} && reminder_sent_at = ''",
		"", 0, 0, dbx.Params{"until": dbTime(now.Add(lead + 48*time.Hour))})
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, r := range rows {
		if !dueForReminder(r.GetDateTime("valid_until").Time(), now, lead) {
			continue
		}
		mails := reminderMails(app, r)
		if len(mails) == 0 {
			continue
		}
		failed := false
		for _, m := range mails {
			if err := mailer.Send(app, m); err != nil {
				app.Logger().Warn("Erinnerung zur Ehrenamtskarte fehlgeschlagen", "card", r.Id, "error", err)
				failed = true
			}
		}
		if failed {
			continue
		}
		r.Set("reminder_sent_at", now)
		if err := app.Save(r); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// reminderMails are the reminders of card r: to its holder, or to the
// organisation of its group application.
func reminderMails(app core.App, r *core.Record) []mailer.Mail {
	about := Cards + "/" + r.Id
	validUntil := tz.Date(r.GetDateTime("valid_until").Time())
	if id := r.GetString("holder"); id != "" {
		holder, err := app.FindRecordById(accounts.Collection, id)
		if err != nil {
			return nil
		}
		return []mailer.Mail{{To: holder.Email(), About: about, Letter: mailer.CardExpiryReminder{
			Name: holder.GetString("name"), Number: r.GetString("number"), ValidUntil: validUntil,
			Link: mailer.Link(app, "/ehrenamtskarte"),
		}}}
	}
	application, err := app.FindRecordById(Applications, r.GetString("application"))
	if err != nil || application.GetString("group_organisation") == "" {
		return nil
	}
	org, err := app.FindRecordById(organisations.Collection, application.GetString("group_organisation"))
	if err != nil {
		return nil
	}
	letter := mailer.CardExpiryReminderToClub{
		Organisation: org.GetString("name"),
		HolderName:   application.GetString("first_name") + " " + application.GetString("last_name"),
		Number:       r.GetString("number"), ValidUntil: validUntil,
		Link: mailer.Link(app, "/mein-verein/"+org.GetString("slug")+"/ehrenamtskarte"),
	}
	var to []string
	if email := org.GetString("email"); email != "" {
		to = []string{email}
	} else if editors, err := app.FindRecordsByIds(accounts.Collection, org.GetStringSlice("editors")); err == nil {
		for _, e := range editors {
			to = append(to, e.Email())
		}
	}
	mails := make([]mailer.Mail, 0, len(to))
	for _, addr := range to {
		mails = append(mails, mailer.Mail{To: addr, About: about, Letter: letter})
	}
	return mails
}

// PurgeClosedApplications deletes rejected and withdrawn applications (with
// their engagements) decided longer than retention ago.
func PurgeClosedApplications(app core.App, now time.Time, retention time.Duration) (int, error) {
	rows, err := app.FindRecordsByFilter(Applications,
		"(status = 'rejected' || status = 'withdrawn') && decided_at != '' && decided_at < {:before}",
		"", 0, 0, dbx.Params{"before": dbTime(now.Add(-retention))})
	if err != nil {
		return 0, err
	}
	for _, r := range rows {
		if err := app.Delete(r); err != nil {
			return 0, err
		}
	}
	return len(rows), nil
}
