package privacy

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/tz"
)

//go:embed templates
var templateFiles embed.FS

var exportTemplate = template.Must(template.ParseFS(templateFiles, "templates/export.html"))

// ExportLabels are the German names of the export's keys. A key without a
// label is shown as it is and reported by ExportHTML, so that a test finds
// it.
var ExportLabels = map[string]string{
	// account
	"record": "Konto", "external_logins": "Anmeldung über andere Dienste", "known_devices": "Bekannte Geräte",
	"id": "Kennung", "name": "Name", "email": "E-Mail-Adresse", "emailVisibility": "E-Mail für andere sichtbar",
	"verified": "E-Mail-Adresse bestätigt", "phone": "Telefon", "avatar": "Bild", "created": "Angelegt am", "updated": "Zuletzt geändert am",
	"provider": "Dienst", "providerId": "Kennung beim Dienst", "fingerprint": "Gerätekennung",
	// volunteer card
	"antraege": "Anträge", "karten": "Karten", "engagements": "Engagements",
	"applicant": "Antragsteller/in (Kennung)", "first_name": "Vorname", "last_name": "Nachname", "birth_date": "Geburtsdatum",
	"street": "Straße und Hausnummer", "postcode": "Postleitzahl", "city": "Ort", "resident_in_bitburg": "Wohnsitz in Bitburg",
	"kind": "Art", "status": "Stand", "flags": "Hinweise für die Prüfung", "submitted_at": "Eingereicht am", "decided_at": "Entschieden am",
	"decision_reason": "Begründung der Entscheidung", "group_organisation": "Sammelantrag der Organisation (Kennung)", "previous_card": "Vorherige Karte (Kennung)",
	"application": "Antrag (Kennung)", "organisation": "Organisation (Kennung)", "organisation_name": "Organisation", "role": "Aufgabe",
	"hours_per_week": "Stunden pro Woche", "hours_per_year": "Stunden pro Jahr", "since": "Seit", "allowance": "Aufwandsentschädigung",
	"in_bitburg": "Engagement in Bitburg", "contact_name": "Kontaktperson", "contact_email": "E-Mail der Kontaktperson",
	"confirmed_at": "Bestätigt am", "confirmed_by": "Bestätigt von",
	"holder": "Inhaber/in (Kennung)", "number": "Kartennummer", "issued_at": "Ausgestellt am", "valid_until": "Gültig bis",
	"revoked_reason": "Grund der Sperrung", "reminder_sent_at": "Erinnerung verschickt am",
	"confirmed_via": "Bestätigt über", "confirmation_reason": "Begründung der Bestätigung", "claimed_at": "Übernommen am",
	"holder_email": "E-Mail der Inhaberin / des Inhabers", "ended_at": "Beendet am", "replaced_by": "Ersetzt durch Karte (Kennung)",
	// interests and enquiries
	"opportunity": "Angebot (Kennung)", "opportunity_title": "Angebot", "user": "Benutzerkonto (Kennung)", "message": "Nachricht",
	"consent": "Einwilligung gegeben", "closed_at": "Abgeschlossen am", "topics": "Themen", "availability": "Art des Engagements",
	// editors
	"slug": "Kurzadresse", "named_as_contact": "Als Kontakt eingetragen", "opportunities_naming_you": "Angebote, die Sie als Kontakt nennen",
	"contact_person": "Ansprechperson", "contact_phone": "Telefon der Ansprechperson", "title": "Titel",
	// awards
	"round": "Runde (Kennung)", "nominator_name": "Ihr Name", "nominator_email": "Ihre E-Mail-Adresse", "nominator_phone": "Ihr Telefon",
	"nominee_name": "Vorgeschlagene Person", "nominee_organisation": "Vorgeschlagene Organisation (Kennung)", "reason": "Begründung",
	"nomination": "Vorschlag (Kennung)", "juror": "Jurymitglied (Kennung)", "score": "Punkte", "comment": "Kommentar",
	// working group
	"person_name": "Name", "seat": "Sitz", "party": "Partei", "deputy": "Stellvertretung", "active": "Aktiv",
	"active_from": "Mitglied seit", "active_until": "Mitglied bis", "extension_reason": "Grund der Erweiterung",
	"deputy_for": "Stellvertretung für (Kennung)", "active_start": "Mitgliedschaft beginnt (Zeitpunkt)", "active_end": "Mitgliedschaft endet (Zeitpunkt)",
	// the working group's meetings
	"date": "Datum", "published": "Veröffentlicht", "membership": "Mitgliedschaft (Kennung)",
	// the office's decisions (hooks/audit) and what they record
	"referred_opportunity": "Vermittelt an Angebot (Kennung)", "referred_organisation": "Vermittelt an Organisation (Kennung)",
	"verifications": "Online geprüft (Anzahl)", "bereich": "Bereich", "entscheidung": "Entscheidung", "vorgang": "Vorgang (Kennung)",
	"zusammenfassung": "Zusammenfassung", "am": "Am",
}

