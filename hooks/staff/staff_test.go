package staff

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

func account(t *testing.T, collection *core.Collection, role string, active bool) *core.Record {
	t.Helper()
	r := core.NewRecord(collection)
	r.Set("role", role)
	r.Set("active", active)
	return r
}

func TestPredicates(t *testing.T) {
	t.Parallel()
	staffColl := core.NewAuthCollection(Collection)
	users := core.NewAuthCollection("users")
	superusers := core.NewAuthCollection(core.CollectionNameSuperusers)

	cases := []struct {
		name            string
		auth            *core.Record
		decide, content bool
		role            string
	}{
		{"guest", nil, false, false, ""},
		{"citizen", core.NewRecord(users), false, false, ""},
		{"citizen with a role field", account(t, users, RoleBuero, true), false, false, ""},
		{"superuser", core.NewRecord(superusers), true, true, ""},
		{"active buero", account(t, staffColl, RoleBuero, true), true, true, RoleBuero},
		{"active redaktion", account(t, staffColl, RoleRedaktion, true), false, true, RoleRedaktion},
		{"deactivated buero", account(t, staffColl, RoleBuero, false), false, false, ""},
		{"deactivated redaktion", account(t, staffColl, RoleRedaktion, false), false, false, ""},
		{"staff without a role", account(t, staffColl, "", true), false, false, ""},
		{"staff with an unknown role", account(t, staffColl, "chef", true), false, false, "chef"},
	}
	for _, c := range cases {
		if got := MayDecide(c.auth); got != c.decide {
			t.Errorf("%s: MayDecide = %v, want %v", c.name, got, c.decide)
		}
		if got := MayEditContent(c.auth); got != c.content {
			t.Errorf("%s: MayEditContent = %v, want %v", c.name, got, c.content)
		}
		if got := RoleOf(c.auth); got != c.role {
			t.Errorf("%s: RoleOf = %q, want %q", c.name, got, c.role)
		}
	}
}

func TestOrAndWithout(t *testing.T) {
	t.Parallel()
	str := func(s string) *string { return &s }
	show := func(p *string) string {
		if p == nil {
			return "<nil>"
		}
		return *p
	}
	cases := []struct {
		name   string
		rule   *string
		joined string
	}{
		{"superusers only become the fragment", nil, DecideRule},
		{"everyone stays everyone", str(""), ""},
		{"a rule is kept and the fragment added", str(`a = 1 || b = 2`), `(a = 1 || b = 2) || ` + DecideRule},
	}
	for _, c := range cases {
		got := Or(c.rule, DecideRule)
		if show(got) != c.joined {
			t.Errorf("%s: Or = %q, want %q", c.name, show(got), c.joined)
		}
		if back := Without(got, DecideRule); show(back) != show(c.rule) {
			t.Errorf("%s: Without(Or) = %q, want %q", c.name, show(back), show(c.rule))
		}
	}
	twice := Or(Or(str(`x = 1`), DecideRule), ContentRule)
	if back := Without(Without(twice, ContentRule), DecideRule); show(back) != `x = 1` {
		t.Errorf("two fragments do not come off again: %q", show(back))
	}
}
