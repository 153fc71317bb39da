package hooks_test

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/internal/testapp"
)

const appURL = "https://ben.bitburg.example"

// seoApp is a test app with the engagement records and BEN's address set.
func seoApp(t testing.TB) (*tests.TestApp, http.Handler, *testapp.Fixture) {
	t.Helper()
	app, f := testapp.New(t)
	seedEngagement(t, app, f)
	app.Settings().Meta.AppURL = appURL
	return app, testapp.Handler(t, app), f
}

// page fetches a portal page as a crawler does: plain HTTP, no JavaScript,
// with a forged Host header that must not show up anywhere.
func page(t testing.TB, h http.Handler, path string) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Host = "evil.example"
	req.Header.Set("X-Forwarded-Host", "evil.example")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body := rec.Body.String()
	if strings.Contains(body, "evil.example") {
		t.Fatalf("%s: the request's Host made it into the page", path)
	}
	return rec.Code, body
}

var (
	jsonLDBlock = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)
	titleOf     = regexp.MustCompile(`<title>([^<]*)</title>`)
)

func jsonLD(t testing.TB, body string) map[string]any {
	t.Helper()
	m := jsonLDBlock.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no JSON-LD in the page")
	}
	var out map[string]any
	if err := json.Unmarshal([]byte(m[1]), &out); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
	}
	return out
}

