package hooks_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	bencard "ben/hooks/card"
	"ben/hooks/cardtoken"
	"ben/hooks/internal/testapp"
)

// The signing keys are the office's alone; staff rotate by creating a key,
// and may retire and delete old ones (the access matrix's row).
func init() {
	matrix[cardtoken.Keys] = matrixSpec{
		setup: func(t testing.TB, app *tests.TestApp, f *testapp.Fixture) string {
			retired, err := app.FindFirstRecordByFilter(cardtoken.Keys, "active = true")
			if err != nil {
				t.Fatal(err)
			}
			coll, _ := app.FindCollectionByNameOrId(cardtoken.Keys)
			if err := app.Save(core.NewRecord(coll)); err != nil { // a rotation
				t.Fatal(err)
			}
			return retired.Id
		},
		create: func(app core.App, f *testapp.Fixture, role string) string { return `{}` },
		update: `{"active":false}`,
		rows:   none(),
	}
}

// issuedCard runs an application of holder (with applicationID, or "" for
// a new id) through to an issued card, as staff would in the dashboard.
func issuedCard(t testing.TB, app core.App, applicationID string, holder *core.Record) *core.Record {
	t.Helper()
	a := cardDraft(t, app, applicationID, holder, adultBirth, engagementAt(nil, 6))
	for _, status := range []string{"submitted", "confirmed", "approved"} {
		setStatus(t, app, a.Id, status, nil)
	}
	return cardOf(t, app, a.Id)
}

// cardTokenOf fetches a card's code as its holder (or staff) sees it.
func cardTokenOf(t testing.TB, h http.Handler, cardID, auth string) string {
	t.Helper()
	rec := do(t, h, http.MethodGet, "/api/ben/cards/"+cardID+"/token", auth, "")
	if rec.Code != http.StatusOK {
		t.Fatalf("token: %d %s", rec.Code, rec.Body)
	}
	var body struct{ Token string }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Token == "" {
		t.Fatalf("token: %v %s", err, rec.Body)
	}
	return body.Token
}

type verifyAnswer struct {
	Verdict   string `json:"verdict"`
	Label     string `json:"label"`
	FirstName string `json:"first_name"`
}

func verifyCardOnline(t testing.TB, h http.Handler, token string) (verifyAnswer, string) {
	t.Helper()
	rec := do(t, h, http.MethodGet, "/api/ben/verify?token="+url.QueryEscape(token), "", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("verify: %d %s", rec.Code, rec.Body)
	}
	var a verifyAnswer
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
		t.Fatal(err)
	}
	return a, rec.Body.String()
}

// forgeToken signs the claims of a genuine token with another key.
func forgeToken(t testing.TB, genuine string, sameKeyID bool) string {
	t.Helper()
	tok, err := cardtoken.Parse(genuine)
	if err != nil {
		t.Fatal(err)
	}
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	key := cardtoken.NewSigningKey(priv)
	if sameKeyID {
		key.KeyID = tok.KeyID
	}
	forged, err := cardtoken.Sign(tok.Claims, key)
	if err != nil {
		t.Fatal(err)
	}
	return forged.String()
}

