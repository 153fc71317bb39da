package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Award rounds: the city medal (once per election period, for one field of
// action), the volunteer prize and the project prize. A published round is
// public; a draft only its jury and staff see. Who sits on a jury only
// staff see. The rules of a round are kept in hooks/awards.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		periods, err := app.FindCollectionByNameOrId("election_periods")
		if err != nil {
			return err
		}
		events, err := app.FindCollectionByNameOrId("events")
		if err != nil {
			return err
		}

		c := core.NewBaseCollection("award_rounds")
		c.Fields.Add(
			&core.TextField{Name: "title", Max: 200, Presentable: true,
				Help: "Titel im Portal, z. B. „Stadtmedaille Bitburg 2027 – Handlungsbereich Senioren“."},
			&core.SelectField{Name: "kind", Required: true, MaxSelect: 1,
				Values: []string{"stadtmedaille", "ehrenamtspreis", "projektpreis"},
				Help:   "Art der Auszeichnung. Die Stadtmedaille wird einmal je Wahlperiode in einer Runde verliehen."},
			&core.RelationField{Name: "period", CollectionId: periods.Id, MaxSelect: 1, Required: true,
				Help: "Wahlperiode, zu der die Runde gehört. Die Vorschlagsfrist muss in ihr liegen."},
			&core.TextField{Name: "field_of_action", Max: 120,
				Help: "Zuvor festgelegter Handlungsbereich, z. B. Gesundheit, Jugend, Senioren, Migration. Bei der Stadtmedaille Pflicht."},
			&core.EditorField{Name: "description", MaxSize: 50000,
				Help: "Ausschreibungstext für das Portal: wer vorgeschlagen werden kann und wie entschieden wird."},
			&core.DateField{Name: "nominations_from", Required: true,
				Help: "Erster Tag, an dem Vorschläge angenommen werden (ab 0:00 Uhr in Bitburg)."},
			&core.DateField{Name: "nominations_until", Required: true,
				Help: "Letzter Tag, an dem Vorschläge angenommen werden (bis 23:59 Uhr in Bitburg)."},
			&core.RelationField{Name: "ceremony", CollectionId: events.Id, MaxSelect: 1,
				Help: "Termin der Verleihung, z. B. beim Vereinsfest „Bitburg engagiert sich“."},
			&core.RelationField{Name: "jury", CollectionId: users.Id, MaxSelect: 25,
				Help: "Vom Arbeitskreis bestellte Jury (Benutzerkonten). Sie sieht die Vorschläge dieser Runde und bewertet sie. Nur für die Koordinierungsstelle sichtbar."},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1,
				Values: []string{"draft", "published", "decided"},
				Help: "draft = in Vorbereitung (nur Koordinierungsstelle und Jury sehen die Runde), published = ausgeschrieben " +
					"(Vorschläge innerhalb der Frist, die Jury bewertet), decided = entschieden (Bewertungen abgeschlossen)."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)

		c.ListRule = ptr(`status != "draft" || (@request.auth.collectionName = "users" && jury.id ?= @request.auth.id)`)
		c.ViewRule = c.ListRule

		c.AddIndex("idx_award_rounds_period_kind", false, "period, kind", "")
		c.AddIndex("idx_award_rounds_status", false, "status, nominations_until", "")

		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("award_rounds")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
