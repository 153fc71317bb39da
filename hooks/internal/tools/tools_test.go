package tools

import (
	"runtime"
	"testing"
)

// verdict records what Need did to a test, in place of the real one.
type verdict struct {
	testing.TB
	failed, skipped bool
}

func (v *verdict) Helper()           {}
func (v *verdict) Fatal(args ...any) { v.failed = true; runtime.Goexit() }
func (v *verdict) Skip(args ...any)  { v.skipped = true; runtime.Goexit() }

func need(tool string) *verdict {
	v := &verdict{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Need(v, tool, "no-such-package")
	}()
	<-done
	return v
}

func TestAMissingToolSkipsOnADevelopersMachine(t *testing.T) {
	// not parallel: t.Setenv changes the environment of the whole test binary
	t.Setenv("CI", "")
	if v := need("ben-no-such-tool"); !v.skipped || v.failed {
		t.Fatalf("want a skip, got %+v", v)
	}
}

func TestAMissingToolFailsInCI(t *testing.T) {
	// not parallel: t.Setenv changes the environment of the whole test binary
	t.Setenv("CI", "true")
	if v := need("ben-no-such-tool"); !v.failed || v.skipped {
		t.Fatalf("want a failure, got %+v", v)
	}
}

func TestAnInstalledToolIsFound(t *testing.T) {
	// not parallel: t.Setenv changes the environment of the whole test binary
	t.Setenv("CI", "true")
	v := need("go")
	if v.failed || v.skipped {
		t.Fatalf("go is on the PATH of every test run, got %+v", v)
	}
}