func TestCardVerifyRouteVerdicts(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	card := issuedCard(t, app, "tokenapp000001a", f.Citizen)
	genuine := cardTokenOf(t, h, card.Id, f.Tokens["citizen"])
	mid := len(genuine) - 20 // inside the signature
	replacement := "A"
	if genuine[mid] == 'A' {
		replacement = "B"
	}
	flipped := genuine[:mid] + replacement + genuine[mid+1:]

	cases := []struct {
		name, token, verdict, label, firstName string
	}{
		{"genuine card is valid and shows the first name only", genuine, "valid", "gültig", "Vera"},
		{"one changed character is not genuine", flipped, "not_genuine", "nicht echt", ""},
		{"the same card signed with a foreign key under the office's key id is not genuine", forgeToken(t, genuine, true), "not_genuine", "nicht echt", ""},
		{"a card signed with an unknown key is not genuine", forgeToken(t, genuine, false), "not_genuine", "nicht echt", ""},
		{"text that is no card is not genuine", "Vera Vorlage, gültig bis 2099", "not_genuine", "nicht echt", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// not parallel: the subtests share one app and change it in turn
			got, raw := verifyCardOnline(t, h, c.token)
			if got != (verifyAnswer{c.verdict, c.label, c.firstName}) {
				t.Fatalf("got %s", raw)
			}
			for _, secret := range []string{"Vorlage", card.GetString("number"), "valid_until", "BIT-"} {
				if strings.Contains(raw, secret) {
					t.Fatalf("the answer tells more than the verdict and the first name (%q): %s", secret, raw)
				}
			}
		})
	}

	t.Run("a missing code is refused", func(t *testing.T) {
		rec := do(t, h, http.MethodGet, "/api/ben/verify", "", "")
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "Code der Karte") {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
	})

	t.Run("a card revoked by staff is revoked at once", func(t *testing.T) {
		rec := do(t, h, http.MethodPatch, "/api/collections/cards/records/"+card.Id, f.Tokens["staff"], `{"status":"revoked"}`)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "revoked_reason") {
			t.Fatalf("revoking without a reason: %d %s", rec.Code, rec.Body)
		}
		rec = do(t, h, http.MethodPatch, "/api/collections/cards/records/"+card.Id, f.Tokens["staff"], `{"status":"revoked","revoked_reason":"Karte als verloren gemeldet"}`)
		if rec.Code != http.StatusOK {
			t.Fatalf("revoking: %d %s", rec.Code, rec.Body)
		}
		if got, raw := verifyCardOnline(t, h, genuine); got != (verifyAnswer{"revoked", "gesperrt", "Vera"}) {
			t.Fatalf("got %s", raw)
		}
	})

	t.Run("a card past its last day is expired", func(t *testing.T) {
		other := issuedCard(t, app, "tokenapp000002a", f.EditorB)
		backdate(t, app, other, time.Now().AddDate(-1, 0, 0))
		other, err := bencard.Correct(app, other, "valid_until", time.Now().AddDate(0, 0, -2).Format("2006-01-02"), "Tippfehler im Datum", "", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		token := cardTokenOf(t, h, other.Id, f.Tokens["staff"])
		if got, raw := verifyCardOnline(t, h, token); got != (verifyAnswer{"expired", "abgelaufen", "Vera"}) {
			t.Fatalf("got %s", raw)
		}
		// revoked and expired: expired, as the offline page says
		other.Set("status", "revoked")
		other.Set("revoked_reason", "Missbrauch")
		if err := app.Save(other); err != nil {
			t.Fatal(err)
		}
		if got, raw := verifyCardOnline(t, h, token); got.Verdict != "expired" {
			t.Fatalf("got %s", raw)
		}
	})
}

func TestCardVerifyRouteIsRateLimited(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	h := testapp.Handler(t, app)
	const limit = 30 // README, migrations/1795869010_verify_rate_limit.go
	for i := range limit {
		if rec := do(t, h, http.MethodGet, "/api/ben/verify?token=x", "", ""); rec.Code != http.StatusOK {
			t.Fatalf("request %d: %d", i+1, rec.Code)
		}
	}
	if rec := do(t, h, http.MethodGet, "/api/ben/verify?token=x", "", ""); rec.Code != http.StatusTooManyRequests {
		t.Fatalf("request %d: %d, want 429", limit+1, rec.Code)
	}
	// the published keys and list are not limited by it
	if rec := do(t, h, http.MethodGet, "/api/ben/keys", "", ""); rec.Code != http.StatusOK {
		t.Fatalf("keys: %d", rec.Code)
	}
}

