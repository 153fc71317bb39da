package card

import (
	"os"
	"strconv"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/mailer"
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

// ExpireCards sets every active card whose validity has ended to expired.
func ExpireCards(app core.App, now time.Time) (int, error) {
	rows, err := app.FindRecordsByFilter(Cards, "status = 'active' && valid_until != '' && valid_until < {:now}", "", 0, 0,
		dbx.Params{"now": dbTime(now)})
	if err != nil {
		return 0, err
	}
	for _, r := range rows {
		r.Set("status", CardExpired)
		if err := app.Save(r); err != nil {
			return 0, err
		}
	}
	return len(rows), nil
}

// SendReminders mails each holder once, lead before their card expires.
func SendReminders(app core.App, now time.Time, lead time.Duration) (int, error) {
	rows, err := app.FindRecordsByFilter(Cards,
		"status = 'active' && valid_until != '' && valid_until >= {:now} && valid_until <= {:until} && reminder_sent_at = '' && holder != ''",
		"", 0, 0, dbx.Params{"now": dbTime(now), "until": dbTime(now.Add(lead))})
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, r := range rows {
		holder, err := app.FindRecordById("users", r.GetString("holder"))
		if err != nil {
			continue
		}
		err = mailer.Send(app, mailer.Mail{To: holder.Email(), About: Cards + "/" + r.Id, Letter: mailer.CardExpiryReminder{
			Name:       holder.GetString("name"),
			Number:     r.GetString("number"),
			ValidUntil: tz.Date(r.GetDateTime("valid_until").Time()),
			Link:       mailer.Link(app, "/ehrenamtskarte"),
		}})
		if err != nil {
			app.Logger().Warn("Erinnerung zur Ehrenamtskarte fehlgeschlagen", "card", r.Id, "error", err)
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
