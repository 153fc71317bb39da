package bulletin

import (
	"strings"
	"testing"
	"time"

	"ben/hooks/tz"
)

func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, tz.Berlin)
}

func TestTimeOf(t *testing.T) {
	t.Parallel()
	cases := []struct {
		start, end time.Time
		allDay     bool
		want       string
	}{
		{at(2026, 12, 1, 18, 0), at(2026, 12, 1, 20, 0), false, "18:00–20:00 Uhr"},
		{at(2026, 12, 1, 9, 5), time.Time{}, false, "09:05 Uhr"},
		{at(2026, 12, 1, 9, 5), at(2026, 12, 1, 9, 5), false, "09:05 Uhr"},
		{at(2026, 12, 11, 18, 0), at(2026, 12, 13, 16, 0), false, "18:00 Uhr bis Sonntag, 13.12.2026, 16:00 Uhr"},
		{at(2026, 12, 31, 20, 0), at(2027, 1, 1, 1, 0), false, "20:00 Uhr bis Freitag, 01.01.2027, 01:00 Uhr"},
		// stored in UTC, told in Bitburg's time, in winter and in summer
		{time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 19, 0, 0, 0, time.UTC), false, "18:00–20:00 Uhr"},
		{time.Date(2027, 7, 1, 16, 0, 0, 0, time.UTC), time.Date(2027, 7, 1, 18, 0, 0, 0, time.UTC), false, "18:00–20:00 Uhr"},
		// whole days end at the midnight after their last day
		{at(2027, 3, 27, 0, 0), at(2027, 3, 28, 0, 0), true, "ganztägig"},
		{at(2027, 3, 27, 0, 0), at(2027, 3, 29, 0, 0), true, "ganztägig bis Sonntag, 28.03.2027"},
		{at(2027, 10, 30, 0, 0), at(2027, 11, 1, 0, 0), true, "ganztägig bis Sonntag, 31.10.2027"},
	}
	for _, c := range cases {
		if got := TimeOf(c.start, c.end, c.allDay); got != c.want {
			t.Errorf("TimeOf(%v, %v) = %q, want %q", c.start, c.end, got, c.want)
		}
	}
}

func TestRange(t *testing.T) {
	t.Parallel()
	cases := []struct {
		from, to, field, code string
	}{
		{"2026-12-01", "2026-12-31", "", ""},
		{"2026-12-01", "2026-12-01", "", ""},
		{"2026-01-01", "2026-12-31", "", ""},                            // 365 days
		{"2028-01-01", "2028-12-31", "", ""},                            // 366 days in a leap year
		{"2026-01-01", "2027-01-01", "", ""},                            // 366 days
		{"2026-01-01", "2027-01-02", "to", "validation_bulletin_range"}, // 367 days
		{"2026-12-02", "2026-12-01", "to", "validation_bulletin_order"},
		{"01.12.2026", "2026-12-31", "from", "validation_bulletin_date"},
		{"", "2026-12-31", "from", "validation_bulletin_date"},
		{"2026-12-01", "2026-13-01", "to", "validation_bulletin_date"},
		{"2026-12-01", "", "to", "validation_bulletin_date"},
	}
	for _, c := range cases {
		_, _, err := Range(c.from, c.to)
		if c.code == "" {
			if err != nil {
				t.Errorf("Range(%q, %q): %v", c.from, c.to, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.field) {
			t.Errorf("Range(%q, %q) = %v, want an error on %s", c.from, c.to, err, c.field)
		}
	}
}

func TestTextIsGroupedByDay(t *testing.T) {
	t.Parallel()
	entries := []Entry{
		{Start: at(2026, 12, 1, 18, 0), End: at(2026, 12, 1, 20, 0), Title: "Training", Location: "Sportplatz, Am Sportplatz 3", Organiser: "Sportfreunde Bitburg-Süd"},
		{Start: at(2026, 12, 1, 19, 30), End: at(2026, 12, 1, 21, 0), Title: "Probe\nmit Umbruch", Organiser: "Chor B", Cancelled: true},
		{Start: time.Date(2026, 12, 2, 23, 30, 0, 0, time.UTC), End: time.Date(2026, 12, 3, 1, 0, 0, 0, time.UTC), Title: "Nachtwanderung", Location: "Rathaus", Organiser: OfficeName},
	}
	b := Build(at(2026, 12, 1, 0, 0), at(2026, 12, 31, 0, 0), entries, at(2026, 11, 28, 9, 15), "https://ben.bitburg.de/")
	text, err := Text(b)
	if err != nil {
		t.Fatal(err)
	}
	want := `Termine im Bitburger Engagement Netz
vom 01.12.2026 bis 31.12.2026

Dienstag, 01.12.2026

18:00–20:00 Uhr  Training
Ort: Sportplatz, Am Sportplatz 3
Veranstalter: Sportfreunde Bitburg-Süd

19:30–21:00 Uhr  Probe mit Umbruch – abgesagt
Veranstalter: Chor B

Donnerstag, 03.12.2026

00:30–02:00 Uhr  Nachtwanderung
Ort: Rathaus
Veranstalter: Koordinierungsstelle Ehrenamt der Stadt Bitburg

Stand: 28.11.2026, 09:15 Uhr. Alle Termine und Änderungen stehen im Portal unter https://ben.bitburg.de/termine.
`
	if text != want {
		t.Fatalf("got:\n%s\nwant:\n%s", text, want)
	}

	empty, _ := Text(Build(at(2026, 12, 1, 0, 0), at(2026, 12, 1, 0, 0), nil, at(2026, 11, 28, 9, 15), "https://ben.bitburg.de"))
	if !strings.Contains(empty, "In diesem Zeitraum sind keine öffentlichen Termine eingetragen.") {
		t.Fatalf("an empty range says so:\n%s", empty)
	}
}
