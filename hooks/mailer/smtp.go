package mailer

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"errors"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	pbmailer "github.com/pocketbase/pocketbase/tools/mailer"
	"github.com/pocketbase/pocketbase/tools/security"
)

// PocketBase's SMTP client opens a connection for every mail: TCP, the
// server's greeting, EHLO, STARTTLS, AUTH, the mail, QUIT. BEN keeps a few
// connections to the mail server open and sends the next mails over them,
// so that a mail costs its own commands only (MAIL, RCPT, DATA): less work
// for BEN and the mail server when a submission sends two mails at once.
// The message has the headers and parts of PocketBase's (mimeOf); anything
// bound to OnMailerSend before (the development sink, tests) still decides
// first.
const (
	// smtpMaxOpen connections are opened to the mail server, and at most as
	// many are kept for the next mail; a mail that finds them all busy
	// waits for one up to smtpWaitForConnection, then opens one of its own:
	// a slow server must not hold the mails back.
	smtpMaxOpen           = 8
	smtpWaitForConnection = 250 * time.Millisecond
	// smtpIdleTimeout closes a connection that has not been used for this
	// long (mail servers close silent ones after a few minutes).
	smtpIdleTimeout = 15 * time.Second
	// smtpMaxPerConnection mails, then the connection is closed: some
	// servers limit the mails of one connection.
	smtpMaxPerConnection = 100
	smtpDialTimeout      = 10 * time.Second
	// smtpMailTimeout bounds one mail's conversation, dialling included.
	smtpMailTimeout = 2 * time.Minute
)

// smtpServer is the mail server of the settings a connection was opened
// with; a connection is reused only for the same.
type smtpServer struct {
	host, username, password, authMethod, localName string
	port                                            int
	tls                                             bool
}

// smtpConn is one open connection.
type smtpConn struct {
	server    smtpServer
	conn      net.Conn
	client    *smtp.Client
	sent      int
	idleSince time.Time
}

// smtpPool holds app's connections.
type smtpPool struct {
	mu       sync.Mutex
	idle     []*smtpConn
	open     int           // connections open, idle or busy
	returned chan struct{} // closed when a connection comes back
	timer    *time.Timer
	closed   bool
	wait     time.Duration // for a busy connection; 0: smtpWaitForConnection
}

const smtpPoolKey = "ben.mailer.smtp"

func smtpPoolOf(app core.App) *smtpPool {
	return app.Store().GetOrSet(smtpPoolKey, func() any { return &smtpPool{} }).(*smtpPool)
}

// bindSMTPConnections sends the mails that PocketBase's SMTP client would
// send over app's kept connections; it is bound last, so that every other
// handler of OnMailerSend decides first.
func bindSMTPConnections(app core.App) {
	pool := smtpPoolOf(app)
	app.OnMailerSend().Bind(&hook.Handler[*core.MailerEvent]{
		Id:       "benSMTPConnections",
		Priority: 1000,
		Func: func(e *core.MailerEvent) error {
			client, ok := e.Mailer.(*pbmailer.SMTPClient)
			if !ok || !keptConnectionCarries(e.Message) {
				return e.Next() // sendmail, a test mailer, attachments: PocketBase's own way
			}
			return pool.send(serverOf(client), e.Message)
		},
	})
}

// keptConnectionCarries reports whether msg is a mail as BEN writes them:
// a text and an HTML part, no attachments. Other mails (PocketBase's own
// have no text part) go through PocketBase's client, which derives one.
func keptConnectionCarries(msg *pbmailer.Message) bool {
	return msg.Text != "" && len(msg.Attachments) == 0 && len(msg.InlineAttachments) == 0
}

func serverOf(c *pbmailer.SMTPClient) smtpServer {
	return smtpServer{host: c.Host, port: c.Port, username: c.Username, password: c.Password,
		authMethod: c.AuthMethod, localName: c.LocalName, tls: c.TLS}
}

// send delivers msg over an idle connection to server, or a new one. A
// kept connection that the server has closed in the meantime fails at its
// first command; the mail is then sent once more over a new connection.
func (p *smtpPool) send(server smtpServer, msg *pbmailer.Message) error {
	data, from, recipients, err := mimeOf(msg)
	if err != nil {
		return err
	}
	for {
		c := p.get(server)
		kept := c != nil
		if !kept {
			if c, err = dialSMTP(server); err != nil {
				p.mu.Lock()
				p.open--
				p.mu.Unlock()
				return err
			}
		}
		started, err := c.deliver(from, recipients, data)
		if err == nil {
			p.put(c)
			return nil
		}
		p.discard(c, false)
		if !kept || started || !closedByServer(err) {
			return err
		}
	}
}

