package bulletin

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"ben/hooks/internal/pdftest"
)

// The PDF says what the text says, with umlauts and names in any script.
func TestPDFReadsLikeTheText(t *testing.T) {
	t.Parallel()
	entries := []Entry{
		{Start: at(2026, 12, 1, 18, 0), End: at(2026, 12, 1, 20, 0), Title: "Übungsabend", Location: "Gerätehaus, Feuerwehrstraße 1", Organiser: "Łucja Şahin-Dvořák für den Löschzug"},
		{Start: at(2026, 12, 2, 10, 0), End: at(2026, 12, 2, 12, 0), Title: "Winterwanderung", Organiser: OfficeName, Cancelled: true},
		{Start: at(2026, 12, 5, 0, 0), End: at(2026, 12, 7, 0, 0), AllDay: true, Title: "Adventsmarkt", Organiser: "Chor B"},
	}
	doc, err := PDF(Build(at(2026, 12, 1, 0, 0), at(2026, 12, 7, 0, 0), entries, at(2026, 11, 28, 9, 15), "https://ben.bitburg.de"))
	if err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, doc)
	for _, want := range []string{"Termine im Bitburger Engagement Netz", "vom 01.12.2026 bis 07.12.2026",
		"Dienstag, 01.12.2026", "18:00–20:00 Uhr Übungsabend", "Ort: Gerätehaus, Feuerwehrstraße 1", "Veranstalter: Łucja Şahin-Dvořák für den Löschzug",
		"Mittwoch, 02.12.2026", "Winterwanderung – abgesagt", "Samstag, 05.12.2026", "ganztägig bis Sonntag, 06.12.2026 Adventsmarkt",
		"Stand: 28.11.2026, 09:15 Uhr", "Seite 1 von 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
}

// A long bulletin runs over pages, numbered, and a day's heading is never
// the last line of a page.
func TestPDFKeepsADaysHeadingWithItsDates(t *testing.T) {
	t.Parallel()
	var entries []Entry
	for d := range 30 {
		for i := range 1 + d%3 {
			start := at(2027, 1, 1+d, 9+2*i, 0)
			entries = append(entries, Entry{Start: start, End: start.Add(90 * time.Minute), Title: fmt.Sprintf("Termin %d-%d", d, i),
				Location: "Rathaus, Großer Saal", Organiser: "Verein mit einem recht langen Namen e. V."})
		}
	}
	b := Build(at(2027, 1, 1, 0, 0), at(2027, 1, 30, 0, 0), entries, at(2026, 12, 20, 8, 0), "https://ben.bitburg.de")
	doc, err := PDF(b)
	if err != nil {
		t.Fatal(err)
	}
	words := pdftest.Words(t, doc)
	pages := words[len(words)-1].Page
	if pages < 3 {
		t.Fatalf("60 dates on %d pages", pages)
	}
	text := pdftest.Text(t, doc)
	if !strings.Contains(text, fmt.Sprintf("Seite %d von %d", pages, pages)) {
		t.Errorf("the pages are not numbered:\n%s", text)
	}
	for _, day := range b.Days {
		if !strings.Contains(text, day.Heading) {
			t.Errorf("day %s is missing", day.Heading)
		}
	}
	// the last line above the page number of each page but the last is no heading
	for p := 1; p < pages; p++ {
		var lastTop float64
		var last []string
		for _, w := range words {
			if w.Page != p || w.Text == "Seite" || w.Top > 297-20 {
				continue
			}
			switch {
			case w.Top > lastTop+1:
				lastTop, last = w.Top, []string{w.Text}
			case w.Top > lastTop-1:
				last = append(last, w.Text)
			}
		}
		line := strings.Join(last, " ")
		for _, day := range b.Days {
			if line == day.Heading {
				t.Errorf("page %d ends with the heading %q", p, line)
			}
		}
	}
}
