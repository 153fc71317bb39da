package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/staff"
)

// "Partner werden": a business or institution applies, without an account,
// to grant holders of the volunteer card a benefit. Only the office reads
// the applications; accepting one creates the partner in the same
// transaction and tells the business (hooks/partners).
func init() {
	m.Register(func(app core.App) error {
		partners, err := app.FindCollectionByNameOrId("partners")
		if err != nil {
			return err
		}
		staffColl, err := app.FindCollectionByNameOrId(staff.Collection)
		if err != nil {
			return err
		}

		c := core.NewBaseCollection("partner_applications")
		c.Fields.Add(
			&core.TextField{Name: "business_name", Required: true, Max: 200, Presentable: true,
				Help: "Name des Geschäfts oder der Einrichtung."},
			&core.TextField{Name: "contact_name", Required: true, Max: 120,
				Help: "Ansprechperson."},
			&core.EmailField{Name: "email", Required: true,
				Help: "E-Mail-Adresse der Ansprechperson für die Antwort der Koordinierungsstelle."},
			&core.TextField{Name: "phone", Max: 40,
				Help: "Freiwillig: Telefonnummer für Rückfragen."},
			&core.TextField{Name: "address", Max: 300,
				Help: "Anschrift des Geschäfts (erscheint beim Partner im Portal)."},
			&core.URLField{Name: "website",
				Help: "Freiwillig: Internetseite (erscheint beim Partner im Portal)."},
			&core.TextField{Name: "category", Required: true, Max: 60,
				Help: "Kategorie, z. B. „Freizeit“, „Bildung“, „Kultur“, „Einkaufen“."},
			&core.TextField{Name: "benefit", Required: true, Max: 1000,
				Help: "Die angebotene Vergünstigung für Inhaberinnen und Inhaber der Ehrenamtskarte, in einem Satz."},
			&core.TextField{Name: "message", Max: 2000,
				Help: "Freiwillig: Nachricht an die Koordinierungsstelle."},
			&core.BoolField{Name: "consent", Required: true,
				Help: "Einwilligung, dass die Koordinierungsstelle die Angaben zur Bearbeitung nutzt."},
			&core.SelectField{Name: "status", Required: true, MaxSelect: 1, Values: []string{"submitted", "accepted", "declined"},
				Help: "submitted = eingegangen, accepted = angenommen (der Partner wird angelegt), declined = abgelehnt. Eine Entscheidung ist endgültig."},
			&core.TextField{Name: "note", Max: 2000,
				Help: "Nachricht der Koordinierungsstelle an den Betrieb; steht in der Mail über die Entscheidung."},
			&core.RelationField{Name: "partner", CollectionId: partners.Id, MaxSelect: 1,
				Help: "Der Partner, der beim Annehmen angelegt wurde (wird gesetzt)."},
			&core.DateField{Name: "decided_at",
				Help: "Wird von BEN gesetzt, wenn die Koordinierungsstelle entscheidet. Ab dann läuft die Löschfrist."},
			&core.RelationField{Name: "decided_by", CollectionId: staffColl.Id, MaxSelect: 1,
				Help: "Wer aus der Koordinierungsstelle entschieden hat (wird gesetzt); leer, wenn ein Superuser entschieden hat oder noch niemand."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)

		// list, view, update and delete: the office's daily work only
		c.ListRule = ptr(staff.DecideRule)
		c.ViewRule = ptr(staff.DecideRule)
		c.UpdateRule = ptr(staff.DecideRule)
		c.DeleteRule = ptr(staff.DecideRule)
		// anyone, without an account; the decision is the office's
		c.CreateRule = staff.Or(ptr(`(@request.body.status:isset = false || @request.body.status = "submitted")`+
			` && @request.body.note:isset = false && @request.body.partner:isset = false`+
			` && @request.body.decided_at:isset = false && @request.body.decided_by:isset = false`), staff.DecideRule)

		c.AddIndex("idx_partner_applications_status", false, "status, created", "")
		c.AddIndex("idx_partner_applications_email", false, "email", "")

		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("partner_applications")
		if err != nil {
			return err
		}
		return app.Delete(c)
	})
}
