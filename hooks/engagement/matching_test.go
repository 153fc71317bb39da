package engagement

import (
	"math"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)

// score ranks a single offer, the unit the boundary tables look at; an
// offer that does not match scores nothing.
func score(w Wish, o Offer) Suggestion {
	if o.ID == "" {
		o.ID = "x"
	}
	got := Rank(w, []Offer{o})
	if len(got) == 0 {
		return Suggestion{ID: o.ID}
	}
	return got[0]
}

func TestTopicPoints(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		wished  []string
		offered []string
		points  int
	}{
		{"no wished topics give no points", nil, []string{"sport"}, 0},
		{"no shared topic gives no points", []string{"sport"}, []string{"kultur"}, 0},
		{"the one wished topic covered gives all points", []string{"sport"}, []string{"sport", "jugend"}, TopicMatchPoints + TopicSharePoints},
		{"all wished topics covered give all points", []string{"sport", "jugend"}, []string{"jugend", "sport"}, TopicMatchPoints + TopicSharePoints},
		{"one of two wished topics gives half the share", []string{"sport", "jugend"}, []string{"sport"}, TopicMatchPoints + TopicSharePoints/2},
		{"one of three wished topics gives a third of the share", []string{"sport", "jugend", "kultur"}, []string{"kultur"}, TopicMatchPoints + TopicSharePoints/3},
		{"two of three wished topics give two thirds of the share", []string{"sport", "jugend", "kultur"}, []string{"kultur", "sport"}, TopicMatchPoints + TopicSharePoints*2/3},
		{"a topic wished twice counts once", []string{"sport", "sport", "jugend"}, []string{"sport"}, TopicMatchPoints + TopicSharePoints/2},
		{"an offer without topics gives no points", []string{"sport"}, nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := score(Wish{Topics: c.wished}, Offer{Topics: c.offered})
			if got.Score != c.points {
				t.Fatalf("score %d, want %d (%v)", got.Score, c.points, got.Reasons)
			}
		})
	}
}

func TestCommitmentPoints(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		wished []string
		offer  string
		points int
	}{
		{"no preference gives no points", nil, "einmalig", 0},
		{"the wished kind gives the points", []string{"regelmaessig"}, "regelmaessig", CommitmentPoints},
		{"one of several wished kinds gives the points", []string{"einmalig", "projekt"}, "projekt", CommitmentPoints},
		{"another kind gives no points", []string{"einmalig"}, "regelmaessig", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := score(Wish{Commitments: c.wished}, Offer{Commitment: c.offer})
			if got.Score != c.points {
				t.Fatalf("score %d, want %d", got.Score, c.points)
			}
		})
	}
}

func TestHoursPoints(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name              string
		available, needed float64
		points            int
	}{
		{"no hours said by the person give no points", 0, 3, 0},
		{"an offer without hours gives the open points", 4, 0, HoursOpenPoints},
		{"fewer hours than available fit", 4, 3, HoursPoints},
		{"exactly the available hours fit", 4, 4, HoursPoints},
		{"just over the available hours is near", 4, 4.5, HoursNearPoints},
		{"the tolerance itself is near", 4, 4 + HoursTolerance, HoursNearPoints},
		{"just over the tolerance gives nothing", 4, 4 + HoursTolerance + 0.01, 0},
		{"far more hours give nothing", 2, 10, 0},
		{"negative hours count as not said", -3, 2, 0},
		{"NaN hours count as not said", math.NaN(), 2, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			// a shared topic makes the offer a match; the hours add their points
			const base = TopicMatchPoints + TopicSharePoints
			got := score(Wish{Topics: []string{"sport"}, HoursPerWeek: c.available}, Offer{Topics: []string{"sport"}, HoursPerWeek: c.needed})
			if got.Score-base != c.points {
				t.Fatalf("hours gave %d points, want %d", got.Score-base, c.points)
			}
		})
	}
}

func TestMatchesNeedsOneSharedCriterion(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		wish  Wish
		offer Offer
		match bool
	}{
		{"a shared topic matches", Wish{Topics: []string{"senioren"}}, Offer{Topics: []string{"senioren", "soziales"}}, true},
		{"another topic does not match", Wish{Topics: []string{"senioren"}}, Offer{Topics: []string{"sport"}}, false},
		{"an offer without topics does not match a topic", Wish{Topics: []string{"senioren"}}, Offer{}, false},
		{"a new offer without a shared criterion does not match", Wish{Topics: []string{"senioren"}}, Offer{Topics: []string{"sport"}, PublishedAt: now}, false},
		{"the wished kind matches", Wish{Commitments: []string{"einmalig"}}, Offer{Commitment: "einmalig"}, true},
		{"another kind does not match", Wish{Commitments: []string{"einmalig"}}, Offer{Commitment: "projekt"}, false},
		{"hours within those available match", Wish{HoursPerWeek: 3}, Offer{HoursPerWeek: 3}, true},
		{"hours just over those available do not match", Wish{HoursPerWeek: 3}, Offer{HoursPerWeek: 3.5}, false},
		{"open hours do not match stated hours", Wish{HoursPerWeek: 3}, Offer{}, false},
		{"one of several criteria is enough", Wish{Topics: []string{"senioren"}, Commitments: []string{"einmalig"}}, Offer{Topics: []string{"sport"}, Commitment: "einmalig"}, true},
		{"a wish of nothing matches nothing by itself", Wish{}, Offer{Topics: []string{"sport"}}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := Matches(c.wish, c.offer); got != c.match {
				t.Fatalf("Matches = %v, want %v", got, c.match)
			}
			ranked := Rank(c.wish, []Offer{{ID: "x", Topics: c.offer.Topics, Commitment: c.offer.Commitment, HoursPerWeek: c.offer.HoursPerWeek, PublishedAt: c.offer.PublishedAt}})
			if !c.wish.Empty() && (len(ranked) == 1) != c.match {
				t.Fatalf("Rank lists %d offers, want match=%v", len(ranked), c.match)
			}
		})
	}
}

