package workinggroup

import (
	"strings"
	"testing"
	"time"

	"ben/hooks/tz"
)

// The seed's party rule (§4.1): "drei Mitglieder aus in den Stadtrat
// gewählten Parteien, die anderen drei Parteien stellen deren
// Stellvertreter".
func TestPartyRule(t *testing.T) {
	t.Parallel()
	pol := func(id, party string) Member {
		return Member{ID: id, Seat: SeatPolitics, Active: true, Party: party}
	}
	dep := func(id, party, forID string) Member {
		return Member{ID: id, Seat: SeatPolitics, Deputy: true, Active: true, Party: party, DeputyFor: forID}
	}
	others := members(SeatMayor, SeatCoordination, SeatCaritas, SeatCare, SeatEquality, SeatClubs, SeatClubs)
	two := with(others, pol("a", "CDU"), pol("b", "SPD"))
	three := with(two, pol("c", "FWG"))
	withDeputies := with(three, dep("x", "Grüne", "a"), dep("y", "FDP", "b"))

	cases := []checkCase{
		// members: three parties
		{"a politics member names a party", two, nil, pol("c", ""), "validation_party_required"},
		{"a party of blanks is no party", two, nil, pol("c", "  "), "validation_party_required"},
		{"the third member from a third party joins", two, nil, pol("c", "FWG"), ""},
		{"the third member cannot be of a member's party", two, nil, pol("c", "CDU"), "validation_party_twice"},
		{"case and spacing do not make another party", two, nil, pol("c", " cdu "), "validation_party_twice"},
		{"a zero-width space does not make another party", with(two, pol("c", "Partei B")), nil, dep("x", "Partei\u200bB", "a"), "validation_party_twice"},
		{"fullwidth letters do not make another party", with(two, pol("c", "Partei B")), nil, dep("x", "ＰＡＲＴＥＩ Ｂ", "a"), "validation_party_twice"},
		{"an accent does not make another party", with(two, pol("c", "Partei B")), nil, dep("x", "Pártei B", "a"), "validation_party_twice"},
		{"a party of invisible characters is no party", two, nil, pol("c", "\u200b\u200d"), "validation_party_required"},
		{"a party with another letter is another party", with(two, pol("c", "Partei B")), nil, dep("x", "Partei C", "a"), ""},
		{"a member cannot be of a deputy's party", with(two, dep("x", "Grüne", "a")), nil, pol("c", "Grüne"), "validation_party_twice"},
		{"a member may keep their own party when edited", two, &Member{ID: "c", Seat: SeatPolitics, Active: true, Party: "FWG"}, pol("c", "FWG"), ""},

		// deputies: three other parties, one for each member
		{"a deputy from a fourth party stands in for a member", three, nil, dep("x", "Grüne", "a"), ""},
		{"the third deputy from a sixth party", withDeputies, nil, dep("z", "Linke", "c"), ""},
		{"a deputy cannot be of a member's party", three, nil, dep("x", "CDU", "b"), "validation_party_twice"},
		{"a deputy cannot be of another deputy's party", withDeputies, nil, dep("z", "FDP", "c"), "validation_party_twice"},
		{"a deputy names a party", three, nil, dep("x", "", "a"), "validation_party_required"},
		{"a deputy names the member they stand in for", three, nil, dep("x", "Grüne", ""), "validation_deputy_for_required"},
		{"a deputy cannot stand in for themselves", three, nil, dep("x", "Grüne", "x"), "validation_deputy_for_required"},
		{"a deputy cannot stand in for a member of another seat", three, nil, dep("x", "Grüne", others[0].ID), "validation_deputy_for_not_member"},
		{"a deputy cannot stand in for another deputy", withDeputies, nil, dep("z", "Linke", "x"), "validation_deputy_for_not_member"},
		{"a deputy cannot stand in for a former member", with(two, Member{ID: "c", Seat: SeatPolitics, Party: "FWG"}), nil, dep("x", "Grüne", "c"), "validation_deputy_for_not_member"},
		{"a member has one deputy only", withDeputies, nil, dep("z", "Linke", "a"), "validation_deputy_for_taken"},
		{"a former deputy leaves the member free", with(three, Member{ID: "old", Seat: SeatPolitics, Deputy: true, Party: "Grüne", DeputyFor: "a"}), nil, dep("x", "Grüne", "a"), ""},
		{"a former deputy on record keeps no party from anyone", with(three, Member{ID: "old", Seat: SeatPolitics, Deputy: true, Party: "Grüne", DeputyFor: "a"}), nil, dep("x", "Linke", "b"), ""},
		{"a former politics member needs no party", three, nil, Member{ID: "old", Seat: SeatPolitics}, ""},

		// with the head count and the deputies' limit
		{"a fourth deputy is refused before its party is judged", with(withDeputies, dep("z", "Linke", "c")), nil, dep("w", "CDU", "c"), "validation_deputies_full"},
		{"a fourth politics member is refused before its party is judged", three, nil, pol("d", "CDU"), "validation_seat_full"},
		{"the 11th member from the politics needs a reason before its party is judged", with(standardTen()[:5], with(members(SeatClubs, SeatClubs, SeatYouth), pol("a", "CDU"), pol("b", "SPD"))...),
			nil, pol("c", "CDU"), "validation_extension_reason_required"},
		{"a deputy turning member keeps their party", two, &Member{ID: "x", Seat: SeatPolitics, Deputy: true, Active: true, Party: "Grüne", DeputyFor: "a"},
			pol("x", "Grüne"), ""},
		{"a deputy cannot turn member of a member's party", two, &Member{ID: "x", Seat: SeatPolitics, Deputy: true, Active: true, Party: "Grüne", DeputyFor: "a"},
			pol("x", "SPD"), "validation_party_twice"},

		// a member cannot leave while a deputy stands in for them
		{"a member with a deputy cannot leave", withDeputies, &Member{ID: "a", Seat: SeatPolitics, Active: true, Party: "CDU"}, Member{ID: "a", Seat: SeatPolitics, Party: "CDU"}, "validation_member_has_deputy"},
		{"a member with a deputy cannot change seat", withDeputies, &Member{ID: "a", Seat: SeatPolitics, Active: true, Party: "CDU"}, Member{ID: "a", Seat: SeatYouth, Active: true}, "validation_member_has_deputy"},
		{"a member with a deputy cannot become a deputy", withDeputies, &Member{ID: "a", Seat: SeatPolitics, Active: true, Party: "CDU"}, dep("a", "CDU", "b"), "validation_member_has_deputy"},
		{"a member without a deputy may leave", withDeputies, &Member{ID: "c", Seat: SeatPolitics, Active: true, Party: "FWG"}, Member{ID: "c", Seat: SeatPolitics, Party: "FWG"}, ""},
		{"a member may leave once the deputy has left", with(three, Member{ID: "x", Seat: SeatPolitics, Deputy: true, Party: "Grüne", DeputyFor: "a"}),
			&Member{ID: "a", Seat: SeatPolitics, Active: true, Party: "CDU"}, Member{ID: "a", Seat: SeatPolitics, Party: "CDU"}, ""},
	}
	runCheckCases(t, cases)
}

