// Package pdfdoc starts every PDF BEN renders (the printable volunteer card,
// the mayor's thank-you letter, the bulletin's list of dates) with one
// embedded Unicode font, so that every name prints as it is written:
// "Łucja Şahin-Dvořák" as well as "Müller". PDF's core fonts know only
// Windows-1252 and printed such names with dots in place of letters.
//
// The font is DejaVu Sans 2.37 (regular and bold), under the Bitstream Vera
// licence with DejaVu's changes in the public domain (fonts/LICENSE). Only
// the glyphs a document uses are embedded in it.
package pdfdoc

import (
	_ "embed"

	"codeberg.org/go-pdf/fpdf"
)

// Font is the family name to pass to SetFont: "" for regular, "B" for bold.
const Font = "DejaVuSans"

//go:embed fonts/DejaVuSans.ttf
var regular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var bold []byte

// New returns an empty document in millimetres (orientation "P" or "L",
// size e.g. "A4") with the font registered and selected at 10 pt, no cell
// margin (text starts exactly where it is placed, as DIN 5008 measures it),
// German as its language and BEN as its creator.
func New(orientation, size string) *fpdf.Fpdf {
	pdf := fpdf.New(orientation, "mm", size, "")
	pdf.AddUTF8FontFromBytes(Font, "", regular)
	pdf.AddUTF8FontFromBytes(Font, "B", bold)
	pdf.SetFont(Font, "", 10)
	pdf.SetCellMargin(0)
	pdf.SetLang("de-DE")
	pdf.SetCreator("Bitburger Engagement Netz", true)
	return pdf
}
