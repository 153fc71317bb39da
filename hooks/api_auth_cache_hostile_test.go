package hooks_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"ben/hooks/internal/testapp"
)

// officeCode is the answer of the office's route (role buero) to token.
func officeCode(t *testing.T, h http.Handler, token string) int {
	t.Helper()
	return do(t, h, http.MethodGet, "/api/ben/office/working-group", token, "").Code
}

// deactivated returns the staff account id, changed to inactive but not
// saved yet.
// officeSignedIn is a fresh app whose buero account's token has just
// opened the office's route, so that the account is kept.
func officeSignedIn(t *testing.T) (*tests.TestApp, *testapp.Fixture, http.Handler, string) {
	t.Helper()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)
	token := f.Tokens["staffBuero"]
	if code := officeCode(t, h, token); code != 200 {
		t.Fatalf("before: %d", code)
	}
	return app, f, h, token
}

func deactivated(t *testing.T, app core.App, id string) *core.Record {
	t.Helper()
	r, err := app.FindRecordById("staff", id)
	if err != nil {
		t.Fatal(err)
	}
	r.Set("active", false)
	return r
}

// stillActive reports whether the staff account id is active in the
// database (the write's commit, whatever its hooks said).
func stillActive(t *testing.T, app core.App, id string) bool {
	t.Helper()
	r, err := app.FindRecordById("staff", id)
	if err != nil {
		t.Fatal(err)
	}
	return r.GetBool("active")
}

// A request that begins once a deactivation is committed gets nothing,
// however the hooks after the commit behave: the hooks of the written
// record, of other records of the same transaction, and those that fail.
func TestAuthTokensEndWithTheCommitNotWithTheHooksAfterIt(t *testing.T) {
	t.Parallel()

	t.Run("a request while the account's own after-commit hooks run", func(t *testing.T) {
		t.Parallel()
		app, f, h, token := officeSignedIn(t)
		during := 0
		app.OnRecordAfterUpdateSuccess("staff").BindFunc(func(e *core.RecordEvent) error {
			during = officeCode(t, h, token) // e.g. a mail being sent meanwhile
			return e.Next()
		})
		if err := app.Save(deactivated(t, app, f.StaffBuero.Id)); err != nil {
			t.Fatal(err)
		}
		if during != 401 {
			t.Fatalf("a request after the commit, while its hooks ran: %d", during)
		}
	})

	t.Run("an after-commit hook that fails", func(t *testing.T) {
		t.Parallel()
		app, f, h, token := officeSignedIn(t)
		// as a JS hook in pb_hooks that throws (or forgets e.next())
		app.OnRecordAfterUpdateSuccess("staff").BindFunc(func(e *core.RecordEvent) error {
			return errors.New("Mailserver nicht erreichbar")
		})
		deactivateDespiteAFailingHook(t, app, f, h, token)
	})

	t.Run("a hook that fails after the write (outside a transaction)", func(t *testing.T) {
		t.Parallel()
		app, f, h, token := officeSignedIn(t)
		app.OnRecordUpdate("staff").BindFunc(func(e *core.RecordEvent) error {
			if err := e.Next(); err != nil {
				return err
			}
			return errors.New("Protokoll nicht geschrieben")
		})
		deactivateDespiteAFailingHook(t, app, f, h, token)
	})

	t.Run("a request while the hooks of the transaction's earlier writes run", func(t *testing.T) {
		t.Parallel()
		app, f, h, token := officeSignedIn(t)
		during := 0
		app.OnRecordAfterUpdateSuccess("events").BindFunc(func(e *core.RecordEvent) error {
			during = officeCode(t, h, token)
			return e.Next()
		})
		err := app.RunInTransaction(func(tx core.App) error {
			event, err := tx.FindRecordById("events", f.EventOffice.Id)
			if err != nil {
				return err
			}
			event.Set("title", "Neuer Titel")
			if err := tx.Save(event); err != nil {
				return err
			}
			return tx.Save(deactivated(t, tx, f.StaffBuero.Id))
		})
		if err != nil {
			t.Fatal(err)
		}
		if during != 401 {
			t.Fatalf("a request after the commit, while the transaction's hooks ran: %d", during)
		}
	})
}