// CheckFrom judges the working group on today and on every later day where
// a membership starts or ends, counted in days of Bitburg.
func TestCheckFromCountsDaysInBitburg(t *testing.T) {
	t.Parallel()
	now := time.Date(2027, 3, 10, 23, 30, 0, 0, tz.Berlin) // 22:30 UTC: still 10 March in Bitburg
	ten := standardTen()
	youthFrom := func(from time.Time) Member {
		return Member{Seat: SeatYouth, Active: true, From: from}
	}
	until := func(m Member, d time.Time) Member {
		m.Until = d
		return m
	}
	cases := []struct {
		name   string
		others []Member
		before *Member
		after  Member
		code   string
	}{
		{"an 11th member from tomorrow needs a reason", ten, nil, youthFrom(day(2027, 3, 11)), "validation_extension_reason_required"},
		{"an 11th member from tomorrow may join once another leaves today", with(ten[1:], until(ten[0], day(2027, 3, 10))), nil, youthFrom(day(2027, 3, 11)), ""},
		{"one who leaves tomorrow still counts tomorrow", with(ten[1:], until(ten[0], day(2027, 3, 11))), nil, youthFrom(day(2027, 3, 11)), "validation_extension_reason_required"},
		{"a last day stored at local midnight is that day", with(ten[1:], until(ten[0], tz.Midnight(day(2027, 3, 10)).UTC())), nil, youthFrom(day(2027, 3, 11)), ""},
		{"a first day stored at local midnight is that day", with(ten[1:], until(ten[0], day(2027, 3, 10))), nil, youthFrom(tz.Midnight(day(2027, 3, 11)).UTC()), ""},
		{"a first day of today stored at local midnight counts today", ten, nil, youthFrom(tz.Midnight(day(2027, 3, 10)).UTC()), "validation_extension_reason_required"},
		{"a membership that ended yesterday does not count", with(ten[1:], until(ten[0], day(2027, 3, 9))), nil, Member{Seat: SeatMayor, Active: true}, ""},
		{"a membership that ends today still counts today", with(ten[1:], until(ten[0], day(2027, 3, 10))), nil, Member{Seat: SeatMayor, Active: true}, "validation_seat_full"},
		{"a 13th member in a month is refused today", with(ten, youthReason, extension), nil,
			Member{Seat: SeatExtension, Active: true, Reason: true, From: day(2027, 4, 10)}, "validation_working_group_full"},
		{"a future member fits once an extension ends before", with(ten, youthReason, until(extension, day(2027, 4, 9))), nil,
			Member{Seat: SeatExtension, Active: true, Reason: true, From: day(2027, 4, 10)}, ""},
		{"an extension to the 11th on a later day still needs a reason", with(ten[1:], until(ten[0], day(2027, 3, 20))), nil,
			Member{Seat: SeatYouth, Active: true}, "validation_extension_reason_required"},
		{"a membership ending before others start needs no reason", with(ten[1:], until(ten[0], day(2027, 3, 20))), nil,
			Member{Seat: SeatYouth, Active: true, Until: day(2027, 3, 19)}, "validation_extension_reason_required"},
		{"a member whose deputy leaves with them may leave", with(standardTen()[:5], Member{ID: "a", Seat: SeatPolitics, Active: true, Party: "CDU"},
			Member{ID: "x", Seat: SeatPolitics, Deputy: true, Active: true, Party: "Grüne", DeputyFor: "a", Until: day(2027, 3, 31)}),
			&Member{ID: "z", Seat: SeatPolitics, Active: true, Party: "SPD"}, Member{ID: "z", Seat: SeatPolitics, Active: true, Party: "SPD", Until: day(2027, 3, 31)}, ""},
		{"a member cannot leave before their deputy", with(standardTen()[:5],
			Member{ID: "x", Seat: SeatPolitics, Deputy: true, Active: true, Party: "Grüne", DeputyFor: "a", Until: day(2027, 4, 1)}),
			&Member{ID: "a", Seat: SeatPolitics, Active: true, Party: "CDU"}, Member{ID: "a", Seat: SeatPolitics, Active: true, Party: "CDU", Until: day(2027, 3, 31)}, "validation_member_has_deputy"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			assertOneCode(t, CheckFrom(now, c.others, c.before, c.after), c.code)
		})
	}

	t.Run("a refusal on a later day names the day", func(t *testing.T) {
		t.Parallel()
		vs := CheckFrom(now, with(ten, youthReason, extension), nil, Member{Seat: SeatExtension, Active: true, Reason: true, From: day(2027, 4, 10)})
		if len(vs) != 1 || vs[0].Message[:len("Ab dem 10.04.2027: ")] != "Ab dem 10.04.2027: " {
			t.Fatalf("want the day in the message, got %v", vs)
		}
	})
}

