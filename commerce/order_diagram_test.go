package commerce_test

import (
	"os"
	"strings"
	"testing"

	"github.com/shopkit/shopkit/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// orderWorkflowDoc is the text of ORDER_WORKFLOW.md around the generated diagram.
func orderWorkflowDoc() string {
	return `# The order workflow (R2.3)

Generated from the table in order_workflow.go by TestOrderDiagram; regenerate with
` + "`SHOPKIT_UPDATE_GOLDEN=1 go test ./commerce -run TestOrderDiagram`" + `.

Edges marked "after" are consequences a sweep applies at the deadline (R2.9). The
self-loops change a flag, not the state: the payment reminder (30 min, R2.3.5),
ship overdue (48 h after payment), slow tracking (3 days without an update,
R2.3.7), a tracking update, a lost parcel, and an address change (until shipment,
R2.3.6). A buyer's cancellation after payment moves the order to refund_requested
and exposes a RefundOnlyRequest for the after-sales package (R3.6).

` + "```mermaid\n" + commerce.OrderWorkflowMermaid() + "```\n"
}

// The order diagram in ORDER_WORKFLOW.md is generated from the table; this golden
// test fails when they disagree.
func TestOrderDiagram(t *testing.T) {
	const path = "ORDER_WORKFLOW.md"
	got := orderWorkflowDoc()
	if os.Getenv("SHOPKIT_UPDATE_GOLDEN") != "" {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got, "the order table changed: regenerate %s", path)
	assert.Contains(t, got, "pending_payment --> closed: close (system) after 24h unpaid")
	assert.True(t, strings.Contains(got, "delivered --> completed: complete (buyer, system) after 10 days"))
}
