// Package linktoken is BEN's single-use link in an e-mail: a guest's
// registration for an event, the confirmation of an engagement by a
// contact person outside BEN, the invitation to claim a card. Each carries
// a random token (32 bytes) of which BEN stores only the SHA-256 hash, so a
// copy of the database opens no link. The token travels in the address's
// fragment (never in a server log); the record is found by the hash while
// the link works. A fresh link replaces the earlier one; a used link is
// revoked.
package linktoken

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// ErrNotFound answers a token that opens nothing: unknown, used, expired
// or no longer valid for its record. It does not say which; each caller
// answers with its own sentence.
var ErrNotFound = errors.New("linktoken: no record for this link")

// Tokens BEN issues have 43 characters; anything far off is not looked up.
const minLen, maxLen = 40, 64

// New returns a random token and its hash, the value to store.
func New() (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, Hash(token)
}

// Hash is the stored form of token.
func Hash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Link is one kind of link, kept on the records of Collection: the hash in
// HashField and, for a link that expires by itself, the moment it stops
// working in ExpiresField, Validity after it was issued. A link without
// ExpiresField works as long as its record's state says (Find's filter).
type Link struct {
	Collection   string
	HashField    string
	ExpiresField string
	Validity     time.Duration
}

// Issue gives r a fresh link at now and returns its token; an earlier link
// of r stops working. Store r to make it count.
func (l Link) Issue(r *core.Record, now time.Time) string {
	token, hash := New()
	r.Set(l.HashField, hash)
	if l.ExpiresField != "" {
		r.Set(l.ExpiresField, now.Add(l.Validity))
	}
	return token
}

// Revoke ends the link of r. Store r to make it count.
func (l Link) Revoke(r *core.Record) {
	r.Set(l.HashField, "")
	if l.ExpiresField != "" {
		r.Set(l.ExpiresField, nil)
	}
}

// Find returns the record whose link token is, while the link works at
// now: not expired, and the record matches filter (a PocketBase filter with
// params, "" for none). Anything else is ErrNotFound.
func (l Link) Find(app core.App, token string, now time.Time, filter string, params dbx.Params) (*core.Record, error) {
	if len(token) < minLen || len(token) > maxLen {
		return nil, ErrNotFound
	}
	where := l.HashField + " = {:linkHash}"
	all := dbx.Params{"linkHash": Hash(token)}
	if l.ExpiresField != "" {
		where += " && " + l.ExpiresField + " > {:linkNow}"
		all["linkNow"] = now.UTC().Format(types.DefaultDateLayout)
	}
	if filter != "" {
		where += " && (" + filter + ")"
	}
	for k, v := range params {
		all[k] = v
	}
	r, err := app.FindFirstRecordByFilter(l.Collection, where, all)
	if err != nil {
		return nil, ErrNotFound
	}
	return r, nil
}
