package cardtoken_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"ben/hooks/cardtoken"
	"ben/hooks/internal/pdftest"
	"ben/hooks/tz"
)

// keyFromByte is a fixed key, so that failures reproduce.
func keyFromByte(b byte) cardtoken.SigningKey {
	return cardtoken.NewSigningKey(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{b}, ed25519.SeedSize)))
}

var (
	office  = keyFromByte(1)
	ring    = cardtoken.Keyring{office.KeyID: office.Private.Public().(ed25519.PublicKey)}
	berlin  = func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, tz.Berlin) }
	checkOn = berlin(2026, 5, 10, 12, 0)
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func sign(t testing.TB, c cardtoken.Claims, key cardtoken.SigningKey) string {
	t.Helper()
	tok, err := cardtoken.Sign(c, key)
	if err != nil {
		t.Fatal(err)
	}
	return tok.String()
}

func standard(until time.Time) cardtoken.Claims {
	return cardtoken.Claims{Number: "BIT-2026-00042", Kind: cardtoken.KindStandard, ValidUntil: until, FirstName: "Jürgen"}
}

// reencode builds a token from raw parts, to forge payloads the signer
// would never produce.
func reencode(payload string, sig []byte) string {
	enc := base64.RawURLEncoding
	return "BEN1." + enc.EncodeToString([]byte(payload)) + "." + enc.EncodeToString(sig)
}

type verdictCase struct {
	name    string
	token   string
	now     time.Time
	revoked func(string) bool
	want    cardtoken.Verdict
	reason  string
}

