package aftersales_test

import (
	"os"
	"strings"
	"testing"

	"github.com/shopkit/shopkit/aftersales"
	"github.com/stretchr/testify/require"
)

// diagrams renders the Mermaid diagram of every kind's table (R3.1).
func diagrams() string {
	var b strings.Builder
	b.WriteString("# After-sales case diagrams\n\n")
	b.WriteString("Generated from the transition tables by\n`SHOPKIT_UPDATE_GOLDEN=1 go test ./aftersales -run TestDiagrams`;\n")
	b.WriteString("a test fails when a table and this file disagree. Each edge shows the action and the\n")
	b.WriteString("roles that may take it; a timeout edge also shows its deadline (the consequence the\n")
	b.WriteString("sweep applies, stamped with the deadline). A converted repair case continues in the\n")
	b.WriteString("return_refund table from the state its convert edge leads to.\n")
	for _, k := range aftersales.Kinds() {
		b.WriteString("\n## " + string(k) + "\n\n```mermaid\n")
		b.WriteString(aftersales.TableOf(k).Mermaid())
		b.WriteString("```\n")
	}
	return b.String()
}

// R3.1: the docs show the tables the code runs. SHOPKIT_UPDATE_GOLDEN=1 (the
// project's golden-file switch) regenerates DIAGRAMS.md.
func TestDiagramsMatchTables_R3_1(t *testing.T) {
	want := diagrams()
	if os.Getenv("SHOPKIT_UPDATE_GOLDEN") != "" {
		require.NoError(t, os.WriteFile("DIAGRAMS.md", []byte(want), 0o644))
	}
	got, err := os.ReadFile("DIAGRAMS.md")
	require.NoError(t, err)
	require.Equal(t, want, string(got), "DIAGRAMS.md is stale: run SHOPKIT_UPDATE_GOLDEN=1 go test ./aftersales -run TestDiagrams")
}
