package smtpsink

import (
	"net/mail"
	"net/smtp"
	"strings"
	"testing"
	"time"

	pbmailer "github.com/pocketbase/pocketbase/tools/mailer"
)

// send delivers one message the way PocketBase does.
func send(t *testing.T, s *Sink, to string) error {
	t.Helper()
	client := &pbmailer.SMTPClient{Host: s.Host(), Port: s.Port()}
	return client.Send(&pbmailer.Message{
		From:    mail.Address{Name: "BEN", Address: "ben@bench.example"},
		To:      []mail.Address{{Address: to}},
		Subject: "Prüfung",
		HTML:    "<p>Guten Tag</p>\n<p>.</p>",
		Text:    "Guten Tag\n.\n",
	})
}

func TestTheSinkAcceptsAndCountsWhatPocketBaseSends(t *testing.T) {
	t.Parallel()
	s, err := Start(0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range 3 {
		if err := send(t, s, "office@bench.example"); err != nil {
			t.Fatalf("mail %d: %v", i+1, err)
		}
	}
	if n := s.Received(); n != 3 {
		t.Fatalf("want 3 messages counted, got %d", n)
	}
}

func TestTheSinkTakesSeveralMessagesOnOneConnection(t *testing.T) {
	t.Parallel()
	s, err := Start(0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := smtp.Dial(s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := c.Mail("ben@bench.example"); err != nil {
			t.Fatal(err)
		}
		if err := c.Rcpt("office@bench.example"); err != nil {
			t.Fatal(err)
		}
		w, err := c.Data()
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("Subject: eins\r\n\r\nText\r\n"))
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Quit(); err != nil {
		t.Fatal(err)
	}
	if n, c := s.Received(), s.Connections(); n != 2 || c != 1 {
		t.Fatalf("want 2 messages over 1 connection, got %d over %d", n, c)
	}
}

func TestTheSinkRefusesDataWithoutARecipient(t *testing.T) {
	t.Parallel()
	s, err := Start(0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := smtp.Dial(s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Mail("ben@bench.example"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Data(); err == nil {
		t.Fatal("DATA without RCPT must be refused")
	}
	if s.Received() != 0 {
		t.Fatal("nothing was sent")
	}
}

func TestASlowSinkAnswersEachMessageAfterItsDelay(t *testing.T) {
	t.Parallel()
	const delay = 300 * time.Millisecond
	s, err := Start(delay)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	began := time.Now()
	if err := send(t, s, "office@bench.example"); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(began); took < delay {
		t.Fatalf("the message was answered before its delay (%s)", took)
	}
	if s.Received() != 1 {
		t.Fatalf("want 1 message, got %d", s.Received())
	}
}

func TestClosingTheSinkEndsOpenConnections(t *testing.T) {
	t.Parallel()
	s, err := Start(0)
	if err != nil {
		t.Fatal(err)
	}
	c, err := smtp.Dial(s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited for a client that said nothing")
	}
	if err := c.Noop(); err == nil {
		t.Fatal("the connection must be closed")
	}
}

// A message ends at the line with a single dot only: not at a line that
// starts with a dot (dot-stuffed), nor inside a line longer than the
// sink's buffer.
func TestAMessageEndsAtItsDotLineOnly(t *testing.T) {
	t.Parallel()
	s, err := Start(0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := smtp.Dial(s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Mail("ben@bench.example"); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt("office@bench.example"); err != nil {
		t.Fatal(err)
	}
	w, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("x", 10000) + "\r\n.\r\n" // the dot is stuffed by the client
	w.Write([]byte("Subject: lang\r\n\r\n" + long + ".\r\n" + long + "Ende\r\n"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if n := s.Received(); n != 1 {
		t.Fatalf("want 1 message, got %d", n)
	}
	if err := c.Noop(); err != nil {
		t.Fatalf("the connection after the message: %v", err)
	}
}
