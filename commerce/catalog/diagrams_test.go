package catalog_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit/commerce/catalog"
	"github.com/shopkit/shopkit/internal/golden"
	"github.com/stretchr/testify/assert"
)

// The listing review diagram in DIAGRAMS.md is generated from the table with the
// default policy; this golden test fails when they disagree (R2.1).
func TestDiagrams(t *testing.T) {
	got := "# Listing workflow\n\n" +
		"Generated from the transition table by TestDiagrams with\n" +
		"`ListingDiagram(DefaultListingPolicy())`; regenerate with\n" +
		"`SHOPKIT_UPDATE_GOLDEN=1 go test ./commerce/catalog/...`. Edges marked \"after\"\n" +
		"are consequences a sweep applies when a deadline passes (R2.9).\n\n" +
		"## Listing review (R2.1)\n\n```mermaid\n" + catalog.ListingDiagram(catalog.DefaultListingPolicy()) + "```\n"
	golden.Assert(t, "DIAGRAMS.md", got)
	assert.Contains(t, got, "submitted --> manual_review: escalate (system) after 24h")
}

// R2.1: the escalation edge shows the policy's actual review deadline, and the
// table's transitions and workflow name stay the same.
func TestListingWorkflowLabelFollowsPolicy_R2_1(t *testing.T) {
	for _, c := range []struct {
		within time.Duration
		label  string
	}{
		{24 * time.Hour, "24h"}, {48 * time.Hour, "48h"}, {90 * time.Minute, "90 min"}, {90 * time.Second, "1m30s"},
	} {
		p := catalog.DefaultListingPolicy()
		p.ReviewWithin = c.within
		assert.Contains(t, catalog.ListingDiagram(p), "escalate (system) after "+c.label+"\n")
		wf := catalog.ListingWorkflow(p)
		assert.Equal(t, catalog.WorkflowName, wf.Workflow())
		assert.Equal(t, catalog.ListingWorkflow(catalog.DefaultListingPolicy()).Transitions(), wf.Transitions())
		to, ok := wf.Timeout(catalog.ListingSubmitted)
		assert.True(t, ok)
		assert.Equal(t, catalog.ListingEscalate, to.Action)
		assert.Equal(t, c.label, to.Label)
	}
}