// closedByServer: the connection is gone, or the server says it is about
// to close it (421).
func closedByServer(err error) bool {
	var protocol *textproto.Error
	if errors.As(err, &protocol) {
		return protocol.Code == 421
	}
	return true
}

// get takes an idle connection to server, the most recently used first;
// idle connections to another server (the settings changed) or idle for too
// long are closed. nil: the caller opens a new connection, counted open.
func (p *smtpPool) get(server smtpServer) *smtpConn {
	wait := p.wait
	if wait == 0 {
		wait = smtpWaitForConnection
	}
	deadline := time.Now().Add(wait)
	for {
		p.mu.Lock()
		var stale []*smtpConn
		var found *smtpConn
		for len(p.idle) > 0 && found == nil {
			c := p.idle[len(p.idle)-1]
			p.idle = p.idle[:len(p.idle)-1]
			if c.server == server && time.Since(c.idleSince) < smtpIdleTimeout {
				found = c
			} else {
				stale = append(stale, c)
				p.open--
			}
		}
		left := time.Until(deadline)
		if found == nil && (p.open < smtpMaxOpen || left <= 0 || p.closed) {
			p.open++
			p.mu.Unlock()
			quitAll(stale)
			return nil
		}
		if p.returned == nil {
			p.returned = make(chan struct{})
		}
		returned := p.returned
		p.mu.Unlock()
		quitAll(stale)
		if found != nil {
			return found
		}
		select {
		case <-returned:
		case <-time.After(left):
		}
	}
}

// put keeps c for the next mail, unless c has sent its share or enough
// connections wait already.
func (p *smtpPool) put(c *smtpConn) {
	c.sent++
	p.mu.Lock()
	if p.closed || c.sent >= smtpMaxPerConnection || len(p.idle) >= smtpMaxOpen {
		p.mu.Unlock()
		p.discard(c, true)
		return
	}
	c.idleSince = time.Now()
	p.idle = append(p.idle, c)
	if p.returned != nil {
		close(p.returned) // wake the mails waiting for a connection
		p.returned = nil
	}
	if p.timer == nil {
		p.timer = time.AfterFunc(smtpIdleTimeout, p.closeIdle)
	}
	p.mu.Unlock()
}

// discard closes a connection that is not idle (with QUIT when it is in
// order) and lets the mails waiting for one open their own.
func (p *smtpPool) discard(c *smtpConn, polite bool) {
	if polite {
		c.quit()
	} else {
		c.close()
	}
	p.mu.Lock()
	p.open--
	if p.returned != nil {
		close(p.returned)
		p.returned = nil
	}
	p.mu.Unlock()
}

// closeIdle closes the connections idle for smtpIdleTimeout and looks
// again when the next one will be.
func (p *smtpPool) closeIdle() {
	p.mu.Lock()
	var stale []*smtpConn
	kept := p.idle[:0]
	next := smtpIdleTimeout
	for _, c := range p.idle {
		if idle := time.Since(c.idleSince); idle >= smtpIdleTimeout {
			stale = append(stale, c)
		} else {
			kept = append(kept, c)
			next = min(next, smtpIdleTimeout-idle)
		}
	}
	p.idle = kept
	p.open -= len(stale)
	if len(p.idle) > 0 && !p.closed {
		p.timer.Reset(next)
	} else {
		p.timer = nil
	}
	p.mu.Unlock()
	quitAll(stale)
}

// close ends every idle connection; mails after it still go out, each over
// a connection of its own.
func (p *smtpPool) close() {
	p.mu.Lock()
	p.closed = true
	idle := p.idle
	p.idle = nil
	p.open -= len(idle)
	if p.timer != nil {
		p.timer.Stop()
		p.timer = nil
	}
	p.mu.Unlock()
	quitAll(idle)
}

func quitAll(conns []*smtpConn) {
	for _, c := range conns {
		c.quit()
	}
}

// dialSMTP opens a connection as PocketBase's client does: TLS from the
// start when the settings say so, otherwise STARTTLS when the server
// offers it; EHLO with the configured local name; AUTH when a user name
// or password is set.
func dialSMTP(s smtpServer) (*smtpConn, error) {
	addr := net.JoinHostPort(s.host, strconv.Itoa(s.port))
	dialer := &net.Dialer{Timeout: smtpDialTimeout}
	var conn net.Conn
	var err error
	if s.tls {
		conn, err = tls.DialWithDialer(dialer, "tcp", addr, &tls.Config{ServerName: s.host})
	} else {
		conn, err = dialer.Dial("tcp", addr)
	}
	if err != nil {
		return nil, err
	}
	conn.SetDeadline(time.Now().Add(smtpMailTimeout))
	client, err := smtp.NewClient(conn, s.host)
	if err != nil {
		conn.Close()
		return nil, err
	}
	c := &smtpConn{server: s, conn: conn, client: client}
	if err := c.open(); err != nil {
		c.close()
		return nil, err
	}
	return c, nil
}

