package hooks_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/cardtoken"
	"ben/hooks/inbox"
	"ben/hooks/internal/testapp"
	"ben/hooks/legal"
)

// inboxItems is what the view lists: kind → record ids.
func inboxItems(t testing.TB, app core.App) map[string][]string {
	t.Helper()
	rows, err := app.FindAllRecords(inbox.View)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range rows {
		out[r.GetString("kind")] = append(out[r.GetString("kind")], r.GetString("record"))
	}
	return out
}

func TestInboxListsWhatNeedsTheOffice(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedEngagement(t, app, f)
	af := &awardsFixture{Fixture: &testapp.Fixture{}}
	*af.Fixture = *f
	af.Tokens = map[string]string{}
	seedAwards(t, app, af)
	now := time.Now()
	day := 24 * time.Hour

	// applications: submitted, confirmed, decided; engagements around 14 days
	cardDraft(t, app, "appinboxsubm01a", f.Citizen, adultBirth, engagementAt(f.ClubA, 6))
	setStatus(t, app, "appinboxsubm01a", "submitted", nil)
	cardDraft(t, app, "appinboxconf01a", f.Citizen, adultBirth, engagementAt(nil, 6))
	setStatus(t, app, "appinboxconf01a", "submitted", nil)
	setStatus(t, app, "appinboxconf01a", "confirmed", nil)
	card := issuedCard(t, app, "appinboxcard01a", f.EditorB) // approved: not an item; its card is
	cardDraft(t, app, "appinboxold001a", f.Citizen, adultBirth, engagementAt(f.ClubA, 6))
	setStatus(t, app, "appinboxold001a", "submitted", nil)
	sql(t, app, "UPDATE card_applications SET submitted_at = {:t} WHERE id = 'appinboxold001a'", now.Add(-14*day-time.Hour))
	sql(t, app, "UPDATE card_applications SET submitted_at = {:t} WHERE id = 'appinboxsubm01a'", now.Add(-14*day+time.Hour))

	// interests: one unanswered for 15 days, one for 13, one answered long ago
	sql(t, app, "UPDATE interests SET created = {:t} WHERE id = '"+interestGuestA+"'", now.Add(-15*day))
	sql(t, app, "UPDATE interests SET created = {:t} WHERE id = '"+interestCitizenA+"'", now.Add(-13*day))
	sql(t, app, "UPDATE interests SET created = {:t}, status = 'contacted' WHERE id = '"+interestGuestB+"'", now.Add(-30*day))

	// cards: expiring in 41 days, in 43 days, expired, revoked (a person
	// holds one active card at a time: a new card ends the previous one)
	expiring := card
	sql(t, app, "UPDATE cards SET valid_until = {:t} WHERE id = '"+expiring.Id+"'", now.Add(41*day))
	later := issuedCard(t, app, "appinboxcard02a", f.EditorA)
	sql(t, app, "UPDATE cards SET valid_until = {:t} WHERE id = '"+later.Id+"'", now.Add(43*day))
	revoked := issuedCard(t, app, "appinboxcard03a", f.Citizen)
	sql(t, app, "UPDATE cards SET valid_until = {:t}, status = 'revoked', revoked_reason = 'x' WHERE id = '"+revoked.Id+"'", now.Add(10*day))
	past := issuedCard(t, app, "appinboxcard04a", f.Citizen)
	sql(t, app, "UPDATE cards SET valid_until = {:t} WHERE id = '"+past.Id+"'", now.Add(-day))

	// enquiries: one new, one in progress, one matched
	engSetStatus(t, app, "enquiries", enquiryCitizen, "in_progress")
	matched := saveRecord(t, app, "enquiries", "", map[string]any{"name": "Vermittelt", "email": "v@example.org", "consent": true, "status": "matched"})

	// nominations: the admitted one is no longer new
	engSetStatus(t, app, "nominations", nomMedal2, "admitted")

	items := inboxItems(t, app)
	expect := map[string][]string{
		inbox.OrganisationPending:  {f.Pending.Id},
		inbox.ApplicationSubmitted: {"appinboxsubm01a", "appinboxold001a"},
		inbox.ApplicationConfirmed: {"appinboxconf01a"},
		inbox.EngagementStuck:      {"appinboxold0010"},
		inbox.NominationNew:        {nomMedal1, nomPrize},
		inbox.EnquiryOpen:          {enquiryGuest, enquiryCitizen},
		inbox.InterestUnanswered:   {interestGuestA},
		inbox.CardExpiring:         {expiring.Id},
		inbox.LegalFactsMissing:    {officeRecordID(t, app)}, // a fresh install has not entered its facts
	}
	for _, kind := range inbox.Kinds {
		got, want := items[kind], expect[kind]
		slices.Sort(got)
		slices.Sort(want)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: %v, want %v", kind, got, want)
		}
	}
	for kind := range items {
		if !slices.Contains(inbox.Kinds, kind) {
			t.Errorf("unknown kind %q", kind)
		}
	}
	for _, absent := range []string{later.Id, revoked.Id, past.Id, matched.Id, "appinboxcard01a", interestCitizenA, f.ClubA.Id} {
		for kind, ids := range items {
			if slices.Contains(ids, absent) {
				t.Errorf("%s is listed as %s", absent, kind)
			}
		}
	}

	// the stuck engagement names its club and the applicant, and points to the application
	row, err := app.FindFirstRecordByData(inbox.View, "record", "appinboxold0010")
	if err != nil {
		t.Fatal(err)
	}
	if row.GetString("parent") != "appinboxold001a" || row.GetString("title") != "Turnverein A: Vera Vorlage" {
		t.Fatalf("stuck engagement row %v", row.PublicExport())
	}
	if due := row.GetDateTime("due"); due.IsZero() {
		t.Fatalf("due %q", row.GetString("due"))
	}
	// an unanswered interest points to its club, whom the office reminds
	row, err = app.FindFirstRecordByData(inbox.View, "record", interestGuestA)
	if err != nil || row.GetString("parent") != f.ClubA.Id {
		t.Fatalf("interest row %v (%v)", row, err)
	}
}

