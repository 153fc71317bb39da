package engagement

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Wish is what a person looks for: an enquiry to the office, or the short
// "what interests you" filter on the opportunities page. Empty parts mean
// "no preference" and neither add nor take points.
type Wish struct {
	Topics       []string
	Commitments  []string // einmalig, regelmaessig, projekt
	HoursPerWeek float64  // hours a week the person can give; 0 = not said
}

// Offer is what the ranking needs to know about a published opportunity.
type Offer struct {
	ID           string
	Topics       []string
	Commitment   string
	HoursPerWeek float64 // 0 = not said
	PublishedAt  time.Time
}

// Suggestion is a ranked offer with its points and the reasons for them,
// written for the office and for citizens.
type Suggestion struct {
	ID      string   `json:"id"`
	Score   int      `json:"score"`
	Reasons []string `json:"reasons"`
}

// Points of the ranking. Topics weigh most: a person who wants to work
// with children is not helped by a perfect fit in hours at the fire
// brigade. Any shared topic is worth more than everything else together, so
// an offer that shares a topic always ranks above one that shares none.
// How new an offer is gives no points and is no reason: it only orders
// offers that fit equally well.
const (
	TopicMatchPoints = 60 // the offer shares at least one wished topic
	TopicSharePoints = 30 // in proportion to the share of wished topics covered
	CommitmentPoints = 20 // the kind of engagement is one the person wants
	HoursPoints      = 20 // the offer needs no more hours than the person has
	HoursNearPoints  = 10 // the offer needs at most HoursTolerance more
	HoursOpenPoints  = 10 // the offer does not say how many hours it needs

	MaxScore = TopicMatchPoints + TopicSharePoints + CommitmentPoints + HoursPoints
)

// HoursTolerance is how many hours a week more than the person said still
// count as a near fit.
const HoursTolerance = 2.0

// Empty reports whether the wish chooses nothing.
func (w Wish) Empty() bool {
	return len(distinct(w.Topics)) == 0 && len(distinct(w.Commitments)) == 0 && hours(w.HoursPerWeek) == 0
}

// Matches reports whether offer shares at least one criterion the wish
// chose: a wished topic, a wished kind of engagement, or stated hours
// within those the person has. A near fit in hours, an offer that leaves
// the hours open, or a new offer shares none of them.
func Matches(wish Wish, offer Offer) bool {
	for _, t := range distinct(wish.Topics) {
		if slices.Contains(offer.Topics, t) {
			return true
		}
	}
	if slices.Contains(distinct(wish.Commitments), offer.Commitment) {
		return true
	}
	available, needed := hours(wish.HoursPerWeek), hours(offer.HoursPerWeek)
	return available > 0 && needed > 0 && needed <= available
}

// Rank returns the offers that match the wish (Matches), best first:
// highest score first; equal scores put the newer publication first, then
// the lower id, so the order is stable. A wish that chooses nothing
// matches every offer, newest first, without reasons.
func Rank(wish Wish, offers []Offer) []Suggestion {
	type ranked struct {
		Suggestion
		published time.Time
	}
	topics := distinct(wish.Topics)
	commitments := distinct(wish.Commitments)
	everything := wish.Empty()

	list := make([]ranked, 0, len(offers))
	for _, o := range offers {
		if !everything && !Matches(wish, o) {
			continue
		}
		s := Suggestion{ID: o.ID, Reasons: []string{}}
		add := func(points int, reason string) {
			s.Score += points
			if points > 0 && reason != "" {
				s.Reasons = append(s.Reasons, reason)
			}
		}
		add(topicScore(topics, distinct(o.Topics)))
		add(commitmentScore(commitments, o.Commitment))
		add(hoursScore(wish.HoursPerWeek, o.HoursPerWeek))
		list = append(list, ranked{s, o.PublishedAt})
	}

	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if !a.published.Equal(b.published) {
			return a.published.After(b.published)
		}
		return a.ID < b.ID
	})

	out := make([]Suggestion, len(list))
	for i, r := range list {
		out[i] = r.Suggestion
	}
	return out
}

// topicScore gives TopicMatchPoints for any shared topic and
// TopicSharePoints in proportion to the share of wished topics covered.
func topicScore(wished, offered []string) (int, string) {
	if len(wished) == 0 {
		return 0, ""
	}
	shared := 0
	for _, t := range wished {
		if slices.Contains(offered, t) {
			shared++
		}
	}
	if shared == 0 {
		return 0, ""
	}
	points := TopicMatchPoints + TopicSharePoints*shared/len(wished)
	if shared == len(wished) {
		return points, "Alle gewünschten Themen passen"
	}
	return points, fmt.Sprintf("%d von %d gewünschten Themen passen", shared, len(wished))
}

func commitmentScore(wished []string, offered string) (int, string) {
	if len(wished) == 0 || !slices.Contains(wished, offered) {
		return 0, ""
	}
	return CommitmentPoints, "Die Art des Engagements passt (" + CommitmentLabel(offered) + ")"
}

// hoursScore compares the hours an offer needs with those the person has.
func hoursScore(available, needed float64) (int, string) {
	available, needed = hours(available), hours(needed)
	switch {
	case available == 0:
		return 0, ""
	case needed == 0:
		return HoursOpenPoints, "Zeitaufwand nach Absprache"
	case needed <= available:
		return HoursPoints, "Der Zeitaufwand passt (" + formatHours(needed) + " pro Woche)"
	case needed <= available+HoursTolerance:
		return HoursNearPoints, "Etwas mehr Zeitaufwand als angegeben (" + formatHours(needed) + " pro Woche)"
	default:
		return 0, ""
	}
}

// hours treats what cannot be a number of hours as "not said".
func hours(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0
	}
	return v
}

func formatHours(v float64) string {
	s := strings.Replace(strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64), ".", ",", 1)
	if s == "1" {
		return "1 Stunde"
	}
	return s + " Stunden"
}

// CommitmentLabel is the German name of a kind of engagement.
func CommitmentLabel(c string) string {
	switch c {
	case "einmalig":
		return "einmalig"
	case "regelmaessig":
		return "regelmäßig"
	case "projekt":
		return "Projekt"
	}
	return c
}

func distinct(values []string) []string {
	out := make([]string, 0, len(values))
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
