package workinggroup

import (
	"fmt"
	"slices"
	"time"

	"ben/hooks/guard"
	"ben/hooks/tz"
)

// Seats of the working group (strategy §4.1).
const (
	SeatMayor        = "buergermeister"
	SeatCoordination = "koordination"
	SeatCaritas      = "caritas"
	SeatCare         = "pflegestuetzpunkt_drk"
	SeatEquality     = "gleichstellung"
	SeatPolitics     = "politik"
	SeatClubs        = "verein_buergerschaft"
	SeatYouth        = "jugend"
	SeatExtension    = "erweiterung"
)

// Seats lists every seat in the order of the strategy.
var Seats = []string{SeatMayor, SeatCoordination, SeatCaritas, SeatCare, SeatEquality,
	SeatPolitics, SeatClubs, SeatYouth, SeatExtension}

// SeatLabels name the seats the way the strategy does.
var SeatLabels = map[string]string{
	SeatMayor:        "Bürgermeister",
	SeatCoordination: "Koordinierung Engagierte Stadt",
	SeatCaritas:      "Caritasverband Westeifel",
	SeatCare:         "Pflegestützpunkt / DRK",
	SeatEquality:     "Gleichstellungsbeauftragte",
	SeatPolitics:     "Politik",
	SeatClubs:        "Vereine und Bürgerschaft",
	SeatYouth:        "Jugend",
	SeatExtension:    "Erweiterung",
}

// The head count of the working group: 10 members, extended when needed,
// never beyond 12. Deputies are not members and do not count.
const (
	StandardSize        = 10
	MaxSize             = 12
	MaxPoliticsDeputies = 3
)

// SeatQuota is the most active members a seat may have. The extension seat
// has no quota of its own (0): the head count alone limits it.
func SeatQuota(seat string) int {
	switch seat {
	case SeatPolitics:
		return 3
	case SeatClubs:
		return 2
	case SeatExtension:
		return 0
	default:
		return 1
	}
}

// Member is what the composition rules need to know about a member record.
type Member struct {
	ID     string
	Seat   string
	Deputy bool
	Active bool
	Reason bool // an extension_reason is recorded
	// Party is the party or voters' group of a politics seat.
	Party string
	// DeputyFor is the id of the politics member a deputy stands in for.
	DeputyFor string
	// From and Until are active_from and active_until (days in Bitburg);
	// zero means open.
	From, Until time.Time
}

// ActiveOn reports whether m sits in the working group on the day of t (in
// Bitburg): active is set and the day lies within active_from …
// active_until, both days included. The head count, the public list and
// the daily job all use this one definition.
func (m Member) ActiveOn(t time.Time) bool {
	if !m.Active {
		return false
	}
	day := tz.Day(t)
	if !m.From.IsZero() && day.Before(tz.Day(m.From)) {
		return false
	}
	return m.Until.IsZero() || !day.After(tz.Day(m.Until))
}

// counts reports whether m is one of the head count.
func (m Member) counts() bool { return m.Active && !m.Deputy }

// politicsMember reports whether m is an active politics member (not a deputy).
func (m Member) politicsMember() bool { return m.counts() && m.Seat == SeatPolitics }

// CheckFrom decides whether a member may be written as after, on every day
// from today on: the composition may change on the days where a membership
// starts or ends, so the rules of Check are applied to the working group of
// today and of each such day. others are the other records (their days and
// the active flag decide who sits on each day); before is the member's
// previous state (nil for a new member).
func CheckFrom(today time.Time, others []Member, before *Member, after Member) []guard.Violation {
	for _, day := range changeDays(today, others, before, after) {
		on := func(m Member) Member {
			m.Active = m.ActiveOn(day)
			return m
		}
		present := make([]Member, 0, len(others))
		for _, o := range others {
			if o.ActiveOn(day) {
				present = append(present, on(o))
			}
		}
		var was *Member
		if before != nil {
			b := on(*before)
			was = &b
		}
		vs := Check(present, was, on(after))
		if len(vs) == 0 {
			continue
		}
		if tz.Day(day).After(tz.Day(today)) {
			for i := range vs {
				vs[i].Message = "Ab dem " + tz.Date(day) + ": " + vs[i].Message
			}
		}
		return vs
	}
	return nil
}

