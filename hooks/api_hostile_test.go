package hooks_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

// publicWrite is a create endpoint that citizens or guests reach.
type publicWrite struct {
	name       string
	collection string
	role       string         // "" = guest
	valid      map[string]any // a body that is accepted
	textFields []string       // fields hostile text is put into
	// setup seeds what the valid body refers to (may be nil)
	setup func(t testing.TB, app *tests.TestApp, f *testapp.Fixture)
}

// hostileBodies derives bodies from a valid one: oversized, wrong-typed,
// script-carrying and Unicode-edge values in each text field, plus raw
// malformed JSON.
func hostileBodies(w publicWrite) map[string]string {
	out := map[string]string{
		"malformed json":        `{"name": "unterbrochen`,
		"json array":            `[1,2,3]`,
		"json string":           `"nur ein Text"`,
		"empty body":            ``,
		"deeply nested":         strings.Repeat(`{"a":`, 2000) + `1` + strings.Repeat(`}`, 2000),
		"invalid utf-8 escapes": `{"name":"\udc00\ud800"}`,
	}
	values := map[string]any{
		"oversized":      strings.Repeat("Ä", 1<<20),
		"script":         `<script>alert("x")</script><img src=x onerror=alert(1)>`,
		"sql":            `'); DROP TABLE organisations; --`,
		"nul byte":       "Verein\x00Name",
		"rtl override":   "\u202eniereV",
		"zero width":     "\u200b\u200c\u200d\ufeff",
		"emoji":          "👩‍👩‍👧‍👦🏳️‍🌈",
		"combining":      "e" + strings.Repeat("\u0301", 500),
		"wrong type num": 12345,
		"wrong type arr": []any{"a", "b"},
		"wrong type obj": map[string]any{"$gt": ""},
		"null":           nil,
	}
	for _, field := range w.textFields {
		for label, v := range values {
			body := map[string]any{}
			for k, val := range w.valid {
				body[k] = val
			}
			body[field] = v
			b, _ := json.Marshal(body)
			out[fmt.Sprintf("%s %s", field, label)] = string(b)
		}
	}
	return out
}

