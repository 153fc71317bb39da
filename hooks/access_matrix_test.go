package hooks_test

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"ben/hooks/card"
	"ben/hooks/internal/testapp"
	"ben/hooks/realtime"
)

// matrixCard is the citizen's issued card.
func matrixCard(t testing.TB, app *tests.TestApp, f *testapp.Fixture) *core.Record {
	t.Helper()
	cardFixture(t, app, f)
	setStatus(t, app, confirmedID, "approved", nil)
	return cardOf(t, app, confirmedID)
}

// cardRecord makes change to card c and returns the id of the record of
// coll that the change leaves about c.
func cardRecord(t testing.TB, app core.App, coll string, c *core.Record, change func(c *core.Record) error) string {
	t.Helper()
	if err := change(c); err != nil {
		t.Fatal(err)
	}
	r, err := app.FindFirstRecordByData(coll, "card", c.Id)
	if err != nil {
		t.Fatal(err)
	}
	return r.Id
}

// revoke revokes a card for reason; correctKind corrects its kind.
func revoke(app core.App, reason string) func(c *core.Record) error {
	return func(c *core.Record) error { return card.Revoke(app, c, reason, "") }
}

func correctKind(app core.App) func(c *core.Record) error {
	return func(c *core.Record) error {
		_, err := card.Correct(app, c, "kind", "jubilaeum", "Jubiläum übersehen", "", time.Now())
		return err
	}
}

// The access matrix: for every collection, what each role may do with one
// record that is NOT public (a pending club, a draft, someone's
// application). Letters: L list (the record is listed), V view, C create (a
// record of this collection), U update, D delete, R realtime (a subscriber
// receives the change). Every cell is a test; a collection without a row
// fails the suite, so new collections cannot slip past it.
//
// "staff" is a superuser (IT, the dashboard); "staffBuero" and
// "staffRedaktion" are the office's own accounts (collection staff) with the
// roles buero (the full daily work) and redaktion (content only).
var roles = []string{"guest", "user", "editorThis", "editorOther", "applicant", "otherApplicant", "jurorThis", "jurorOther", "staff", "staffBuero", "staffRedaktion"}

type matrixSpec struct {
	// setup makes what the cells need and returns the target record's id
	setup func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string
	// create is a valid body for a new record (for the roles that may)
	create func(app core.App, f *testapp.Fixture, role string) string
	// update is a harmless change to the target
	update string
	// users maps roles to fixture accounts where the default does not fit
	users map[string]string
	// touch, if set, makes the change the realtime cell listens for (for
	// records that cannot be changed) and returns the id to listen for
	touch func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string
	rows  map[string]string
}

// defaultUsers: who plays each role, by fixture token name.
var defaultUsers = map[string]string{
	"user": "unchecked", "editorThis": "editorA", "editorOther": "editorB",
	"applicant": "citizen", "otherApplicant": "editorB", "jurorThis": "unchecked", "jurorOther": "unchecked", "staff": "staff",
	"staffBuero": "staffBuero", "staffRedaktion": "staffRedaktion",
}

func none() map[string]string {
	return map[string]string{"guest": "", "user": "", "editorThis": "", "editorOther": "", "applicant": "", "otherApplicant": "", "jurorThis": "", "jurorOther": "",
		"staff": "LVCUDR", "staffBuero": "", "staffRedaktion": ""}
}

// buero gives the office's buero accounts what superusers may do there: the
// collection is part of the office's daily work.
func buero(rows map[string]string) map[string]string {
	rows["staffBuero"] = rows["staff"]
	return rows
}

func with(base map[string]string, overrides map[string]string) map[string]string {
	for k, v := range overrides {
		base[k] = v
	}
	return base
}

