package engagement

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/guard"
	"ben/hooks/guestview"
)

// SuggestionItem is one ranked opportunity in a suggestions response.
type SuggestionItem struct {
	Score       int          `json:"score"`
	Reasons     []string     `json:"reasons"`
	Opportunity *core.Record `json:"opportunity"`
}

// PublicOpportunities returns the opportunities a guest may see, decided by
// the collection's own list rule, so that the ranking never shows a draft,
// an expired offer or one of an unpublished organisation.
func PublicOpportunities(app core.App) ([]*core.Record, error) {
	return guestview.List(app, Opportunities, nil)
}

// OfferOf is what the ranking reads of an opportunity.
func OfferOf(r *core.Record) Offer {
	return Offer{
		ID:           r.Id,
		Topics:       r.GetStringSlice("topics"),
		Commitment:   r.GetString("commitment"),
		HoursPerWeek: r.GetFloat("hours_per_week"),
		PublishedAt:  r.GetDateTime("published_at").Time(),
	}
}

// WishOf is what the ranking reads of an enquiry.
func WishOf(enquiry *core.Record) Wish {
	return Wish{
		Topics:       enquiry.GetStringSlice("topics"),
		Commitments:  enquiry.GetStringSlice("availability"),
		HoursPerWeek: enquiry.GetFloat("hours_per_week"),
	}
}

// suggest ranks the public opportunities for wish and writes them with
// their organisation expanded (as the requester may see it).
func suggest(e *core.RequestEvent, wish Wish) error {
	records, err := PublicOpportunities(e.App)
	if err != nil {
		return e.InternalServerError("Die Engagement-Angebote konnten nicht geladen werden.", err)
	}
	if err := apis.EnrichRecords(e, records, "organisation"); err != nil {
		return e.InternalServerError("Die Engagement-Angebote konnten nicht geladen werden.", err)
	}
	byID := make(map[string]*core.Record, len(records))
	offers := make([]Offer, len(records))
	for i, r := range records {
		byID[r.Id] = r
		offers[i] = OfferOf(r)
	}
	ranked := Rank(wish, offers)
	items := make([]SuggestionItem, len(ranked))
	for i, s := range ranked {
		items[i] = SuggestionItem{Score: s.Score, Reasons: s.Reasons, Opportunity: byID[s.ID]}
	}
	return e.JSON(http.StatusOK, map[string]any{"items": items, "totalItems": len(items)})
}

// serveEnquirySuggestions is GET /api/ben/enquiries/{id}/suggestions: the
// office's ranked list of published opportunities for an enquiry.
func serveEnquirySuggestions(e *core.RequestEvent) error {
	enquiry, err := e.App.FindRecordById(Enquiries, e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("Diese Anfrage gibt es nicht.", err)
	}
	return suggest(e, WishOf(enquiry))
}

// serveOpportunitySuggestions is GET /api/ben/opportunities/suggestions,
// the same ranking for the short filter on the opportunities page:
// ?topics=sport,jugend&commitment=regelmaessig&hours=3 (all optional).
func serveOpportunitySuggestions(e *core.RequestEvent) error {
	coll, err := e.App.FindCachedCollectionByNameOrId(Opportunities)
	if err != nil {
		return e.InternalServerError("", err)
	}
	wish, errs := ParseWish(e.Request.URL.Query().Get("topics"), e.Request.URL.Query().Get("commitment"),
		e.Request.URL.Query().Get("hours"), selectValues(coll, "topics"), selectValues(coll, "commitment"))
	if errs != nil {
		return e.BadRequestError("Der Filter enthält ungültige Angaben.", errs)
	}
	return suggest(e, wish)
}

// ParseWish reads the short filter: comma-separated topics and kinds of
// engagement out of the allowed values, and hours a week from 0 to 60.
func ParseWish(topics, commitments, hours string, allowedTopics, allowedCommitments []string) (Wish, error) {
	wish := Wish{Topics: splitList(topics), Commitments: splitList(commitments)}
	var vs []guard.Violation
	for _, t := range wish.Topics {
		if !slices.Contains(allowedTopics, t) {
			vs = append(vs, guard.Violation{Field: "topics", Code: "validation_unknown_topic", Message: "Unbekanntes Thema: „" + t + "“."})
			break
		}
	}
	for _, c := range wish.Commitments {
		if !slices.Contains(allowedCommitments, c) {
			vs = append(vs, guard.Violation{Field: "commitment", Code: "validation_unknown_commitment",
				Message: "Unbekannte Art des Engagements: „" + c + "“. Möglich sind einmalig, regelmaessig und projekt."})
			break
		}
	}
	if h := strings.TrimSpace(hours); h != "" {
		v, err := strconv.ParseFloat(strings.Replace(h, ",", ".", 1), 64)
		if err != nil || math.IsNaN(v) || v < 0 || v > 60 {
			vs = append(vs, guard.Violation{Field: "hours", Code: "validation_invalid_hours",
				Message: "Bitte geben Sie die Stunden pro Woche als Zahl von 0 bis 60 an."})
		} else {
			wish.HoursPerWeek = v
		}
	}
	return wish, guard.Errors(vs...)
}

func splitList(raw string) []string {
	out := []string{}
	for _, part := range strings.Split(raw, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func selectValues(coll *core.Collection, field string) []string {
	if f, ok := coll.Fields.GetByName(field).(*core.SelectField); ok {
		return f.Values
	}
	return nil
}
