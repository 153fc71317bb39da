// Package compress sends text answers (the portal's pages and scripts, the
// API's JSON, the feeds) gzip-compressed to clients that accept it.
//
// Only text is compressed: images, PDFs and uploaded files are compressed
// already, and the realtime stream (text/event-stream) must reach the
// client message by message. A strong ETag becomes weak when the answer is
// compressed (as nginx does): the compressed bytes differ from the plain
// ones, so they must not carry the plain answer's strong validator, while
// If-None-Match compares weakly and still matches either.
package compress

import (
	"bufio"
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// MinLength is the smallest body worth compressing.
const MinLength = 1024

// Register compresses the answers of app's router.
func Register(app core.App) {
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		e.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Id:   "benCompress",
			Func: middleware,
			// outside everything that writes a body, inside the request log
			Priority: apis.DefaultActivityLoggerMiddlewarePriority + 2,
		})
		return e.Next()
	})
}

var writers = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
	return w
}}

func middleware(e *core.RequestEvent) error {
	if e.Request.Method == http.MethodHead || e.Request.Header.Get("Range") != "" {
		return e.Next()
	}
	e.Response.Header().Add("Vary", "Accept-Encoding")
	if !Accepts(e.Request) {
		return e.Next()
	}
	w := &writer{ResponseWriter: e.Response}
	e.Response = w
	defer func() {
		e.Response = w.ResponseWriter
		w.close()
	}()
	return e.Next()
}

// Accepts reports whether the client takes gzip.
func Accepts(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// Compressible reports whether a body of contentType is text worth
// compressing.
func Compressible(contentType string) bool {
	ct, _, _ := strings.Cut(strings.ToLower(contentType), ";")
	ct = strings.TrimSpace(ct)
	switch {
	case ct == "text/event-stream":
		return false
	case strings.HasPrefix(ct, "text/"):
		return true
	case strings.HasSuffix(ct, "+json"), strings.HasSuffix(ct, "+xml"):
		return true
	}
	switch ct {
	case "application/json", "application/javascript", "application/xml", "image/svg+xml", "application/wasm":
		return true
	}
	return false
}

// WeakETag is etag as the validator of a compressed answer.
func WeakETag(etag string) string {
	if etag == "" || strings.HasPrefix(etag, "W/") {
		return etag
	}
	return "W/" + etag
}

// writer compresses the answer if it turns out to be text of at least
// MinLength; it decides when the status is written.
type writer struct {
	http.ResponseWriter
	decided bool
	gz      *gzip.Writer
}

func (w *writer) WriteHeader(status int) {
	if !w.decided {
		w.decided = true
		if w.worthIt(status) {
			h := w.Header()
			h.Set("Content-Encoding", "gzip")
			h.Del("Content-Length")
			if etag := h.Get("ETag"); etag != "" {
				h.Set("ETag", WeakETag(etag))
			}
			w.gz = writers.Get().(*gzip.Writer)
			w.gz.Reset(w.ResponseWriter)
		}
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *writer) worthIt(status int) bool {
	h := w.Header()
	if status != http.StatusOK || h.Get("Content-Encoding") != "" || !Compressible(h.Get("Content-Type")) {
		return false
	}
	if n, err := strconv.Atoi(h.Get("Content-Length")); err == nil && n < MinLength {
		return false
	}
	return true
}

func (w *writer) Write(b []byte) (int, error) {
	if !w.decided {
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", http.DetectContentType(b))
		}
		w.WriteHeader(http.StatusOK)
	}
	if w.gz != nil {
		return w.gz.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

// Flush sends what is compressed so far.
func (w *writer) Flush() {
	if w.gz != nil {
		_ = w.gz.Flush()
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack hands the connection over (websockets and the like).
func (w *writer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// Unwrap lets PocketBase and net/http reach the connection's writer.
func (w *writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *writer) close() {
	if w.gz == nil {
		return
	}
	_ = w.gz.Close()
	w.gz.Reset(io.Discard)
	writers.Put(w.gz)
	w.gz = nil
}
