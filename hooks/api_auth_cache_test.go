package hooks_test

import (
	"context"
	dbsql "database/sql"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/internal/testapp"
)

// accountReads counts the reads of the account id from the database while
// it runs.
func accountReads(t *testing.T, app core.App, id string, run func()) int64 {
	t.Helper()
	db, ok := app.ConcurrentDB().(*dbx.DB)
	if !ok {
		t.Fatal("no dbx database")
	}
	var n atomic.Int64
	before := db.QueryLogFunc
	db.QueryLogFunc = func(ctx context.Context, d time.Duration, s string, rows *dbsql.Rows, err error) {
		if strings.Contains(s, "`id`='"+id+"'") && strings.Contains(s, ".* FROM `") {
			n.Add(1)
		}
	}
	defer func() { db.QueryLogFunc = before }()
	run()
	return n.Load()
}

// A signed-in user's requests read the account once, not every time.
func TestAuthTokensAreNotReadAgainForEveryRequest(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)

	reads := accountReads(t, app, f.Citizen.Id, func() {
		for i := 0; i < 5; i++ {
			if res := do(t, h, http.MethodPost, "/api/collections/users/auth-refresh", f.Tokens["citizen"], ""); res.Code != 200 {
				t.Fatalf("refresh %d: %d %s", i, res.Code, res.Body)
			}
		}
	})
	if reads != 1 {
		t.Fatalf("5 requests read the account %d times, want once", reads)
	}
	if res := do(t, h, http.MethodPost, "/api/collections/users/auth-refresh", "Bearer "+f.Tokens["citizen"], ""); res.Code != 200 {
		t.Fatalf("the same token with the Bearer prefix: %d", res.Code)
	}
	forged := f.Tokens["citizen"][:len(f.Tokens["citizen"])-3] + "abc"
	for i := 0; i < 2; i++ {
		if res := do(t, h, http.MethodPost, "/api/collections/users/auth-refresh", forged, ""); res.Code != 401 {
			t.Fatalf("a forged token, time %d: %d", i, res.Code)
		}
	}
}

// Every change of what a token opens holds for the next request, while
// the other accounts' tokens go on working.
func TestAuthTokensFollowEveryChangeOfTheirAccount(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)

	refresh := func(coll, token string) int {
		return do(t, h, http.MethodPost, "/api/collections/"+coll+"/auth-refresh", token, "").Code
	}
	office := func(token string) int {
		return do(t, h, http.MethodGet, "/api/ben/office/working-group", token, "").Code
	}
	// every token used once, so that each is kept
	for role, coll := range map[string]string{"citizen": "users", "editorA": "users", "editorB": "users", "staffBuero": "staff", "staffRedaktion": "staff"} {
		if code := refresh(coll, f.Tokens[role]); code != 200 {
			t.Fatalf("%s: %d", role, code)
		}
	}

	t.Run("a new password through the API ends the old token", func(t *testing.T) {
		res := do(t, h, http.MethodPatch, "/api/collections/users/records/"+f.Citizen.Id, f.Tokens["citizen"],
			`{"oldPassword":"`+testapp.Password+`","password":"ein neues Passwort 123","passwordConfirm":"ein neues Passwort 123"}`)
		if res.Code != 200 {
			t.Fatalf("password change: %d %s", res.Code, res.Body)
		}
		if code := refresh("users", f.Tokens["citizen"]); code != 401 {
			t.Fatalf("the token from before the new password: %d", code)
		}
		if code := refresh("users", f.Tokens["editorA"]); code != 200 {
			t.Fatalf("another account's token: %d", code)
		}
	})

	t.Run("a change in Go code (the dashboard) is seen by the next request", func(t *testing.T) {
		updateRecord(t, app, "users", f.EditorA.Id, map[string]any{"name": "Neuer Name"})
		res := do(t, h, http.MethodPost, "/api/collections/users/auth-refresh", f.Tokens["editorA"], "")
		if res.Code != 200 || !strings.Contains(res.Body.String(), `"name":"Neuer Name"`) {
			t.Fatalf("the account after the change: %d %s", res.Code, res.Body)
		}
	})

	t.Run("a role taken away in Go code ends the token at once", func(t *testing.T) {
		if code := office(f.Tokens["staffBuero"]); code != 200 {
			t.Fatalf("buero before: %d", code)
		}
		updateRecord(t, app, "staff", f.StaffBuero.Id, map[string]any{"role": "redaktion"})
		// a new role is a new login (hooks/staff)
		if code := office(f.Tokens["staffBuero"]); code != 401 {
			t.Fatalf("the office's route with the token from before: %d", code)
		}
	})

	t.Run("a deleted account's token opens nothing", func(t *testing.T) {
		r, err := app.FindRecordById("users", f.EditorB.Id)
		if err != nil {
			t.Fatal(err)
		}
		if err := app.Delete(r); err != nil {
			t.Fatal(err)
		}
		if code := refresh("users", f.Tokens["editorB"]); code != 401 {
			t.Fatalf("a deleted account: %d", code)
		}
	})

	t.Run("a new token secret of the collection ends all its tokens", func(t *testing.T) {
		coll, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			t.Fatal(err)
		}
		coll.AuthToken.Secret = strings.Repeat("n", 50)
		if err := app.Save(coll); err != nil {
			t.Fatal(err)
		}
		if code := refresh("users", f.Tokens["editorA"]); code != 401 {
			t.Fatalf("a token signed with the old secret: %d", code)
		}
		if code := refresh("staff", f.Tokens["staffRedaktion"]); code != 200 {
			t.Fatalf("another collection's token: %d", code)
		}
	})
}

// Requests that run while an account is deactivated: none that begins
// after the deactivation was committed gets in.
func TestAuthTokensOfADeactivatedAccountUnderLoad(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	app.Settings().RateLimits.Enabled = false
	h := testapp.Handler(t, app)
	token := f.Tokens["staffBuero"]

	var committed atomic.Bool
	var wg sync.WaitGroup
	var late, early atomic.Int64
	stop := make(chan struct{})
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				after := committed.Load()
				code := do(t, h, http.MethodGet, "/api/ben/office/working-group", token, "").Code
				if after && code == 200 {
					late.Add(1)
				}
				if !after && code == 200 {
					early.Add(1)
				}
			}
		}()
	}
	time.Sleep(100 * time.Millisecond)
	updateRecord(t, app, "staff", f.StaffBuero.Id, map[string]any{"active": false})
	committed.Store(true)
	time.Sleep(100 * time.Millisecond)
	close(stop)
	wg.Wait()
	if early.Load() == 0 {
		t.Fatal("no request got in before the deactivation: the test proves nothing")
	}
	if late.Load() > 0 {
		t.Fatalf("%d requests begun after the deactivation got in", late.Load())
	}
}
