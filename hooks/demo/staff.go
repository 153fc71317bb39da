package demo

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/staff"
)

// Logins of the office's staff accounts in the demo (password DemoPassword),
// for the office area /buero.
const (
	BueroEmail     = "koordination@ben.example"
	RedaktionEmail = "redaktion@ben.example"
)

// fillStaff adds one staff account per role and switches the one-time code
// by e-mail off: a demo has no mail server, so nobody could read the code.
// Production keeps MFA on (migrations/1795874000_staff.go).
func fillStaff(app core.App) error {
	coll, err := app.FindCollectionByNameOrId(staff.Collection)
	if err != nil {
		return err
	}
	coll.MFA.Enabled = false
	if err := app.Save(coll); err != nil {
		return fmt.Errorf("Mitarbeitendenkonten: %w", err)
	}
	for _, a := range []struct{ email, name, role string }{
		{BueroEmail, "Sabine Vorlage", staff.RoleBuero},
		{RedaktionEmail, "Robert Redaktion", staff.RoleRedaktion},
	} {
		r := core.NewRecord(coll)
		r.SetEmail(a.email)
		r.SetPassword(DemoPassword)
		r.SetVerified(true)
		r.Set("name", a.name)
		r.Set("role", a.role)
		r.Set("active", true)
		if err := app.Save(r); err != nil {
			return fmt.Errorf("Mitarbeitendenkonto %s: %w", a.email, err)
		}
	}
	return nil
}
