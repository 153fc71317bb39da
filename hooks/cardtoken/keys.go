package cardtoken

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/security"

	"ben/hooks/card"
	"ben/hooks/guard"
	"ben/hooks/tz"
)

// Keys is the staff-only collection of signing keys.
const Keys = "card_signing_keys"

// How a private key is stored: the seed in base64url, sealed (AES-256-GCM,
// as PocketBase seals its settings) with the key of the variable
// --encryptionEnv names, or, without one, with a key derived from a file of
// random bytes in the data directory. Either way every SQL statement that
// writes a key carries ciphertext. Keys stored plain by older versions are
// still read, and sealed on the next start.
const (
	plainPrefix     = "ed25519:"
	sealedPrefix    = "enc:"    // with the --encryptionEnv key
	dirSealedPrefix = "encdir:" // with the data directory's key
)

// dirKeyFile holds the random bytes the data directory's key is derived
// from. It lives (and is backed up) with the data, so it protects the
// signing keys in SQL statements, logs and database dumps, not in a copy of
// the whole directory: --encryptionEnv does that.
const dirKeyFile = ".card_signing_key_secret"

// KeyState is what decides whether a public key is still published.
type KeyState struct {
	Active         bool      // signs new tokens
	CoversUntil    time.Time // last valid day of any card it signed
	CoversLifetime bool      // it signed a card valid for life
}

// Published reports whether a key must still be published on day now:
// while it is active, and afterwards until the last card it signed has
// expired (for ever if it signed a card valid for life).
func Published(k KeyState, now time.Time) bool {
	if k.Active || k.CoversLifetime {
		return true
	}
	return !k.CoversUntil.IsZero() && !tz.Day(now).After(tz.Day(k.CoversUntil))
}

func stateOf(r *core.Record) KeyState {
	return KeyState{
		Active:         r.GetBool("active"),
		CoversUntil:    r.GetDateTime("covers_until").Time(),
		CoversLifetime: r.GetBool("covers_lifetime"),
	}
}

// encryptionKey is the value of the variable --encryptionEnv names, if any.
func encryptionKey(app core.App) string {
	if app.EncryptionEnv() == "" {
		return ""
	}
	return os.Getenv(app.EncryptionEnv())
}

// dirKeyLock serialises creating app's key file; like every state of an
// app it lives in the app's store.
func dirKeyLock(app core.App) *sync.Mutex {
	return app.Store().GetOrSet("ben.cardtoken.dirkey", func() any { return &sync.Mutex{} }).(*sync.Mutex)
}

// dirKey is the key derived from the data directory's key file, which is
// created with 32 random bytes on first use.
func dirKey(app core.App) (string, error) {
	mu := dirKeyLock(app)
	mu.Lock()
	defer mu.Unlock()
	path := filepath.Join(app.DataDir(), dirKeyFile)
	secret, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		secret = make([]byte, 32)
		if _, err := rand.Read(secret); err != nil {
			return "", err
		}
		if err := os.WriteFile(path, secret, 0o600); err != nil {
			return "", fmt.Errorf("writing the key file of the card signing keys: %w", err)
		}
	} else if err != nil {
		return "", fmt.Errorf("reading the key file of the card signing keys: %w", err)
	}
	if len(secret) < 32 {
		return "", fmt.Errorf("the key file %s of the card signing keys is damaged", dirKeyFile)
	}
	sum := sha256.Sum256(secret)
	return string(sum[:]), nil
}

func sealPrivate(app core.App, priv ed25519.PrivateKey) (string, error) {
	seed := []byte(b64.EncodeToString(priv.Seed()))
	if key := encryptionKey(app); key != "" {
		sealed, err := security.Encrypt(seed, key)
		if err != nil {
			return "", fmt.Errorf("encrypting the signing key (the key in %s must be 32 characters): %w", app.EncryptionEnv(), err)
		}
		return sealedPrefix + sealed, nil
	}
	key, err := dirKey(app)
	if err != nil {
		return "", err
	}
	sealed, err := security.Encrypt(seed, key)
	if err != nil {
		return "", fmt.Errorf("encrypting the signing key: %w", err)
	}
	return dirSealedPrefix + sealed, nil
}

