package mailer

import (
	"strings"
	"testing"
)

func TestOnlyBENsOwnAddressesBecomeLinks(t *testing.T) {
	t.Parallel()
	_, _, html, err := render(RegistrationEventCancelled{Name: "Kunde, Ihr Konto wird gesperrt! Jetzt bestätigen: https://evil.example/login",
		Event: "Erste Hilfe", When: "17.04.2030"}, "https://ben.example")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(html, `href="https://evil.example`) {
		t.Fatalf("an address a person typed must stay text:\n%s", html)
	}
	if !strings.Contains(html, `<a href="https://ben.example">`) {
		t.Fatalf("BEN's own address in the footer stays a link:\n%s", html)
	}
	cases := []struct {
		addr string
		own  bool
	}{
		{"https://ben.example", true},
		{"https://ben.example/termine/anmeldung#abc", true},
		{"https://ben.example?x=1", true},
		{"https://ben.example.evil.test/login", false},
		{"https://ben.examplex/", false},
		{"http://ben.example/", false},
		{"https://evil.example/https://ben.example/", false},
	}
	for _, c := range cases {
		if got := Own(c.addr, "https://ben.example/"); got != c.own {
			t.Errorf("Own(%q) = %v, want %v", c.addr, got, c.own)
		}
	}
	if Own("https://ben.example/x", "") {
		t.Error("without an application URL nothing is BEN's own")
	}
}

func TestANameInAMailIsANameOnly(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, value string
		max         int
		code        string
	}{
		{"a plain name", "Anna Müller-Lüdenscheidt", MaxPersonName, ""},
		{"a name with an apostrophe and a dot", "O'Neill, Dr. Jean-Luc", MaxPersonName, ""},
		{"an address with a scheme", "Kunde, bestätigen: https://evil.example/login", MaxPersonName, "validation_name_not_plain"},
		{"a scheme in capitals", "HTTPS://EVIL.EXAMPLE", MaxPersonName, "validation_name_not_plain"},
		{"an address without a scheme", "www.evil.example", MaxPersonName, "validation_name_not_plain"},
		{"a line break", "Anna\nIhr Konto wird gesperrt", MaxPersonName, "validation_name_not_plain"},
		{"a carriage return", "Anna\rX", MaxPersonName, "validation_name_not_plain"},
		{"a Unicode line separator", "Anna\u2028X", MaxPersonName, "validation_name_not_plain"},
		{"exactly the maximum", strings.Repeat("ä", MaxPersonName), MaxPersonName, ""},
		{"one more than the maximum", strings.Repeat("ä", MaxPersonName+1), MaxPersonName, "validation_name_too_long"},
		{"a business name of 200 characters", strings.Repeat("b", MaxGroupName), MaxGroupName, ""},
	}
	for _, c := range cases {
		vs := PlainName("name", c.value, c.max)
		got := ""
		if len(vs) > 0 {
			got = vs[0].Code
		}
		if got != c.code {
			t.Errorf("%s: code %q, want %q", c.name, got, c.code)
		}
	}
}

func FuzzPlainNameNeverLetsALinkOrABreakThrough(f *testing.F) {
	f.Add("Anna https://x.example")
	f.Add("www.x")
	f.Add("Anna\nB")
	f.Fuzz(func(t *testing.T, s string) {
		if len(PlainName("name", s, MaxGroupName)) == 0 {
			if strings.Contains(strings.ToLower(s), "://") || strings.Contains(strings.ToLower(s), "www.") || strings.ContainsAny(s, "\r\n") {
				t.Fatalf("%q passed", s)
			}
		}
	})
}
