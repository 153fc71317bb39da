package hooks_test

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// onOneDay runs body with today's day in Bitburg (as today(0) gives it)
// and reports what body found only if no midnight passed in Bitburg while
// it ran. A test that dates records from today and lets BEN judge them by
// BEN's own clock compares two readings of the clock: across a midnight
// they name different days, and the outcome says nothing about the rule.
// Such a run is repeated once, from the start (body makes its own app);
// the next midnight is a day away.
func onOneDay(t testing.TB, body func(t testing.TB, day time.Time)) {
	t.Helper()
	runOnOneDay(t, func() time.Time { return today(0) }, body)
}

// runOnOneDay is onOneDay with the day read from clock.
func runOnOneDay(t testing.TB, clock func() time.Time, body func(t testing.TB, day time.Time)) {
	t.Helper()
	for range 2 {
		day := clock()
		run := heldBack(t, func(t testing.TB) { body(t, day) })
		if clock().Equal(day) {
			run.report(t)
			return
		}
		t.Logf("midnight passed in Bitburg during the run dated %s: it runs again", day.Format(time.DateOnly))
	}
	t.Fatal("midnight passed in Bitburg during two runs in a row")
}

// heldTB is a testing.TB whose failures and skips are held back until
// report passes them on. Everything else (cleanups, logs, temporary
// folders) goes to the test at once.
type heldTB struct {
	testing.TB
	mu       sync.Mutex
	helpers  map[string]bool // functions that called Helper
	messages []string
	failed   bool
	stopped  bool // FailNow
	skipped  bool // SkipNow
}

// heldBack runs body with a heldTB in a goroutine of its own, as the
// testing package runs a test: FailNow and SkipNow end that goroutine.
func heldBack(t testing.TB, body func(t testing.TB)) *heldTB {
	h := &heldTB{TB: t, helpers: map[string]bool{}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		body(h)
	}()
	<-done
	return h
}

// report passes the failures and the skip of the run on to t.
func (h *heldTB) report(t testing.TB) {
	t.Helper()
	h.mu.Lock()
	messages, failed, stopped, skipped := h.messages, h.failed, h.stopped, h.skipped
	h.mu.Unlock()
	for _, m := range messages {
		t.Error(m)
	}
	if failed {
		t.Fail()
	}
	switch {
	case skipped:
		t.SkipNow()
	case stopped:
		t.FailNow()
	}
}

func (h *heldTB) Helper() {
	var pc [1]uintptr
	runtime.Callers(2, pc[:])
	frame, _ := runtime.CallersFrames(pc[:]).Next()
	h.mu.Lock()
	h.helpers[frame.Function] = true
	h.mu.Unlock()
}

func (h *heldTB) Error(args ...any)                 { h.fail(strings.TrimSuffix(fmt.Sprintln(args...), "\n")) }
func (h *heldTB) Errorf(format string, args ...any) { h.fail(fmt.Sprintf(format, args...)) }
func (h *heldTB) Fatal(args ...any)                 { h.Error(args...); h.FailNow() }
func (h *heldTB) Fatalf(format string, args ...any) { h.Errorf(format, args...); h.FailNow() }
func (h *heldTB) Fail()                             { h.fail("") }

func (h *heldTB) FailNow() {
	h.mu.Lock()
	h.failed, h.stopped = true, true
	h.mu.Unlock()
	runtime.Goexit()
}

func (h *heldTB) Failed() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.failed
}

func (h *heldTB) Skip(args ...any)                 { h.Log(args...); h.SkipNow() }
func (h *heldTB) Skipf(format string, args ...any) { h.Logf(format, args...); h.SkipNow() }

func (h *heldTB) SkipNow() {
	h.mu.Lock()
	h.skipped = true
	h.mu.Unlock()
	runtime.Goexit()
}

func (h *heldTB) Skipped() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.skipped
}

// fail records a failure, and message (if any) with the file and line that
// failed, as the testing package names them: the first caller that is not
// a helper.
func (h *heldTB) fail(message string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.failed = true
	if message == "" {
		return
	}
	pc := make([]uintptr, 64)
	frames := runtime.CallersFrames(pc[:runtime.Callers(2, pc)])
	for {
		frame, more := frames.Next()
		if !strings.Contains(frame.Function, "(*heldTB).") && !h.helpers[frame.Function] {
			message = fmt.Sprintf("%s:%d: %s", filepath.Base(frame.File), frame.Line, message)
			break
		}
		if !more {
			break
		}
	}
	h.messages = append(h.messages, message)
}

