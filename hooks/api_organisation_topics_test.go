package hooks_test

import (
	"context"
	dbsql "database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/internal/testapp"
	"ben/hooks/organisations"
)

// topicList is what a guest reads of organisation_topics: the ids of the
// expanded organisations, in order.
func topicList(t testing.TB, h http.Handler, topic string) []string {
	t.Helper()
	rec := guestGet(t, h, "/api/collections/organisation_topics/records?perPage=200&sort=name&expand=organisation&filter="+urlq(fmt.Sprintf("topic = %q", topic)))
	if rec.Code != http.StatusOK {
		t.Fatalf("topic %s: %d %s", topic, rec.Code, rec.Body)
	}
	var list struct {
		Items []struct {
			Organisation string
			Expand       struct{ Organisation struct{ ID string } }
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, it := range list.Items {
		if it.Expand.Organisation.ID != it.Organisation {
			t.Fatalf("topic %s: the row of %s expands %q", topic, it.Organisation, it.Expand.Organisation.ID)
		}
		ids = append(ids, it.Organisation)
	}
	return ids
}

// organisationsByTopic is the same question in the old form, which keeps
// working: a filter on the organisations' JSON list of topics.
func organisationsByTopic(t testing.TB, h http.Handler, topic string) []string {
	t.Helper()
	rec := guestGet(t, h, "/api/collections/organisations/records?perPage=200&sort=name&filter="+urlq(fmt.Sprintf("topics ~ %q", topic)))
	if rec.Code != http.StatusOK {
		t.Fatalf("organisations of %s: %d %s", topic, rec.Code, rec.Body)
	}
	var list struct{ Items []struct{ ID string } }
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, it := range list.Items {
		ids = append(ids, it.ID)
	}
	return ids
}

// The topic rows answer exactly what the old filter answers, after every
// kind of change to the organisations, by every path.
func TestTopicRowsFollowTheOrganisations(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	topics := []string{"sport", "jugend", "kultur"}
	same := func(step string) {
		t.Helper()
		for _, topic := range topics {
			rows, old := topicList(t, h, topic), organisationsByTopic(t, h, topic)
			if strings.Join(rows, ",") != strings.Join(old, ",") {
				t.Fatalf("%s: topic %s lists %v, the organisations' filter %v", step, topic, rows, old)
			}
		}
	}
	listed := func(topic, id string) bool {
		t.Helper()
		for _, x := range topicList(t, h, topic) {
			if x == id {
				return true
			}
		}
		return false
	}

	same("the fixture")
	if !listed("sport", f.ClubA.Id) || listed("sport", f.Pending.Id) || listed("sport", f.Archived.Id) {
		t.Fatal("sport lists the published clubs only")
	}

	rec := do(t, h, http.MethodPatch, "/api/collections/organisations/records/"+f.ClubA.Id, f.Tokens["editorA"], `{"topics":["jugend","sport"],"name":"Turnverein Aachen"}`)
	if rec.Code != http.StatusOK {
		t.Fatalf("editor changes topics and name: %d %s", rec.Code, rec.Body)
	}
	same("an editor adds a topic and renames the club")
	if !listed("jugend", f.ClubA.Id) {
		t.Fatal("the added topic does not list the club")
	}
	row, _ := app.FindRecordById(organisations.Topics, topicRowOf(t, app, f.ClubA.Id, "sport"))
	if row.GetString("name") != "Turnverein Aachen" {
		t.Fatalf("the row's name did not follow: %q", row.GetString("name"))
	}

	club, _ := app.FindRecordById("organisations", f.ClubA.Id)
	club.Set("topics", []string{"kultur"})
	if err := app.Save(club); err != nil { // Go code, the dashboard
		t.Fatal(err)
	}
	same("topics replaced in Go code")
	if listed("sport", f.ClubA.Id) || listed("jugend", f.ClubA.Id) || !listed("kultur", f.ClubA.Id) {
		t.Fatal("the rows do not match the new topics")
	}

	rec = do(t, h, http.MethodPatch, "/api/collections/organisations/records/"+f.ClubB.Id, f.Tokens["staffBuero"], `{"status":"archived"}`)
	if rec.Code != http.StatusOK {
		t.Fatalf("the office archives a club: %d %s", rec.Code, rec.Body)
	}
	same("a club archived")
	if listed("sport", f.ClubB.Id) {
		t.Fatal("an archived club is listed")
	}

	rec = do(t, h, http.MethodPost, "/api/collections/organisations/records", f.Tokens["citizen"], `{"name":"Jugendtreff Mötsch","kind":"initiative","topics":["jugend","sport"]}`)
	if rec.Code != http.StatusOK {
		t.Fatalf("a citizen registers a club: %d %s", rec.Code, rec.Body)
	}
	var created struct{ ID string }
	_ = json.Unmarshal(rec.Body.Bytes(), &created)
	same("a club registered (pending)")
	if listed("jugend", created.ID) {
		t.Fatal("a pending club is listed")
	}
	rec = do(t, h, http.MethodPatch, "/api/collections/organisations/records/"+created.ID, f.Tokens["staffBuero"], `{"status":"published"}`)
	if rec.Code != http.StatusOK {
		t.Fatalf("the office publishes it: %d %s", rec.Code, rec.Body)
	}
	same("the club published")
	if !listed("jugend", created.ID) || !listed("sport", created.ID) {
		t.Fatal("a published club is missing from its topics")
	}

	rec = do(t, h, http.MethodDelete, "/api/collections/organisations/records/"+created.ID, f.Tokens["staff"], "")
	if rec.Code != http.StatusNoContent {
		t.Fatalf("staff deletes the club: %d %s", rec.Code, rec.Body)
	}
	same("a club deleted")
	if n, _ := app.CountRecords(organisations.Topics, dbx.HashExp{"organisation": created.ID}); n != 0 {
		t.Fatalf("%d rows of a deleted club remain", n)
	}
}

// The rows are derived: nobody writes them through the API, superusers
// neither, and the refusal says where topics are changed.
func TestTopicRowsAreNotWrittenThroughTheAPI(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	row := topicRowOf(t, app, f.ClubA.Id, "sport")
	for _, tc := range []struct{ method, url, body string }{
		{http.MethodPost, "/api/collections/organisation_topics/records", `{"topic":"kultur","organisation":"` + f.ClubA.Id + `","name":"x"}`},
		{http.MethodPatch, "/api/collections/organisation_topics/records/" + row, `{"topic":"kultur"}`},
		{http.MethodDelete, "/api/collections/organisation_topics/records/" + row, ""},
	} {
		rec := do(t, h, tc.method, tc.url, f.Tokens["staff"], tc.body)
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "im Profil der Organisation") {
			t.Errorf("superuser %s %s: %d %s", tc.method, tc.url, rec.Code, rec.Body)
		}
	}
	if n, _ := app.CountRecords(organisations.Topics, dbx.HashExp{"organisation": f.ClubA.Id}); n != 1 {
		t.Fatalf("club A has %d rows, want its one topic", n)
	}
}

// An organisation expanded from its topic row shows what the organisation
// shows to the same reader: contact data only where the club made it
// public.
func TestTopicRowsExpandOrganisationsAsTheReaderMaySeeThem(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	url := "/api/collections/organisation_topics/records?expand=organisation&filter=" + urlq(`topic = "sport"`)
	guest := guestGet(t, h, url).Body.String()
	if strings.Contains(guest, "turnverein-a@club.example") || !strings.Contains(guest, "chor-b@club.example") {
		t.Fatalf("a guest reads club A's private address or misses club B's public one: %s", guest)
	}
	editor := do(t, h, http.MethodGet, url, f.Tokens["editorA"], "").Body.String()
	if !strings.Contains(editor, "turnverein-a@club.example") {
		t.Fatalf("club A's editor misses its own address: %s", editor)
	}
}

// queryPlans records the plan of every SELECT the app runs while fn runs,
// as SQLite would execute it (EXPLAIN QUERY PLAN of the statement with its
// values).
func queryPlans(t testing.TB, app core.App, fn func()) []string {
	t.Helper()
	db := app.ConcurrentDB().(*dbx.DB)
	var mu sync.Mutex
	var statements []string
	db.QueryLogFunc = func(_ context.Context, _ time.Duration, statement string, _ *dbsql.Rows, _ error) {
		mu.Lock()
		defer mu.Unlock()
		if strings.HasPrefix(strings.TrimSpace(statement), "SELECT") {
			statements = append(statements, statement)
		}
	}
	fn()
	db.QueryLogFunc = nil
	var plans []string
	for _, s := range statements {
		var rows []struct {
			Detail string `db:"detail"`
		}
		if err := app.ConcurrentDB().NewQuery("EXPLAIN QUERY PLAN " + s).All(&rows); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		var lines []string
		for _, r := range rows {
			lines = append(lines, r.Detail)
		}
		plans = append(plans, s+"\n  "+strings.Join(lines, "\n  "))
	}
	return plans
}

// The documented form of "organisations of a topic, by name" reads one
// range of the index (topic, name) and stops after the page: with the
// fixture's few clubs, with 20,000, and once SQLite has statistics of them.
func TestTopicListUsesAnIndexAtAnySize(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	h := testapp.Handler(t, app)
	n := 0
	plan := func(step string) string {
		t.Helper()
		n++
		url := fmt.Sprintf("/api/collections/organisation_topics/records?perPage=20&skipTotal=1&sort=name&expand=organisation&filter=%s", urlq(fmt.Sprintf("topic = 'sport' && name != 'x%d'", n)))
		plans := queryPlans(t, app, func() {
			if rec := guestGet(t, h, url); rec.Code != http.StatusOK {
				t.Fatalf("%s: %d %s", step, rec.Code, rec.Body)
			}
		})
		for _, p := range plans {
			if strings.Contains(p, "FROM `organisation_topics`") {
				return p
			}
		}
		t.Fatalf("%s: no query of organisation_topics in %v", step, plans)
		return ""
	}
	check := func(step, p string) {
		t.Helper()
		if !strings.Contains(p, "USING INDEX idx_organisation_topics_topic_name (topic=?") {
			t.Errorf("%s: the list does not seek the topic in its index:\n%s", step, p)
		}
		// in the index's order, so the LIMIT ends the reading after the page
		// (PocketBase's DISTINCT only remembers the rows read so far)
		if strings.Contains(p, "TEMP B-TREE FOR ORDER BY") || strings.Contains(p, "SCAN ") {
			t.Errorf("%s: the list reads more than the page:\n%s", step, p)
		}
	}
	check("the fixture", plan("the fixture"))

	// 20,000 clubs with one to three topics, written behind the hooks as an
	// import would
	err := app.RunInTransaction(func(tx core.App) error {
		topics := []string{"sport", "jugend", "kultur", "senioren", "umwelt"}
		for i := range 20000 {
			id := fmt.Sprintf("o%014d", i)
			list, _ := json.Marshal(topics[i%5 : min(5, i%5+1+i%3)])
			_, err := tx.DB().Insert("organisations", dbx.Params{"id": id, "name": fmt.Sprintf("Verein %05d", (i*7919)%20000),
				"slug": fmt.Sprintf("verein-%d", i), "kind": "verein", "status": []string{"published", "pending", "archived"}[i%7%3], "topics": string(list)}).Execute()
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := organisations.WriteAllTopics(app); err != nil {
		t.Fatal(err)
	}
	check("20,000 clubs", plan("20,000 clubs"))
	if _, err := app.DB().NewQuery("ANALYZE").Execute(); err != nil {
		t.Fatal(err)
	}
	check("20,000 clubs with statistics", plan("20,000 clubs with statistics"))
}
