package commerce_test

import (
	"os"
	"testing"

	"github.com/shopkit/shopkit/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// couponWorkflowDoc is the text of COUPON_WORKFLOW.md around the generated diagram.
func couponWorkflowDoc() string {
	return `# The issued coupon's workflow (R2.4)

Generated from the table in coupon.go by TestCouponDiagram; regenerate with
` + "`SHOPKIT_UPDATE_GOLDEN=1 go test ./commerce -run TestCouponDiagram`" + `.

An issued coupon is used once by an order; cancelling that order before payment
releases it. A sweep expires an issued coupon 1 ns after the end of its validity
window (using it exactly at ValidTo is in time).

` + "```mermaid\n" + commerce.CouponDiagram() + "```\n"
}

// The coupon diagram in COUPON_WORKFLOW.md is generated from the table; this
// golden test fails when they disagree.
func TestCouponDiagram(t *testing.T) {
	const path = "COUPON_WORKFLOW.md"
	got := couponWorkflowDoc()
	if os.Getenv("SHOPKIT_UPDATE_GOLDEN") != "" {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got, "the coupon table changed: regenerate %s", path)
	assert.Contains(t, got, "issued --> used")
}
