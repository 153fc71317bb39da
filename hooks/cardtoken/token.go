// Package cardtoken makes the volunteer card digital: an Ed25519-signed card
// token for the QR code, its parser and verifier, a signed revocation list,
// the signing keys kept with the data, and the routes that publish keys and
// lists, check a token online and hand the holder the QR code and a
// printable card.
//
// A partner's phone checks a token without the server: the portal's
// verification page runs the same rules (signature against the published
// keys, validity date, revocation list) in the browser.
//
// The token is short text for a QR code:
//
//	BEN1.<payload>.<signature>
//
// payload is base64url (no padding) of "kid|number|kind|valid_until|first_name"
// with kind S (standard) or J (jubilee), valid_until as YYYYMMDD or empty
// (valid for life), and the first name last so that it may hold any
// character. signature is base64url of the Ed25519 signature over the
// ASCII text "BEN1.<payload>". Nothing else of the holder is in it.
package cardtoken

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"ben/hooks/card"
	"ben/hooks/tz"
)

// Version is the token format's prefix, and part of what is signed.
const Version = "BEN1"

// MaxTokenLength bounds what the parser reads; real tokens are about 140
// characters.
const MaxTokenLength = 512

// Kinds of card, as written in the token.
const (
	KindStandard = "standard"
	KindJubilee  = "jubilaeum"
)

var kindCodes = map[string]string{KindStandard: "S", KindJubilee: "J"}

// Claims is what a card token says about a card: nothing beyond what a
// partner needs to see.
type Claims struct {
	KeyID      string
	Number     string    // e.g. BIT-2026-00042
	Kind       string    // KindStandard or KindJubilee
	ValidUntil time.Time // last valid calendar day (midnight UTC); zero = valid for life
	FirstName  string
}

// Lifetime reports whether the card never expires.
func (c Claims) Lifetime() bool { return c.ValidUntil.IsZero() }

// Token is a parsed card token: its claims and the parts the signature
// covers.
type Token struct {
	Claims
	signed    string // "BEN1.<payload>"
	signature []byte
}

// String is the token as text, exactly as parsed or signed.
func (t Token) String() string {
	return t.signed + "." + b64.EncodeToString(t.signature)
}

var (
	b64           = base64.RawURLEncoding.Strict()
	kidPattern    = regexp.MustCompile(`^[A-Za-z0-9_-]{1,16}$`)
	numberPattern = regexp.MustCompile(`^BIT-[0-9]{4}-[0-9]{5}$`)
	datePattern   = regexp.MustCompile(`^[0-9]{8}$`)
	// the decoder skips line breaks; a token has none
	tokenPattern = regexp.MustCompile(`^` + Version + `\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`)
)

// Errors of Parse and Sign. Every one of them makes a token "not genuine".
var (
	ErrMalformed = errors.New("malformed card token")
	ErrClaims    = errors.New("card data cannot go into a token")
)

// KeyID names a public key: the first six bytes of its SHA-256, base64url.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return b64.EncodeToString(sum[:6])
}

// SigningKey is the office's private key with its key id.
type SigningKey struct {
	KeyID   string
	Private ed25519.PrivateKey
}

// NewSigningKey wraps an Ed25519 private key.
func NewSigningKey(priv ed25519.PrivateKey) SigningKey {
	return SigningKey{KeyID: KeyID(priv.Public().(ed25519.PublicKey)), Private: priv}
}

// Sign makes the token of c with key; c.KeyID is set to key's id.
func Sign(c Claims, key SigningKey) (Token, error) {
	c.KeyID = key.KeyID
	c.FirstName = strings.TrimSpace(c.FirstName)
	if c.Kind == KindJubilee {
		c.ValidUntil = time.Time{}
	} else if !c.ValidUntil.IsZero() {
		c.ValidUntil = dayOf(c.ValidUntil)
	}
	payload, err := encodeClaims(c)
	if err != nil {
		return Token{}, err
	}
	signed := Version + "." + b64.EncodeToString([]byte(payload))
	if len(signed)+87 > MaxTokenLength {
		return Token{}, ErrClaims
	}
	return Token{Claims: c, signed: signed, signature: ed25519.Sign(key.Private, []byte(signed))}, nil
}

func encodeClaims(c Claims) (string, error) {
	code, ok := kindCodes[c.Kind]
	if !ok || !kidPattern.MatchString(c.KeyID) || !numberPattern.MatchString(c.Number) ||
		c.FirstName == "" || !utf8.ValidString(c.FirstName) {
		return "", ErrClaims
	}
	until := ""
	if code == "S" {
		if c.ValidUntil.IsZero() {
			return "", ErrClaims // a standard card always ends
		}
		until = c.ValidUntil.Format("20060102")
	}
	return strings.Join([]string{c.KeyID, c.Number, code, until, c.FirstName}, "|"), nil
}

