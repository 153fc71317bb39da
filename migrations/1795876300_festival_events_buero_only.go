package migrations

import (
	"fmt"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/staff"
)

// The festival "Bitburg engagiert sich" is the office's decision, not
// content: creating, moving (its dates, its series, its kind), cancelling,
// publishing or deleting a vereinsfest event needs the role buero (or a
// superuser). The redaktion keeps the office's other events and may edit
// the festival's text (title, description, location).
var (
	festivalEventsCreate = `(` + staff.ContentRule + ` && organisation = "" && @request.body.kind != "vereinsfest")`
	festivalEventsDelete = `(` + staff.ContentRule + ` && organisation = "" && kind != "vereinsfest")`
	festivalEventsUpdate = `(` + staff.ContentRule + ` && organisation = "" && (@request.body.organisation:isset = false || @request.body.organisation = "")` +
		` && (@request.body.kind:changed = false || @request.body.kind != "vereinsfest")` +
		` && (kind != "vereinsfest" || (@request.body.kind:changed = false && @request.body.starts_at:changed = false && @request.body.ends_at:changed = false` +
		` && @request.body.all_day:changed = false && @request.body.rrule:changed = false && @request.body.exdates:changed = false` +
		` && @request.body.cancelled:changed = false && @request.body.published:changed = false && @request.body.capacity:changed = false` +
		` && @request.body.registration_url:changed = false)))`
)

func init() {
	swap := func(app core.App, from, to map[string]string) error {
		c, err := app.FindCollectionByNameOrId("events")
		if err != nil {
			return err
		}
		fields := ruleFields(c)
		for action, old := range from {
			rule := *fields[action]
			if rule == nil || !strings.Contains(*rule, old) {
				return fmt.Errorf("events %s rule: the office's fragment is missing", action)
			}
			replaced := strings.Replace(*rule, old, to[action], 1)
			*fields[action] = &replaced
		}
		return app.Save(c)
	}
	office := map[string]string{"create": officeEvents, "update": officeEventsUpdate, "delete": officeEvents}
	festival := map[string]string{"create": festivalEventsCreate, "update": festivalEventsUpdate, "delete": festivalEventsDelete}
	m.Register(func(app core.App) error {
		return swap(app, office, festival)
	}, func(app core.App) error {
		return swap(app, festival, office)
	})
}
