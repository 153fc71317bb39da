package hooks_test

import (
	"github.com/pocketbase/pocketbase/core"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"ben/hooks/internal/testapp"
	"ben/hooks/internal/tools"
	"ben/hooks/tz"
)

// needDebianTools skips the test when a Debian tool it needs is not
// installed, and fails it in CI (which installs zbar-tools, poppler-utils
// and librsvg2-bin).
func needDebianTools(t *testing.T, need map[string]string) {
	t.Helper()
	for tool, pkg := range need {
		tools.Need(t, tool, pkg)
	}
}

func runTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("%s %v: %v %s", name, args, err, msg)
	}
	return string(out)
}

// scanQR reads the QR codes in a PNG as a phone's scanner would.
func scanQR(t *testing.T, png string) string {
	t.Helper()
	return strings.TrimSpace(runTool(t, "zbarimg", "--quiet", "--raw", png))
}

func TestCardQRCodeSVGDecodesToAValidToken(t *testing.T) {
	t.Parallel()
	needDebianTools(t, map[string]string{"zbarimg": "zbar-tools", "rsvg-convert": "librsvg2-bin"})
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	card := issuedCard(t, app, "printapp000001a", f.Citizen)

	rec := do(t, h, http.MethodGet, "/api/ben/cards/"+card.Id+"/qr.svg", f.Tokens["citizen"], "")
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	dir := t.TempDir()
	svg, png := filepath.Join(dir, "qr.svg"), filepath.Join(dir, "qr.png")
	if err := os.WriteFile(svg, rec.Body.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	runTool(t, "rsvg-convert", "--width", "400", "--output", png, svg)

	token := tokenOfScan(t, app, scanQR(t, png))
	if got, raw := verifyCardOnline(t, h, token); got != (verifyAnswer{"valid", "gültig", "Vera"}) {
		t.Fatalf("scanned %q: %s", token, raw)
	}
}

// tokenOfScan is the token in what a camera reads from a card's QR code:
// the check page's address of the application URL, the token in the
// fragment.
func tokenOfScan(t *testing.T, app core.App, scanned string) string {
	t.Helper()
	prefix := strings.TrimRight(app.Settings().Meta.AppURL, "/") + "/karte-pruefen#BEN1."
	if !strings.HasPrefix(scanned, prefix) {
		t.Fatalf("the QR code holds %q, want the check page's address %q…", scanned, prefix)
	}
	return strings.TrimPrefix(scanned, strings.TrimSuffix(prefix, "BEN1."))
}

func TestCardPDFShowsTheCardAndItsQRCodeDecodes(t *testing.T) {
	t.Parallel()
	needDebianTools(t, map[string]string{"zbarimg": "zbar-tools", "pdftoppm": "poppler-utils", "pdftotext": "poppler-utils", "pdfinfo": "poppler-utils"})
	app, f := testapp.New(t)
	app.Settings().Meta.AppURL = "https://ben.bitburg.example"
	h := testapp.Handler(t, app)
	card := issuedCard(t, app, "printapp000002a", f.Citizen)

	rec := do(t, h, http.MethodGet, "/api/ben/cards/"+card.Id+"/card.pdf", f.Tokens["citizen"], "")
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	dir := t.TempDir()
	pdf := filepath.Join(dir, "karte.pdf")
	if err := os.WriteFile(pdf, rec.Body.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}

	if info := runTool(t, "pdfinfo", pdf); !strings.Contains(info, "(A4)") || !strings.Contains(info, "Pages:           1") {
		t.Fatalf("want one A4 page:\n%s", info)
	}
	text := runTool(t, "pdftotext", "-layout", pdf, "-")
	validUntil := card.GetDateTime("valid_until").Time().In(tz.Berlin).Format("02.01.2006")
	for _, want := range []string{"Stadt Bitburg", card.GetString("number"), "Vera Vorlage", "Gültig bis", validUntil} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed card does not show %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "localhost") || rec.Header().Get("X-BEN-Warning") != "" {
		t.Errorf("with a public application URL there is no warning:\n%s", text)
	}

	runTool(t, "pdftoppm", "-r", "300", "-png", "-singlefile", pdf, filepath.Join(dir, "seite"))
	token := tokenOfScan(t, app, scanQR(t, filepath.Join(dir, "seite.png")))
	if got, raw := verifyCardOnline(t, h, token); got != (verifyAnswer{"valid", "gültig", "Vera"}) {
		t.Fatalf("scanned %q: %s", token, raw)
	}
}

func TestCardPrintedWhileTheAppURLIsLocalhostWarnsStaff(t *testing.T) {
	t.Parallel()
	needDebianTools(t, map[string]string{"pdftotext": "poppler-utils"})
	app, f := testapp.New(t)
	app.Settings().Meta.AppURL = "http://127.0.0.1:8090"
	h := testapp.Handler(t, app)
	card := issuedCard(t, app, "printapp000003a", f.Citizen)

	rec := do(t, h, http.MethodGet, "/api/ben/cards/"+card.Id+"/card.pdf", f.Tokens["staff"], "")
	if rec.Code != http.StatusOK || rec.Header().Get("X-BEN-Warning") != "app-url-localhost" {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	pdf := filepath.Join(t.TempDir(), "karte.pdf")
	if err := os.WriteFile(pdf, rec.Body.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if text := runTool(t, "pdftotext", pdf, "-"); !strings.Contains(text, "noch „localhost“") {
		t.Fatalf("the printout warns that its QR code leads nowhere:\n%s", text)
	}
	tok := do(t, h, http.MethodGet, "/api/ben/cards/"+card.Id+"/token", f.Tokens["staff"], "")
	if !strings.Contains(tok.Body.String(), `"warning":"Achtung`) {
		t.Fatalf("the token route warns too: %s", tok.Body)
	}
}
