package stats

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/card"
	"ben/hooks/events"
	"ben/hooks/guestview"
	"ben/hooks/tz"
)

// Stats are the figures of engagement. Keys of kinds and topics are the
// values of the select fields (see the README); months and years are
// counted in Bitburg's time.
type Stats struct {
	GeneratedAt   time.Time     `json:"generated_at"`
	Organisations Organisations `json:"organisations"`
	// EventsByMonth: public events by the month they start in, the twelve
	// months up to the current one and the three after it.
	EventsByMonth []Month `json:"events_by_month"`
	// CardsByYear: volunteer cards issued in each year, and how many were
	// valid at its end (for the current year: today).
	CardsByYear   []CardYear    `json:"cards_by_year"`
	Opportunities Opportunities `json:"opportunities"`
	Enquiries     Enquiries     `json:"enquiries"`
	// NominationsByRound: nominations received per public award round.
	NominationsByRound []RoundCount `json:"nominations_by_round"`
}

// Count is how many records have one value of a field.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// Organisations counts the published organisations.
type Organisations struct {
	Total   int     `json:"total"`
	ByKind  []Count `json:"by_kind"`
	ByTopic []Count `json:"by_topic"`
}

// Month counts the public events starting in one month ("2026-12").
type Month struct {
	Month    string `json:"month"`
	Count    int    `json:"count"`
	Upcoming bool   `json:"upcoming"` // the month lies after the current one
}

// CardYear counts the volunteer cards of one year.
type CardYear struct {
	Year   int `json:"year"`
	Issued int `json:"issued"`
	Active int `json:"active"`
}

// Opportunities counts volunteering opportunities and the replies to them.
type Opportunities struct {
	Open      int `json:"open"`      // public now
	Published int `json:"published"` // ever published
	Replies   int `json:"replies"`   // people who answered an opportunity
	Engaged   int `json:"engaged"`   // replies that led to an engagement
}

// Enquiries counts the citizens' enquiries to the office.
type Enquiries struct {
	Received int `json:"received"`
	Matched  int `json:"matched"` // referred to an organisation
}

// RoundCount counts the nominations of one award round.
type RoundCount struct {
	Round       string `json:"round"`
	Title       string `json:"title"`
	Kind        string `json:"kind"`
	Status      string `json:"status"`
	Nominations int    `json:"nominations"`
}

