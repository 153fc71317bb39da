package workinggroup

import (
	"fmt"
	"testing"
)

// standardTen is the working group at its standard size: every seat of the
// strategy but the youth seat.
func standardTen() []Member {
	return members(SeatMayor, SeatCoordination, SeatCaritas, SeatCare, SeatEquality,
		SeatPolitics, SeatPolitics, SeatPolitics, SeatClubs, SeatClubs)
}

func members(seats ...string) []Member {
	out := make([]Member, len(seats))
	for i, s := range seats {
		out[i] = Member{Seat: s, Active: true, Reason: s == SeatExtension}
	}
	return out
}

func with(ms []Member, more ...Member) []Member {
	return append(append([]Member{}, ms...), more...)
}

func deputies(n int, active bool) []Member {
	out := make([]Member, n)
	for i := range out {
		out[i] = Member{Seat: SeatPolitics, Deputy: true, Active: active}
	}
	return out
}

var (
	youth         = Member{Seat: SeatYouth, Active: true}
	youthReason   = Member{Seat: SeatYouth, Active: true, Reason: true}
	extension     = Member{Seat: SeatExtension, Active: true, Reason: true}
	extensionBare = Member{Seat: SeatExtension, Active: true}
	nine          = standardTen()[1:] // the mayor's seat is free
	eleven        = with(standardTen(), youthReason)
	twelve        = with(eleven, extension)
)

type checkCase struct {
	name   string
	others []Member
	before *Member
	after  Member
	code   string // "" = allowed
}

