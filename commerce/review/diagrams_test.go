package review_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/shopkit/shopkit/commerce/review"
	"github.com/shopkit/shopkit/internal/golden"
)

// diagramsDoc is DIAGRAMS.md: the review workflow, drawn from its table.
func diagramsDoc() string {
	return "# Review workflow\n\n" +
		"Generated from the transition table by TestDiagrams with\n" +
		"`ReviewDiagram(DefaultPolicy())`; regenerate with\n" +
		"`SHOPKIT_UPDATE_GOLDEN=1 go test ./commerce/review/...`. The review window\n" +
		"(15 days from the order's completion) runs on the order, so no edge waits\n" +
		"on a deadline.\n\n" +
		"## Review (R2.6)\n\n```mermaid\n" + review.ReviewDiagram(review.DefaultPolicy()) + "```\n"
}

// The diagram in DIAGRAMS.md is generated from the table; this golden test
// fails when they disagree (R2.6: the buyer reviews, the merchant replies once).
func TestDiagrams(t *testing.T) {
	got := diagramsDoc()
	golden.Assert(t, "DIAGRAMS.md", got)
	assert.Contains(t, got, "unreviewed --> reviewed: review (buyer)")
	assert.Contains(t, got, "reviewed --> replied: reply (merchant)")
}

// R2.6: the workflow has no timeout, so every policy draws the same table; the
// window is checked by NewReview against the policy in force
// (TestReviewWindow_R2_6).
func TestReviewWorkflowIsTheSameForEveryPolicy_R2_6(t *testing.T) {
	p := review.DefaultPolicy()
	p.ReviewWindow *= 2
	wf := review.ReviewWorkflow(p)
	assert.Equal(t, review.WorkflowName, wf.Workflow())
	assert.Empty(t, wf.Timeouts())
	assert.Equal(t, review.ReviewWorkflow(review.DefaultPolicy()).Transitions(), wf.Transitions())
	assert.Equal(t, review.ReviewDiagram(review.DefaultPolicy()), review.ReviewDiagram(p))
}
