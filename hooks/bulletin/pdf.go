package bulletin

import (
	"bytes"
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/pdfdoc"
)

// PDFRoute is the address of the bulletin as a PDF.
const PDFRoute = "/api/ben/bulletin.pdf"

// Layout on A4 (millimetres).
const (
	pageHeight   = 297.0
	marginLeft   = 25.0
	marginRight  = 20.0
	marginTop    = 20.0
	bottomMargin = 22.0
	textWidth    = 210.0 - marginLeft - marginRight
	timeWidth    = 42.0 // the time column; title, place and organiser follow it
	lineHeight   = 5.0
)

// phrase renders one of the template's building blocks, so that the PDF
// says exactly what the text says.
func phrase(name string, data any) string {
	var buf bytes.Buffer
	if err := texts.ExecuteTemplate(&buf, name, data); err != nil {
		panic(err) // the templates are embedded and tested
	}
	return buf.String()
}

// PDF renders the bulletin on A4 pages: the days as headings, each date
// with its time in a column of its own, and the page numbers at the foot.
// A day's heading never stands alone at the foot of a page.
func PDF(b Bulletin) ([]byte, error) {
	pdf := pdfdoc.New("P", "A4")
	pdf.SetMargins(marginLeft, marginTop, marginRight)
	pdf.SetAutoPageBreak(true, bottomMargin)
	pdf.SetTitle(phrase("title", nil)+" "+phrase("range", b), true)
	pdf.SetAuthor(OfficeName, true)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-15)
		pdf.SetFont(pdfdoc.Font, "", 8)
		pdf.CellFormat(0, 4, phrase("page", map[string]any{"Page": pdf.PageNo(), "Pages": "{nb}"}), "", 0, "R", false, 0, "")
	})
	pdf.AddPage()

	pdf.SetFont(pdfdoc.Font, "B", 16)
	pdf.MultiCell(textWidth, 8, phrase("title", nil), "", "L", false)
	pdf.SetFont(pdfdoc.Font, "", 11)
	pdf.MultiCell(textWidth, 6, phrase("range", b), "", "L", false)
	pdf.Ln(4)

	if len(b.Days) == 0 {
		pdf.MultiCell(textWidth, lineHeight, phrase("none", nil), "", "L", false)
	}
	for _, day := range b.Days {
		// the heading and the first date stay together
		if pdf.GetY()+7+3*lineHeight > pageHeight-bottomMargin {
			pdf.AddPage()
		}
		pdf.Ln(2)
		pdf.SetFont(pdfdoc.Font, "B", 12)
		pdf.MultiCell(textWidth, 7, day.Heading, "", "L", false)
		for _, e := range day.Entries {
			lines := 2
			if e.Location != "" {
				lines++
			}
			if pdf.GetY()+float64(lines)*lineHeight > pageHeight-bottomMargin {
				pdf.AddPage()
			}
			pdf.Ln(1)
			y := pdf.GetY()
			pdf.SetFont(pdfdoc.Font, "B", 10)
			pdf.SetXY(marginLeft, y)
			pdf.MultiCell(timeWidth-2, lineHeight, e.Time, "", "L", false)
			timeBottom := pdf.GetY()
			pdf.SetXY(marginLeft+timeWidth, y)
			title := e.Title
			if e.Cancelled {
				title += phrase("cancelled", nil)
			}
			pdf.MultiCell(textWidth-timeWidth, lineHeight, title, "", "L", false)
			pdf.SetFont(pdfdoc.Font, "", 10)
			if e.Location != "" {
				pdf.SetX(marginLeft + timeWidth)
				pdf.MultiCell(textWidth-timeWidth, lineHeight, phrase("place", e.Location), "", "L", false)
			}
			pdf.SetX(marginLeft + timeWidth)
			pdf.MultiCell(textWidth-timeWidth, lineHeight, phrase("organiser", e.Organiser), "", "L", false)
			if timeBottom > pdf.GetY() {
				pdf.SetY(timeBottom)
			}
		}
	}
	pdf.Ln(6)
	pdf.SetFont(pdfdoc.Font, "", 8)
	pdf.MultiCell(textWidth, 4, phrase("footer", b), "", "L", false)

	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func servePDF(e *core.RequestEvent) error {
	b, from, to, err := load(e)
	if err != nil {
		return err
	}
	doc, err := PDF(b)
	if err != nil {
		return e.InternalServerError("Das PDF konnte nicht erstellt werden.", err)
	}
	e.Response.Header().Set("Content-Disposition", `attachment; filename="`+fileName(from, to, "pdf")+`"`)
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.Blob(http.StatusOK, "application/pdf", doc)
}