func TestActiveOnCountsWholeDaysInBitburg(t *testing.T) {
	t.Parallel()
	m := Member{Active: true, From: day(2027, 3, 28), Until: day(2027, 10, 31)} // both days of a change of the clocks
	cases := []struct {
		at   time.Time
		want bool
	}{
		{time.Date(2027, 3, 27, 23, 59, 59, 0, tz.Berlin), false},
		{time.Date(2027, 3, 28, 0, 0, 0, 0, tz.Berlin), true},
		{time.Date(2027, 3, 27, 23, 0, 0, 0, time.UTC), true}, // 00:00 in Bitburg (winter time)
		{time.Date(2027, 10, 31, 23, 59, 59, 0, tz.Berlin), true},
		{time.Date(2027, 10, 31, 23, 0, 0, 0, time.UTC), false}, // 00:00 on 1 November in Bitburg
		{time.Date(2027, 10, 31, 22, 59, 59, 0, time.UTC), true},
	}
	for _, c := range cases {
		if got := m.ActiveOn(c.at); got != c.want {
			t.Errorf("ActiveOn(%v) = %v, want %v", c.at, got, c.want)
		}
	}
	if (Member{From: day(2027, 1, 1)}).ActiveOn(day(2027, 6, 1)) {
		t.Error("without the active flag nobody is a member")
	}
	if !(Member{Active: true}).ActiveOn(day(1990, 1, 1)) {
		t.Error("without dates a membership is open on both ends")
	}
}

