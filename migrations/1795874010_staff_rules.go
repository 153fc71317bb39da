package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/staff"
)

// officeEvents: the office's own events (no organisation), which the
// redaktion maintains; moving one to an organisation is not content work.
var officeEvents = `(` + staff.ContentRule + ` && organisation = "")`
var officeEventsUpdate = `(` + staff.ContentRule + ` && organisation = "" && (@request.body.organisation:isset = false || @request.body.organisation = ""))`

// staffGrants admits staff wherever the rules meant "superuser" for the
// office's work. Per collection and action, the fragments that are joined
// with the rule (see hooks/staff). card_signing_keys, the superusers and
// PocketBase's own collections are not listed: staff never reach them.
var staffGrants = map[string]map[string][]string{
	"organisations":         allActions(staff.DecideRule),
	"events":                {"list": {staff.DecideRule, officeEvents}, "view": {staff.DecideRule, officeEvents}, "create": {staff.DecideRule, officeEvents}, "update": {staff.DecideRule, officeEventsUpdate}, "delete": {staff.DecideRule, officeEvents}},
	"partners":              allActions(staff.ContentRule),
	"articles":              allActions(staff.ContentRule),
	"users":                 {"list": {staff.DecideRule}, "view": {staff.DecideRule}}, // editors and applicants by name; accounts stay their owners'
	"card_applications":     allActions(staff.DecideRule),
	"engagements":           allActions(staff.DecideRule),
	"cards":                 allActions(staff.DecideRule),
	"opportunities":         allActions(staff.DecideRule),
	"interests":             allActions(staff.DecideRule),
	"enquiries":             allActions(staff.DecideRule),
	"working_group_members": allActions(staff.DecideRule),
	"election_periods":      allActions(staff.DecideRule),
	"award_rounds":          allActions(staff.DecideRule),
	"nominations":           allActions(staff.DecideRule),
	"jury_votes":            allActions(staff.DecideRule),
	"awards":                allActions(staff.DecideRule),
}

func allActions(fragment string) map[string][]string {
	return map[string][]string{"list": {fragment}, "view": {fragment}, "create": {fragment}, "update": {fragment}, "delete": {fragment}}
}

func ruleFields(c *core.Collection) map[string]**string {
	return map[string]**string{"list": &c.ListRule, "view": &c.ViewRule, "create": &c.CreateRule, "update": &c.UpdateRule, "delete": &c.DeleteRule}
}

func init() {
	m.Register(func(app core.App) error {
		for name, grants := range staffGrants {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			fields := ruleFields(c)
			for action, fragments := range grants {
				for _, fragment := range fragments {
					*fields[action] = staff.Or(*fields[action], fragment)
				}
			}
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		for name, grants := range staffGrants {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			fields := ruleFields(c)
			for action, fragments := range grants {
				for i := len(fragments) - 1; i >= 0; i-- {
					*fields[action] = staff.Without(*fields[action], fragments[i])
				}
			}
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	})
}
