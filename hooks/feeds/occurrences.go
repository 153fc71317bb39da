package feeds

import (
	"container/heap"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/events"
	"ben/hooks/guestview"
	"ben/hooks/internal/conditional"
	"ben/hooks/recurrence"
	"ben/hooks/tz"
)

// topicPattern is what a topic can be (empty: any).
var topicPattern = regexp.MustCompile(`^[a-z]{0,30}$`)

// Bounds of GET /api/ben/occurrences.
const (
	MaxOccurrenceDays     = 366
	DefaultOccurrenceDays = 31
	MaxOccurrencesPerPage = 1000
	defaultOccurrencesPer = 200
)

// Occurrence is one date of the public calendar.
type Occurrence struct {
	Event        string `json:"event"`
	Title        string `json:"title"`
	StartsAt     string `json:"starts_at"`
	EndsAt       string `json:"ends_at"`
	AllDay       bool   `json:"all_day"`
	Cancelled    bool   `json:"cancelled"`
	Recurring    bool   `json:"recurring"`
	Kind         string `json:"kind"`
	Location     string `json:"location"`
	Organisation string `json:"organisation"`
}

// OccurrencePage is the answer of GET /api/ben/occurrences.
type OccurrencePage struct {
	From    string       `json:"from"`
	To      string       `json:"to"`
	Page    int          `json:"page"`
	PerPage int          `json:"perPage"`
	HasMore bool         `json:"hasMore"`
	Items   []Occurrence `json:"items"`
}

// OccurrenceQuery is what a caller asks for: the days from From to To
// (both included, in Bitburg), optionally of one organisation (or the
// office's own events), one event, one kind, or the organisations of one
// topic.
type OccurrenceQuery struct {
	From, To     time.Time // calendar days (midnight UTC)
	Organisation string
	Office       bool
	Event        string
	Kind         string
	Topic        string
	Page         int
	PerPage      int
}

func badRequest(e *core.RequestEvent, code, message string) error {
	return e.JSON(http.StatusBadRequest, map[string]any{
		"status": http.StatusBadRequest, "message": message,
		"data": map[string]any{"code": code},
	})
}

// occurrences serves GET /api/ben/occurrences.
func occurrences(e *core.RequestEvent, cache *feedCache) error {
	q := e.Request.URL.Query()
	today := tz.Day(time.Now())
	query := OccurrenceQuery{From: today, Page: 1, PerPage: defaultOccurrencesPer,
		Organisation: q.Get("organisation"), Kind: q.Get("kind"), Event: q.Get("event"),
		Topic: q.Get("topic"), Office: q.Get("office") == "true"}
	if !topicPattern.MatchString(query.Topic) {
		return badRequest(e, "validation_topic", "Dieses Thema gibt es nicht.")
	}
	if v := q.Get("from"); v != "" {
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return badRequest(e, "validation_from", "„from“ muss ein Tag in der Form JJJJ-MM-TT sein.")
		}
		query.From = d
	}
	query.To = query.From.AddDate(0, 0, DefaultOccurrenceDays-1)
	if v := q.Get("to"); v != "" {
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return badRequest(e, "validation_to", "„to“ muss ein Tag in der Form JJJJ-MM-TT sein.")
		}
		query.To = d
	}
	if query.To.Before(query.From) {
		return badRequest(e, "validation_to_before_from", "„to“ darf nicht vor „from“ liegen.")
	}
	if days := int(query.To.Sub(query.From).Hours()/24) + 1; days > MaxOccurrenceDays {
		return badRequest(e, "validation_window_too_long",
			"Eine Anfrage umfasst höchstens "+strconv.Itoa(MaxOccurrenceDays)+" Tage; bitte den Zeitraum teilen.")
	}
	if query.Kind != "" {
		if _, ok := kindLabels[query.Kind]; !ok {
			return badRequest(e, "validation_kind", "Diese Art von Termin gibt es nicht.")
		}
	}
	for name, target := range map[string]*int{"page": &query.Page, "perPage": &query.PerPage} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return badRequest(e, "validation_"+name, "„"+name+"“ muss eine ganze Zahl ab 1 sein.")
			}
			*target = n
		}
	}
	query.PerPage = min(query.PerPage, MaxOccurrencesPerPage)
	if query.Page > 10_000 {
		return badRequest(e, "validation_page", "„page“ ist zu groß; bitte den Zeitraum enger wählen.")
	}

	// every guest gets the same answer: it is kept until an event or an
	// organisation changes (or cacheFor has passed)
	key := fmt.Sprintf("occurrences|%s|%s|%s|%t|%s|%s|%s|%d|%d", query.From.Format(time.DateOnly), query.To.Format(time.DateOnly),
		query.Organisation, query.Office, query.Event, query.Kind, query.Topic, query.Page, query.PerPage)
	now := time.Now()
	f, ok := cache.get(key, now)
	if !ok {
		version := cache.version.Load()
		page, err := Occurrences(e.App, query)
		if err != nil {
			return err
		}
		body, err := json.Marshal(page)
		if err != nil {
			return err
		}
		f = cachedFeed{body: string(body), etag: conditional.Tag(body)}
		cache.put(key, version, now, nil, f.body, f.etag)
	}
	h := e.Response.Header()
	// browsers ask again each time (the portal reloads on every change) and
	// get 304 while the answer is the same
	h.Set("Cache-Control", "no-cache")
	h.Set("Access-Control-Expose-Headers", "ETag")
	return conditional.Serve(e, f.etag, "application/json", []byte(f.body))
}

