package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// An event's capacity now also means that BEN takes the registrations
// (event_registrations): with a number, people register in the portal and
// beyond it go on a waiting list; left empty, BEN takes none (the event may
// still link to a registration elsewhere). Only the help text changes.
func init() {
	const before = "Höchstzahl der Teilnehmenden; leer = unbegrenzt."
	m.Register(func(app core.App) error {
		return setCapacityHelp(app, "Plätze für Anmeldungen über BEN. Mit einer Zahl melden sich Teilnehmende im Portal an; "+
			"wer darüber hinaus kommt, steht auf der Warteliste und rückt nach, wenn jemand absagt. "+
			"Leer = keine Anmeldung über BEN (ggf. „Link zur Anmeldung“ nutzen).")
	}, func(app core.App) error {
		return setCapacityHelp(app, before)
	})
}

func setCapacityHelp(app core.App, help string) error {
	c, err := app.FindCollectionByNameOrId("events")
	if err != nil {
		return err
	}
	f, ok := c.Fields.GetByName("capacity").(*core.NumberField)
	if !ok {
		return nil
	}
	f.Help = help
	return app.Save(c)
}