func TestOnlyMatchesAreListedAndNewIsNoReason(t *testing.T) {
	t.Parallel()
	// the report: ticking only "Senioren" listed unrelated offers "because new"
	offers := []Offer{
		{ID: "besuch", Topics: []string{"senioren"}, PublishedAt: now.AddDate(0, -3, 0)},
		{ID: "fahrdienst", Topics: []string{"senioren", "nachbarschaft"}, PublishedAt: now},
		{ID: "fussball", Topics: []string{"sport"}, PublishedAt: now},
		{ID: "theater", Topics: []string{"kultur"}, PublishedAt: now.Add(-time.Hour)},
	}
	got := Rank(Wish{Topics: []string{"senioren"}}, offers)
	ids := []string{}
	for _, s := range got {
		ids = append(ids, s.ID)
		for _, r := range s.Reasons {
			if strings.Contains(r, "Neu") || strings.Contains(r, "eingestellt") {
				t.Errorf("%s: %q is no reason", s.ID, r)
			}
		}
	}
	// equally good: the newer first
	if want := []string{"fahrdienst", "besuch"}; !slices.Equal(ids, want) {
		t.Fatalf("listed %v, want %v", ids, want)
	}
}

func TestAWishOfNothingListsEveryOfferNewestFirst(t *testing.T) {
	t.Parallel()
	offers := []Offer{{ID: "alt", PublishedAt: now.AddDate(-1, 0, 0)}, {ID: "neu", PublishedAt: now}, {ID: "mittel", PublishedAt: now.AddDate(0, -1, 0)}}
	got := Rank(Wish{}, offers)
	ids := []string{}
	for _, s := range got {
		ids = append(ids, s.ID)
		if s.Score != 0 || len(s.Reasons) != 0 {
			t.Fatalf("%s scored %d %v without a wish", s.ID, s.Score, s.Reasons)
		}
	}
	if want := []string{"neu", "mittel", "alt"}; !slices.Equal(ids, want) {
		t.Fatalf("order %v, want %v", ids, want)
	}
}

func TestRankOrder(t *testing.T) {
	t.Parallel()
	wish := Wish{Topics: []string{"jugend", "sport"}, Commitments: []string{"regelmaessig"}, HoursPerWeek: 3}
	offers := []Offer{
		{ID: "kultur", Topics: []string{"kultur"}, Commitment: "regelmaessig", HoursPerWeek: 2, PublishedAt: now},
		{ID: "perfect", Topics: []string{"sport", "jugend"}, Commitment: "regelmaessig", HoursPerWeek: 2, PublishedAt: now.AddDate(0, -6, 0)},
		{ID: "half-old", Topics: []string{"sport"}, Commitment: "einmalig", PublishedAt: now.AddDate(0, -6, 0)},
		{ID: "half-new", Topics: []string{"sport"}, Commitment: "einmalig", PublishedAt: now.AddDate(0, -6, 1)},
		{ID: "b-twin", Topics: []string{"jugend"}, Commitment: "projekt", PublishedAt: now.AddDate(-1, 0, 0)},
		{ID: "a-twin", Topics: []string{"jugend"}, Commitment: "projekt", PublishedAt: now.AddDate(-1, 0, 0)},
	}
	got := Rank(wish, offers)
	ids := []string{}
	for _, s := range got {
		ids = append(ids, s.ID)
	}
	// topics first; equal scores: newer first, then by id
	want := []string{"perfect", "half-new", "half-old", "a-twin", "b-twin", "kultur"}
	if !slices.Equal(ids, want) {
		t.Fatalf("order %v, want %v", ids, want)
	}
	if got[0].Score != TopicMatchPoints+TopicSharePoints+CommitmentPoints+HoursPoints {
		t.Fatalf("perfect offer scored %d", got[0].Score)
	}
	if reasons := strings.Join(got[0].Reasons, "; "); !strings.Contains(reasons, "Alle gewünschten Themen") || !strings.Contains(reasons, "regelmäßig") || !strings.Contains(reasons, "2 Stunden") {
		t.Fatalf("reasons do not explain the fit: %s", reasons)
	}
}

