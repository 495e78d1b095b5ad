package commerce_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce"
	"github.com/stretchr/testify/assert"
)

// diagramsDoc is DIAGRAMS.md: the merchant application and listing workflows,
// drawn from their tables.
func diagramsDoc() string {
	return "# commerce workflows\n\n" +
		"Generated from the transition tables by TestDiagrams; regenerate with\n" +
		"`SHOPKIT_UPDATE_GOLDEN=1 go test ./commerce -run Diagram`. Edges marked \"after\"\n" +
		"are consequences a sweep applies when a deadline passes (R2.9). The order and\n" +
		"issued-coupon workflows are in ORDER_WORKFLOW.md and COUPON_WORKFLOW.md.\n\n" +
		"## Merchant application (R1.1)\n\n```mermaid\n" + commerce.MerchantWorkflowDiagram() + "```\n\n" +
		"## Listing review (R2.1)\n\n```mermaid\n" + commerce.ListingDiagram() + "```\n"
}

// The diagrams in DIAGRAMS.md are generated from the tables; this golden test
// fails when they disagree (R1.1, R2.1).
func TestDiagrams(t *testing.T) {
	got := diagramsDoc()
	assertGolden(t, "DIAGRAMS.md", got)
	assert.Contains(t, got, "under_review --> review_overdue: mark_overdue (system) after 3 working days")
	assert.Contains(t, got, "submitted --> manual_review: escalate (system) after ReviewWithin")
}
