package privacy_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/privacy"
)

func TestOnlyAVerifiedAddressMakesAGuestsRecordsAPersons(t *testing.T) {
	t.Parallel()
	account := func(verified bool, email string) *core.Record {
		u := core.NewRecord(core.NewAuthCollection("users"))
		u.Id = "user00000000001"
		u.SetEmail(email)
		u.SetVerified(verified)
		return u
	}
	byAddress := privacy.Owned{Collection: "partner_applications", EmailField: "email"}
	byBoth := privacy.Owned{Collection: "ideas", UserField: "user", EmailField: "email"}
	for _, c := range []struct {
		name  string
		owned privacy.Owned
		user  *core.Record
		want  bool
	}{
		{"an address the account has verified", byAddress, account(true, "ida@ideen.example"), true},
		{"an address nobody has verified", byAddress, account(false, "ida@ideen.example"), false},
		{"a verified account without address", byAddress, account(true, ""), false},
		{"the account's own records, verified or not", byBoth, account(false, "ida@ideen.example"), true},
	} {
		if _, got := c.owned.Where(c.user); got != c.want {
			t.Errorf("%s: selects something = %v, want %v", c.name, got, c.want)
		}
	}
}
