package events

import (
	"fmt"
	"slices"
	"time"

	"ben/hooks/tz"
)

// FestivalCycleYears is the spacing of the clubs' festival "Bitburg engagiert
// sich": it takes place every two years (strategy §4.3).
const FestivalCycleYears = 2

// FestivalYear is the calendar year of a festival that starts at t, counted
// in the town's time zone.
func FestivalYear(t time.Time) int {
	return t.In(tz.Berlin).Year()
}

// FestivalConflict returns the first year among existing that lies less than
// FestivalCycleYears from year, and whether there is one. 2027 and 2029 are
// fine; 2027 and 2028, or two festivals in 2027, conflict.
func FestivalConflict(existing []int, year int) (int, bool) {
	sorted := slices.Clone(existing)
	slices.Sort(sorted)
	for _, y := range sorted {
		d := y - year
		if d < 0 {
			d = -d
		}
		if d < FestivalCycleYears {
			return y, true
		}
	}
	return 0, false
}

// festivalConflictMessage explains the refusal to staff in German.
func festivalConflictMessage(year, taken int) string {
	if year == taken {
		return fmt.Sprintf("Für %d ist bereits ein Vereinsfest „Bitburg engagiert sich“ angelegt. Das Fest findet alle zwei Jahre statt.", year)
	}
	return fmt.Sprintf("Das Vereinsfest findet alle zwei Jahre statt: %d liegt zu nah am Fest von %d.", year, taken)
}
