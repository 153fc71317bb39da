package hooks_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"ben/hooks/internal/testapp"
)

// guessTarget is a private value and a guess at its start: a filter that
// is true for the record (right) and one that is false (wrong). A leak is
// any way of asking in which the right guess is answered differently from
// the wrong one.
type guessTarget struct {
	label      string
	coll       string // collection of the record that holds the value
	record     string
	field      string
	right      string // the guess, as a LIKE pattern of the value's start
	wrong      string
	role       string // who guesses: "" for a guest
	via        string // a collection that reaches the field through a relation
	viaRecord  string // a record of via that the guesser may view
	viaPath    string // the path from via to the field, ending in "."
	backColl   string // a collection that reaches the field through a back-relation (may be empty)
	backRecord string
	backPath   string
}

// pair is a right and a wrong guess subscribed in one way.
type pair struct {
	name         string
	right, wrong subscriptions.Client
}

// heardAll waits a moment for every client at once and reports, per pair,
// whether the right and the wrong guess were told of the change. Whether a
// client is told is decided when the record is saved; only the delivery
// follows, and on a busy machine it may come late: a pair whose guesses
// differ after the moment waits longer for its silent client, so that only
// a lasting difference counts. The staff's control pair, whose guesses must
// differ, comes last and is heard for the moment only.
func heardAll(pairs []pair, control pair) [][2]bool {
	pairs = append(pairs, control)
	out := make([][2]bool, len(pairs))
	listen := func(wait time.Duration, skip func(i, j int) bool) {
		deadline := time.Now().Add(wait)
		var wg sync.WaitGroup
		for i, p := range pairs {
			for j, c := range []subscriptions.Client{p.right, p.wrong} {
				if skip(i, j) {
					continue
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					select {
					case <-c.Channel():
						out[i][j] = true
					case <-time.After(time.Until(deadline)):
					}
				}()
			}
		}
		wg.Wait()
	}
	listen(time.Second, func(i, j int) bool { return false })
	listen(10*time.Second, func(i, j int) bool { return i == len(pairs)-1 || out[i][0] == out[i][1] || out[i][j] })
	return out
}

// hostileFilter is one way of writing a guess.
type hostileFilter struct {
	name string
	// filter writes the guess for field (the name as the attacker spells it)
	filter func(field, pattern string) string
}

// spellings of the field name that a regular expression over the raw text
// would not recognise; PocketBase resolves some of them to the field and
// refuses the others.
var fieldSpellings = map[string]func(string) string{
	"plain":                  func(f string) string { return f },
	"upper case":             strings.ToUpper,
	"mixed case":             mixedCase,
	"Cyrillic look-alike":    func(f string) string { return lookAlike(f, "аеорсхуіј", "aeopcxyij") },
	"fullwidth letters":      func(f string) string { return strings.Map(fullwidth, f) },
	"zero-width space":       func(f string) string { return f[:1] + "\u200b" + f[1:] },
	"combining accent":       func(f string) string { return f[:1] + "\u0301" + f[1:] },
	"JSON escape in the URL": func(f string) string { return `\u00` + fmt.Sprintf("%x", f[0]) + f[1:] },
	"with modifier :lower":   func(f string) string { return f + ":lower" },
}