func TestVerifyVerdicts(t *testing.T) {
	t.Parallel()
	valid := sign(t, standard(day(2026, 5, 11)), office)
	revokedList := func(n string) bool { return n == "BIT-2026-00042" }
	foreign := keyFromByte(2)
	sameKidForeignKey := cardtoken.SigningKey{KeyID: office.KeyID, Private: foreign.Private}
	parsed, _ := cardtoken.Parse(valid)
	sig := []byte(valid[strings.LastIndex(valid, ".")+1:])
	goodSig, _ := base64.RawURLEncoding.DecodeString(string(sig))

	cases := []verdictCase{
		{name: "genuine card within its validity is valid", token: valid, now: checkOn, want: cardtoken.Valid},
		{name: "surrounding white space from a scanner is ignored", token: " \t" + valid + "\r\n", now: checkOn, want: cardtoken.Valid},
		{name: "other white space is not", token: "\u00a0" + valid, now: checkOn, want: cardtoken.NotGenuine, reason: cardtoken.ReasonMalformed},
		{name: "card is valid through its last day (late evening in Bitburg)", token: valid, now: berlin(2026, 5, 11, 23, 59), want: cardtoken.Valid},
		{name: "card is expired from the next day in Bitburg (still the day before in UTC)", token: valid, now: berlin(2026, 5, 12, 0, 30), want: cardtoken.Expired},
		{name: "card valid for life never expires", now: berlin(2090, 1, 1, 0, 0), want: cardtoken.Valid,
			token: sign(t, cardtoken.Claims{Number: "BIT-2026-00043", Kind: cardtoken.KindJubilee, FirstName: "Hilde"}, office)},
		{name: "revoked card is revoked", token: valid, now: checkOn, revoked: revokedList, want: cardtoken.Revoked},
		{name: "revoked card past its validity is expired", token: valid, now: berlin(2027, 1, 1, 9, 0), revoked: revokedList, want: cardtoken.Expired},
		{name: "other numbers on the list do not matter", token: valid, now: checkOn, revoked: func(n string) bool { return n == "BIT-2026-00041" }, want: cardtoken.Valid},
		{name: "a foreign key with the office's key id is not genuine", token: sign(t, standard(day(2026, 5, 11)), sameKidForeignKey), now: checkOn,
			want: cardtoken.NotGenuine, reason: cardtoken.ReasonBadSignature},
		{name: "an unknown key id is not genuine", token: sign(t, standard(day(2026, 5, 11)), foreign), now: checkOn,
			want: cardtoken.NotGenuine, reason: cardtoken.ReasonUnknownKey},
		{name: "a later validity with the old signature is not genuine", now: checkOn, want: cardtoken.NotGenuine, reason: cardtoken.ReasonBadSignature,
			token: reencode(office.KeyID+"|BIT-2026-00042|S|20300511|Jürgen", goodSig)},
		{name: "another first name with the old signature is not genuine", now: checkOn, want: cardtoken.NotGenuine, reason: cardtoken.ReasonBadSignature,
			token: reencode(office.KeyID+"|BIT-2026-00042|S|20260511|Jörg", goodSig)},
		{name: "a standard card turned into one for life is not genuine", now: checkOn, want: cardtoken.NotGenuine, reason: cardtoken.ReasonBadSignature,
			token: reencode(office.KeyID+"|BIT-2026-00042|J||Jürgen", goodSig)},
		{name: "empty text is not genuine", token: "", now: checkOn, want: cardtoken.NotGenuine, reason: cardtoken.ReasonMalformed},
		{name: "other text is not genuine", token: "https://example.org/", now: checkOn, want: cardtoken.NotGenuine, reason: cardtoken.ReasonMalformed},
		{name: "another version is not genuine", token: "BEN2" + valid[4:], now: checkOn, want: cardtoken.NotGenuine, reason: cardtoken.ReasonMalformed},
		{name: "padding is not genuine", token: valid + "=", now: checkOn, want: cardtoken.NotGenuine, reason: cardtoken.ReasonMalformed},
		{name: "a third part is not genuine", token: valid + ".AA", now: checkOn, want: cardtoken.NotGenuine, reason: cardtoken.ReasonMalformed},
		{name: "a short signature is not genuine", token: valid[:len(valid)-4], now: checkOn, want: cardtoken.NotGenuine, reason: cardtoken.ReasonMalformed},
		{name: "too long a text is not genuine", token: valid + strings.Repeat("A", cardtoken.MaxTokenLength), now: checkOn, want: cardtoken.NotGenuine, reason: cardtoken.ReasonMalformed},
	}
	for _, payload := range []string{
		office.KeyID + "|BIT-2026-00042|S|20260511",           // four fields
		office.KeyID + "|BIT-2026-00042|X|20260511|Jürgen",    // unknown kind
		office.KeyID + "|BIT-2026-00042|S|20260230|Jürgen",    // no such day
		office.KeyID + "|BIT-2026-00042|S|2026-05-11|Jürgen",  // wrong date form
		office.KeyID + "|BIT-2026-00042|S||Jürgen",            // standard card without end
		office.KeyID + "|BIT-2026-00042|J|20260511|Jürgen",    // card for life with an end
		office.KeyID + "|BIT-26-42|S|20260511|Jürgen",         // not a card number
		office.KeyID + "|BIT-2026-00042|S|20260511|",          // no first name
		"|BIT-2026-00042|S|20260511|Jürgen",                   // no key id
		office.KeyID + "|BIT-2026-00042|S|20260511|J\xffrgen", // not UTF-8
	} {
		cases = append(cases, verdictCase{name: "malformed payload " + payload, token: reencode(payload, goodSig), now: checkOn, want: cardtoken.NotGenuine, reason: cardtoken.ReasonMalformed})
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := cardtoken.Verify(c.token, ring, c.now, c.revoked)
			if got.Verdict != c.want || got.Reason != c.reason {
				t.Fatalf("verdict %q (%q), want %q (%q)", got.Verdict, got.Reason, c.want, c.reason)
			}
			if got.Verdict == cardtoken.NotGenuine && got.Claims != (cardtoken.Claims{}) {
				t.Fatalf("a token that is not genuine must tell nothing, got %+v", got.Claims)
			}
		})
	}
	if parsed.FirstName != "Jürgen" || parsed.ValidUntil != day(2026, 5, 11) || parsed.KeyID != office.KeyID {
		t.Fatalf("parsed claims %+v", parsed.Claims)
	}
}

// Every single changed character of a genuine token makes it not genuine.
func TestVerifyEveryChangedCharacter(t *testing.T) {
	t.Parallel()
	valid := sign(t, standard(day(2026, 5, 11)), office)
	for i := range len(valid) {
		for _, r := range []byte{'A', 'g', '0', '-', '_', '.', '|'} {
			if valid[i] == r {
				continue
			}
			changed := valid[:i] + string(r) + valid[i+1:]
			if got := cardtoken.Verify(changed, ring, checkOn, nil); got.Verdict != cardtoken.NotGenuine {
				t.Fatalf("character %d changed to %q: verdict %q", i, r, got.Verdict)
			}
		}
	}
}

