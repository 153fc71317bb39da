package cardtoken

import (
	"errors"
	"testing"
	"time"

	"ben/hooks/tz"
)

func TestVerdictsAreKeptForTheirBerlinDayOnly(t *testing.T) {
	t.Parallel()
	v := &verdicts{}
	v.order, v.entries = newVerdictList()
	calls := 0
	verify := func() (Result, error) { calls++; return Result{Verdict: Valid}, nil }
	lastSecond := time.Date(2027, 3, 1, 23, 59, 59, 0, tz.Berlin)
	for i := 0; i < 3; i++ {
		if _, err := v.check("BEN1.x.y", lastSecond, verify); err != nil {
			t.Fatal(err)
		}
	}
	if calls != 1 {
		t.Fatalf("three checks on one day verified %d times, want once", calls)
	}
	// expiry and the keys' publication change at midnight in Bitburg
	if _, err := v.check("BEN1.x.y", lastSecond.Add(time.Second), verify); err != nil || calls != 2 {
		t.Fatalf("the first check of the next day was answered from the day before (%d verifications)", calls)
	}
	// any write drops the kept verdicts
	v.gen.Add(1)
	if _, _ = v.check("BEN1.x.y", lastSecond.Add(time.Second), verify); calls != 3 {
		t.Fatal("a verdict survived a write to cards, revocations or keys")
	}
	// a failed check is not kept
	failing := func() (Result, error) { calls++; return Result{}, errors.New("database gone") }
	v.check("BEN1.other", lastSecond, failing)
	v.check("BEN1.other", lastSecond, failing)
	if calls != 5 {
		t.Fatal("a failed check was kept")
	}
}

func TestVerdictsAreBounded(t *testing.T) {
	t.Parallel()
	v := &verdicts{}
	v.order, v.entries = newVerdictList()
	now := time.Now()
	for i := 0; i < maxVerdicts+500; i++ {
		v.check(string(rune(i))+"token", now, func() (Result, error) { return Result{Verdict: Valid}, nil })
	}
	if n := v.size(); n != maxVerdicts {
		t.Fatalf("%d verdicts kept, want the bound %d", n, maxVerdicts)
	}
}
