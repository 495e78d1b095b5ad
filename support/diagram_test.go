package support_test

import (
	"flag"
	"os"
	"testing"

	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "regenerate DIAGRAMS.md")

func diagrams() string {
	return "# support diagrams\n\nGenerated from the transition tables by `go test ./support -run TestDiagrams -update`; do not edit.\n\n" +
		"## Conversation (R6.1)\n\n```mermaid\n" + support.ConversationDiagram() + "```\n\n" +
		"## Complaint (R6.4)\n\n```mermaid\n" + support.ComplaintDiagram() + "```\n"
}

// The diagrams in DIAGRAMS.md are the transition tables: this golden test fails
// when they disagree.
func TestDiagrams(t *testing.T) {
	want := diagrams()
	if *update {
		require.NoError(t, os.WriteFile("DIAGRAMS.md", []byte(want), 0o644))
	}
	got, err := os.ReadFile("DIAGRAMS.md")
	require.NoError(t, err)
	assert.Equal(t, want, string(got), "run go test ./support -run TestDiagrams -update")
}
