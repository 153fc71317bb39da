package slug

import "testing"

func TestMake(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"Freiwillige Feuerwehr Bitburg", "freiwillige-feuerwehr-bitburg"},
		{"Tafel Bitburg e.V.", "tafel-bitburg-e-v"},
		{"Jugendmusikschule Südeifel", "jugendmusikschule-suedeifel"},
		{"Fußballverein Grün-Weiß", "fussballverein-gruen-weiss"},
		{"  --Café  Olé!-- ", "cafe-ole"},
		{"ÄÖÜ", "aeoeue"},
		{"2027: Bitburg engagiert sich", "2027-bitburg-engagiert-sich"},
		{"日本語", ""},
		{"", ""},
	}
	for _, c := range cases {
		if got := Make(c.in); got != c.want {
			t.Errorf("Make(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestValid(t *testing.T) {
	t.Parallel()
	good := []string{"a", "tafel-bitburg", "verein-2027"}
	bad := []string{"", "Tafel", "tafel--bitburg", "-tafel", "tafel-", "tafel_bitburg", "café"}
	for _, s := range good {
		if !Valid(s) {
			t.Errorf("Valid(%q) = false, want true", s)
		}
	}
	for _, s := range bad {
		if Valid(s) {
			t.Errorf("Valid(%q) = true, want false", s)
		}
	}
}

func FuzzMake(f *testing.F) {
	for _, s := range []string{"Tafel Bitburg e.V.", "ÄÖÜß", "a--b", "\u0301x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Make(in)
		if out != "" && !Valid(out) {
			t.Fatalf("Make(%q) = %q, which is not a valid slug", in, out)
		}
	})
}
