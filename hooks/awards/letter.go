package awards

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/organisations"
	"ben/hooks/pdfdoc"
	"ben/hooks/slug"
	"ben/hooks/workinggroup"
)

// Letter is the mayor's thank-you letter (Dankesbrief) for one recipient.
type Letter struct {
	Date       time.Time
	Recipient  []string // name and postal address, one line each, as on the envelope
	Salutation string   // e.g. "Guten Tag Anna Muster,"
	Reason     string   // what the town thanks for, in the office's words
	Signatory  string   // the mayor's name; empty leaves only the line for the signature
}

// Sender lines of the letter. The street is left out on purpose: the town's
// postal code reaches the town hall.
const (
	senderName   = "Stadt Bitburg"
	senderOffice = "Der Bürgermeister"
	returnLine   = "Stadt Bitburg · Der Bürgermeister · 54634 Bitburg"
	mayorTitle   = "Bürgermeister"
	letterTitle  = "Dank für Ihr ehrenamtliches Engagement"
	contactLabel = "Ansprechpartner"
	contactValue = "Koordinierungsstelle Engagierte Stadt"
)

// DIN 5008, form B, on A4 (millimetres from the top left corner of the page).
const (
	marginLeft     = 25.0
	marginRight    = 20.0
	textWidth      = 210 - marginLeft - marginRight
	addressTop     = 45.0  // the address field: 85 × 45 mm, 20 mm from the left edge
	addressZoneTop = 62.7  // below 17.7 mm for the return address and notes
	addressLines   = 9     // lines of the address zone
	infoLeft       = 125.0 // the information block
	infoTop        = 50.0
	subjectTop     = 98.46 // two lines below the address field
	foldMark1      = 105.0
	holeMark       = 148.5
	foldMark2      = 210.0
	lineHeight     = 4.5 // 11 pt text
	bottomMargin   = 25.0
)

// WriteLetter renders l as a one- or two-page PDF laid out after DIN 5008
// (form B), ready to print on plain paper and sign.
func WriteLetter(w io.Writer, l Letter) error {
	pdf := pdfdoc.New("P", "A4")
	pdf.SetMargins(marginLeft, 20, marginRight)
	pdf.SetAutoPageBreak(true, bottomMargin)
	pdf.SetTitle(letterTitle, true)
	pdf.SetAuthor(senderName, true)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		if pdf.PageNo() == 1 {
			return
		}
		pdf.SetY(-15)
		pdf.SetFont(pdfdoc.Font, "", 8)
		pdf.CellFormat(0, 4, fmt.Sprintf("Seite %d von {nb}", pdf.PageNo()), "", 0, "R", false, 0, "")
	})
	pdf.AddPage()

	// fold and hole marks on the left edge
	pdf.SetLineWidth(0.2)
	for _, y := range []float64{foldMark1, holeMark, foldMark2} {
		pdf.Line(3, y, 8, y)
	}

	// letterhead
	pdf.SetFont(pdfdoc.Font, "B", 18)
	pdf.Text(marginLeft, 22, senderName)
	pdf.SetFont(pdfdoc.Font, "", 12)
	pdf.Text(marginLeft, 29, senderOffice)

	// return address at the foot of the note zone, then the address zone
	pdf.SetFont(pdfdoc.Font, "", 7)
	pdf.Text(marginLeft, addressZoneTop-2, returnLine)
	pdf.SetFont(pdfdoc.Font, "", 11)
	for i, line := range l.Recipient {
		if i == addressLines {
			break
		}
		pdf.Text(marginLeft, addressZoneTop+4.23*float64(i+1), line)
	}

	// information block
	info := [][2]string{{contactLabel, contactValue}, {"Datum", FormatDay(l.Date)}}
	for i, item := range info {
		y := infoTop + 9*float64(i)
		pdf.SetFont(pdfdoc.Font, "", 8)
		pdf.Text(infoLeft, y, item[0])
		pdf.SetFont(pdfdoc.Font, "", 10)
		pdf.Text(infoLeft, y+4.5, item[1])
	}

	// subject, salutation, text
	pdf.SetXY(marginLeft, subjectTop)
	pdf.SetFont(pdfdoc.Font, "B", 11)
	pdf.MultiCell(textWidth, lineHeight, letterTitle, "", "L", false)
	pdf.Ln(2 * lineHeight)
	pdf.SetFont(pdfdoc.Font, "", 11)
	paragraphs := []string{
		l.Salutation,
		"im Namen der Stadt Bitburg und ihrer Bürgerinnen und Bürger danke ich Ihnen herzlich für Ihr ehrenamtliches Engagement.",
	}
	paragraphs = append(paragraphs, splitParagraphs(l.Reason)...)
	paragraphs = append(paragraphs,
		"Menschen, die sich wie Sie für andere einsetzen, machen Bitburg zu einer lebendigen und solidarischen Stadt. "+
			"Ihr Einsatz ist nicht selbstverständlich – dafür gebühren Ihnen Dank und Anerkennung.",
		"Mit freundlichen Grüßen")
	for i, p := range paragraphs {
		if i > 0 {
			pdf.Ln(lineHeight)
		}
		pdf.MultiCell(textWidth, lineHeight, p, "", "L", false)
	}

	// room for the signature, then the mayor's name and office
	if pdf.GetY()+5*lineHeight > 297-bottomMargin {
		pdf.AddPage()
	}
	pdf.Ln(3 * lineHeight)
	if l.Signatory != "" {
		pdf.MultiCell(textWidth, lineHeight, l.Signatory, "", "L", false)
	}
	pdf.MultiCell(textWidth, lineHeight, mayorTitle, "", "L", false)

	return pdf.Output(w)
}

