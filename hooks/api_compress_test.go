package hooks_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tools/filesystem"

	"ben/hooks/internal/testapp"
)

// guestGet reads url as a guest, with extra request headers.
func guestGet(t testing.TB, h http.Handler, url string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestCompressedAnswersKeepTheirValidators(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	h := testapp.Handler(t, app)
	url := "/api/collections/events/records?perPage=100"
	plain := guestGet(t, h, url)
	for round := 0; round < 2; round++ { // fresh, then kept
		zipped := guestGet(t, h, url, "Accept-Encoding", "gzip, deflate, br")
		if zipped.Header().Get("Content-Encoding") != "gzip" {
			t.Fatalf("round %d: a %d-byte JSON list is not compressed", round, plain.Body.Len())
		}
		if !strings.Contains(zipped.Header().Get("Vary"), "Accept-Encoding") {
			t.Fatalf("round %d: Vary %q", round, zipped.Header().Get("Vary"))
		}
		etag := zipped.Header().Get("ETag")
		if etag != "W/"+plain.Header().Get("ETag") {
			t.Fatalf("round %d: compressed ETag %q, plain %q: the compressed bytes must carry a weak validator", round, etag, plain.Header().Get("ETag"))
		}
		body := gunzip(t, zipped.Body.Bytes())
		if !bytes.Equal(body, plain.Body.Bytes()) {
			t.Fatalf("round %d: the compressed list is not the plain one", round)
		}
		if rec := guestGet(t, h, url, "Accept-Encoding", "gzip", "If-None-Match", etag); rec.Code != http.StatusNotModified {
			t.Fatalf("round %d: If-None-Match with the weak ETag: %d", round, rec.Code)
		}
	}
	// the portal's scripts and the calendar feed
	for _, path := range []string{"/js/app.js", "/api/ben/events.ics"} {
		rec := guestGet(t, h, path, "Accept-Encoding", "gzip")
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Encoding") != "gzip" {
			t.Fatalf("%s: %d, Content-Encoding %q", path, rec.Code, rec.Header().Get("Content-Encoding"))
		}
		if etag := rec.Header().Get("ETag"); etag != "" && !strings.HasPrefix(etag, "W/") {
			t.Fatalf("%s: compressed answer with the strong ETag %s", path, etag)
		}
		gunzip(t, rec.Body.Bytes())
	}
	// a client that does not take gzip gets plain text
	if rec := guestGet(t, h, "/js/app.js"); rec.Header().Get("Content-Encoding") != "" {
		t.Fatal("compressed for a client that did not ask")
	}
}

func TestRealtimeStreamIsNotCompressed(t *testing.T) {
	t.Parallel()
	app, _ := testapp.New(t)
	srv := httptest.NewServer(testapp.Handler(t, app))
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/realtime", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.Header.Get("Content-Encoding") != "" {
		t.Fatalf("the event stream is sent with Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
	line := make([]byte, 16)
	if _, err := io.ReadFull(res.Body, line); err != nil || !strings.HasPrefix(string(line), "id:") {
		t.Fatalf("the stream's first bytes: %q, %v", line, err)
	}
}

// Uploaded files keep PocketBase's own sandbox policy: a club's SVG logo
// must not run scripts with the portal's rights.
func TestUploadedFilesKeepTheirSandbox(t *testing.T) {
	t.Parallel()
	app, f := testapp.New(t)
	h := testapp.Handler(t, app)
	club, _ := app.FindRecordById("organisations", f.ClubB.Id)
	svg := `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`
	file, err := filesystem.NewFileFromBytes([]byte(svg), "logo.svg")
	if err != nil {
		t.Fatal(err)
	}
	club.Set("logo", file)
	if err := app.Save(club); err != nil {
		t.Fatal(err)
	}
	rec := guestGet(t, h, "/api/files/organisations/"+club.Id+"/"+club.GetString("logo"))
	if rec.Code != http.StatusOK {
		t.Fatalf("guest fetches a published club's logo: %d", rec.Code)
	}
	csp := rec.Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "sandbox") || !strings.Contains(csp, "default-src 'none'") {
		t.Fatalf("file served with Content-Security-Policy %q, want PocketBase's sandbox", csp)
	}
	if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Fatal("file served without nosniff")
	}
	// the portal keeps its own policy
	page := guestGet(t, h, "/")
	if page.Header().Get("Content-Security-Policy") == csp || !strings.Contains(page.Header().Get("Content-Security-Policy"), "script-src 'self'") {
		t.Fatalf("portal policy: %q", page.Header().Get("Content-Security-Policy"))
	}
}

func gunzip(t testing.TB, b []byte) []byte {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
