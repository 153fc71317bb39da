package hooks_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"ben/hooks/internal/testapp"

	"ben/hooks/privacy"
)

// The readable export holds the same data as the JSON file, every key with
// a German name, for a citizen with a card, an editor and a juror.
func TestTheReadableExportNamesEveryKeyInGerman(t *testing.T) {
	t.Parallel()
	app, f := awardsApp(t)
	seedEngagement(t, app, f.Fixture)
	cardFixture(t, app, f.Fixture)
	setStatus(t, app, confirmedID, "approved", nil) // the citizen holds a card

	for _, who := range []struct {
		role string
		id   string
		want []string
	}{
		{"citizen", f.Citizen.Id, []string{"Benutzerkonto", "Ehrenamtskarte: Anträge und Karten", "Geburtsdatum", "Kartennummer", "Dienstags kann ich gut.", "Meldungen auf Engagement-Angebote", "bewilligt"}},
		{"editorA", f.EditorA.Id, []string{"Redaktion und Kontaktdaten von Organisationen", "Turnverein A", "Kurzadresse"}},
		{"jurorA", jurorA, []string{"Bewertungen der Jury", "Punkte", "Stark."}},
	} {
		t.Run(who.role, func(t *testing.T) {
			t.Parallel() // the subtests only read the shared app
			user, err := app.FindRecordById("users", who.id)
			if err != nil {
				t.Fatal(err)
			}
			data, err := privacy.Export(app, user, time.Date(2026, 4, 17, 12, 30, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			html, unlabeled, err := privacy.ExportHTML(app, data)
			if err != nil {
				t.Fatal(err)
			}
			if len(unlabeled) > 0 {
				t.Fatalf("keys without a German name: %v", unlabeled)
			}
			page := string(html)
			for _, want := range append(who.want, "17.04.2026, 14:30 Uhr") {
				if !strings.Contains(page, want) {
					t.Errorf("the readable export lacks %q", want)
				}
			}
			// dates read the German way, never as stored
			if m := regexp.MustCompile(`\d{4}-\d\d-\d\d[ T]\d\d:\d\d`).FindString(page); m != "" {
				t.Errorf("a date as stored: %s", m)
			}
			for _, secret := range []string{"password", "tokenKey", "confirm_token_hash"} {
				if strings.Contains(page, secret) {
					t.Errorf("%s in the export", secret)
				}
			}
		})
	}
}

func TestTheReadableExportIsTheOwnersOnly(t *testing.T) {
	t.Parallel()
	app, f := awardsApp(t)
	h := testapp.Handler(t, app)
	if res := do(t, h, http.MethodGet, "/api/ben/me/export.html", "", ""); res.Code != 401 {
		t.Fatalf("guest: %d", res.Code)
	}
	res := do(t, h, http.MethodGet, "/api/ben/me/export.html", f.Tokens["citizen"], "")
	if res.Code != 200 || !strings.HasPrefix(res.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("citizen: %d %s", res.Code, res.Header().Get("Content-Type"))
	}
	body := res.Body.String()
	if !strings.Contains(body, f.Citizen.Email()) || strings.Contains(body, f.EditorA.Email()) {
		t.Fatal("the export is not the citizen's own")
	}
	if res.Header().Get("Content-Disposition") == "" {
		t.Error("no file name for saving")
	}
}
