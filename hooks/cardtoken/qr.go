package cardtoken

import (
	"fmt"
	"html"
	"strings"

	"rsc.io/qr"
)

// quietZone is the white margin around a QR code, in modules, that
// scanners need (the standard asks for four).
const quietZone = 4

// qrCode encodes text with medium error correction: a card may be scuffed
// or shown on a cracked screen.
func qrCode(text string) (*qr.Code, error) {
	return qr.Encode(text, qr.M)
}

// darkRuns calls fn for every horizontal run of dark modules: row y,
// columns x to x+n-1. Drawing runs instead of single modules keeps the SVG
// and the PDF small and free of hairline gaps.
func darkRuns(code *qr.Code, fn func(x, y, n int)) {
	for y := 0; y < code.Size; y++ {
		for x := 0; x < code.Size; {
			if !code.Black(x, y) {
				x++
				continue
			}
			start := x
			for x < code.Size && code.Black(x, y) {
				x++
			}
			fn(start, y, x-start)
		}
	}
}

// QRSVG draws text as a QR code in SVG, one module per user unit with the
// quiet zone included; label is its accessible name.
func QRSVG(text, label string) ([]byte, error) {
	code, err := qrCode(text)
	if err != nil {
		return nil, err
	}
	side := code.Size + 2*quietZone
	var path strings.Builder
	darkRuns(code, func(x, y, n int) {
		fmt.Fprintf(&path, "M%d %dh%dv1h-%dz", x+quietZone, y+quietZone, n, n)
	})
	svg := fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" shape-rendering="crispEdges" role="img" aria-label="%s">`+
		`<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		side, side, side*8, side*8, html.EscapeString(label), side, side, path.String())
	return []byte(svg), nil
}
