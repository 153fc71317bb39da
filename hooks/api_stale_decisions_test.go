package hooks_test

import (
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/hook"

	"ben/hooks/internal/testapp"
	"ben/hooks/registrations"
)

// holdUntilAllRead lets n writes of record through h only once all n
// have come so far: each write then holds a record that is stale for all
// but the first one stored. Later writes pass. Bound to a request hook,
// the barrier stands before any transaction. Bound to the database write
// itself (OnRecordUpdateExecute), it stands where a write that decided
// outside a transaction has already read the stored state; writes that
// decide inside their transaction never all arrive there together (the
// first holds the database), so each waits for the others at most
// patience before it goes on.
func holdUntilAllRead[T hook.Tagger](h *hook.TaggedHook[T], record func(T) string, id string, n int, patience time.Duration) {
	var seen atomic.Int32
	all := make(chan struct{})
	h.Bind(&hook.Handler[T]{Priority: -1000, Func: func(e T) error {
		if record(e) == id {
			if k := seen.Add(1); k == int32(n) {
				close(all)
			} else if k < int32(n) {
				select {
				case <-all:
				case <-time.After(patience):
				}
			}
		}
		return e.Next()
	}})
}

func requestRecord(e *core.RecordRequestEvent) string { return e.Record.Id }
func modelRecord(e *core.RecordEvent) string          { return e.Record.Id }

// saveAtOnce saves the records at the same moment and fails on an error.
func saveAtOnce(t *testing.T, app core.App, records ...*core.Record) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, len(records))
	for i, r := range records {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = app.Save(r)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("save %d: %v", i, err)
		}
	}
}

// officeTrainingFull fills the office's training (two seats): Otto and
// Paula have the seats, Walter waits.
func officeTrainingFull(t *testing.T, app *tests.TestApp, f *testapp.Fixture) (paula, walter *core.Record) {
	t.Helper()
	seedRegistrations(t, app, f)
	paula = register(t, app, "", f.EventOffice.Id, map[string]any{"name": "Paula Platz", "email": "paula@platz.example", "consent": true})
	walter = register(t, app, "", f.EventOffice.Id, map[string]any{"name": "Walter Warten", "email": "walter@warten.example", "consent": true})
	if walter.GetString("status") != "waitlisted" {
		t.Fatalf("the third registration for two seats waits, got %s", walter.GetString("status"))
	}
	app.TestMailer.Reset()
	return paula, walter
}

func TestParallelCancellationsOfARegistrationCountOnce(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	_, walter := officeTrainingFull(t, app, f)
	holdUntilAllRead(app.OnRecordUpdateRequest("event_registrations"), requestRecord, regOffice, 3, time.Minute)

	codes := parallel(t, app, http.MethodPatch, "/api/collections/event_registrations/records/"+regOffice, f.Tokens["staffBuero"],
		`{"status":"cancelled"}`, `{"status":"cancelled"}`, `{"status":"cancelled"}`)
	if count(codes, 200) != 3 {
		t.Fatalf("the same cancellation sent three times is harmless: %v", codes)
	}
	r, err := app.FindRecordById("event_registrations", regOffice)
	if err != nil {
		t.Fatal(err)
	}
	if r.GetString("status") != "cancelled" || r.GetDateTime("cancelled_at").IsZero() || r.GetString("token_hash") != "" {
		t.Fatalf("a repeat read before the first cancellation must not undo its date or revive the link: %v", r.PublicExport())
	}
	if n := len(auditEntries(t, app, regOffice)); n != 1 {
		t.Fatalf("one cancellation, one entry in the Protokoll; got %d", n)
	}
	if got := regStatus(t, app, walter.Id); got != "registered" {
		t.Fatalf("the waiting person moves up once the seat is free, got %s", got)
	}
	if n := mailsTo(app, "walter@warten.example", "Sie haben einen Platz"); n != 1 {
		t.Fatalf("the person moving up is told once, got %d", n)
	}
}

