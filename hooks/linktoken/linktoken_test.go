package linktoken_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/linktoken"
)

// linksApp is an empty app with a collection "letters" that keeps an
// expiring link and a state.
func linksApp(t *testing.T) *tests.TestApp {
	t.Helper()
	app, err := tests.NewTestApp()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)
	c := core.NewBaseCollection("letters")
	c.Fields.Add(&core.TextField{Name: "link_hash"}, &core.DateField{Name: "link_expires"}, &core.TextField{Name: "state"})
	if err := app.Save(c); err != nil {
		t.Fatal(err)
	}
	return app
}

func newLetter(t *testing.T, app core.App, state string) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId("letters")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(c)
	r.Set("state", state)
	return r
}

func TestALinkOpensItsRecordUntilItExpires(t *testing.T) {
	t.Parallel()
	app := linksApp(t)
	link := linktoken.Link{Collection: "letters", HashField: "link_hash", ExpiresField: "link_expires", Validity: 14 * 24 * time.Hour}
	issued := time.Now()
	r := newLetter(t, app, "open")
	token := link.Issue(r, issued)
	if r.GetString("link_hash") != linktoken.Hash(token) || r.GetDateTime("link_expires").Time().Sub(issued.Add(link.Validity)).Abs() >= time.Millisecond {
		t.Fatalf("issued link: hash %q, expires %v", r.GetString("link_hash"), r.GetDateTime("link_expires"))
	}
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name  string
		token string
		at    time.Time
		ok    bool
	}{
		{"the token, at once", token, issued, true},
		{"the token, a moment before it expires", token, issued.Add(link.Validity - time.Second), true},
		{"the token, when it expires", token, issued.Add(link.Validity), false},
		{"the token, later", token, issued.Add(link.Validity + time.Hour), false},
		{"the stored hash instead of the token", r.GetString("link_hash"), issued, false},
		{"another token", otherToken(token), issued, false},
		{"no token", "", issued, false},
		{"a token far too long", strings.Repeat(token, 3), issued, false},
	} {
		got, err := link.Find(app, c.token, c.at, "", nil)
		if c.ok && (err != nil || got.Id != r.Id) {
			t.Errorf("%s: want the letter, got %v", c.name, err)
		}
		if !c.ok && !errors.Is(err, linktoken.ErrNotFound) {
			t.Errorf("%s: want ErrNotFound, got %v", c.name, err)
		}
	}
}

func TestAFilterNarrowsWhereALinkWorks(t *testing.T) {
	t.Parallel()
	app := linksApp(t)
	link := linktoken.Link{Collection: "letters", HashField: "link_hash"} // works as long as the state says
	r := newLetter(t, app, "open")
	token := link.Issue(r, time.Now())
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if got, err := link.Find(app, token, time.Now(), "state = {:state}", map[string]any{"state": "open"}); err != nil || got.Id != r.Id {
		t.Fatalf("an open letter: %v", err)
	}
	if _, err := link.Find(app, token, time.Now(), "state != 'open'", nil); !errors.Is(err, linktoken.ErrNotFound) {
		t.Fatalf("a filter the letter does not match: %v", err)
	}
	// the filter cannot widen the match beyond the token
	other := newLetter(t, app, "open")
	link.Issue(other, time.Now())
	if err := app.Save(other); err != nil {
		t.Fatal(err)
	}
	if got, err := link.Find(app, token, time.Now(), "state = 'open' || state != 'open'", nil); err != nil || got.Id != r.Id {
		t.Fatalf("a filter with ||: want the letter of the token, got %v", err)
	}
}

func TestAFreshLinkReplacesTheEarlierAndARevokedLinkOpensNothing(t *testing.T) {
	t.Parallel()
	app := linksApp(t)
	link := linktoken.Link{Collection: "letters", HashField: "link_hash", ExpiresField: "link_expires", Validity: time.Hour}
	r := newLetter(t, app, "open")
	first := link.Issue(r, time.Now())
	second := link.Issue(r, time.Now())
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if _, err := link.Find(app, first, time.Now(), "", nil); !errors.Is(err, linktoken.ErrNotFound) {
		t.Fatalf("the earlier link: %v", err)
	}
	if _, err := link.Find(app, second, time.Now(), "", nil); err != nil {
		t.Fatalf("the fresh link: %v", err)
	}
	link.Revoke(r)
	if r.GetString("link_hash") != "" || !r.GetDateTime("link_expires").IsZero() {
		t.Fatalf("revoked: hash %q, expires %v", r.GetString("link_hash"), r.GetDateTime("link_expires"))
	}
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if _, err := link.Find(app, second, time.Now(), "", nil); !errors.Is(err, linktoken.ErrNotFound) {
		t.Fatalf("the revoked link: %v", err)
	}
}

// otherToken is token with its first character changed: "A" unless it is
// one already (then the test asked for the token itself, one time in 64:
// base64url).
func otherToken(token string) string {
	if token[0] == 'A' {
		return "B" + token[1:]
	}
	return "A" + token[1:]
}
