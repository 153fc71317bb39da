package workinggroup

import (
	"fmt"

	"ben/hooks/guard"
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
	Seat   string
	Deputy bool
	Active bool
	Reason bool // an extension_reason is recorded
}

// counts reports whether m is one of the head count.
func (m Member) counts() bool { return m.Active && !m.Deputy }

// Check decides whether a member may be written as after, given the other
// members of the working group (their inactive ones are ignored) and the
// member's previous state (nil for a new member). It returns nil when the
// working group stays within its rules, else the first rule broken:
//   - deputies sit only on politics seats, at most three of them active;
//   - at most 12 active members, and each seat within its quota;
//   - the member that makes it 11 or 12 records a reason, an extension seat
//     always has one, and no reason is removed while the group has more
//     than 10 members.
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
		return nil
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
	return nil
}

func seatFullMessage(seat string, quota int) string {
	label := SeatLabels[seat]
	if quota == 1 {
		return fmt.Sprintf("Der Sitz „%s“ ist bereits besetzt.", label)
	}
	return fmt.Sprintf("Der Sitz „%s“ ist bereits mit %d Mitgliedern besetzt.", label, quota)
}
