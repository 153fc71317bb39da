package conditional_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"ben/hooks/internal/conditional"
)

func serve(t *testing.T, ifNoneMatch string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/feed", nil)
	if ifNoneMatch != "" {
		req.Header.Set("If-None-Match", ifNoneMatch)
	}
	res := httptest.NewRecorder()
	e := &core.RequestEvent{Event: router.Event{Response: res, Request: req}}
	body := []byte(`{"a":1}`)
	if err := conditional.Serve(e, conditional.Tag(body), "application/json", body); err != nil {
		t.Fatal(err)
	}
	return res
}

func TestAClientHoldingTheAnswerGetsNotModified(t *testing.T) {
	t.Parallel()
	tag := conditional.Tag([]byte(`{"a":1}`))
	for name, header := range map[string]string{
		"the same tag": tag, "the weak tag": "W/" + tag, "one of several": `"other", ` + tag, "any": "*",
	} {
		if res := serve(t, header); res.Code != http.StatusNotModified || res.Body.Len() != 0 {
			t.Errorf("%s: %d %q", name, res.Code, res.Body)
		}
	}
}

func TestAClientWithoutTheAnswerGetsIt(t *testing.T) {
	t.Parallel()
	for name, header := range map[string]string{"no header": "", "another tag": `"other"`, "a tag inside another": `"x` + conditional.Tag([]byte(`{"a":1}`))[1:]} {
		res := serve(t, header)
		if res.Code != http.StatusOK || res.Body.String() != `{"a":1}` || res.Header().Get("ETag") == "" || res.Header().Get("Content-Type") != "application/json" {
			t.Errorf("%s: %d %q %v", name, res.Code, res.Body, res.Header())
		}
	}
	if conditional.Tag([]byte("a")) == conditional.Tag([]byte("b")) {
		t.Error("two bodies share a tag")
	}
}

func TestMatchesComparesAsServeDoes(t *testing.T) {
	t.Parallel()
	tag := conditional.Tag([]byte(`{"a":1}`))
	for header, want := range map[string]bool{
		tag: true, "W/" + tag: true, `"other", ` + tag: true, "*": true,
		"": false, `"other"`: false, `"x` + tag[1:]: false,
	} {
		if got := conditional.Matches(header, tag); got != want {
			t.Errorf("If-None-Match %q: %v, want %v", header, got, want)
		}
		if got := serve(t, header).Code == http.StatusNotModified; got != want {
			t.Errorf("Serve with If-None-Match %q: 304=%v, want %v", header, got, want)
		}
	}
	if !conditional.Matches(tag, "W/"+tag) {
		t.Error("the plain answer's tag must match the gzip answer's weak one")
	}
}