func TestCheck(t *testing.T) {
	cases := []checkCase{
		// head count 10 / 11 / 12 / 13
		{"the 10th member joins without a reason", nine, nil, Member{Seat: SeatMayor, Active: true}, ""},
		{"the 11th member without a reason is refused", standardTen(), nil, youth, "validation_extension_reason_required"},
		{"the 11th member with a reason joins", standardTen(), nil, youthReason, ""},
		{"the 12th member with a reason joins", eleven, nil, extension, ""},
		{"the 12th member without a reason is refused", eleven, nil, extensionBare, "validation_extension_reason_required"},
		{"the 12th member on a free seat without a reason is refused", with(nine, youthReason, extension), nil,
			Member{Seat: SeatMayor, Active: true}, "validation_extension_reason_required"},
		{"the 12th member on a free seat with a reason joins", with(nine, youthReason, extension), nil,
			Member{Seat: SeatMayor, Active: true, Reason: true}, ""},
		{"the 13th member is refused even with a reason", twelve, nil, extension, "validation_working_group_full"},
		{"the 13th member is refused on a free seat too", with(nine, youthReason, extension, extension), nil,
			Member{Seat: SeatMayor, Active: true, Reason: true}, "validation_working_group_full"},

		// deputies do not count
		{"a deputy joins a group of 12", twelve, nil, Member{Seat: SeatPolitics, Deputy: true, Active: true}, ""},
		{"deputies do not make the 10th member the 11th", with(nine, deputies(3, true)...), nil, Member{Seat: SeatMayor, Active: true}, ""},
		{"deputies do not make the 12th member the 13th", with(eleven, deputies(3, true)...), nil, extension, ""},
		{"the third politics deputy joins", with(standardTen(), deputies(2, true)...), nil, Member{Seat: SeatPolitics, Deputy: true, Active: true}, ""},
		{"a fourth politics deputy is refused", with(standardTen(), deputies(3, true)...), nil, Member{Seat: SeatPolitics, Deputy: true, Active: true}, "validation_deputies_full"},
		{"former deputies leave room for new ones", with(standardTen(), deputies(5, false)...), nil, Member{Seat: SeatPolitics, Deputy: true, Active: true}, ""},
		{"an inactive deputy may be recorded beside three active ones", deputies(3, true), nil, Member{Seat: SeatPolitics, Deputy: true}, ""},

		// inactive members
		{"an inactive member may be recorded in a full group", twelve, nil, Member{Seat: SeatYouth}, ""},
		{"former members are not counted", with(nine, Member{Seat: SeatMayor}, Member{Seat: SeatYouth}, Member{Seat: SeatExtension, Reason: true}),
			nil, Member{Seat: SeatMayor, Active: true}, ""},
		{"a 13th member is refused whatever the inactive members", with(twelve, Member{Seat: SeatYouth}), nil, extension, "validation_working_group_full"},

		// every way of becoming a member
		{"re-activating the 10th member needs no reason", nine, &Member{Seat: SeatMayor}, Member{Seat: SeatMayor, Active: true}, ""},
		{"re-activating the 11th member needs a reason", standardTen(), &Member{Seat: SeatYouth}, youth, "validation_extension_reason_required"},
		{"re-activating the 11th member with a reason", standardTen(), &Member{Seat: SeatYouth}, youthReason, ""},
		{"re-activating a 13th member is refused", twelve, &Member{Seat: SeatExtension, Reason: true}, extension, "validation_working_group_full"},
		{"a deputy becoming the 11th member needs a reason", with(standardTen()[:7], members(SeatClubs, SeatClubs, SeatYouth)...),
			&Member{Seat: SeatPolitics, Deputy: true, Active: true}, Member{Seat: SeatPolitics, Active: true}, "validation_extension_reason_required"},
		{"a deputy becoming the 11th member with a reason", with(standardTen()[:7], members(SeatClubs, SeatClubs, SeatYouth)...),
			&Member{Seat: SeatPolitics, Deputy: true, Active: true}, Member{Seat: SeatPolitics, Active: true, Reason: true}, ""},
		{"a deputy becoming the 10th member", with(standardTen()[:7], members(SeatClubs, SeatClubs)...),
			&Member{Seat: SeatPolitics, Deputy: true, Active: true}, Member{Seat: SeatPolitics, Active: true}, ""},
		{"a deputy cannot become the 13th member", with(standardTen()[:7], members(SeatClubs, SeatClubs, SeatYouth, SeatExtension, SeatExtension, SeatExtension)...),
			&Member{Seat: SeatPolitics, Deputy: true, Active: true}, Member{Seat: SeatPolitics, Active: true, Reason: true}, "validation_working_group_full"},
		{"a deputy cannot become a fourth politics member", standardTen(),
			&Member{Seat: SeatPolitics, Deputy: true, Active: true}, Member{Seat: SeatPolitics, Active: true, Reason: true}, "validation_seat_full"},
		{"a member of an 11-strong group changes seat without a reason", with(standardTen()[1:], youthReason),
			&Member{Seat: SeatClubs, Active: true}, Member{Seat: SeatMayor, Active: true}, ""},
		{"a member cannot change to a full seat", standardTen()[1:],
			&Member{Seat: SeatYouth, Active: true}, Member{Seat: SeatPolitics, Active: true}, "validation_seat_full"},
		{"a member of an 11-strong group is edited without a reason", with(standardTen()[1:], youthReason),
			&Member{Seat: SeatMayor, Active: true}, Member{Seat: SeatMayor, Active: true}, ""},

		// the recorded reason stays while the group is extended
		{"the reason cannot be removed from an 11-strong group", standardTen(), &youthReason, youth, "validation_extension_reason_kept"},
		{"the reason may be removed once the group is back at 10", nine, &youthReason, youth, ""},
		{"an extension seat keeps its reason in any group", nil, &extension, extensionBare, "validation_extension_reason_required"},

		// deputies only on politics seats
		{"a politics deputy is allowed", nil, nil, Member{Seat: SeatPolitics, Deputy: true, Active: true}, ""},
		{"an inactive deputy on another seat is refused", nil, nil, Member{Seat: SeatYouth, Deputy: true}, "validation_deputy_not_politics"},
	}
	for _, seat := range Seats {
		if seat == SeatPolitics {
			continue
		}
		cases = append(cases, checkCase{"a deputy on the seat " + seat + " is refused", nil, nil, Member{Seat: seat, Deputy: true, Active: true, Reason: true}, "validation_deputy_not_politics"})
	}

	// each seat quota, on both sides
	for _, seat := range Seats {
		quota := SeatQuota(seat)
		if quota == 0 {
			continue
		}
		below := make([]string, quota-1)
		full := make([]string, quota)
		for i := range full {
			full[i] = seat
		}
		copy(below, full)
		newcomer := Member{Seat: seat, Active: true}
		cases = append(cases,
			checkCase{fmt.Sprintf("member %d of %d on the seat %s joins", quota, quota, seat), members(below...), nil, newcomer, ""},
			checkCase{fmt.Sprintf("member %d of %d on the seat %s is refused", quota+1, quota, seat), members(full...), nil, newcomer, "validation_seat_full"},
		)
	}
	cases = append(cases, checkCase{"extension seats are limited by the head count alone", members(SeatExtension, SeatExtension, SeatExtension, SeatExtension, SeatExtension), nil, extension, ""})

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			vs := Check(c.others, c.before, c.after)
			got := ""
			if len(vs) > 1 {
				t.Fatalf("Check names the first broken rule only, got %v", vs)
			}
			for _, v := range vs {
				got = v.Code
				if v.Message == "" || v.Field == "" {
					t.Fatalf("violation %q lacks a field or message", v.Code)
				}
			}
			if got != c.code {
				t.Fatalf("Check = %q (%v), want %q", got, vs, c.code)
			}
		})
	}
}

