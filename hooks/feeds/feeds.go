// Package feeds tells the world outside the portal about the town's public
// calendar and content:
//
//   - iCalendar feeds (RFC 5545) that calendar apps subscribe to:
//     GET /api/ben/events.ics with every published upcoming event, and
//     GET /api/ben/organisations/{slug}/events.ics with those of one
//     organisation, and GET /api/ben/events/{id}.ics with one event. A feed
//     shows exactly what a guest may list through the API (the events
//     collection's list rule is applied as for a guest), so an unpublished
//     event, or one of a pending club, never appears. Series are written as
//     RRULE/EXDATE, whole days as DATE values, cancelled events with
//     STATUS:CANCELLED until they have passed; links come from the
//     configured application URL. An ETag lets calendar apps poll cheaply.
//   - GET /api/ben/occurrences: every date of the public calendar in a
//     window, series expanded.
//   - a realtime signal on the topic "ben/changes": PocketBase tells a
//     subscriber about a record only while the subscriber may see it, so a
//     guest is never told that an event was unpublished. Open portal pages
//     subscribe to this signal and reload their lists; it names the
//     collection that changed and nothing else.
package feeds

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/events"
	"ben/hooks/guestview"
	"ben/hooks/internal/conditional"
	"ben/hooks/mailer"
	"ben/hooks/organisations"
	"ben/hooks/tz"
)

// MaxEvents bounds one feed; the town's calendar holds far fewer upcoming events.
const MaxEvents = 2000

// uidDomain makes event UIDs globally unique (RFC 5545 §3.8.4.7). It must
// never change: calendar apps recognise an event by its UID.
const uidDomain = "ben.bitburg"

// kindLabels are the German names of the event kinds, used as CATEGORIES.
var kindLabels = map[string]string{
	"termin":           "Termin",
	"fortbildung":      "Fortbildung",
	"austauschtreffen": "Austauschtreffen",
	"ehrung":           "Ehrung",
	"vereinsfest":      "Vereinsfest",
}

// Register binds the feed routes and the change signal to app.
func Register(app core.App) {
	cache := newFeedCache(app)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		g := se.Router.Group("/api/ben")
		g.GET("/events.ics", func(e *core.RequestEvent) error { return allEvents(e, cache) })
		g.GET("/organisations/{slug}/events.ics", func(e *core.RequestEvent) error { return organisationEvents(e, cache) })
		g.GET("/events/{file}", oneEvent)
		g.GET("/occurrences", func(e *core.RequestEvent) error { return occurrences(e, cache) })
		return se.Next()
	})
	bindChangeSignal(app)
}

var allEventsInfo = feedInfo{
	name:        "Termine – Bitburger Engagement Netz",
	description: "Veröffentlichte Termine der Vereine, Initiativen und der Koordinierungsstelle in Bitburg.",
	filename:    "ben-termine.ics",
}

func allEvents(e *core.RequestEvent, cache *feedCache) error {
	now := time.Now()
	base := portalURL(e.App)
	key := "*|" + base
	if f, ok := cache.get(key, now); ok {
		return writeCalendar(e, allEventsInfo, f.body, f.etag)
	}
	version := cache.version.Load() // read before the data: a change meanwhile invalidates the entry
	list, err := UpcomingEvents(e.App, "", now)
	if err != nil {
		return err
	}
	orgs, err := organisationNames(e.App, list)
	if err != nil {
		return err
	}
	body, etag := render(allEventsInfo, list, orgs, base)
	cache.put(key, version, now, list, body, etag)
	return writeCalendar(e, allEventsInfo, body, etag)
}

// oneEvent serves GET /api/ben/events/{id}.ics: one event as a calendar
// file to download ("Zum Kalender hinzufügen"), for every event a guest may
// view, also past ones.
func oneEvent(e *core.RequestEvent) error {
	id, ok := strings.CutSuffix(e.Request.PathValue("file"), ".ics")
	notFound := e.NotFoundError("Diesen Termin gibt es nicht, oder er ist nicht öffentlich.", nil)
	if !ok || id == "" {
		return notFound
	}
	r, err := e.App.FindRecordById(events.Collection, id)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound
	}
	if err != nil {
		return err
	}
	if visible, err := guestview.CanView(e.App, r); err != nil || !visible {
		if err != nil {
			return err
		}
		return notFound
	}
	orgs, err := organisationNames(e.App, []*core.Record{r})
	if err != nil {
		return err
	}
	info := feedInfo{
		name:     r.GetString("title"),
		filename: "termin-" + r.Id + ".ics",
		single:   true,
	}
	body, etag := render(info, []*core.Record{r}, orgs, portalURL(e.App))
	return writeICS(e, info, body, etag, "attachment")
}

