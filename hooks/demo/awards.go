package demo

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/tz"
)

// JurorEmail is the demo login of the city medal's jury (password
// DemoPassword); the account belongs to a member of the working group.
const JurorEmail = "jury@ben.example"

type demoMember struct {
	name, seat, party, reason string
	deputy                    bool
	deputyFor                 string // the name of the member a deputy stands in for
}

// demoWorkingGroup fills every seat of the strategy: eleven members, so the
// last one records why the group is extended, and three politics deputies.
var demoWorkingGroup = []demoMember{
	{name: "Joachim Beispielmann", seat: "buergermeister"},
	{name: "Sabine Vorlage", seat: "koordination"},
	{name: "Thomas Muster", seat: "caritas"},
	{name: "Renate Probe", seat: "pflegestuetzpunkt_drk"},
	{name: "Nadine Exempel", seat: "gleichstellung"},
	{name: "Klaus Ratsherr", seat: "politik", party: "Wählergruppe A"},
	{name: "Miriam Ratsfrau", seat: "politik", party: "Partei B"},
	{name: "Otto Stadtrat", seat: "politik", party: "Partei C"},
	{name: "Anke Vertretung", seat: "politik", party: "Partei D", deputy: true, deputyFor: "Klaus Ratsherr"},
	{name: "Bernd Ersatz", seat: "politik", party: "Partei E", deputy: true, deputyFor: "Miriam Ratsfrau"},
	{name: "Carla Stellvertretung", seat: "politik", party: "Partei F", deputy: true, deputyFor: "Otto Stadtrat"},
	{name: "Petra Demo", seat: "verein_buergerschaft"},
	{name: "Heinz Testmann", seat: "verein_buergerschaft"},
	{name: "Lea Jungmann", seat: "jugend", reason: "Die Jugend soll ständig vertreten sein (Beschluss des Arbeitskreises)."},
}

