package workinggroup

import (
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"ben/hooks/guard"
	"ben/hooks/tz"
)

// standardTen is the working group at its standard size: every seat of the
// strategy but the youth seat.
func standardTen() []Member {
	return members(SeatMayor, SeatCoordination, SeatCaritas, SeatCare, SeatEquality,
		SeatPolitics, SeatPolitics, SeatPolitics, SeatClubs, SeatClubs)
}

// unique is a new id, so that the ids and the parties of politics seats of
// the tests' members differ (random, so that parallel tests share no
// counter).
func unique() string { return rand.Text()[:10] }

func members(seats ...string) []Member {
	out := make([]Member, len(seats))
	for i, s := range seats {
		id := unique()
		out[i] = Member{ID: "m" + id, Seat: s, Active: true, Reason: s == SeatExtension}
		if s == SeatPolitics {
			out[i].Party = "Partei " + id
		}
	}
	return out
}

func with(ms []Member, more ...Member) []Member {
	return append(append([]Member{}, ms...), more...)
}

// politicsIDs are the ids of the active politics members of ms.
func politicsIDs(ms []Member) []string {
	var ids []string
	for _, m := range ms {
		if m.politicsMember() {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

// deputies are n politics deputies standing in for the politics members of
// group in turn, each of a party of their own.
func deputies(group []Member, n int, active bool) []Member {
	ids := politicsIDs(group)
	out := make([]Member, n)
	for i := range out {
		id := unique()
		out[i] = Member{ID: "d" + id, Seat: SeatPolitics, Deputy: true, Active: active,
			Party: "Partei " + id, DeputyFor: ids[i%len(ids)]}
	}
	return out
}

// newDeputy is a deputy of a new party for the member with id.
func newDeputy(id string, active bool) Member {
	return Member{ID: "new", Seat: SeatPolitics, Deputy: true, Active: active, Party: "Neue Partei", DeputyFor: id}
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
	t.Parallel()
	ten := standardTen()
	p := politicsIDs(ten)
	politicsMember := Member{Seat: SeatPolitics, Active: true, Party: "Neue Partei"}
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
		{"a deputy joins a group of 12", twelve, nil, newDeputy(politicsIDs(twelve)[0], true), ""},
		{"deputies do not make the 10th member the 11th", with(nine, deputies(nine, 3, true)...), nil, Member{Seat: SeatMayor, Active: true}, ""},
		{"deputies do not make the 12th member the 13th", with(eleven, deputies(eleven, 3, true)...), nil, extension, ""},
		{"the third politics deputy joins", with(ten, deputies(ten, 2, true)...), nil, newDeputy(p[2], true), ""},
		{"a fourth politics deputy is refused", with(ten, deputies(ten, 3, true)...), nil, newDeputy(p[0], true), "validation_deputies_full"},
		{"former deputies leave room for new ones", with(ten, deputies(ten, 5, false)...), nil, newDeputy(p[0], true), ""},
		{"an inactive deputy may be recorded beside three active ones", with(ten, deputies(ten, 3, true)...), nil, newDeputy(p[0], false), ""},

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
		{"a deputy becoming the 11th member needs a reason", with(ten[:7], members(SeatClubs, SeatClubs, SeatYouth)...),
			&Member{Seat: SeatPolitics, Deputy: true, Active: true, Party: "Neue Partei", DeputyFor: p[0]}, politicsMember, "validation_extension_reason_required"},
		{"a deputy becoming the 11th member with a reason", with(ten[:7], members(SeatClubs, SeatClubs, SeatYouth)...),
			&Member{Seat: SeatPolitics, Deputy: true, Active: true, Party: "Neue Partei", DeputyFor: p[0]}, Member{Seat: SeatPolitics, Active: true, Reason: true, Party: "Neue Partei"}, ""},
		{"a deputy becoming the 10th member", with(ten[:7], members(SeatClubs, SeatClubs)...),
			&Member{Seat: SeatPolitics, Deputy: true, Active: true, Party: "Neue Partei", DeputyFor: p[0]}, politicsMember, ""},
		{"a deputy cannot become the 13th member", with(ten[:7], members(SeatClubs, SeatClubs, SeatYouth, SeatExtension, SeatExtension, SeatExtension)...),
			&Member{Seat: SeatPolitics, Deputy: true, Active: true}, Member{Seat: SeatPolitics, Active: true, Reason: true, Party: "Neue Partei"}, "validation_working_group_full"},
		{"a deputy cannot become a fourth politics member", standardTen(),
			&Member{Seat: SeatPolitics, Deputy: true, Active: true}, Member{Seat: SeatPolitics, Active: true, Reason: true, Party: "Neue Partei"}, "validation_seat_full"},
		{"a member of an 11-strong group changes seat without a reason", with(ten[1:], youthReason),
			&Member{Seat: SeatClubs, Active: true}, Member{Seat: SeatMayor, Active: true}, ""},
		{"a member cannot change to a full seat", ten[1:],
			&Member{Seat: SeatYouth, Active: true}, politicsMember, "validation_seat_full"},
		{"a member of an 11-strong group is edited without a reason", with(ten[1:], youthReason),
			&Member{Seat: SeatMayor, Active: true}, Member{Seat: SeatMayor, Active: true}, ""},

		// the recorded reason stays while the group is extended
		{"the reason cannot be removed from an 11-strong group", standardTen(), &youthReason, youth, "validation_extension_reason_kept"},
		{"the reason may be removed once the group is back at 10", nine, &youthReason, youth, ""},
		{"an extension seat keeps its reason in any group", nil, &extension, extensionBare, "validation_extension_reason_required"},

		// deputies only on politics seats
		{"a politics deputy is allowed", ten, nil, newDeputy(p[1], true), ""},
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
		if seat == SeatPolitics {
			newcomer.Party = "Neue Partei"
		}
		cases = append(cases,
			checkCase{fmt.Sprintf("member %d of %d on the seat %s joins", quota, quota, seat), members(below...), nil, newcomer, ""},
			checkCase{fmt.Sprintf("member %d of %d on the seat %s is refused", quota+1, quota, seat), members(full...), nil, newcomer, "validation_seat_full"},
		)
	}
	cases = append(cases, checkCase{"extension seats are limited by the head count alone", members(SeatExtension, SeatExtension, SeatExtension, SeatExtension, SeatExtension), nil, extension, ""})

	runCheckCases(t, cases)
}

func runCheckCases(t *testing.T, cases []checkCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			assertOneCode(t, Check(c.others, c.before, c.after), c.code)
		})
	}
}

