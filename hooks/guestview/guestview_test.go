package guestview_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/guestview"
	"ben/hooks/internal/testapp"
)

func TestMain(m *testing.M) { testapp.Main(m) }

// What guestview reads is exactly what a guest lists through the API.
func TestGuestViewIsTheAPIsListForGuests(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	h := testapp.Handler(t, app)
	c, _ := app.FindCollectionByNameOrId("enquiries")
	enquiry := core.NewRecord(c)
	enquiry.Load(map[string]any{"name": "Gast", "email": "gast@example.org", "message": "Hallo.", "consent": true})
	if err := app.Save(enquiry); err != nil {
		t.Fatal(err)
	}
	for _, coll := range []string{"events", "organisations", "opportunities", "articles", "working_group_members", "enquiries"} {
		q, err := guestview.Query(app, coll)
		if err != nil {
			t.Fatal(err)
		}
		var records []*core.Record
		if err := q.All(&records); err != nil {
			t.Fatalf("%s: %v", coll, err)
		}
		var got []string
		for _, r := range records {
			got = append(got, r.Id)
		}

		req := httptest.NewRequest(http.MethodGet, "/api/collections/"+coll+"/records?perPage=500&fields=id", nil)
		res := httptest.NewRecorder()
		h.ServeHTTP(res, req)
		var list struct{ Items []struct{ ID string } }
		if err := json.Unmarshal(res.Body.Bytes(), &list); err != nil || res.Code != 200 {
			t.Fatalf("%s: %d %s", coll, res.Code, res.Body)
		}
		var want []string
		for _, it := range list.Items {
			want = append(want, it.ID)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: guestview reads %v, guests list %v", coll, got, want)
		}
		if coll == "events" && len(want) == 0 {
			t.Error("the fixture has public events: the comparison cannot fail")
		}
	}
	if _, err := guestview.Query(app, "card_signing_keys"); err != guestview.ErrNotPublic {
		t.Errorf("only superusers list the signing keys: %v", err)
	}
}
