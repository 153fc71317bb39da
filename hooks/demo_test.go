package hooks_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/demo"
	"ben/hooks/inbox"
	"ben/hooks/internal/testapp"
	"ben/hooks/mailer"
)

func TestDemoFillsOnlyAnEmptyDataDir(t *testing.T) {
	t.Parallel()
	app := testapp.Empty(t) // the demo passes every rule a real write passes

	if err := demo.Fill(app, time.Now()); err != nil {
		t.Fatal(err)
	}
	published, err := app.CountRecords("organisations")
	if err != nil || published < 10 {
		t.Fatalf("want a living directory, got %d organisations (%v)", published, err)
	}
	editor, err := app.FindAuthRecordByEmail("users", demo.EditorEmail)
	if err != nil || !editor.ValidatePassword(demo.DemoPassword) {
		t.Fatal("the README's demo editor login must work")
	}
	club, err := app.FindFirstRecordByData("organisations", "slug", demo.EditorClubSlug)
	if err != nil || club.GetStringSlice("editors")[0] != editor.Id {
		t.Fatal("the demo editor must edit the demo club")
	}
	if _, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, demo.StaffEmail); err != nil {
		t.Fatal("the README's dashboard login must exist")
	}
	for email, role := range map[string]string{demo.BueroEmail: "buero", demo.RedaktionEmail: "redaktion"} {
		acc, err := app.FindAuthRecordByEmail("staff", email)
		if err != nil || !acc.ValidatePassword(demo.DemoPassword) || acc.GetString("role") != role || !acc.GetBool("active") {
			t.Fatalf("the README's %s login must work", role)
		}
		if acc.Collection().MFA.Enabled {
			t.Fatal("the demo has no mail server: MFA must be off there, as the README says")
		}
	}

	if err := demo.Fill(app, time.Now()); !errors.Is(err, demo.ErrNotEmpty) {
		t.Fatalf("a data dir with data must be refused, got %v", err)
	}
}

// The demo's people are fictional: filling it sends no mail (no
// confirmations, no notices to the office), while the app mails as usual
// afterwards.
func TestTheDemosOwnDataSendsNoMail(t *testing.T) {
	t.Parallel()
	app := testapp.Empty(t)
	var subjects []string
	app.OnMailerSend().BindFunc(func(e *core.MailerEvent) error {
		subjects = append(subjects, e.Message.Subject)
		return nil // kept here, not sent
	})
	if err := demo.Fill(app, time.Now()); err != nil {
		t.Fatal(err)
	}
	mailer.Wait(app)
	if len(subjects) != 0 {
		t.Fatalf("the demo sent %d mails: %v", len(subjects), subjects)
	}
	ideas, err := app.FindCollectionByNameOrId("ideas")
	if err != nil {
		t.Fatal(err)
	}
	idea := core.NewRecord(ideas)
	idea.Load(map[string]any{"title": "Mehr Bänke", "text": "Am Stausee.", "name": "Lea Leser", "email": "lea@example.org", "consent": true})
	if err := app.Save(idea); err != nil {
		t.Fatal(err)
	}
	mailer.Wait(app)
	if len(subjects) == 0 {
		t.Fatal("after the demo, a new idea must be mailed again")
	}
}

func TestDemoRefusesAProductionDataDir(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t) // has organisations and accounts
	if err := demo.Fill(app, time.Now()); !errors.Is(err, demo.ErrNotEmpty) {
		t.Fatalf("want ErrNotEmpty, got %v", err)
	}
}

func TestDemoInboxHasWorkForTheOffice(t *testing.T) {
	t.Parallel()
	app := testapp.Empty(t)
	if err := demo.Fill(app, time.Now()); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for kind, ids := range inboxItems(t, app) {
		counts[kind] = len(ids)
	}
	want := map[string]int{
		inbox.OrganisationPending: 1, inbox.ApplicationConfirmed: 1, inbox.ApplicationSubmitted: 1, inbox.EngagementStuck: 1,
		inbox.NominationNew: 2, inbox.EnquiryOpen: 1, inbox.CardExpiring: 1,
		inbox.FestivalSubmitted: 1, inbox.PartnerApplicationSubmitted: 1, inbox.IdeaSubmitted: 1,
	}
	if fmt.Sprint(counts) != fmt.Sprint(want) {
		t.Fatalf("demo inbox %v, want %v", counts, want)
	}
}
