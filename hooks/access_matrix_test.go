package hooks_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
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

// matrixSecondCard is a card of another person (editorB), issued now.
func matrixSecondCard(t testing.TB, app *tests.TestApp) *core.Record {
	t.Helper()
	f := testapp.Fixtures(t)
	a := cardDraft(t, app, "", f.EditorB, adultBirth, engagementAt(nil, 6))
	setStatus(t, app, a.Id, "submitted", nil)
	setStatus(t, app, a.Id, "confirmed", nil)
	setStatus(t, app, a.Id, "approved", nil)
	c, err := app.FindFirstRecordByData("cards", "application", a.Id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// matrixCard is the citizen's issued card.
func matrixCard(t testing.TB, app *tests.TestApp, f *testapp.Fixture) *core.Record {
	t.Helper()
	cardFixture(t, app, f)
	setStatus(t, app, confirmedID, "approved", nil)
	c, err := app.FindFirstRecordByData("cards", "application", confirmedID)
	if err != nil {
		t.Fatal(err)
	}
	return c
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
	create func(f *testapp.Fixture, role string) string
	// update is a harmless change to the target
	update string
	// users maps roles to fixture accounts where the default does not fit
	users map[string]string
	// touch, if set, makes the change the realtime cell listens for (for
	// records that cannot be changed) and returns the id to listen for
	touch func(t testing.TB, app *tests.TestApp) string
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
		setup:  func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string { return f.Pending.Id },
		create: func(f *testapp.Fixture, role string) string { return `{"name":"Matrix ` + role + `","kind":"verein"}` },
		update: `{"meeting_times":"freitags"}`,
		rows:   buero(with(none(), map[string]string{"user": "C", "editorThis": "LVCUR", "editorOther": "C", "applicant": "C", "otherApplicant": "C", "jurorThis": "C", "jurorOther": "C"})),
	},
	"events": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string { return f.EventADraft.Id },
		create: func(f *testapp.Fixture, role string) string {
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
		create: func(f *testapp.Fixture, role string) string {
			return `{"title":"Bitburg engagiert sich 2031","kind":"vereinsfest","starts_at":"2031-09-13 08:00:00.000Z","ends_at":"2031-09-13 16:00:00.000Z","published":true}`
		},
		update: `{"starts_at":"2027-09-18 08:00:00.000Z","ends_at":"2027-09-18 16:00:00.000Z"}`,
		rows: map[string]string{"guest": "LVR", "user": "LVR", "editorThis": "LVR", "editorOther": "LVR", "applicant": "LVR", "otherApplicant": "LVR",
			"jurorThis": "LVR", "jurorOther": "LVR", "staff": "LVCUDR", "staffBuero": "LVCUDR", "staffRedaktion": "LVR"},
	},
	"partners": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string { return f.PartnerInactive.Id },
		create: func(f *testapp.Fixture, role string) string {
			return `{"name":"Matrix","category":"x","benefit":"y","active":true}`
		},
		update: `{"benefit":"neu"}`,
		rows:   with(buero(none()), map[string]string{"staffRedaktion": "LVCUDR"}),
	},
	"articles": {
		setup:  func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string { return f.Draft.Id },
		create: func(f *testapp.Fixture, role string) string { return `{"kind":"news","title":"Matrix ` + role + `"}` },
		update: `{"summary":"neu"}`,
		rows:   with(buero(none()), map[string]string{"staffRedaktion": "LVCUDR"}),
	},
	"users": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string { return f.Citizen.Id },
		create: func(f *testapp.Fixture, role string) string {
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
		create: func(f *testapp.Fixture, role string) string {
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
		create: func(f *testapp.Fixture, role string) string {
			return `{"application":"` + draftID + `","organisation_name":"X","role":"Y","hours_per_week":5,"since":"2020-01-01 00:00:00.000Z","allowance":"none","contact_name":"K","contact_email":"k@example.org"}`
		},
		update: `{"role":"Kassenwart"}`,
		// the club's editors see the row they confirm; the applicant adds rows to drafts only
		rows: buero(with(none(), map[string]string{"editorThis": "LVR", "applicant": "LVCR"})),
	},
	"cards": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			cardFixture(t, app, f)
			setStatus(t, app, confirmedID, "approved", nil)
			c, err := app.FindFirstRecordByData("cards", "application", confirmedID)
			if err != nil {
				t.Fatal(err)
			}
			return c.Id
		},
		create: func(f *testapp.Fixture, role string) string {
			return `{"number":"BIT-2030-0000` + fmt.Sprint(slices.Index(roles, role)) + `","kind":"standard","status":"active","issued_at":"2030-01-01 00:00:00.000Z"}`
		},
		update: `{"reminder_sent_at":"2030-01-01 00:00:00.000Z"}`,
		// cards come from approving an application and are revoked, never deleted
		rows: buero(with(none(), map[string]string{"applicant": "LVR", "staff": "LVUR"})),
	},
	"card_revocations": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			c := matrixCard(t, app, f)
			if err := card.Revoke(app, c, "Als gestohlen gemeldet", ""); err != nil {
				t.Fatal(err)
			}
			r, err := app.FindFirstRecordByData("card_revocations", "card", c.Id)
			if err != nil {
				t.Fatal(err)
			}
			return r.Id
		},
		create: func(f *testapp.Fixture, role string) string { return `{"number":"BIT-2030-00001","reason":"x"}` },
		update: `{"reason":"anders"}`,
		touch: func(t testing.TB, app *tests.TestApp) string {
			c := matrixSecondCard(t, app)
			if err := card.Revoke(app, c, "Missbrauch", ""); err != nil {
				t.Fatal(err)
			}
			r, err := app.FindFirstRecordByData("card_revocations", "card", c.Id)
			if err != nil {
				t.Fatal(err)
			}
			return r.Id
		},
		// append-only: BEN writes it, the office reads it
		rows: buero(with(none(), map[string]string{"staff": "LVR"})),
	},
	"card_corrections": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			c := matrixCard(t, app, f)
			if _, err := card.Correct(app, c, "kind", "jubilaeum", "Jubiläum übersehen", "", time.Now()); err != nil {
				t.Fatal(err)
			}
			r, err := app.FindFirstRecordByData("card_corrections", "card", c.Id)
			if err != nil {
				t.Fatal(err)
			}
			return r.Id
		},
		create: func(f *testapp.Fixture, role string) string { return `{"field":"kind","reason":"x"}` },
		update: `{"reason":"anders"}`,
		touch: func(t testing.TB, app *tests.TestApp) string {
			c := matrixSecondCard(t, app)
			if _, err := card.Correct(app, c, "kind", "jubilaeum", "Jubiläum übersehen", "", time.Now()); err != nil {
				t.Fatal(err)
			}
			r, err := app.FindFirstRecordByData("card_corrections", "card", c.Id)
			if err != nil {
				t.Fatal(err)
			}
			return r.Id
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
		create: func(f *testapp.Fixture, role string) string { return `{"year":2031,"last":1}` },
		update: `{"last":0}`,
		// only BEN moves a counter; IT may look
		rows: with(none(), map[string]string{"staff": "LVR"}),
	},
	"opportunities": {
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			seedEngagement(t, app, f)
			return oppADraft
		},
		create: func(f *testapp.Fixture, role string) string {
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
		create: func(f *testapp.Fixture, role string) string {
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
		create: func(f *testapp.Fixture, role string) string {
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
		create: func(f *testapp.Fixture, role string) string { return `{"phone":"06561 1"}` },
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
	cells := 0
	for _, coll := range sortedKeys(matrix) {
		spec := matrix[coll]
		for _, role := range roles {
			allowed := spec.rows[role]
			t.Run(coll+"/"+role, func(t *testing.T) {
				app, _ := testapp.New(t)
				app.Settings().RateLimits.Enabled = false
				h := testapp.Handler(t, app) // also binds the realtime broadcasting
				target := spec.setup(t, app, f)
				user := spec.users[role]
				if user == "" {
					user = defaultUsers[role]
				}
				token := f.Tokens[user]
				collection, _, _ := strings.Cut(coll, ":") // "events:vereinsfest" is a row of events
				base := "/api/collections/" + collection + "/records"
				check := func(letter string, got bool, detail string) {
					cells++
					if want := strings.Contains(allowed, letter); got != want {
						t.Errorf("%s %s %s: allowed=%v, want %v (%s)", role, letterNames[letter], coll, got, want, detail)
					}
				}

				// realtime first: subscribe, change the target as staff, see who hears of it
				heard := subscribeAndTouch(t, app, collection, target, user, f, spec.touch)
				check("R", heard, "realtime")

				res := do(t, h, http.MethodGet, base+"?perPage=500", token, "")
				check("L", res.Code == 200 && strings.Contains(res.Body.String(), `"id":"`+target+`"`), fmt.Sprint(res.Code))
				res = do(t, h, http.MethodGet, base+"/"+target, token, "")
				check("V", res.Code == 200, fmt.Sprint(res.Code))
				res = do(t, h, http.MethodPost, base, token, spec.create(f, role))
				check("C", res.Code == 200, fmt.Sprint(res.Code, " ", truncate(res.Body.String())))
				res = do(t, h, http.MethodPatch, base+"/"+target, token, spec.update)
				check("U", res.Code == 200, fmt.Sprint(res.Code, " ", truncate(res.Body.String())))
				res = do(t, h, http.MethodDelete, base+"/"+target, token, "")
				check("D", res.Code == 204, fmt.Sprint(res.Code, " ", truncate(res.Body.String())))
			})
		}
	}
	t.Logf("access matrix: %d collections × %d roles × 6 actions = %d cells tested", len(matrix), len(roles), cells)
}

var letterNames = map[string]string{"L": "list", "V": "view", "C": "create", "U": "update", "D": "delete", "R": "realtime"}

// subscribeAndTouch registers a realtime client for user, changes the
// target record (or runs touch, which returns the record it changed) and
// reports whether the client was told. Two clients listen: one as
// PocketBase registers it and one as BEN registers it on connect (BEN tells
// guests itself); they must agree.
func subscribeAndTouch(t testing.TB, app *tests.TestApp, coll, target, user string, f *testapp.Fixture, touch ...func(testing.TB, *tests.TestApp) string) bool {
	t.Helper()
	plain := subscriptions.NewDefaultClient()
	ben := realtime.NewClient(app, subscriptions.NewDefaultClient(), func() {})
	var auth *core.Record
	if user != "" {
		auth = map[string]*core.Record{"staff": f.Staff, "staffBuero": f.StaffBuero, "staffRedaktion": f.StaffRedaktion,
			"editorA": f.EditorA, "editorB": f.EditorB, "citizen": f.Citizen, "unchecked": f.Unchecked}[user]
		fresh, err := app.FindRecordById(auth.Collection(), auth.Id)
		if err != nil {
			t.Fatal(err)
		}
		auth = fresh
	}
	for _, client := range []subscriptions.Client{plain, ben} {
		client.Set(apis.RealtimeClientAuthKey, auth)
		client.Subscribe(coll + "/*")
		app.SubscriptionsBroker().Register(client)
		defer app.SubscriptionsBroker().Unregister(client.Id())
	}

	if len(touch) > 0 && touch[0] != nil {
		target = touch[0](t, app)
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
	deadline := time.Now().Add(300 * time.Millisecond)
	heard := func(ch chan subscriptions.Message) bool {
		select {
		case msg := <-ch:
			return strings.Contains(string(msg.Data), target)
		case <-time.After(time.Until(deadline)):
			return false
		}
	}
	byPocketBase, byBEN := heard(plain.Channel()), heard(ben.Channel())
	if byPocketBase != byBEN {
		t.Errorf("%s on %s: PocketBase's client heard %v, BEN's %v", user, coll, byPocketBase, byBEN)
	}
	return byPocketBase
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