func TestCardQRAndPDFOnlyForHolderAndStaff(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	card := issuedCard(t, app, "tokenapp000003a", f.Citizen)
	for _, path := range []string{"qr.svg", "card.pdf", "token"} {
		for _, c := range []struct {
			who, auth string
			id        string
			want      int
		}{
			{"holder", f.Tokens["citizen"], card.Id, http.StatusOK},
			{"staff", f.Tokens["staff"], card.Id, http.StatusOK},
			{"another citizen", f.Tokens["editorB"], card.Id, http.StatusNotFound},
			{"an editor of the confirming club", f.Tokens["editorA"], card.Id, http.StatusNotFound},
			{"guest", "", card.Id, http.StatusNotFound},
			{"holder, unknown card", f.Tokens["citizen"], "nosuchcard0000a", http.StatusNotFound},
		} {
			rec := do(t, h, http.MethodGet, "/api/ben/cards/"+c.id+"/"+path, c.auth, "")
			if rec.Code != c.want {
				t.Errorf("%s gets %s: %d, want %d", c.who, path, rec.Code, c.want)
				continue
			}
			if c.want == http.StatusOK && !strings.Contains(rec.Header().Get("Cache-Control"), "no-store") {
				t.Errorf("%s: personal data must not be cached: %q", path, rec.Header().Get("Cache-Control"))
			}
			if c.want == http.StatusNotFound && strings.Contains(rec.Body.String(), card.GetString("number")) {
				t.Errorf("%s: 404 tells the card number", path)
			}
		}
	}
	// "Meine Karte" asks with HEAD whether the PDF is there
	if code := do(t, h, http.MethodHead, "/api/ben/cards/"+card.Id+"/card.pdf", f.Tokens["citizen"], "").Code; code != http.StatusOK {
		t.Errorf("HEAD card.pdf as holder: %d", code)
	}
	if code := do(t, h, http.MethodHead, "/api/ben/cards/"+card.Id+"/card.pdf", f.Tokens["editorB"], "").Code; code != http.StatusNotFound {
		t.Errorf("HEAD card.pdf as another citizen: %d", code)
	}
	if ct := do(t, h, http.MethodGet, "/api/ben/cards/"+card.Id+"/qr.svg", f.Tokens["citizen"], "").Header().Get("Content-Type"); ct != "image/svg+xml" {
		t.Errorf("qr.svg: Content-Type %q", ct)
	}
	if ct := do(t, h, http.MethodGet, "/api/ben/cards/"+card.Id+"/card.pdf", f.Tokens["citizen"], "").Header().Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("card.pdf: Content-Type %q", ct)
	}
}

func TestCardRevocationList(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	card := issuedCard(t, app, "tokenapp000004a", f.Citizen)

	fetch := func(ifNoneMatch string) (int, cardtoken.RevocationList, http.Header) {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, "/api/ben/revocations", nil)
		if ifNoneMatch != "" {
			req.Header.Set("If-None-Match", ifNoneMatch)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var list cardtoken.RevocationList
		if rec.Code == http.StatusOK {
			if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
				t.Fatal(err)
			}
		}
		return rec.Code, list, rec.Header()
	}
	ring := publishedRing(t, h)

	code, list, header := fetch("")
	if code != http.StatusOK || len(list.Numbers) != 0 || list.Numbers == nil {
		t.Fatalf("fresh list: %d %+v", code, list)
	}
	if err := cardtoken.VerifyRevocations(list, ring); err != nil {
		t.Fatalf("signature: %v", err)
	}
	if age := time.Since(list.IssuedAt); age < -time.Second || age > time.Minute {
		t.Fatalf("issued_at %v is not now", list.IssuedAt)
	}
	etag := header.Get("ETag")
	if etag == "" || !strings.Contains(header.Get("Cache-Control"), "no-cache") {
		t.Fatalf("cache headers: %v", header)
	}
	if code, _, _ := fetch(etag); code != http.StatusNotModified {
		t.Fatalf("unchanged list with its ETag: %d, want 304", code)
	}

	card.Set("status", "revoked")
	card.Set("revoked_reason", "Karte als gestohlen gemeldet")
	if err := app.Save(card); err != nil {
		t.Fatal(err)
	}
	code, list, header = fetch(etag)
	if code != http.StatusOK || header.Get("ETag") == etag {
		t.Fatalf("after a revocation the old ETag must not match: %d %q", code, header.Get("ETag"))
	}
	if !list.Contains(card.GetString("number")) || cardtoken.VerifyRevocations(list, ring) != nil {
		t.Fatalf("revoked card missing or list unsigned: %+v", list)
	}

	// a revocation lasts: the card cannot be set active again
	card.Set("status", "active")
	if err := app.Save(card); err == nil {
		t.Fatal("a revoked card must not become active again")
	}
	if _, list, _ = fetch(""); !list.Contains(card.GetString("number")) {
		t.Fatalf("the revoked number must stay listed: %v", list.Numbers)
	}
}

