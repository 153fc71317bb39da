package stats_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"

	"ben/hooks/internal/testapp"
)

// Town scale, as in bench/seed: a town the size of Bitburg, with room to
// grow; every tenth event a weekly series.
const (
	townOrganisations = 300
	townEvents        = 2_000
	townCards         = 3_000
	townOpportunities = 400
	townReplies       = 3_000
	townEnquiries     = 1_500
	townRounds        = 4
	townNominations   = 400
)

// townApp is a test app filled to town scale. The rows are written straight
// into the tables in one transaction: the hooks would take minutes and are
// not what is measured.
func townApp(b *testing.B) core.App {
	b.Helper()
	app, _ := testapp.New(b)
	rng := rand.New(rand.NewPCG(2026, 12))
	now := time.Now().UTC()
	ts := func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000Z") }
	day := func(days int) time.Time { return now.AddDate(0, 0, days).Truncate(24 * time.Hour) }
	kinds := []string{"verein", "initiative", "einrichtung", "kirchengemeinde", "projekt"}
	topics := []string{"gesundheit", "jugend", "senioren", "migration", "kultur", "sport", "umwelt", "soziales", "bildung", "rettung"}

	err := app.RunInTransaction(func(tx core.App) error {
		insert := func(table string, row dbx.Params) (string, error) {
			id := security.RandomStringWithAlphabet(15, "abcdefghijklmnopqrstuvwxyz0123456789")
			row["id"] = id
			_, err := tx.DB().Insert(table, row).Execute()
			return id, err
		}
		var orgs, opps, rounds []string
		for i := range townOrganisations {
			status := "published"
			if i%10 == 0 {
				status = "pending"
			}
			id, err := insert("organisations", dbx.Params{"name": fmt.Sprintf("Verein %d", i), "slug": fmt.Sprintf("verein-%d", i),
				"kind": kinds[i%len(kinds)], "status": status,
				"topics": fmt.Sprintf(`[%q,%q]`, topics[i%len(topics)], topics[(i*7)%len(topics)])})
			if err != nil {
				return err
			}
			orgs = append(orgs, id)
		}
		for i := range townEvents {
			starts := now.Add(time.Duration(rng.IntN(24*30*24)-24*30*18) * time.Hour)
			org := ""
			if i%20 != 0 {
				org = orgs[rng.IntN(len(orgs))]
			}
			// as in bench/seed: every tenth date a weekly series of 10 to 52 dates, one in fifty cancelled
			rrule, seriesEnd := "", ts(starts.Add(2*time.Hour))
			if i%10 == 3 {
				weeks := 10 + i%43
				rrule, seriesEnd = fmt.Sprintf("FREQ=WEEKLY;COUNT=%d", weeks), ts(starts.AddDate(0, 0, 7*(weeks-1)).Add(2*time.Hour))
			}
			if _, err := insert("events", dbx.Params{"title": fmt.Sprintf("Termin %d", i), "kind": "termin", "organisation": org,
				"starts_at": ts(starts), "ends_at": ts(starts.Add(2 * time.Hour)), "published": i%8 != 0,
				"rrule": rrule, "series_ends_at": seriesEnd, "cancelled": i%50 == 7}); err != nil {
				return err
			}
		}
		for i := range townCards {
			issued := day(-rng.IntN(6 * 365))
			status := "active"
			if issued.AddDate(2, 0, 0).Before(now) {
				status = "expired"
			}
			if i%50 == 0 {
				status = "revoked"
			}
			if _, err := insert("cards", dbx.Params{"number": fmt.Sprintf("BIT-%d-%05d", issued.Year(), i), "kind": "standard", "status": status,
				"issued_at": ts(issued), "valid_until": ts(issued.AddDate(2, 0, 0))}); err != nil {
				return err
			}
		}
		for i := range townOpportunities {
			status := []string{"published", "closed", "draft"}[i%3]
			id, err := insert("opportunities", dbx.Params{"organisation": orgs[i%len(orgs)], "title": fmt.Sprintf("Angebot %d", i),
				"commitment": "einmalig", "status": status, "published_at": ts(day(-i))})
			if err != nil {
				return err
			}
			opps = append(opps, id)
		}
		for i := range townReplies {
			if _, err := insert("interests", dbx.Params{"opportunity": opps[i%len(opps)], "name": "Gast", "email": "gast@example.org",
				"consent": true, "status": []string{"new", "contacted", "engaged", "not_a_fit"}[i%4]}); err != nil {
				return err
			}
		}
		for i := range townEnquiries {
			if _, err := insert("enquiries", dbx.Params{"name": "Gast", "email": "gast@example.org", "message": "Ich helfe.", "consent": true,
				"status": []string{"new", "in_progress", "matched", "closed"}[i%4]}); err != nil {
				return err
			}
		}
		period, err := tx.FindFirstRecordByFilter("election_periods", "name = '2024–2029'")
		if err != nil {
			return err
		}
		for i := range townRounds {
			id, err := insert("award_rounds", dbx.Params{"title": fmt.Sprintf("Runde %d", i), "kind": "ehrenamtspreis", "period": period.Id,
				"status": "published", "nominations_from": ts(day(-30 * i)), "nominations_until": ts(day(-30*i + 20))})
			if err != nil {
				return err
			}
			rounds = append(rounds, id)
		}
		for i := range townNominations {
			if _, err := insert("nominations", dbx.Params{"round": rounds[i%len(rounds)], "nominee_name": "N", "reason": "R",
				"nominator_name": "V", "nominator_email": "v@example.org", "consent": true, "status": "submitted"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return app
}