// assertOneCode checks that vs names the first broken rule only, with a
// field and a German sentence, and that its code is code ("" = allowed).
func assertOneCode(t *testing.T, vs []guard.Violation, code string) {
	t.Helper()
	got := ""
	if len(vs) > 1 {
		t.Fatalf("the rules name the first broken rule only, got %v", vs)
	}
	for _, v := range vs {
		got = v.Code
		if v.Message == "" || v.Field == "" {
			t.Fatalf("violation %q lacks a field or message", v.Code)
		}
	}
	if got != code {
		t.Fatalf("got %q (%v), want %q", got, vs, code)
	}
}

func TestQuotasFitTheStrategy(t *testing.T) {
	t.Parallel()
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

// fuzzParties are the parties of the fuzz tests; "" is a missing party.
var fuzzParties = []string{"", "A", "B", "C", "D", "E", "F", "a "}

// fuzzMember decodes a write of the fuzz tests: b holds the seat and the
// flags, c the party and the member a deputy stands in for.
func fuzzMember(id int, b, c byte) Member {
	return Member{
		ID:        fmt.Sprint(id),
		Seat:      Seats[int(b&0x0f)%len(Seats)],
		Deputy:    b&0x10 != 0,
		Active:    b&0x20 != 0,
		Reason:    b&0x40 != 0,
		Party:     fuzzParties[int(c&0x07)],
		DeputyFor: fmt.Sprint(int(c>>3) % 24),
	}
}

// othersThan lists the group without the member id.
func othersThan(group map[int]Member, id int) []Member {
	others := make([]Member, 0, len(group))
	for other, m := range group {
		if other != id {
			others = append(others, m)
		}
	}
	return others
}

// FuzzCheck writes members in any order and checks that whatever Check lets
// through keeps the working group within its rules.
func FuzzCheck(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21})
	f.Add([]byte("a working group of twelve and more, written in any order at all"))
	// ten members, an eleventh with a reason, then the reason is taken away
	f.Add([]byte{0, 0x20, 0, 1, 0x21, 0, 2, 0x22, 0, 3, 0x23, 0, 4, 0x24, 0, 5, 0x25, 1, 6, 0x25, 2, 7, 0x25, 3,
		8, 0x26, 0, 9, 0x26, 0, 10, 0x67, 0, 10, 0x27, 0})
	// three politics members, two deputies, then a deputy of a member's party
	f.Add([]byte{0, 0x25, 1, 1, 0x25, 2, 2, 0x25, 3, 3, 0x35, 4, 4, 0x35, 5 | 1<<3, 5, 0x35, 1 | 2<<3})
	f.Fuzz(func(t *testing.T, ops []byte) {
		group := map[int]Member{}
		for i := 0; i+2 < len(ops); i += 3 {
			id, b, c := int(ops[i]%24), ops[i+1], ops[i+2]
			if b == 0xff {
				if !hasDeputy(group, id, func(Member) bool { return true }) {
					delete(group, id) // PocketBase would clear the deputy's deputy_for, which the rules refuse
				}
				continue
			}
			after := fuzzMember(id, b, c)
			var before *Member
			if m, ok := group[id]; ok {
				before = &m
			}
			if Check(othersThan(group, id), before, after) == nil {
				group[id] = after
			}
			assertInvariants(t, group)
		}
	})
}