func TestSignAndParse(t *testing.T) {
	t.Parallel()
	// a validity end with a time of day is the card's day in Bitburg
	until := time.Date(2028, 3, 14, 23, 30, 0, 0, time.UTC) // 15 March, 00:30 in Bitburg
	tok, err := cardtoken.Sign(standard(until), office)
	if err != nil {
		t.Fatal(err)
	}
	back, err := cardtoken.Parse(tok.String())
	if err != nil {
		t.Fatal(err)
	}
	if back.String() != tok.String() || back.Claims != tok.Claims {
		t.Fatalf("round trip: %+v != %+v", back.Claims, tok.Claims)
	}
	if back.ValidUntil != day(2028, 3, 15) {
		t.Fatalf("valid until %v, want the Bitburg day 2028-03-15", back.ValidUntil)
	}
	if l := len(tok.String()); l > 160 {
		t.Fatalf("token is %d characters; it should stay short for the QR code", l)
	}
	// a first name may contain the separator: it is the last field
	odd, err := cardtoken.Sign(cardtoken.Claims{Number: "BIT-2026-00001", Kind: cardtoken.KindJubilee, FirstName: "A|B.C"}, office)
	if err != nil {
		t.Fatal(err)
	}
	if got := cardtoken.Verify(odd.String(), ring, checkOn, nil); got.Verdict != cardtoken.Valid || got.Claims.FirstName != "A|B.C" {
		t.Fatalf("odd first name: %+v", got)
	}

	for name, c := range map[string]cardtoken.Claims{
		"no first name":              {Number: "BIT-2026-00001", Kind: cardtoken.KindStandard, ValidUntil: until, FirstName: "  "},
		"no card number":             {Number: "42", Kind: cardtoken.KindStandard, ValidUntil: until, FirstName: "Vera"},
		"unknown kind":               {Number: "BIT-2026-00001", Kind: "gold", ValidUntil: until, FirstName: "Vera"},
		"standard card without end":  {Number: "BIT-2026-00001", Kind: cardtoken.KindStandard, FirstName: "Vera"},
		"name too long for the code": {Number: "BIT-2026-00001", Kind: cardtoken.KindStandard, ValidUntil: until, FirstName: strings.Repeat("𝔙", 100)},
	} {
		if _, err := cardtoken.Sign(c, office); err == nil {
			t.Errorf("%s: signed, want an error", name)
		}
	}
}

func TestRevocationList(t *testing.T) {
	t.Parallel()
	issued := time.Date(2026, 5, 10, 10, 0, 0, 0, time.UTC)
	list := cardtoken.SignRevocations([]string{"BIT-2026-00009", "BIT-2025-00100", "BIT-2026-00009"}, issued, office)
	if strings.Join(list.Numbers, ",") != "BIT-2025-00100,BIT-2026-00009" {
		t.Fatalf("numbers %v, want sorted without duplicates", list.Numbers)
	}
	if err := cardtoken.VerifyRevocations(list, ring); err != nil {
		t.Fatal(err)
	}
	if !list.Contains("BIT-2026-00009") || list.Contains("BIT-2026-00001") {
		t.Fatal("Contains")
	}

	dropped := list
	dropped.Numbers = dropped.Numbers[:1]
	older := list
	older.IssuedAt = issued.Add(24 * time.Hour)
	foreign := cardtoken.SignRevocations(nil, issued, cardtoken.SigningKey{KeyID: office.KeyID, Private: keyFromByte(2).Private})
	for name, l := range map[string]cardtoken.RevocationList{"number dropped": dropped, "time changed": older, "foreign key": foreign} {
		if cardtoken.VerifyRevocations(l, ring) == nil {
			t.Errorf("%s: signature verifies", name)
		}
	}

	later := cardtoken.SignRevocations(list.Numbers, issued.Add(time.Hour), office)
	if later.ETag() != list.ETag() {
		t.Fatal("the ETag must not change with the time of signing alone")
	}
	more := cardtoken.SignRevocations(append(list.Numbers, "BIT-2026-00010"), issued, office)
	if more.ETag() == list.ETag() {
		t.Fatal("the ETag must change when a card is revoked")
	}
	empty := cardtoken.SignRevocations(nil, issued, office)
	if empty.Numbers == nil || cardtoken.VerifyRevocations(empty, ring) != nil {
		t.Fatal("an empty list is a signed empty array")
	}
}

