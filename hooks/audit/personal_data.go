package audit

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/privacy"
)

// registerPersonalData puts into a citizen's data export what the office
// decided about their card applications, cards, enquiries and interests:
// date, area, action and summary, without the staff member's name. The
// entries name no citizen (see Describe), so deleting the account leaves
// them as they are; they then point to records that are gone.
func registerPersonalData(app core.App) {
	privacy.RegisterData(app, privacy.Data{
		Name:  "entscheidungen",
		Title: "Protokoll der Entscheidungen der Koordinierungsstelle",
		Notice: privacy.Notice{
			What: "Wer in der Koordinierungsstelle wann was entschieden hat (z. B. einen Antrag bewilligt, eine Karte gesperrt, " +
				"eine Anfrage vermittelt): Name oder dienstliche E-Mail-Adresse der handelnden Person, die Art der Entscheidung, " +
				"der betroffene Datensatz und eine Zusammenfassung. Die Zusammenfassung nennt keine Namen von Bürgerinnen und Bürgern " +
				"und keine Begründungen.",
			Why: "Entscheidungen der Koordinierungsstelle bleiben nachvollziehbar: wer hat wann wie entschieden.",
			Who: "Die IT der Stadt und die Mitarbeitenden der Koordinierungsstelle (Rolle „Büro“). Was über Ihre eigenen Anträge, " +
				"Karten, Anfragen und Meldungen entschieden wurde, steht in Ihrem Datenexport, ohne die Namen der Mitarbeitenden.",
			HowLong: "Unbegrenzt; niemand kann Einträge ändern oder löschen. Löschen Sie Ihr Konto, verweisen die Einträge auf " +
				"Datensätze, die es nicht mehr gibt.",
			LegalBasis: "Art. 6 Abs. 1 Buchst. c und e DSGVO (Nachvollziehbarkeit des Verwaltungshandelns).",
		},
		Collections: []string{Collection},
		Export:      exportDecisions,
	})
	privacy.RegisterCollection(app, Collection, "Das Protokoll nennt Mitarbeitende der Koordinierungsstelle, keine Bürgerinnen und Bürger; "+
		"was die Koordinierungsstelle über Anträge, Karten, Anfragen und Meldungen einer Person entschieden hat, steht in ihrem Export.")
}

// ownRecords are the records of a citizen the office decides on.
var ownRecords = []struct{ collection, field string }{
	{"card_applications", "applicant"},
	{"cards", "holder"},
	{"enquiries", "user"},
	{"interests", "user"},
}

func exportDecisions(app core.App, user *core.Record) (any, error) {
	var ids []any
	for _, own := range ownRecords {
		var found []string
		err := app.RecordQuery(own.collection).Select("id").AndWhere(dbx.HashExp{own.field: user.Id}).Column(&found)
		if err != nil {
			return nil, err
		}
		for _, id := range found {
			ids = append(ids, id)
		}
	}
	out := []map[string]any{}
	if len(ids) == 0 {
		return out, nil
	}
	entries, err := app.FindAllRecords(Collection, dbx.In("record", ids...))
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		out = append(out, map[string]any{
			"am":              e.GetDateTime("created"),
			"bereich":         Label(e.GetString("collection")),
			"entscheidung":    e.GetString("action"),
			"vorgang":         e.GetString("record"),
			"zusammenfassung": e.GetString("summary"),
		})
	}
	return out, nil
}
