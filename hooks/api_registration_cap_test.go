package hooks_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
	"ben/hooks/registrations"
)

const registrationsURL = "/api/collections/event_registrations/records"

// guestSender sends registrations to one test app, each request from the
// client address it is given.
type guestSender struct {
	t   *testing.T
	app *tests.TestApp
	f   *testapp.Fixture
	h   http.Handler
	n   int
}

func newGuestSender(t *testing.T) *guestSender {
	t.Helper()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false // the cap, not the rate limit, is under test
	for _, ev := range []string{f.EventA.Id, f.EventOffice.Id, f.EventB.Id} {
		setCapacity(t, app, ev, 20)
	}
	return &guestSender{t: t, app: app, f: f, h: testapp.Handler(t, app)}
}

// request sends method url from addr (host:port) as the holder of role
// ("" for a guest), with extra headers.
func (g *guestSender) request(method, url, addr, role, body string, header map[string]string) *httptest.ResponseRecorder {
	g.t.Helper()
	req := httptest.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = addr
	if role != "" {
		req.Header.Set("Authorization", g.f.Tokens[role])
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	g.h.ServeHTTP(rec, req)
	return rec
}

// register sends a registration for event from addr as role and returns
// the answer and the address the registration was made with.
func (g *guestSender) register(addr, role, event string, header map[string]string) (*httptest.ResponseRecorder, string) {
	g.t.Helper()
	g.n++
	email := fmt.Sprintf("person%d@kappe.example", g.n)
	body := fmt.Sprintf(`{"event":%q,"name":"Person %d","email":%q,"consent":true}`, event, g.n, email)
	return g.request(http.MethodPost, registrationsURL, addr, role, body, header), email
}

// ok registers and wants it taken; it returns the registration's id and address.
func (g *guestSender) ok(addr, role, event string) (string, string) {
	g.t.Helper()
	res, email := g.register(addr, role, event, nil)
	if res.Code != 200 {
		g.t.Fatalf("from %s as %q for %s: want 200, got %d %s", addr, role, event, res.Code, res.Body.String())
	}
	var r struct{ ID string }
	if err := json.Unmarshal(res.Body.Bytes(), &r); err != nil {
		g.t.Fatal(err)
	}
	return r.ID, email
}

// capped registers and wants the cap's refusal, with nothing stored.
func (g *guestSender) capped(addr, event string, header map[string]string) {
	g.t.Helper()
	before := g.count()
	res, _ := g.register(addr, "", event, header)
	assertCapRefusal(g.t, res)
	if g.count() != before {
		g.t.Fatal("a refused registration must store nothing")
	}
}

func (g *guestSender) count() int64 {
	g.t.Helper()
	n, err := g.app.CountRecords("event_registrations")
	if err != nil {
		g.t.Fatal(err)
	}
	return n
}

// link does what the guest's link in the mail to email does (confirm, cancel).
func (g *guestSender) link(email, action string) {
	g.t.Helper()
	tokens := linkTokensTo(g.app, email)
	if len(tokens) == 0 {
		g.t.Fatalf("no link mailed to %s", email)
	}
	res := g.request(http.MethodPost, "/api/ben/registrations/link/"+tokens[len(tokens)-1]+"/"+action, "198.18.0.1:1", "", "", nil)
	if res.Code != 200 {
		g.t.Fatalf("%s by link: %d %s", action, res.Code, res.Body.String())
	}
}

func assertCapRefusal(t testing.TB, res *httptest.ResponseRecorder) {
	t.Helper()
	if res.Code != 400 {
		t.Fatalf("want the cap's 400, got %d %s", res.Code, res.Body.String())
	}
	var body struct {
		Data map[string]struct{ Code, Message string }
	}
	if err := json.Unmarshal(res.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	got := body.Data["event"]
	if got.Code != registrations.CodeUnconfirmedLimit || !strings.Contains(got.Message, "Link aus unserer E-Mail") ||
		!strings.Contains(got.Message, "melden Sie sich mit Ihrem Konto an") {
		t.Fatalf("want %s with a German sentence on the event, got %s", registrations.CodeUnconfirmedLimit, res.Body.String())
	}
}

const (
	addrA = "203.0.113.10:4711"
	addrB = "203.0.113.20:4711"
)

func TestAGuestHoldsAtMostThreeUnconfirmedRegistrationsFromOneAddress(t *testing.T) {
	t.Parallel()
	if registrations.GuestCap != 3 {
		t.Fatalf("the scenarios below count to three, the cap is %d", registrations.GuestCap)
	}
	g := newGuestSender(t)
	f := g.f

	// three for two events from one address; the fourth is refused, for either event
	g.ok(addrA, "", f.EventA.Id)
	g.ok(addrA, "", f.EventOffice.Id)
	g.ok(addrA, "", f.EventOffice.Id)
	g.capped(addrA, f.EventA.Id, nil)
	g.capped(addrA, f.EventB.Id, nil)

	// another address is not touched; the same host on another port is the same address
	g.ok(addrB, "", f.EventA.Id)
	g.capped("203.0.113.10:9999", f.EventOffice.Id, nil)
}

func TestAnAccountIsNeverCappedNorCounted(t *testing.T) {
	t.Parallel()
	g := newGuestSender(t)
	f := g.f
	g.ok(addrA, "", f.EventA.Id)
	g.ok(addrA, "", f.EventOffice.Id)
	g.ok(addrA, "", f.EventB.Id)
	g.capped(addrA, f.EventA.Id, nil)

	// behind the same address, citizens and editors register with their accounts
	for _, role := range []string{"citizen", "editorA", "editorB"} {
		g.ok(addrA, role, f.EventA.Id)
	}
	// and the office enters guests (a call to the office): never capped
	g.ok(addrA, "staffBuero", f.EventOffice.Id)
	g.ok(addrA, "staffBuero", f.EventOffice.Id)
	g.ok(addrA, "staff", f.EventA.Id)
	g.ok(addrA, "staff", f.EventB.Id)

	// account registrations from an address leave its guests their three
	for _, role := range []string{"citizen", "editorA", "editorB"} {
		g.ok(addrB, role, f.EventOffice.Id)
	}
	g.ok(addrB, "", f.EventA.Id)
	g.ok(addrB, "", f.EventA.Id)
	g.ok(addrB, "", f.EventB.Id)
	g.capped(addrB, f.EventB.Id, nil)
}

func TestConfirmingOrCancellingFreesAGuestsSlotAtOnce(t *testing.T) {
	t.Parallel()
	g := newGuestSender(t)
	f := g.f
	setCapacity(t, g.app, f.EventB.Id, 1) // the second for EventB waits: a place on the waiting list counts too
	_, first := g.ok(addrA, "", f.EventB.Id)
	waiting, second := g.ok(addrA, "", f.EventB.Id)
	if regStatus(t, g.app, waiting) != "waitlisted" {
		t.Fatal("the second registration for one seat must wait")
	}
	_, third := g.ok(addrA, "", f.EventA.Id)
	g.capped(addrA, f.EventA.Id, nil)

	g.link(first, "confirm")
	g.ok(addrA, "", f.EventA.Id)      // the slot is free at once
	g.capped(addrA, f.EventA.Id, nil) // and taken again

	g.link(second, "cancel")
	g.ok(addrA, "", f.EventOffice.Id)
	g.capped(addrA, f.EventOffice.Id, nil)

	// the organiser cancels one in the list: free as well
	thirdID := idOf(t, g, third)
	if res := g.request(http.MethodPatch, registrationsURL+"/"+thirdID, addrB, "editorA", `{"status":"cancelled"}`, nil); res.Code != 200 {
		t.Fatalf("the organiser cancels: %d %s", res.Code, res.Body.String())
	}
	g.ok(addrA, "", f.EventOffice.Id)
	g.capped(addrA, f.EventOffice.Id, nil)

	// a confirmed one, cancelled later, frees nothing more: it did not count
	g.link(first, "cancel")
	g.capped(addrA, f.EventA.Id, nil)
}

func TestALapsedRegistrationFreesAGuestsSlot(t *testing.T) {
	t.Parallel()
	g := newGuestSender(t)
	f := g.f
	_, first := g.ok(addrA, "", f.EventA.Id)
	_, second := g.ok(addrA, "", f.EventOffice.Id)
	g.ok(addrA, "", f.EventB.Id)
	g.capped(addrA, f.EventA.Id, nil)

	// past its deadline a registration lapses: it no longer counts, even
	// before the job has cancelled it
	sentAgo(t, g, first, registrations.ConfirmWithin+time.Minute)
	g.ok(addrA, "", f.EventA.Id)
	g.capped(addrA, f.EventA.Id, nil)

	// the job cancels what lapsed
	sentAgo(t, g, second, registrations.ConfirmWithin+time.Minute)
	if n, err := registrations.LapseUnconfirmed(g.app, time.Now()); err != nil || n != 2 {
		t.Fatalf("the job lapses the two: %d %v", n, err)
	}
	g.ok(addrA, "", f.EventOffice.Id)
	g.capped(addrA, f.EventOffice.Id, nil)

	// a minute before its deadline a registration still counts
	sentAgo(t, g, unconfirmedFor(t, g, f.EventB.Id), registrations.ConfirmWithin-time.Minute)
	g.capped(addrA, f.EventB.Id, nil)
}

// The address is the one PocketBase's rate limits see: behind a proxy set
// as trusted, the proxy's header; without that setting, a header the
// guest makes up changes nothing.
func TestTheCapSeesTheAddressAsTheRateLimitsDo(t *testing.T) {
	t.Parallel()
	g := newGuestSender(t)
	f := g.f
	proxy := "10.0.0.1:5555"
	forwarded := func(ip string) map[string]string { return map[string]string{"X-Forwarded-For": ip} }
	for i := range 3 {
		if res, _ := g.register(proxy, "", f.EventA.Id, forwarded(fmt.Sprintf("198.51.100.%d", i))); res.Code != 200 {
			t.Fatalf("registration %d: %d %s", i, res.Code, res.Body.String())
		}
	}
	g.capped(proxy, f.EventA.Id, forwarded("198.51.100.77"))

	g.app.Settings().TrustedProxy.Headers = []string{"X-Forwarded-For"}
	for _, ip := range []string{"198.51.100.1", "198.51.100.1", "198.51.100.1"} {
		if res, _ := g.register(proxy, "", f.EventOffice.Id, forwarded(ip)); res.Code != 200 {
			t.Fatalf("behind a trusted proxy %s is its own address: %d %s", ip, res.Code, res.Body.String())
		}
	}
	g.capped(proxy, f.EventOffice.Id, forwarded("198.51.100.1"))
	// the proxy's own address no longer counts for the visitors behind it
	if res, _ := g.register(proxy, "", f.EventOffice.Id, forwarded("198.51.100.2")); res.Code != 200 {
		t.Fatalf("another visitor behind the proxy: %d %s", res.Code, res.Body.String())
	}
}

// Ten registrations sent at the same moment from one address: three are
// taken, seven refused, whatever the order.
func TestParallelGuestRegistrationsFromOneAddressStopAtTheCap(t *testing.T) {
	t.Parallel()
	g := newGuestSender(t)
	f := g.f
	events := []string{f.EventA.Id, f.EventOffice.Id}
	codes := make([]int, 10)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"event":%q,"name":"Parallel %d","email":"parallel%d@kappe.example","consent":true}`, events[i%2], i, i)
			<-start
			codes[i] = g.request(http.MethodPost, registrationsURL, addrA, "", body, nil).Code
		}()
	}
	close(start)
	wg.Wait()
	if count(codes, 200) != registrations.GuestCap || count(codes, 400) != len(codes)-registrations.GuestCap {
		t.Fatalf("want %d taken and the rest refused: %v", registrations.GuestCap, codes)
	}
	if n := g.count(); n != int64(registrations.GuestCap) {
		t.Fatalf("want %d stored, got %d", registrations.GuestCap, n)
	}
}

// A batch is a guest path too: its registrations count one by one.
func TestABatchOfGuestRegistrationsStopsAtTheCap(t *testing.T) {
	t.Parallel()
	g := newGuestSender(t)
	f := g.f
	g.app.Settings().Batch.Enabled = true
	g.app.Settings().Batch.MaxRequests = 10
	batch := func(n int) string {
		var reqs []string
		for i := range n {
			g.n++
			reqs = append(reqs, fmt.Sprintf(`{"method":"POST","url":%q,"body":{"event":%q,"name":"Stapel %d","email":"stapel%d@kappe.example","consent":true}}`,
				registrationsURL, f.EventA.Id, i, g.n))
		}
		return `{"requests":[` + strings.Join(reqs, ",") + `]}`
	}
	res := g.request(http.MethodPost, "/api/batch", addrA, "", batch(4), nil)
	if res.Code != 400 || !strings.Contains(res.Body.String(), registrations.CodeUnconfirmedLimit) || g.count() != 0 {
		t.Fatalf("a batch of four: want the cap's refusal and nothing stored, got %d %s (%d stored)", res.Code, res.Body.String(), g.count())
	}
	if res := g.request(http.MethodPost, "/api/batch", addrA, "", batch(3), nil); res.Code != 200 || g.count() != 3 {
		t.Fatalf("a batch of three: %d %s", res.Code, res.Body.String())
	}
	g.capped(addrA, f.EventOffice.Id, nil)
}

func idOf(t *testing.T, g *guestSender, email string) string {
	t.Helper()
	r, err := g.app.FindFirstRecordByData("event_registrations", "email", email)
	if err != nil {
		t.Fatal(err)
	}
	return r.Id
}

// unconfirmedFor is the address of the guest registration for event still
// waiting for confirmation (exactly one).
func unconfirmedFor(t *testing.T, g *guestSender, event string) string {
	t.Helper()
	rows, err := g.app.FindAllRecords("event_registrations", dbx.HashExp{"event": event, "user": "", "confirmed_at": ""},
		dbx.In("status", "registered", "waitlisted"))
	if err != nil || len(rows) != 1 {
		t.Fatalf("want one unconfirmed registration for %s, got %d (%v)", event, len(rows), err)
	}
	return rows[0].GetString("email")
}

// sentAgo moves the creation of the registration of email by ago into
// the past, as if it had been sent then.
func sentAgo(t *testing.T, g *guestSender, email string, ago time.Duration) {
	t.Helper()
	when := time.Now().Add(-ago).UTC().Format("2006-01-02 15:04:05.000Z")
	if _, err := g.app.DB().NewQuery("UPDATE event_registrations SET created = {:c} WHERE email = {:e}").
		Bind(dbx.Params{"c": when, "e": email}).Execute(); err != nil {
		t.Fatal(err)
	}
}