func (c *smtpConn) open() error {
	s := c.server
	if s.localName != "" {
		if err := c.client.Hello(s.localName); err != nil {
			return err
		}
	}
	if !s.tls {
		if ok, _ := c.client.Extension("STARTTLS"); ok {
			if err := c.client.StartTLS(&tls.Config{ServerName: s.host}); err != nil {
				return err
			}
		}
	}
	if s.username == "" && s.password == "" {
		return nil
	}
	var auth smtp.Auth
	switch s.authMethod {
	case pbmailer.SMTPAuthLogin:
		auth = &loginAuth{s.username, s.password}
	default:
		auth = smtp.PlainAuth("", s.username, s.password, s.host)
	}
	return c.client.Auth(auth)
}

// deliver sends one mail; started reports whether the server accepted its
// first command (a failure after it is not the connection's age). A server
// that offers PIPELINING (RFC 2920) gets MAIL, RCPT and DATA in one write
// and the message in a second: two round trips instead of four.
func (c *smtpConn) deliver(from string, recipients []string, data []byte) (started bool, err error) {
	c.conn.SetDeadline(time.Now().Add(smtpMailTimeout))
	if ok, _ := c.client.Extension("PIPELINING"); ok && len(recipients) == 1 {
		return c.deliverPipelined(from, recipients[0], data)
	}
	if err := c.client.Mail(from); err != nil {
		return false, err
	}
	for _, to := range recipients {
		if err := c.client.Rcpt(to); err != nil {
			return true, err
		}
	}
	w, err := c.client.Data()
	if err != nil {
		return true, err
	}
	if _, err := w.Write(data); err != nil {
		w.Close()
		return true, err
	}
	return true, w.Close()
}

// deliverPipelined sends a mail to one recipient with the commands of
// net/smtp's Mail, Rcpt and Data, written together. With one recipient,
// a refused MAIL or RCPT leaves no recipient, so a server following the
// RFC refuses the DATA too and no message is sent.
func (c *smtpConn) deliverPipelined(from, to string, data []byte) (started bool, err error) {
	if strings.ContainsAny(from+to, "\r\n") {
		return false, errors.New("smtp: A line must not contain CR or LF")
	}
	mail := "MAIL FROM:<" + from + ">"
	if ok, _ := c.client.Extension("8BITMIME"); ok {
		mail += " BODY=8BITMIME"
	}
	if ok, _ := c.client.Extension("SMTPUTF8"); ok {
		mail += " SMTPUTF8"
	}
	text := c.client.Text
	text.W.WriteString(mail + "\r\nRCPT TO:<" + to + ">\r\nDATA\r\n")
	if err := text.W.Flush(); err != nil {
		return false, err
	}
	_, _, mailErr := text.ReadResponse(250)
	_, _, rcptErr := text.ReadResponse(25)
	_, _, dataErr := text.ReadResponse(354)
	if mailErr != nil || rcptErr != nil {
		if dataErr == nil { // a server that let the message begin anyway: end it empty
			text.DotWriter().Close()
			text.ReadResponse(250)
		}
		if mailErr != nil {
			return false, mailErr
		}
		return true, rcptErr
	}
	if dataErr != nil {
		return true, dataErr
	}
	writeDotted(text.W, data)
	if err := text.W.Flush(); err != nil {
		return true, err
	}
	_, _, err = text.ReadResponse(250)
	return true, err
}

// writeDotted writes data as the text of DATA, as net/textproto's
// DotWriter does: lines end in CRLF, a line that begins with a dot gets a
// second one, and a line with a single dot ends it. DotWriter writes byte
// by byte through its state machine, a fifth of a mail's cost; this
// writes line by line.
func writeDotted(w *bufio.Writer, data []byte) {
	if len(data) == 0 {
		w.WriteString("\r\n") // an empty line, as DotWriter ends an empty text
	}
	for len(data) > 0 {
		line := data
		rest := []byte(nil)
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, rest = data[:i], data[i+1:]
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) > 0 && line[0] == '.' {
			w.WriteByte('.')
		}
		w.Write(line)
		w.WriteString("\r\n")
		data = rest
	}
	w.WriteString(".\r\n")
}

