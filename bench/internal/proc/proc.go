// Package proc reads what the benchmark reports about a server process
// from /proc (Linux).
package proc

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ResidentBytes is the process's resident memory (VmRSS), or 0 if unknown.
func ResidentBytes(pid int) int64 {
	if pid <= 0 {
		return 0
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err == nil {
				return kb * 1024
			}
		}
	}
	return 0
}
