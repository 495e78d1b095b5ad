package merchant_test

import (
	"strings"
	"testing"

	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopkit/shopkit/internal/golden"
	"github.com/stretchr/testify/assert"
)

// diagramsDoc is DIAGRAMS.md: the merchant application workflow of the default
// policy, drawn from its table.
func diagramsDoc() string {
	return "# Merchant workflow\n\n" +
		"Generated from the transition table by TestDiagrams with\n" +
		"`MerchantDiagram(DefaultPolicy())`; regenerate with\n" +
		"`SHOPKIT_UPDATE_GOLDEN=1 go test ./commerce/merchant/...`. Edges marked \"after\"\n" +
		"are consequences a sweep applies when a deadline passes (R2.9).\n\n" +
		"## Merchant application (R1.1)\n\n```mermaid\n" + merchant.MerchantDiagram(merchant.DefaultPolicy()) + "```\n"
}

// The diagrams in DIAGRAMS.md are generated from the tables; this golden test
// fails when they disagree (R1.1: 3 working days).
func TestDiagrams(t *testing.T) {
	got := diagramsDoc()
	golden.Assert(t, "DIAGRAMS.md", got)
	assert.Contains(t, got, "under_review --> review_overdue: mark_overdue (system) after 3 working days")
}

// R1.1: the review deadline's label comes from the policy in force, and the
// table's transitions and workflow name stay the same.
func TestMerchantWorkflowLabelFollowsPolicy_R1_1(t *testing.T) {
	p := merchant.DefaultPolicy()
	p.ReviewWorkingDays = 5
	d := merchant.MerchantDiagram(p)
	assert.Contains(t, d, "mark_overdue (system) after 5 working days")
	assert.NotContains(t, d, "3 working days")
	p.ReviewWorkingDays = 1
	assert.Contains(t, merchant.MerchantDiagram(p), "after 1 working day\n")

	wf := merchant.MerchantWorkflow(p)
	assert.Equal(t, merchant.WorkflowName, wf.Workflow())
	assert.Equal(t, merchant.MerchantWorkflow(merchant.DefaultPolicy()).Transitions(), wf.Transitions())
	to, ok := wf.Timeout(merchant.MerchantUnderReview)
	assert.True(t, ok)
	assert.Equal(t, merchant.MerchantMarkOverdue, to.Action)
	assert.Equal(t, "1 working day", to.Label)
	assert.Equal(t, strings.Count(d, "\n"), strings.Count(merchant.MerchantDiagram(merchant.DefaultPolicy()), "\n"))
}