func TestHostileInputToPublicWrites(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	writes := []publicWrite{
		{"registration", "users", "", map[string]any{"email": "neu@example.org", "password": "ein-langes-passwort", "passwordConfirm": "ein-langes-passwort", "name": "Nina"}, []string{"name", "email", "phone"}, nil},
		{"organisation", "organisations", "citizen", map[string]any{"name": "Neuer Verein", "kind": "verein", "description": "<p>Hallo</p>"}, []string{"name", "description", "email", "website", "topics"}, nil},
		{"card application", "card_applications", "citizen", map[string]any{"applicant": f.Citizen.Id, "first_name": "C", "last_name": "B", "birth_date": "1990-01-01 00:00:00.000Z", "kind": "standard", "status": "draft"}, []string{"first_name", "birth_date", "postcode", "kind"}, nil},
		{"engagement", "engagements", "citizen", map[string]any{"application": draftID, "organisation_name": "Tafel", "role": "Fahrer", "hours_per_week": 3, "since": "2020-01-01 00:00:00.000Z", "allowance": "none", "contact_name": "K", "contact_email": "k@example.org"},
			[]string{"role", "hours_per_week", "since", "contact_email", "allowance"},
			func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) {
				cardDraft(t, app, draftID, f.Citizen, adultBirth)
			}},
		{"nomination", "nominations", "", map[string]any{"round": roundMedal, "nominee_name": "Hanna Hilfreich", "reason": "Seit Jahren im Seniorentreff.", "nominator_name": "Nora N.", "nominator_email": "nora@example.org", "consent": true},
			[]string{"nominee_name", "reason", "nominator_email", "consent", "round"},
			func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) {
				af := &awardsFixture{Fixture: &testapp.Fixture{}}
				*af.Fixture = *f
				af.Tokens = map[string]string{}
				seedAwards(t, app, af)
			}},
		{"interest", "interests", "", map[string]any{"opportunity": oppB, "name": "Gabi Gast", "email": "gabi@example.org", "message": "Ich helfe gern.", "consent": true},
			[]string{"name", "email", "message", "consent", "opportunity"},
			func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) { seedEngagement(t, app, f) }},
		{"enquiry", "enquiries", "", map[string]any{"name": "Erik Frage", "email": "erik@example.org", "message": "Wo kann ich helfen?", "consent": true},
			[]string{"name", "email", "phone", "message", "topics"}, nil},
	}
	var total atomic.Int64
	t.Cleanup(func() {
		t.Logf("%d hostile bodies sent to %d public writes: no 5xx, nothing half-stored", total.Load(), len(writes))
	})
	for _, w := range writes {
		t.Run(w.name, func(t *testing.T) {
			t.Parallel()
			app, _ := testapp.New(t)
			if w.setup != nil {
				w.setup(t, app, f)
			}
			app.Settings().RateLimits.Enabled = false // the limiter is tested elsewhere; here every body must reach the handler
			h := testapp.Handler(t, app)
			// the base body is accepted: the hostile variants differ from it in one field
			valid, _ := json.Marshal(w.valid)
			if res := do(t, h, http.MethodPost, "/api/collections/"+w.collection+"/records", f.Tokens[w.role], string(valid)); res.Code != 200 {
				t.Fatalf("the valid body is refused: %d %s", res.Code, truncate(res.Body.String()))
			} else {
				rec := map[string]any{}
				_ = json.Unmarshal(res.Body.Bytes(), &rec)
				if r, err := app.FindRecordById(w.collection, fmt.Sprint(rec["id"])); err == nil {
					_ = app.Delete(r)
				}
			}
			for label, body := range hostileBodies(w) {
				before, _ := app.CountRecords(w.collection)
				res := do(t, h, http.MethodPost, "/api/collections/"+w.collection+"/records", f.Tokens[w.role], body)
				after, _ := app.CountRecords(w.collection)
				total.Add(1)
				switch {
				case res.Code >= 500:
					t.Errorf("%s: %d %s", label, res.Code, truncate(res.Body.String()))
				case res.Code >= 400:
					if after != before {
						t.Errorf("%s: refused with %d but a record was stored", label, res.Code)
					}
					if !strings.Contains(res.Body.String(), `"data"`) {
						t.Errorf("%s: a refusal must carry field errors: %s", label, truncate(res.Body.String()))
					}
				case res.Code == 200:
					checkStoredAsSent(t, app, w.collection, label, body, res.Body.Bytes())
					if after != before+1 {
						t.Errorf("%s: accepted but %d records added", label, after-before)
					}
					// the next body must not collide with this one on unique fields
					rec := map[string]any{}
					_ = json.Unmarshal(res.Body.Bytes(), &rec)
					if r, err := app.FindRecordById(w.collection, fmt.Sprint(rec["id"])); err == nil {
						_ = app.Delete(r)
					}
				default:
					t.Errorf("%s: unexpected status %d", label, res.Code)
				}
			}
		})
	}
}

// checkStoredAsSent compares every text field the client sent with what
// was stored: accepted text is stored exactly, never altered or cut.
func checkStoredAsSent(t *testing.T, app core.App, collection, label, body string, response []byte) {
	t.Helper()
	sent := map[string]any{}
	if json.Unmarshal([]byte(body), &sent) != nil {
		return
	}
	got := map[string]any{}
	_ = json.Unmarshal(response, &got)
	r, err := app.FindRecordById(collection, fmt.Sprint(got["id"]))
	if err != nil {
		t.Errorf("%s: accepted record not found", label)
		return
	}
	for k, v := range sent {
		s, ok := v.(string)
		if !ok || strings.HasPrefix(k, "password") || k == "status" || k == "applicant" {
			continue
		}
		if stored := r.GetString(k); stored != s && strings.TrimSpace(s) == s {
			t.Errorf("%s: field %s stored as %q, sent %q", label, k, truncate(stored), truncate(s))
		}
	}
}

func truncate(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}