// OpenPrivateKey reads a stored private key, whichever way it was sealed.
func OpenPrivateKey(app core.App, stored string) (ed25519.PrivateKey, error) {
	var seed string
	switch {
	case strings.HasPrefix(stored, plainPrefix):
		seed = strings.TrimPrefix(stored, plainPrefix)
	case strings.HasPrefix(stored, sealedPrefix):
		key := encryptionKey(app)
		if key == "" {
			return nil, fmt.Errorf("the card signing key is encrypted, but the encryption key is missing (start with --encryptionEnv and set that variable)")
		}
		plain, err := security.Decrypt(strings.TrimPrefix(stored, sealedPrefix), key)
		if err != nil {
			return nil, fmt.Errorf("decrypting the card signing key: %w", err)
		}
		seed = string(plain)
	case strings.HasPrefix(stored, dirSealedPrefix):
		key, err := dirKey(app)
		if err != nil {
			return nil, err
		}
		plain, err := security.Decrypt(strings.TrimPrefix(stored, dirSealedPrefix), key)
		if err != nil {
			return nil, fmt.Errorf("decrypting the card signing key (with %s of the data directory): %w", dirKeyFile, err)
		}
		seed = string(plain)
	default:
		return nil, errors.New("the card signing key is stored in an unknown form")
	}
	raw, err := b64.DecodeString(seed)
	if err != nil || len(raw) != ed25519.SeedSize {
		return nil, errors.New("the card signing key is damaged")
	}
	return ed25519.NewKeyFromSeed(raw), nil
}

// sealedAsPreferred reports whether a stored key is sealed the way new keys
// are: with the --encryptionEnv key when there is one, else with the data
// directory's.
func sealedAsPreferred(app core.App, stored string) bool {
	if encryptionKey(app) != "" {
		return strings.HasPrefix(stored, sealedPrefix)
	}
	return strings.HasPrefix(stored, sealedPrefix) || strings.HasPrefix(stored, dirSealedPrefix)
}

// fillNewKey generates the key pair of a new key record, whatever was typed
// into the dashboard, and retires every other key in the same transaction:
// creating a key in the dashboard is how staff rotate.
func fillNewKey(e *core.RecordEvent) error {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	sealed, err := sealPrivate(e.App, priv)
	if err != nil {
		return err
	}
	e.Record.Set("kid", KeyID(pub))
	e.Record.Set("public_key", b64.EncodeToString(pub))
	e.Record.Set("private_key", sealed)
	e.Record.Set("active", true)
	e.Record.Set("covers_until", nil)
	e.Record.Set("covers_lifetime", false)

	return guard.InTransaction(e, func(tx core.App) error {
		if err := e.Next(); err != nil {
			return err
		}
		others, err := tx.FindRecordsByFilter(Keys, "active = true && id != {:id}", "", 0, 0, dbx.Params{"id": e.Record.Id})
		if err != nil {
			return err
		}
		for _, old := range others {
			old.Set("active", false)
			if err := tx.Save(old); err != nil {
				return err
			}
		}
		return nil
	})
}

// guardKeyUpdate keeps the key material as generated: in the dashboard staff
// may only retire a key (active off), never change or revive one.
func guardKeyUpdate(e *core.RecordRequestEvent) error {
	original := e.Record.Original()
	for _, f := range []string{"kid", "public_key", "private_key", "covers_until", "covers_lifetime"} {
		if fmt.Sprint(original.Get(f)) != fmt.Sprint(e.Record.Get(f)) {
			return validation.Errors{f: validation.NewError("validation_key_fixed",
				"Schlüssel werden von BEN erzeugt und können nicht geändert werden. Für einen Schlüsselwechsel legen Sie einen neuen Datensatz an.")}
		}
	}
	if !original.GetBool("active") && e.Record.GetBool("active") {
		return validation.Errors{"active": validation.NewError("validation_key_retired",
			"Ein abgelöster Schlüssel wird nicht wieder aktiv. Legen Sie einen neuen Datensatz an.")}
	}
	return e.Next()
}

