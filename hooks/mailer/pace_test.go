package mailer

import (
	"bytes"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	pbmailer "github.com/pocketbase/pocketbase/tools/mailer"
)

const paceOffice = "buero@bitburg.example"

// sentMails records what an app sends, instead of sending it.
type sentMails struct {
	mu   sync.Mutex
	list []*pbmailer.Message
}

func (s *sentMails) all() []*pbmailer.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*pbmailer.Message(nil), s.list...)
}

// paceApp is an app with BEN's mailer whose mails are recorded, with the
// given pace for the office.
func paceApp(t *testing.T, per int, window time.Duration) (core.App, *sentMails) {
	t.Helper()
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir()})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		app.OnTerminate().Trigger(&core.TerminateEvent{App: app})
		app.ResetBootstrapState()
	})
	app.Settings().Meta.AppURL = "https://ben.example"
	app.Settings().Meta.SenderAddress = "ben@bitburg.example"
	sent := &sentMails{}
	app.OnMailerSend().Bind(&hook.Handler[*core.MailerEvent]{Func: func(e *core.MailerEvent) error {
		sent.mu.Lock()
		defer sent.mu.Unlock()
		sent.list = append(sent.list, e.Message)
		return nil
	}})
	Register(app)
	SetOfficePace(app, per, window)
	return app, sent
}

func enquiryNotice(i int) Mail {
	return Mail{To: paceOffice, About: fmt.Sprintf("enquiries/%d", i), Letter: EnquiryNotice{Link: fmt.Sprintf("https://ben.example/buero/anfragen/e%04d", i)}}
}

func shutDown(t *testing.T, app core.App) {
	t.Helper()
	if err := app.OnTerminate().Trigger(&core.TerminateEvent{App: app}); err != nil {
		t.Fatal(err)
	}
}

// itemsOf counts the notices in mails (a gathered mail counts its items),
// and how often each listed link occurs.
func itemsOf(mails []*pbmailer.Message) (total int, links map[string]int) {
	links = map[string]int{}
	for _, m := range mails {
		n := 1
		if strings.HasPrefix(m.Subject, "Eingang: ") {
			fmt.Sscanf(m.Subject, "Eingang: %d weitere", &n)
		}
		total += n
		for _, line := range strings.Split(m.Text, "\n") {
			if line = strings.TrimSpace(line); strings.HasPrefix(line, "https://ben.example/buero/anfragen/") {
				links[line]++
			}
		}
	}
	return total, links
}

// A shutdown sends what is gathered; a notice that reaches the pace only
// afterwards (a request that finished during the shutdown, its mail still
// on its way) must go at once: a gathering would wait for a timer the
// ending process never sees.
func TestANoticeAfterTheShutdownIsSentNotGathered(t *testing.T) {
	t.Parallel()
	app, sent := paceApp(t, 1, time.Hour)
	SetDelivery(app, Inline)
	AfterCommit(app, enquiryNotice(1), enquiryNotice(2))
	shutDown(t, app)
	if got := len(sent.all()); got != 2 {
		t.Fatalf("%d mails at the shutdown, want the first alone and the gathered second", got)
	}
	AfterCommit(app, enquiryNotice(3))
	Wait(app)
	got := sent.all()
	if len(got) != 3 || !strings.Contains(got[2].Text, "/buero/anfragen/e0003") {
		t.Fatalf("%d mails: the notice after the shutdown was kept back", len(got))
	}
}

// Many notices at once from many goroutines, while the window lets
// gathered mails go now and then, and a shutdown at the end: every notice
// reaches the office exactly once, alone or in a gathered mail.
func TestNoNoticeIsLostOrSentTwiceWhenManyComeAtOnce(t *testing.T) {
	t.Parallel()
	app, sent := paceApp(t, 3, 20*time.Millisecond)
	const goroutines, each = 16, 12
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				AfterCommit(app, enquiryNotice(g*each+i))
				if i%4 == 0 {
					time.Sleep(7 * time.Millisecond) // let some windows pass
				}
			}
		}()
	}
	wg.Wait()
	shutDown(t, app)
	total, links := itemsOf(sent.all())
	if total != goroutines*each {
		t.Errorf("%d notices reached the office, want %d", total, goroutines*each)
	}
	for i := range goroutines * each {
		if n := links[fmt.Sprintf("https://ben.example/buero/anfragen/e%04d", i)]; n > 1 {
			t.Errorf("notice %d named %d times", i, n)
		}
	}
}

