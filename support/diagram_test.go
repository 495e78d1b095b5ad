package support_test

import (
	"os"
	"strings"
	"testing"

	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func diagrams() string {
	return "# support diagrams\n\nGenerated from the transition tables by TestDiagrams; regenerate with\n" +
		"`SHOPKIT_UPDATE_GOLDEN=1 go test ./support -run TestDiagrams`; do not edit.\n\n" +
		"## Conversation (R6.1)\n\n```mermaid\n" + support.ConversationDiagram() + "```\n\n" +
		"## Complaint (R6.4)\n\n```mermaid\n" + support.ComplaintDiagram() + "```\n"
}

// R6.1, R6.4: the diagrams in DIAGRAMS.md are the transition tables; this golden
// test fails when they disagree. SHOPKIT_UPDATE_GOLDEN=1 regenerates the file.
func TestDiagrams(t *testing.T) {
	const path = "DIAGRAMS.md"
	want := diagrams()
	if os.Getenv("SHOPKIT_UPDATE_GOLDEN") != "" {
		require.NoError(t, os.WriteFile(path, []byte(want), 0o644))
	}
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, want, string(got), "the tables changed: SHOPKIT_UPDATE_GOLDEN=1 go test ./support -run TestDiagrams")
	assert.Contains(t, want, "resolved --> closed: close (agent, supervisor, system) after reopen window (72h)")
	assert.Contains(t, want, "follow_up --> follow_up_overdue: mark_follow_up_overdue (system) after follow-up deadline (72h)")

	// The package documentation points at the generated file.
	doc, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(doc), path), "doc.go names %s", path)
}