// guardKeyDelete keeps the active key: without it no card could be signed.
func guardKeyDelete(e *core.RecordRequestEvent) error {
	if e.Record.GetBool("active") {
		return e.BadRequestError("Der aktive Schlüssel kann nicht gelöscht werden. Legen Sie zuerst einen neuen Datensatz an; dann kann der alte gelöscht werden (Karten, die er unterschrieben hat, gelten danach als nicht echt).", nil)
	}
	return e.Next()
}

// hidePrivateKey removes the private key from every response, the
// dashboard's included.
func hidePrivateKey(e *core.RecordEnrichEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	e.Record.Hide("private_key")
	return nil
}

// EnsureKeys gives BEN an active signing key on its first start, seals keys
// stored plain by older versions, and moves keys sealed with the data
// directory's key to the --encryptionEnv key once one is configured.
func EnsureKeys(app core.App) error {
	return app.RunInTransaction(func(tx core.App) error {
		if _, err := tx.FindFirstRecordByFilter(Keys, "active = true"); err != nil {
			coll, err := tx.FindCollectionByNameOrId(Keys)
			if err != nil {
				return err
			}
			if err := tx.Save(core.NewRecord(coll)); err != nil {
				return fmt.Errorf("creating the card signing key: %w", err)
			}
		}
		all, err := tx.FindAllRecords(Keys)
		if err != nil {
			return err
		}
		for _, r := range all {
			if sealedAsPreferred(tx, r.GetString("private_key")) {
				continue
			}
			priv, err := OpenPrivateKey(tx, r.GetString("private_key"))
			if err != nil {
				return err
			}
			sealed, err := sealPrivate(tx, priv)
			if err != nil {
				return err
			}
			r.Set("private_key", sealed)
			if err := tx.Save(r); err != nil {
				return err
			}
		}
		return nil
	})
}

// activeKey is the key that signs new tokens and lists.
func activeKey(app core.App) (SigningKey, *core.Record, error) {
	r, err := app.FindFirstRecordByFilter(Keys, "active = true")
	if err != nil {
		if err := EnsureKeys(app); err != nil {
			return SigningKey{}, nil, err
		}
		if r, err = app.FindFirstRecordByFilter(Keys, "active = true"); err != nil {
			return SigningKey{}, nil, err
		}
	}
	priv, err := OpenPrivateKey(app, r.GetString("private_key"))
	if err != nil {
		return SigningKey{}, nil, err
	}
	key := NewSigningKey(priv)
	if key.KeyID != r.GetString("kid") || b64.EncodeToString(priv.Public().(ed25519.PublicKey)) != r.GetString("public_key") {
		return SigningKey{}, nil, errors.New("the card signing key does not match its public key")
	}
	return key, r, nil
}

// PublicKey is one published key.
type PublicKey struct {
	KeyID     string `json:"kid"`
	Algorithm string `json:"alg"`
	PublicKey string `json:"public_key"` // base64url of the raw 32 bytes
	Active    bool   `json:"active"`
}

// PublishedKeys lists the keys partners need on day now, the active first.
func PublishedKeys(app core.App, now time.Time) ([]PublicKey, Keyring, error) {
	rows, err := keyRowsOf(app)
	if err != nil {
		return nil, nil, err
	}
	list := []PublicKey{}
	ring := Keyring{}
	for _, r := range rows {
		if !Published(r.state, now) {
			continue
		}
		list = append(list, PublicKey{KeyID: r.kid, Algorithm: "Ed25519", PublicKey: r.public, Active: r.state.Active})
		ring[r.kid] = r.key
	}
	return list, ring, nil
}