// The sixth notice within a window waits; once the window has slid past
// the oldest mail, the next goes alone again, and a notice waiting for
// the window goes when it allows.
func TestTheSixthNoticeWaitsAndTheWindowSlides(t *testing.T) {
	t.Parallel()
	const window = 500 * time.Millisecond
	app, sent := paceApp(t, 5, window)
	SetDelivery(app, Inline)
	for i := range 6 {
		AfterCommit(app, enquiryNotice(i))
	}
	if got := len(sent.all()); got != 5 {
		t.Fatalf("%d mails at once, want five", got)
	}
	deadline := time.Now().Add(2 * time.Second)
	for len(sent.all()) < 6 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	got := sent.all()
	if len(got) != 6 || !strings.Contains(got[5].Text, "/buero/anfragen/e0005") || strings.HasPrefix(got[5].Subject, "Eingang") {
		t.Fatalf("%d mails after the window; the sixth goes as itself, gathered alone", len(got))
	}

	SetOfficePace(app, 1, window)
	time.Sleep(window + 50*time.Millisecond)
	AfterCommit(app, enquiryNotice(10))
	AfterCommit(app, enquiryNotice(11))
	if got := sent.all(); len(got) != 7 || !strings.Contains(got[6].Text, "/buero/anfragen/e0010") {
		t.Fatalf("%d mails: after the window the next goes alone, the one after waits", len(got))
	}
}

// A write that is rolled back sends nothing and takes no place in the
// window; nor does what Quietly drops.
func TestANoticeNeverSentTakesNoPlaceInTheWindow(t *testing.T) {
	t.Parallel()
	app, sent := paceApp(t, 1, time.Hour)
	SetDelivery(app, Inline)
	err := app.RunInTransaction(func(tx core.App) error {
		AfterCommit(tx, enquiryNotice(1))
		return errors.New("rolled back")
	})
	if err == nil {
		t.Fatal("the transaction was committed")
	}
	Quietly(app, func() error {
		AfterCommit(app, enquiryNotice(2))
		return nil
	})
	AfterCommit(app, enquiryNotice(3))
	got := sent.all()
	if len(got) != 1 || !strings.Contains(got[0].Text, "/buero/anfragen/e0003") {
		t.Fatalf("%d mails; want the third notice alone, at once", len(got))
	}
}

// The fuzz test of writeDotted skips a CR outside a line break, as MIME
// never writes one: whatever a message's fields hold, mimeOf writes lines
// that end in CRLF and no CR or LF elsewhere, so a mail server reads its
// lines as DotWriter would have written them.
func TestAMessageHasNoLineBreakButCRLF(t *testing.T) {
	t.Parallel()
	odd := "a\rb\nc\r\r\nd\n.\r\n..\r."
	msg := &pbmailer.Message{
		From:    mail.Address{Name: "BEN" + odd, Address: "ben@bitburg.example"},
		To:      []mail.Address{{Name: odd, Address: "buero@bitburg.example"}},
		Subject: "Betreff" + odd,
		Headers: map[string]string{"X-Ben" + odd: odd},
		Text:    odd + strings.Repeat("x", 2000) + odd,
		HTML:    "<p>" + odd + "</p>",
	}
	data, _, _, err := mimeOf(msg)
	if err != nil {
		t.Fatal(err)
	}
	rest := bytes.ReplaceAll(data, []byte("\r\n"), nil)
	if bytes.ContainsAny(rest, "\r\n") {
		t.Fatalf("a CR or LF outside CRLF:\n%q", data)
	}
	for _, line := range bytes.Split(data, []byte("\r\n")) {
		if len(line) > 998 {
			t.Fatalf("a line of %d characters", len(line))
		}
	}
}