// changeDays are today and every later day on which a membership starts,
// or the day after one ends: between them the working group stays the same.
func changeDays(today time.Time, others []Member, before *Member, after Member) []time.Time {
	first := tz.Day(today)
	days := []time.Time{first}
	add := func(day time.Time) {
		if day.After(first) {
			days = append(days, day)
		}
	}
	addMember := func(m Member) {
		if !m.Active {
			return
		}
		if !m.From.IsZero() {
			add(tz.Day(m.From))
		}
		if !m.Until.IsZero() {
			add(tz.Day(m.Until).AddDate(0, 0, 1))
		}
	}
	for _, o := range others {
		addMember(o)
	}
	if before != nil {
		addMember(*before)
	}
	addMember(after)
	slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
	return slices.Compact(days)
}

// Check decides whether a member may be written as after, given the other
// members of the working group on one day (their inactive ones are
// ignored) and the member's previous state on that day (nil for a new
// member). It returns nil when the working group stays within its rules,
// else the first rule broken:
//   - deputies sit only on politics seats, at most three of them active;
//   - at most 12 active members, and each seat within its quota;
//   - the member that makes it 11 or 12 records a reason, an extension seat
//     always has one, and no reason is removed while the group has more
//     than 10 members;
//   - the party rule of the politics seats (CheckParties).
//
// Together these keep the invariant that a group of n > 10 members has at
// least n-10 recorded reasons, whatever order the writes come in.
func Check(others []Member, before *Member, after Member) []guard.Violation {
	if after.Deputy && after.Seat != SeatPolitics {
		return []guard.Violation{{Field: "deputy", Code: "validation_deputy_not_politics", Message: "Stellvertretungen gibt es nur auf den Sitzen der Politik."}}
	}
	if after.Seat == SeatExtension && !after.Reason {
		return []guard.Violation{{Field: "extension_reason", Code: "validation_extension_reason_required", Message: "Ein Erweiterungssitz braucht immer eine Begründung für die Erweiterung."}}
	}
	if vs := checkDeputiesKeepTheirMember(others, before, after); vs != nil {
		return vs
	}
	if !after.Active {
		return nil
	}

	headCount, deputies := 0, 0
	onSeat := map[string]int{}
	for _, o := range others {
		switch {
		case o.counts():
			headCount++
			onSeat[o.Seat]++
		case o.Active && o.Deputy:
			deputies++
		}
	}

	if after.Deputy {
		if deputies+1 > MaxPoliticsDeputies {
			return []guard.Violation{{Field: "deputy", Code: "validation_deputies_full", Message: fmt.Sprintf(
				"Die Politik hat bereits %d aktive Stellvertretungen; mehr sind nicht vorgesehen.", deputies)}}
		}
		return CheckParties(others, after)
	}

	if headCount+1 > MaxSize {
		return []guard.Violation{{Field: "active", Code: "validation_working_group_full", Message: fmt.Sprintf(
			"Der Arbeitskreis hat bereits %d Mitglieder und darf nicht größer werden. Stellvertretungen zählen nicht mit.", headCount)}}
	}
	if quota := SeatQuota(after.Seat); quota > 0 && onSeat[after.Seat]+1 > quota {
		return []guard.Violation{{Field: "seat", Code: "validation_seat_full", Message: seatFullMessage(after.Seat, quota)}}
	}

	joins := before == nil || !before.counts()
	if headCount+1 > StandardSize && !after.Reason {
		if joins {
			return []guard.Violation{{Field: "extension_reason", Code: "validation_extension_reason_required", Message: fmt.Sprintf(
				"Mit diesem Mitglied hätte der Arbeitskreis %d Mitglieder. Über %d hinaus braucht jedes weitere Mitglied eine Begründung für die Erweiterung.",
				headCount+1, StandardSize)}}
		}
		if before.Reason {
			return []guard.Violation{{Field: "extension_reason", Code: "validation_extension_reason_kept", Message: fmt.Sprintf(
				"Der Arbeitskreis hat %d Mitglieder: Die Begründung für die Erweiterung kann erst entfernt werden, wenn er wieder höchstens %d hat.",
				headCount+1, StandardSize)}}
		}
	}
	return CheckParties(others, after)
}

func seatFullMessage(seat string, quota int) string {
	label := SeatLabels[seat]
	if quota == 1 {
		return fmt.Sprintf("Der Sitz „%s“ ist bereits besetzt.", label)
	}
	return fmt.Sprintf("Der Sitz „%s“ ist bereits mit %d Mitgliedern besetzt.", label, quota)
}