func mixedCase(s string) string {
	b := []byte(s)
	for i := range b {
		if i%2 == 1 && b[i] >= 'a' && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}

func lookAlike(s, fakes, reals string) string {
	rf, rr := []rune(fakes), []rune(reals)
	for i, r := range []rune(s) {
		for j := range rr {
			if r == rr[j] {
				return string([]rune(s)[:i]) + string(rf[j]) + string([]rune(s)[i+1:])
			}
		}
	}
	return s
}

func fullwidth(r rune) rune {
	if r >= 'a' && r <= 'z' {
		return r - 'a' + 'ａ'
	}
	return r
}

// filterForms wrap a spelled field into a whole filter.
var filterForms = []hostileFilter{
	{"as is", func(f, p string) string { return f + " ~ '" + p + "'" }},
	{"in parentheses", func(f, p string) string { return "((" + f + "~'" + p + "'))" }},
	{"tabs and newlines", func(f, p string) string { return "\n\t" + f + "\t~\n'" + p + "'\n" }},
	{"after a comment", func(f, p string) string { return "// nur ein Kommentar\n" + f + " ~ '" + p + "'" }},
	{"or-ed with a harmless test", func(f, p string) string { return "id = 'x' || " + f + " ~ '" + p + "'" }},
	{"and-ed with a harmless test", func(f, p string) string { return "id != '' && " + f + " ~ '" + p + "'" }},
}

// TestPrivateValuesCannotBeGuessed writes guesses at every private field in
// every spelling, wraps and encoding that came to mind, sends them as list
// filters, sorts and realtime subscriptions, and counts the ways in which a
// right guess was answered differently from a wrong one.
func TestPrivateValuesCannotBeGuessed(t *testing.T) {
	t.Parallel()
	app, f := awardsApp(t)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)
	club, _ := app.FindRecordById("organisations", f.ClubA.Id)
	editor := club.GetStringSlice("editors")[0]
	seedIdeas(t, app, f.Fixture)
	seedFestival(t, app, f.Fixture)

	targets := []guessTarget{
		{label: "organisations.email", coll: "organisations", record: f.ClubA.Id, field: "email", right: "turnverein-a%", wrong: "zz%",
			via: "events", viaRecord: f.EventA.Id, viaPath: "organisation."},
		{label: "organisations.phone", coll: "organisations", record: f.ClubA.Id, field: "phone", right: "06561%", wrong: "9%",
			via: "events", viaRecord: f.EventA.Id, viaPath: "organisation."},
		{label: "organisations.contact_name", coll: "organisations", record: f.ClubA.Id, field: "contact_name", right: "Kontakt T%", wrong: "Zz%",
			via: "events", viaRecord: f.EventA.Id, viaPath: "organisation."},
		{label: "organisations.editors", coll: "organisations", record: f.ClubA.Id, field: "editors", right: "%" + editor[:6] + "%", wrong: "%zzzzzz%",
			via: "events", viaRecord: f.EventA.Id, viaPath: "organisation."},
		{label: "award_rounds.jury", coll: "award_rounds", record: roundPrize, field: "jury", right: "%jurorofroundb%", wrong: "%zzzzzz%",
			via: "awards", viaRecord: awardPrize, viaPath: "round."},
		{label: "nominations.nominator_email (as juror)", coll: "nominations", record: nomMedal1, field: "nominator_email", right: "norbert%", wrong: "zz%",
			role: "jurorA", via: "jury_votes", viaRecord: voteA, viaPath: "nomination.",
			backColl: "award_rounds", backRecord: roundMedal, backPath: "nominations_via_round."},
		{label: "ideas.name", coll: "ideas", record: ideaPublished, field: "name", right: "Ida%", wrong: "Zz%",
			via: "ideas", viaRecord: ideaPublished, viaPath: ""},
		{label: "ideas.user (as a citizen)", coll: "ideas", record: ideaCitizen, field: "user", right: f.Citizen.Id[:4] + "%", wrong: "zzzz%",
			role: "citizen", via: "ideas", viaRecord: ideaCitizen, viaPath: ""},
		{label: "festival_participations.needs", coll: "festival_participations", record: festAcceptedB, field: "needs", right: "Eine B%", wrong: "Zz%",
			via: "festival_participations", viaRecord: festAcceptedB, viaPath: "",
			backColl: "events", backRecord: f.Festival2027.Id, backPath: "festival_participations_via_event."},
		{label: "festival_participations.note (as another club's editor)", coll: "festival_participations", record: festAcceptedB, field: "note", right: "Ihr Stand%", wrong: "Zz%",
			role: "editorA", via: "festival_participations", viaRecord: festAcceptedB, viaPath: "",
			backColl: "organisations", backRecord: f.ClubB.Id, backPath: "festival_participations_via_organisation."},
	}

	// the guesses are right: staff, who may filter on anything, get the record for the right guess only
	for _, g := range targets {
		right := listGuess(t, h, f.Tokens["staff"], g.coll, g.record, neturl.QueryEscape(g.field+" ~ '"+g.right+"'"), "")
		wrong := listGuess(t, h, f.Tokens["staff"], g.coll, g.record, neturl.QueryEscape(g.field+" ~ '"+g.wrong+"'"), "")
		if right != "200:1" || wrong != "200:0" {
			t.Fatalf("%s: the test's guesses are not right/wrong for staff (%s, %s)", g.label, right, wrong)
		}
	}

	tried := map[string]int{}
	leaks := map[string][]string{}
	for _, g := range targets {
		token := f.Tokens[g.role]
		leak := func(how string) { leaks[g.label] = append(leaks[g.label], how) }

		// list filters: every spelling in every form, sent plain and encoded
		for spellName, spell := range fieldSpellings {
			for _, form := range filterForms {
				for encName, encode := range queryEncodings {
					name := spellName + ", " + form.name + ", " + encName
					tried[g.label]++
					right := listGuess(t, h, token, g.coll, g.record, encode(form.filter(spell(g.field), g.right)), "")
					wrong := listGuess(t, h, token, g.coll, g.record, encode(form.filter(spell(g.field), g.wrong)), "")
					if right != wrong {
						leak("list " + name + ": " + right + " vs " + wrong)
					}
				}
			}
		}
		// through a relation, a back-relation and @collection
		type path struct{ name, coll, record, prefix string }
		paths := []path{{"relation", g.via, g.viaRecord, g.viaPath}, {"@collection", g.coll, g.record, "@collection." + g.coll + "."}}
		if g.backPath != "" {
			paths = append(paths, path{"back-relation", g.backColl, g.backRecord, g.backPath})
		}
		for _, p := range paths {
			for spellName, spell := range fieldSpellings {
				tried[g.label]++
				right := listGuess(t, h, token, p.coll, p.record, neturl.QueryEscape(p.prefix+spell(g.field)+" ~ '"+g.right+"'"), "")
				wrong := listGuess(t, h, token, p.coll, p.record, neturl.QueryEscape(p.prefix+spell(g.field)+" ~ '"+g.wrong+"'"), "")
				if right != wrong {
					leak("list " + p.name + ", " + spellName + ": " + right + " vs " + wrong)
				}
			}
		}
		// sorting by the field tells its order: it must be refused in every spelling
		for spellName, spell := range fieldSpellings {
			for _, dir := range []string{"", "-", "+"} {
				tried[g.label]++
				res := listGuess(t, h, token, g.coll, g.record, "", neturl.QueryEscape(dir+spell(g.field)))
				if strings.HasPrefix(res, "200") {
					leak("sort " + dir + spellName + ": " + res)
				}
			}
		}

		// realtime: subscriptions to the record whose filter is the guess; the
		// record changes once; a right guess must not be told apart from a wrong one
		var pairs []pair
		subscribe := func(name, topic string, options func(pattern string) string) {
			tried[g.label]++
			pairs = append(pairs, pair{name,
				realtimeClient(t, app, h, token, topic+options(g.right)),
				realtimeClient(t, app, h, token, topic+options(g.wrong))})
		}
		for spellName, spell := range fieldSpellings {
			for _, form := range filterForms {
				for encName, encode := range optionEncodings {
					subscribe("realtime "+spellName+", "+form.name+", "+encName, g.coll+"/"+g.record, func(p string) string {
						return encode(form.filter(spell(g.field), p))
					})
				}
			}
			subscribe("realtime relation, "+spellName, g.via+"/"+g.viaRecord, func(p string) string {
				return optionEncodings["JSON, URL-encoded"](g.viaPath + spell(g.field) + " ~ '" + p + "'")
			})
		}
		// staff hear the right guess and not the wrong one: the harness tells them apart
		control := pair{"staff control",
			realtimeClient(t, app, h, f.Tokens["staff"], g.coll+"/"+g.record+optionEncodings["JSON, URL-encoded"](g.field+" ~ '"+g.right+"'")),
			realtimeClient(t, app, h, f.Tokens["staff"], g.coll+"/"+g.record+optionEncodings["JSON, URL-encoded"](g.field+" ~ '"+g.wrong+"'"))}
		touch(t, app, g.coll, g.record)
		touch(t, app, g.via, g.viaRecord)
		results := heardAll(pairs, control)
		if c := results[len(pairs)]; !c[0] || c[1] {
			t.Fatalf("%s: staff's realtime guesses were not told apart (right heard=%v, wrong heard=%v)", g.label, c[0], c[1])
		}
		for i, p := range pairs {
			if right, wrong := results[i][0], results[i][1]; right != wrong {
				leak(fmt.Sprintf("%s: right guess heard=%v, wrong guess heard=%v", p.name, right, wrong))
			}
		}
	}

	labels := make([]string, 0, len(tried))
	total := 0
	for l, n := range tried {
		labels = append(labels, l)
		total += n
	}
	sort.Strings(labels)
	for _, l := range labels {
		t.Logf("guesses at %s: %d ways tried, %d leaks", l, tried[l], len(leaks[l]))
		for _, how := range leaks[l] {
			t.Errorf("%s leaks: %s", l, how)
		}
	}
	t.Logf("private-value guessing: %d ways over %d fields, list and realtime", total, len(labels))
}

