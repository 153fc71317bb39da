package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/staff"
)

// The audit log: one entry per decision or sensitive action of the office,
// written in the same transaction as the change (hooks/audit). It is
// append-only: nobody changes or deletes an entry, superusers included.
// Superusers and buero staff read it.
func init() {
	m.Register(func(app core.App) error {
		c := core.NewBaseCollection("audit_log")
		c.Fields.Add(
			&core.TextField{Name: "actor", Required: true, Max: 40,
				Help: "Wer gehandelt hat: die ID des Kontos der Koordinierungsstelle (Sammlung staff) oder „superuser“."},
			&core.TextField{Name: "actor_name", Max: 200, Presentable: true,
				Help: "Name der Mitarbeiterin / des Mitarbeiters, bei Superusern die E-Mail-Adresse (zum Zeitpunkt der Handlung)."},
			&core.TextField{Name: "action", Required: true, Max: 40,
				Help: "Was geschah: created, updated, deleted, der neue Status (z. B. published, approved, revoked, matched) oder eine Aktion des Büros (z. B. changes_requested, medal_decision)."},
			&core.TextField{Name: "collection", Required: true, Max: 100,
				Help: "Sammlung des betroffenen Datensatzes."},
			&core.TextField{Name: "record", Max: 40,
				Help: "ID des betroffenen Datensatzes."},
			&core.TextField{Name: "summary", Required: true, Max: 2000,
				Help: "Zusammenfassung auf Deutsch, ohne personenbezogene Daten von Bürgerinnen und Bürgern."},
			&core.AutodateField{Name: "created", OnCreate: true},
		)
		c.ListRule = staff.Or(nil, staff.DecideRule)
		c.ViewRule = c.ListRule
		// create, update and delete stay nil; hooks/audit refuses them to
		// superusers as well
		c.AddIndex("idx_audit_log_created", false, "created", "")
		c.AddIndex("idx_audit_log_record", false, "collection, record, created", "")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("audit_log")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