// publishedRing reads the public keys as a partner's phone does.
func publishedRing(t testing.TB, h http.Handler) cardtoken.Keyring {
	t.Helper()
	rec := do(t, h, http.MethodGet, "/api/ben/keys", "", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("keys: %d %s", rec.Code, rec.Body)
	}
	var body struct{ Keys []cardtoken.PublicKey }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	ring := cardtoken.Keyring{}
	for _, k := range body.Keys {
		raw, err := base64.RawURLEncoding.DecodeString(k.PublicKey)
		if err != nil || k.Algorithm != "Ed25519" {
			t.Fatalf("key %+v: %v", k, err)
		}
		ring[k.KeyID] = raw
	}
	return ring
}

func TestCardSigningKeysRotation(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	card := issuedCard(t, app, "tokenapp000005a", f.Citizen)
	oldToken := cardTokenOf(t, h, card.Id, f.Tokens["citizen"])
	first, _ := cardtoken.Parse(oldToken)

	rec := do(t, h, http.MethodGet, "/api/ben/keys", "", "")
	if !strings.Contains(rec.Header().Get("Cache-Control"), "max-age") || rec.Header().Get("ETag") == "" {
		t.Fatalf("keys are cacheable: %v", rec.Header())
	}
	if again := do(t, h, http.MethodGet, "/api/ben/keys", "", ""); again.Body.String() != rec.Body.String() {
		t.Fatal("the key list changes without a rotation")
	}

	// a key record created in the dashboard is a rotation; BEN makes the key
	rotate := func() (id, kid string) {
		t.Helper()
		rec := do(t, h, http.MethodPost, "/api/collections/card_signing_keys/records", f.Tokens["staff"], `{"kid":"mine","private_key":"ed25519:typed"}`)
		if rec.Code != http.StatusOK {
			t.Fatalf("rotation: %d %s", rec.Code, rec.Body)
		}
		var key struct {
			Id, Kid string
			Active  bool
		}
		_ = json.Unmarshal(rec.Body.Bytes(), &key)
		if key.Kid == "mine" || key.Kid == "" || !key.Active || strings.Contains(rec.Body.String(), "private_key") {
			t.Fatalf("new key: %s", rec.Body)
		}
		if n, _ := app.CountRecords(cardtoken.Keys, dbx.HashExp{"active": true}); n != 1 {
			t.Fatalf("%d active keys after a rotation, want 1", n)
		}
		return key.Id, key.Kid
	}
	secondID, _ := rotate()

	newToken := cardTokenOf(t, h, card.Id, f.Tokens["citizen"])
	second, _ := cardtoken.Parse(newToken)
	if second.KeyID == first.KeyID {
		t.Fatal("after a rotation the new key signs")
	}
	ring := publishedRing(t, h)
	if len(ring) != 2 || ring[first.KeyID] == nil || ring[second.KeyID] == nil {
		t.Fatalf("both keys must be published while the old one's card is valid: %v", ring)
	}
	for _, tok := range []string{oldToken, newToken} {
		if got, raw := verifyCardOnline(t, h, tok); got.Verdict != "valid" {
			t.Fatalf("after rotation: %s", raw)
		}
	}

	// a key that signed nothing is dropped as soon as it is retired
	_, unused := rotate()
	rotate()
	ring = publishedRing(t, h)
	if len(ring) != 3 || ring[unused] != nil || ring[first.KeyID] == nil || ring[second.KeyID] == nil {
		t.Fatalf("want the two keys that signed cards and the active one: %v", ring)
	}

	// once the last card the first key signed has expired, it is gone
	oldKey, err := app.FindFirstRecordByData(cardtoken.Keys, "kid", first.KeyID)
	if err != nil {
		t.Fatal(err)
	}
	oldKey.Set("covers_until", time.Now().AddDate(0, 0, -2))
	if err := app.Save(oldKey); err != nil {
		t.Fatal(err)
	}
	if ring := publishedRing(t, h); ring[first.KeyID] != nil {
		t.Fatal("a key whose cards have all expired is still published")
	}
	if got, raw := verifyCardOnline(t, h, oldToken); got.Verdict != "not_genuine" {
		t.Fatalf("token of an unpublished key: %s", raw)
	}

	// staff cannot change, revive or delete the active key; they may delete a retired one
	keyURL := "/api/collections/card_signing_keys/records/"
	active, _ := app.FindFirstRecordByFilter(cardtoken.Keys, "active = true")
	for _, c := range []struct {
		name, method, id, body string
		want                   int
	}{
		{"change a public key", http.MethodPatch, active.Id, `{"public_key":"AAAA"}`, 400},
		{"change a private key", http.MethodPatch, active.Id, `{"private_key":"ed25519:AAAA"}`, 400},
		{"revive a retired key", http.MethodPatch, secondID, `{"active":true}`, 400},
		{"delete the active key", http.MethodDelete, active.Id, ``, 400},
		{"delete a retired key", http.MethodDelete, secondID, ``, 204},
	} {
		if rec := do(t, h, c.method, keyURL+c.id, f.Tokens["staff"], c.body); rec.Code != c.want {
			t.Errorf("staff %s: %d %s, want %d", c.name, rec.Code, rec.Body, c.want)
		}
	}
	if got, raw := verifyCardOnline(t, h, newToken); got.Verdict != "not_genuine" {
		t.Fatalf("a deleted key's cards are not genuine: %s", raw)
	}
}

