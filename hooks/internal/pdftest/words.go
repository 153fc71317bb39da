package pdftest

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"ben/hooks/internal/tools"
)

// Word is one word of a PDF page as pdftotext places it, in millimetres
// from the top left corner of its page.
type Word struct {
	Page       int
	Text       string
	Left, Top  float64
	Right, Bot float64
}

const pointsPerMM = 72 / 25.4

// Words extracts every word of pdf with its box (pdftotext -bbox). Without
// pdftotext it skips the test, or fails it in CI (tools.Need).
func Words(t testing.TB, pdf []byte) []Word {
	t.Helper()
	bin := tools.Need(t, "pdftotext", "poppler-utils")
	file := filepath.Join(t.TempDir(), "document.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-bbox", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	var doc struct {
		Pages []struct {
			Words []struct {
				XMin float64 `xml:"xMin,attr"`
				YMin float64 `xml:"yMin,attr"`
				XMax float64 `xml:"xMax,attr"`
				YMax float64 `xml:"yMax,attr"`
				Text string  `xml:",chardata"`
			} `xml:"word"`
		} `xml:"body>doc>page"`
	}
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("pdftotext -bbox output: %v", err)
	}
	var words []Word
	for i, p := range doc.Pages {
		for _, w := range p.Words {
			words = append(words, Word{Page: i + 1, Text: w.Text,
				Left: w.XMin / pointsPerMM, Top: w.YMin / pointsPerMM, Right: w.XMax / pointsPerMM, Bot: w.YMax / pointsPerMM})
		}
	}
	return words
}
