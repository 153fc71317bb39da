package hooks_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	pbmailer "github.com/pocketbase/pocketbase/tools/mailer"

	"ben/hooks/internal/testapp"
	"ben/hooks/mailer"
)

// officeMails are the mails app sent to the office so far.
func officeMails(app *tests.TestApp) []*pbmailer.Message {
	office := mailer.Office(app)
	var out []*pbmailer.Message
	for _, m := range app.TestMailer.Messages() {
		if m.To[0].Address == office {
			out = append(out, m)
		}
	}
	return out
}

// waitForOfficeMails waits until the office has n mails (at most 5 s).
func waitForOfficeMails(t *testing.T, app *tests.TestApp, n int) []*pbmailer.Message {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		mailer.Wait(app)
		got := officeMails(app)
		if len(got) >= n || time.Now().After(deadline) {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// enquire sends a guest's enquiry and returns its id.
func enquire(t *testing.T, h http.Handler, i int) string {
	t.Helper()
	res := do(t, h, http.MethodPost, "/api/collections/enquiries/records", "",
		fmt.Sprintf(`{"name":"Gast %d","email":"gast%d@kontakt.example","message":"Ich helfe gern.","consent":true}`, i, i))
	if res.Code != http.StatusOK {
		t.Fatalf("enquiry %d: %d %s", i, res.Code, res.Body)
	}
	var r struct{ ID string }
	json.Unmarshal(res.Body.Bytes(), &r)
	return r.ID
}

// The office hears of each new item on its own while they come one by one;
// when many come at once, the first few go one by one and the rest in one
// mail when the window allows, every item with its link, none twice.
func TestTheOfficeIsToldOfABurstInAFewMails(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)
	const window = 600 * time.Millisecond
	mailer.SetOfficePace(app, 3, window)
	app.TestMailer.Reset()

	started := time.Now()
	var ids []string
	for i := range 12 {
		ids = append(ids, enquire(t, h, i))
	}
	if time.Since(started) > window/2 {
		t.Skip("the machine is too slow to send twelve enquiries within half the window")
	}
	mailer.Wait(app)
	single := officeMails(app)
	if len(single) != 3 {
		t.Fatalf("%d mails to the office at once, want the first 3 alone", len(single))
	}
	for i, m := range single {
		if !strings.Contains(m.Subject, "Neue Anfrage") || !strings.Contains(m.Text, "/buero/anfragen/"+ids[i]) {
			t.Fatalf("single notice %d:\n%s\n%s", i, m.Subject, m.Text)
		}
	}

	all := waitForOfficeMails(t, app, 4)
	if len(all) != 4 {
		t.Fatalf("%d mails to the office after the window, want 4 (3 alone, 1 gathered)", len(all))
	}
	gathered := all[3]
	if gathered.Subject != "Eingang: 9 weitere neue Vorgänge" || !strings.Contains(gathered.Text, "/buero\n") {
		t.Fatalf("gathered mail:\n%s\n%s", gathered.Subject, gathered.Text)
	}
	for i, id := range ids {
		n := strings.Count(gathered.Text, "/buero/anfragen/"+id)
		if want := map[bool]int{true: 0, false: 1}[i < 3]; n != want {
			t.Errorf("enquiry %d named %d times in the gathered mail, want %d", i, n, want)
		}
	}
	if strings.Count(gathered.Text, "– Neue Anfrage über „Kontakt aufnehmen“") != 9 {
		t.Errorf("each gathered item has its subject:\n%s", gathered.Text)
	}
	for _, private := range []string{"Gast", "gast", "@kontakt.example"} {
		if strings.Contains(gathered.Text, private) {
			t.Errorf("the gathered mail names the sender (%s):\n%s", private, gathered.Text)
		}
	}

	// once the window has passed, the next item goes alone again
	time.Sleep(window + 50*time.Millisecond)
	next := enquire(t, h, 99)
	mailer.Wait(app)
	if got := officeMails(app); len(got) != 5 || !strings.Contains(got[4].Text, "/buero/anfragen/"+next) || strings.Contains(got[4].Subject, "weitere") {
		t.Fatalf("after the window: %d mails, last %q", len(got), got[len(got)-1].Subject)
	}
}

// A gathered mail lists 50 items and counts the rest; what is gathered
// when BEN shuts down goes out then, not lost.
func TestAGatheredMailIsBoundedAndSentAtShutdown(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)
	mailer.SetOfficePace(app, 1, time.Hour)
	app.TestMailer.Reset()

	for i := range 61 {
		enquire(t, h, i)
	}
	mailer.Wait(app)
	if got := officeMails(app); len(got) != 1 {
		t.Fatalf("%d mails before the shutdown, want the first alone", len(got))
	}
	if err := app.OnTerminate().Trigger(&core.TerminateEvent{App: app}); err != nil {
		t.Fatal(err)
	}
	got := officeMails(app)
	if len(got) != 2 {
		t.Fatalf("%d mails after the shutdown, want the gathered one too", len(got))
	}
	text := got[1].Text
	if got[1].Subject != "Eingang: 60 weitere neue Vorgänge" || strings.Count(text, "/buero/anfragen/") != 50 || !strings.Contains(text, "… und 10 weitere.") {
		t.Fatalf("gathered mail:\n%s\n%s", got[1].Subject, text)
	}
}
