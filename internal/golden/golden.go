// Package golden compares generated documents with the files committed beside the
// code, so the docs drawn from a table can never drift from it.
package golden

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Assert compares got with the file at path, and rewrites the file first when
// SHOPKIT_UPDATE_GOLDEN is set.
func Assert(t testing.TB, path, got string) {
	t.Helper()
	if os.Getenv("SHOPKIT_UPDATE_GOLDEN") != "" {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got, "%s is stale: regenerate it with SHOPKIT_UPDATE_GOLDEN=1 go test ./...", path)
}
