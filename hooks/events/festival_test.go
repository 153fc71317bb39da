package events

import (
	"testing"
	"time"
)

func TestFestivalConflict(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		existing []int
		year     int
		conflict bool
		with     int
	}{
		{"first festival ever", nil, 2027, false, 0},
		{"two years apart is fine", []int{2027}, 2029, false, 0},
		{"two years before is fine", []int{2029}, 2027, false, 0},
		{"same year is refused", []int{2027}, 2027, true, 2027},
		{"next year is refused", []int{2027}, 2028, true, 2027},
		{"previous year is refused", []int{2027}, 2026, true, 2027},
		{"between two festivals four years apart", []int{2025, 2029}, 2027, false, 0},
		{"between two festivals three years apart", []int{2025, 2028}, 2027, true, 2028},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			with, conflict := FestivalConflict(c.existing, c.year)
			if conflict != c.conflict || with != c.with {
				t.Fatalf("FestivalConflict(%v, %d) = %d, %v; want %d, %v", c.existing, c.year, with, conflict, c.with, c.conflict)
			}
		})
	}
}

func TestFestivalYearCountsInBerlin(t *testing.T) {
	t.Parallel()
	// 23:30 UTC on New Year's Eve is already the new year in Bitburg.
	ts := time.Date(2027, 12, 31, 23, 30, 0, 0, time.UTC)
	if got := FestivalYear(ts); got != 2028 {
		t.Fatalf("FestivalYear(%v) = %d, want 2028", ts, got)
	}
	ts = time.Date(2027, 12, 31, 22, 30, 0, 0, time.UTC)
	if got := FestivalYear(ts); got != 2027 {
		t.Fatalf("FestivalYear(%v) = %d, want 2027", ts, got)
	}
}

func FuzzFestivalConflict(f *testing.F) {
	f.Add(2027, 2028, 2030)
	f.Fuzz(func(t *testing.T, a, b, year int) {
		// calendar years of stored dates lie within 1..9999
		a, b, year = 1+abs(a%9999), 1+abs(b%9999), 1+abs(year%9999)
		with, conflict := FestivalConflict([]int{a, b}, year)
		if conflict {
			d := with - year
			if d < 0 {
				d = -d
			}
			if d >= FestivalCycleYears || (with != a && with != b) {
				t.Fatalf("conflict with %d reported for %d", with, year)
			}
		}
	})
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
