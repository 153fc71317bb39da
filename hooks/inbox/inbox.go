// Package inbox says what needs the coordination office now: the kinds of
// open items, when a waiting item becomes one, and the SQL of the view
// collection "eingang" that lists them (for the office area /buero and for
// superusers in the dashboard). It is pure data, so that migrations and
// hooks read the same thresholds.
package inbox

import (
	"fmt"
	"strings"

	"ben/hooks/legal"
)

// missingFact is true in SQL when one of the required facts of the office
// record alias is empty.
func missingFact(alias string) string {
	conds := make([]string, 0, len(legal.RequiredFacts))
	for _, f := range legal.RequiredFacts {
		conds = append(conds, fmt.Sprintf("TRIM(COALESCE(%s.%s, '')) = ''", alias, f.Field))
	}
	return "(" + strings.Join(conds, " OR ") + ")"
}

// View is the name of the view collection of open items.
const View = "eingang"

// Kinds of open items (the view's column "kind").
const (
	OrganisationPending  = "organisation_pending"  // an organisation waits for publication
	ApplicationSubmitted = "application_submitted" // a card application waits for the confirmations
	ApplicationConfirmed = "application_confirmed" // a confirmed card application waits for the decision
	EngagementStuck      = "engagement_stuck"      // an engagement is unconfirmed for more than StuckAfterDays
	NominationNew        = "nomination_new"        // a new nomination in an open round
	EnquiryOpen          = "enquiry_open"          // an enquiry not yet matched or closed
	InterestUnanswered   = "interest_unanswered"   // a club has not answered an interest for more than StuckAfterDays
	CardExpiring         = "card_expiring"         // a card expires within ExpiringWithinDays

	FestivalSubmitted           = "festival_participation_submitted" // a club's festival participation waits for the decision
	PartnerApplicationSubmitted = "partner_application_submitted"    // a business's partner application waits for the decision
	IdeaSubmitted               = "idea_submitted"                   // an idea waits to be published, answered or declined
	LegalFactsMissing           = "legal_facts_missing"              // the office's facts for imprint and privacy notice are incomplete
)

// Kinds lists every kind in the order the inbox shows them.
var Kinds = []string{LegalFactsMissing, OrganisationPending, ApplicationConfirmed, ApplicationSubmitted, EngagementStuck,
	NominationNew, EnquiryOpen, FestivalSubmitted, PartnerApplicationSubmitted, IdeaSubmitted, InterestUnanswered, CardExpiring}

// LegalFactsTitle is the one item of LegalFactsMissing.
const LegalFactsTitle = "Angaben für Impressum/Datenschutz fehlen"

// Thresholds of the items that become due by waiting.
const (
	// StuckAfterDays: an engagement unconfirmed, or an interest unanswered,
	// for longer is an item.
	StuckAfterDays = 14
	// ExpiringWithinDays: an active card that expires within this many days
	// is an item (six weeks, the card holders' reminder).
	ExpiringWithinDays = 42
)

// dbDate formats an SQLite date expression like PocketBase stores dates.
func dbDate(expr string, modifier string) string {
	if modifier == "" {
		return fmt.Sprintf(`strftime('%%Y-%%m-%%d %%H:%%M:%%fZ', %s)`, expr)
	}
	return fmt.Sprintf(`strftime('%%Y-%%m-%%d %%H:%%M:%%fZ', %s, '%s')`, expr, modifier)
}

// Query is the SELECT of the view: one row per open item with
//   - id: the kind's letter and the record's id,
//   - kind: one of Kinds,
//   - title: what the office reads first (a name, a card number),
//   - since: since when the item waits (submission, registration, creation),
//   - due: when it became an item (since, or since plus the threshold),
//   - record: the id of the record to open,
//   - parent: the application of an engagement, the round of a nomination,
//     the organisation of an interest, the application of a card, the
//     festival of a participation ("" otherwise).
//
// The facts for the legal pages are one item while one of
// legal.RequiredFacts is empty (the same list legal.Missing reads), or
// there is no record of them yet; its record is the office record ("" when
// there is none).
//
// Query is the view as the office's first migration (1795874150) created
// it, with the office's own kinds; CurrentQuery is the view today. Each
// migration that saves the view names the query that fits the tables of
// its time.
func Query() string { return wrap(officeParts()) }

// CurrentQuery is the SELECT of the view with every kind of Kinds.
func CurrentQuery() string { return wrap(append(officeParts(), takingPartParts()...)) }

func wrap(parts []string) string {
	return `SELECT id, CAST(kind AS TEXT) AS kind, CAST(title AS TEXT) AS title, CAST(since AS TEXT) AS since,
  CAST(due AS TEXT) AS due, CAST(record AS TEXT) AS record, CAST(parent AS TEXT) AS parent
FROM (` + strings.Join(parts, "\nUNION ALL\n") + `)`
}

