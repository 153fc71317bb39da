// Package reliability holds the tests that run BEN as a real process: kill
// it mid-write, back it up and restore it. The server is the binary main
// builds, started on a free loopback port with its own data directory.
package reliability

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	staffEmail    = "buero@stadt.test"
	staffPassword = "Zuverlaessig-2026"
)

// binDir holds the binary the tests run; TestMain removes it.
var binDir = sync.OnceValues(func() (string, error) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	if err := os.MkdirAll(filepath.Join(root, "bin"), 0o755); err != nil {
		return "", err
	}
	return os.MkdirTemp(filepath.Join(root, "bin"), "reliability_")
})

// builtBinary is the ben binary, built once per test run.
var builtBinary = sync.OnceValues(func() (string, error) {
	dir, err := binDir()
	if err != nil {
		return "", err
	}
	binary := filepath.Join(dir, "ben")
	if strings.HasPrefix(binary, os.TempDir()) {
		return "", fmt.Errorf("the binary %s would be taken for go run", binary)
	}
	cmd := exec.Command("go", "build", "-o", binary, ".")
	cmd.Dir = filepath.Join(dir, "..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return binary, nil
})

// benBinary builds the ben binary once per test run. It goes into bin/
// of the repository, not the system's temp directory: PocketBase takes a
// binary there for "go run" and would switch on development features
// (automigrate, watching the hooks), so the test would not run BEN as it
// runs in production.
func benBinary(t testing.TB) string {
	t.Helper()
	binary, err := builtBinary()
	if err != nil {
		t.Fatal(err)
	}
	return binary
}

func TestMain(m *testing.M) {
	code := m.Run()
	if dir, err := binDir(); err == nil {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// server is one running BEN process.
type server struct {
	t       testing.TB
	dataDir string
	addr    string
	cmd     *exec.Cmd
	log     *lockedBuffer
	token   string
}

// newDataDir prepares a data directory with a staff account.
func newDataDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pb_data")
	out, err := exec.Command(benBinary(t), "superuser", "upsert", staffEmail, staffPassword, "--dir", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("superuser upsert: %v\n%s", err, out)
	}
	return dir
}

func freeAddr(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// start runs BEN on dataDir (with extra flags) and waits until it answers
// /api/health.
func start(t testing.TB, dataDir string, args ...string) *server {
	t.Helper()
	s := &server{t: t, dataDir: dataDir, addr: freeAddr(t), log: &lockedBuffer{}}
	s.cmd = exec.Command(benBinary(t), append([]string{"serve", "--dir", dataDir, "--http", s.addr}, args...)...)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	// the hooks dir next to the data dir does not exist: no JS hooks here
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.kill() })
	// the first start migrates the data directory; a busy machine may take
	// long for it, which is no fault of BEN's
	s.waitHealthy(time.Minute)
	s.login()
	return s
}

// lockedBuffer is the process's output: the process writes it while the
// test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (s *server) url(path string) string { return "http://" + s.addr + path }

func (s *server) waitHealthy(limit time.Duration) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		res, err := http.Get(s.url("/api/health"))
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("server did not become healthy:\n%s", s.log)
}

// kill ends the process with SIGKILL: no shutdown hooks, no flushing.
func (s *server) kill() {
	if s.cmd != nil && s.cmd.Process != nil && s.cmd.ProcessState == nil {
		_ = s.cmd.Process.Signal(syscall.SIGKILL)
		_ = s.cmd.Wait()
	}
}

func (s *server) login() {
	if !s.tryLogin() {
		s.t.Fatalf("staff login failed:\n%s", s.log)
	}
}

func (s *server) tryLogin() bool {
	var out struct {
		Token string `json:"token"`
	}
	code, err := s.try(http.MethodPost, "/api/collections/_superusers/auth-with-password",
		map[string]any{"identity": staffEmail, "password": staffPassword}, &out)
	if err != nil || code != 200 {
		return false
	}
	s.token = out.Token
	return true
}

// call sends JSON as staff and decodes the answer into out (may be nil).
func (s *server) call(method, path string, body any, out any) int {
	code, _ := s.try(method, path, body, out)
	return code
}

func (s *server) try(method, path string, body any, out any) (int, error) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.url(path), r)
	req.Header.Set("Content-Type", "application/json")
	if s.token != "" {
		req.Header.Set("Authorization", s.token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if out != nil && len(data) > 0 {
		_ = json.Unmarshal(data, out)
	}
	return res.StatusCode, nil
}
