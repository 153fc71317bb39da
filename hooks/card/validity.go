package card

import (
	"fmt"
	"time"

	"ben/hooks/tz"
)

// A card's validity is counted in calendar days in Bitburg
// (Europe/Berlin), by §§ 187, 188 BGB: a card issued on a day is valid
// through the day of the same number two years later (§ 187 (1): the day
// of issue is not counted; § 188 (2)); where that month is shorter, through
// its last day (§ 188 (3): issued on 29 February 2028, valid through
// 28 February 2030).
//
// Days are held as midnight UTC of the calendar day (tz.Day), so that a
// day stored by BEN, typed into the dashboard at local midnight or written
// into a card token all mean the same day.

// AddYears is the day n years after day by § 188 (2) and (3) BGB: the same
// day number, or the last day of the month where the month has fewer days.
func AddYears(day time.Time, n int) time.Time {
	d := tz.Day(day)
	y, m := d.Year()+n, d.Month()
	last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return time.Date(y, m, min(d.Day(), last), 0, 0, 0, 0, time.UTC)
}

// ValidUntil is the last valid day of a card of kind issued at issuedAt:
// two years by §§ 187, 188 BGB for the standard card, none (valid for
// life) for the anniversary card.
func ValidUntil(kind string, issuedAt time.Time) (time.Time, bool) {
	if kind == KindJubilee {
		return time.Time{}, false
	}
	return AddYears(issuedAt, ValidityYears), true
}

// ExpiredOn reports whether a card whose last valid day is validUntil has
// expired at now: from the next calendar day in Bitburg on. A zero
// validUntil (the anniversary card) never expires.
func ExpiredOn(validUntil, now time.Time) bool {
	return !validUntil.IsZero() && tz.Day(now).After(tz.Day(validUntil))
}

// NumberYear is the year a card issued at now is numbered in: the calendar
// year in Bitburg (a card issued at 00:30 on 1 January in Bitburg belongs
// to the new year, although it is still 31 December in UTC).
func NumberYear(now time.Time) int { return now.In(tz.Berlin).Year() }

// CardNumber formats the seq-th card of a year, e.g. BIT-2026-00042.
func CardNumber(year, seq int) string {
	return fmt.Sprintf("BIT-%04d-%05d", year, seq)
}

// Lifecycle is what decides whether a card is active on a day: its status,
// the day of issue, its last valid day (zero for the anniversary card) and
// when a replacement or the office ended it (zero while it runs).
type Lifecycle struct {
	Status     string
	IssuedAt   time.Time
	ValidUntil time.Time
	EndedAt    time.Time
}

// ActiveOn reports whether a card was active on day (a calendar day in
// Bitburg): issued by then, not past its last valid day (ExpiredOn), not
// ended on or before that day (a card ended by its renewal stops counting
// on the day the new one starts), and never revoked (the day of
// revocation is not recorded, so a revoked card counts on no day). A card
// whose status is expired without an end recorded expired by its date.
// For today this is exactly an active status within validity.
func ActiveOn(c Lifecycle, day time.Time) bool {
	d := tz.Day(day)
	switch {
	case c.Status != CardActive && c.Status != CardExpired:
		return false
	case c.IssuedAt.IsZero() || tz.Day(c.IssuedAt).After(d):
		return false
	case ExpiredOn(c.ValidUntil, day):
		return false
	case !c.EndedAt.IsZero() && !d.Before(tz.Day(c.EndedAt)):
		return false
	}
	return true
}
