// Package migrations holds BEN's schema and seed data as Go migrations, one
// file per change, applied in order by PocketBase on start-up.
package migrations

func ptr(rule string) *string { return &rule }

func ptrFloat(v float64) *float64 { return &v }
