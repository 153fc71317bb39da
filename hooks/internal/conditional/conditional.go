// Package conditional answers GET requests whose answer a client may
// already hold: an ETag of the body's content, and 304 Not Modified when
// If-None-Match names it (compared weakly, as RFC 9110 §13.1.2 asks),
// through net/http's own ServeContent rather than a comparison of BEN's.
// Feeds, figures, keys and the sitemap answer this way; the public read
// cache (hooks/publiccache) compares with Matches.
package conditional

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Tag is the ETag of body: a hash of its content, so that an unchanged
// answer keeps its tag.
func Tag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// Matches reports whether the If-None-Match header names etag, compared
// weakly (RFC 9110 §13.1.2) as ServeContent compares: a gzip answer's weak
// ETag matches the plain answer's strong one. It is for answers that
// cannot go through Serve (a kept answer in one of two encodings).
func Matches(header, etag string) bool {
	if header == "" {
		return false
	}
	etag = strings.TrimPrefix(etag, "W/")
	for _, candidate := range strings.Split(header, ",") {
		candidate = strings.TrimPrefix(strings.TrimSpace(candidate), "W/")
		if candidate == "*" || candidate == etag {
			return true
		}
	}
	return false
}

// Serve answers e with body of contentType under etag, or with 304 when
// the client holds it. The caller sets Cache-Control.
func Serve(e *core.RequestEvent, etag, contentType string, body []byte) error {
	h := e.Response.Header()
	h.Set("ETag", etag)
	h.Set("Content-Type", contentType)
	http.ServeContent(e.Response, e.Request, "", time.Time{}, bytes.NewReader(body))
	return nil
}