func TestAStaleRegistrationCannotUndoACancellation(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	_, walter := officeTrainingFull(t, app, f)
	first, _ := app.FindRecordById("event_registrations", regOffice)
	second, _ := app.FindRecordById("event_registrations", regOffice)
	third, _ := app.FindRecordById("event_registrations", regOffice)
	first.Set("status", "cancelled")
	second.Set("status", "cancelled")
	holdUntilAllRead(app.OnRecordUpdateExecute("event_registrations"), modelRecord, regOffice, 2, time.Second)
	saveAtOnce(t, app, first, second)

	r, _ := app.FindRecordById("event_registrations", regOffice)
	if r.GetString("status") != "cancelled" || r.GetDateTime("cancelled_at").IsZero() || r.GetString("token_hash") != "" {
		t.Fatalf("the cancellation keeps its date and ends the link: %v", r.PublicExport())
	}
	if regStatus(t, app, walter.Id) != "registered" || mailsTo(app, "walter@warten.example", "Sie haben einen Platz") != 1 {
		t.Fatal("the seat goes to the waiting person once")
	}

	// a record read before the cancellation, still "registered", cannot
	// take it back: the change is judged from the stored status
	third.Set("name", "Otto Oberamt-Neu")
	if err := app.Save(third); err == nil {
		t.Fatal("a cancellation is final, also for a record read before it")
	}
	if r, _ := app.FindRecordById("event_registrations", regOffice); r.GetString("status") != "cancelled" {
		t.Fatal("the stale record brought the registration back")
	}
}

func TestALapseSkipsAGuestWhoConfirmedMeanwhile(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	paula, _ := officeTrainingFull(t, app, f)
	// Otto's registration lapses first (position 1); in that moment Paula
	// confirms hers, after the job has listed her as unconfirmed
	app.OnRecordAfterUpdateSuccess("event_registrations").BindFunc(func(e *core.RecordEvent) error {
		if e.Record.Id == regOffice && e.Record.GetString("status") == "cancelled" {
			p, err := app.FindRecordById("event_registrations", paula.Id)
			if err != nil {
				return err
			}
			p.Set("confirmed_at", time.Now())
			if err := app.Save(p); err != nil {
				return err
			}
		}
		return e.Next()
	})

	n, err := registrations.LapseUnconfirmed(app, time.Now().Add(registrations.ConfirmWithin+time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if got := regStatus(t, app, paula.Id); got != "registered" {
		t.Fatalf("Paula confirmed before her turn came: she keeps her seat, got %s", got)
	}
	if got := regStatus(t, app, regOffice); got != "cancelled" {
		t.Fatalf("Otto did not confirm: his registration lapses, got %s", got)
	}
	if n != 4 { // Otto and Walter, and on EventA Gerlinde and Wim
		t.Fatalf("lapsed %d, want 4", n)
	}
}

func TestParallelPublicationsOfAnIdeaTellTheSenderOnce(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedIdeas(t, app, f)
	app.TestMailer.Reset()
	holdUntilAllRead(app.OnRecordUpdateRequest("ideas"), requestRecord, ideaCitizen, 3, time.Minute)

	body := `{"status":"published","response":"Danke, das prüfen wir."}`
	codes := parallel(t, app, http.MethodPatch, "/api/collections/ideas/records/"+ideaCitizen, f.Tokens["staffBuero"], body, body, body)
	if count(codes, 200) != 3 {
		t.Fatalf("the same decision sent three times is harmless: %v", codes)
	}
	if n := mailsTo(app, "citizen@test.example", "Neues zu Ihrer Idee"); n != 1 {
		t.Fatalf("the sender is told once, got %d", n)
	}
	if n := auditActions(t, app, ideaCitizen, "published"); n != 1 || len(auditEntries(t, app, ideaCitizen)) != 1 {
		t.Fatalf("one decision, one entry in the Protokoll; got %d", len(auditEntries(t, app, ideaCitizen)))
	}
	r, _ := app.FindRecordById("ideas", ideaCitizen)
	if r.GetDateTime("published_at").IsZero() || r.GetString("decided_by") != f.StaffBuero.Id {
		t.Fatalf("the decision keeps its date and signer: %v", r.PublicExport())
	}
}

func TestStaleCopiesOfAnIdeaDecideFromTheStoredOne(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedIdeas(t, app, f)
	app.TestMailer.Reset()
	first, _ := app.FindRecordById("ideas", ideaCitizen)
	second, _ := app.FindRecordById("ideas", ideaCitizen)
	for _, r := range []*core.Record{first, second} {
		r.Set("status", "published")
		r.Set("response", "Danke, das prüfen wir.")
	}
	holdUntilAllRead(app.OnRecordUpdateExecute("ideas"), modelRecord, ideaCitizen, 2, time.Second)
	saveAtOnce(t, app, first, second)

	if n := mailsTo(app, "citizen@test.example", "Neues zu Ihrer Idee"); n != 1 {
		t.Fatalf("two copies read before either was stored publish once and tell once, got %d mails", n)
	}
	r, _ := app.FindRecordById("ideas", ideaCitizen)
	if r.GetString("status") != "published" || r.GetDateTime("published_at").IsZero() || r.GetDateTime("responded_at").IsZero() {
		t.Fatalf("the idea is public and answered: %v", r.PublicExport())
	}
}
