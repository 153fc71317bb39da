package awards

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"ben/hooks/internal/pdftest"
)

func TestWriteLetter(t *testing.T) {
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