// asciiSpace is what a scanner or a paste may add around a token. Only
// ASCII counts, so that the browser's check trims exactly the same.
const asciiSpace = " \t\r\n\f\v"

// Parse reads a token (surrounding ASCII white space is ignored) without
// checking its signature. Every token it accepts reads back unchanged from
// String.
func Parse(text string) (Token, error) {
	text = strings.Trim(text, asciiSpace)
	if len(text) > MaxTokenLength || !tokenPattern.MatchString(text) {
		return Token{}, ErrMalformed
	}
	parts := strings.Split(text[len(Version)+1:], ".")
	if len(parts) != 2 {
		return Token{}, ErrMalformed
	}
	payload, err := b64.DecodeString(parts[0])
	if err != nil || !utf8.Valid(payload) {
		return Token{}, ErrMalformed
	}
	sig, err := b64.DecodeString(parts[1])
	if err != nil || len(sig) != ed25519.SignatureSize {
		return Token{}, ErrMalformed
	}
	fields := strings.SplitN(string(payload), "|", 5)
	if len(fields) != 5 {
		return Token{}, ErrMalformed
	}
	c := Claims{KeyID: fields[0], Number: fields[1], FirstName: fields[4]}
	switch fields[2] {
	case "S":
		c.Kind = KindStandard
		day, err := time.Parse("20060102", fields[3])
		if err != nil || !datePattern.MatchString(fields[3]) || day.Format("20060102") != fields[3] {
			return Token{}, ErrMalformed
		}
		c.ValidUntil = day
	case "J":
		c.Kind = KindJubilee
		if fields[3] != "" {
			return Token{}, ErrMalformed
		}
	default:
		return Token{}, ErrMalformed
	}
	if !kidPattern.MatchString(c.KeyID) || !numberPattern.MatchString(c.Number) || c.FirstName == "" {
		return Token{}, ErrMalformed
	}
	return Token{Claims: c, signed: Version + "." + parts[0], signature: sig}, nil
}

// Verdict is what a check of a card token says.
type Verdict string

// The verdicts, as the API and the verification page name them.
const (
	Valid      Verdict = "valid"
	Expired    Verdict = "expired"
	Revoked    Verdict = "revoked"
	NotGenuine Verdict = "not_genuine"
)

// Label is the verdict in German, as a partner reads it.
func (v Verdict) Label() string {
	switch v {
	case Valid:
		return "gültig"
	case Expired:
		return "abgelaufen"
	case Revoked:
		return "gesperrt"
	}
	return "nicht echt"
}

// Why a token is not genuine.
const (
	ReasonMalformed    = "malformed"
	ReasonUnknownKey   = "unknown_key"
	ReasonBadSignature = "bad_signature"
)

// Result of Verify. Claims are set for every verdict but NotGenuine.
type Result struct {
	Verdict Verdict
	Reason  string // for NotGenuine: ReasonMalformed, ReasonUnknownKey or ReasonBadSignature
	Claims  Claims
}

// Keyring holds the published public keys by key id.
type Keyring map[string]ed25519.PublicKey

// Verify checks a token as a partner's phone does: it must parse, name a
// published key and carry that key's signature (else NotGenuine); a card
// past its last valid day in Bitburg is Expired; a card on the revocation
// list is Revoked; otherwise it is Valid. Expiry is decided first, so the
// answer does not depend on how long revoked numbers stay listed.
func Verify(text string, keys Keyring, now time.Time, revoked func(number string) bool) Result {
	t, err := Parse(text)
	if err != nil {
		return Result{Verdict: NotGenuine, Reason: ReasonMalformed}
	}
	pub, ok := keys[t.KeyID]
	if !ok || len(pub) != ed25519.PublicKeySize {
		return Result{Verdict: NotGenuine, Reason: ReasonUnknownKey}
	}
	if !VerifySignature(t, pub) {
		return Result{Verdict: NotGenuine, Reason: ReasonBadSignature}
	}
	r := Result{Verdict: Valid, Claims: t.Claims}
	switch {
	case card.ExpiredOn(t.ValidUntil, now):
		r.Verdict = Expired
	case revoked != nil && revoked(t.Number):
		r.Verdict = Revoked
	}
	return r
}

// VerifySignature reports whether pub signed t.
func VerifySignature(t Token, pub ed25519.PublicKey) bool {
	return ed25519.Verify(pub, []byte(t.signed), t.signature)
}

// dayOf is the calendar day of t in Bitburg.
func dayOf(t time.Time) time.Time { return tz.Day(t) }