// fillAwards seats the working group, opens this election period's city
// medal round with a jury, and adds nominations and a thank-you letter.
func fillAwards(app core.App, orgs map[string]*core.Record, now time.Time) error {
	juror, err := newUser(app, JurorEmail, "Nadine Exempel")
	if err != nil {
		return err
	}

	members, err := app.FindCollectionByNameOrId("working_group_members")
	if err != nil {
		return err
	}
	ids := map[string]string{}
	for _, m := range demoWorkingGroup {
		r := core.NewRecord(members)
		r.Load(map[string]any{
			"person_name": m.name, "seat": m.seat, "party": m.party, "deputy": m.deputy, "active": true,
			"active_from": "2024-09-01 00:00:00.000Z", "extension_reason": m.reason, "deputy_for": ids[m.deputyFor],
		})
		if m.name == juror.GetString("name") {
			r.Set("user", juror.Id)
			r.Set("email", JurorEmail)
		}
		if err := app.Save(r); err != nil {
			return fmt.Errorf("Arbeitskreis %q: %w", m.name, err)
		}
		ids[m.name] = r.Id
	}

	today := tz.Day(now)
	juryMeeting, err := fillMeetings(app, ids, today)
	if err != nil {
		return err
	}

	award := func(data map[string]any) error {
		c, err := app.FindCollectionByNameOrId("awards")
		if err != nil {
			return err
		}
		r := core.NewRecord(c)
		r.Load(data)
		if err := app.Save(r); err != nil {
			return fmt.Errorf("Auszeichnung %v: %w", data["recipient_name"], err)
		}
		return nil
	}
	if err := award(map[string]any{
		"kind": "dankesbrief", "recipient_name": "Margarete Beispiel", "recipient_address": "Lindenweg 5\n54634 Bitburg",
		"citation":   "Seit 25 Jahren bringen Sie als Lesepatin in der Stadtbücherei Kindern das Lesen nahe – jeden Mittwoch, bei jedem Wetter.",
		"awarded_at": today.AddDate(0, 0, -3),
	}); err != nil {
		return err
	}
	if err := award(map[string]any{
		"kind": "projektpreis", "recipient_organisation": orgs["repair-cafe-bitburg"].Id,
		"citation":   "Für über tausend reparierte Geräte und die Idee, Nachbarn beim Reparieren zusammenzubringen.",
		"awarded_at": today.AddDate(0, -2, 0), "published": true,
	}); err != nil {
		return err
	}

	// the city medal round of the running election period, open for nominations
	period, err := app.FindFirstRecordByFilter("election_periods", "starts_on <= {:d} && ends_on >= {:d}", dbx.Params{"d": today})
	if err != nil {
		return nil // no period covers today: staff add it first
	}
	until := today.AddDate(0, 0, 42)
	if end := tz.Day(period.GetDateTime("ends_on").Time()); until.After(end) {
		until = end
	}
	rounds, err := app.FindCollectionByNameOrId("award_rounds")
	if err != nil {
		return err
	}
	round := core.NewRecord(rounds)
	round.Load(map[string]any{
		"title": fmt.Sprintf("Stadtmedaille Bitburg %d – Handlungsbereich Senioren", today.Year()), "kind": "stadtmedaille",
		"period": period.Id, "field_of_action": "Senioren", "status": "published", "jury": []string{juror.Id}, "jury_meeting": juryMeeting,
		"nominations_from": today.AddDate(0, 0, -14), "nominations_until": until,
		"description": "<p>Einmal in jeder Wahlperiode ehrt die Stadt Bitburg Menschen, Gruppen, Initiativen oder Vereine, " +
			"die sich um das Gemeinwesen besonders verdient gemacht haben. In dieser Runde: Engagement für und mit älteren Menschen.</p>" +
			"<p>Jede und jeder kann Vorschläge einreichen. Eine vom Arbeitskreis „Engagierte Stadt Bitburg“ bestellte Jury prüft sie; " +
			"die Entscheidung treffen die städtischen Gremien.</p>",
	})
	if ceremony, err := app.FindFirstRecordByData("events", "kind", "ehrung"); err == nil {
		round.Set("ceremony", ceremony.Id)
	}
	if err := app.Save(round); err != nil {
		return fmt.Errorf("Runde der Stadtmedaille: %w", err)
	}

	nominations, err := app.FindCollectionByNameOrId("nominations")
	if err != nil {
		return err
	}
	for _, n := range []map[string]any{
		{"nominee_name": "Gertrud Lesepatin", "nominator_name": "Ingrid Nachbarin", "nominator_email": "ingrid@beispiel.example",
			"reason": "Frau Lesepatin besucht seit zwölf Jahren jede Woche die Bewohnerinnen und Bewohner des Seniorenheims und liest ihnen vor."},
		{"nominee_organisation": orgs["seniorenbesuchsdienst"].Id, "nominator_name": "Werner Kunde", "nominator_email": "werner@beispiel.example",
			"reason": "Der Besuchsdienst schenkt älteren Menschen Zeit – ehrenamtlich, verlässlich und mit viel Herz."},
	} {
		r := core.NewRecord(nominations)
		r.Load(n)
		r.Set("round", round.Id)
		r.Set("consent", true)
		if err := app.Save(r); err != nil {
			return fmt.Errorf("Vorschlag %v: %w", n["nominee_name"], err)
		}
	}
	return nil
}

