// Package datadir copies a seeded PocketBase data directory, so that BEN
// and the baseline start from identical data.
package datadir

import (
	"io/fs"
	"os"
	"path/filepath"
)

// Copy copies the directory from into to, overwriting files that are
// already there (a benchmark may copy into the same place again).
func Copy(from, to string) error {
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