// hasDeputy reports whether an active deputy of group, for which present
// holds, stands in for the member id.
func hasDeputy(group map[int]Member, id int, present func(Member) bool) bool {
	for _, m := range group {
		if m.Active && m.Deputy && m.DeputyFor == fmt.Sprint(id) && present(m) {
			return true
		}
	}
	return false
}

// FuzzCheckFrom writes memberships with first and last days around today
// and checks, with CheckFrom as the gate, that the working group keeps its
// rules on every day from today on, and that the definition of a
// membership's days holds at midnight in Bitburg.
func FuzzCheckFrom(f *testing.F) {
	f.Add([]byte{0, 0x20, 0, 0x00, 1, 0x21, 0, 0x13, 2, 0x26, 0, 0x25, 3, 0x26, 0, 0xf6, 4, 0x27, 0, 0xf9})
	f.Add([]byte("members come and go on the days of Bitburg, some tomorrow, some until yesterday"))
	f.Fuzz(func(t *testing.T, ops []byte) {
		today := time.Date(2027, 3, 27, 23, 30, 0, 0, tz.Berlin) // the eve of the change to summer time
		day := func(offset int) time.Time {
			// stored either at midnight UTC or at local midnight, as the dashboard does
			d := tz.Day(today).AddDate(0, 0, offset)
			if offset%2 == 0 {
				return tz.Midnight(d).UTC()
			}
			return d
		}
		group := map[int]Member{}
		for i := 0; i+3 < len(ops); i += 4 {
			id, b, c, d := int(ops[i]%24), ops[i+1], ops[i+2], ops[i+3]
			if b == 0xff {
				if !hasDeputy(group, id, func(m Member) bool { return m.Until.IsZero() || !tz.Day(m.Until).Before(tz.Day(today)) }) {
					delete(group, id)
				}
				continue
			}
			after := fuzzMember(id, b, c)
			if from := int(d & 0x0f); from != 0x0f {
				after.From = day(from - 4)
			}
			if length := int(d >> 4); length != 0x0f {
				start := tz.Day(today)
				if !after.From.IsZero() {
					start = tz.Day(after.From)
				}
				after.Until = tz.Midnight(start.AddDate(0, 0, length)).UTC()
			}
			var before *Member
			if m, ok := group[id]; ok {
				before = &m
			}
			if CheckFrom(today, othersThan(group, id), before, after) == nil {
				group[id] = after
			}
			for offset := range 24 {
				on := tz.Midnight(tz.Day(today).AddDate(0, 0, offset)) // 00:00 in Bitburg
				present := map[int]Member{}
				for k, m := range group {
					if m.ActiveOn(on) {
						if m.ActiveOn(on.Add(-time.Second)) != m.ActiveOn(on.Add(-24*time.Hour+time.Hour)) && offset > 0 {
							t.Fatalf("membership %v changes within a day in Bitburg", m)
						}
						present[k] = m
					}
				}
				assertInvariants(t, present)
			}
		}
	})
}

func assertInvariants(t *testing.T, group map[int]Member) {
	t.Helper()
	headCount, reasons, activeDeputies := 0, 0, 0
	onSeat := map[string]int{}
	parties := map[string]int{}
	standsIn := map[string]int{}
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
		if m.Active && m.Seat == SeatPolitics {
			if PartyKey(m.Party) == "" {
				t.Fatalf("politics seat without a party: %v", group)
			}
			parties[PartyKey(m.Party)]++
		}
		if m.Active && m.Deputy {
			standsIn[m.DeputyFor]++
			found := false
			for _, o := range group {
				found = found || (o.ID == m.DeputyFor && o.politicsMember())
			}
			if !found {
				t.Fatalf("deputy %s stands in for %s, who is no politics member: %v", m.ID, m.DeputyFor, group)
			}
		}
		if m.counts() {
			headCount++
			onSeat[m.Seat]++
			if m.Reason {
				reasons++
			}
		}
	}
	for party, n := range parties {
		if n > 1 {
			t.Fatalf("party %q %d times on politics seats: %v", party, n, group)
		}
	}
	for member, n := range standsIn {
		if n > 1 {
			t.Fatalf("member %s has %d deputies: %v", member, n, group)
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
