package hooks_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// do sends one request to h as the holder of token ("" for a guest).
func do(t testing.TB, h http.Handler, method, url, token, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
