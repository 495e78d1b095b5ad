package commerce_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/shopkit/shopkit/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The listing workflow's diagram in testdata/listing_workflow.mmd is generated
// from the table; this golden test fails when they disagree. Regenerate with
// SHOPKIT_UPDATE_GOLDEN=1 go test ./commerce -run TestListingDiagram.
func TestListingDiagram(t *testing.T) {
	path := filepath.Join("testdata", "listing_workflow.mmd")
	got := commerce.ListingDiagram()
	if os.Getenv("SHOPKIT_UPDATE_GOLDEN") != "" {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got, "the listing table changed: regenerate %s", path)
	assert.Contains(t, got, "submitted --> manual_review: escalate (system) after ReviewWithin")
}