// A token signed with a new token secret that is rolled back ends with the
// rollback, also when a request took it in the moment before PocketBase
// reloaded its collections (when PocketBase itself still accepted it).
func TestAuthTokensOfARolledBackTokenSecret(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)
	refresh := func(token string) int {
		return do(t, h, http.MethodPost, "/api/collections/users/auth-refresh", token, "").Code
	}
	var signedWithNewSecret string
	during := 0
	app.OnModelAfterUpdateError().Bind(&hook.Handler[*core.ModelErrorEvent]{
		Func: func(e *core.ModelErrorEvent) error {
			if _, ok := e.Model.(*core.Collection); ok && signedWithNewSecret != "" {
				during = refresh(signedWithNewSecret)
			}
			return e.Next()
		},
		Priority: -100, // before PocketBase reloads its collections
	})
	rolledBack := errors.New("zurückgerollt")
	err := app.RunInTransaction(func(tx core.App) error {
		coll, err := tx.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		coll.AuthToken.Secret = strings.Repeat("r", 50)
		if err := tx.Save(coll); err != nil {
			return err
		}
		citizen, err := tx.FindRecordById("users", f.Citizen.Id)
		if err != nil {
			return err
		}
		if signedWithNewSecret, err = citizen.NewAuthToken(); err != nil {
			return err
		}
		return rolledBack
	})
	if !errors.Is(err, rolledBack) {
		t.Fatalf("the transaction: %v", err)
	}
	if during != 200 {
		t.Fatalf("PocketBase refused the token before it reloaded its collections (%d): the test proves nothing", during)
	}
	for i := 0; i < 2; i++ {
		if code := refresh(signedWithNewSecret); code != 401 {
			t.Fatalf("a token signed with the rolled-back secret, time %d: %d", i, code)
		}
		if code := refresh(f.Tokens["citizen"]); code != 200 {
			t.Fatalf("a token signed with the secret kept, time %d: %d", i, code)
		}
	}
}

// A transaction that writes an account answers as PocketBase does: before
// its commit the account as it was, after a rollback unchanged.
func TestAuthTokensDuringATransactionAndAfterItsRollback(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)
	token := f.Tokens["staffBuero"]
	if code := officeCode(t, h, token); code != 200 {
		t.Fatalf("before: %d", code)
	}
	rolledBack := errors.New("zurückgerollt")
	during := 0
	err := app.RunInTransaction(func(tx core.App) error {
		if err := tx.Save(deactivated(t, tx, f.StaffBuero.Id)); err != nil {
			return err
		}
		during = officeCode(t, h, token) // the deactivation is not committed yet
		return rolledBack
	})
	if !errors.Is(err, rolledBack) {
		t.Fatalf("the transaction: %v", err)
	}
	if during != 200 {
		t.Fatalf("during the transaction that is not committed: %d", during)
	}
	for i := 0; i < 2; i++ {
		if code := officeCode(t, h, token); code != 200 {
			t.Fatalf("after the rollback, time %d: %d", i, code)
		}
	}
}

// The cache is keyed by exactly what PocketBase reads from the header: a
// variant of a valid token gets, after the token was used, the answer
// PocketBase gave it before.
func TestAuthTokenHeaderVariantsAnswerAsPocketBase(t *testing.T) {
	t.Parallel()
	f := testapp.Fixtures(t)
	token := f.Tokens["citizen"]
	for _, tc := range []struct {
		name, header string
		want         int
	}{
		{"the token", token, 200},
		{"Bearer", "Bearer " + token, 200},
		{"bearer in small letters", "bearer " + token, 200},
		{"BEARER in capitals", "BEARER " + token, 200},
		{"two spaces after Bearer", "Bearer  " + token, 401},
		{"a space before the token", " " + token, 401},
		{"a space after the token", token + " ", 401},
		{"Bearer twice", "Bearer Bearer " + token, 401},
		{"Basic", "Basic " + token, 401},
		{"the token with a line of spaces", token + strings.Repeat(" ", 1<<16), 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			app, _ := testapp.New(t)
			app.Settings().RateLimits.Enabled = false
			h := testapp.Handler(t, app)
			refresh := func() int {
				return do(t, h, http.MethodPost, "/api/collections/users/auth-refresh", tc.header, "").Code
			}
			if code := refresh(); code != tc.want {
				t.Fatalf("first: %d, want %d", code, tc.want)
			}
			if code := do(t, h, http.MethodPost, "/api/collections/users/auth-refresh", token, "").Code; code != 200 {
				t.Fatalf("the token itself: %d", code)
			}
			for i := 0; i < 2; i++ {
				if code := refresh(); code != tc.want {
					t.Fatalf("after the token was kept, time %d: %d, want %d", i, code, tc.want)
				}
			}
		})
	}
}

