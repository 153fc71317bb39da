package hooks_test

import (
	"testing"

	"ben/hooks/internal/testapp"
)

func TestMain(m *testing.M) { testapp.Main(m) }
