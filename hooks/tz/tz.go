// Package tz holds the town's time zone. Calendar days and years of BEN's
// rules (card age, festival cycle, nomination deadlines) are counted in it.
// The zone database is built into the binary, so no machine setup matters.
package tz

import (
	"time"
	_ "time/tzdata"
)

// Berlin is Europe/Berlin, the time zone of Bitburg.
var Berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err) // cannot happen: time/tzdata is embedded
	}
	return loc
}()

// Day is midnight (UTC-based) of t's calendar day in Bitburg, so that
// AddDate and comparisons work on whole calendar days.
func Day(t time.Time) time.Time {
	y, m, d := t.In(Berlin).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Date writes the calendar day of t in Bitburg the German way: "17.04.1988".
func Date(t time.Time) string {
	return t.In(Berlin).Format("02.01.2006")
}

// Midnight is 00:00 in Bitburg on the calendar day of day (a value of Day):
// the instant that day begins.
func Midnight(day time.Time) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Berlin)
}
