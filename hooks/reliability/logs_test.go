package reliability

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/cardtoken"
)

// TestNoSecretsInTheLogs runs BEN in dev mode (which prints every SQL
// statement and every mail), registers a citizen, takes their volunteer card
// through to issue, signs the card's code, has a password-reset mail sent,
// resets the password and checks a card online. Then it reads every secret
// and personal datum of that process from the database and searches the
// console output and the stored request logs for each of them.
func TestNoSecretsInTheLogs(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a real server process")
	}
	dataDir := filepath.Join(t.TempDir(), "pb_data")
	console := &bytes.Buffer{}
	upsert := exec.Command(benBinary(t), "superuser", "upsert", staffEmail, staffPassword, "--dir", dataDir, "--dev")
	upsert.Stdout, upsert.Stderr = console, console
	if err := upsert.Run(); err != nil {
		t.Fatalf("superuser upsert: %v\n%s", err, console)
	}
	s := start(t, dataDir, "--dev")

	const (
		email       = "lena.loggfrei@example.org"
		password    = "Erstes-Passwort-4711"
		newPassword = "Zweites-Passwort-0815"
		phone       = "06561 987654"
		birthDate   = "1987-04-17"
		street      = "Protokollgasse 17"
	)
	var user, application, engagement, cardRec struct {
		Id string `json:"id"`
	}
	mustCall(t, s, http.MethodPost, "/api/collections/users/records", map[string]any{
		"email": email, "password": password, "passwordConfirm": password, "name": "Lena Loggfrei",
		"phone": phone, "verified": true}, &user)
	mustCall(t, s, http.MethodPost, "/api/collections/card_applications/records", map[string]any{
		"applicant": user.Id, "first_name": "Lena", "last_name": "Loggfrei", "birth_date": birthDate + " 00:00:00.000Z",
		"street": street, "postcode": "54634", "city": "Bitburg", "resident_in_bitburg": true,
		"kind": "standard", "status": "draft"}, &application)
	mustCall(t, s, http.MethodPost, "/api/collections/engagements/records", map[string]any{
		"application": application.Id, "organisation_name": "Tafel Bitburg", "role": "Ausgabe", "hours_per_week": 6,
		"since": "2019-01-01 00:00:00.000Z", "allowance": "none", "in_bitburg": true,
		"contact_name": "Konrad Kontakt", "contact_email": "konrad.kontakt@example.org"}, &engagement)
	mustCall(t, s, http.MethodPatch, "/api/collections/card_applications/records/"+application.Id, map[string]any{"status": "submitted"}, nil)
	// the office confirms on its own knowledge, with a reason; the application follows
	mustCall(t, s, http.MethodPost, "/api/ben/card/engagements/"+engagement.Id+"/confirm-by-office", map[string]any{"reason": "schriftliche Bestätigung liegt vor"}, nil)
	mustCall(t, s, http.MethodPatch, "/api/collections/card_applications/records/"+application.Id, map[string]any{"status": "approved"}, nil)
	var cards struct {
		Items []struct {
			Id string `json:"id"`
		} `json:"items"`
	}
	mustCall(t, s, http.MethodGet, "/api/collections/cards/records?filter="+url.QueryEscape("holder = '"+user.Id+"'"), nil, &cards)
	if len(cards.Items) != 1 {
		t.Fatalf("no card was issued: %+v", cards)
	}
	cardRec.Id = cards.Items[0].Id
	var signed struct {
		Token string `json:"token"`
	}
	mustCall(t, s, http.MethodGet, "/api/ben/cards/"+cardRec.Id+"/token", nil, &signed)

	// the password: a reset mail, then a new password, then a login
	s.token = ""
	if code := s.call(http.MethodPost, "/api/collections/users/request-password-reset", map[string]any{"email": email}, nil); code != 204 {
		t.Fatalf("password reset request: %d", code)
	}
	s.login()
	mustCall(t, s, http.MethodPatch, "/api/collections/users/records/"+user.Id, map[string]any{
		"password": newPassword, "passwordConfirm": newPassword}, nil)
	var auth struct {
		Token string `json:"token"`
	}
	s.token = ""
	mustCall(t, s, http.MethodPost, "/api/collections/users/auth-with-password", map[string]any{"identity": email, "password": newPassword}, &auth)
	// a partner checks the card online, a guest guesses a wrong code
	mustCall(t, s, http.MethodGet, "/api/ben/verify?token="+url.QueryEscape(signed.Token), nil, nil)
	s.call(http.MethodGet, "/api/ben/verify?token="+url.QueryEscape(signed.Token+"x"), nil, nil)
	// until the rate limiter refuses (and logs) a check
	limited := false
	for range 40 {
		if s.call(http.MethodGet, "/api/ben/verify?token="+url.QueryEscape(signed.Token), nil, nil) == http.StatusTooManyRequests {
			limited = true
			break
		}
	}
	if !limited {
		t.Fatal("the online check was never rate limited: its refusal could not be searched")
	}

	// a graceful stop writes the batched request logs
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		s.kill()
		t.Fatal("BEN did not stop on SIGTERM")
	}

	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dataDir})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer app.ResetBootstrapState()

	secrets := map[string]string{
		"the citizen's first password": password, "the citizen's new password": newPassword, "the staff password": staffPassword,
		"the citizen's e-mail address": email, "the citizen's phone": phone, "the applicant's street": street,
		"the applicant's birth date": birthDate, "the birth date as shown": "17.04.1987",
		"the engagement's contact address": "konrad.kontakt@example.org",
		"the card's code":                  signed.Token, "the citizen's login token": auth.Token,
	}
	// token keys and password hashes of every account, the collections' token secrets
	for _, coll := range []string{"users", core.CollectionNameSuperusers} {
		var rows []struct {
			Id       string `db:"id"`
			TokenKey string `db:"tokenKey"`
			Password string `db:"password"`
		}
		if err := app.DB().Select("id", "tokenKey", "password").From(coll).All(&rows); err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			secrets["token key of "+coll+" "+r.Id] = r.TokenKey
			secrets["password hash of "+coll+" "+r.Id] = r.Password
		}
	}
	var options []string
	if err := app.DB().Select("options").From("_collections").Column(&options); err != nil {
		t.Fatal(err)
	}
	for _, o := range options {
		for i, m := range regexp.MustCompile(`"secret":"([^"]+)"`).FindAllStringSubmatch(o, -1) {
			secrets[fmt.Sprintf("a collection's token secret %d", i)] = m[1]
		}
	}
	// the card signing key: as stored and as it signs
	keys, err := app.FindAllRecords(cardtoken.Keys)
	if err != nil || len(keys) == 0 {
		t.Fatalf("no signing key: %v", err)
	}
	for _, k := range keys {
		secrets["the stored signing key "+k.GetString("kid")] = k.GetString("private_key")
		priv, err := cardtoken.OpenPrivateKey(app, k.GetString("private_key"))
		if err != nil {
			t.Fatal(err)
		}
		secrets["the signing key "+k.GetString("kid")] = base64.RawURLEncoding.EncodeToString(priv.Seed())
	}
	// the payload of the card's code names the holder's first name
	if parts := strings.Split(signed.Token, "."); len(parts) == 3 {
		secrets["the payload of the card's code"] = parts[1]
	}

	// what was logged: the console and the request log in the auxiliary database
	var rows []struct {
		Message string `db:"message"`
		Data    string `db:"data"`
	}
	if err := app.AuxDB().Select("message", "data").From("_logs").All(&rows); err != nil {
		t.Fatal(err)
	}
	stored := make([]string, len(rows))
	for i, r := range rows {
		stored[i] = r.Message + " " + r.Data
	}
	logs := map[string]string{"console": console.String() + s.log.String(), "request log": strings.Join(stored, "\n")}
	if !strings.Contains(logs["console"], "SELECT") || !strings.Contains(logs["console"], "UPDATE") {
		t.Fatalf("the console shows no SQL statements: dev mode was not on, the scan would prove nothing:\n%s", truncated(logs["console"]))
	}
	if !strings.Contains(logs["console"], "Mail sent") || len(stored) == 0 {
		t.Fatalf("no mail announced or no request logged: the scan would prove nothing (%d stored logs)", len(stored))
	}

	found := 0
	for where, text := range logs {
		for name, secret := range secrets {
			if secret == "" {
				t.Fatalf("%s is empty: the scan would prove nothing", name)
			}
			if strings.Contains(text, secret) {
				found++
				i := strings.Index(text, secret)
				t.Errorf("the %s contains %s: …%s…", where, name, text[max(0, i-300):min(len(text), i+100)])
			}
		}
		// links that carry a token, and any token at all (JWTs start with eyJ)
		for name, pattern := range map[string]*regexp.Regexp{
			"a password-reset link": regexp.MustCompile(`passwort-neu[?#]token=\w`),
			"a confirmation link":   regexp.MustCompile(`bestaetigen#\w`),
			"a JWT":                 regexp.MustCompile(`eyJ[\w-]{10,}`),
		} {
			if m := pattern.FindString(text); m != "" {
				found++
				t.Errorf("the %s contains %s: %s", where, name, m)
			}
		}
	}
	t.Logf("log scan: %d secrets and personal data sought in %d lines of console output and %d stored log entries: %d found",
		len(secrets)+3, strings.Count(logs["console"], "\n"), len(stored), found)
}

func mustCall(t testing.TB, s *server, method, path string, body, out any) {
	t.Helper()
	var raw json.RawMessage
	code, err := s.try(method, path, body, &raw)
	if err != nil || code >= 300 {
		t.Fatalf("%s %s: %d %v %s", method, path, code, err, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

func truncated(s string) string {
	if len(s) > 2000 {
		return s[:2000] + " …"
	}
	return s
}
