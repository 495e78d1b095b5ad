package commerce_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce"
	"github.com/stretchr/testify/assert"
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
	got := couponWorkflowDoc()
	assertGolden(t, "COUPON_WORKFLOW.md", got)
	assert.Contains(t, got, "issued --> used")
}