// Tokens of other kinds, which PocketBase never takes as a login, are not
// taken as one after the login token of the same account was used.
func TestAuthTokensOfOtherKindsOpenNothing(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)
	refresh := func(token string) int {
		return do(t, h, http.MethodPost, "/api/collections/users/auth-refresh", token, "").Code
	}

	res := do(t, h, http.MethodPost, "/api/files/token", f.Tokens["citizen"], "")
	if res.Code != 200 {
		t.Fatalf("file token: %d %s", res.Code, res.Body)
	}
	var file struct{ Token string }
	if err := json.Unmarshal(res.Body.Bytes(), &file); err != nil || file.Token == "" {
		t.Fatalf("file token: %v %s", err, res.Body)
	}
	citizen, err := app.FindRecordById("users", f.Citizen.Id)
	if err != nil {
		t.Fatal(err)
	}
	verification, err := citizen.NewVerificationToken()
	if err != nil {
		t.Fatal(err)
	}
	reset, err := citizen.NewPasswordResetToken()
	if err != nil {
		t.Fatal(err)
	}
	emailChange, err := citizen.NewEmailChangeToken("neu@example.org")
	if err != nil {
		t.Fatal(err)
	}
	for name, token := range map[string]string{"file": file.Token, "verification": verification, "password reset": reset, "e-mail change": emailChange} {
		for i := 0; i < 2; i++ {
			if code := refresh(token); code != 401 {
				t.Fatalf("a %s token as a login, time %d: %d", name, i, code)
			}
		}
	}
}

// A superuser's impersonation token opens the account until the account's
// token key changes, as PocketBase's own check does.
func TestAuthImpersonationTokensFollowTheAccount(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)

	res := do(t, h, http.MethodPost, "/api/collections/users/impersonate/"+f.Citizen.Id, f.Tokens["staff"], `{"duration":3600}`)
	if res.Code != 200 {
		t.Fatalf("impersonate: %d %s", res.Code, res.Body)
	}
	var imp struct{ Token string }
	if err := json.Unmarshal(res.Body.Bytes(), &imp); err != nil || imp.Token == "" {
		t.Fatalf("impersonate: %v %s", err, res.Body)
	}
	me := func() int {
		return do(t, h, http.MethodGet, "/api/collections/users/records/"+f.Citizen.Id, imp.Token, "").Code
	}
	for i := 0; i < 2; i++ {
		if code := me(); code != 200 {
			t.Fatalf("the impersonation token, time %d: %d", i, code)
		}
		// not renewed, also when its account is kept
		res := do(t, h, http.MethodPost, "/api/collections/users/auth-refresh", imp.Token, "")
		var refreshed struct{ Token string }
		if err := json.Unmarshal(res.Body.Bytes(), &refreshed); err != nil || res.Code != 200 || refreshed.Token != imp.Token {
			t.Fatalf("refreshing the impersonation token, time %d: %d %s", i, res.Code, res.Body)
		}
	}
	citizen, err := app.FindRecordById("users", f.Citizen.Id)
	if err != nil {
		t.Fatal(err)
	}
	citizen.RefreshTokenKey() // "log out everywhere"
	if err := app.Save(citizen); err != nil {
		t.Fatal(err)
	}
	if code := me(); code != 404 {
		t.Fatalf("the impersonation token after a new token key: %d", code)
	}
}

// Changes PocketBase itself makes to accounts (a confirmed e-mail address,
// a superuser's new password, a deleted auth collection) hold for the next
// request.
func TestAuthTokensFollowPocketBasesOwnChanges(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)
	refresh := func(coll, token string) *http.Response {
		return do(t, h, http.MethodPost, "/api/collections/"+coll+"/auth-refresh", token, "").Result()
	}

	t.Run("a confirmed e-mail address", func(t *testing.T) {
		res := do(t, h, http.MethodPost, "/api/collections/users/auth-refresh", f.Tokens["unchecked"], "")
		if res.Code != 200 || !strings.Contains(res.Body.String(), `"verified":false`) {
			t.Fatalf("before: %d %s", res.Code, res.Body)
		}
		unchecked, err := app.FindRecordById("users", f.Unchecked.Id)
		if err != nil {
			t.Fatal(err)
		}
		token, err := unchecked.NewVerificationToken()
		if err != nil {
			t.Fatal(err)
		}
		if res := do(t, h, http.MethodPost, "/api/collections/users/confirm-verification", "", `{"token":"`+token+`"}`); res.Code != 204 {
			t.Fatalf("confirm: %d %s", res.Code, res.Body)
		}
		res = do(t, h, http.MethodPost, "/api/collections/users/auth-refresh", f.Tokens["unchecked"], "")
		if res.Code != 200 || !strings.Contains(res.Body.String(), `"verified":true`) {
			t.Fatalf("after: %d %s", res.Code, res.Body)
		}
	})

	t.Run("a superuser's new password", func(t *testing.T) {
		if r := refresh(core.CollectionNameSuperusers, f.Tokens["staff"]); r.StatusCode != 200 {
			t.Fatalf("before: %d", r.StatusCode)
		}
		su, err := app.FindRecordById(core.CollectionNameSuperusers, f.Staff.Id)
		if err != nil {
			t.Fatal(err)
		}
		su.SetPassword("ein ganz neues Passwort 1")
		if err := app.Save(su); err != nil {
			t.Fatal(err)
		}
		if r := refresh(core.CollectionNameSuperusers, f.Tokens["staff"]); r.StatusCode != 401 {
			t.Fatalf("after: %d", r.StatusCode)
		}
	})

	t.Run("a deleted auth collection", func(t *testing.T) {
		coll := core.NewAuthCollection("gaeste")
		if err := app.Save(coll); err != nil {
			t.Fatal(err)
		}
		guest := core.NewRecord(coll)
		guest.SetEmail("gast@example.org")
		guest.SetPassword(testapp.Password)
		if err := app.Save(guest); err != nil {
			t.Fatal(err)
		}
		token, err := guest.NewAuthToken()
		if err != nil {
			t.Fatal(err)
		}
		if r := refresh("gaeste", token); r.StatusCode != 200 {
			t.Fatalf("before: %d", r.StatusCode)
		}
		if err := app.Delete(coll); err != nil {
			t.Fatal(err)
		}
		// any route: the collection is gone, so is its account
		if code := do(t, h, http.MethodGet, "/api/ben/office/working-group", token, "").Code; code != 401 {
			t.Fatalf("after: %d", code)
		}
	})
}