// fillMeetings records three meetings of the working group (two held and
// published, one planned) and its recommendations, and returns the id of
// the meeting that appointed the city medal's jury.
func fillMeetings(app core.App, members map[string]string, today time.Time) (string, error) {
	save := func(coll string, data map[string]any) (string, error) {
		c, err := app.FindCollectionByNameOrId(coll)
		if err != nil {
			return "", err
		}
		r := core.NewRecord(c)
		r.Load(data)
		if err := app.Save(r); err != nil {
			return "", fmt.Errorf("%s %v: %w", coll, data["title"], err)
		}
		return r.Id, nil
	}
	evening := func(days int) time.Time {
		d := today.AddDate(0, 0, days)
		return time.Date(d.Year(), d.Month(), d.Day(), 18, 0, 0, 0, tz.Berlin)
	}
	attendees := []string{}
	for _, name := range []string{"Joachim Beispielmann", "Sabine Vorlage", "Thomas Muster", "Klaus Ratsherr", "Bernd Ersatz", "Petra Demo", "Lea Jungmann"} {
		attendees = append(attendees, members[name])
	}

	spring, err := save("working_group_meetings", map[string]any{
		"date": evening(-60), "published": true, "attendees": attendees,
		"agenda": "<ol><li>Stadtmedaille: Handlungsbereich und Jury</li><li>Ehrenamtsbörse</li><li>Verschiedenes</li></ol>",
		"minutes": "<p><strong>TOP 1:</strong> Der Arbeitskreis legt den Handlungsbereich „Senioren“ für die Stadtmedaille dieser Wahlperiode fest " +
			"und bestellt die Jury.</p><p><strong>TOP 2:</strong> Die Koordinierungsstelle stellt die Idee einer jährlichen Ehrenamtsbörse im Rathausfoyer vor. " +
			"Der Arbeitskreis empfiehlt sie.</p><p><strong>TOP 3:</strong> Keine Wortmeldungen.</p>",
	})
	if err != nil {
		return "", err
	}
	autumn, err := save("working_group_meetings", map[string]any{
		"date": evening(-14), "published": true, "attendees": attendees[:5],
		"agenda":  "<ol><li>Bericht der Koordinierungsstelle</li><li>Engagement junger Menschen</li></ol>",
		"minutes": "<p><strong>TOP 1:</strong> Die Willkommensmappe für neue Engagierte liegt vor.</p><p><strong>TOP 2:</strong> Der Arbeitskreis empfiehlt, Jugendliche in die Vorstände der Vereine einzuladen.</p>",
	})
	if err != nil {
		return "", err
	}
	planned, err := save("working_group_meetings", map[string]any{
		"date": evening(21), "agenda": "<ol><li>Vorbereitung „Bitburg engagiert sich“</li><li>Lotsenprojekt</li></ol>",
	})
	if err != nil {
		return "", err
	}

	for _, r := range []map[string]any{
		{"title": "Ehrenamtsbörse im Rathausfoyer", "meeting": spring, "status": "adopted", "owner": "buero",
			"text":     "<p>Einmal im Jahr stellen sich Vereine und Initiativen an einem Samstag im Rathausfoyer vor, damit Interessierte mit ihnen ins Gespräch kommen.</p>",
			"progress": "<p>Der Termin steht fest; der Raum ist reserviert. Die Einladung an die Vereine geht im nächsten Monat hinaus.</p>"},
		{"title": "Willkommensmappe für neue Engagierte", "meeting": spring, "status": "implemented", "owner": "koordination",
			"text":     "<p>Wer neu ins Ehrenamt kommt, bekommt eine Mappe mit Ansprechpersonen, Versicherungsschutz und Fortbildungen.</p>",
			"progress": "<p>Die Mappe ist gedruckt und liegt im Bürgerbüro aus.</p>"},
		{"title": "Jugendliche in die Vorstände einladen", "meeting": autumn, "status": "adopted", "owner": "jugend",
			"text": "<p>Die Vereine laden Jugendliche ein, in ihren Vorständen mitzuarbeiten, zum Beispiel als Jugendsprecherin oder Jugendsprecher.</p>"},
		{"title": "Ehrenamtslotsen ausbilden", "meeting": planned,
			"text": "<p>Ehrenamtliche begleiten Neue in den ersten Wochen.</p>"},
	} {
		if _, err := save("recommendations", r); err != nil {
			return "", err
		}
	}
	return spring, nil
}