func TestCheckRecommendation(t *testing.T) {
	t.Parallel()
	today := time.Date(2027, 5, 4, 12, 0, 0, 0, tz.Berlin)
	cases := []struct {
		name string
		r    Recommendation
		code string
	}{
		{"a proposal needs no owner", Recommendation{Status: RecommendationProposed, MeetingDay: day(2027, 6, 1), Today: today}, ""},
		{"an adopted recommendation names its owner", Recommendation{Status: RecommendationAdopted, MeetingDay: day(2027, 5, 4), Today: today}, "validation_owner_required"},
		{"an implemented recommendation names its owner", Recommendation{Status: RecommendationImplemented, MeetingDay: day(2027, 5, 4), Today: today}, "validation_owner_required"},
		{"the office may own a recommendation", Recommendation{Status: RecommendationAdopted, Owner: OwnerOffice, MeetingDay: day(2027, 5, 4), Today: today}, ""},
		{"a rejected recommendation needs no owner", Recommendation{Status: RecommendationRejected, MeetingDay: day(2027, 5, 4), Today: today}, ""},
		{"a meeting today may have decided", Recommendation{Status: RecommendationAdopted, Owner: SeatYouth, MeetingDay: day(2027, 5, 4), Today: today}, ""},
		{"a meeting tomorrow has not decided yet", Recommendation{Status: RecommendationAdopted, Owner: SeatYouth, MeetingDay: day(2027, 5, 5), Today: today}, "validation_meeting_ahead"},
		{"nor rejected yet", Recommendation{Status: RecommendationRejected, MeetingDay: day(2027, 5, 5), Today: today}, "validation_meeting_ahead"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			vs := CheckRecommendation(c.r)
			got := ""
			if len(vs) > 0 {
				got = vs[0].Code
			}
			if got != c.code {
				t.Fatalf("got %v, want %q", vs, c.code)
			}
		})
	}
	meetingCases := []struct {
		name string
		m    Meeting
		code string
	}{
		{"a planned meeting may move", Meeting{Day: day(2027, 6, 1), Today: today}, ""},
		{"a meeting with decisions stays in the past", Meeting{Day: day(2027, 5, 5), Decisions: 1, Today: today}, "validation_meeting_decided"},
		{"a meeting with decisions may be corrected to today", Meeting{Day: day(2027, 5, 4), Decisions: 2, Today: today}, ""},
	}
	for _, c := range meetingCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			vs := CheckMeeting(c.m)
			got := ""
			if len(vs) > 0 {
				got = vs[0].Code
			}
			if got != c.code {
				t.Fatalf("got %v, want %q", vs, c.code)
			}
		})
	}
}

// day is a date as the dashboard stores it: midnight UTC.
func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestAMeetingsDecisionsAreCountedInGerman(t *testing.T) {
	t.Parallel()
	today := day(2027, 5, 4)
	for n, want := range map[int]string{1: "Zu dieser Sitzung ist bereits ein Beschluss eingetragen", 2: "Zu dieser Sitzung sind bereits 2 Beschlüsse eingetragen"} {
		vs := CheckMeeting(Meeting{Day: day(2027, 5, 5), Decisions: n, Today: today})
		if len(vs) != 1 || !strings.HasPrefix(vs[0].Message, want) {
			t.Errorf("%d decisions: %v, want %q", n, vs, want)
		}
	}
}