// exportValueLabels are the German names of values the export holds.
var exportValueLabels = map[string]string{
	"draft": "Entwurf", "submitted": "eingereicht", "confirmed": "bestätigt", "approved": "bewilligt", "rejected": "abgelehnt",
	"issued": "ausgestellt", "expired": "abgelaufen", "revoked": "gesperrt", "withdrawn": "zurückgezogen", "active": "gültig",
	"new": "neu", "contacted": "Kontakt aufgenommen", "engaged": "engagiert sich", "not_a_fit": "passt nicht",
	"in_progress": "in Bearbeitung", "matched": "vermittelt", "closed": "abgeschlossen",
	"pending": "wartet auf Freigabe", "published": "veröffentlicht", "archived": "archiviert",
	"standard": "Ehrenamtskarte", "jubilaeum": "Jubiläums-Ehrenamtskarte",
	"editor": "die Organisation im Portal", "email_link": "einen E-Mail-Link", "staff": "die Koordinierungsstelle",
	"none": "keine", "cost_reimbursement": "Erstattung tatsächlicher Kosten", "flat_rate": "pauschale Aufwandsentschädigung",
	"einmalig": "einmalig", "regelmaessig": "regelmäßig", "projekt": "Projekt",
	"buergermeister": "Bürgermeister", "koordination": "Koordinierung Engagierte Stadt", "caritas": "Caritasverband Westeifel",
	"pflegestuetzpunkt_drk": "Pflegestützpunkt / DRK", "gleichstellung": "Gleichstellungsbeauftragte", "politik": "Politik",
	"verein_buergerschaft": "Vereine und Bürgerschaft", "jugend": "Jugend", "erweiterung": "Erweiterung",
	"stadtmedaille": "Stadtmedaille", "ehrenamtspreis": "Ehrenamtspreis", "projektpreis": "Projektpreis", "decided": "entschieden",
	"created": "angelegt", "updated": "geändert", "deleted": "gelöscht", "changes_requested": "um Änderungen gebeten",
	"decision_recorded": "Beschluss erfasst", "admitted": "zugelassen", "declined": "nicht zugelassen", "awarded": "ausgezeichnet",
}

// hidden are keys of the database's own bookkeeping, which say nothing
// about the person.
var hidden = map[string]bool{"collectionId": true, "collectionName": true, "expand": true}

type exportSection struct {
	Name, Title string
	Body        template.HTML
}

