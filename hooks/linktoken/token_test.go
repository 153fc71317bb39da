package linktoken_test

import (
	"regexp"
	"strings"
	"testing"

	"ben/hooks/linktoken"
)

func TestATokenIsRandomURLSafeAndOnlyItsHashIsStored(t *testing.T) {
	t.Parallel()
	urlSafe := regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)
	seen := map[string]bool{}
	for range 100 {
		token, hash := linktoken.New()
		if !urlSafe.MatchString(token) {
			t.Fatalf("token %q is not 32 bytes in base64url", token)
		}
		if seen[token] {
			t.Fatalf("token %q issued twice", token)
		}
		seen[token] = true
		if hash != linktoken.Hash(token) || len(hash) != 64 || strings.Contains(hash, token) {
			t.Fatalf("hash %q of %q: want the 64 hex digits of SHA-256", hash, token)
		}
	}
	// SHA-256 of "abc", as the standard gives it
	if got := linktoken.Hash("abc"); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Fatalf("Hash(abc) = %s", got)
	}
}