func TestQuotasFitTheStrategy(t *testing.T) {
	// the seats named in the strategy add up to 11: one more than the
	// standard size, so the head count, not the seats, is the limit
	sum := 0
	for _, s := range Seats {
		sum += SeatQuota(s)
		if SeatLabels[s] == "" {
			t.Errorf("seat %s has no German label", s)
		}
	}
	if sum != 11 {
		t.Fatalf("the named seats add up to %d, want 11", sum)
	}
}

// FuzzCheck writes members in any order and checks that whatever Check lets
// through keeps the working group within its rules.
func FuzzCheck(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	f.Add([]byte("a working group of twelve and more, written in any order at all"))
	// ten members, an eleventh with a reason, then the reason is taken away
	f.Add([]byte{0, 0x20, 1, 0x21, 2, 0x22, 3, 0x23, 4, 0x24, 5, 0x25, 6, 0x25, 7, 0x25, 8, 0x26, 9, 0x26, 10, 0x67, 10, 0x27})
	f.Fuzz(func(t *testing.T, ops []byte) {
		group := map[int]Member{}
		for i := 0; i+1 < len(ops); i += 2 {
			id, b := int(ops[i]%24), ops[i+1]
			if b == 0xff {
				delete(group, id) // deleting is always allowed
				continue
			}
			after := Member{
				Seat:   Seats[int(b&0x0f)%len(Seats)],
				Deputy: b&0x10 != 0,
				Active: b&0x20 != 0,
				Reason: b&0x40 != 0,
			}
			var before *Member
			if m, ok := group[id]; ok {
				before = &m
			}
			others := make([]Member, 0, len(group))
			for other, m := range group {
				if other != id {
					others = append(others, m)
				}
			}
			if Check(others, before, after) == nil {
				group[id] = after
			}
			assertInvariants(t, group)
		}
	})
}

func assertInvariants(t *testing.T, group map[int]Member) {
	t.Helper()
	headCount, reasons, activeDeputies := 0, 0, 0
	onSeat := map[string]int{}
	for _, m := range group {
		if m.Deputy && m.Seat != SeatPolitics {
			t.Fatalf("deputy on seat %s: %v", m.Seat, group)
		}
		if m.Seat == SeatExtension && !m.Reason {
			t.Fatalf("extension seat without a reason: %v", group)
		}
		if m.Active && m.Deputy {
			activeDeputies++
		}
		if m.counts() {
			headCount++
			onSeat[m.Seat]++
			if m.Reason {
				reasons++
			}
		}
	}
	if headCount > MaxSize {
		t.Fatalf("%d members: %v", headCount, group)
	}
	if activeDeputies > MaxPoliticsDeputies {
		t.Fatalf("%d deputies: %v", activeDeputies, group)
	}
	for seat, n := range onSeat {
		if q := SeatQuota(seat); q > 0 && n > q {
			t.Fatalf("%d members on seat %s: %v", n, seat, group)
		}
	}
	if headCount > StandardSize && reasons < headCount-StandardSize {
		t.Fatalf("%d members but only %d reasons: %v", headCount, reasons, group)
	}
}
