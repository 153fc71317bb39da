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

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// benBinary builds the ben binary once per test run. It goes into bin/
// of the repository, not the system's temp directory: PocketBase takes a
// binary there for "go run" and would switch on development features
// (automigrate, watching the hooks), so the test would not run BEN as it
// runs in production.
func benBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(file), "..", "..")
		if err := os.MkdirAll(filepath.Join(root, "bin"), 0o755); err != nil {
			buildErr = err
			return
		}
		dir, err := os.MkdirTemp(filepath.Join(root, "bin"), "reliability_")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "ben")
		if strings.HasPrefix(binary, os.TempDir()) {
			buildErr = fmt.Errorf("the binary %s would be taken for go run", binary)
			return
		}
		cmd := exec.Command("go", "build", "-o", binary, ".")
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binary != "" {
		os.RemoveAll(filepath.Dir(binary))
	}
	os.Exit(code)
}

// server is one running BEN process.
type server struct {
	t       testing.TB
	dataDir string
	addr    string
	cmd     *exec.Cmd
	log     *bytes.Buffer
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

// start runs BEN on dataDir and waits until it answers /api/health.
func start(t testing.TB, dataDir string) *server {
	t.Helper()
	s := &server{t: t, dataDir: dataDir, addr: freeAddr(t), log: &bytes.Buffer{}}
	s.cmd = exec.Command(benBinary(t), "serve", "--dir", dataDir, "--http", s.addr)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	// the hooks dir next to the data dir does not exist: no JS hooks here
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.kill() })
	s.waitHealthy(15 * time.Second)
	s.login()
	return s
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
