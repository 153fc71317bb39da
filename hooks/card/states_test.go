package card

import "testing"

// TestTransitionEveryPair pins the state machine for every pair of statuses
// and every actor: the allowed moves are listed, everything else is refused.
func TestTransitionEveryPair(t *testing.T) {
	t.Parallel()
	statuses := []string{"", StatusDraft, StatusSubmitted, StatusConfirmed, StatusApproved, StatusRejected, StatusWithdrawn}
	type move struct {
		from, to string
		actor    Actor
	}
	allowed := map[move]bool{
		{"", StatusDraft, ActorApplicant}: true, {"", StatusDraft, ActorStaff}: true, {"", StatusDraft, ActorSystem}: true,
		{StatusDraft, StatusSubmitted, ActorApplicant}: true, {StatusDraft, StatusSubmitted, ActorStaff}: true,
		{StatusDraft, StatusWithdrawn, ActorApplicant}: true, {StatusDraft, StatusWithdrawn, ActorStaff}: true,
		{StatusSubmitted, StatusConfirmed, ActorSystem}: true, {StatusSubmitted, StatusConfirmed, ActorStaff}: true,
		{StatusSubmitted, StatusRejected, ActorStaff}:      true,
		{StatusSubmitted, StatusWithdrawn, ActorApplicant}: true, {StatusSubmitted, StatusWithdrawn, ActorStaff}: true,
		{StatusConfirmed, StatusApproved, ActorStaff}: true, {StatusConfirmed, StatusRejected, ActorStaff}: true,
		{StatusConfirmed, StatusWithdrawn, ActorApplicant}: true, {StatusConfirmed, StatusWithdrawn, ActorStaff}: true,
	}
	names := map[Actor]string{ActorApplicant: "applicant", ActorStaff: "staff", ActorSystem: "system"}
	for _, from := range statuses {
		for _, to := range statuses {
			for actor, name := range names {
				err := Transition(from, to, actor)
				want := from == to || allowed[move{from, to, actor}]
				if (err == nil) != want {
					t.Errorf("%s: %q → %q: err = %v, want allowed = %v", name, from, to, err, want)
				}
				if err != nil && err.Error() == "" {
					t.Errorf("%q → %q refused without a sentence", from, to)
				}
			}
		}
	}
}

func TestTransitionRefusesUnknownStatus(t *testing.T) {
	t.Parallel()
	if err := Transition(StatusDraft, "issued", ActorStaff); err == nil {
		t.Fatal("an unknown status must be refused")
	}
}
