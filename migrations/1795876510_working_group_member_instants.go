package migrations

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/tz"
)

// Fills active_start and active_end of the members recorded before they
// existed (see 1795876500_working_group_member_days.go). The columns are
// written directly: the record hooks would judge the whole record by rules
// it was not stored under (the party rule), and this is no change of it.
func init() {
	m.Register(func(app core.App) error {
		rows, err := app.FindAllRecords("working_group_members")
		if err != nil {
			return err
		}
		format := func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000Z") }
		for _, r := range rows {
			start, end := "", ""
			if from := r.GetDateTime("active_from").Time(); !from.IsZero() {
				start = format(tz.Midnight(tz.Day(from)))
			}
			if until := r.GetDateTime("active_until").Time(); !until.IsZero() {
				end = format(tz.Midnight(tz.Day(until).AddDate(0, 0, 1)))
			}
			_, err := app.DB().Update("working_group_members",
				dbx.Params{"active_start": start, "active_end": end}, dbx.HashExp{"id": r.Id}).Execute()
			if err != nil {
				return err
			}
		}
		return nil
	}, nil)
}