func TestRankWithoutOffers(t *testing.T) {
	t.Parallel()
	if got := Rank(Wish{Topics: []string{"sport"}}, nil); len(got) != 0 {
		t.Fatalf("got %v", got)
	}
}

func TestParseWish(t *testing.T) {
	t.Parallel()
	topics := []string{"sport", "jugend", "kultur"}
	kinds := []string{"einmalig", "regelmaessig", "projekt"}
	cases := []struct {
		name, topics, kinds, hours string
		ok                         bool
		want                       Wish
	}{
		{"an empty filter wishes nothing", "", "", "", true, Wish{Topics: []string{}, Commitments: []string{}}},
		{"lists are split at commas", "sport, jugend", "projekt", "3", true, Wish{Topics: []string{"sport", "jugend"}, Commitments: []string{"projekt"}, HoursPerWeek: 3}},
		{"a German decimal comma is read", "", "", "2,5", true, Wish{Topics: []string{}, Commitments: []string{}, HoursPerWeek: 2.5}},
		{"0 hours are allowed", "", "", "0", true, Wish{Topics: []string{}, Commitments: []string{}}},
		{"60 hours are allowed", "", "", "60", true, Wish{Topics: []string{}, Commitments: []string{}, HoursPerWeek: 60}},
		{"more than 60 hours are refused", "", "", "60.5", false, Wish{}},
		{"negative hours are refused", "", "", "-1", false, Wish{}},
		{"NaN is refused", "", "", "NaN", false, Wish{}},
		{"an unknown topic is refused", "sport,schach", "", "", false, Wish{}},
		{"an unknown kind is refused", "", "immer", "", false, Wish{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseWish(c.topics, c.kinds, c.hours, topics, kinds)
			if (err == nil) != c.ok {
				t.Fatalf("error %v, want ok=%v", err, c.ok)
			}
			if c.ok && (!slices.Equal(got.Topics, c.want.Topics) || !slices.Equal(got.Commitments, c.want.Commitments) || got.HoursPerWeek != c.want.HoursPerWeek) {
				t.Fatalf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func FuzzRank(f *testing.F) {
	f.Add("sport,jugend", "regelmaessig", 3.0, int64(1), 5)
	f.Add("", "", 0.0, int64(7), 1)
	f.Add("kultur,kultur", "einmalig,projekt", 60.0, int64(42), 12)
	all := []string{"sport", "jugend", "kultur", "umwelt"}
	kinds := []string{"einmalig", "regelmaessig", "projekt"}
	f.Fuzz(func(t *testing.T, topics, commitments string, hours float64, seed int64, n int) {
		n = int(uint(n) % 20)
		rng := rand.New(rand.NewSource(seed))
		wish := Wish{Topics: splitList(topics), Commitments: splitList(commitments), HoursPerWeek: hours}
		offers := make([]Offer, n)
		for i := range offers {
			offers[i] = Offer{
				ID:           string(rune('a' + i)),
				Topics:       pick(rng, all),
				Commitment:   kinds[rng.Intn(len(kinds))],
				HoursPerWeek: float64(rng.Intn(12)) / 2,
				PublishedAt:  now.Add(-time.Duration(rng.Int63n(int64(400 * 24 * time.Hour)))),
			}
		}

		got := Rank(wish, offers)

		// every matching offer exactly once, nothing else
		matching := 0
		for _, o := range offers {
			if wish.Empty() || Matches(wish, o) {
				matching++
			}
		}
		if len(got) != matching {
			t.Fatalf("%d suggestions for %d matching offers", len(got), matching)
		}
		seen := map[string]bool{}
		for i, s := range got {
			if seen[s.ID] {
				t.Fatalf("offer %s twice", s.ID)
			}
			seen[s.ID] = true
			if s.Score < 0 || s.Score > MaxScore {
				t.Fatalf("score %d outside 0..%d", s.Score, MaxScore)
			}
			if i > 0 && got[i-1].Score < s.Score {
				t.Fatalf("not sorted: %d before %d", got[i-1].Score, s.Score)
			}
		}

		// an offer sharing a wished topic ranks above every offer sharing none
		shares := map[string]bool{}
		for _, o := range offers {
			for _, topic := range wish.Topics {
				shares[o.ID] = shares[o.ID] || slices.Contains(o.Topics, topic)
			}
		}
		for i := 1; i < len(got); i++ {
			if shares[got[i].ID] && !shares[got[i-1].ID] {
				t.Fatalf("%s shares a topic but ranks below %s", got[i].ID, got[i-1].ID)
			}
		}

		// the order does not depend on the order of the input
		shuffled := slices.Clone(offers)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		again := Rank(wish, shuffled)
		for i := range got {
			if got[i].ID != again[i].ID || got[i].Score != again[i].Score {
				t.Fatalf("order depends on input order: %v vs %v", got, again)
			}
		}
	})
}

func pick(rng *rand.Rand, from []string) []string {
	out := []string{}
	for _, v := range from {
		if rng.Intn(2) == 0 {
			out = append(out, v)
		}
	}
	return out
}