func TestCrawlersSeeTitlesDescriptionsAndJSONLD(t *testing.T) {
	t.Parallel()
	app, h, f := seoApp(t)

	t.Run("club page names the club and describes it as an Organization", func(t *testing.T) {
		// not parallel: the subtests share one app and change it in turn
		code, body := page(t, h, "/vereine/"+f.ClubB.GetString("slug"))
		if code != 200 {
			t.Fatalf("status %d", code)
		}
		name := f.ClubB.GetString("name")
		if got := titleOf.FindStringSubmatch(body)[1]; got != name+" – BEN – Bitburger Engagement Netz" {
			t.Fatalf("title %q", got)
		}
		for _, want := range []string{`<link rel="canonical" href="` + appURL + `/vereine/` + f.ClubB.GetString("slug") + `">`,
			`<meta property="og:title" content="` + name, `<meta name="description" content="`} {
			if !strings.Contains(body, want) {
				t.Errorf("page lacks %s", want)
			}
		}
		ld := jsonLD(t, body)
		if ld["@type"] != "Organization" || ld["name"] != name || ld["@context"] != "https://schema.org" {
			t.Fatalf("JSON-LD %v", ld)
		}
		if ld["email"] != f.ClubB.GetString("email") {
			t.Errorf("a club with public contact data has its e-mail in JSON-LD: %v", ld["email"])
		}
	})

	t.Run("a club's private contact data stays out of the page", func(t *testing.T) {
		_, body := page(t, h, "/vereine/"+f.ClubA.GetString("slug"))
		ld := jsonLD(t, body)
		if ld["name"] != "Turnverein A" {
			t.Fatalf("JSON-LD %v", ld)
		}
		for _, private := range []string{f.ClubA.GetString("email"), f.ClubA.GetString("phone"), f.ClubA.GetString("contact_name")} {
			if strings.Contains(body, private) {
				t.Errorf("private contact %q in the page", private)
			}
		}
	})

	t.Run("event page is an Event with its dates in Bitburg's time", func(t *testing.T) {
		code, body := page(t, h, "/termine/"+f.EventA.Id)
		if code != 200 {
			t.Fatalf("status %d", code)
		}
		ld := jsonLD(t, body)
		if ld["@type"] != "Event" || ld["name"] != "Training A" {
			t.Fatalf("JSON-LD %v", ld)
		}
		start, _ := ld["startDate"].(string)
		if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00$`).MatchString(start) {
			t.Errorf("startDate %q is not ISO 8601 with Berlin's offset", start)
		}
		if org, _ := ld["organizer"].(map[string]any); org["name"] != "Turnverein A" {
			t.Errorf("organizer %v", ld["organizer"])
		}
		if ld["eventStatus"] != "https://schema.org/EventScheduled" {
			t.Errorf("eventStatus %v", ld["eventStatus"])
		}
	})

	t.Run("a cancelled event says so", func(t *testing.T) {
		updateRecord(t, app, "events", f.EventB.Id, map[string]any{"cancelled": true})
		_, body := page(t, h, "/termine/"+f.EventB.Id)
		if ld := jsonLD(t, body); ld["eventStatus"] != "https://schema.org/EventCancelled" {
			t.Fatalf("eventStatus %v", ld["eventStatus"])
		}
	})

	t.Run("opportunity page is a volunteer JobPosting", func(t *testing.T) {
		code, body := page(t, h, "/mitmachen/"+oppA)
		if code != 200 {
			t.Fatalf("status %d", code)
		}
		ld := jsonLD(t, body)
		if ld["@type"] != "JobPosting" || ld["employmentType"] != "VOLUNTEER" || ld["title"] != "Jugendtrainer gesucht" {
			t.Fatalf("JSON-LD %v", ld)
		}
	})

	t.Run("news page is a NewsArticle", func(t *testing.T) {
		code, body := page(t, h, "/neuigkeiten/neuigkeit")
		if code != 200 {
			t.Fatalf("status %d", code)
		}
		ld := jsonLD(t, body)
		if ld["@type"] != "NewsArticle" || ld["headline"] != "Neuigkeit" || ld["datePublished"] == "" {
			t.Fatalf("JSON-LD %v", ld)
		}
		if !strings.Contains(body, `<meta property="og:type" content="article">`) {
			t.Error("news is no og:type article")
		}
	})

	for name, path := range map[string]string{
		"pending club":                   "/vereine/" + f.Pending.GetString("slug"),
		"unknown club":                   "/vereine/gibt-es-nicht",
		"unpublished event":              "/termine/" + f.EventADraft.Id,
		"event of a pending club":        "/termine/" + f.EventPending.Id,
		"draft opportunity":              "/mitmachen/" + oppADraft,
		"opportunity of a pending club":  "/mitmachen/" + oppPending,
		"news scheduled for later":       "/neuigkeiten/demnaechst",
		"an information page under news": "/neuigkeiten/entwurf",
	} {
		t.Run(name+" answers 404 and says nothing about it", func(t *testing.T) {
			code, body := page(t, h, path)
			if code != 404 {
				t.Fatalf("status %d", code)
			}
			if jsonLDBlock.MatchString(body) || strings.Contains(body, "Entwurf A") || strings.Contains(body, "Neue Initiative") || strings.Contains(body, "Demnächst") {
				t.Fatal("the page describes what a guest may not see")
			}
			if !strings.Contains(body, `<meta name="robots" content="noindex">`) {
				t.Error("a page that does not exist is not marked noindex")
			}
		})
	}

	t.Run("a club name cannot break out of the JSON-LD block", func(t *testing.T) {
		f.ClubB.Set("name", `Böse </script><script>alert(1)</script> & Co`)
		club := updateRecord(t, app, "organisations", f.ClubB.Id, map[string]any{"name": `Böse </script><script>alert(1)</script> & Co`})
		_, body := page(t, h, "/vereine/"+club.GetString("slug"))
		if strings.Contains(body, "<script>alert(1)") {
			t.Fatal("markup from a club's name reached the page")
		}
		if ld := jsonLD(t, body); ld["name"] != `Böse </script><script>alert(1)</script> & Co` {
			t.Fatalf("the name did not survive as data: %v", ld["name"])
		}
	})

	t.Run("fixed pages get their own title, unknown ones the portal's", func(t *testing.T) {
		_, body := page(t, h, "/termine")
		if got := titleOf.FindStringSubmatch(body)[1]; !strings.HasPrefix(got, "Termine – ") {
			t.Fatalf("title %q", got)
		}
		if !strings.Contains(body, `href="/api/ben/news.rss"`) || !strings.Contains(body, `rel="alternate" type="application/rss+xml"`) {
			t.Error("no RSS autodiscovery link")
		}
	})
}

func TestRobotsAndSitemap(t *testing.T) {
	t.Parallel()
	_, h, f := seoApp(t)
	code, robots := page(t, h, "/robots.txt")
	if code != 200 || !strings.Contains(robots, "Sitemap: "+appURL+"/sitemap.xml\n") || !strings.Contains(robots, "Disallow: /konto\n") {
		t.Fatalf("robots.txt %d:\n%s", code, robots)
	}
	res := do(t, h, http.MethodGet, "/robots.txt", "", "")
	if ct := res.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("robots.txt Content-Type %q", ct)
	}

	code, body := page(t, h, "/sitemap.xml")
	if code != 200 {
		t.Fatalf("sitemap %d", code)
	}
	var set struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	dec := xml.NewDecoder(strings.NewReader(body))
	dec.Strict = true
	if err := dec.Decode(&set); err != nil {
		t.Fatalf("sitemap does not parse: %v", err)
	}
	locs := map[string]bool{}
	for _, u := range set.URLs {
		locs[u.Loc] = true
	}
	for _, want := range []string{"/", "/impressum", "/vereine/" + f.ClubA.GetString("slug"), "/termine/" + f.EventA.Id,
		"/termine/" + f.EventOffice.Id, "/mitmachen/" + oppA, "/neuigkeiten/neuigkeit"} {
		if !locs[appURL+want] {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	for _, hidden := range []string{"/vereine/" + f.Pending.GetString("slug"), "/termine/" + f.EventADraft.Id, "/termine/" + f.EventPending.Id,
		"/mitmachen/" + oppADraft, "/mitmachen/" + oppAExpired, "/neuigkeiten/demnaechst", "/informationen/entwurf"} {
		if locs[appURL+hidden] {
			t.Errorf("sitemap names %s, which a guest may not see", hidden)
		}
	}
}

func TestNewsRSSIsValidRSS2(t *testing.T) {
	t.Parallel()
	app, h, f := seoApp(t)
	const url = "/api/ben/news.rss"
	res := do(t, h, http.MethodGet, url, "", "")
	if res.Code != 200 {
		t.Fatalf("status %d", res.Code)
	}
	if ct := res.Header().Get("Content-Type"); ct != "application/rss+xml; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	var feed struct {
		XMLName xml.Name `xml:"rss"`
		Version string   `xml:"version,attr"`
		Channel struct {
			// first, so that atom:link does not land in Link
			Self struct {
				Href string `xml:"href,attr"`
				Rel  string `xml:"rel,attr"`
			} `xml:"http://www.w3.org/2005/Atom link"`
			Title       string `xml:"title"`
			Link        string `xml:"link"`
			Description string `xml:"description"`
			Items       []struct {
				Title       string `xml:"title"`
				Link        string `xml:"link"`
				GUID        string `xml:"guid"`
				Description string `xml:"description"`
				PubDate     string `xml:"pubDate"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	dec := xml.NewDecoder(res.Body)
	dec.Strict = true
	if err := dec.Decode(&feed); err != nil {
		t.Fatalf("the feed does not parse: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Fatalf("something follows the feed: %v", err)
	}
	if feed.Version != "2.0" || feed.Channel.Title == "" || feed.Channel.Link != appURL+"/neuigkeiten" || feed.Channel.Description == "" ||
		feed.Channel.Self.Href != appURL+url || feed.Channel.Self.Rel != "self" {
		t.Fatalf("channel %+v", feed.Channel)
	}
	if len(feed.Channel.Items) != 1 {
		t.Fatalf("%d items, want the one published news (not the scheduled one, not the page)", len(feed.Channel.Items))
	}
	item := feed.Channel.Items[0]
	if item.Title != f.News.GetString("title") || item.Link != appURL+"/neuigkeiten/neuigkeit" || item.GUID != item.Link {
		t.Fatalf("item %+v", item)
	}
	if _, err := http.ParseTime(strings.Replace(item.PubDate, "+0000", "GMT", 1)); err != nil {
		t.Errorf("pubDate %q is not RFC 822: %v", item.PubDate, err)
	}

	// polling readers get 304 while nothing changed, the new item once it has
	etag := res.Header().Get("ETag")
	req := httptest.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("If-None-Match", etag)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Fatalf("unchanged feed: %d", rec.Code)
	}
	coll, _ := app.FindCollectionByNameOrId("articles")
	r := core.NewRecord(coll)
	r.Load(map[string]any{"kind": "news", "title": "Ganz neu & <wichtig>", "slug": "ganz-neu", "summary": "Kurz.", "published": true})
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "<title>Ganz neu &amp; &lt;wichtig&gt;</title>") {
		t.Fatalf("changed feed: %d %s", rec.Code, rec.Body)
	}
}
