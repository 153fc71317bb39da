package filterguard_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/filterguard"
	"ben/hooks/internal/testapp"
)

func TestMain(m *testing.M) { testapp.Main(m) }

// TestCheckJudgesWhatPocketBaseResolves runs filters, sorts and expands
// through the guard against BEN's real collections.
func TestCheckJudgesWhatPocketBaseResolves(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	orgs, _ := app.FindCollectionByNameOrId("organisations")
	citizen, _ := app.FindRecordById("users", f.Citizen.Id)
	staff, _ := app.FindRecordById(core.CollectionNameSuperusers, f.Staff.Id)
	buero, _ := app.FindRecordById("staff", f.StaffBuero.Id)
	redaktion, _ := app.FindRecordById("staff", f.StaffRedaktion.Id)

	const someId = "abcdefghij12345"
	me := citizen.Id
	cases := []struct {
		coll    string
		param   string
		value   string
		guest   bool // refused for a guest
		citizen bool // refused for a logged-in citizen
	}{
		// organisations: contact data and editors, directly and in every spelling PocketBase reads
		{"organisations", "filter", "email~'a'", true, true},
		{"organisations", "filter", "(email ~ 'a')", true, true},
		{"organisations", "filter", "email:lower ~ 'a'", true, true},
		{"organisations", "filter", "phone != ''", true, true},
		{"organisations", "filter", "contact_name ~ 'K'", true, true},
		{"organisations", "filter", "name='x' || email~'y'", true, true},
		{"organisations", "filter", "// a comment\nemail ~ 'a'", true, true},
		{"organisations", "filter", "name = 'x' && (kind = 'verein' || (contact_name ~ 'K'))", true, true},
		{"organisations", "filter", "'a' ~ email", true, true},
		{"organisations", "filter", "strftime('%Y', email) = '1'", true, true},
		{"organisations", "filter", "@collection.organisations.email ~ 'x'", true, true},
		{"organisations", "filter", "@collection.ORGANISATIONS.email ~ 'x'", true, true},
		{"organisations", "filter", "@collection.organisations:o.phone ~ '0'", true, true},
		{"organisations", "filter", "@collection." + orgs.Id + ".email ~ 'x'", true, true},
		{"organisations", "sort", "-phone", true, true},
		{"organisations", "sort", "+email", true, true},
		{"organisations", "sort", "name, contact_name", true, true},
		{"organisations", "expand", "editors", true, true},
		{"organisations", "filter", "editors ~ 'a'", true, true},
		{"organisations", "filter", "editors.id ?> 'm'", true, true},
		{"organisations", "filter", "editors:length > 1", true, true},
		{"organisations", "filter", "editors.name ~ 'A'", true, true},
		{"organisations", "filter", "editors.email ~ 'a'", true, true},
		// the own-id exception: only the requester's own id, only for accounts, only "is one of"
		{"organisations", "filter", "editors.id ?= '" + someId + "'", true, true},
		{"organisations", "filter", `editors ~ "` + someId + `"`, true, true},
		{"organisations", "filter", "editors.id ?= '" + me + "'", true, false},
		{"organisations", "filter", `editors ~ "` + me + `"`, true, false},
		{"organisations", "filter", "editors ?= '" + me + "'", true, false},
		{"organisations", "filter", "'" + me + "' ?= editors.id", true, false},
		{"organisations", "filter", "slug = 'x' && (editors.id ?= '" + me + "')", true, false},
		{"organisations", "filter", "'" + me + "' ~ editors", true, true},
		{"organisations", "filter", "editors = '" + me + "'", true, true}, // "the only editor" says something about the others
		{"organisations", "filter", "editors ~ '" + me[:14] + "%'", true, true},
		{"organisations", "filter", "editors ~ '" + strings.ToUpper(me) + "'", true, true},
		{"organisations", "filter", "editors:each ?= '" + me + "'", true, true},
		{"organisations", "filter", "editors.name ?= '" + me + "'", true, true},
		{"organisations", "filter", "editors.id ?= '" + me + "' || editors.id ?= '" + someId + "'", true, true},
		{"organisations", "filter", "editors ~ @request.auth.id", true, false},
		{"organisations", "filter", "editors.id ?= @request.auth.id", true, false},
		{"organisations", "filter", "@request.auth.id ?= editors.id", true, false},
		{"organisations", "filter", "slug = 'x' && editors.id ?= @request.auth.id", true, false},
		{"organisations", "filter", "editors.id = @request.auth.id", true, true}, // "the only editor" says something about the others
		{"organisations", "filter", "@request.auth.id ~ editors", true, true},
		{"organisations", "filter", "editors.id ?= @request.auth.id || editors.name ~ 'A'", true, true},
		{"organisations", "filter", "editors.id ?= @request.auth.email", true, true},
		// events, opportunities, interests: the club through relations and back-relations
		{"events", "filter", "organisation.email ~ 'turn'", true, true},
		{"events", "filter", "organisation.editors ~ 'ab'", true, true},
		{"events", "filter", "organisation.editors ~ @request.auth.id", true, false},
		{"events", "filter", "organisation.editors ~ '" + me + "'", true, false},
		{"events", "filter", "organisation.editors ~ '" + someId + "'", true, true},
		{"events", "filter", "@request.body.organisation.email ~ 'a'", true, true},
		{"events", "expand", "organisation.editors", true, true},
		{"opportunities", "filter", "organisation.phone ~ '0'", true, true},
		{"opportunities", "filter", "organisation.editors.name ~ 'a'", true, true},
		{"interests", "filter", "opportunity.organisation.phone ~ '0'", true, true},
		{"interests", "filter", "user.organisations_via_editors.name ~ 'a'", true, true},
		{"users", "filter", "organisations_via_editors.name ~ 'a'", true, true},
		{"users", "expand", "organisations_via_editors", true, true},
		{"users", "expand", "organisations(editors)", true, true},
		{"nominations", "filter", "nominee_organisation.contact_name ~ 'K'", true, true},
		// any other e-mail or phone field
		{"interests", "filter", "email ~ 'a'", true, true},
		{"enquiries", "sort", "phone", true, true},
		{"opportunities", "filter", "contact_phone ~ '0'", true, true},
		{"interests", "filter", "user.email ~ 'a'", true, true},
		// awards: the jury and the nominators' addresses
		{"award_rounds", "filter", "jury ~ 'a'", true, true},
		{"award_rounds", "filter", "jury.name ~ 'Jury'", true, true},
		{"award_rounds", "filter", "jury.id ?= '" + someId + "'", true, true},
		{"award_rounds", "filter", "jury.id ?= @request.auth.id", true, false},
		{"award_rounds", "filter", "jury.id ?= '" + me + "'", true, false},
		{"award_rounds", "filter", "jury ~ '" + me + "'", true, false},
		{"award_rounds", "filter", "jury.id ?= @request.auth.id || jury.name ~ 'A'", true, true},
		{"award_rounds", "filter", "nominations_via_round.nominator_email ~ 'a'", true, true},
		{"award_rounds", "expand", "jury", true, true},
		{"nominations", "filter", "round.jury.id ?= @request.auth.id && status = 'submitted'", true, false},
		{"nominations", "filter", "round.jury.name ~ 'A'", true, true},
		{"nominations", "filter", "nominator_email ~ '@'", true, true},
		{"nominations", "sort", "nominator_email", true, true},
		{"jury_votes", "filter", "nomination.nominator_email ~ 'a'", true, true},
		// what stays open to everyone
		{"organisations", "filter", "name ~ 'Tafel'", false, false},
		{"organisations", "filter", "topics ~ 'sport' && kind = 'verein'", false, false},
		{"organisations", "filter", "status = \"published\" && updated >= @todayStart", false, false},
		{"organisations", "sort", "-updated,name,@random", false, false},
		{"events", "filter", "organisation.name ~ 'Chor' && ends_at >= @now", false, false},
		{"events", "expand", "organisation", false, false},
		{"interests", "filter", "user = @request.auth.id", false, false},
		{"interests", "filter", "@request.auth.email != '' && @request.auth.verified = true", false, false},
		{"interests", "filter", "@request.query.x = 'y' && @request.headers.x_y = 'z'", false, false},
		{"award_rounds", "filter", "period.name = '2024–2029' && nominations_via_round.reason ~ 'a'", false, false},
		{"jury_votes", "filter", "score > 3", false, false},
		{"award_rounds", "expand", "period,ceremony", false, false},
		// a filter PocketBase cannot parse is refused before it runs
		{"organisations", "filter", "еmail ~ 'a'", true, true}, // Cyrillic е
		{"organisations", "filter", "email ~ 'a", true, true},
		{"organisations", "filter", "%65mail ~ 'a'", true, true},
	}
	for _, c := range cases {
		coll, err := app.FindCollectionByNameOrId(c.coll)
		if err != nil {
			t.Fatal(err)
		}
		query := map[string]string{c.param: c.value}
		for _, who := range []struct {
			name    string
			auth    *core.Record
			refused bool
		}{{"guest", nil, c.guest}, {"citizen", citizen, c.citizen}, {"superuser", staff, false}, {"buero staff", buero, false},
			// the editorial role does not see private fields, so it does not filter on them either;
			// the citizen's own id is another account's id for it
			{"redaktion staff", redaktion, c.citizen || strings.Contains(c.value, me)}} {
			r := filterguard.Check(app, coll, who.auth, query)
			if got := r != nil; got != who.refused {
				t.Errorf("%s %s=%q for %s: refused=%v, want %v (%v)", c.coll, c.param, c.value, who.name, got, who.refused, r)
			}
			if r != nil && (r.Code == "" || r.Message == "" || r.Param != c.param) {
				t.Errorf("%s %s=%q: refusal without a parameter, code or message: %+v", c.coll, c.param, c.value, r)
			}
		}
	}
}

// FuzzCheckNeverPanics feeds the guard arbitrary filters, sorts and
// expands: it answers, it does not crash a request.
func FuzzCheckNeverPanics(f *testing.F) {
	for _, s := range []string{"email ~ 'a'", "editors.id ?= @request.auth.id", "a.b.c:each ?= geoDistance(a, b, c, d)",
		"((((", "@collection.x:y.z", "@request.body.organisation.email", "organisations_via_editors.email", "x(y).z"} {
		f.Add(s)
	}
	app, fixture := testapp.New(f)
	coll, _ := app.FindCollectionByNameOrId("events")
	citizen, _ := app.FindRecordById("users", fixture.Citizen.Id)
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range []string{"filter", "sort", "expand"} {
			filterguard.Check(app, coll, nil, map[string]string{p: s})
			filterguard.Check(app, coll, citizen, map[string]string{p: s})
		}
	})
}
