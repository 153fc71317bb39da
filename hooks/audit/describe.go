package audit

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/tz"
)

// labels name the collections in German, as the summaries do.
var labels = map[string]string{
	"organisations":           "Organisation",
	"events":                  "Termin",
	"partners":                "Partner",
	"articles":                "Beitrag",
	"users":                   "Benutzerkonto",
	"staff":                   "Konto der Koordinierungsstelle",
	"card_applications":       "Antrag auf die Ehrenamtskarte",
	"engagements":             "Engagement",
	"cards":                   "Ehrenamtskarte",
	"card_signing_keys":       "Signierschlüssel",
	"opportunities":           "Engagement-Angebot",
	"interests":               "Meldung auf ein Angebot",
	"enquiries":               "Anfrage",
	"working_group_members":   "Mitglied des Arbeitskreises",
	"election_periods":        "Wahlperiode",
	"award_rounds":            "Runde",
	"nominations":             "Vorschlag",
	"jury_votes":              "Bewertung der Jury",
	"awards":                  "Auszeichnung",
	"event_registrations":     "Anmeldung zu einem Termin",
	"festival_participations": "Anmeldung zum Vereinsfest",
	"partner_applications":    "Bewerbung als Partner",
	"ideas":                   "Idee",
	"working_group_meetings":  "Sitzung des Arbeitskreises",
	"recommendations":         "Empfehlung des Arbeitskreises",
	"office":                  "Angaben der Koordinierungsstelle",
	"card_revocations":        "Sperrvermerk",
	"card_corrections":        "Berichtigung einer Karte",
}

// titleFields name a record by a field that says nothing about a citizen;
// records of citizens are named by their id (or card number).
var titleFields = map[string]string{
	"organisations":         "name",
	"events":                "title",
	"partners":              "name",
	"articles":              "title",
	"staff":                 "name",
	"cards":                 "number",
	"card_signing_keys":     "kid",
	"opportunities":         "title",
	"working_group_members": "person_name",
	"election_periods":      "name",
	"award_rounds":          "title",
	"partner_applications":  "business_name",
	"ideas":                 "title",
	"recommendations":       "title",
	"office":                "body_name",
}

// statusLabels are the German words for the statuses the summaries name.
var statusLabels = map[string]string{
	"pending": "wartet auf Freigabe", "published": "veröffentlicht", "archived": "archiviert",
	"draft": "Entwurf", "submitted": "eingereicht", "confirmed": "bestätigt", "approved": "bewilligt",
	"rejected": "abgelehnt", "withdrawn": "zurückgezogen", "active": "gültig", "expired": "abgelaufen",
	"revoked": "entzogen", "admitted": "zugelassen", "declined": "nicht zugelassen", "awarded": "ausgezeichnet",
	"decided": "entschieden", "new": "neu", "in_progress": "in Bearbeitung", "matched": "vermittelt",
	"closed": "abgeschlossen", "contacted": "Kontakt aufgenommen", "engaged": "engagiert sich", "not_a_fit": "passt nicht",
}

// statusLabelsOf are the German words where a collection means something
// else by a status than statusLabels says (a declined nomination is not
// admitted; a declined idea or application is turned down).
var statusLabelsOf = map[string]map[string]string{
	"event_registrations":     {"registered": "angemeldet", "waitlisted": "auf der Warteliste", "cancelled": "abgemeldet", "attended": "teilgenommen"},
	"festival_participations": {"accepted": "angenommen", "declined": "abgelehnt"},
	"partner_applications":    {"accepted": "angenommen", "declined": "abgelehnt"},
	"ideas":                   {"submitted": "eingegangen", "in_progress": "in Arbeit", "done": "umgesetzt", "declined": "abgelehnt"},
	"recommendations":         {"proposed": "vorgeschlagen", "adopted": "beschlossen", "implemented": "umgesetzt"},
}

// stampedFields are set by BEN with a decision (its date, when something
// became public); the summary names the decision, not its stamps.
var stampedFields = []string{"decided_at", "responded_at", "published_at", "closed_at", "submitted_at", "flags"}

// answerFields hold a public answer of the office; a summary says that it
// was written or changed, not what it says.
var answerFields = []string{"response"}

// reasonFields hold a written reason; a summary says that there is one,
// never what it says.
var reasonFields = []string{"decision_reason", "revoked_reason", "extension_reason"}

// messageFields hold the office's message to a club or business (a stand,
// the reason of a refusal); a summary says that there is one, never what
// it says.
var messageFields = []string{"note"}

// secretFields are never named with their value, and only as "Passwort".
var secretFields = []string{"password", "passwordConfirm", "tokenKey", "private_key", "confirm_token_hash"}

// Label is the German name of a collection.
func Label(collection string) string {
	if l, ok := labels[collection]; ok {
		return l
	}
	return "Datensatz in „" + collection + "“"
}

// StatusLabel is the German word for a status value.
func StatusLabel(status string) string {
	if l, ok := statusLabels[status]; ok {
		return l
	}
	return status
}

// statusLabelIn is the German word for a status of collection.
func statusLabelIn(collection, status string) string {
	if l, ok := statusLabelsOf[collection][status]; ok {
		return l
	}
	return StatusLabel(status)
}