// queryEncodings send a filter in the URL the ways a client may.
var queryEncodings = map[string]func(string) string{
	"URL-encoded": neturl.QueryEscape,
	"+ for spaces, rest raw": func(s string) string {
		return strings.NewReplacer(" ", "+", "&", "%26", "#", "%23", "%", "%25", "\n", "%0A", "\t", "%09").Replace(s)
	},
	"every letter percent-encoded": func(s string) string {
		var b strings.Builder
		for _, c := range []byte(s) {
			fmt.Fprintf(&b, "%%%02X", c)
		}
		return b.String()
	},
	"percent-encoded twice": func(s string) string { return neturl.QueryEscape(neturl.QueryEscape(s)) },
}

// optionEncodings write a filter into a realtime subscription's options the
// ways JSON and URLs allow.
var optionEncodings = map[string]func(string) string{
	"JSON, URL-encoded": func(filter string) string {
		return "?options=" + neturl.QueryEscape(optionsJSON("query", "filter", filter))
	},
	"every letter a JSON escape": func(filter string) string {
		var b strings.Builder
		for _, r := range filter {
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		return "?options=" + neturl.QueryEscape(`{"query":{"filter":"`+b.String()+`"}}`)
	},
	"first letter a JSON escape in capitals": func(filter string) string {
		j := optionsJSON("query", "filter", filter)
		i := strings.Index(j, `"filter":"`) + len(`"filter":"`)
		return "?options=" + neturl.QueryEscape(j[:i]+fmt.Sprintf(`\u%04X`, j[i])+j[i+1:])
	},
	"QUERY in capitals": func(filter string) string {
		return "?options=" + neturl.QueryEscape(optionsJSON("QUERY", "filter", filter))
	},
	"a harmless filter first, the guess in a second query key": func(filter string) string {
		second, _ := json.Marshal(filter)
		return "?options=" + neturl.QueryEscape(`{"query":{"filter":"id != ''"},"query":{"filter":`+string(second)+`}}`)
	},
	"a harmless filter first, the guess in a second filter key": func(filter string) string {
		second, _ := json.Marshal(filter)
		return "?options=" + neturl.QueryEscape(`{"query":{"filter":"id != ''","filter":`+string(second)+`}}`)
	},
	"options percent-encoded twice": func(filter string) string {
		return "?options=" + neturl.QueryEscape(neturl.QueryEscape(optionsJSON("query", "filter", filter)))
	},
	"%20 instead of +": func(filter string) string {
		return "?options=" + strings.ReplaceAll(neturl.QueryEscape(optionsJSON("query", "filter", filter)), "+", "%20")
	},
	"filter as a JSON array": func(filter string) string {
		arr, _ := json.Marshal([]string{filter})
		return "?options=" + neturl.QueryEscape(`{"query":{"filter":`+string(arr)+`}}`)
	},
}

func optionsJSON(queryKey, filterKey, filter string) string {
	b, _ := json.Marshal(map[string]map[string]string{queryKey: {filterKey: filter}})
	return string(b)
}

// listGuess lists coll restricted to record with a filter and a sort (both
// already encoded for the URL) and answers "status:count".
func listGuess(t testing.TB, h http.Handler, token, coll, record, filter, sortParam string) string {
	t.Helper()
	u := "/api/collections/" + coll + "/records?skipTotal=1&perPage=5"
	if filter != "" {
		u += "&filter=" + filter
	}
	if sortParam != "" {
		u += "&sort=" + sortParam
	}
	req := httptest.NewRequest(http.MethodGet, u, nil)
	// a random loopback address for every guess keeps PocketBase's throttle
	// of empty filtered lists out of the test's time
	n := rand.Uint32()
	req.RemoteAddr = fmt.Sprintf("127.%d.%d.%d:1234", (n>>16)&255, (n>>8)&255, n&255)
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		return fmt.Sprint(rec.Code)
	}
	var out struct {
		Items []struct {
			Id string `json:"id"`
		} `json:"items"`
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	count := 0
	for _, it := range out.Items {
		if it.Id == record {
			count++
		}
	}
	return fmt.Sprintf("200:%d", count)
}

// realtimeClient registers a realtime client and subscribes it through the
// API as the holder of token; a refused subscription leaves it without one.
func realtimeClient(t testing.TB, app core.App, h http.Handler, token, subscription string) subscriptions.Client {
	t.Helper()
	client := subscriptions.NewDefaultClient()
	app.SubscriptionsBroker().Register(client)
	t.Cleanup(func() { app.SubscriptionsBroker().Unregister(client.Id()) })
	body, _ := json.Marshal(map[string]any{"clientId": client.Id(), "subscriptions": []string{subscription}})
	res := do(t, h, http.MethodPost, "/api/realtime", token, string(body))
	if res.Code != 204 && res.Code != 400 {
		t.Fatalf("subscribing %q: %d %s", subscription, res.Code, res.Body.String())
	}
	return client
}

// touch changes a record the way every rule lets pass, so that its
// subscribers are told.
func touch(t testing.TB, app core.App, coll, id string) {
	t.Helper()
	r, err := app.FindRecordById(coll, id)
	if err != nil {
		t.Fatal(err)
	}
	r.Set("updated", time.Now())
	if err := app.SaveNoValidate(r); err != nil {
		t.Fatal(err)
	}
}

// TestNoIdOracle: a literal id in a filter on a club's editors or a round's
// jury is answered the same whether the id is on it or not, for guests and
// for accounts that are not that id.
func TestNoIdOracle(t *testing.T) {
	t.Parallel()
	app, f := awardsApp(t)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)
	const nobody = "zzzzzzzzzzzzzzz"
	cases := []struct {
		name, role, coll, record, filter, id string
	}{
		{"guest tests a juror's id", "", "award_rounds", roundPrize, "jury ~ '%s'", jurorB},
		{"guest tests a juror's id with jury.id ?=", "", "award_rounds", roundPrize, "jury.id ?= '%s'", jurorB},
		{"another juror tests a juror's id", "jurorA", "award_rounds", roundPrize, "jury ~ '%s'", jurorB},
		{"guest tests an editor's id", "", "organisations", f.ClubA.Id, "editors ~ '%s'", f.EditorA.Id},
		{"citizen tests an editor's id", "citizen", "organisations", f.ClubA.Id, "editors.id ?= '%s'", f.EditorA.Id},
		{"another editor tests an editor's id", "editorB", "organisations", f.ClubA.Id, "editors ~ '%s'", f.EditorA.Id},
		{"guest tests an editor's id through an event", "", "events", f.EventA.Id, "organisation.editors ~ '%s'", f.EditorA.Id},
		{"guest tests an editor's id with organisation.editors.id ?=", "", "events", f.EventA.Id, "organisation.editors.id ?= '%s'", f.EditorA.Id},
	}
	for _, c := range cases {
		token := f.Tokens[c.role]
		right := listGuess(t, h, token, c.coll, c.record, neturl.QueryEscape(fmt.Sprintf(c.filter, c.id)), "")
		wrong := listGuess(t, h, token, c.coll, c.record, neturl.QueryEscape(fmt.Sprintf(c.filter, nobody)), "")
		if right != wrong || right != "400" {
			t.Errorf("%s: the right id is answered %s, a wrong one %s; both must be refused", c.name, right, wrong)
		}
	}
	// the holder of the id may ask for their own records
	if got := listGuess(t, h, f.Tokens["jurorB"], "award_rounds", roundPrize, neturl.QueryEscape("jury.id ?= '"+jurorB+"'"), ""); got != "200:1" {
		t.Errorf("a juror asking for their own rounds: %s", got)
	}
	if got := listGuess(t, h, f.Tokens["editorA"], "events", f.EventA.Id, neturl.QueryEscape("organisation.editors ~ '"+f.EditorA.Id+"'"), ""); got != "200:1" {
		t.Errorf("an editor asking for their clubs' events: %s", got)
	}
}