func officeRecordID(t testing.TB, app core.App) string {
	t.Helper()
	r, err := legal.Load(app)
	if err != nil || r == nil {
		t.Fatalf("office record: %v", err)
	}
	return r.Id
}

// The office decides on festival participations, partner applications
// and ideas: each waiting one is an item until the decision; the facts of
// the legal pages are one item while legal.Missing names one of them.
func TestInboxListsTakingPartAndTheMissingLegalFacts(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	seedFestival(t, app, f)
	seedPartnerApplications(t, app, nil)
	seedIdeas(t, app, f)

	items := inboxItems(t, app)
	expect := map[string][]string{
		inbox.FestivalSubmitted:           {festSubmittedA},
		inbox.PartnerApplicationSubmitted: {partnerAppSubmitted},
		inbox.IdeaSubmitted:               {ideaCitizen},
		inbox.LegalFactsMissing:           {officeRecordID(t, app)},
	}
	for kind, want := range expect {
		if got := items[kind]; strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: %v, want %v", kind, got, want)
		}
	}
	row, err := app.FindFirstRecordByData(inbox.View, "record", festSubmittedA)
	if err != nil || row.GetString("title") != "Turnverein A – "+f.Festival2027.GetString("title") || row.GetString("parent") != f.Festival2027.Id {
		t.Fatalf("festival row %v (%v)", row, err)
	}
	row, err = app.FindFirstRecordByData(inbox.View, "kind", inbox.LegalFactsMissing)
	if err != nil || row.GetString("title") != "Angaben für Impressum/Datenschutz fehlen" {
		t.Fatalf("legal row %v (%v)", row, err)
	}

	// decided, they leave the inbox; so do the facts once all are entered
	for _, c := range []struct{ coll, id, body string }{
		{"festival_participations", festSubmittedA, `{"status":"accepted"}`},
		{"partner_applications", partnerAppSubmitted, `{"status":"declined"}`},
		{"ideas", ideaCitizen, `{"status":"published"}`},
	} {
		if res := do(t, h, http.MethodPatch, "/api/collections/"+c.coll+"/records/"+c.id, f.Tokens["staffBuero"], c.body); res.Code != 200 {
			t.Fatalf("%s: %d %s", c.coll, res.Code, res.Body)
		}
	}
	fillOffice(t, app)
	if missing, _ := legal.Missing(app); len(missing) != 0 {
		t.Fatalf("still missing %v", missing)
	}
	if items := inboxItems(t, app); len(items[inbox.FestivalSubmitted])+len(items[inbox.PartnerApplicationSubmitted])+
		len(items[inbox.IdeaSubmitted])+len(items[inbox.LegalFactsMissing]) != 0 {
		t.Fatalf("decided items stay in the inbox: %v", items)
	}

	// one empty fact is enough, on both sides of legal.Missing
	for _, fact := range legal.RequiredFacts {
		office, _ := legal.Load(app)
		before := office.Get(fact.Field)
		office.Set(fact.Field, "")
		if err := app.Save(office); err != nil {
			t.Fatal(err)
		}
		missing, _ := legal.Missing(app)
		if n := len(inboxItems(t, app)[inbox.LegalFactsMissing]); n != 1 || len(missing) != 1 {
			t.Errorf("%s empty: %d items, legal.Missing %v", fact.Field, n, missing)
		}
		office.Set(fact.Field, before)
		if err := app.Save(office); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(inboxItems(t, app)[inbox.LegalFactsMissing]); n != 0 {
		t.Fatalf("all facts entered again: %d items", n)
	}
}

func TestOnlyTheOfficeReadsTheInbox(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	url := "/api/collections/" + inbox.View + "/records"
	for role, want := range map[string]bool{"": false, "citizen": false, "editorA": false, "staffRedaktion": false, "staffInactive": false, "staffBuero": true, "staff": true} {
		res := do(t, h, http.MethodGet, url, f.Tokens[role], "")
		if got := res.Code == 200 && strings.Contains(res.Body.String(), f.Pending.Id); got != want {
			t.Errorf("%q reads the inbox: %v, want %v (%d)", role, got, want, res.Code)
		}
	}
}

func TestOnlineChecksAreCountedNotWhoChecked(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	card := issuedCard(t, app, "appverifycnt01a", f.Citizen)
	token := cardTokenOf(t, h, card.Id, f.Tokens["citizen"])
	verifyCardOnline(t, h, token)
	verifyCardOnline(t, h, token)
	verifyCardOnline(t, h, "BEN1.gefaelscht.abc")
	cardtoken.FlushVerificationCounts(app) // written once a second, and when BEN stops
	fresh, _ := app.FindRecordById("cards", card.Id)
	if got := fresh.GetInt("verifications"); got != 2 {
		t.Fatalf("verifications %d, want 2", got)
	}
	if !fresh.GetDateTime("updated").Equal(card.GetDateTime("updated")) {
		t.Fatal("counting changed the card's updated date")
	}
}