var matrix = map[string]matrixSpec{
	"organisations": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string { return f.Pending.Id },
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"name":"Matrix ` + role + `","kind":"verein"}`
		},
		update: `{"meeting_times":"freitags"}`,
		rows:   buero(with(none(), map[string]string{"user": "C", "editorThis": "LVCUR", "editorOther": "C", "applicant": "C", "otherApplicant": "C", "jurorThis": "C", "jurorOther": "C"})),
	},
	"events": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string { return f.EventADraft.Id },
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"title":"Matrix","kind":"termin","organisation":"` + f.ClubA.Id + `","starts_at":"2030-01-01 10:00:00.000Z","ends_at":"2030-01-01 11:00:00.000Z"}`
		},
		update: `{"location":"Rathaus"}`,
		// the redaktion keeps the office's own events only (api_staff_test.go)
		rows: buero(with(none(), map[string]string{"editorThis": "LVCUDR"})),
	},
	// the clubs' festival (published, of the office): the update moves it;
	// creating, moving and deleting it is the office's decision (buero),
	// the redaktion edits its text only (api_festival_events_test.go)
	"events:vereinsfest": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string { return f.Festival2027.Id },
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"title":"Bitburg engagiert sich 2031","kind":"vereinsfest","starts_at":"2031-09-13 08:00:00.000Z","ends_at":"2031-09-13 16:00:00.000Z","published":true}`
		},
		update: `{"starts_at":"2027-09-18 08:00:00.000Z","ends_at":"2027-09-18 16:00:00.000Z"}`,
		rows: map[string]string{"guest": "LVR", "user": "LVR", "editorThis": "LVR", "editorOther": "LVR", "applicant": "LVR", "otherApplicant": "LVR",
			"jurorThis": "LVR", "jurorOther": "LVR", "staff": "LVCUDR", "staffBuero": "LVCUDR", "staffRedaktion": "LVR"},
	},
	"partners": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string { return f.PartnerInactive.Id },
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"name":"Matrix","category":"x","benefit":"y","active":true}`
		},
		update: `{"benefit":"neu"}`,
		rows:   with(buero(none()), map[string]string{"staffRedaktion": "LVCUDR"}),
	},
	"articles": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string { return f.Draft.Id },
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"kind":"news","title":"Matrix ` + role + `"}`
		},
		update: `{"summary":"neu"}`,
		rows:   with(buero(none()), map[string]string{"staffRedaktion": "LVCUDR"}),
	},
	"users": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string { return f.Citizen.Id },
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"email":"matrix-` + strings.ToLower(role) + `@example.org","password":"ein-langes-passwort","passwordConfirm":"ein-langes-passwort"}`
		},
		update: `{"phone":"0123"}`,
		// anyone may register; only the account itself (the "applicant" here) and staff see or change it
		// buero sees accounts (editors, applicants by name) but changes none
		rows: map[string]string{"guest": "C", "user": "C", "editorThis": "C", "editorOther": "C", "applicant": "LVCUDR", "otherApplicant": "C", "jurorThis": "C", "jurorOther": "C", "staff": "LVCUDR",
			"staffBuero": "LVCR", "staffRedaktion": "C"},
	},
	"card_applications": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			cardFixture(t, app, f)
			return submittedID
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			id := map[string]string{"editorThis": f.EditorA.Id, "editorOther": f.EditorB.Id, "otherApplicant": f.EditorB.Id, "applicant": f.Citizen.Id, "user": f.Unchecked.Id, "jurorThis": f.Unchecked.Id, "jurorOther": f.Unchecked.Id,
				"staff": f.Citizen.Id, "staffBuero": f.Citizen.Id, "staffRedaktion": f.Citizen.Id}[role]
			return `{"applicant":"` + id + `","first_name":"M","last_name":"X","birth_date":"1990-01-01 00:00:00.000Z","kind":"standard","status":"draft"}`
		},
		update: `{"status":"withdrawn"}`,
		// everyone may apply for themselves; the application is the applicant's and staff's alone
		rows: buero(with(none(), map[string]string{"user": "C", "editorThis": "C", "editorOther": "C", "applicant": "LVCUR", "otherApplicant": "C", "jurorThis": "C", "jurorOther": "C"})),
	},
	"engagements": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			cardFixture(t, app, f)
			return "appsubmitted010" // at ClubA, application submitted
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"application":"` + draftID + `","organisation_name":"X","role":"Y","hours_per_week":5,"since":"2020-01-01 00:00:00.000Z","allowance":"none","contact_name":"K","contact_email":"k@example.org"}`
		},
		update: `{"role":"Kassenwart"}`,
		// the club's editors see the row they confirm; the applicant adds rows to drafts only
		rows: buero(with(none(), map[string]string{"editorThis": "LVR", "applicant": "LVCR"})),
	},
	"cards": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string { return matrixCard(t, app, f).Id },
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"number":"BIT-2030-0000` + fmt.Sprint(slices.Index(roles, role)) + `","kind":"standard","status":"active","issued_at":"2030-01-01 00:00:00.000Z"}`
		},
		update: `{"reminder_sent_at":"2030-01-01 00:00:00.000Z"}`,
		// cards come from approving an application and are revoked, never deleted
		rows: buero(with(none(), map[string]string{"applicant": "LVR", "staff": "LVUR"})),
	},
	"card_revocations": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			return cardRecord(t, app, "card_revocations", matrixCard(t, app, f), revoke(app, "Als gestohlen gemeldet"))
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"number":"BIT-2030-00001","reason":"x"}`
		},
		update: `{"reason":"anders"}`,
		touch: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			return cardRecord(t, app, "card_revocations", issuedCard(t, app, "", f.EditorB), revoke(app, "Missbrauch"))
		},
		// append-only: BEN writes it, the office reads it
		rows: buero(with(none(), map[string]string{"staff": "LVR"})),
	},
	"card_corrections": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			return cardRecord(t, app, "card_corrections", matrixCard(t, app, f), correctKind(app))
		},
		create: func(app core.App, f *testapp.Fixture, role string) string { return `{"field":"kind","reason":"x"}` },
		update: `{"reason":"anders"}`,
		touch: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			return cardRecord(t, app, "card_corrections", issuedCard(t, app, "", f.EditorB), correctKind(app))
		},
		rows: buero(with(none(), map[string]string{"staff": "LVR"})),
	},
	"card_number_counters": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			matrixCard(t, app, f)
			r, err := app.FindFirstRecordByFilter("card_number_counters", "last > 0")
			if err != nil {
				t.Fatal(err)
			}
			return r.Id
		},
		create: func(app core.App, f *testapp.Fixture, role string) string { return `{"year":2031,"last":1}` },
		update: `{"last":0}`,
		// only BEN moves a counter; IT may look
		rows: with(none(), map[string]string{"staff": "LVR"}),
	},
	"opportunities": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			seedEngagement(t, app, f)
			return oppADraft
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"organisation":"` + f.ClubA.Id + `","title":"Matrix","commitment":"einmalig","status":"draft"}`
		},
		update: `{"location":"Rathaus"}`,
		rows:   buero(with(none(), map[string]string{"editorThis": "LVCUDR"})),
	},
	"interests": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			seedEngagement(t, app, f)
			return interestCitizenA // the citizen (the "applicant" role here) answered ClubA's offer
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"opportunity":"` + oppB + `","name":"Matrix","email":"matrix@example.org","message":"Ich helfe gern.","consent":true}`
		},
		update: `{"status":"contacted"}`,
		// anyone may answer; the club's editors see and mark it; the citizen sees and withdraws it
		rows: map[string]string{"guest": "C", "user": "C", "editorThis": "LVCUR", "editorOther": "C", "applicant": "LVCDR", "otherApplicant": "C", "jurorThis": "C", "jurorOther": "C", "staff": "LVCUDR",
			"staffBuero": "LVCUDR", "staffRedaktion": "C"},
	},
	"enquiries": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			seedEngagement(t, app, f)
			return enquiryCitizen
		},
		create: func(app core.App, f *testapp.Fixture, role string) string {
			return `{"name":"Matrix","email":"matrix@example.org","message":"Ich möchte helfen.","consent":true}`
		},
		update: `{"status":"in_progress"}`,
		// anyone may write to the office; only the office reads it, not even the sender
		rows: map[string]string{"guest": "C", "user": "C", "editorThis": "C", "editorOther": "C", "applicant": "C", "otherApplicant": "C", "jurorThis": "C", "jurorOther": "C", "staff": "LVCUDR",
			"staffBuero": "LVCUDR", "staffRedaktion": "C"},
	},
	"office": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			r, err := app.FindFirstRecordByFilter("office", "")
			if err != nil {
				t.Fatal(err)
			}
			return r.Id
		},
		create: func(app core.App, f *testapp.Fixture, role string) string { return `{"phone":"06561 1"}` },
		update: `{"opening_hours":"Mo 9–12 Uhr"}`,
		// the office's facts are public; the office (both roles) edits the one
		// record; nobody adds a second or deletes it
		rows: map[string]string{"guest": "LVR", "user": "LVR", "editorThis": "LVR", "editorOther": "LVR", "applicant": "LVR", "otherApplicant": "LVR", "jurorThis": "LVR", "jurorOther": "LVR",
			"staff": "LVUR", "staffBuero": "LVUR", "staffRedaktion": "LVUR"},
	},
}

// systemCollections are PocketBase's own; their rules are PocketBase's.
var systemCollections = []string{core.CollectionNameSuperusers, core.CollectionNameAuthOrigins, core.CollectionNameExternalAuths, core.CollectionNameMFAs, core.CollectionNameOTPs}

func TestAccessMatrixCoversEveryCollection(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	colls, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range colls {
		if slices.Contains(systemCollections, c.Name) {
			continue
		}
		spec, ok := matrix[c.Name]
		if !ok {
			t.Errorf("collection %q has no row in the access matrix", c.Name)
			continue
		}
		for _, r := range roles {
			if _, ok := spec.rows[r]; !ok {
				t.Errorf("collection %q: no cell for role %q", c.Name, r)
			}
		}
	}
}

func TestAccessMatrix(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	var cells atomic.Int64
	t.Cleanup(func() {
		t.Logf("access matrix: %d collections × %d roles × 6 actions = %d cells tested", len(matrix), len(roles), cells.Load())
	})
	for _, coll := range sortedKeys(matrix) {
		spec := matrix[coll]
		collection, _, _ := strings.Cut(coll, ":") // "events:vereinsfest" is a row of events
		userOf := func(role string) string {
			if user := spec.users[role]; user != "" {
				return user
			}
			return defaultUsers[role]
		}
		check := func(t *testing.T, role, letter string, got bool, detail string) {
			t.Helper()
			cells.Add(1)
			if want := strings.Contains(spec.rows[role], letter); got != want {
				t.Errorf("%s %s %s: allowed=%v, want %v (%s)", role, letterNames[letter], coll, got, want, detail)
			}
		}

		// realtime: every role listens on one app, staff change the target
		// once, and each role's cell says whether it was told
		t.Run(coll+"/realtime", func(t *testing.T) {
			t.Parallel()
			app, _ := testapp.New(t)
			_ = testapp.Handler(t, app) // binds the realtime broadcasting
			target := spec.setup(t, app, f)
			users := make([]string, len(roles))
			for i, role := range roles {
				users[i] = userOf(role)
			}
			heard := listenAndTouch(t, app, collection, target, users, f, spec.touch)
			for _, role := range roles {
				check(t, role, "R", heard[userOf(role)], "realtime")
			}
		})

		for _, role := range roles {
			t.Run(coll+"/"+role, func(t *testing.T) {
				t.Parallel()
				app, _ := testapp.New(t)
				app.Settings().RateLimits.Enabled = false
				h := testapp.Handler(t, app)
				target := spec.setup(t, app, f)
				token := f.Tokens[userOf(role)]
				base := "/api/collections/" + collection + "/records"

				res := do(t, h, http.MethodGet, base+"?perPage=500", token, "")
				check(t, role, "L", res.Code == 200 && strings.Contains(res.Body.String(), `"id":"`+target+`"`), fmt.Sprint(res.Code))
				res = do(t, h, http.MethodGet, base+"/"+target, token, "")
				check(t, role, "V", res.Code == 200, fmt.Sprint(res.Code))
				res = do(t, h, http.MethodPost, base, token, spec.create(app, f, role))
				check(t, role, "C", res.Code == 200, fmt.Sprint(res.Code, " ", truncate(res.Body.String())))
				res = do(t, h, http.MethodPatch, base+"/"+target, token, spec.update)
				check(t, role, "U", res.Code == 200, fmt.Sprint(res.Code, " ", truncate(res.Body.String())))
				res = do(t, h, http.MethodDelete, base+"/"+target, token, "")
				check(t, role, "D", res.Code == 204, fmt.Sprint(res.Code, " ", truncate(res.Body.String())))
			})
		}
	}
}

var letterNames = map[string]string{"L": "list", "V": "view", "C": "create", "U": "update", "D": "delete", "R": "realtime"}

// listenAndTouch registers realtime clients on coll for each user (a
// fixture token name, "" for a guest), changes the target record once (or
// runs touch, which returns the record it changed) and reports who was
// told. Every user has two clients: one as PocketBase registers it and one
// as BEN registers it on connect (BEN tells guests itself); they must agree.
func listenAndTouch(t testing.TB, app *tests.TestApp, coll, target string, users []string, f *testapp.Fixture, touch func(testing.TB, *tests.TestApp, *testapp.Fixture) string) map[string]bool {
	t.Helper()
	accounts := map[string]*core.Record{"staff": f.Staff, "staffBuero": f.StaffBuero, "staffRedaktion": f.StaffRedaktion,
		"editorA": f.EditorA, "editorB": f.EditorB, "citizen": f.Citizen, "unchecked": f.Unchecked}
	type listener struct{ plain, ben subscriptions.Client }
	listeners := map[string]listener{}
	for _, user := range users {
		if _, ok := listeners[user]; ok {
			continue
		}
		var auth *core.Record
		if user != "" {
			fresh, err := app.FindRecordById(accounts[user].Collection(), accounts[user].Id)
			if err != nil {
				t.Fatal(err)
			}
			auth = fresh
		}
		l := listener{plain: subscriptions.NewDefaultClient(), ben: realtime.NewClient(app, subscriptions.NewDefaultClient(), func() {})}
		for _, client := range []subscriptions.Client{l.plain, l.ben} {
			client.Set(apis.RealtimeClientAuthKey, auth)
			client.Subscribe(coll + "/*")
			app.SubscriptionsBroker().Register(client)
			defer app.SubscriptionsBroker().Unregister(client.Id())
		}
		listeners[user] = l
	}

	if touch != nil {
		target = touch(t, app, f)
	} else {
		r, err := app.FindRecordById(coll, target)
		if err != nil {
			t.Fatal(err)
		}
		r.Set("updated", time.Now()) // a touch that every rule lets pass
		if err := app.SaveNoValidate(r); err != nil {
			t.Fatal(err)
		}
	}

	// who is not told hears nothing until the deadline: it is shared, so
	// the wait is paid once however many listen
	deadline := time.After(300 * time.Millisecond)
	passed := false
	heard := func(ch chan subscriptions.Message) bool {
		if !passed {
			select {
			case msg := <-ch:
				return strings.Contains(string(msg.Data), target)
			case <-deadline:
				passed = true
			}
		}
		select { // a message that came with the deadline still counts
		case msg := <-ch:
			return strings.Contains(string(msg.Data), target)
		default:
			return false
		}
	}
	told := map[string]bool{}
	for _, user := range slices.Sorted(maps.Keys(listeners)) {
		l := listeners[user]
		byPocketBase, byBEN := heard(l.plain.Channel()), heard(l.ben.Channel())
		if byPocketBase != byBEN {
			t.Errorf("%s on %s: PocketBase's client heard %v, BEN's %v", user, coll, byPocketBase, byBEN)
		}
		told[user] = byPocketBase
	}
	return told
}

// subscribeAndTouch is listenAndTouch for one user.
func subscribeAndTouch(t testing.TB, app *tests.TestApp, coll, target, user string, f *testapp.Fixture) bool {
	t.Helper()
	return listenAndTouch(t, app, coll, target, []string{user}, f, nil)[user]
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
