package aftersales_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// diagrams renders the Mermaid diagram of every kind's table under p (R3.1).
func diagrams(p aftersales.Policy) string {
	var b strings.Builder
	b.WriteString("# After-sales case diagrams\n\n")
	b.WriteString("Generated from the transition tables and DefaultPolicy by\n`SHOPKIT_UPDATE_GOLDEN=1 go test ./aftersales/...`;\n")
	b.WriteString("a test fails when a table and this file disagree. Each edge shows the action and the\n")
	b.WriteString("roles that may take it; a timeout edge also shows its deadline under the policy (the\n")
	b.WriteString("consequence the sweep applies, stamped with the deadline; a voucher's expiry refund,\n")
	b.WriteString("due from the expiry, is stamped with the sweep that starts it, R3.8). A converted repair\n")
	b.WriteString("case continues in the return_refund table from the state its convert edge leads to.\n")
	for _, k := range aftersales.Kinds() {
		b.WriteString("\n## " + string(k) + "\n\n```mermaid\n")
		b.WriteString(aftersales.CaseDiagram(k, p))
		b.WriteString("```\n")
	}
	return b.String()
}

// R3.1: the docs show the tables the code runs. SHOPKIT_UPDATE_GOLDEN=1 (the
// project's golden-file switch) regenerates DIAGRAMS.md.
func TestDiagramsMatchTables_R3_1(t *testing.T) {
	golden.Assert(t, "DIAGRAMS.md", diagrams(aftersales.DefaultPolicy()))
}

// R3.3, R3.4, R3.5, R3.8: a timeout's label is the policy's number, not the default
// written in the source: a shop answering in 24 h shows "24h", not "48h".
func TestDiagramLabelsFollowThePolicy_R3_3(t *testing.T) {
	def := aftersales.DefaultPolicy()
	for _, tc := range []struct {
		kind  aftersales.Kind
		state aftersales.State
		want  string
	}{
		{aftersales.Exchange, aftersales.Requested, "48h"},
		{aftersales.Exchange, aftersales.AwaitingReturn, "10 days"},
		{aftersales.Exchange, aftersales.Inspecting, "7 days"},
		{aftersales.OnSiteRepair, aftersales.Requested, "3 days"},
		{aftersales.Repair, aftersales.Repairing, "repair period (30 days)"},
		{aftersales.Exchange, aftersales.ReplacementSigned, "10 days from signing"},
		{aftersales.OnSiteRepair, aftersales.OnSiteRepairing, "30 days from the first visit (no time agreed)"},
		{aftersales.Voucher, aftersales.VoucherExpired, "expiry, at the first sweep (within 24h)"},
		{aftersales.Voucher, aftersales.Refunding, "7 working days"},
	} {
		to, ok := aftersales.CaseWorkflow(tc.kind, def).Timeout(tc.state)
		require.True(t, ok, "%s %s", tc.kind, tc.state)
		assert.Equal(t, tc.want, to.Label, "%s %s", tc.kind, tc.state)
	}

	p := aftersales.DefaultPolicy()
	p.MerchantResponse = 24 * time.Hour
	p.BuyerShipBack = 15 * 24 * time.Hour
	p.VoucherRefundWorkingDays = 3
	ex := aftersales.CaseWorkflow(aftersales.Exchange, p)
	to, _ := ex.Timeout(aftersales.Requested)
	assert.Equal(t, "24h", to.Label)
	to, _ = ex.Timeout(aftersales.AwaitingReturn)
	assert.Equal(t, "15 days", to.Label)
	to, _ = aftersales.CaseWorkflow(aftersales.Voucher, p).Timeout(aftersales.Refunding)
	assert.Equal(t, "3 working days", to.Label)
	diagram := aftersales.CaseDiagram(aftersales.Exchange, p)
	assert.Contains(t, diagram, "approve (merchant, system) after 24h")
	assert.NotContains(t, diagram, "48h")
	assert.Contains(t, aftersales.CaseDiagram(aftersales.Exchange, def), "approve (merchant, system) after 48h")
	assert.Equal(t, aftersales.WorkflowExchange, ex.Workflow())
}
