package hooks_test

import (
	"testing"
	"time"

	"ben/hooks/privacy"
)

func TestNominationsOfDecidedRoundsAreDeletedAfterTheRetentionTime(t *testing.T) {
	t.Parallel()
	app, _ := awardsApp(t)
	now := time.Now()
	decide := func(id string, until time.Time) {
		r, err := app.FindRecordById("award_rounds", id)
		if err != nil {
			t.Fatal(err)
		}
		r.Set("status", "decided")
		r.Set("nominations_from", until.AddDate(0, -1, 0))
		r.Set("nominations_until", until)
		if err := app.SaveNoValidate(r); err != nil {
			t.Fatal(err)
		}
	}
	months := privacy.RetentionMonths(app)
	decide(roundMedal, now.AddDate(0, -months, -1)) // decided, period ended longer ago than the retention time
	decide(roundPrize, now.AddDate(0, -months, 1))  // decided, but within the retention time

	if _, err := privacy.RunRetention(app, now); err != nil {
		t.Fatal(err)
	}
	for id, wantGone := range map[string]bool{nomMedal1: true, nomMedal2: true, nomPrize: false} {
		_, err := app.FindRecordById("nominations", id)
		if gone := err != nil; gone != wantGone {
			t.Errorf("nomination %s: gone=%v, want %v", id, gone, wantGone)
		}
	}
	if _, err := app.FindRecordById("awards", awardPrize); err != nil {
		t.Error("the award itself must stay")
	}
}