func TestPublished(t *testing.T) {
	t.Parallel()
	today := berlin(2026, 5, 10, 12, 0)
	cases := []struct {
		name string
		key  cardtoken.KeyState
		want bool
	}{
		{"active key", cardtoken.KeyState{Active: true}, true},
		{"retired key that never signed a card", cardtoken.KeyState{}, false},
		{"retired key whose last card ends today", cardtoken.KeyState{CoversUntil: day(2026, 5, 10)}, true},
		{"retired key whose last card ended yesterday", cardtoken.KeyState{CoversUntil: day(2026, 5, 9)}, false},
		{"retired key that signed a card for life", cardtoken.KeyState{CoversLifetime: true, CoversUntil: day(2020, 1, 1)}, true},
	}
	for _, c := range cases {
		if got := cardtoken.Published(c.key, today); got != c.want {
			t.Errorf("%s: published %v, want %v", c.name, got, c.want)
		}
	}
}

func TestQRSVGIsWellFormed(t *testing.T) {
	t.Parallel()
	svg, err := cardtoken.QRSVG(sign(t, standard(day(2026, 5, 11)), office), `Karte "BIT" <1>`)
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		if _, err := dec.Token(); err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("not well-formed XML: %v\n%s", err, svg)
			}
			break
		}
	}
	if !bytes.Contains(svg, []byte(`aria-label="Karte &#34;BIT&#34; &lt;1&gt;"`)) {
		t.Fatalf("label not escaped: %s", svg[:300])
	}
}

func TestWriteCardPDFPrintsTheHolderTheCardAndWhereToCheckIt(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	err := cardtoken.WriteCardPDF(&buf, cardtoken.CardSheet{Number: "BIT-2026-00042", Name: "Jürgen Weiß", Kind: cardtoken.KindJubilee,
		QR: "https://ben.example/karte-pruefen#" + sign(t, standard(day(2026, 5, 11)), office), VerifyURL: "https://ben.example/karte-pruefen"})
	if err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, buf.Bytes())
	for _, want := range []string{
		"Ihre Ehrenamtskarte zum Ausdrucken", "Originalgröße (100 %",
		"Stadt Bitburg", "Jubiläums-Ehrenamtskarte Rheinland-Pfalz",
		"Name Jürgen Weiß", "Karten-Nr. BIT-2026-00042", "Gültig bis unbefristet",
		"https://ben.example/karte-pruefen", "auch ohne Internetverbindung",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the card lacks %q:\n%s", want, text)
		}
	}
}

func TestWriteCardPDFPrintsTheLastValidDay(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	err := cardtoken.WriteCardPDF(&buf, cardtoken.CardSheet{Number: "BIT-2026-00043", Name: "Anna Beispiel", Kind: cardtoken.KindStandard,
		ValidUntil: day(2028, 5, 11), QR: "https://ben.example/karte-pruefen#" + sign(t, standard(day(2028, 5, 11)), office)})
	if err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, buf.Bytes())
	if !strings.Contains(text, "Gültig bis 11.05.2028") || strings.Contains(text, "Jubiläums") || !strings.Contains(text, "Ehrenamtskarte Rheinland-Pfalz") {
		t.Errorf("a standard card shows its last valid day:\n%s", text)
	}
}

func FuzzParse(f *testing.F) {
	valid := sign(f, standard(day(2026, 5, 11)), office)
	life := sign(f, cardtoken.Claims{Number: "BIT-2026-00043", Kind: cardtoken.KindJubilee, FirstName: "Hilde"}, office)
	for _, seed := range []string{valid, life, "", "BEN1.", "BEN1..", valid + "=", " " + valid, strings.ToUpper(valid), "BEN1.fA.AA"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		tok, err := cardtoken.Parse(text)
		if err == nil && tok.String() != strings.Trim(text, " \t\r\n\f\v") {
			t.Fatalf("parsed %q but reads back as %q", text, tok.String())
		}
		got := cardtoken.Verify(text, ring, checkOn, nil)
		if got.Verdict != cardtoken.NotGenuine {
			// only the office's own tokens are genuine
			if s := strings.Trim(text, " \t\r\n\f\v"); s != valid && s != life {
				t.Fatalf("%q verified as %q", text, got.Verdict)
			}
		}
	})
}