func organisationEvents(e *core.RequestEvent, cache *feedCache) error {
	org, err := publicOrganisation(e.App, e.Request.PathValue("slug"))
	if err != nil {
		return err
	}
	if org == nil {
		return e.NotFoundError("Diese Organisation gibt es nicht, oder sie ist nicht öffentlich.", nil)
	}
	name := org.GetString("name")
	info := feedInfo{
		name:        name + " – Termine (BEN Bitburg)",
		description: "Veröffentlichte Termine von " + name + " im Bitburger Engagement Netz.",
		filename:    org.GetString("slug") + "-termine.ics",
	}
	now := time.Now()
	base := portalURL(e.App)
	key := org.Id + "|" + base
	if f, ok := cache.get(key, now); ok {
		return writeCalendar(e, info, f.body, f.etag)
	}
	version := cache.version.Load()
	list, err := UpcomingEvents(e.App, org.Id, now)
	if err != nil {
		return err
	}
	body, etag := render(info, list, map[string]string{org.Id: name}, base)
	cache.put(key, version, now, list, body, etag)
	return writeCalendar(e, info, body, etag)
}

// publicOrganisation finds the organisation with slug if a guest may view
// it (calendar apps do not log in), or returns nil.
func publicOrganisation(app core.App, slug string) (*core.Record, error) {
	if slug == "" {
		return nil, nil
	}
	org, err := app.FindFirstRecordByData(organisations.Collection, "slug", slug)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if ok, err := guestview.CanView(app, org); err != nil || !ok {
		return nil, err
	}
	return org, nil
}

// UpcomingEvents returns the events a guest may list that have not ended at
// now, earliest first; with organisationID only that organisation's. A
// series counts until its last date has ended; one without an end always.
func UpcomingEvents(app core.App, organisationID string, now time.Time) ([]*core.Record, error) {
	nowDT, err := types.ParseDateTime(now)
	if err != nil {
		return nil, err
	}
	return guestview.List(app, events.Collection, func(q *dbx.SelectQuery) {
		table := events.Collection
		q.AndWhere(NotEndedBy(table, "now", nowDT.String()))
		if organisationID != "" {
			q.AndWhere(dbx.HashExp{table + ".organisation": organisationID})
		}
		q.OrderBy(table+".starts_at ASC", table+".id ASC").Limit(MaxEvents)
	})
}

// organisationNames maps the organisation ids of list to their names.
func organisationNames(app core.App, list []*core.Record) (map[string]string, error) {
	ids := []string{}
	seen := map[string]bool{}
	for _, r := range list {
		if id := r.GetString("organisation"); id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	names := map[string]string{}
	if len(ids) == 0 {
		return names, nil
	}
	orgs, err := app.FindRecordsByIds(organisations.Collection, ids)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		names[o.Id] = o.GetString("name")
	}
	return names, nil
}

type feedInfo struct {
	name, description, filename string
	single                      bool // one event to import, not a calendar to subscribe to
}

// render writes the calendar and its ETag.
func render(info feedInfo, list []*core.Record, orgNames map[string]string, baseURL string) (body, etag string) {
	body = Render(info, list, orgNames, baseURL)
	return body, conditional.Tag([]byte(body))
}

// NotEndedBy is the condition "has a date that ends at or after the
// parameter param" on the events table alias table. A single date is
// judged by its end, a series by its last date's end (empty: no end).
func NotEndedBy(table, param, value string) dbx.Expression {
	return dbx.NewExp("(([["+table+".rrule]] = '' AND [["+table+".ends_at]] >= {:"+param+"})"+
		" OR ([["+table+".rrule]] != '' AND ([["+table+".series_ends_at]] = '' OR [["+table+".series_ends_at]] >= {:"+param+"})))",
		dbx.Params{param: value})
}

func writeCalendar(e *core.RequestEvent, info feedInfo, body, etag string) error {
	return writeICS(e, info, body, etag, "inline")
}

func writeICS(e *core.RequestEvent, info feedInfo, body, etag, disposition string) error {
	h := e.Response.Header()
	// external sites' scripts may read the ETag to poll cheaply
	h.Set("Access-Control-Expose-Headers", "ETag")
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("Content-Disposition", disposition+`; filename="`+info.filename+`"`)
	return conditional.Serve(e, etag, "text/calendar; charset=utf-8", []byte(body))
}

// portalURL is the portal's address as configured (dashboard → Settings →
// Application URL). Links never come from the request's Host or
// X-Forwarded-* headers: a cached feed must not carry a link that one
// requester made up.
func portalURL(app core.App) string {
	return mailer.Link(app, "")
}

