// Package legal serves what a public body must publish: the imprint
// (/impressum), the privacy notice (/datenschutz), the accessibility
// statement (/barrierefreiheit) and the office's contact block (/kontakt and
// the footer of every page). Their facts come from the one record of the
// collection office, which the coordination office maintains in the
// dashboard; a fact not yet filled in is shown as missing, and Missing lists
// those facts for the office's inbox. The privacy notice's table is
// generated from the privacy registry (hooks/privacy), so it says exactly
// what BEN stores, why, for whom and for how long.
//
// The wording is in templates/ (one file per page), for the office and its
// lawyer to review without reading Go.
package legal

import (
	"errors"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/dispatch"
	"ben/hooks/guard"
	"ben/hooks/privacy"
)

// Collection holds the one settings record with the office's facts.
const Collection = "office"

// Fact is one of the office's facts the legal pages need.
type Fact struct {
	Field string `json:"field"`
	Label string `json:"label"`
}

// RequiredFacts are the facts without which a legal page is incomplete, in
// the order the dashboard lists them.
var RequiredFacts = []Fact{
	{"body_name", "Name der öffentlichen Stelle"},
	{"office_name", "Name der Koordinierungsstelle"},
	{"address", "Anschrift"},
	{"phone", "Telefon"},
	{"email", "E-Mail-Adresse"},
	{"opening_hours", "Sprechzeiten"},
	{"represented_by", "Vertretungsberechtigt"},
	{"content_responsible", "Verantwortlich für den Inhalt"},
	{"supervisory_authority", "Aufsichtsbehörde"},
	{"dpo_contact", "Datenschutzbeauftragte oder Datenschutzbeauftragter"},
	{"accessibility_status", "Stand der Barrierefreiheit"},
	{"accessibility_reviewed_on", "Datum der Erklärung zur Barrierefreiheit"},
}

// MissingFacts lists the required facts that office leaves empty (all of
// them when there is no record). It is a pure function of the record.
func MissingFacts(office *core.Record) []Fact {
	out := []Fact{}
	for _, f := range RequiredFacts {
		if office == nil || strings.TrimSpace(office.GetString(f.Field)) == "" {
			out = append(out, f)
		}
	}
	return out
}

// Missing lists the facts the office has still to fill in: the open item
// "Kontaktangaben der Koordinierungsstelle fehlen" of the office's inbox.
func Missing(app core.App) ([]Fact, error) {
	office, err := Load(app)
	if err != nil {
		return nil, err
	}
	return MissingFacts(office), nil
}

// Load returns the office record, or nil when there is none.
func Load(app core.App) (*core.Record, error) {
	records, err := app.FindRecordsByFilter(Collection, "", "created", 1, 0)
	if err != nil {
		return nil, err
	}
	if len(records) == 0 {
		return nil, nil
	}
	return records[0], nil
}

// Register binds the office record's guards and the legal pages' route to app.
func Register(app core.App) {
	privacy.RegisterCollection(app, Collection, "Die Angaben der Stelle (Impressum, Datenschutzbeauftragte, Kontakt) pflegt die "+
		"Koordinierungsstelle; sie gehören zu keinem Benutzerkonto und werden nicht mit einem Konto gelöscht.")
	privacy.RegisterData(app, privacy.Data{
		Name:  Collection,
		Title: "Angaben der verantwortlichen Stelle",
		Notice: privacy.Notice{
			What:       "Namen und dienstliche Erreichbarkeit der Personen, die für BEN verantwortlich sind: Vertretung der Stadt, Verantwortliche für den Inhalt, Datenschutzbeauftragte.",
			Why:        "Impressum, Datenschutzerklärung und Erklärung zur Barrierefreiheit müssen sie nennen.",
			Who:        "Jede und jeder (diese Angaben sind öffentlich).",
			HowLong:    "Solange die Personen diese Aufgaben haben; die Koordinierungsstelle ändert die Angaben, wenn sie wechseln.",
			LegalBasis: "Art. 6 Abs. 1 Buchst. c DSGVO in Verbindung mit § 5 Digitale-Dienste-Gesetz, § 18 Medienstaatsvertrag und Art. 13 DSGVO.",
		},
		Collections: []string{Collection},
	})
	// the model hooks hold for every path; the request hooks answer the API
	// with the sentence itself
	dispatch.OnRecordCreate(app, Collection).BindFunc(onlyOneRecord)
	dispatch.OnRecordCreateRequest(app, Collection).BindFunc(func(e *core.RecordRequestEvent) error {
		if n, err := e.App.CountRecords(Collection); err == nil && n > 0 {
			return e.BadRequestError(errSecondRecord.Error(), nil)
		}
		return e.Next()
	})
	dispatch.OnRecordDelete(app, Collection).BindFunc(func(e *core.RecordEvent) error { return errKeepRecord })
	dispatch.OnRecordDeleteRequest(app, Collection).BindFunc(func(e *core.RecordRequestEvent) error {
		return e.BadRequestError(errKeepRecord.Error(), nil)
	})
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		e.Router.GET("/api/ben/legal/{page}", servePage)
		return e.Next()
	})
}

var (
	errSecondRecord = errors.New("Es gibt bereits einen Datensatz mit den Angaben der Koordinierungsstelle; bitte ändern Sie diesen.")
	errKeepRecord   = errors.New("Die Angaben der Koordinierungsstelle können nicht gelöscht werden; leeren Sie einzelne Felder, wenn nötig.")
)

// onlyOneRecord refuses a second office record: the legal pages read one.
func onlyOneRecord(e *core.RecordEvent) error {
	return guard.InTransaction(e, func(tx core.App) error {
		n, err := tx.CountRecords(Collection)
		if err != nil {
			return err
		}
		if n > 0 {
			return errSecondRecord
		}
		return e.Next()
	})
}

// reviewedOn is the date of the accessibility statement, "" when not set.
func reviewedOn(office *core.Record) types.DateTime {
	if office == nil {
		return types.DateTime{}
	}
	return office.GetDateTime("accessibility_reviewed_on")
}
