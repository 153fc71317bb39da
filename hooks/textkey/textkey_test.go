package textkey

import "testing"

func TestLookAlikeNamesAndPartiesAreTheSame(t *testing.T) {
	t.Parallel()
	cases := []struct {
		a, b string
		same bool
	}{
		{"Partei B", "Partei B", true},
		{"Partei B", "partei b", true},
		{"Partei B", "  Partei   B ", true},
		{"Partei B", "Partei\u200bB", true},        // zero-width space
		{"Partei B", "Par\u200btei B", true},       // zero-width space inside a word
		{"Partei B", "\ufeffPartei B\u200d", true}, // byte order mark, zero-width joiner
		{"Partei B", "ＰＡＲＴＥＩ Ｂ", true},             // fullwidth forms
		{"Partei B", "Partei\u00a0B", true},        // no-break space
		{"Petra Demo", "Pétra Demo", true},
		{"Petra Demo", "Pe\u0301tra Demo", true}, // combining accent
		{"Petra Demo", "PETRA DEMO", true},
		{"Jürgen Müller", "Juergen Mueller", true},
		{"Fußball-Partei", "FUSSBALL PARTEI", true},
		// the other side of the boundary: different letters stay different
		{"Partei B", "Partei C", false},
		{"Partei B", "Partei", false},
		{"Petra Demo", "Peter Demo", false},
		{"Petra Demo", "Petra Demos", false},
		{"CDU", "CSU", false},
		{"", "", false},
		{"\u200b", "", false},
		{"\u200b", "\u200b", false},
	}
	for _, c := range cases {
		if got := Same(c.a, c.b); got != c.same {
			t.Errorf("Same(%q, %q) = %v, want %v (keys %q, %q)", c.a, c.b, got, c.same, Key(c.a), Key(c.b))
		}
		if got := Same(c.b, c.a); got != c.same {
			t.Errorf("Same(%q, %q) = %v, want %v", c.b, c.a, got, c.same)
		}
	}
}

func TestTheApplicantsOwnAddressIsRecognisedWithTagAndCase(t *testing.T) {
	t.Parallel()
	cases := []struct {
		a, b string
		same bool
	}{
		{"racer5@example.org", "racer5@example.org", true},
		{"racer5@example.org", "racer5+x@example.org", true},
		{"racer5@example.org", "Racer5+Bestaetigung@EXAMPLE.org", true},
		{"racer5@example.org", " racer5@example.org ", true},
		{"racer5@example.org", "racer5\u200b@example.org", true},
		{"racer5+a@example.org", "racer5+b@example.org", true},
		// other mailboxes
		{"racer5@example.org", "racer6@example.org", false},
		{"racer5@example.org", "racer5x@example.org", false},
		{"racer5@example.org", "racer5@example.com", false},
		{"racer5@example.org", "x+racer5@example.org", false},
		{"", "", false},
		{"@", "@", false},
	}
	for _, c := range cases {
		if got := SameAddress(c.a, c.b); got != c.same {
			t.Errorf("SameAddress(%q, %q) = %v, want %v (keys %q, %q)", c.a, c.b, got, c.same, Address(c.a), Address(c.b))
		}
	}
}

func FuzzKeyIsStable(f *testing.F) {
	for _, s := range []string{"Partei B", "ＰＡＲＴＥＩ Ｂ", "Partei\u200bB", "Pétra Demo", "Jürgen Müller"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Key(s)
		if Key(k) != k {
			t.Fatalf("Key(%q) = %q is not its own key (%q)", s, k, Key(k))
		}
		if Address(Address(s)) != Address(s) {
			t.Fatalf("Address(%q) is not stable", s)
		}
	})
}
