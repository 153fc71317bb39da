package guard

import (
	"fmt"
	"slices"

	"github.com/pocketbase/pocketbase/core"
)

// Changed lists the fields whose value in r differs from stored, leaving
// out the autodate fields and the fields named in skip (those BEN sets
// itself). It is how a rule sees what a write would change of a record
// that is no longer open to changes, such as a decided application.
func Changed(stored, r *core.Record, skip ...string) []string {
	var out []string
	for _, f := range r.Collection().Fields {
		name := f.GetName()
		if name == core.FieldNameId || f.Type() == core.FieldTypeAutodate || slices.Contains(skip, name) {
			continue
		}
		if fmt.Sprint(stored.Get(name)) != fmt.Sprint(r.Get(name)) {
			out = append(out, name)
		}
	}
	return out
}

// Restore sets every field of r to its value in stored (autodate fields
// aside), so that saving r changes nothing. A request that repeats what is
// already stored, but was read before another write, must not carry its
// stale values into the record.
func Restore(stored, r *core.Record) {
	for _, f := range r.Collection().Fields {
		if f.Type() == core.FieldTypeAutodate || f.GetName() == core.FieldNameId {
			continue
		}
		r.Set(f.GetName(), stored.Get(f.GetName()))
	}
}

// Repeats reports whether r, read before another write, sets field to the
// value that write has stored since: r changes field from what it read,
// and the stored value is the new one already. Such a write repeats a
// change that is stored; it must neither count as the change a second
// time nor carry the rest of what it read into the record (Restore).
func Repeats(stored, r *core.Record, field string) bool {
	to := fmt.Sprint(r.Get(field))
	return fmt.Sprint(r.Original().Get(field)) != to && fmt.Sprint(stored.Get(field)) == to
}