func TestCardSigningKeysStaffOnlyAndPrivateKeyNeverServed(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	key, err := app.FindFirstRecordByFilter(cardtoken.Keys, "active = true")
	if err != nil {
		t.Fatalf("no signing key after the first start: %v", err)
	}
	secret := key.GetString("private_key")
	priv, err := cardtoken.OpenPrivateKey(app, secret)
	if err != nil {
		t.Fatalf("stored private key %q: %v", secret, err)
	}
	seed := base64.RawURLEncoding.EncodeToString(priv.Seed())
	if strings.Contains(secret, seed) {
		t.Fatalf("the private key is stored plain: %q", secret)
	}
	urls := []string{"/api/collections/card_signing_keys/records", "/api/collections/card_signing_keys/records/" + key.Id, "/api/ben/keys"}
	for _, role := range []string{"", "citizen", "editorA", "staff"} {
		for _, u := range urls {
			rec := do(t, h, http.MethodGet, u, f.Tokens[role], "")
			if strings.Contains(rec.Body.String(), seed) || strings.Contains(rec.Body.String(), "private_key") {
				t.Fatalf("%q gets the private key from %s: %s", role, u, rec.Body)
			}
			if role != "staff" && strings.HasPrefix(u, "/api/collections/") && rec.Code == http.StatusOK {
				t.Fatalf("%q may read the key collection: %s", role, rec.Body)
			}
		}
	}

	// staff watching the collection in the dashboard (realtime) get no private key either
	client := subscriptions.NewDefaultClient()
	client.Set(apis.RealtimeClientAuthKey, f.Staff)
	client.Subscribe(cardtoken.Keys + "/*")
	app.SubscriptionsBroker().Register(client)
	defer app.SubscriptionsBroker().Unregister(client.Id())
	key.Set("active", false)
	if err := app.Save(key); err != nil {
		t.Fatal(err)
	}
	select {
	case msg := <-client.Channel():
		if !strings.Contains(string(msg.Data), key.Id) || strings.Contains(string(msg.Data), "private_key") || strings.Contains(string(msg.Data), seed) {
			t.Fatalf("realtime message: %s", msg.Data)
		}
	case <-time.After(time.Second):
		t.Fatal("staff heard nothing of the change")
	}
}

