package privacy

import (
	"testing"
	"time"
)

func TestParseRetentionMonths(t *testing.T) {
	t.Parallel()
	cases := []struct {
		raw  string
		want int
		ok   bool
	}{
		{"", DefaultRetentionMonths, true},
		{"  ", DefaultRetentionMonths, true},
		{"1", 1, true},
		{"0", DefaultRetentionMonths, false},
		{"24", 24, true},
		{"120", 120, true},
		{"121", DefaultRetentionMonths, false},
		{"-3", DefaultRetentionMonths, false},
		{"zwölf", DefaultRetentionMonths, false},
		{"12.5", DefaultRetentionMonths, false},
	}
	for _, c := range cases {
		got, err := ParseRetentionMonths(c.raw)
		if got != c.want || (err == nil) != c.ok {
			t.Errorf("ParseRetentionMonths(%q) = %d, %v; want %d, ok=%v", c.raw, got, err, c.want, c.ok)
		}
	}
}

func TestRetentionCutoff(t *testing.T) {
	t.Parallel()
	now := time.Date(2027, 3, 15, 3, 30, 0, 0, time.UTC)
	cutoff := RetentionCutoff(now, 12)
	if want := time.Date(2026, 3, 15, 3, 30, 0, 0, time.UTC); !cutoff.Equal(want) {
		t.Fatalf("cutoff %v, want %v", cutoff, want)
	}
	// a leap day counts forward: no data is kept longer than the months
	leap := time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC)
	if got, want := RetentionCutoff(leap, 12), time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("cutoff %v, want %v", got, want)
	}
}
