package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/registrations"
)

// Registrations for events with a capacity (trainings, workshops): a
// citizen with an account, or a guest with name, e-mail and consent.
// hooks/registrations decides the status in the write's transaction
// (registered while seats are free, else waitlisted, in the order of
// position), moves the first waiting person up when a seat becomes free,
// and gives guests a link to confirm or cancel. Participants see their own;
// the organiser's editors (the office for its own events) see the list,
// mark attendance and export it.
func init() {
	m.Register(func(app core.App) error {
		events, err := app.FindCollectionByNameOrId("events")
		if err != nil {
			return err
		}
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}

		c := core.NewBaseCollection(registrations.Collection)
		c.Fields.Add(
			&core.RelationField{Name: "event", Required: true, CollectionId: events.Id, MaxSelect: 1, CascadeDelete: true,
				Help: "Der Termin, zu dem sich jemand anmeldet. Wird der Termin gelöscht, entfallen auch die Anmeldungen."},
			&core.RelationField{Name: "user", CollectionId: users.Id, MaxSelect: 1,
				Help: "Benutzerkonto der Person, wenn sie angemeldet war; leer bei Gästen. Wird automatisch gesetzt."},
			&core.TextField{Name: "name", Required: true, Max: 120, Presentable: true,
				Help: "Name der teilnehmenden Person (bei Konten aus dem Konto übernommen)."},
			&core.EmailField{Name: "email", Required: true,
				Help: "E-Mail-Adresse für die Bestätigung und Nachrichten zum Termin (bei Konten aus dem Konto übernommen)."},
			&core.BoolField{Name: "consent",
				Help: "Einwilligung eines Gastes, dass der Veranstalter Name und E-Mail-Adresse für den Termin nutzt. Für Gäste Pflicht."},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: registrations.Statuses,
				Help: "registered = angemeldet, waitlisted = auf der Warteliste, cancelled = abgemeldet, attended = teilgenommen. " +
					"Beim Anlegen setzt BEN „registered“ oder „waitlisted“; die Warteliste rückt automatisch nach."},
			&core.NumberField{Name: "position", OnlyInt: true, Min: ptrFloat(1),
				Help: "Wird von BEN gesetzt: die wievielte Anmeldung zu diesem Termin (1, 2, 3 …). In dieser Reihenfolge rückt die Warteliste nach."},
			&core.DateField{Name: "confirmed_at",
				Help: "Wann die E-Mail-Adresse bestätigt wurde: bei Gästen über den Link in der Mail, bei Konten sofort. Unbestätigte Anmeldungen von Gästen verfallen nach 24 Stunden."},
			&core.DateField{Name: "cancelled_at",
				Help: "Wird von BEN gesetzt, wenn die Anmeldung abgesagt wird."},
			&core.TextField{Name: "token_hash", Max: 64, Hidden: true,
				Help: "Prüfsumme des Links, mit dem ein Gast die Anmeldung bestätigt oder absagt (intern)."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)

		owner := `(@request.auth.id != "" && user = @request.auth.id)`
		manager := registrations.ManagerRule("event.")
		c.ListRule = ptr(owner + ` || ` + manager)
		c.ViewRule = c.ListRule
		// anyone, also a guest; the status, the order and the link are BEN's
		// (hooks/registrations checks that the event takes registrations)
		c.CreateRule = ptr(`(@request.body.user:isset = false || @request.body.user = @request.auth.id)` +
			` && @request.body.status:isset = false && @request.body.position:isset = false` +
			` && @request.body.confirmed_at:isset = false && @request.body.cancelled_at:isset = false`)
		// participants may only cancel, before the event starts; the
		// organiser changes the status only (attendance, cancellation);
		// what a participant gave stays as given
		unchanged := `@request.body.event:changed = false && @request.body.user:changed = false` +
			` && @request.body.name:changed = false && @request.body.email:changed = false` +
			` && @request.body.consent:changed = false && @request.body.position:changed = false` +
			` && @request.body.confirmed_at:changed = false && @request.body.cancelled_at:changed = false`
		c.UpdateRule = ptr(`(` + owner + ` && @request.body.status = "cancelled" && event.starts_at > @now && ` + unchanged + `)` +
			` || (` + manager + ` && ` + unchanged + `)`)
		// delete stays nil: a cancellation keeps the order of the list;
		// erasure and retention delete in Go

		c.AddIndex("idx_event_registrations_position", true, "event, position", "")
		c.AddIndex("idx_event_registrations_user_active", true, "event, user", "user != '' AND status != 'cancelled'")
		c.AddIndex("idx_event_registrations_user", false, "user", "")
		c.AddIndex("idx_event_registrations_email", false, "email", "")
		c.AddIndex("idx_event_registrations_token", false, "token_hash", "")

		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId(registrations.Collection)
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
