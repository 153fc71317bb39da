package stats

import (
	"testing"
	"time"

	"ben/hooks/tz"
)

func TestOfficeDaysAreCalendarDaysInBitburg(t *testing.T) {
	t.Parallel()
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, tz.Berlin)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"2026-11-30 23:59", "2026-12-01 00:00", 1}, // a minute, but the next day
		{"2026-12-01 00:00", "2026-12-01 23:59", 0}, // almost a day, but the same day
		{"2026-03-28 12:00", "2026-03-30 12:00", 2}, // across the spring change (47 hours)
		{"2026-10-24 12:00", "2026-10-26 12:00", 2}, // across the autumn change (49 hours)
		{"2026-12-31 23:30", "2027-01-01 00:30", 1}, // New Year in Bitburg, 22:30 and 23:30 UTC
	} {
		if got := calendarDays(at(c.a), at(c.b)); got != c.want {
			t.Errorf("%s → %s: %d days, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestOfficeMedianAndNinetiethPercentile(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		days   []int
		median float64
		p90    int
	}{
		{nil, 0, 0},
		{[]int{7}, 7, 7},
		{[]int{4, 2}, 3, 4},
		{[]int{9, 1, 5}, 5, 9},
		{[]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5.5, 9},    // nine of ten at most 9
		{[]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6, 10}, // ceil(9.9) = the 10th
	} {
		if got := median(c.days); got != c.median {
			t.Errorf("median %v = %v, want %v", c.days, got, c.median)
		}
		if got := percentile90(c.days); got != c.p90 {
			t.Errorf("90th percentile %v = %d, want %d", c.days, got, c.p90)
		}
	}
}
