package decision

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/staff"
)

func TestADecisionIsANewStatusOtherThanUndecided(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		from, to string
		want     bool
	}{
		{"", "accepted", true},           // the office creates a decided record
		{"submitted", "accepted", true},  // the office decides
		{"submitted", "declined", true},  // either way
		{"accepted", "accepted", false},  // a repeat of the stored decision
		{"accepted", "submitted", false}, // taken back: nobody is told
		{"", "submitted", false},         // a new record from outside the office
		{"submitted", "submitted", false},
	} {
		got := Change{From: c.from, To: c.to, undecided: "submitted"}.Decided()
		if got != c.want {
			t.Errorf("from %q to %q: Decided() = %v, want %v", c.from, c.to, got, c.want)
		}
	}
}

func TestTheSignerIsTheStaffAccountOfADecision(t *testing.T) {
	t.Parallel()
	f := Flow{Undecided: "submitted"}
	member := core.NewRecord(core.NewAuthCollection(staff.Collection))
	member.Id = "staffmember0001"
	superuser := core.NewRecord(core.NewAuthCollection(core.CollectionNameSuperusers))
	superuser.Id = "superuser000001"
	citizen := core.NewRecord(core.NewAuthCollection("users"))
	citizen.Id = "citizen00000001"
	for _, c := range []struct {
		name   string
		auth   *core.Record
		status string
		want   string
	}{
		{"a staff member decides", member, "accepted", member.Id},
		{"a superuser decides: nobody of the office is named", superuser, "accepted", ""},
		{"a staff member takes the decision back", member, "submitted", ""},
		{"a guest sends in", nil, "submitted", ""},
		{"a citizen is never the signer", citizen, "accepted", ""},
	} {
		if got := f.signer(c.auth, c.status); got != c.want {
			t.Errorf("%s: signer = %q, want %q", c.name, got, c.want)
		}
	}
}
