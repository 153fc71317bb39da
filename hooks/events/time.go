package events

import (
	"time"

	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/tz"
)

// MaxDays is the longest an event (one date of it) may last, in calendar
// days in Bitburg. Longer commitments are opportunities, not events. The
// bound lets "upcoming" be asked without reading the past: an event that
// has not ended at t started at most MaxDays before t (EarliestStartOfRunning).
const MaxDays = 31

// TooLong reports whether an event from start to end lasts longer than
// MaxDays: its end lies after the same wall-clock time MaxDays days after
// its start in Bitburg (a summer-time change in between does not count).
func TooLong(start, end time.Time) bool {
	return end.After(start.In(tz.Berlin).AddDate(0, 0, MaxDays))
}

// EarliestStartOfRunning is the earliest start of an event that has not
// ended at t: filter "ends_at >= t && starts_at >= EarliestStartOfRunning(t)"
// finds every such event and lets an index on starts_at skip the past.
func EarliestStartOfRunning(t time.Time) time.Time {
	return t.In(tz.Berlin).AddDate(0, 0, -MaxDays).Add(-time.Hour)
}

func parseDateTime(raw string) (time.Time, error) {
	dt, err := types.ParseDateTime(raw)
	if err != nil {
		return time.Time{}, err
	}
	return dt.Time(), nil
}