// quit ends the conversation politely, close at once.
func (c *smtpConn) quit() {
	c.conn.SetDeadline(time.Now().Add(5 * time.Second))
	c.client.Quit()
	c.close()
}

func (c *smtpConn) close() { c.client.Close() }

// mimeOf writes msg as MIME, with the headers of PocketBase's client
// (mailyak: From, MIME-Version, Date, Subject, To, CC, the message's own
// headers, a Message-ID of the sender's domain), the text and the HTML as
// quoted-printable alternatives, and lists the addresses to send it to.
// Header values lose their line breaks and non-ASCII text is Q-encoded,
// as mailyak does; the sender's name is quoted where it must be (a comma
// in it would otherwise read as a second address). It is written straight
// into one buffer: mailyak compiled a regular expression and copied each
// part several times for every mail, a quarter of a mail's cost.
func mimeOf(m *pbmailer.Message) (data []byte, from string, recipients []string, err error) {
	var b bytes.Buffer
	b.Grow(2*(len(m.Text)+len(m.HTML)) + 1024)
	header := func(name, value string) {
		b.WriteString(name)
		b.WriteString(": ")
		b.WriteString(value)
		b.WriteString("\r\n")
	}
	encoded := func(v string) string { return mime.QEncoding.Encode("UTF-8", oneLine(v)) }
	sender := mail.Address{Name: oneLine(m.From.Name), Address: oneLine(m.From.Address)}
	if sender.Name != "" {
		header("From", sender.String())
	} else {
		header("From", sender.Address)
	}
	header("MIME-Version", "1.0")
	header("Date", time.Now().Format(time.RFC1123Z))
	header("Subject", encoded(m.Subject))
	if len(m.To) > 0 {
		header("To", strings.Join(headerAddresses(m.To), ","))
	}
	if len(m.Cc) > 0 {
		header("CC", strings.Join(headerAddresses(m.Cc), ","))
	}
	hasMessageID := false
	for k, v := range m.Headers {
		hasMessageID = hasMessageID || strings.EqualFold(k, "Message-ID")
		header(oneLine(k), encoded(v))
	}
	if _, domain, ok := strings.Cut(m.From.Address, "@"); ok && !hasMessageID {
		header("Message-ID", "<"+security.PseudorandomString(15)+"@"+oneLine(domain)+">")
	}
	// the boundary must not occur in the parts, which nobody can arrange
	// without knowing it: math/rand/v2's generator (ChaCha8, seeded by the
	// runtime from the system) draws it unpredictably enough; crypto/rand,
	// drawing 40 characters one by one, cost as much as a template
	boundary := security.PseudorandomString(40)
	header("Content-Type", `multipart/alternative; boundary="`+boundary+`"`)
	for _, part := range []struct{ kind, content string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		if part.content == "" {
			continue
		}
		b.WriteString("\r\n--" + boundary + "\r\n")
		header("Content-Type", part.kind+"; charset=UTF-8")
		header("Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		qp := quotedprintable.NewWriter(&b)
		qp.Write([]byte(part.content))
		if err := qp.Close(); err != nil {
			return nil, "", nil, err
		}
	}
	b.WriteString("\r\n--" + boundary + "--\r\n")
	for _, list := range [][]mail.Address{m.To, m.Cc, m.Bcc} {
		for _, a := range list {
			recipients = append(recipients, a.Address)
		}
	}
	return b.Bytes(), m.From.Address, recipients, nil
}

// oneLine is v without line breaks, which would end a header.
func oneLine(v string) string {
	if !strings.ContainsAny(v, "\r\n") {
		return v
	}
	return strings.NewReplacer("\r", "", "\n", "").Replace(v)
}

// headerAddresses writes addresses as the header shows them, with names.
func headerAddresses(list []mail.Address) []string {
	out := make([]string, len(list))
	for i, a := range list {
		a = mail.Address{Name: oneLine(a.Name), Address: oneLine(a.Address)}
		if a.Name != "" {
			out[i] = a.String()
		} else {
			out[i] = a.Address
		}
	}
	return out
}

// loginAuth is AUTH LOGIN, as PocketBase implements it for servers that
// want it (Outlook): the credentials go only over TLS or to localhost.
type loginAuth struct{ username, password string }

func (a *loginAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !server.TLS && server.Name != "localhost" && server.Name != "127.0.0.1" && server.Name != "::1" {
		return "", nil, errors.New("unencrypted connection")
	}
	return "LOGIN", nil, nil
}

func (a *loginAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	switch strings.ToLower(string(fromServer)) {
	case "username:":
		return []byte(a.username), nil
	case "password:":
		return []byte(a.password), nil
	}
	return nil, nil
}
