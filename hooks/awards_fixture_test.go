package hooks_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
	"ben/hooks/tz"
)

// Ids of the award records every award test starts with. They are fixed so
// that scenario tables can name them before the app exists.
const (
	jurorA = "jurorofrounda01" // user on the jury of roundMedal and roundDraft
	jurorB = "jurorofroundb01" // user on the jury of roundPrize

	roundMedal  = "rndmedal2024000" // the period's stadtmedaille round: published, open, jury jurorA
	roundPrize  = "rndprize2024000" // ehrenamtspreis: published, open, jury jurorB
	roundDraft  = "rnddraft0000000" // projektpreis in preparation, jury jurorA
	roundClosed = "rndclosed000000" // ehrenamtspreis: published, nominations ended 20 days ago

	nomMedal1 = "nommedal0000001" // "Hilde Helferin", proposed by Norbert Nenner, scored by jurorA
	nomMedal2 = "nommedal0000002" // ClubB, proposed by Olga Ohnestimme, not scored yet
	nomPrize  = "nomprize0000001" // "Paul Preis", proposed by Petra Prize, scored by jurorB

	voteA = "votejurora00001" // jurorA on nomMedal1: 4
	voteB = "votejurorb00001" // jurorB on nomPrize: 3

	awardLetter = "awardletter0001" // dankesbrief to Margarete Müßig
	awardPrize  = "awardprize00001" // published ehrenamtspreis of roundPrize
	awardHidden = "awardhidden0001" // unpublished ehrenamtspreis

	wgMayor   = "wgmayor00000001" // active, the mayor's seat, with contact data and an account
	wgFormer  = "wgformer0000001" // former youth representative
	wgCouncil = "wgcouncil000001" // active politics member, party "Fraktion C"
	wgDeputy  = "wgdeputy0000001" // active politics deputy of party "Fraktion D", standing in for wgCouncil

	meetingHeld    = "meetingheld0001" // published, 30 days ago; appointed the juries; attended by wgMayor and wgCouncil
	meetingPlanned = "meetingplan0001" // not published, in two weeks
	recAdopted     = "recadopted00001" // adopted in meetingHeld, carried out by the office
	recProposed    = "recproposed0001" // proposed for meetingPlanned
)

// Personal data of the fixture, to search responses for.
const (
	nominatorEmail = "norbert.nenner@vorschlag.example"
	mayorEmail     = "buergermeister@stadt.example"
	letterAddress  = "Römerstraße 12"
)

// awardsFixture names the roles of the award tests.
type awardsFixture struct {
	*testapp.Fixture
	period2024 string // id of the election period containing seededOn
	// seededOn is the day in Bitburg (midnight UTC) that every date of the
	// records counts from: one reading of the clock, so that a test's
	// expectations and the records agree even when midnight has passed
	// since (see today).
	seededOn time.Time
}

// today is the fixture's day shifted by days: the date the records were
// given relative to "today".
func (f *awardsFixture) today(days int) time.Time {
	return f.seededOn.AddDate(0, 0, days)
}

// Header returns the Authorization header of a role: the fixture's roles
// plus "jurorA" and "jurorB".
func (f *awardsFixture) Header(role string) map[string]string {
	if role == "" || role == "guest" {
		return nil
	}
	token, ok := f.Tokens[role]
	if !ok {
		panic("unknown role " + role)
	}
	return map[string]string{"Authorization": token}
}

// awardsApp is a fresh test app with the award records seeded, dated from
// today.
func awardsApp(t testing.TB) (*tests.TestApp, *awardsFixture) {
	t.Helper()
	return awardsAppOn(t, today(0))
}

// awardsAppOn is a fresh test app with the award records dated from day
// (a value of today).
func awardsAppOn(t testing.TB, day time.Time) (*tests.TestApp, *awardsFixture) {
	t.Helper()
	app, base := testapp.New(t)
	f := &awardsFixture{Fixture: &testapp.Fixture{}, seededOn: day}
	*f.Fixture = *base
	f.Tokens = map[string]string{}
	for k, v := range base.Tokens {
		f.Tokens[k] = v
	}
	f.period2024 = seedAwards(t, app, f)
	return app, f
}

