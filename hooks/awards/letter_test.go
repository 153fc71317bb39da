package awards

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"ben/hooks/internal/pdftest"
)

func TestWriteLetter(t *testing.T) {
	t.Parallel()
	l := Letter{
		Date:       day(2026, 11, 27),
		Recipient:  []string{"Jürgen Müßig", "Römerstraße 12", "54634 Bitburg"},
		Salutation: "Guten Tag Jürgen Müßig,",
		Reason:     "Seit 25 Jahren fahren Sie für die Bitburger Tafel „frische Lebensmittel“ zu Menschen, die auf Hilfe angewiesen sind.\n\nDafür möchten wir Ihnen ausdrücklich danken.",
		Signatory:  "Joachim Beispielmann",
	}
	var buf bytes.Buffer
	if err := WriteLetter(&buf, l); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	text := pdftest.Text(t, buf.Bytes())
	for _, want := range []string{
		"Stadt Bitburg", "Der Bürgermeister", "Jürgen Müßig", "Römerstraße 12", "54634 Bitburg",
		"27. November 2026", "Dank für Ihr ehrenamtliches Engagement", "Guten Tag Jürgen Müßig,",
		"Seit 25 Jahren fahren Sie für die Bitburger Tafel „frische Lebensmittel“ zu Menschen, die auf Hilfe angewiesen sind.",
		"Dafür möchten wir Ihnen ausdrücklich danken.", "Mit freundlichen Grüßen", "Joachim Beispielmann Bürgermeister",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the letter lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Seite") {
		t.Errorf("a one-page letter needs no page numbers:\n%s", text)
	}
}

func TestWriteLetterLongReasonGetsPageNumbers(t *testing.T) {
	t.Parallel()
	l := Letter{
		Date:       day(2026, 11, 27),
		Recipient:  []string{"Verein für Nachbarschaft"},
		Salutation: "Sehr geehrte Damen und Herren,",
		Reason:     strings.Repeat("Sie haben Großartiges geleistet. ", 150),
	}
	var buf bytes.Buffer
	if err := WriteLetter(&buf, l); err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, buf.Bytes())
	if !regexp.MustCompile(`Seite 2 von [23]`).MatchString(text) {
		t.Fatalf("the second page should be numbered:\n%s", text)
	}
	if !regexp.MustCompile(`Mit freundlichen Grüßen Bürgermeister( Seite \d von \d)?$`).MatchString(text) {
		t.Fatalf("the letter should close with the mayor's signature block:\n%s", text)
	}
}

// Names print as they are written: the embedded font has the letters the
// core fonts (Windows-1252) lacked.
func TestWriteLetterPrintsAnyName(t *testing.T) {
	t.Parallel()
	l := Letter{
		Date:       day(2026, 11, 27),
		Recipient:  []string{"Łucja Şahin-Dvořák", "Ørstedstraße 3", "54634 Bitburg"},
		Salutation: "Guten Tag Łucja Şahin-Dvořák,",
		Reason:     "Für Ihre Arbeit mit Familien aus Kraków, İzmir und Plzeň.",
	}
	var buf bytes.Buffer
	if err := WriteLetter(&buf, l); err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, buf.Bytes())
	for _, want := range []string{"Łucja Şahin-Dvořák Ørstedstraße 3", "Guten Tag Łucja Şahin-Dvořák,", "Kraków, İzmir und Plzeň."} {
		if !strings.Contains(text, want) {
			t.Errorf("the letter lacks %q:\n%s", want, text)
		}
	}
}

// DIN 5008 form B: the address and the text of the letter begin on one
// line, 25 mm from the left edge of the page.
func TestWriteLetterAlignsAddressAndTextAt25mm(t *testing.T) {
	t.Parallel()
	l := Letter{
		Date:       day(2026, 11, 27),
		Recipient:  []string{"Anna Beispiel", "Hauptstraße 1", "54634 Bitburg"},
		Salutation: "Guten Tag Anna Beispiel,",
		Reason:     "Danke.",
		Signatory:  "Joachim Beispielmann",
	}
	var buf bytes.Buffer
	if err := WriteLetter(&buf, l); err != nil {
		t.Fatal(err)
	}
	firstWordOf := map[string]float64{}
	for _, w := range pdftest.Words(t, buf.Bytes()) {
		if _, seen := firstWordOf[w.Text]; !seen {
			firstWordOf[w.Text] = w.Left
		}
	}
	for _, word := range []string{"Anna", "Hauptstraße", "Dank", "Guten", "Mit", "Joachim"} {
		left, ok := firstWordOf[word]
		if !ok {
			t.Fatalf("the letter lacks the word %q", word)
		}
		if left < 24.8 || left > 25.4 {
			t.Errorf("%q begins %.2f mm from the left edge, want 25 mm", word, left)
		}
	}
}