// Compute counts the figures at now.
func Compute(app core.App, now time.Time) (*Stats, error) {
	s := &Stats{GeneratedAt: now.UTC().Truncate(time.Second)}
	steps := []func(core.App, time.Time, *Stats) error{countOrganisations, countEvents, countCards, countOpportunities, countEnquiries, countNominations}
	for _, step := range steps {
		if err := step(app, now, s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func dbTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000Z") }

// selectValues are the values of a select field, in the dashboard's order.
func selectValues(app core.App, collection, field string) []string {
	c, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil
	}
	if f, ok := c.Fields.GetByName(field).(*core.SelectField); ok {
		return f.Values
	}
	return nil
}

// ordered lists a count for every value, in order, then any other keys.
func ordered(values []string, counts map[string]int) []Count {
	out := make([]Count, 0, len(values))
	for _, v := range values {
		out = append(out, Count{Key: v, Count: counts[v]})
	}
	for k, n := range counts {
		if !slices.Contains(values, k) {
			out = append(out, Count{Key: k, Count: n})
		}
	}
	return out
}

func countOrganisations(app core.App, _ time.Time, s *Stats) error {
	q, err := guestview.Query(app, "organisations")
	if err != nil {
		return err
	}
	var rows []struct {
		Kind   string                  `db:"kind"`
		Topics types.JSONArray[string] `db:"topics"`
	}
	if err := q.Select("[[organisations.kind]]", "[[organisations.topics]]").All(&rows); err != nil {
		return err
	}
	kinds, topics := map[string]int{}, map[string]int{}
	for _, r := range rows {
		kinds[r.Kind]++
		for _, t := range r.Topics {
			topics[t]++
		}
	}
	s.Organisations.Total = len(rows)
	s.Organisations.ByKind = ordered(selectValues(app, "organisations", "kind"), kinds)
	s.Organisations.ByTopic = ordered(selectValues(app, "organisations", "topics"), topics)
	return nil
}

// monthStart is 00:00 in Bitburg on the first day of the month of t,
// shifted by months.
func monthStart(t time.Time, months int) time.Time {
	local := t.In(tz.Berlin)
	return time.Date(local.Year(), local.Month()+time.Month(months), 1, 0, 0, 0, 0, tz.Berlin)
}

// sums adds to q a SUM of each condition (bound with params) and returns
// the sums in order: one scan of the rows however many buckets are counted.
func sums(q *dbx.SelectQuery, conditions []string, params dbx.Params) ([]int, error) {
	if len(conditions) == 0 {
		return nil, nil
	}
	cols := make([]string, len(conditions))
	for i, c := range conditions {
		cols[i] = fmt.Sprintf("COALESCE(SUM(%s), 0) AS [[s%d]]", c, i)
	}
	row := dbx.NullStringMap{}
	if err := q.Select(cols...).Distinct(false).Bind(params).One(row); err != nil {
		return nil, err
	}
	out := make([]int, len(conditions))
	for i := range out {
		out[i], _ = strconv.Atoi(row[fmt.Sprintf("s%d", i)].String)
	}
	return out, nil
}

// countEvents counts the public dates starting in each month: a single
// date once, a series with each of its dates, cancelled ones not at all.
func countEvents(app core.App, now time.Time, s *Stats) error {
	windowStart, windowEnd := monthStart(now, -11), monthStart(now, 4)
	current := monthStart(now, 0)
	counts := map[string]int{}

	// single dates: one scan with a cumulative sum per month
	params := dbx.Params{"m0": dbTime(windowStart), "m15": dbTime(windowEnd)}
	var conditions []string
	for i := 1; i <= 15; i++ {
		params[fmt.Sprintf("m%d", i)] = dbTime(monthStart(now, i-11))
		conditions = append(conditions, fmt.Sprintf("([[events.starts_at]] < {:m%d})", i))
	}
	q, err := guestview.Query(app, "events")
	if err != nil {
		return err
	}
	q.AndWhere(dbx.NewExp("[[events.rrule]] = '' AND [[events.cancelled]] = FALSE AND [[events.starts_at]] >= {:m0} AND [[events.starts_at]] < {:m15}"))
	cumulative, err := sums(q, conditions, params)
	if err != nil {
		return err
	}
	before := 0
	for i, n := range cumulative {
		counts[monthStart(now, i-11).Format("2006-01")] += n - before
		before = n
	}

	// series: each date of each series that runs in the window
	q, err = guestview.Query(app, "events")
	if err != nil {
		return err
	}
	var series []struct {
		StartsAt types.DateTime `db:"starts_at"`
		EndsAt   types.DateTime `db:"ends_at"`
		AllDay   bool           `db:"all_day"`
		Rrule    string         `db:"rrule"`
		Exdates  types.JSONRaw  `db:"exdates"`
	}
	err = q.Select("[[events.starts_at]]", "[[events.ends_at]]", "[[events.all_day]]", "[[events.rrule]]", "[[events.exdates]]").
		AndWhere(dbx.NewExp("[[events.rrule]] != '' AND [[events.cancelled]] = FALSE AND [[events.starts_at]] < {:until} AND ([[events.series_ends_at]] = '' OR [[events.series_ends_at]] > {:from})",
			dbx.Params{"from": dbTime(windowStart), "until": dbTime(windowEnd)})).
		All(&series)
	if err != nil {
		return err
	}
	for _, r := range series {
		dates, _, err := events.NewSeries(r.StartsAt, r.EndsAt, r.AllDay, r.Rrule, r.Exdates)
		if err != nil || dates == nil {
			continue // a rule stored before validation existed: it has no dates to show
		}
		it := dates.Iterate(windowStart)
		for occ, ok := it.Next(); ok && occ.Start.Before(windowEnd); occ, ok = it.Next() {
			if !occ.Start.Before(windowStart) {
				counts[occ.Start.In(tz.Berlin).Format("2006-01")]++
			}
		}
	}

	for i := -11; i <= 3; i++ {
		m := monthStart(now, i)
		s.EventsByMonth = append(s.EventsByMonth, Month{Month: m.Format("2006-01"), Count: counts[m.Format("2006-01")], Upcoming: m.After(current)})
	}
	return nil
}

// countCards counts the cards issued in each year (in Bitburg) and those
// active at its end (in the current year: today), active as the card
// itself defines it (card.ActiveOn: a card ended by its renewal or revoked
// does not count, whatever its last valid day).
func countCards(app core.App, now time.Time, s *Stats) error {
	today := tz.Day(now)
	var rows []struct {
		Status     string         `db:"status"`
		IssuedAt   types.DateTime `db:"issued_at"`
		ValidUntil types.DateTime `db:"valid_until"`
		EndedAt    types.DateTime `db:"ended_at"`
	}
	err := app.DB().NewQuery(`SELECT status AS [[status]], issued_at AS [[issued_at]], valid_until AS [[valid_until]], ended_at AS [[ended_at]]
		FROM {{cards}} WHERE issued_at != '' AND issued_at < {:tomorrow}`).
		Bind(dbx.Params{"tomorrow": dbTime(tz.Midnight(today.AddDate(0, 0, 1)))}).All(&rows)
	if err != nil {
		return err
	}
	cards := make([]card.Lifecycle, len(rows))
	first := today.Year()
	for i, r := range rows {
		cards[i] = card.Lifecycle{Status: r.Status, IssuedAt: r.IssuedAt.Time(), ValidUntil: r.ValidUntil.Time(), EndedAt: r.EndedAt.Time()}
		first = min(first, card.NumberYear(cards[i].IssuedAt))
	}
	for y := first; y <= today.Year(); y++ {
		year := CardYear{Year: y}
		// the last day of the year in Bitburg, or today
		day := time.Date(y, 12, 31, 12, 0, 0, 0, tz.Berlin)
		if y == today.Year() {
			day = now
		}
		for _, c := range cards {
			if card.NumberYear(c.IssuedAt) == y {
				year.Issued++
			}
			if card.ActiveOn(c, day) {
				year.Active++
			}
		}
		s.CardsByYear = append(s.CardsByYear, year)
	}
	return nil
}

func countOpportunities(app core.App, now time.Time, s *Stats) error {
	q, err := guestview.Query(app, "opportunities")
	if err != nil {
		return err
	}
	var open struct {
		N int `db:"n"`
	}
	if err := q.Select("COUNT(*) AS [[n]]").Distinct(false).One(&open); err != nil {
		return fmt.Errorf("opportunities: %w", err)
	}
	var o Opportunities
	err = app.DB().NewQuery(`SELECT
		(SELECT COUNT(*) FROM {{opportunities}} WHERE published_at != '' OR status != 'draft') AS [[published]],
		(SELECT COUNT(*) FROM {{interests}}) AS [[replies]],
		(SELECT COUNT(*) FROM {{interests}} WHERE status = 'engaged') AS [[engaged]]`).One(&o)
	if err != nil {
		return fmt.Errorf("opportunities: %w", err)
	}
	o.Open = open.N
	s.Opportunities = o
	return nil
}

func countEnquiries(app core.App, _ time.Time, s *Stats) error {
	return app.DB().NewQuery(`SELECT COUNT(*) AS [[received]], COALESCE(SUM(status = 'matched'), 0) AS [[matched]] FROM {{enquiries}}`).One(&s.Enquiries)
}

func countNominations(app core.App, _ time.Time, s *Stats) error {
	s.NominationsByRound = []RoundCount{}
	return app.DB().NewQuery(`SELECT r.id AS [[round]], r.title AS [[title]], r.kind AS [[kind]], r.status AS [[status]], COUNT(n.id) AS [[nominations]]
		FROM {{award_rounds}} r LEFT JOIN {{nominations}} n ON n.round = r.id
		WHERE r.status != 'draft' GROUP BY r.id ORDER BY r.nominations_from DESC, r.id`).All(&s.NominationsByRound)
}
