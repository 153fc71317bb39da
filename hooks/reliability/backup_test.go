package reliability

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestBackupAndRestore creates a backup through the API, changes data,
// restores the backup and compares every record with the state at backup.
func TestBackupAndRestore(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a real server process")
	}
	s := start(t, newDataDir(t))

	for i := range 20 {
		day := time.Date(2030, 3, 1+i, 18, 0, 0, 0, time.UTC)
		if code := s.call(http.MethodPost, "/api/collections/events/records", map[string]any{
			"title": "Vor der Sicherung " + strings.Repeat("I", i+1), "kind": "termin", "published": true,
			"starts_at": day.Format(time.RFC3339), "ends_at": day.Add(time.Hour).Format(time.RFC3339),
		}, nil); code != 200 {
			t.Fatalf("create: %d", code)
		}
	}
	before := snapshot(t, s)

	if code := s.call(http.MethodPost, "/api/backups", map[string]any{"name": "vorher.zip"}, nil); code != 204 {
		t.Fatalf("create backup: %d", code)
	}

	// change data: delete one event, edit one, add one, change a partner
	var list struct {
		Items []map[string]any `json:"items"`
	}
	s.call(http.MethodGet, "/api/collections/events/records?perPage=5", nil, &list)
	s.call(http.MethodDelete, "/api/collections/events/records/"+list.Items[0]["id"].(string), nil, nil)
	s.call(http.MethodPatch, "/api/collections/events/records/"+list.Items[1]["id"].(string), map[string]any{"title": "geändert"}, nil)
	s.call(http.MethodPost, "/api/collections/events/records", map[string]any{"title": "nach der Sicherung", "kind": "termin",
		"starts_at": "2031-01-01 10:00:00.000Z", "ends_at": "2031-01-01 11:00:00.000Z"}, nil)
	if after := snapshot(t, s); equalSnapshots(before, after) {
		t.Fatal("the changes did not take: the comparison would prove nothing")
	}

	// restoring restarts the server process in place
	if code := s.call(http.MethodPost, "/api/backups/vorher.zip/restore", nil, nil); code != 204 {
		t.Fatalf("restore: %d", code)
	}
	// PocketBase restores in the background and then re-executes itself;
	// wait (bounded) until the restored process serves the data
	var restored map[string]string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		if code, err := s.try(http.MethodGet, "/api/health", nil, nil); err != nil || code != 200 {
			continue
		}
		if !s.tryLogin() {
			continue
		}
		if restored = trySnapshot(s); equalSnapshots(before, restored) {
			break
		}
	}
	if !equalSnapshots(before, restored) {
		for k, v := range before {
			if restored[k] != v {
				t.Errorf("%s:\n backup:   %s\n restored: %s", k, v, restored[k])
			}
		}
		t.Fatalf("restored data differs from the backup:\nbefore %d records, restored %d", len(before), len(restored))
	}
	t.Logf("backup restored: %d records compared field by field", len(before))
}

// snapshot is every record of the public collections as staff see them.
func snapshot(t testing.TB, s *server) map[string]string {
	t.Helper()
	out := trySnapshot(s)
	if out == nil {
		t.Fatalf("listing records failed:\n%s", s.log)
	}
	return out
}

// trySnapshot is snapshot, or nil while the server cannot answer.
func trySnapshot(s *server) map[string]string {
	out := map[string]string{}
	for _, coll := range []string{"organisations", "events", "partners", "articles", "users"} {
		var page struct {
			Items []map[string]any `json:"items"`
		}
		if code := s.call(http.MethodGet, "/api/collections/"+coll+"/records?perPage=500&sort=id", nil, &page); code != 200 {
			return nil
		}
		for _, item := range page.Items {
			out[coll+"/"+item["id"].(string)] = canonical(item)
		}
	}
	return out
}

func canonical(m map[string]any) string {
	var b strings.Builder
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(strings.TrimSpace(strings.ReplaceAll(toString(m[k]), "\n", " ")))
		b.WriteByte(';')
	}
	return b.String()
}

func equalSnapshots(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