// ExportHTML renders data (what Export returned) as a German HTML document
// and lists the keys it found no label for.
func ExportHTML(app core.App, data map[string]any) ([]byte, []string, error) {
	// the same data as the JSON file, read back as JSON reads it
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, nil, err
	}
	var plain map[string]any
	if err := json.Unmarshal(raw, &plain); err != nil {
		return nil, nil, err
	}
	r := &exportRenderer{unlabeled: map[string]bool{}}
	var sections []exportSection
	for _, d := range inOrder(app) {
		value, ok := plain[d.Name]
		if !ok {
			continue
		}
		sections = append(sections, exportSection{Name: d.Name, Title: d.Title, Body: template.HTML(r.value(value, 3))})
	}
	exportedAt := ""
	if s, ok := plain["exportiert_am"].(string); ok {
		exportedAt = r.text(s)
	}
	var buf bytes.Buffer
	err = exportTemplate.Execute(&buf, map[string]any{
		"ExportedAt": exportedAt, "Sections": sections,
		"Portal": strings.TrimRight(app.Settings().Meta.AppURL, "/"),
	})
	unlabeled := make([]string, 0, len(r.unlabeled))
	for k := range r.unlabeled {
		unlabeled = append(unlabeled, k)
	}
	sort.Strings(unlabeled)
	return buf.Bytes(), unlabeled, err
}

type exportRenderer struct {
	unlabeled map[string]bool
}

func (r *exportRenderer) label(key string) string {
	if l, ok := ExportLabels[key]; ok {
		return l
	}
	r.unlabeled[key] = true
	return key
}

// value writes one value: objects as lists of terms, lists of objects as
// items, everything else as text.
func (r *exportRenderer) value(v any, level int) string {
	esc := template.HTMLEscapeString
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			if !hidden[k] {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		if len(keys) == 0 {
			return "<p>keine Angaben</p>"
		}
		var b strings.Builder
		var nested []string
		b.WriteString("<dl>")
		for _, k := range keys {
			if isStructured(x[k]) {
				nested = append(nested, k)
				continue
			}
			b.WriteString("<dt>" + esc(r.label(k)) + "</dt><dd>" + r.value(x[k], level+1) + "</dd>")
		}
		b.WriteString("</dl>")
		for _, k := range nested {
			h := fmt.Sprintf("h%d", min(level, 6))
			b.WriteString("<" + h + ">" + esc(r.label(k)) + "</" + h + ">" + r.value(x[k], level+1))
		}
		return b.String()
	case []any:
		if len(x) == 0 {
			return "<p>keine</p>"
		}
		if !isStructured(x[0]) {
			parts := make([]string, len(x))
			for i, item := range x {
				parts[i] = r.value(item, level)
			}
			return strings.Join(parts, ", ")
		}
		var b strings.Builder
		for i, item := range x {
			b.WriteString(fmt.Sprintf(`<div class="export-item"><p><strong>%d.</strong></p>%s</div>`, i+1, r.value(item, level+1)))
		}
		return b.String()
	case string:
		return esc(r.text(x))
	case bool:
		if x {
			return "ja"
		}
		return "nein"
	case float64:
		if x == math.Trunc(x) {
			return strconv.FormatFloat(x, 'f', 0, 64)
		}
		return strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1)
	case nil:
		return "–"
	}
	return esc(fmt.Sprint(v))
}

func isStructured(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		return true
	case []any:
		return len(x) > 0 && isStructured(x[0])
	}
	return false
}

var datePattern = regexp.MustCompile(`^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$`)

// text writes dates the German way (in Bitburg's time) and names known values.
func (r *exportRenderer) text(s string) string {
	if s == "" {
		return "–"
	}
	if datePattern.MatchString(s) {
		if t, err := time.Parse("2006-01-02 15:04:05.000Z", s); err == nil {
			return germanDate(t)
		}
		if t, err := time.Parse(time.RFC3339Nano, strings.Replace(s, " ", "T", 1)); err == nil {
			return germanDate(t)
		}
	}
	if l, ok := exportValueLabels[s]; ok {
		return l
	}
	return s
}

func germanDate(t time.Time) string {
	local := t.In(tz.Berlin)
	// a date without a time of day is stored at midnight (UTC or Bitburg)
	if (t.UTC().Hour() == 0 && t.UTC().Minute() == 0 && t.UTC().Second() == 0) || (local.Hour() == 0 && local.Minute() == 0 && local.Second() == 0) {
		return local.Format("02.01.2006")
	}
	return local.Format("02.01.2006, 15:04") + " Uhr"
}