// A run across midnight in Bitburg proves nothing and runs again; a run
// on one day reports what it found.
func TestOnOneDayRunsAgainAcrossMidnight(t *testing.T) {
	t.Parallel()
	monday := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	days := func(n int) time.Time { return monday.AddDate(0, 0, n) }
	// clock gives the days in turn, one per reading, then the last again
	clock := func(readings ...int) func() time.Time {
		return func() time.Time {
			d := days(readings[0])
			if len(readings) > 1 {
				readings = readings[1:]
			}
			return d
		}
	}
	// outcome runs body under runOnOneDay and returns the days it ran on and
	// what the test was told
	outcome := func(t *testing.T, clock func() time.Time, body func(t testing.TB, day time.Time)) ([]time.Time, *heldTB) {
		var ran []time.Time
		told := heldBack(t, func(t testing.TB) {
			runOnOneDay(t, clock, func(t testing.TB, day time.Time) {
				ran = append(ran, day)
				body(t, day)
			})
		})
		return ran, told
	}
	line := func() int { _, _, n, _ := runtime.Caller(1); return n }

	t.Run("a failure on one day is reported with its line", func(t *testing.T) {
		var want string
		ran, told := outcome(t, clock(0), func(t testing.TB, day time.Time) {
			want = fmt.Sprintf("day_helpers_test.go:%d: wrong on 2027-03-01", line()+1)
			t.Errorf("wrong on %s", day.Format(time.DateOnly))
		})
		// told is a heldTB too and adds the line that called it, as a test would
		if len(ran) != 1 || !told.failed || told.stopped || len(told.messages) != 1 || !strings.HasSuffix(told.messages[0], " "+want) {
			t.Fatalf("ran %v, told %+v, want %q", ran, told, want)
		}
	})
	t.Run("a run that passes on one day is told nothing", func(t *testing.T) {
		ran, told := outcome(t, clock(0), func(t testing.TB, day time.Time) {})
		if len(ran) != 1 || told.failed || len(told.messages) != 0 {
			t.Fatalf("ran %v, told %+v", ran, told)
		}
	})
	t.Run("Fatal ends the run and fails the test", func(t *testing.T) {
		var after bool
		_, told := outcome(t, clock(0), func(t testing.TB, day time.Time) {
			t.Fatal("stop")
			after = true
		})
		if after || !told.failed || !told.stopped {
			t.Fatalf("ran on after Fatal: %v, told %+v", after, told)
		}
	})
	t.Run("a failure across midnight is dropped and the run repeated on the new day", func(t *testing.T) {
		ran, told := outcome(t, clock(0, 1), func(t testing.TB, day time.Time) {
			if day.Equal(days(0)) {
				t.Fatal("the server read Tuesday")
			}
		})
		if len(ran) != 2 || !ran[1].Equal(days(1)) || told.failed || len(told.messages) != 0 {
			t.Fatalf("ran %v, told %+v", ran, told)
		}
	})
	t.Run("a failure of the repeated run is reported", func(t *testing.T) {
		ran, told := outcome(t, clock(0, 1), func(t testing.TB, day time.Time) { t.Error("wrong") })
		if len(ran) != 2 || !told.failed || len(told.messages) != 1 {
			t.Fatalf("ran %v, told %+v", ran, told)
		}
	})
	t.Run("two midnights in a row fail the test", func(t *testing.T) {
		ran, told := outcome(t, clock(0, 1, 2, 3), func(t testing.TB, day time.Time) {})
		if len(ran) != 2 || !told.failed || !told.stopped {
			t.Fatalf("ran %v, told %+v", ran, told)
		}
	})
	t.Run("a skip is passed on", func(t *testing.T) {
		_, told := outcome(t, clock(0), func(t testing.TB, day time.Time) { t.Skip("no tool here") })
		if !told.skipped || told.failed {
			t.Fatalf("told %+v", told)
		}
	})
}
