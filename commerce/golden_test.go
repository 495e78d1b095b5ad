package commerce_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// assertGolden compares a document generated from a workflow table with the file
// at path, and rewrites the file first when SHOPKIT_UPDATE_GOLDEN is set, so the
// diagrams in the docs can never drift from the tables.
func assertGolden(t *testing.T, path, got string) {
	t.Helper()
	if os.Getenv("SHOPKIT_UPDATE_GOLDEN") != "" {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got, "%s is stale: regenerate it with SHOPKIT_UPDATE_GOLDEN=1 go test ./commerce -run Diagram", path)
}
