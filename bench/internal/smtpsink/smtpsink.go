// Package smtpsink is the benchmark's mail server: it speaks just enough
// SMTP for PocketBase's mail client (EHLO or HELO, MAIL, RCPT, DATA, RSET,
// NOOP, QUIT; PIPELINING as common mail servers offer it), accepts every
// message, counts it and throws it away. The
// servers under test send their mails to it as they would to the town's
// mail server, so that the cost of sending is measured, and a delay per
// message plays a slow mail server.
//
// It listens on 127.0.0.1 only; a connection that says nothing for a
// minute is closed.
package smtpsink

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// idle is how long a connection may stay silent.
const idle = time.Minute

// maxLine bounds a command line and a line of a message.
const maxLine = 64 << 10

// Sink is a running mail server.
type Sink struct {
	listener net.Listener
	delay    time.Duration
	received atomic.Int64
	accepted atomic.Int64

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
	wg     sync.WaitGroup
}

// Start listens on a free port of 127.0.0.1. Each message is answered
// delay after its last line arrived (0: at once).
func Start(delay time.Duration) (*Sink, error) {
	if delay < 0 {
		return nil, errors.New("smtpsink: negative delay")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Sink{listener: l, delay: delay, conns: map[net.Conn]struct{}{}}
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

// Host is the address to configure as the SMTP host.
func (s *Sink) Host() string { return s.listener.Addr().(*net.TCPAddr).IP.String() }

// Port is the port to configure as the SMTP port.
func (s *Sink) Port() int { return s.listener.Addr().(*net.TCPAddr).Port }

// Addr is host:port.
func (s *Sink) Addr() string { return s.listener.Addr().String() }

// Received is how many messages were accepted so far.
func (s *Sink) Received() int64 { return s.received.Load() }

// Connections is how many connections were accepted so far.
func (s *Sink) Connections() int64 { return s.accepted.Load() }

// Settle waits until no message has arrived for quiet, or until max has
// passed, and returns the count then: mails are sent after the response,
// so some of a load run's mails arrive after its last request.
func (s *Sink) Settle(quiet, max time.Duration) int64 {
	deadline := time.Now().Add(max)
	last, since := s.Received(), time.Now()
	for time.Now().Before(deadline) {
		time.Sleep(quiet / 10)
		if n := s.Received(); n != last {
			last, since = n, time.Now()
		} else if time.Since(since) >= quiet {
			break
		}
	}
	return last
}

// Close stops listening, ends every open connection and waits for them.
func (s *Sink) Close() error {
	s.mu.Lock()
	s.closed = true
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	err := s.listener.Close()
	s.wg.Wait()
	return err
}

func (s *Sink) accept() {
	defer s.wg.Done()
	for {
		c, err := s.listener.Accept()
		if err != nil {
			return // closed
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = struct{}{}
		s.accepted.Add(1)
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			s.serve(c)
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
			c.Close()
		}()
	}
}

// serve holds one SMTP conversation.
func (s *Sink) serve(c net.Conn) {
	r := bufio.NewReaderSize(c, 4096)
	w := bufio.NewWriter(c)
	// replies wait while more commands are at hand (RFC 2920: a client
	// that pipelines gets the replies to its commands together)
	reply := func(lines ...string) bool {
		for _, l := range lines {
			w.WriteString(l + "\r\n")
		}
		if r.Buffered() > 0 {
			return true
		}
		c.SetWriteDeadline(time.Now().Add(idle))
		return w.Flush() == nil
	}
	if !reply("220 127.0.0.1 ESMTP bench sink") {
		return
	}
	var from bool
	recipients := 0
	for {
		line, ok := readLine(c, r)
		if !ok {
			return
		}
		verb, _, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			ok = reply("250-127.0.0.1 greets you", "250-8BITMIME", "250-PIPELINING", "250 SIZE 33554432")
		case "HELO":
			ok = reply("250 127.0.0.1")
		case "MAIL":
			from, recipients = true, 0
			ok = reply("250 2.1.0 OK")
		case "RCPT":
			if !from {
				ok = reply("503 5.5.1 MAIL first")
				break
			}
			recipients++
			ok = reply("250 2.1.5 OK")
		case "DATA":
			if recipients == 0 {
				ok = reply("503 5.5.1 RCPT first")
				break
			}
			if !reply("354 End data with <CR><LF>.<CR><LF>") || !readMessage(c, r) {
				return
			}
			if s.delay > 0 {
				time.Sleep(s.delay)
			}
			s.received.Add(1)
			from, recipients = false, 0
			ok = reply("250 2.0.0 OK: queued")
		case "RSET":
			from, recipients = false, 0
			ok = reply("250 2.0.0 OK")
		case "NOOP":
			ok = reply("250 2.0.0 OK")
		case "QUIT":
			reply("221 2.0.0 Bye")
			return
		default:
			ok = reply(fmt.Sprintf("502 5.5.2 %.20q not implemented", verb))
		}
		if !ok {
			return
		}
	}
}

// readLine reads one line without its line break.
func readLine(c net.Conn, r *bufio.Reader) (string, bool) {
	c.SetReadDeadline(time.Now().Add(idle))
	var b strings.Builder
	for {
		part, more, err := r.ReadLine()
		if err != nil {
			return "", false
		}
		b.Write(part)
		if b.Len() > maxLine {
			return "", false
		}
		if !more {
			return b.String(), true
		}
	}
}

// readMessage reads a message up to the line with a single dot. It reads
// the lines in place, without copying them: a mail server on another
// machine would take none of the servers' CPU time, so the sink takes as
// little of it as it can.
func readMessage(c net.Conn, r *bufio.Reader) bool {
	c.SetReadDeadline(time.Now().Add(idle))
	length := 0 // of the line so far, across reads of a long one
	for {
		part, err := r.ReadSlice('\n')
		switch {
		case err == bufio.ErrBufferFull:
			if length += len(part); length > maxLine {
				return false
			}
			continue
		case err != nil:
			return false
		}
		if length == 0 && (string(part) == ".\r\n" || string(part) == ".\n") {
			return true
		}
		length = 0
	}
}
