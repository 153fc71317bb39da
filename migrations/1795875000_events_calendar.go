package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Events that repeat, last whole days or are cancelled. hooks/events
// validates the rule, snaps all-day dates to midnight in Bitburg, keeps
// `sequence` (how often time or place changed, for calendar apps) and
// `series_ends_at` (the end of the last date; empty while a series has no
// end), so the feeds and the occurrence list find a running series with
// one indexed comparison.
// longEvent must match feeds.LongEvent, or SQLite cannot use the index.
const longEvent = "julianday(ends_at) - julianday(starts_at) > 1"

func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("events")
		if err != nil {
			return err
		}
		c.Fields.Add(
			&core.BoolField{Name: "all_day",
				Help: "Ganztägig: Beginn und Ende zählen als ganze Tage in Bitburg (das Ende ist der letzte Tag)."},
			&core.TextField{Name: "rrule", Max: 500,
				Help: "Wiederholung nach RFC 5545, z. B. FREQ=WEEKLY;BYDAY=TU (jeden Dienstag), FREQ=MONTHLY;BYDAY=-1FR (letzter Freitag im Monat), mit COUNT=10 oder UNTIL=20271231. Leer = einmaliger Termin. Beginn und Ende sind der erste Termin der Reihe."},
			&core.JSONField{Name: "exdates", MaxSize: 8000,
				Help: "Abgesagte einzelne Termine einer Reihe, als Liste von Tagen: [\"2027-03-23\", \"2027-04-06\"]."},
			&core.BoolField{Name: "cancelled",
				Help: "Abgesagt: der Termin bleibt bis zu seinem Ende sichtbar, durchgestrichen und als abgesagt markiert, damit Abonnierende es erfahren."},
			&core.NumberField{Name: "sequence", OnlyInt: true, Min: ptrFloat(0),
				Help: "Wird von BEN gezählt: wie oft Zeit oder Ort geändert oder der Termin abgesagt wurde (SEQUENCE im Kalender-Abo)."},
			&core.DateField{Name: "series_ends_at",
				Help: "Wird von BEN berechnet: Ende des letzten Termins der Reihe; leer bei Reihen ohne Ende."},
		)
		// only series: the occurrence list and the feeds find the running ones
		// without reading the single dates
		c.AddIndex("idx_events_series_end", false, "series_ends_at", "rrule != ''")
		if err := app.Save(c); err != nil {
			return err
		}
		if _, err := app.DB().NewQuery("UPDATE events SET series_ends_at = ends_at").Execute(); err != nil {
			return err
		}
		// single dates longer than a day: the few that can reach into a window
		// from before the day it starts (feeds.LongEvent). Written as SQL:
		// PocketBase's index form does not take a condition with parentheses,
		// and it keeps indexes it did not create when it changes the table.
		_, err = app.DB().NewQuery("CREATE INDEX IF NOT EXISTS idx_events_long ON events (starts_at) WHERE " + longEvent).Execute()
		return err
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("events")
		if err != nil {
			return err
		}
		c.RemoveIndex("idx_events_series_end")
		if _, err := app.DB().NewQuery("DROP INDEX IF EXISTS idx_events_long").Execute(); err != nil {
			return err
		}
		for _, name := range []string{"all_day", "rrule", "exdates", "cancelled", "sequence", "series_ends_at"} {
			c.Fields.RemoveByName(name)
		}
		return app.Save(c)
	})
}
