package cardtoken_test

import (
	"bytes"
	"strings"
	"testing"

	"ben/hooks/cardtoken"
	"ben/hooks/internal/pdftest"
)

// The printable card shows the holder's name as it is written, whatever
// the alphabet, with the number and the last valid day.
func TestWriteCardPDFPrintsAnyName(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	err := cardtoken.WriteCardPDF(&buf, cardtoken.CardSheet{Number: "BIT-2028-00007", Name: "Łucja Şahin-Dvořák",
		Kind: cardtoken.KindStandard, ValidUntil: day(2030, 2, 28), QR: "https://ben.example/karte-pruefen#" + sign(t, standard(day(2030, 2, 28)), office)})
	if err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, buf.Bytes())
	for _, want := range []string{"Łucja Şahin-Dvořák", "BIT-2028-00007", "28.02.2030", "Ehrenamtskarte Rheinland-Pfalz", "Originalgröße (100 %"} {
		if !strings.Contains(text, want) {
			t.Errorf("the card lacks %q:\n%s", want, text)
		}
	}
}