// Occurrences lists the dates of the events a guest may list that overlap
// the query's days, series expanded, in order of start (then event id).
func Occurrences(app core.App, query OccurrenceQuery) (*OccurrencePage, error) {
	windowStart := recurrence.WallTime(query.From, 0, 0, 0, tz.Berlin)
	windowEnd := recurrence.WallTime(query.To.AddDate(0, 0, 1), 0, 0, 0, tz.Berlin)
	offset := (query.Page - 1) * query.PerPage
	need := offset + query.PerPage + 1 // one more tells whether there is a next page

	// single dates: those starting in the window, in order and no more than
	// needed, and the few that began before it and still run (a date of at
	// most a day that began the day before, or a longer one)
	singles, err := publicEvents(app, query, windowStart, windowEnd, singleDates, need)
	if err != nil {
		return nil, err
	}
	running, err := publicEvents(app, query, windowStart, windowEnd, runningShort, 0)
	if err != nil {
		return nil, err
	}
	long, err := publicEvents(app, query, windowStart, windowEnd, runningLong, 0)
	if err != nil {
		return nil, err
	}
	running = append(running, long...)
	slices.SortFunc(running, func(a, b eventRow) int {
		if c := a.StartsAt.Time().Compare(b.StartsAt.Time()); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	running = slices.CompactFunc(running, func(a, b eventRow) bool { return a.ID == b.ID })
	series, err := publicEvents(app, query, windowStart, windowEnd, endingSeries, 0)
	if err != nil {
		return nil, err
	}
	open, err := publicEvents(app, query, windowStart, windowEnd, openSeries, 0)
	if err != nil {
		return nil, err
	}
	series = append(series, open...)

	// merge the single dates (already in order) with every series' dates
	h := &occurrenceHeap{}
	for _, list := range [][]eventRow{running, singles} {
		if len(list) > 0 {
			h.push(&stream{records: list}, windowStart)
		}
	}
	for _, r := range series {
		s, _, err := events.NewSeries(r.StartsAt, r.EndsAt, r.AllDay, r.Rrule, r.Exdates)
		if err != nil || s == nil {
			continue // a rule stored before validation existed; nothing to show
		}
		h.push(&stream{record: r, it: s.Iterate(windowStart)}, windowStart)
	}
	items := make([]Occurrence, 0, min(need, 1024))
	for h.Len() > 0 && len(items) < need {
		top := (*h)[0]
		if !top.next.Start.Before(windowEnd) {
			heap.Pop(h)
			continue
		}
		items = append(items, top.occurrence())
		if top.advance(windowStart) {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}

	page := &OccurrencePage{
		From: query.From.Format(time.DateOnly), To: query.To.Format(time.DateOnly),
		Page: query.Page, PerPage: query.PerPage, Items: []Occurrence{},
	}
	if len(items) > offset {
		page.Items = items[offset:]
	}
	if len(page.Items) > query.PerPage {
		page.Items, page.HasMore = page.Items[:query.PerPage], true
	}
	return page, nil
}

// eventRow holds the columns an occurrence needs; the description (up to
// 50 kB) stays in the table, and no record is built.
type eventRow struct {
	ID           string         `db:"id"`
	Title        string         `db:"title"`
	Kind         string         `db:"kind"`
	Location     string         `db:"location"`
	Organisation string         `db:"organisation"`
	StartsAt     types.DateTime `db:"starts_at"`
	EndsAt       types.DateTime `db:"ends_at"`
	AllDay       bool           `db:"all_day"`
	Cancelled    bool           `db:"cancelled"`
	Rrule        string         `db:"rrule"`
	Exdates      types.JSONRaw  `db:"exdates"`
}

var occurrenceColumns = []string{"id", "title", "kind", "location", "organisation", "starts_at", "ends_at",
	"all_day", "cancelled", "rrule", "exdates"}

// eventKind picks which events publicEvents loads.
type eventKind int

const (
	singleDates  eventKind = iota // single dates starting in the window: the first limit of them, in order
	runningShort                  // single dates of at most a day that began the day before the window and run into it
	runningLong                   // single dates longer than a day that began before the window and run into it
	endingSeries                  // series whose last date ends in or after the window
	openSeries                    // series without an end
)

// LongEvent is the condition of idx_events_long (migration
// 1795875000_events_calendar): a date that lasts more than a day. Few
// dates do, so the dates running into a window are found without reading
// the whole past.
const LongEvent = "julianday([[ends_at]]) - julianday([[starts_at]]) > 1"

// publicEvents loads the events of kind that a guest may list and that may
// have a date in the window.
func publicEvents(app core.App, query OccurrenceQuery, from, to time.Time, kind eventKind, limit int) ([]eventRow, error) {
	q, err := guestview.Query(app, events.Collection)
	if errors.Is(err, guestview.ErrNotPublic) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	t := events.Collection
	cols := make([]string, len(occurrenceColumns))
	for i, c := range occurrenceColumns {
		cols[i] = "[[" + t + "." + c + "]]"
	}
	q.Select(cols...)
	fromDT, err := types.ParseDateTime(from)
	if err != nil {
		return nil, err
	}
	toDT, err := types.ParseDateTime(to)
	if err != nil {
		return nil, err
	}
	q.AndWhere(dbx.NewExp("[["+t+".starts_at]] < {:wto}", dbx.Params{"wto": toDT.String()}))
	// each form is one indexed condition: the partial index of series
	// serves the first two, idx_events_starts_ends the single dates
	switch kind {
	case endingSeries:
		q.AndWhere(dbx.NewExp("[[" + t + ".rrule]] != ''"))
		q.AndWhere(dbx.NewExp("[["+t+".series_ends_at]] > {:wfrom}", dbx.Params{"wfrom": fromDT.String()}))
	case openSeries:
		q.AndWhere(dbx.NewExp("[[" + t + ".rrule]] != ''"))
		q.AndWhere(dbx.HashExp{t + ".series_ends_at": ""})
	case singleDates:
		q.AndWhere(dbx.HashExp{t + ".rrule": ""})
		q.AndWhere(dbx.NewExp("[["+t+".starts_at]] >= {:wfrom}", dbx.Params{"wfrom": fromDT.String()}))
		q.OrderBy(t+".starts_at ASC", t+".id ASC").Limit(int64(limit))
	case runningShort:
		dayBefore, err := types.ParseDateTime(from.Add(-24 * time.Hour))
		if err != nil {
			return nil, err
		}
		q.AndWhere(dbx.HashExp{t + ".rrule": ""})
		q.AndWhere(dbx.NewExp("[["+t+".starts_at]] >= {:wbefore} AND [["+t+".starts_at]] < {:wfrom} AND [["+t+".ends_at]] > {:wfrom}",
			dbx.Params{"wbefore": dayBefore.String(), "wfrom": fromDT.String()}))
	case runningLong:
		q.AndWhere(dbx.HashExp{t + ".rrule": ""})
		q.AndWhere(dbx.NewExp(strings.ReplaceAll(LongEvent, "[[", "[["+t+".")))
		q.AndWhere(dbx.NewExp("[["+t+".starts_at]] < {:wfrom} AND [["+t+".ends_at]] > {:wfrom}", dbx.Params{"wfrom": fromDT.String()}))
	}
	if query.Organisation != "" {
		q.AndWhere(dbx.HashExp{t + ".organisation": query.Organisation})
	}
	if query.Office {
		q.AndWhere(dbx.HashExp{t + ".organisation": ""})
	}
	if query.Event != "" {
		q.AndWhere(dbx.HashExp{t + ".id": query.Event})
	}
	if query.Kind != "" {
		q.AndWhere(dbx.HashExp{t + ".kind": query.Kind})
	}
	if query.Topic != "" {
		// topics is a JSON list of lowercase words: the quoted word matches exactly
		q.AndWhere(dbx.NewExp("[["+t+".organisation]] IN (SELECT [[id]] FROM {{organisations}} WHERE [[topics]] LIKE {:topic})",
			dbx.Params{"topic": `%"` + query.Topic + `"%`}))
	}
	var list []eventRow
	if err := q.All(&list); err != nil {
		return nil, err
	}
	return list, nil
}

// stream yields occurrences in order: either the single dates of records
// (already sorted) or the dates of one series.
type stream struct {
	records []eventRow // single dates
	record  eventRow   // the series
	it      *recurrence.Iterator
	next    recurrence.Occurrence
	current eventRow
}

// advance moves to the next occurrence; false when there is none.
func (s *stream) advance(from time.Time) bool {
	if s.it != nil {
		occ, ok := s.it.Next()
		s.next, s.current = occ, s.record
		return ok
	}
	if len(s.records) == 0 {
		return false
	}
	r := s.records[0]
	s.records = s.records[1:]
	s.current = r
	s.next = recurrence.Occurrence{Start: r.StartsAt.Time(), End: r.EndsAt.Time()}
	return true
}

func (s *stream) occurrence() Occurrence {
	r := s.current
	return Occurrence{
		Event: r.ID, Title: r.Title,
		StartsAt: formatInstant(s.next.Start), EndsAt: formatInstant(s.next.End),
		AllDay: r.AllDay, Cancelled: r.Cancelled, Recurring: s.it != nil,
		Kind: r.Kind, Location: r.Location, Organisation: r.Organisation,
	}
}

// formatInstant writes t as PocketBase writes dates in its API.
func formatInstant(t time.Time) string {
	return t.UTC().Format(types.DefaultDateLayout)
}

type occurrenceHeap []*stream

func (h occurrenceHeap) Len() int { return len(h) }
func (h occurrenceHeap) Less(i, j int) bool {
	if !h[i].next.Start.Equal(h[j].next.Start) {
		return h[i].next.Start.Before(h[j].next.Start)
	}
	return h[i].current.ID < h[j].current.ID
}
func (h occurrenceHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *occurrenceHeap) Push(x any)   { *h = append(*h, x.(*stream)) }
func (h *occurrenceHeap) Pop() any {
	old := *h
	s := old[len(old)-1]
	*h = old[:len(old)-1]
	return s
}

// push adds s if it has an occurrence.
func (h *occurrenceHeap) push(s *stream, from time.Time) {
	if s.advance(from) {
		heap.Push(h, s)
	}
}
