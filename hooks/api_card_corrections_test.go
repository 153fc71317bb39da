package hooks_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"ben/hooks/card"
	"ben/hooks/internal/testapp"
	"ben/hooks/tz"
)

// correctionAnswer is the route's refusal: a German message above the
// request's fields.
type correctionAnswer struct {
	Message string `json:"message"`
	Data    map[string]struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"data"`
}

func TestCardCorrectionFixesMistakesAndExtendsNothing(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	// a card issued on 15 March of last year, valid through 15 March of the year after next
	issued := time.Date(time.Now().Year()-1, 3, 15, 10, 0, 0, 0, tz.Berlin)
	c := issuedCard(t, app, "", f.Citizen)
	backdate(t, app, c, issued)
	year := card.NumberYear(issued)
	last, _ := card.ValidUntil("standard", issued)
	day := func(t time.Time) string { return t.Format("2006-01-02") }
	number := func(y, seq int) string { return card.CardNumber(y, seq) }

	cases := []struct {
		name, body string
		code       string // "" for accepted
	}{
		{"a number of another year is refused", `{"field":"number","value":"` + number(year+1, 1) + `","reason":"Tippfehler"}`, "validation_card_number_year"},
		{"a number of a year before 2000 is refused in German", `{"field":"number","value":"BIT-1999-00001","reason":"Tippfehler"}`, "validation_card_number_year"},
		{"a number of another form is refused", `{"field":"number","value":"BIT-` + strconv.Itoa(year) + `-1","reason":"Tippfehler"}`, "validation_card_number"},
		{"the running number 00000 does not exist", `{"field":"number","value":"` + number(year, 0) + `","reason":"Tippfehler"}`, "validation_card_number"},
		{"a standard card is not extended beyond its two years", `{"field":"valid_until","value":"2099-01-01","reason":"Tippfehler"}`, "validation_card_valid_until_range"},
		{"not even by one day", `{"field":"valid_until","value":"` + day(last.AddDate(0, 0, 1)) + `","reason":"Tippfehler"}`, "validation_card_valid_until_range"},
		{"the last day is not the day of issue", `{"field":"valid_until","value":"` + day(tz.Day(issued)) + `","reason":"Tippfehler"}`, "validation_card_valid_until_range"},
		{"a reason of one letter is none", `{"field":"valid_until","value":"` + day(last.AddDate(0, 0, -1)) + `","reason":"x"}`, "validation_card_correction_reason"},
		{"a reason of dots and spaces is none", `{"field":"valid_until","value":"` + day(last.AddDate(0, 0, -1)) + `","reason":" . . . . . "}`, "validation_card_correction_reason"},
		// the other side of each boundary
		{"the day after the issue is a possible last day", `{"field":"valid_until","value":"` + day(tz.Day(issued).AddDate(0, 0, 1)) + `","reason":"Tippfehler"}`, ""},
		{"the end of the two years is the latest last day", `{"field":"valid_until","value":"` + day(last) + `","reason":"Tippfehler"}`, ""},
		{"a number of the year of issue is taken", `{"field":"number","value":"` + number(year, 90001) + `","reason":"Tippfehler"}`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// not parallel: the subtests share one app and change it in turn
			before, _ := app.CountRecords("card_number_counters")
			res := do(t, h, http.MethodPost, "/api/ben/cards/"+c.Id+"/correct", f.Tokens["staffBuero"], tc.body)
			if tc.code == "" {
				if res.Code != 200 {
					t.Fatalf("%d %s", res.Code, res.Body)
				}
				return
			}
			var got correctionAnswer
			_ = json.Unmarshal(res.Body.Bytes(), &got)
			field := "value"
			if tc.code == "validation_card_correction_reason" {
				field = "reason"
			}
			if res.Code != 400 || got.Message != "Bitte prüfen Sie die Angaben." || got.Data[field].Code != tc.code || len(got.Data) != 1 {
				t.Fatalf("want 400 with %s under %q and a German message, got %d %s", tc.code, field, res.Code, res.Body)
			}
			if msg := got.Data[field].Message; msg == "" || strings.Contains(msg, "Must") || strings.Contains(msg, "Invalid") {
				t.Fatalf("the refusal is German: %q", msg)
			}
			if after, _ := app.CountRecords("card_number_counters"); after != before {
				t.Fatal("a refused correction moved no counter")
			}
		})
	}
}