func awardsFactory(t testing.TB) *tests.TestApp {
	app, _ := awardsApp(t)
	return app
}

// awardsFactoryOn makes test apps with the award records dated from day,
// for scenario tables whose expectations count from that day: a scenario
// runs later than its table is written, maybe after midnight.
func awardsFactoryOn(day time.Time) func(testing.TB) *tests.TestApp {
	return func(t testing.TB) *tests.TestApp {
		app, _ := awardsAppOn(t, day)
		return app
	}
}

// today is midnight UTC of today's date in Bitburg, shifted by days.
func today(days int) time.Time {
	return tz.Day(time.Now()).AddDate(0, 0, days)
}

// currentPeriod is the election period containing day; when the seeded
// ones have passed, a test period is added after them.
func currentPeriod(t testing.TB, app core.App, day time.Time) string {
	t.Helper()
	p, err := app.FindFirstRecordByFilter("election_periods", "starts_on <= {:d} && ends_on >= {:d}", dbx.Params{"d": day})
	if err == nil {
		return p.Id
	}
	last, err := app.FindRecordsByFilter("election_periods", "", "-ends_on", 1, 0)
	if err != nil || len(last) == 0 {
		t.Fatal("no election periods seeded")
	}
	r := saveRecord(t, app, "election_periods", "", map[string]any{
		"name": "Testperiode", "starts_on": last[0].GetDateTime("ends_on").Time().AddDate(0, 0, 1), "ends_on": day.AddDate(0, 0, 5*365),
	})
	return r.Id
}

// saveRecord stores a new record of coll with data (testapp.Save).
func saveRecord(t testing.TB, app core.App, coll, id string, data map[string]any) *core.Record {
	t.Helper()
	return testapp.Save(t, app, coll, id, data)
}

