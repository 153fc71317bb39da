package events

import (
	"testing"
	"time"

	"ben/hooks/tz"
)

func TestAnEventLastsAtMost31Days(t *testing.T) {
	t.Parallel()
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, tz.Berlin) }
	cases := []struct {
		name       string
		start, end time.Time
		tooLong    bool
	}{
		{"an evening", at(2027, 5, 3, 18, 0), at(2027, 5, 3, 20, 0), false},
		{"exactly 31 days", at(2027, 5, 1, 10, 0), at(2027, 6, 1, 10, 0), false},
		{"31 days and a minute", at(2027, 5, 1, 10, 0), at(2027, 6, 1, 10, 1), true},
		{"31 whole days (all day: midnight to the midnight after)", at(2027, 7, 1, 0, 0), at(2027, 8, 1, 0, 0), false},
		{"32 whole days", at(2027, 7, 1, 0, 0), at(2027, 8, 2, 0, 0), true},
		{"31 days over the change to summer time (one hour less)", at(2027, 3, 10, 0, 0), at(2027, 4, 10, 0, 0), false},
		{"31 days over the change to winter time (one hour more)", at(2027, 10, 20, 0, 0), at(2027, 11, 20, 0, 0), false},
		{"over winter time, an hour too long", at(2027, 10, 20, 0, 0), at(2027, 11, 20, 1, 0), true},
	}
	for _, c := range cases {
		if got := TooLong(c.start.UTC(), c.end.UTC()); got != c.tooLong {
			t.Errorf("%s: TooLong = %v, want %v", c.name, got, c.tooLong)
		}
	}
}

// Every event that is allowed and has not ended at t started at or after
// EarliestStartOfRunning(t): the upcoming list may skip everything before.
func FuzzEarliestStartOfRunningMissesNoRunningEvent(f *testing.F) {
	f.Add(int64(1806537600), int64(31*24*3600), int64(3600))
	f.Add(int64(1806537600), int64(31*24*3600+3600), int64(31*24*3600))
	f.Add(int64(1793053200), int64(31*24*3600-3600), int64(0))
	f.Fuzz(func(t *testing.T, startUnix, length, offset int64) {
		if length <= 0 || length > 40*24*3600 || startUnix < 0 || startUnix > 4e9 {
			return
		}
		start := time.Unix(startUnix, 0).UTC()
		end := start.Add(time.Duration(length) * time.Second)
		if TooLong(start, end) {
			return
		}
		if offset < 0 {
			offset = -offset
		}
		now := end.Add(-time.Duration(offset%(length+1)) * time.Second) // any moment the event still runs
		if start.Before(EarliestStartOfRunning(now)) {
			t.Fatalf("event %s–%s runs at %s but starts before %s", start, end, now, EarliestStartOfRunning(now))
		}
	})
}
