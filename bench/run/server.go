package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"

	"ben/bench/internal/proc"
)

// Sides of the comparison.
const (
	sideBEN      = "BEN"
	sideBaseline = "baseline"
)

// healthTimeout bounds how long a server may take to answer its first
// health check.
const healthTimeout = 60 * time.Second

// server is one BEN or baseline process on a data directory of its own.
type server struct {
	side    string
	binary  string
	dataDir string
	args    []string // extra serve arguments
	env     []string // extra environment
	logPath string

	addr   string
	cmd    *exec.Cmd
	exited chan struct{}
}

func (s *server) url() string { return "http://" + s.addr }

func (s *server) pid() int {
	if s.cmd == nil || s.cmd.Process == nil {
		return 0
	}
	return s.cmd.Process.Pid
}

// start runs the server on a free port of 127.0.0.1 and returns the time
// from starting the process to its first healthy answer.
func (s *server) start() (time.Duration, error) {
	port, err := freePort()
	if err != nil {
		return 0, err
	}
	s.addr = "127.0.0.1:" + strconv.Itoa(port)
	logFile, err := os.OpenFile(s.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return 0, err
	}
	defer logFile.Close()

	// --dev=false: PocketBase guesses development mode from where the binary
	// lies (a temporary directory looks like `go run`) and then logs every
	// SQL statement
	args := append([]string{"serve", "--dev=false", "--dir", s.dataDir, "--http", s.addr}, s.args...)
	s.cmd = exec.Command(s.binary, args...)
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	s.cmd.Env = append(os.Environ(), s.env...)
	s.exited = make(chan struct{})

	started := time.Now()
	if err := s.cmd.Start(); err != nil {
		return 0, err
	}
	go func() { s.cmd.Wait(); close(s.exited) }()

	client := &http.Client{Timeout: time.Second}
	deadline := started.Add(healthTimeout)
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return 0, fmt.Errorf("%s exited before it answered (log: %s)", s.side, s.logPath)
		default:
		}
		resp, err := client.Get(s.url() + "/api/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(started), nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	s.stop()
	return 0, fmt.Errorf("%s did not answer /api/health within %s (log: %s)", s.side, healthTimeout, s.logPath)
}

// residentBytes is the server's resident memory now.
func (s *server) residentBytes() int64 { return proc.ResidentBytes(s.pid()) }

// stop ends the server gracefully, or kills it after ten seconds.
func (s *server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
	}
	s.cmd = nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// command runs a program with a time limit, its output going to ours.
func command(timeout time.Duration, name string, args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	err := cmd.Run()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%s did not finish within %s", name, timeout)
	}
	return err
}