// keyRow is what verification needs of a stored key.
type keyRow struct {
	kid, public string
	key         ed25519.PublicKey
	state       KeyState
}

// keyCache keeps an app's public keys: every online check needs them, and
// they change only when staff rotate a key or a card is signed. It lives in
// the app's store (apps share nothing); Register forgets it whenever a key
// record changes.
type keyCache struct {
	mu    sync.Mutex
	gen   uint64 // counts the changes, so that a read begun before one is not kept
	rows  []keyRow
	valid bool
}

const keyCacheKey = "ben.cardtoken.keys"

func keyCacheOf(app core.App) *keyCache {
	return app.Store().GetOrSet(keyCacheKey, func() any { return &keyCache{} }).(*keyCache)
}

// forgetKeys drops app's cached keys after a key record changed.
func forgetKeys(app core.App) {
	c := keyCacheOf(app)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.rows, c.valid = nil, false
}

func keyRowsOf(app core.App) ([]keyRow, error) {
	// a transaction's view may differ from the committed one: it neither
	// reads nor fills the cache
	c := keyCacheOf(app)
	c.mu.Lock()
	rows, valid, gen := c.rows, c.valid, c.gen
	c.mu.Unlock()
	if valid && !app.IsTransactional() {
		return rows, nil
	}

	records, err := app.FindRecordsByFilter(Keys, "kid != ''", "-active,-created", 0, 0)
	if err != nil {
		return nil, err
	}
	rows = make([]keyRow, 0, len(records))
	for _, r := range records {
		raw, err := b64.DecodeString(r.GetString("public_key"))
		if err != nil || len(raw) != ed25519.PublicKeySize {
			continue
		}
		rows = append(rows, keyRow{kid: r.GetString("kid"), public: r.GetString("public_key"), key: ed25519.PublicKey(raw), state: stateOf(r)})
	}
	if !app.IsTransactional() {
		c.mu.Lock()
		if c.gen == gen {
			c.rows, c.valid = rows, true
		}
		c.mu.Unlock()
	}
	return rows, nil
}

// ClaimsOf reads what a card's token says from the card and the first name
// on its application.
func ClaimsOf(app core.App, c *core.Record) (Claims, error) {
	application, err := app.FindRecordById(card.Applications, c.GetString("application"))
	if err != nil {
		return Claims{}, fmt.Errorf("card %s has no application with the holder's first name: %w", c.GetString("number"), err)
	}
	return Claims{
		Number:     c.GetString("number"),
		Kind:       c.GetString("kind"),
		ValidUntil: c.GetDateTime("valid_until").Time(),
		FirstName:  application.GetString("first_name"),
	}, nil
}

// TokenFor signs the token of card with the active key, and records on the
// key how long it must stay published for this card.
func TokenFor(app core.App, c *core.Record) (Token, error) {
	claims, err := ClaimsOf(app, c)
	if err != nil {
		return Token{}, err
	}
	key, record, err := activeKey(app)
	if err != nil {
		return Token{}, err
	}
	t, err := Sign(claims, key)
	if err != nil {
		return Token{}, err
	}
	if coversMore(stateOf(record), t.Claims) {
		err := app.RunInTransaction(func(tx core.App) error {
			fresh, err := tx.FindRecordById(Keys, record.Id)
			if err != nil {
				return err
			}
			state := stateOf(fresh)
			if !coversMore(state, t.Claims) {
				return nil
			}
			if t.Lifetime() {
				fresh.Set("covers_lifetime", true)
			} else {
				fresh.Set("covers_until", t.ValidUntil)
			}
			return tx.Save(fresh)
		})
		if err != nil {
			return Token{}, err
		}
	}
	return t, nil
}

// coversMore reports whether signing c extends how long a key is needed.
func coversMore(k KeyState, c Claims) bool {
	if k.CoversLifetime {
		return false
	}
	return c.Lifetime() || k.CoversUntil.IsZero() || c.ValidUntil.After(k.CoversUntil)
}