func TestCardSigningKeyEncryptedWithEncryptionEnv(t *testing.T) {
	// not parallel: t.Setenv changes the environment of the whole test binary
	// the template is built before the variable is set, so the settings of
	// other tests stay unencrypted
	app, f := testapp.New(t)
	t.Setenv(app.EncryptionEnv(), "0123456789abcdef0123456789abcdef")
	h := testapp.Handler(t, app)
	card := issuedCard(t, app, "tokenapp000006a", f.Citizen)

	key, err := app.FindFirstRecordByFilter(cardtoken.Keys, "active = true")
	if err != nil {
		t.Fatal(err)
	}
	if stored := key.GetString("private_key"); !strings.HasPrefix(stored, "enc:") {
		t.Fatalf("private key stored as %q, want it encrypted", stored)
	}
	token := cardTokenOf(t, h, card.Id, f.Tokens["citizen"])
	if got, raw := verifyCardOnline(t, h, token); got.Verdict != "valid" {
		t.Fatalf("token signed with the encrypted key: %s", raw)
	}

	t.Setenv(app.EncryptionEnv(), "")
	rec := do(t, h, http.MethodGet, "/api/ben/cards/"+card.Id+"/qr.svg", f.Tokens["citizen"], "")
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), "Koordinierungsstelle") {
		t.Fatalf("without the encryption key: %d %s", rec.Code, rec.Body)
	}
}

func TestCardSigningKeyIsEncryptedWithoutEncryptionEnvToo(t *testing.T) {
	// not parallel: t.Setenv changes the environment of the whole test binary
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	if err := cardtoken.EnsureKeys(app); err != nil {
		t.Fatal(err)
	}
	key, _ := app.FindFirstRecordByFilter(cardtoken.Keys, "active = true")
	stored := key.GetString("private_key")
	if !strings.HasPrefix(stored, "encdir:") {
		t.Fatalf("without --encryptionEnv the key is stored as %q, want it sealed with the data directory's key", stored)
	}
	priv, err := cardtoken.OpenPrivateKey(app, stored)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stored, base64.RawURLEncoding.EncodeToString(priv.Seed())) {
		t.Fatal("the sealed key contains the seed")
	}
	card := issuedCard(t, app, "tokenapp000007a", f.Citizen)
	if got, raw := verifyCardOnline(t, h, cardTokenOf(t, h, card.Id, f.Tokens["citizen"])); got.Verdict != "valid" {
		t.Fatalf("token signed with the sealed key: %s", raw)
	}

	// a key stored plain by an older version is sealed on the next start …
	plain := "ed25519:" + base64.RawURLEncoding.EncodeToString(priv.Seed())
	key.Set("private_key", plain)
	if err := app.SaveNoValidate(key); err != nil {
		t.Fatal(err)
	}
	if err := cardtoken.EnsureKeys(app); err != nil {
		t.Fatal(err)
	}
	resealed, _ := app.FindRecordById(cardtoken.Keys, key.Id)
	if !strings.HasPrefix(resealed.GetString("private_key"), "encdir:") {
		t.Fatalf("a plain key stays %q", resealed.GetString("private_key"))
	}

	// … and moves to the --encryptionEnv key once one is set, keeping its kid
	t.Setenv(app.EncryptionEnv(), "0123456789abcdef0123456789abcdef")
	if err := cardtoken.EnsureKeys(app); err != nil {
		t.Fatal(err)
	}
	after, _ := app.FindRecordById(cardtoken.Keys, key.Id)
	if !strings.HasPrefix(after.GetString("private_key"), "enc:") || after.GetString("kid") != key.GetString("kid") {
		t.Fatalf("after setting the key: %q (kid %s → %s)", after.GetString("private_key"), key.GetString("kid"), after.GetString("kid"))
	}
	if n, _ := app.CountRecords(cardtoken.Keys); n != 1 {
		t.Fatalf("%d keys, want the same one", n)
	}
}

func BenchmarkVerifyRoute(b *testing.B) {
	app, f := testapp.New(b)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(b, app)
	card := issuedCard(b, app, "tokenbench0001a", f.Citizen)
	u := "/api/ben/verify?token=" + url.QueryEscape(cardTokenOf(b, h, card.Id, f.Tokens["citizen"]))
	for b.Loop() {
		if rec := do(b, h, http.MethodGet, u, "", ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"valid"`) {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}