// titleIn names r like Title, and also where the name lies on another
// record or in a date: a festival participation by its organisation, a
// meeting by its day.
func titleIn(app core.App, r *core.Record) string {
	switch r.Collection().Name {
	case "festival_participations":
		if app != nil {
			if o, err := app.FindRecordById("organisations", r.GetString("organisation")); err == nil {
				return "von „" + o.GetString("name") + "“"
			}
		}
	case "working_group_meetings":
		if d := r.GetDateTime("date"); !d.IsZero() {
			return "vom " + tz.Date(d.Time())
		}
	}
	return Title(r)
}

// Title names r in a summary without data about a citizen.
func Title(r *core.Record) string {
	name := r.Collection().Name
	if f, ok := titleFields[name]; ok {
		if v := strings.TrimSpace(r.GetString(f)); v != "" {
			return "„" + v + "“"
		}
	}
	if name == "award_rounds" || name == "awards" {
		return kindLabel(r.GetString("kind")) + " " + r.Id
	}
	return r.Id
}

func kindLabel(kind string) string {
	switch kind {
	case "stadtmedaille":
		return "Stadtmedaille"
	case "ehrenamtspreis":
		return "Ehrenamtspreis"
	case "projektpreis":
		return "Projektpreis"
	case "dankesbrief":
		return "Dankesbrief"
	}
	return kind
}

// Describe turns a write into an entry: op is ActionCreated, ActionUpdated
// or ActionDeleted, before the stored state before an update or deletion
// (nil on creation), after the record as written. app resolves relations
// a summary names (the opportunity an enquiry was referred to). ok is false
// when an update changed nothing.
func Describe(app core.App, op string, before, after *core.Record) (Entry, bool) {
	coll := after.Collection().Name
	e := Entry{Action: op, Collection: coll, Record: after.Id}
	subject := Label(coll) + " " + titleIn(app, after)
	switch op {
	case ActionCreated:
		e.Summary = subject + " angelegt"
		if s := after.GetString("status"); s != "" {
			e.Summary += " (Status „" + statusLabelIn(coll, s) + "“)"
		}
		e.Summary += "."
		return e, true
	case ActionDeleted:
		e.Summary = subject + " gelöscht."
		return e, true
	}

	changed := changedFields(before, after)
	if len(changed) == 0 {
		return e, false
	}
	var parts []string
	if slices.Contains(changed, "status") {
		e.Action = after.GetString("status")
		parts = append(parts, fmt.Sprintf("Status von „%s“ auf „%s“ geändert", statusLabelIn(coll, before.GetString("status")), statusLabelIn(coll, after.GetString("status"))))
	} else if coll == "staff" && slices.Contains(changed, "active") {
		if after.GetBool("active") {
			e.Action, parts = ActionActivated, append(parts, "freigeschaltet")
		} else {
			e.Action, parts = ActionDeactivated, append(parts, "gesperrt")
		}
	}
	if to := referral(app, after, changed); to != "" {
		parts = append(parts, "vermittelt an "+to)
	}
	var reasons, messages, others []string
	for _, f := range changed {
		switch {
		case f == "status", f == "active" && coll == "staff", f == "referred_opportunity", f == "referred_organisation", f == DecidedBy,
			slices.Contains(stampedFields, f):
		case slices.Contains(answerFields, f) && strings.TrimSpace(after.GetString(f)) == "":
			parts = append(parts, "Antwort entfernt")
		case slices.Contains(answerFields, f) && strings.TrimSpace(before.GetString(f)) == "":
			parts = append(parts, "Antwort geschrieben")
		case slices.Contains(answerFields, f):
			parts = append(parts, "Antwort geändert")
		case slices.Contains(reasonFields, f):
			reasons = append(reasons, f)
		case slices.Contains(messageFields, f) && strings.TrimSpace(after.GetString(f)) != "":
			messages = append(messages, f)
		case slices.Contains(secretFields, f):
			others = appendOnce(others, "Passwort")
		default:
			others = append(others, f)
		}
	}
	if len(reasons) > 0 {
		parts = append(parts, "mit schriftlicher Begründung")
	}
	if len(messages) > 0 {
		parts = append(parts, "mit Nachricht")
	}
	if len(others) > 0 {
		if len(parts) > 0 {
			parts = append(parts, "außerdem geändert: "+strings.Join(others, ", "))
		} else {
			parts = append(parts, "geändert: "+strings.Join(others, ", "))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "geändert")
	}
	e.Summary = subject + ": " + strings.Join(parts, "; ") + "."
	return e, true
}

// referral names where an enquiry was referred to, when that changed.
func referral(app core.App, r *core.Record, changed []string) string {
	if !slices.Contains(changed, "referred_opportunity") && !slices.Contains(changed, "referred_organisation") {
		return ""
	}
	var names []string
	if id := r.GetString("referred_opportunity"); id != "" {
		if o, err := app.FindRecordById("opportunities", id); err == nil {
			names = append(names, "„"+o.GetString("title")+"“")
		}
	}
	if id := r.GetString("referred_organisation"); id != "" {
		if o, err := app.FindRecordById("organisations", id); err == nil {
			names = append(names, "„"+o.GetString("name")+"“")
		}
	}
	return strings.Join(names, " bei ")
}

// changedFields lists the fields whose stored value differs, by name.
func changedFields(before, after *core.Record) []string {
	var out []string
	for _, f := range after.Collection().Fields {
		name := f.GetName()
		if name == "updated" || name == "created" || f.Type() == core.FieldTypeAutodate {
			continue
		}
		if fmt.Sprint(before.Get(name)) != fmt.Sprint(after.Get(name)) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func appendOnce(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}
