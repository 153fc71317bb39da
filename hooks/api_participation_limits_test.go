package hooks_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"ben/hooks/internal/testapp"
	"ben/hooks/registrations"
)

// Every guest write of taking part stops at the guest rate limit: the
// eleventh within a minute from one address gets 429, another address
// goes on. Registrations meet the cap of unconfirmed ones first
// (registrations.GuestCap): the writes after it are refused (400) but still
// count for the rate limit.
func TestParticipationGuestWritesAreRateLimited(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	seedRegistrations(t, app, f)
	setCapacity(t, app, f.EventB.Id, 100)
	h := testapp.Handler(t, app)
	token := linkTokensTo(app, regGuestEmail)[0]

	send := func(method, url, body, ip string) int {
		req := httptest.NewRequest(method, url, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = ip + ":4711"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	for _, c := range []struct {
		name, method, url string
		body              func(i int) string
		taken             int // writes taken before a rule of the collection refuses
	}{
		{"registrations", http.MethodPost, "/api/collections/event_registrations/records", func(i int) string {
			return fmt.Sprintf(`{"event":%q,"name":"Flut %d","email":"flut%d@flut.example","consent":true}`, f.EventB.Id, i, i)
		}, registrations.GuestCap},
		{"partner applications", http.MethodPost, "/api/collections/partner_applications/records", func(i int) string {
			return fmt.Sprintf(`{"business_name":"Flut %d","contact_name":"F","email":"f%d@flut.example","category":"X","benefit":"Y","consent":true}`, i, i)
		}, 10},
		{"ideas", http.MethodPost, "/api/collections/ideas/records", func(i int) string {
			return fmt.Sprintf(`{"title":"Flut %d","text":"X","name":"F","email":"f%d@flut.example","consent":true}`, i, i)
		}, 10},
		{"a guest's link", http.MethodPost, "/api/ben/registrations/link/" + token + "/confirm", func(int) string { return "" }, 10},
	} {
		ip := fmt.Sprintf("203.0.113.%d", len(c.name))
		for i := 1; i <= 11; i++ {
			want := 200
			switch {
			case i == 11:
				want = http.StatusTooManyRequests
			case i > c.taken:
				want = http.StatusBadRequest
			}
			if got := send(c.method, c.url, c.body(i), ip); got != want {
				t.Fatalf("%s, write %d: %d, want %d", c.name, i, got, want)
			}
		}
		if got := send(c.method, c.url, c.body(12), "198.51.100.9"); got != 200 {
			t.Fatalf("%s from another address: %d", c.name, got)
		}
	}
}
