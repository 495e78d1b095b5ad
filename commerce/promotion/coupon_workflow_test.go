package promotion_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/internal/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// couponWorkflowDoc is DIAGRAMS.md: the text around the diagram of a coupon of
// cpSpec, valid 30 days.
func couponWorkflowDoc() string {
	return `# The issued coupon's workflow (R2.4)

Generated from the table in coupon_workflow.go by TestCouponDiagram, for a
coupon valid 30 days (CouponDiagram of that template's spec); regenerate with
` + "`SHOPKIT_UPDATE_GOLDEN=1 go test ./commerce/promotion/... -run TestCouponDiagram`" + `.

An issued coupon is used once by an order; cancelling that order before payment
releases it. A sweep expires an issued coupon 1 ns after the end of its validity
window (using it exactly at ValidTo is in time). A coupon has no policy
deadline: it expires at its own ValidTo, so the label is computed from the
template's window.

` + "```mermaid\n" + promotion.CouponDiagram(cpSpec()) + "```\n"
}

// R2.4: the coupon diagram in DIAGRAMS.md is generated from the table; this
// golden test fails when they disagree.
func TestCouponDiagram(t *testing.T) {
	got := couponWorkflowDoc()
	golden.Assert(t, "DIAGRAMS.md", got)
	assert.Contains(t, got, "issued --> used")
	assert.Contains(t, got, "issued --> expired: expire (system) after valid_to (30-day window)")
}

// R2.4: the expiry label follows the template's window, not a number written in
// the table: another window gives another label; a spec without one says
// valid_to. The table's transitions are the same whatever the spec.
func TestCouponWorkflowLabelFollowsTheSpec(t *testing.T) {
	label := func(edit func(*promotion.CouponTemplateSpec)) string {
		s := cpSpec()
		edit(&s)
		to := promotion.CouponWorkflow(s).Timeouts()
		require.Len(t, to, 1)
		assert.Equal(t, promotion.CouponActionExpire, to[0].Action)
		return to[0].Label
	}
	assert.Equal(t, "valid_to (30-day window)", label(func(*promotion.CouponTemplateSpec) {}))
	assert.Equal(t, "valid_to (7-day window)", label(func(s *promotion.CouponTemplateSpec) { s.ValidTo = s.ValidFrom.Add(7 * 24 * time.Hour) }))
	assert.Equal(t, "valid_to (36h window)", label(func(s *promotion.CouponTemplateSpec) { s.ValidTo = s.ValidFrom.Add(36 * time.Hour) }))
	assert.Equal(t, "valid_to (1h30m0s window)", label(func(s *promotion.CouponTemplateSpec) { s.ValidTo = s.ValidFrom.Add(90 * time.Minute) }))
	assert.Equal(t, "valid_to", label(func(s *promotion.CouponTemplateSpec) { *s = promotion.CouponTemplateSpec{} }))
	assert.Contains(t, promotion.CouponDiagram(cpSpec()), "after valid_to (30-day window)")
	week := cpSpec()
	week.ValidTo = week.ValidFrom.Add(7 * 24 * time.Hour)
	assert.NotEqual(t, promotion.CouponDiagram(cpSpec()), promotion.CouponDiagram(week), "a changed spec changes the diagram")
	assert.Equal(t, promotion.CouponWorkflow(cpSpec()).Transitions(), promotion.CouponWorkflow(week).Transitions())
	assert.Equal(t, promotion.CouponWorkflowName, promotion.CouponWorkflow(week).Workflow())
}

// R2.4, R0.4: a coupon action the table does not allow is a
// *shopkit.TransitionError of the coupon workflow, with the package's codes,
// and changes nothing.
func TestCouponWrongStateOrRole(t *testing.T) {
	c := cpUse(t, cpTemplate(t, nil)).Coupon
	before := c.Snapshot()
	err := c.Release(cpClerk, cpStart, "not used yet")
	var te *shopkit.TransitionError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, promotion.CouponWorkflowName, te.Workflow)
	assert.Equal(t, promotion.CodeWrongState, shopkit.CodeOf(err))
	err = c.Use(cpClerk, "order-1", shopkit.CNY(2000), cpStart) // a merchant may not use a buyer's coupon
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, promotion.CodeWrongRole, shopkit.CodeOf(err))
	assert.Equal(t, before, c.Snapshot())
}

// R0.4: each aggregate's journal is numbered from 1, and a restored entity
// holds none of its trail and numbers on where the trail ended (the snapshot's
// Seq), so an entry's identity (entity ID, Seq) is stable. The promotion
// aggregates record changes only: no rule gives them an effect for the host to
// carry out, so there is no effect ID to check.
func TestJournalsNumberFromTheEntityID_R0_4(t *testing.T) {
	checkSeq := func(t *testing.T, first int, h []shopkit.Entry) {
		t.Helper()
		require.NotEmpty(t, h)
		for i, e := range h {
			assert.Equal(t, first+i, e.Seq)
			assert.Equal(t, shopkit.EntryChange, e.Kind, "no effects")
		}
	}
	alice := shopkit.Actor{Role: shopkit.Buyer, ID: "cust-1"}
	u := cpUse(t, cpTemplate(t, nil))
	c := u.Coupon
	require.NoError(t, c.Use(alice, "order-1", shopkit.CNY(2000), cpStart))
	checkSeq(t, 1, c.History())
	assert.Equal(t, 2, c.Snapshot().Seq)
	back, err := promotion.RestoreCoupon(c.Snapshot())
	require.NoError(t, err)
	assert.Empty(t, back.History(), "a restored coupon holds no trail")
	require.NoError(t, back.Release(alice, cpStart, "order cancelled"))
	require.Len(t, back.Unsaved(), 1)
	assert.Equal(t, 3, back.Unsaved()[0].Seq, "issue, use, then release")
	checkSeq(t, 3, back.History())
	assert.Equal(t, 3, back.Snapshot().Seq)

	q := promotion.NewCouponQuota(u.Template.ID(), "cust-1")
	require.NoError(t, q.Issue(cpClerk, u.Template, c.ID().String(), cpStart))
	checkSeq(t, 1, q.History())
	rq, err := promotion.RestoreCouponQuota(q.Snapshot())
	require.NoError(t, err)
	require.NoError(t, rq.Use(alice, u.Template, c.ID().String(), cpStart))
	assert.Equal(t, 2, rq.Unsaved()[0].Seq)
	checkSeq(t, 2, rq.History())

	camp, err := promotion.NewCampaign(cpClerk, promotion.CampaignSpec{ShopID: cpShop, Name: "c", From: cpStart,
		To: cpStart.Add(time.Hour), Budget: shopkit.CNY(5000)}, cpStart)
	require.NoError(t, err)
	checkSeq(t, 1, camp.History())
	rc, err := promotion.RestoreCampaign(camp.Snapshot())
	require.NoError(t, err)
	require.NoError(t, rc.Reserve(cpClerk, "coupon-1", shopkit.CNY(2000), cpStart))
	assert.Equal(t, 2, rc.Unsaved()[0].Seq)
	checkSeq(t, 2, rc.History())
}