// Render writes the calendar of list. Everything in it derives from the
// records, so an unchanged calendar renders byte for byte the same and
// keeps its ETag.
func Render(info feedInfo, list []*core.Record, orgNames map[string]string, baseURL string) string {
	var c Calendar
	c.Raw("BEGIN:VCALENDAR",
		"VERSION:2.0",
		"PRODID:-//Stadt Bitburg//BEN Bitburger Engagement Netz//DE",
		"CALSCALE:GREGORIAN")
	if !info.single {
		c.Text("NAME", info.name)
		c.Text("X-WR-CALNAME", info.name)
		c.Text("DESCRIPTION", info.description)
		c.Text("X-WR-CALDESC", info.description)
		c.Line("X-WR-TIMEZONE", tz.Berlin.String())
		c.Line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
		c.Line("X-PUBLISHED-TTL", "PT1H")
	}
	c.Raw(berlinTimezone...)

	for _, r := range list {
		writeEvent(&c, r, orgNames[r.GetString("organisation")], baseURL)
	}
	c.Raw("END:VCALENDAR")
	return c.String()
}

func writeEvent(c *Calendar, r *core.Record, orgName, baseURL string) {
	c.Raw("BEGIN:VEVENT")
	c.Line("UID", r.Id+"@"+uidDomain)
	// without a METHOD, DTSTAMP is when the entry was last revised (RFC 5545 §3.8.7.2)
	c.UTC("DTSTAMP", r.GetDateTime("updated").Time())
	c.UTC("CREATED", r.GetDateTime("created").Time())
	c.UTC("LAST-MODIFIED", r.GetDateTime("updated").Time())
	c.Line("SEQUENCE", strconv.Itoa(r.GetInt("sequence")))
	start, end := r.GetDateTime("starts_at").Time(), r.GetDateTime("ends_at").Time()
	allDay := r.GetBool("all_day")
	if allDay {
		// whole days: DATE values, the end exclusive (RFC 5545 §3.6.1)
		c.Date("DTSTART", start, tz.Berlin)
		c.Date("DTEND", end, tz.Berlin)
	} else {
		c.Instant("DTSTART", start, tz.Berlin)
		c.Instant("DTEND", end, tz.Berlin)
	}
	if series, rule, err := events.SeriesOf(r); err == nil && rule != nil && series != nil {
		c.Line("RRULE", rule.ICal(allDay, tz.Berlin))
		local := start.In(tz.Berlin)
		for _, d := range series.Exdates {
			if allDay {
				c.Line("EXDATE;VALUE=DATE", d.Format("20060102"))
				continue
			}
			// the date of the occurrence as the rule names it: the start's wall time on that day
			c.Line("EXDATE;TZID="+tz.Berlin.String(), d.Format("20060102")+local.Format("T150405"))
		}
	}
	summary := r.GetString("title")
	if r.GetBool("cancelled") {
		// STATUS is enough for most apps; the title tells the others
		summary = "Abgesagt: " + summary
	}
	c.Text("SUMMARY", summary)
	c.Text("LOCATION", r.GetString("location"))
	c.Text("DESCRIPTION", eventDescription(r, orgName))
	c.Text("CATEGORIES", kindLabels[r.GetString("kind")])
	c.Line("URL", baseURL+"/termine/"+r.Id)
	if r.GetBool("cancelled") {
		c.Line("STATUS", "CANCELLED")
	} else {
		c.Line("STATUS", "CONFIRMED")
	}
	if allDay {
		c.Line("TRANSP", "TRANSPARENT")
	} else {
		c.Line("TRANSP", "OPAQUE")
	}
	c.Raw("END:VEVENT")
}

// eventDescription is the plain text of an event for calendar apps: who
// organises it, the description without markup, how to register.
func eventDescription(r *core.Record, orgName string) string {
	parts := []string{}
	if orgName != "" {
		parts = append(parts, "Veranstalter: "+orgName)
	} else {
		parts = append(parts, "Veranstalter: Koordinierungsstelle Ehrenamt der Stadt Bitburg")
	}
	if text := PlainText(r.GetString("description")); text != "" {
		parts = append(parts, text)
	}
	if capacity := r.GetInt("capacity"); capacity > 0 {
		parts = append(parts, fmt.Sprintf("Plätze: %d", capacity))
	}
	if link := r.GetString("registration_url"); link != "" {
		parts = append(parts, "Anmeldung: "+link)
	}
	return strings.Join(parts, "\n\n")
}
