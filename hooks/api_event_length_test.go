package hooks_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"ben/hooks/internal/testapp"
)

func TestAnEventLongerThan31DaysIsRefusedOnEveryPath(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	start := time.Date(2027, 5, 1, 10, 0, 0, 0, time.UTC)
	body := func(end time.Time) string {
		return `{"title":"Aktionswochen","kind":"termin","organisation":"` + f.ClubA.Id + `","published":true,` +
			`"starts_at":"` + start.Format(time.RFC3339) + `","ends_at":"` + end.Format(time.RFC3339) + `"}`
	}
	if rec := do(t, h, http.MethodPost, "/api/collections/events/records", f.Tokens["editorA"], body(start.AddDate(0, 0, 31))); rec.Code != http.StatusOK {
		t.Fatalf("31 days: %d %s", rec.Code, rec.Body)
	}
	rec := do(t, h, http.MethodPost, "/api/collections/events/records", f.Tokens["editorA"], body(start.AddDate(0, 0, 31).Add(time.Hour)))
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "validation_event_too_long") {
		t.Fatalf("31 days and an hour: %d %s", rec.Code, rec.Body)
	}
	// Go code and the dashboard save through the same rule
	e, _ := app.FindRecordById("events", f.EventA.Id)
	e.Set("ends_at", e.GetDateTime("starts_at").Time().AddDate(0, 0, 40))
	if err := app.Save(e); err == nil || !strings.Contains(err.Error(), "31 Tage") {
		t.Fatalf("a 40-day event saved in Go: %v", err)
	}
}