// splitParagraphs turns the office's text into paragraphs at blank lines.
func splitParagraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// LetterFor gathers the letter for a dankesbrief award: the recipient and
// address from the award (or its organisation), the reason from its
// citation, the signatory from the mayor's seat of the working group.
func LetterFor(app core.App, award *core.Record) Letter {
	name := strings.TrimSpace(award.GetString("recipient_name"))
	l := Letter{
		Date:       award.GetDateTime("awarded_at").Time(),
		Reason:     award.GetString("citation"),
		Salutation: strings.TrimSpace(award.GetString("salutation")),
	}
	if l.Date.IsZero() {
		l.Date = time.Now()
	}

	var address []string
	if id := award.GetString("recipient_organisation"); id != "" {
		if org, err := app.FindRecordById(organisations.Collection, id); err == nil {
			l.Recipient = append(l.Recipient, org.GetString("name"))
			address = strings.Split(org.GetString("address"), ",")
		}
	}
	if name != "" {
		l.Recipient = append(l.Recipient, name)
	}
	if own := award.GetString("recipient_address"); strings.TrimSpace(own) != "" {
		address = strings.Split(own, "\n")
	}
	for _, line := range address {
		if line = strings.TrimSpace(line); line != "" {
			l.Recipient = append(l.Recipient, line)
		}
	}

	if l.Salutation == "" {
		if name != "" {
			l.Salutation = "Guten Tag " + name + ","
		} else {
			l.Salutation = "Sehr geehrte Damen und Herren,"
		}
	}

	mayor, err := app.FindFirstRecordByFilter(workinggroup.Collection,
		"seat = {:seat} && deputy = false && "+workinggroup.CurrentFilter, dbx.Params{"seat": workinggroup.SeatMayor})
	if err == nil {
		l.Signatory = mayor.GetString("person_name")
	}
	return l
}

// letterPDF serves the thank-you letter of a dankesbrief award to staff.
func letterPDF(e *core.RequestEvent) error {
	award, err := e.App.FindRecordById(Awards, e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("Diese Auszeichnung gibt es nicht.", nil)
	}
	if award.GetString("kind") != KindThankYou {
		return e.BadRequestError("Einen Brief gibt es nur für Auszeichnungen der Art „Dankesbrief“.", nil)
	}

	l := LetterFor(e.App, award)
	var buf bytes.Buffer
	if err := WriteLetter(&buf, l); err != nil {
		return e.InternalServerError("Der Brief konnte nicht erstellt werden.", err)
	}

	name := "dankesbrief"
	if len(l.Recipient) > 0 {
		name += "-" + slug.Make(l.Recipient[0])
	}
	e.Response.Header().Set("Content-Disposition", `attachment; filename="`+name+`.pdf"`)
	return e.Blob(http.StatusOK, "application/pdf", buf.Bytes())
}
