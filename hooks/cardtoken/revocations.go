package cardtoken

import (
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"slices"
	"strings"
	"time"
)

// RevocationFormat is the revocation list's format name, and part of what
// is signed.
const RevocationFormat = "BENR1"

// RevocationList is the signed list of revoked card numbers. A partner's
// phone keeps it for offline checks; IssuedAt (signed too) says how fresh
// it is, so an old copy cannot pass for a new one.
type RevocationList struct {
	Format    string    `json:"format"`
	KeyID     string    `json:"kid"`
	IssuedAt  time.Time `json:"issued_at"`
	Numbers   []string  `json:"revoked"`
	Signature string    `json:"signature"` // base64url Ed25519 over SignedText
}

// SignedText is what the list's signature covers:
// "BENR1|<issued_at, RFC 3339 UTC>|<number>,<number>,...". Numbers hold no
// commas (BIT-2026-00042), so the text is unambiguous.
func (l RevocationList) SignedText() string {
	return RevocationFormat + "|" + l.IssuedAt.UTC().Format(time.RFC3339) + "|" + strings.Join(l.Numbers, ",")
}

// ETag names the list's content (key and numbers, not the time of
// signing): it changes exactly when a card is revoked or reinstated.
func (l RevocationList) ETag() string {
	sum := sha256.Sum256([]byte(l.KeyID + "|" + strings.Join(l.Numbers, ",")))
	return `W/"` + b64.EncodeToString(sum[:12]) + `"`
}

// SignRevocations makes the list of numbers (sorted, duplicates dropped),
// issued at issuedAt (whole seconds), signed with key.
func SignRevocations(numbers []string, issuedAt time.Time, key SigningKey) RevocationList {
	sorted := slices.Clone(numbers)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	if sorted == nil {
		sorted = []string{}
	}
	l := RevocationList{Format: RevocationFormat, KeyID: key.KeyID, IssuedAt: issuedAt.UTC().Truncate(time.Second), Numbers: sorted}
	l.Signature = b64.EncodeToString(ed25519.Sign(key.Private, []byte(l.SignedText())))
	return l
}

// VerifyRevocations checks the list's signature against the published keys.
func VerifyRevocations(l RevocationList, keys Keyring) error {
	if l.Format != RevocationFormat {
		return errors.New("unknown revocation list format")
	}
	pub, ok := keys[l.KeyID]
	if !ok {
		return errors.New("revocation list signed with an unknown key")
	}
	sig, err := b64.DecodeString(l.Signature)
	if err != nil || !ed25519.Verify(pub, []byte(l.SignedText()), sig) {
		return errors.New("revocation list signature does not verify")
	}
	return nil
}

// Contains reports whether number is on the list.
func (l RevocationList) Contains(number string) bool {
	return slices.Contains(l.Numbers, number)
}
