package consolelog

import (
	"bytes"
	"strings"
	"testing"
)

func TestStatementsArePrintedWithoutTheirValues(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"[0.12ms] UPDATE `users` SET `tokenKey` = 'Zx9s''kd', `password` = '$2a$10$abc' WHERE `id` = 'u1'\n":     "[0.12ms] UPDATE `users` SET `tokenKey` = ?, `password` = ? WHERE `id` = ?\n",
		"[3ms] INSERT INTO `card_applications` (`birth_date`, `hours`) VALUES ('1987-04-17 00:00:00.000Z', 6)\n": "[3ms] INSERT INTO `card_applications` (`birth_date`, `hours`) VALUES (?, 6)\n",
		"[0.00ms] SELECT * FROM `x` WHERE `blob` = 0xdeadBEEF AND `n`=0x\n":                                      "[0.00ms] SELECT * FROM `x` WHERE `blob` = ? AND `n`=?\n",
		"[1.00ms] SELECT 'unterminated\n": "[1.00ms] SELECT ?",
		"[1.00ms] SELECT `a0x1` FROM t\n": "[1.00ms] SELECT `a0x1` FROM t\n",
	}
	for in, want := range cases {
		var out bytes.Buffer
		n, err := Redact(&out).Write([]byte(in))
		if err != nil || n != len(in) {
			t.Fatalf("Write(%q) = %d, %v", in, n, err)
		}
		if out.String() != want {
			t.Errorf("Write(%q)\n got %q\nwant %q", in, out.String(), want)
		}
	}
}

func TestMailsAreAnnouncedWithoutContent(t *testing.T) {
	t.Parallel()
	mail := "2026/12/01 10:00:00 Mail sent\n├─ From: BEN <noreply@ben.example>\n├─ To: [<anna@example.org>]\n├─ Subject: Neues Passwort\n└─ Text:\n        https://ben.example/passwort-neu#token=eyJhbGciOi\n"
	var out bytes.Buffer
	if _, err := Redact(&out).Write([]byte(mail)); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, secret := range []string{"anna@example.org", "eyJhbGciOi", "Neues Passwort", "noreply@ben.example"} {
		if strings.Contains(got, secret) {
			t.Errorf("%q is printed: %q", secret, got)
		}
	}
	if got != "2026/12/01 10:00:00"+MailNotice {
		t.Errorf("printed %q", got)
	}
}

func TestOtherOutputPassesUnchanged(t *testing.T) {
	t.Parallel()
	for _, line := range []string{"Server started at http://127.0.0.1:8090\n", "├─ REST API: http://127.0.0.1:8090/api/\n", "[not sql] 'quoted'\n"} {
		var out bytes.Buffer
		if _, err := Redact(&out).Write([]byte(line)); err != nil || out.String() != line {
			t.Errorf("%q became %q (%v)", line, out.String(), err)
		}
	}
}

func FuzzRedactSQL(f *testing.F) {
	f.Add("[1ms] SELECT 'a''b', 0x00 FROM t")
	f.Fuzz(func(t *testing.T, s string) {
		got := RedactSQL(s)
		// whatever stood between quotes is gone
		if strings.Count(got, "'") != 0 {
			t.Fatalf("a quote survived: %q → %q", s, got)
		}
	})
}
