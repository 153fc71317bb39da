package cardtoken

import (
	"io"
	"time"

	"ben/hooks/pdfdoc"
)

// CardSheet is what the printable card shows.
type CardSheet struct {
	Number     string
	Name       string    // first and last name: the holder's own printout
	Kind       string    // KindStandard or KindJubilee
	ValidUntil time.Time // last valid day; zero = valid for life
	QR         string    // what the QR code holds: the check page's address with the token
	VerifyURL  string    // the partners' verification page
	// Warning is printed in red above the card, e.g. when the QR code leads
	// to "localhost" because the application URL is not set.
	Warning string
}

// ID-1 (ISO/IEC 7810), the size of a bank card, in millimetres.
const (
	cardWidth  = 85.60
	cardHeight = 53.98
	cardRadius = 3.18
)

// Where the card sits on the A4 page, and its cut marks.
const (
	cardLeft  = (210 - cardWidth) / 2
	cardTop   = 62.0
	pageLeft  = 30.0 // the texts around the card
	pageText  = 210 - 2*pageLeft
	markGap   = 2.0 // between the card's edge and a cut mark
	markLen   = 6.0
	qrSide    = 30.0 // with the quiet zone
	textLeft  = 5.0  // inside the card
	textWidth = cardWidth - qrSide - textLeft - 3
)

// WriteCardPDF renders the card at its real size on an A4 page with cut
// marks, ready to print at 100 % and cut out.
func WriteCardPDF(w io.Writer, s CardSheet) error {
	code, err := qrCode(s.QR)
	if err != nil {
		return err
	}
	pdf := pdfdoc.New("P", "A4")
	title := "Ehrenamtskarte " + s.Number
	pdf.SetTitle(title, true)
	pdf.SetAuthor("Stadt Bitburg", true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddPage()

	// instructions above the card
	pdf.SetTextColor(0, 0, 0)
	pdf.SetFont(pdfdoc.Font, "B", 14)
	pdf.Text(pageLeft, 25, "Ihre Ehrenamtskarte zum Ausdrucken")
	pdf.SetFont(pdfdoc.Font, "", 10)
	pdf.SetXY(pageLeft, 30)
	pdf.MultiCell(pageText, 5, "Drucken Sie diese Seite in Originalgröße (100 %, nicht „an Seite anpassen“) "+
		"und schneiden Sie die Karte entlang der Schnittmarken aus.", "", "L", false)

	x0, y0 := cardLeft, cardTop
	x1, y1 := x0+cardWidth, y0+cardHeight

	// cut marks at the four corners, outside the card
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetLineWidth(0.2)
	for _, x := range []float64{x0, x1} {
		pdf.Line(x, y0-markGap, x, y0-markGap-markLen)
		pdf.Line(x, y1+markGap, x, y1+markGap+markLen)
	}
	for _, y := range []float64{y0, y1} {
		pdf.Line(x0-markGap, y, x0-markGap-markLen, y)
		pdf.Line(x1+markGap, y, x1+markGap+markLen, y)
	}
	// a faint outline with the rounded corners of a real card
	pdf.SetDrawColor(190, 190, 190)
	pdf.SetLineWidth(0.1)
	pdf.RoundedRect(x0, y0, cardWidth, cardHeight, cardRadius, "1234", "D")

	// town and card
	pdf.SetTextColor(0, 70, 127)
	pdf.SetFont(pdfdoc.Font, "B", 12)
	pdf.Text(x0+textLeft, y0+8.5, "Stadt Bitburg")
	pdf.SetFont(pdfdoc.Font, "", 7)
	kind := "Ehrenamtskarte Rheinland-Pfalz"
	if s.Kind == KindJubilee {
		kind = "Jubiläums-Ehrenamtskarte Rheinland-Pfalz"
	}
	pdf.Text(x0+textLeft, y0+12.5, kind)
	pdf.SetDrawColor(0, 70, 127)
	pdf.SetLineWidth(0.4)
	pdf.Line(x0+textLeft, y0+15, x1-textLeft, y0+15)

	// holder, number, validity
	field := func(y float64, label, value string, size float64, bold bool) {
		pdf.SetTextColor(90, 90, 90)
		pdf.SetFont(pdfdoc.Font, "", 6)
		pdf.Text(x0+textLeft, y, label)
		pdf.SetTextColor(0, 0, 0)
		style := ""
		if bold {
			style = "B"
		}
		pdf.SetFont(pdfdoc.Font, style, size)
		// long names shrink to the column rather than run into the QR code
		for size > 6 && pdf.GetStringWidth(value) > textWidth {
			size -= 0.5
			pdf.SetFont(pdfdoc.Font, style, size)
		}
		pdf.Text(x0+textLeft, y+4.2, value)
	}
	field(y0+21, "Name", s.Name, 11, true)
	field(y0+31, "Karten-Nr.", s.Number, 9.5, false)
	validity := "unbefristet"
	if !s.ValidUntil.IsZero() {
		validity = s.ValidUntil.Format("02.01.2006")
	}
	field(y0+41, "Gültig bis", validity, 9.5, false)

	if s.Warning != "" {
		pdf.SetTextColor(180, 0, 0)
		pdf.SetFont(pdfdoc.Font, "B", 10)
		pdf.SetXY(pageLeft, cardTop-14)
		pdf.MultiCell(pageText, 5, s.Warning, "", "L", false)
		pdf.SetTextColor(0, 0, 0)
	}

	// the QR code, quiet zone included, bottom right
	module := qrSide / float64(code.Size+2*quietZone)
	qx := x1 - 3 - qrSide + quietZone*module
	qy := y1 - 3 - qrSide + quietZone*module
	pdf.SetFillColor(0, 0, 0)
	darkRuns(code, func(x, y, n int) {
		pdf.Rect(qx+float64(x)*module, qy+float64(y)*module, float64(n)*module, module, "F")
	})

	// for partners, below the card
	pdf.SetTextColor(0, 0, 0)
	pdf.SetFont(pdfdoc.Font, "", 10)
	pdf.SetXY(pageLeft, y1+16)
	text := "Partner prüfen die Karte, indem sie den QR-Code auf der Seite „Karte prüfen“ scannen"
	if s.VerifyURL != "" {
		text += ": " + s.VerifyURL
	}
	text += ". Die Prüfung zeigt nur, ob die Karte gültig ist, und den Vornamen – sie funktioniert auch ohne Internetverbindung."
	pdf.MultiCell(pageText, 5, text, "", "L", false)

	return pdf.Output(w)
}