// seedAwards stores the award records, dated from f.seededOn (today when
// f names no day), and returns the id of the period containing that day.
func seedAwards(t testing.TB, app core.App, f *awardsFixture) string {
	t.Helper()
	if f.seededOn.IsZero() {
		f.seededOn = today(0)
	}
	for role, id := range map[string]string{"jurorA": jurorA, "jurorB": jurorB} {
		u := saveRecord(t, app, "users", id, map[string]any{
			"email": id + "@test.example", "name": "Jury " + role, "verified": true,
			// a fixed key keeps the token valid in every copy of the app
			"tokenKey": "fixed-token-key-of-the-award-tests-" + id,
		})
		token, err := u.NewAuthToken()
		if err != nil {
			t.Fatal(err)
		}
		f.Tokens[role] = token
	}

	saveRecord(t, app, "working_group_members", wgMayor, map[string]any{"person_name": "Joachim Beispielmann", "seat": "buergermeister",
		"active": true, "email": mayorEmail, "phone": "06561 6001", "user": jurorA})
	saveRecord(t, app, "working_group_members", wgFormer, map[string]any{"person_name": "Frieda Früher", "seat": "jugend", "active": false})
	saveRecord(t, app, "working_group_members", wgCouncil, map[string]any{"person_name": "Rainer Rat", "seat": "politik",
		"party": "Fraktion C", "active": true})
	saveRecord(t, app, "working_group_members", wgDeputy, map[string]any{"person_name": "Dora Vertretung", "seat": "politik",
		"party": "Fraktion D", "deputy": true, "deputy_for": wgCouncil, "active": true})

	saveRecord(t, app, "working_group_meetings", meetingHeld, map[string]any{"date": f.today(-30).Add(17 * time.Hour),
		"agenda": "<p>1. Jury der Stadtmedaille</p>", "minutes": "<p>Der Arbeitskreis bestellt die Jurys der Runden.</p>",
		"published": true, "attendees": []string{wgMayor, wgCouncil}})
	saveRecord(t, app, "working_group_meetings", meetingPlanned, map[string]any{"date": f.today(14).Add(17 * time.Hour),
		"agenda": "<p>1. Ehrenamtsbörse</p>"})
	saveRecord(t, app, "recommendations", recAdopted, map[string]any{"title": "Ehrenamtsbörse im Rathaus", "text": "<p>Einmal im Jahr.</p>",
		"meeting": meetingHeld, "status": "adopted", "owner": "buero", "progress": "<p>Raum ist reserviert.</p>"})
	saveRecord(t, app, "recommendations", recProposed, map[string]any{"title": "Lotsenprojekt", "text": "<p>Ehrenamtslotsen ausbilden.</p>",
		"meeting": meetingPlanned})

	period := currentPeriod(t, app, f.seededOn)
	round := func(id, kind, status string, from, until time.Time, jury string) {
		saveRecord(t, app, "award_rounds", id, map[string]any{
			"title": "Runde " + id, "kind": kind, "period": period, "field_of_action": "Senioren",
			"nominations_from": from, "nominations_until": until, "jury": []string{jury}, "jury_meeting": meetingHeld, "status": status,
		})
	}
	round(roundMedal, "stadtmedaille", "published", f.today(-10), f.today(10), jurorA)
	round(roundPrize, "ehrenamtspreis", "published", f.today(-10), f.today(10), jurorB)
	round(roundDraft, "projektpreis", "draft", f.today(-10), f.today(10), jurorA)
	round(roundClosed, "ehrenamtspreis", "published", f.today(-40), f.today(-20), jurorA)

	nomination := func(id, round string, data map[string]any) {
		base := map[string]any{"round": round, "reason": "Seit vielen Jahren für andere da.", "consent": true}
		for k, v := range data {
			base[k] = v
		}
		saveRecord(t, app, "nominations", id, base)
	}
	nomination(nomMedal1, roundMedal, map[string]any{"nominee_name": "Hilde Helferin",
		"nominator_name": "Norbert Nenner", "nominator_email": nominatorEmail})
	nomination(nomMedal2, roundMedal, map[string]any{"nominee_organisation": f.ClubB.Id,
		"nominator_name": "Olga Ohnestimme", "nominator_email": "olga@vorschlag.example"})
	nomination(nomPrize, roundPrize, map[string]any{"nominee_name": "Paul Preis",
		"nominator_name": "Petra Prize", "nominator_email": "petra@vorschlag.example"})

	saveRecord(t, app, "jury_votes", voteA, map[string]any{"nomination": nomMedal1, "juror": jurorA, "score": 4, "comment": "Stark."})
	saveRecord(t, app, "jury_votes", voteB, map[string]any{"nomination": nomPrize, "juror": jurorB, "score": 3})

	saveRecord(t, app, "awards", awardLetter, map[string]any{"kind": "dankesbrief", "recipient_name": "Margarete Müßig",
		"recipient_address": letterAddress + "\n54634 Bitburg", "citation": "Seit 30 Jahren leitet sie ehrenamtlich die Kleiderkammer.",
		"awarded_at": f.today(0), "published": true})
	// awards of a round are dated on or after its last day of nominations
	saveRecord(t, app, "awards", awardPrize, map[string]any{"kind": "ehrenamtspreis", "round": roundPrize, "recipient_name": "Paul Preis",
		"citation": "Für den Aufbau des Repair-Cafés.", "awarded_at": f.today(10), "published": true})
	saveRecord(t, app, "awards", awardHidden, map[string]any{"kind": "ehrenamtspreis", "round": roundPrize, "recipient_name": "Gerda Geheim",
		"citation": "Noch nicht beschlossen.", "awarded_at": f.today(10), "published": false})
	return period
}

// updateRecord sets data on a stored record of coll and saves it, through
// every hook and rule of the model.
func updateRecord(t testing.TB, app core.App, coll, id string, data map[string]any) *core.Record {
	t.Helper()
	r, err := app.FindRecordById(coll, id)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range data {
		r.Set(k, v)
	}
	if err := app.Save(r); err != nil {
		t.Fatalf("%s %s: %v", coll, id, err)
	}
	return r
}
