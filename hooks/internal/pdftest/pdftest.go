// Package pdftest reads back the PDFs BEN renders, for tests: the text as
// pdftotext (Debian: poppler-utils) extracts it.
package pdftest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"ben/hooks/internal/tools"
)

// Text extracts the text of pdf, runs of white space made single spaces.
// Without pdftotext it skips the test, or fails it in CI (tools.Need).
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	bin := tools.Need(t, "pdftotext", "poppler-utils")
	file := filepath.Join(t.TempDir(), "document.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
