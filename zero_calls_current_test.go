package shopkit_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit/internal/golden"
	"github.com/shopkit/shopkit/internal/zerocalls"
)

// Every library package calls each of its exported functions and methods with
// zero values in a generated test that fails on a panic (only Must… helpers may
// panic); this test fails while a package's file is missing or stale.
// Regenerate with SHOPKIT_UPDATE_GOLDEN=1 go test -run TestZeroCallsAreCurrent .
func TestZeroCallsAreCurrent(t *testing.T) {
	_, pkgs := libraryFiles(t)
	dirs := make([]string, 0, len(pkgs))
	for dir := range pkgs {
		dirs = append(dirs, dir)
	}
	slices.Sort(dirs)
	for _, dir := range dirs {
		t.Run(dir, func(t *testing.T) {
			got, err := zerocalls.Generate(dir)
			require.NoError(t, err)
			golden.Assert(t, filepath.Join(dir, zerocalls.FileName), string(got))
		})
	}
}
