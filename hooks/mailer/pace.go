package mailer

import (
	"fmt"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// The office hears of every new item of its inbox by mail (a notice: a
// card application submitted or ready for a decision, an enquiry, a
// nomination, a new organisation, a festival registration, a partner
// application, an idea). Usually that is one mail now and then. When many
// come at once (a campaign, a newspaper article, an import through the
// API), at most OfficeNoticesPerWindow notices a minute go out one by one;
// what comes beyond them is gathered and goes as one mail, listing every
// item with its link, as soon as the minute allows another. Nothing is
// lost: the inbox in /buero holds every item anyway, and an orderly
// shutdown sends what is gathered.
const (
	OfficeNoticesPerWindow = 5
	OfficeNoticeWindow     = time.Minute
	// gatheredListed items are listed in one gathered mail; it counts the
	// rest and links the inbox.
	gatheredListed = 50
)

// notice is a letter to the office about one new inbox item.
type notice interface {
	Letter
	link() string
}

func (l CardSubmittedNotice) link() string         { return l.Link }
func (l CardReadyForDecision) link() string        { return l.Link }
func (l EnquiryNotice) link() string               { return l.Link }
func (l NominationNotice) link() string            { return l.Link }
func (l OrganisationRegistered) link() string      { return l.Link }
func (l FestivalParticipationNotice) link() string { return l.Link }
func (l PartnerApplicationNotice) link() string    { return l.Link }
func (l IdeaNotice) link() string                  { return l.Link }

// pace is an app's rate of notices to the office.
type pace struct {
	mu      sync.Mutex
	per     int
	window  time.Duration
	sent    map[string][]time.Time // by address: the last mails, oldest first
	waiting map[string]*gathering  // by address
	// stopped: the app is shutting down; a notice then goes at once, as
	// nothing gathered would outlive the process
	stopped bool
}

// gathering is what waits for the next free moment.
type gathering struct {
	mails []Mail // at most gatheredListed
	more  int    // beyond them
	timer *time.Timer
}

const paceKey = "ben.mailer.pace"

func paceOf(app core.App) *pace {
	return app.Store().GetOrSet(paceKey, func() any {
		return &pace{per: OfficeNoticesPerWindow, window: OfficeNoticeWindow, sent: map[string][]time.Time{}, waiting: map[string]*gathering{}}
	}).(*pace)
}

// SetOfficePace sets how many notices a window lets through one by one;
// tests use it to see the gathering without waiting a minute.
func SetOfficePace(app core.App, per int, window time.Duration) {
	p := paceOf(app)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.per, p.window = per, window
}

// recent is the times of the mails to addr within the window before now.
func (p *pace) recent(addr string, now time.Time) []time.Time {
	times := p.sent[addr]
	for len(times) > 0 && !times[0].After(now.Add(-p.window)) {
		times = times[1:]
	}
	p.sent[addr] = times
	return times
}

// add sends m at once when the window has room and nothing waits, and
// gathers it otherwise.
func (p *pace) add(app core.App, m Mail) error {
	now := time.Now()
	p.mu.Lock()
	recent := p.recent(m.To, now)
	if p.stopped || p.waiting[m.To] == nil && len(recent) < p.per {
		p.sent[m.To] = append(recent, now)
		p.mu.Unlock()
		return sendOne(app, m)
	}
	g := p.waiting[m.To]
	if g == nil {
		g = &gathering{}
		p.waiting[m.To] = g
		wait := p.window
		if len(recent) > 0 {
			wait = recent[0].Add(p.window).Sub(now)
		}
		g.timer = time.AfterFunc(wait, func() { p.flush(app, m.To) })
	}
	if len(g.mails) < gatheredListed {
		g.mails = append(g.mails, m)
	} else {
		g.more++
	}
	p.mu.Unlock()
	return nil
}

// flush sends what is gathered for addr, as one mail.
func (p *pace) flush(app core.App, addr string) {
	p.mu.Lock()
	g := p.waiting[addr]
	delete(p.waiting, addr)
	if g == nil {
		p.mu.Unlock()
		return
	}
	g.timer.Stop()
	p.sent[addr] = append(p.recent(addr, time.Now()), time.Now())
	// counted before the lock is let go: a shutdown that finds nothing
	// gathered any more waits for this mail
	box := outboxOf(app)
	box.pending.Add(1)
	defer box.pending.Done()
	p.mu.Unlock()
	m := g.mails[0]
	if len(g.mails) > 1 || g.more > 0 {
		letter := OfficeGathered{More: g.more, Link: Link(app, "/buero")}
		for _, w := range g.mails {
			subject, err := subjectOf(w.Letter)
			if err != nil {
				subject = "Neuer Vorgang" // a template that fails is logged with its own mail
			}
			letter.Items = append(letter.Items, GatheredItem{Subject: subject, Link: w.Letter.(notice).link()})
		}
		m = Mail{To: addr, About: fmt.Sprintf("%d Meldungen an das Büro", len(g.mails)+g.more), Letter: letter}
	}
	if err := sendOne(app, m); err != nil {
		app.Logger().Warn("Mail konnte nicht gesendet werden", "mail", m.Letter.template(), "about", m.About, "error", withoutAddress(err, addr))
	}
}

// flushAll sends everything gathered now (an orderly shutdown); what comes
// afterwards (a request still finishing, a mail still on its way to the
// pace) goes at once.
func (p *pace) flushAll(app core.App) {
	p.mu.Lock()
	p.stopped = true
	addrs := make([]string, 0, len(p.waiting))
	for addr := range p.waiting {
		addrs = append(addrs, addr)
	}
	p.mu.Unlock()
	for _, addr := range addrs {
		p.flush(app, addr)
	}
}

// sendOne renders m and sends it; a letter that cannot be rendered is
// logged and not sent.
func sendOne(app core.App, m Mail) error {
	msg, err := Message(app, m)
	if err != nil {
		app.Logger().Error("Mail konnte nicht geschrieben werden", "mail", m.Letter.template(), "about", m.About, "error", err)
		return nil
	}
	return app.NewMailClient().Send(msg)
}