func BenchmarkVerifySignature(b *testing.B) {
	tok, err := cardtoken.Parse(sign(b, standard(day(2026, 5, 11)), office))
	if err != nil {
		b.Fatal(err)
	}
	pub := ring[office.KeyID]
	for b.Loop() {
		if !cardtoken.VerifySignature(tok, pub) {
			b.Fatal("signature")
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	text := sign(b, standard(day(2026, 5, 11)), office)
	for b.Loop() {
		if cardtoken.Verify(text, ring, checkOn, nil).Verdict != cardtoken.Valid {
			b.Fatal("verdict")
		}
	}
}

// The token format as the README states it for independent verifiers.
func TestTokenFormatAsDocumented(t *testing.T) {
	t.Parallel()
	t.Run("the first name is everything after the fourth bar, bars included", func(t *testing.T) {
		t.Parallel()
		c := standard(day(2026, 5, 11))
		c.FirstName = "Jo|Anna|"
		tok, err := cardtoken.Parse(sign(t, c, office))
		if err != nil || tok.FirstName != "Jo|Anna|" {
			t.Fatalf("first name %q (%v), want %q", tok.FirstName, err, "Jo|Anna|")
		}
		if got := cardtoken.Verify(tok.String(), ring, checkOn, nil); got.Verdict != cardtoken.Valid || got.Claims.FirstName != "Jo|Anna|" {
			t.Fatalf("verdict %+v", got)
		}
	})

	t.Run("only canonical base64url: unused bits set make a token not genuine, in either part", func(t *testing.T) {
		t.Parallel()
		c := standard(day(2026, 5, 11))
		c.FirstName = "Jürgens" // a payload of 43 bytes: its last character has unused bits
		valid := sign(t, c, office)
		parts := strings.Split(valid, ".")
		if len(parts[1])%4 == 0 {
			t.Fatal("the payload must end with unused bits for this test")
		}
		const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		flip := func(s string) string {
			last := strings.IndexByte(alphabet, s[len(s)-1])
			return s[:len(s)-1] + string(alphabet[last^1]) // the lowest bit is unused in both parts' last character
		}
		for name, text := range map[string]string{
			"signature": parts[0] + "." + parts[1] + "." + flip(parts[2]),
			"payload":   parts[0] + "." + flip(parts[1]) + "." + parts[2],
		} {
			// the same bytes, decoded leniently
			if got := cardtoken.Verify(text, ring, checkOn, nil); got.Verdict != cardtoken.NotGenuine || got.Reason != cardtoken.ReasonMalformed {
				t.Errorf("%s with unused bits set: %+v, want not genuine (malformed)", name, got)
			}
		}
	})

	t.Run("ASCII white space around the token is trimmed, nothing else", func(t *testing.T) {
		t.Parallel()
		valid := sign(t, standard(day(2026, 5, 11)), office)
		for _, ws := range []string{" ", "\t", "\r", "\n", "\f", "\v", " \t\r\n\f\v"} {
			if got := cardtoken.Verify(ws+valid+ws, ring, checkOn, nil); got.Verdict != cardtoken.Valid {
				t.Errorf("%q around the token: %s, want valid", ws, got.Verdict)
			}
		}
		for _, ws := range []string{"\u00a0", "\u2003", "\u200b", "\ufeff"} {
			if got := cardtoken.Verify(ws+valid, ring, checkOn, nil); got.Verdict != cardtoken.NotGenuine {
				t.Errorf("%q before the token: %s, want not genuine", ws, got.Verdict)
			}
		}
		if got := cardtoken.Verify(valid[:30]+"\n"+valid[30:], ring, checkOn, nil); got.Verdict != cardtoken.NotGenuine {
			t.Errorf("a line break inside: %s, want not genuine", got.Verdict)
		}
	})
}
