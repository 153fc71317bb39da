package awards

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/privacy"
)

// registerPersonalData tells the privacy self-service what the awards store
// about people: nominations are sent by guests, known only by name and
// e-mail; a juror's votes belong to the juror's account.
func registerPersonalData(app core.App) {
	privacy.RegisterData(app, privacy.Data{
		Name:  Nominations,
		Title: "Vorschläge für Ehrungen",
		Notice: privacy.Notice{
			What: "Von der vorschlagenden Person: Name, E-Mail-Adresse, freiwillig Telefon und Einwilligung; von der " +
				"vorgeschlagenen Person oder Organisation: Name, Begründung und was Sie über ihr Engagement schreiben.",
			Why: "Die Jury und die städtischen Gremien entscheiden über die Stadtmedaille und andere Ehrungen; bei Rückfragen " +
				"erreichen wir Sie.",
			Who: "Die Koordinierungsstelle (Rolle „Büro“) und die Jury der Runde; die Jury sieht Ihre E-Mail-Adresse nicht.",
			HowLong: "Bis die Runde entschieden ist und danach " + privacy.GuestPeriod + "; die Ehrung selbst bleibt. " +
				"Haben Sie ein Konto mit derselben bestätigten E-Mail-Adresse, werden Ihre Vorschläge mit dem Konto gelöscht.",
			LegalBasis: "Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 Landesdatenschutzgesetz Rheinland-Pfalz " +
				"(Ehrungen der Stadt); Ihre Angaben als vorschlagende Person mit Ihrer Einwilligung (Art. 6 Abs. 1 Buchst. a DSGVO).",
		},
		Collections: []string{Nominations},
		Export:      sent.Export(nil),
		Erase:       sent.Delete, // their votes go with them through the relation's cascade
		Retention:   deleteDecidedNominations,
	})
	privacy.RegisterData(app, privacy.Data{
		Name:  JuryVotes,
		Title: "Bewertungen der Jury",
		Notice: privacy.Notice{
			What:       "Die Punkte (1 bis 5) und der Kommentar, die ein Jurymitglied zu einem Vorschlag vergibt.",
			Why:        "Die Jury bereitet die Entscheidung der städtischen Gremien vor.",
			Who:        "Das Jurymitglied selbst und die Koordinierungsstelle (Rolle „Büro“).",
			HowLong:    "Bis das Jurymitglied sein Konto löscht oder der Vorschlag gelöscht wird.",
			LegalBasis: "Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 Landesdatenschutzgesetz Rheinland-Pfalz (Ehrungen der Stadt).",
		},
		Collections: []string{JuryVotes},
		Export:      exportVotes,
	})
	privacy.RegisterData(app, privacy.Data{
		Name:  "jury",
		Title: "Mitgliedschaft in einer Jury",
		Notice: privacy.Notice{
			What:       "Dass Ihr Benutzerkonto in der Jury einer Runde sitzt (Stadtmedaille, Ehrenamtspreis, Projektpreis).",
			Why:        "Nur die Jury einer Runde liest deren Vorschläge und bewertet sie.",
			Who:        "Sie selbst und die Koordinierungsstelle (Rolle „Büro“); andere erfahren nicht, wer in der Jury sitzt.",
			HowLong:    "Bis die Koordinierungsstelle Sie aus der Jury austrägt oder Sie Ihr Konto löschen.",
			LegalBasis: "Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 Landesdatenschutzgesetz Rheinland-Pfalz (Ehrungen der Stadt).",
		},
		Collections: []string{Rounds},
		Export:      exportJuries,
	})
	privacy.RegisterData(app, privacy.Data{
		Name:  Awards,
		Title: "Ehrungen und Dankesbriefe",
		Notice: privacy.Notice{
			What:       "Name der geehrten Person oder Organisation, die Begründung und, für einen Dankesbrief, Anschrift und Anrede.",
			Why:        "Ehrungen veröffentlichen und Dankesbriefe des Bürgermeisters schreiben.",
			Who:        "Veröffentlichte Ehrungen (Name und Begründung) sieht jede und jeder; Dankesbriefe und Anschriften nur die Koordinierungsstelle (Rolle „Büro“).",
			HowLong:    "Veröffentlichte Ehrungen dauerhaft als Teil der Geschichte der Stadt; Anschriften, bis die Koordinierungsstelle den Brief verschickt hat und sie löscht.",
			LegalBasis: "Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 Landesdatenschutzgesetz Rheinland-Pfalz (Ehrungen der Stadt).",
		},
		Collections: []string{Awards},
	})
	privacy.RegisterCollection(app, Nominations, "Vorschläge, gesendet mit der bestätigten E-Mail-Adresse des Kontos, stehen im "+
		"Export und werden mit dem Konto gelöscht; Vorschläge entschiedener Runden werden nach Ablauf der Frist gelöscht.")
	privacy.RegisterCollection(app, JuryVotes, "Bewertungen stehen im Export und werden mit dem Konto gelöscht.")
	privacy.RegisterCollection(app, Rounds, "Die Runden, in deren Jury das Konto sitzt, stehen im Export; mit dem Konto "+
		"wird es aus der Jury ausgetragen.")
	privacy.RegisterCollection(app, Awards, "Ehrungen nennen Geehrte, die kein Konto brauchen; Namen, Anschriften und "+
		"Anreden pflegt und löscht die Koordinierungsstelle.")
}

// The nominations a person sent with the account's address are theirs,
// once the account has proved it owns that address.
var sent = privacy.Owned{Collection: Nominations, EmailField: "nominator_email"}

// exportJuries lists the rounds whose jury the account sits on.
func exportJuries(app core.App, user *core.Record) (any, error) {
	rows, err := app.FindRecordsByFilter(Rounds, "jury ~ {:id}", "created", 0, 0, dbx.Params{"id": user.Id})
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for _, r := range rows {
		out = append(out, map[string]any{"id": r.Id, "title": r.GetString("title"), "status": r.GetString("status")})
	}
	return out, nil
}

func exportVotes(app core.App, user *core.Record) (any, error) {
	rows, err := app.FindAllRecords(JuryVotes, dbx.HashExp{"juror": user.Id})
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for _, r := range rows {
		out = append(out, r.PublicExport())
	}
	return out, nil
}

// deleteDecidedNominations deletes the nominations of rounds that were
// decided and whose nomination period ended before closedBefore: the award
// itself stays in `awards`, the nominators' names and addresses go.
func deleteDecidedNominations(app core.App, closedBefore time.Time) (int, error) {
	rows, err := app.FindRecordsByFilter(Nominations,
		"round.status = 'decided' && round.nominations_until != '' && round.nominations_until < {:cut}",
		"", 0, 0, dbx.Params{"cut": closedBefore.UTC().Format(types.DefaultDateLayout)})
	if err != nil {
		return 0, err
	}
	return privacy.DeleteRecords(app, rows)
}
