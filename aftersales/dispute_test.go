package aftersales_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func disputed(t *testing.T, f *fixture, kind aftersales.Kind, by shopkit.Actor) (*aftersales.Case, aftersales.Order) {
	o := sampleOrder(t0(t).Add(-day))
	c := f.open(t, o, kind, aftersales.LineQty{Line: 1, Units: 1})
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Reject(merchant, now, rejection()) })
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error {
		return c.Escalate(by, now, "we disagree", []string{"chat-log", "payment-record"})
	})
	require.Equal(t, aftersales.Disputed, c.State())
	return c, o
}

// R3.9: either side may ask the platform after a rejection; the platform decides
// for the buyer (the case goes on as approved) or for the merchant (it closes).
func TestDisputeDecisions_R3_9(t *testing.T) {
	for _, kind := range []aftersales.Kind{aftersales.RefundOnly, aftersales.ReturnRefund, aftersales.Exchange, aftersales.Repair, aftersales.OnSiteRepair} {
		t.Run(string(kind), func(t *testing.T) {
			f := newFixture(t)
			c, _ := disputed(t, f, kind, merchant)
			assert.Equal(t, shopkit.Merchant, c.Dispute().RequestedBy)
			assert.Equal(t, []string{"chat-log", "payment-record"}, c.Dispute().Evidence)
			_, err := f.svc.Act(f.ctx, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.DecideForBuyer(buyer, now, "me") })
			assert.Equal(t, aftersales.CodeWrongRole, shopkit.CodeOf(err))
			c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error {
				return c.DecideForBuyer(operator, now, "merchant responsible")
			})
			want := map[aftersales.Kind]aftersales.State{aftersales.RefundOnly: aftersales.Refunding,
				aftersales.ReturnRefund: aftersales.AwaitingReturn, aftersales.Exchange: aftersales.AwaitingReturn,
				aftersales.Repair: aftersales.AwaitingReturn, aftersales.OnSiteRepair: aftersales.Requested}[kind]
			assert.Equal(t, want, c.State())

			f2 := newFixture(t)
			c2, o2 := disputed(t, f2, kind, buyer)
			c2 = f2.act(t, c2.ID(), func(c *aftersales.Case, now time.Time) error {
				return c.DecideForMerchant(operator, now, "evidence supports the merchant")
			})
			assert.Equal(t, aftersales.Closed, c2.State())
			assert.Empty(t, f2.ledger(t, o2.ID).Claims())
		})
	}
}

// R3.9: where the merchant is responsible the platform pays first (先行赔付): the
// money goes back through the order ledger (never more than paid) and the merchant
// owes it at settlement.
func TestPlatformAdvance_R3_9(t *testing.T) {
	f := newFixture(t)
	c, o := disputed(t, f, aftersales.ReturnRefund, buyer)
	_, err := f.svc.Advance(f.ctx, c.ID(), merchant, "adv-1", shopkit.CNY(1000), "x")
	assert.Equal(t, aftersales.CodeWrongRole, shopkit.CodeOf(err))

	rec, err := f.svc.Advance(f.ctx, c.ID(), operator, "adv-1", shopkit.CNY(1000), "merchant unreachable")
	require.NoError(t, err)
	assert.True(t, rec.Advance)
	again, err := f.svc.Advance(f.ctx, c.ID(), operator, "adv-1", shopkit.CNY(1000), "merchant unreachable")
	require.NoError(t, err)
	assert.Equal(t, rec.Key, again.Key)
	_, err = f.svc.Advance(f.ctx, c.ID(), operator, "adv-2", shopkit.CNY(4001), "too much")
	assert.Equal(t, aftersales.CodeExceedsRefundable, shopkit.CodeOf(err), "the kettle paid 5000, 1000 advanced")

	debts, err := f.ledgers.Debts(f.ctx, shopID)
	require.NoError(t, err)
	require.Len(t, debts, 1)
	assert.Equal(t, int64(1000), debts[0].Amount.Amount())
	assert.Equal(t, o.ID, debts[0].OrderID)
	c, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, int64(1000), c.Advanced().Amount())

	// The platform then orders the refund: the kettle pays what is left.
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.DecideRefund(operator, now, "refund the rest") })
	assert.Equal(t, int64(4000), c.Refund().Amount.Amount())
	assert.Equal(t, int64(5000), f.ledger(t, o.ID).Lines()[1].Refunded)
}

// R3.1: every kind has a table; each waiting state (one with a timeout) gets a
// deadline when entered, and terminal states allow nothing.
func TestEveryKindHasATable_R3_1(t *testing.T) {
	for _, k := range aftersales.Kinds() {
		tab := aftersales.CaseWorkflow(k, aftersales.DefaultPolicy())
		require.NotNil(t, tab, k)
		assert.Equal(t, workflows[k], tab.Workflow())
		for _, s := range tab.States() {
			if tab.Terminal(s) {
				for _, r := range []shopkit.Role{shopkit.Buyer, shopkit.Merchant, shopkit.Platform, shopkit.System} {
					assert.Empty(t, tab.AllowedActions(s, r))
				}
			}
		}
	}
	assert.Nil(t, aftersales.CaseWorkflow("swap", aftersales.DefaultPolicy()))
	assert.Empty(t, aftersales.CaseDiagram("swap", aftersales.DefaultPolicy()))
}

var workflows = map[aftersales.Kind]string{
	aftersales.RefundOnly: aftersales.WorkflowRefundOnly, aftersales.ReturnRefund: aftersales.WorkflowReturnRefund,
	aftersales.Exchange: aftersales.WorkflowExchange, aftersales.Repair: aftersales.WorkflowRepair,
	aftersales.OnSiteRepair: aftersales.WorkflowOnSiteRepair, aftersales.Voucher: aftersales.WorkflowVoucher,
}
