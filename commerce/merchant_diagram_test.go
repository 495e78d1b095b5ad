package commerce_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/shopkit/shopkit/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The Mermaid diagram of the merchant application workflow (R1.1) is generated
// from its table into testdata/merchant_application.mmd; this golden test fails
// when the table and the diagram disagree. Regenerate with
// SHOPKIT_UPDATE_GOLDEN=1 go test ./commerce -run TestMerchantWorkflowDiagram.
func TestMerchantWorkflowDiagram_R1_1(t *testing.T) {
	got := commerce.MerchantWorkflowDiagram()
	path := filepath.Join("testdata", "merchant_application.mmd")
	if os.Getenv("SHOPKIT_UPDATE_GOLDEN") != "" {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got, "the diagram is stale: regenerate it with SHOPKIT_UPDATE_GOLDEN=1")
	assert.Contains(t, got, "under_review --> review_overdue: mark_overdue (system) after 3 working days")
}
