package mailer

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	pbmailer "github.com/pocketbase/pocketbase/tools/mailer"
)

// DevMailsDir is the folder of the data directory the development mail
// sink writes to.
const DevMailsDir = "dev-mails"

// UseDevSink makes app keep every mail instead of sending it: each mail is
// written to <data dir>/dev-mails/ as a text file (and its HTML beside it),
// and out is told the subject, the file and the links in it, so that a
// developer can follow a confirmation or password link without a mail
// server. It is for development only (make run switches it on with the
// flag --devMails); the recipient's address is in the file, not on out.
func UseDevSink(app core.App, out io.Writer) {
	var mu sync.Mutex
	count := 0
	app.OnMailerSend().Bind(&hook.Handler[*core.MailerEvent]{
		Id:       "benDevMailSink",
		Priority: -1000, // before anything else: nothing leaves the machine
		Func: func(e *core.MailerEvent) error {
			mu.Lock()
			defer mu.Unlock()
			count++
			dir := filepath.Join(e.App.DataDir(), DevMailsDir)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			name := fmt.Sprintf("%s-%03d-%s", time.Now().Format("20060102-150405"), count, fileSlug(e.Message.Subject))
			path := filepath.Join(dir, name+".txt")
			if err := os.WriteFile(path, []byte(devMailText(e.Message)), 0o644); err != nil {
				return err
			}
			if e.Message.HTML != "" {
				if err := os.WriteFile(filepath.Join(dir, name+".html"), []byte(e.Message.HTML), 0o644); err != nil {
					return err
				}
			}
			fmt.Fprintf(out, "\nMail (nicht versandt, gespeichert): %s\n  Datei: %s\n", e.Message.Subject, path)
			for _, link := range devLinks(e.Message.Text) {
				fmt.Fprintf(out, "  Link:  %s\n", link)
			}
			return nil // not e.Next(): the mail is kept, not sent
		},
	})
}

func devMailText(m *pbmailer.Message) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Von: %s\n", m.From.String())
	for _, to := range m.To {
		fmt.Fprintf(&b, "An: %s\n", to.String())
	}
	fmt.Fprintf(&b, "Betreff: %s\nDatum: %s\n\n%s", m.Subject, time.Now().Format(time.RFC1123Z), m.Text)
	return b.String()
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

func fileSlug(subject string) string {
	s := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss").Replace(strings.ToLower(subject))
	s = strings.Trim(nonWord.ReplaceAllString(s, "-"), "-")
	if len(s) > 50 {
		s = strings.TrimRight(s[:50], "-")
	}
	if s == "" {
		s = "mail"
	}
	return s
}

// devLinks are the distinct addresses in a mail's text, in order.
func devLinks(text string) []string {
	out := []string{}
	for _, l := range linkPattern.FindAllString(text, -1) {
		if !contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
