package mailer_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"ben/hooks/mailer"
)

func TestTheDevelopmentSinkKeepsMailsAndPrintsTheirLinks(t *testing.T) {
	t.Parallel()
	app, err := tests.NewTestApp()
	if err != nil {
		t.Fatal(err)
	}
	defer app.Cleanup()
	app.Settings().Meta.AppURL = "http://127.0.0.1:8090"
	var out strings.Builder
	mailer.UseDevSink(app, &out)

	err = mailer.Send(app, mailer.Mail{To: "person@example.org", Letter: mailer.PasswordReset{Link: "http://127.0.0.1:8090/passwort-neu?token=abc"}})
	if err != nil {
		t.Fatal(err)
	}
	if app.TestMailer.TotalSend() != 0 {
		t.Fatal("the sink let the mail go out")
	}
	printed := out.String()
	if !strings.Contains(printed, "http://127.0.0.1:8090/passwort-neu?token=abc") || !strings.Contains(printed, "Passwort") {
		t.Fatalf("subject or link not printed:\n%s", printed)
	}
	if strings.Contains(printed, "person@example.org") {
		t.Fatal("the recipient's address was printed")
	}
	files, _ := filepath.Glob(filepath.Join(app.DataDir(), mailer.DevMailsDir, "*.txt"))
	if len(files) != 1 {
		t.Fatalf("%d mail files", len(files))
	}
	body, _ := os.ReadFile(files[0])
	if !strings.Contains(string(body), "An: <person@example.org>") || !strings.Contains(string(body), "token=abc") {
		t.Fatalf("mail file:\n%s", body)
	}
}