// What a handler changes on the request's account stays with the request.
func TestAuthAccountChangedByAHandlerIsNotTheNextRequests(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		e.Router.GET("/api/ben/test/promote-myself", func(e *core.RequestEvent) error {
			e.Auth.Set("role", "buero")
			e.Auth.Set("name", "Eve")
			e.Auth.RefreshTokenKey()
			return e.NoContent(http.StatusNoContent)
		})
		return e.Next()
	})
	h := testapp.Handler(t, app)
	token := f.Tokens["staffRedaktion"]
	for i := 0; i < 3; i++ {
		if code := do(t, h, http.MethodGet, "/api/ben/test/promote-myself", token, "").Code; code != 204 {
			t.Fatalf("the handler, time %d: %d", i, code)
		}
		if code := officeCode(t, h, token); code != 403 {
			t.Fatalf("the office's route for redaktion after the handler, time %d: %d", i, code)
		}
	}
}

// Realtime: a subscription sent with a kept account is tied to the
// account; a deactivation ends the connection's login, and the old token
// does not bring it back.
func TestAuthRealtimeSubscriptionWithAKeptAccount(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)
	token := f.Tokens["staffBuero"]
	if code := officeCode(t, h, token); code != 200 { // kept
		t.Fatalf("before: %d", code)
	}
	c := subscriptions.NewDefaultClient()
	app.SubscriptionsBroker().Register(c)
	defer app.SubscriptionsBroker().Unregister(c.Id())
	subscribe := func() int {
		return do(t, h, http.MethodPost, "/api/realtime", token, `{"clientId":"`+c.Id()+`","subscriptions":["staff"]}`).Code
	}
	if code := subscribe(); code != 204 {
		t.Fatalf("subscribe: %d", code)
	}
	if auth, _ := c.Get("auth").(*core.Record); auth == nil || auth.Id != f.StaffBuero.Id || !auth.GetBool("active") {
		t.Fatalf("the connection's account: %v", auth)
	}
	if err := app.Save(deactivated(t, app, f.StaffBuero.Id)); err != nil {
		t.Fatal(err)
	}
	if auth, _ := c.Get("auth").(*core.Record); auth != nil {
		t.Fatalf("the connection's account after the deactivation: %v", auth)
	}
	if code := subscribe(); code != 204 {
		t.Fatalf("subscribe again with the old token: %d", code)
	}
	if auth, _ := c.Get("auth").(*core.Record); auth != nil {
		t.Fatalf("the connection's account after subscribing with the old token: %v", auth)
	}
}

// deactivateDespiteAFailingHook deactivates the office account whose token
// is token while a hook bound by the caller fails after the write: the
// save reports the failure, the deactivation is committed all the same,
// and the token no longer opens the office area.
func deactivateDespiteAFailingHook(t *testing.T, app core.App, f *testapp.Fixture, h http.Handler, token string) {
	t.Helper()
	if err := app.Save(deactivated(t, app, f.StaffBuero.Id)); err == nil {
		t.Fatal("the failing hook did not run")
	}
	if stillActive(t, app, f.StaffBuero.Id) {
		t.Fatal("the deactivation was not committed: the test proves nothing")
	}
	if code := officeCode(t, h, token); code != 401 {
		t.Fatalf("after the deactivation: %d", code)
	}
}
