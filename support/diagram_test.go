package support_test

import (
	"os"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/golden"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// diagrams renders the Mermaid diagrams of both workflows under p (R6.1, R6.4).
func diagrams(p support.Policy) string {
	return "# support diagrams\n\n" +
		"Generated from the transition tables and DefaultPolicy by\n`SHOPKIT_UPDATE_GOLDEN=1 go test ./support/...`;\n" +
		"a test fails when a table and this file disagree. Each edge shows the action and the\n" +
		"roles that may take it; a timeout edge also shows its deadline under the policy. Which\n" +
		"merchant may act (the agent holding the conversation or complaint, or the shop itself)\n" +
		"is checked by the aggregate.\n\n" +
		"## Conversation (R6.1)\n\n```mermaid\n" + support.ConversationDiagram(p) + "```\n\n" +
		"## Complaint (R6.4)\n\n```mermaid\n" + support.ComplaintDiagram(p) + "```\n"
}

// R6.1, R6.4: the diagrams in DIAGRAMS.md are the transition tables under the
// default policy; this golden test fails when they disagree.
// SHOPKIT_UPDATE_GOLDEN=1 regenerates the file.
func TestDiagramsMatchTables_R6_1(t *testing.T) {
	got := diagrams(support.DefaultPolicy())
	golden.Assert(t, "DIAGRAMS.md", got)
	assert.Contains(t, got, "resolved --> closed: close (merchant, system) after reopen window (3 days)")
	assert.Contains(t, got, "follow_up --> follow_up_overdue: mark_follow_up_overdue (system) after follow-up deadline (3 days)")

	// The package documentation points at the generated file.
	doc, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	assert.Contains(t, string(doc), "DIAGRAMS.md")
}

// R6.1, R6.4: a timeout's label is the policy's number, not a default written in
// the source: a shop closing resolved conversations after 48 h shows "48h".
func TestDiagramLabelsFollowThePolicy_R6_1(t *testing.T) {
	label := func(p support.Policy, s support.State) string {
		to, ok := support.ConversationWorkflow(p).Timeout(s)
		require.True(t, ok, s)
		return to.Label
	}
	def := support.DefaultPolicy()
	assert.Equal(t, "customer silence (24h)", label(def, support.WaitingCustomer))
	assert.Equal(t, "reopen window (3 days)", label(def, support.Resolved))

	p := support.DefaultPolicy()
	p.ReopenWindow = 48 * time.Hour
	p.CustomerSilence = 90 * time.Minute
	p.ComplaintFollowUp = 10 * 24 * time.Hour
	assert.Equal(t, "reopen window (48h)", label(p, support.Resolved))
	assert.Equal(t, "customer silence (1h30m0s)", label(p, support.WaitingCustomer))
	assert.Contains(t, support.ConversationDiagram(p), "after reopen window (48h)")
	assert.Contains(t, support.ComplaintDiagram(p), "after follow-up deadline (10 days)")
	assert.NotEqual(t, support.ConversationDiagram(def), support.ConversationDiagram(p))

	// Relabelling leaves the tables the aggregates check against alone.
	to, _ := support.ConversationWorkflow(def).Timeout(support.Resolved)
	assert.Equal(t, "reopen window (3 days)", to.Label)
	assert.Equal(t, support.WorkflowConversation, support.ConversationWorkflow(p).Workflow())
	assert.Equal(t, support.WorkflowComplaint, support.ComplaintWorkflow(p).Workflow())
	assert.True(t, support.ConversationWorkflow(p).Can(support.Resolved, support.ActClose, shopkit.System))
}
