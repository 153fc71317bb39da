// Package tools finds the command-line tools some tests read BEN's output
// with (pdftotext, zbarimg, rsvg-convert). Where one is missing, the test is
// skipped with a note on a developer's machine, but fails in CI (CI=true):
// a missing package must not turn the checks green there.
package tools

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// InCI reports whether the tests run in CI, where nothing may be skipped
// for want of a tool.
func InCI() bool {
	ci, _ := strconv.ParseBool(os.Getenv("CI"))
	return ci
}

// Need returns the path of tool, from the Debian package debianPackage.
func Need(t testing.TB, tool, debianPackage string) string {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err == nil {
		return path
	}
	msg := tool + " is not installed (Debian/Ubuntu: apt-get install " + debianPackage + "); what it reads is not checked"
	if InCI() {
		t.Fatal(msg + " – CI must install it")
	}
	t.Skip(msg)
	return ""
}
