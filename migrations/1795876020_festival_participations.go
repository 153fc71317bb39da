package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/staff"
)

// Clubs register for the clubs' festival "Bitburg engagiert sich" (events of
// kind vereinsfest): what they offer and what they need. The office accepts
// or declines; the accepted ones are the festival's public programme (offer
// and club only: needs and the office's note stay with the club and the
// office, hooks/festival). hooks/festival checks that the event is a
// festival still to come, stamps the decision and sends the mails.
func init() {
	m.Register(func(app core.App) error {
		events, err := app.FindCollectionByNameOrId("events")
		if err != nil {
			return err
		}
		orgs, err := app.FindCollectionByNameOrId("organisations")
		if err != nil {
			return err
		}
		staffColl, err := app.FindCollectionByNameOrId(staff.Collection)
		if err != nil {
			return err
		}

		c := core.NewBaseCollection("festival_participations")
		c.Fields.Add(
			&core.RelationField{Name: "event", Required: true, CollectionId: events.Id, MaxSelect: 1, CascadeDelete: true,
				Help: "Das Vereinsfest (Termin der Art „vereinsfest“)."},
			&core.RelationField{Name: "organisation", Required: true, CollectionId: orgs.Id, MaxSelect: 1, CascadeDelete: true,
				Help: "Die Organisation, die mitmacht."},
			&core.TextField{Name: "offer", Required: true, Max: 2000, Presentable: true,
				Help: "Was die Organisation zeigt oder zum Mitmachen anbietet. Erscheint im öffentlichen Programm, sobald die Teilnahme angenommen ist."},
			&core.TextField{Name: "needs", Max: 1000,
				Help: "Was die Organisation braucht: Stand, Strom, Tische, Bänke … Sehen nur die Organisation und die Koordinierungsstelle."},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: []string{"submitted", "accepted", "declined"},
				Help: "submitted = angemeldet, accepted = angenommen (steht im Programm), declined = abgelehnt. Nur die Koordinierungsstelle entscheidet."},
			&core.TextField{Name: "note", Max: 2000,
				Help: "Nachricht der Koordinierungsstelle an die Organisation, z. B. Standplatz oder Grund der Absage. Nicht öffentlich."},
			&core.DateField{Name: "decided_at",
				Help: "Wird von BEN gesetzt, wenn die Koordinierungsstelle annimmt oder ablehnt."},
			&core.RelationField{Name: "decided_by", CollectionId: staffColl.Id, MaxSelect: 1,
				Help: "Wer aus der Koordinierungsstelle entschieden hat (wird gesetzt); leer, wenn ein Superuser entschieden hat oder noch niemand."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)

		editor := `(@request.auth.id != "" && organisation.editors ~ @request.auth.id)`
		public := `(status = "accepted" && event.published = true)`
		c.ListRule = staff.Or(ptr(public+` || `+editor), staff.DecideRule)
		c.ViewRule = c.ListRule
		// a club's editors register their published organisation for a
		// published festival; the office may register a club too
		c.CreateRule = staff.Or(ptr(editor+` && organisation.status = "published" && event.published = true`+
			` && (@request.body.status:isset = false || @request.body.status = "submitted")`+
			` && @request.body.note:isset = false && @request.body.decided_at:isset = false && @request.body.decided_by:isset = false`),
			staff.DecideRule)
		// while undecided, the club may change its offer and needs, or withdraw
		c.UpdateRule = staff.Or(ptr(editor+` && status = "submitted"`+
			` && @request.body.event:changed = false && @request.body.organisation:changed = false`+
			` && @request.body.status:changed = false && @request.body.note:changed = false`+
			` && @request.body.decided_at:changed = false && @request.body.decided_by:changed = false`),
			staff.DecideRule)
		c.DeleteRule = staff.Or(ptr(editor+` && status = "submitted"`), staff.DecideRule)

		c.AddIndex("idx_festival_participations_event_org", true, "event, organisation", "")
		c.AddIndex("idx_festival_participations_status", false, "event, status", "")

		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("festival_participations")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