// officeParts are the office's own kinds: organisations, the card,
// awards, enquiries and interests.
func officeParts() []string {
	now := dbDate(`'now'`, "")
	stuck := dbDate(`'now'`, fmt.Sprintf("-%d days", StuckAfterDays))
	expiring := dbDate(`'now'`, fmt.Sprintf("+%d days", ExpiringWithinDays))
	return []string{
		`SELECT ('o' || o.id) AS id, '` + OrganisationPending + `' AS kind, o.name AS title,
  o.created AS since, o.created AS due, o.id AS record, '' AS parent
FROM organisations o WHERE o.status = 'pending'`,
		`SELECT ('a' || a.id), CASE a.status WHEN 'confirmed' THEN '` + ApplicationConfirmed + `' ELSE '` + ApplicationSubmitted + `' END,
  (a.first_name || ' ' || a.last_name), a.submitted_at, a.submitted_at, a.id, ''
FROM card_applications a WHERE a.status IN ('submitted', 'confirmed')`,
		`SELECT ('e' || e.id), '` + EngagementStuck + `',
  (COALESCE(NULLIF(org.name, ''), e.organisation_name) || ': ' || a.first_name || ' ' || a.last_name),
  a.submitted_at, ` + dbDate("a.submitted_at", fmt.Sprintf("+%d days", StuckAfterDays)) + `, e.id, a.id
FROM engagements e JOIN card_applications a ON a.id = e.application LEFT JOIN organisations org ON org.id = e.organisation
WHERE a.status = 'submitted' AND e.confirmed_at = '' AND a.submitted_at != '' AND a.submitted_at < ` + stuck,
		`SELECT ('n' || n.id), '` + NominationNew + `',
  (COALESCE(NULLIF(n.nominee_name, ''), org.name, '') || ' – ' || COALESCE(NULLIF(r.title, ''), r.kind)),
  n.created, n.created, n.id, r.id
FROM nominations n JOIN award_rounds r ON r.id = n.round LEFT JOIN organisations org ON org.id = n.nominee_organisation
WHERE n.status = 'submitted' AND r.status = 'published'`,
		`SELECT ('q' || q.id), '` + EnquiryOpen + `', q.name, q.created, q.created, q.id, ''
FROM enquiries q WHERE q.status IN ('new', 'in_progress')`,
		`SELECT ('i' || i.id), '` + InterestUnanswered + `', (op.title || ' – ' || org.name),
  i.created, ` + dbDate("i.created", fmt.Sprintf("+%d days", StuckAfterDays)) + `, i.id, op.organisation
FROM interests i JOIN opportunities op ON op.id = i.opportunity JOIN organisations org ON org.id = op.organisation
WHERE i.status = 'new' AND op.status = 'published' AND i.created < ` + stuck,
		`SELECT ('c' || c.id), '` + CardExpiring + `', c.number,
  c.valid_until, ` + dbDate("c.valid_until", fmt.Sprintf("-%d days", ExpiringWithinDays)) + `, c.id, COALESCE(c.application, '')
FROM cards c WHERE c.status = 'active' AND c.valid_until != '' AND c.valid_until >= ` + now + ` AND c.valid_until <= ` + expiring,
	}
}

// takingPartParts are the decisions on taking part (festival, partners,
// ideas) and the legal facts.
func takingPartParts() []string {
	return []string{
		`SELECT ('f' || p.id), '` + FestivalSubmitted + `', (org.name || ' – ' || ev.title), p.created, p.created, p.id, p.event
FROM festival_participations p JOIN organisations org ON org.id = p.organisation JOIN events ev ON ev.id = p.event
WHERE p.status = 'submitted'`,
		`SELECT ('p' || pa.id), '` + PartnerApplicationSubmitted + `', pa.business_name, pa.created, pa.created, pa.id, ''
FROM partner_applications pa WHERE pa.status = 'submitted'`,
		`SELECT ('d' || d.id), '` + IdeaSubmitted + `', d.title, d.created, d.created, d.id, ''
FROM ideas d WHERE d.status = 'submitted'`,
		`SELECT ('l' || COALESCE(lo.id, 'office')), '` + LegalFactsMissing + `', '` + LegalFactsTitle + `',
  COALESCE(lo.updated, ''), COALESCE(lo.updated, ''), COALESCE(lo.id, ''), ''
FROM (SELECT 1) one LEFT JOIN office lo ON 1 = 1
WHERE lo.id IS NULL OR ` + missingFact("lo"),
	}
}
