package aftersales_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func repairReceived(t *testing.T, f *fixture, period time.Duration) (*aftersales.Case, time.Time) {
	o := sampleOrder(t0(t).Add(-day))
	c := f.open(t, o, aftersales.Repair, aftersales.LineQty{Line: 1, Units: 1})
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.ApproveRepair(merchant, now, period, "") })
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.ShipBack(buyer, now, "SF9") })
	f.clock.Advance(day)
	received := f.clock.Now()
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.ReceiveReturn(merchant, now, time.Time{}) })
	return c, received
}

// R3.4: with no repair period agreed the merchant repairs and sends back within 30
// days of receipt; overdue, the buyer is entitled to return and refund and the case
// converts (same case, kind return_refund, converted from repair).
func TestRepairOverdueConverts_R3_4(t *testing.T) {
	f := newFixture(t)
	c, received := repairReceived(t, f, 0)
	d, _ := c.Deadline()
	assert.True(t, d.Equal(received.Add(30*day)))

	f.sweepAt(t, received.Add(30*day))
	c, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.Repairing, c.State())
	f.sweepAt(t, received.Add(30*day+1))
	c, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.RefundEntitled, c.State())
	assert.Equal(t, []aftersales.Action{aftersales.ActConvert, aftersales.ActEscalate}, c.AllowedActions(buyer))

	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Convert(buyer, now, "repair overdue") })
	assert.Equal(t, aftersales.ReturnRefund, c.Kind())
	assert.Equal(t, aftersales.Repair, c.ConvertedFrom())
	assert.Equal(t, aftersales.RefundDue, c.State(), "the merchant holds the item: it refunds")
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.ApproveRefund(merchant, now, "") })
	assert.Equal(t, int64(5000), c.Refund().Amount.Amount())
}

// R3.4: a stated repair period replaces the 30 days; an agreed extension moves the
// deadline; a repaired item is confirmed by the buyer, in time counted from
// signing for it.
func TestRepairStatedPeriod_R3_4(t *testing.T) {
	f := newFixture(t)
	c, received := repairReceived(t, f, 20*day)
	d, _ := c.Deadline()
	assert.True(t, d.Equal(received.Add(20*day)))
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error {
		return c.ExtendRepair(buyer, now, received.Add(25*day))
	})
	f.sweepAt(t, received.Add(25*day))
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.ReturnRepaired(merchant, now, "SF10") })
	assert.Equal(t, aftersales.RepairedShipped, c.State())
	_, ok := c.Deadline()
	assert.False(t, ok, "the time to confirm runs from the buyer's signing (as R3.3)")
	f.clock.Advance(3 * day)
	signed := f.clock.Now()
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.SignForDelivery(sys, now, time.Time{}) })
	assert.Equal(t, aftersales.RepairedSigned, c.State())
	d, _ = c.Deadline()
	assert.True(t, d.Equal(signed.Add(10*day)))
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.ConfirmReceipt(buyer, now) })
	assert.Equal(t, aftersales.Completed, c.State())
}

// R3.4: an unjustified refusal to repair, found by the platform, converts to return
// and refund: the buyer still holds the item and ships it back.
func TestRepairUnjustifiedRefusal_R3_4_R3_9(t *testing.T) {
	f := newFixture(t)
	o := sampleOrder(t0(t).Add(-day))
	c := f.open(t, o, aftersales.Repair, aftersales.LineQty{Line: 1, Units: 1})
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Reject(merchant, now, rejection()) })
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error {
		return c.Escalate(buyer, now, "the merchant refuses without reason", []string{"chat-log"})
	})
	_, err := f.svc.Act(f.ctx, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Convert(buyer, now, "x") })
	assert.Equal(t, aftersales.CodeWrongRole, shopkit.CodeOf(err), "only the platform finds a refusal unjustified")
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Convert(operator, now, "refusal unjustified") })
	assert.Equal(t, aftersales.ReturnRefund, c.Kind())
	assert.Equal(t, aftersales.AwaitingReturn, c.State())
	assert.Equal(t, aftersales.ActConvert, c.Dispute().Decision)
}

// R3.4: a self-repair by agreement: the merchant pays the agreed amount, or the
// invoice amount when none was agreed.
func TestSelfRepairReimbursement_R3_4(t *testing.T) {
	for _, tc := range []struct {
		agreed, invoice, paid int64
	}{{8000, 9000, 8000}, {0, 9000, 9000}} {
		f := newFixture(t)
		c := f.open(t, sampleOrder(t0(t).Add(-day)), aftersales.Repair, aftersales.LineQty{Line: 1, Units: 1})
		f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error {
			return c.AgreeSelfRepair(merchant, now, shopkit.CNY(tc.agreed))
		})
		_, err := f.svc.Act(f.ctx, c.ID(), func(c *aftersales.Case, now time.Time) error {
			return c.SubmitInvoice(buyer, now, shopkit.CNY(tc.invoice), nil)
		})
		assert.Equal(t, aftersales.CodeEvidenceRequired, shopkit.CodeOf(err))
		c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error {
			return c.SubmitInvoice(buyer, now, shopkit.CNY(tc.invoice), []string{"invoice.pdf"})
		})
		assert.Equal(t, aftersales.Completed, c.State())
		eff := effectsOf(f.trail(t, c.ID()))
		last := eff[len(eff)-1].Effect
		assert.Equal(t, shopkit.EffectPay, last.Type)
		assert.Equal(t, tc.paid, last.Amount.Amount())
	}
}

// R3.5: the visit time is agreed within 3 natural days: at exactly 3 days in time,
// 1 ns later not; without agreement the merchant visits within 15 days after the
// window, else the buyer is entitled to a refund (the merchant collects the item).
func TestOnSiteThreeDayWindow_R3_5(t *testing.T) {
	f := newFixture(t)
	start := t0(t)
	o := sampleOrder(start.Add(-day))
	a := f.open(t, o, aftersales.OnSiteRepair, aftersales.LineQty{Line: 0, Units: 1})
	b := f.open(t, o, aftersales.OnSiteRepair, aftersales.LineQty{Line: 1, Units: 1})
	f.clock.Set(start.Add(3 * day))
	c := f.act(t, a.ID(), func(c *aftersales.Case, now time.Time) error { return c.ScheduleVisit(merchant, now, now.Add(day)) })
	assert.Equal(t, aftersales.VisitScheduled, c.State())
	f.clock.Set(start.Add(3*day + 1))
	_, err := f.svc.Act(f.ctx, b.ID(), func(c *aftersales.Case, now time.Time) error { return c.ScheduleVisit(merchant, now, now.Add(day)) })
	assert.Equal(t, aftersales.CodeDeadlinePassed, shopkit.CodeOf(err))

	f.sweepAt(t, start.Add(3*day+1))
	b, _ = f.svc.Get(f.ctx, b.ID())
	assert.Equal(t, aftersales.VisitPending, b.State())
	d, _ := b.Deadline()
	assert.True(t, d.Equal(start.Add(18*day)), "15 days after the 3-day window")
	f.sweepAt(t, start.Add(18*day+1))
	b, _ = f.svc.Get(f.ctx, b.ID())
	assert.Equal(t, aftersales.RefundEntitled, b.State())
	assert.True(t, changeOf(f.trail(t, b.ID()), aftersales.ActEntitleRefund).At.Equal(start.Add(18*day)))
	b = f.act(t, b.ID(), func(c *aftersales.Case, now time.Time) error { return c.Convert(buyer, now, "no visit") })
	assert.Equal(t, aftersales.RefundDue, b.State())
	assert.Equal(t, aftersales.OnSiteRepair, b.ConvertedFrom())
}

// R3.5: with a time agreed the merchant visits at that time: at it in time, 1 ns
// later the visit is late and the sweep entitles the buyer to a refund. The rule
// sets the 30-day finish only where no time was agreed, so a repair after a visit
// at the agreed time waits on no deadline (before, the 30 days applied here too).
func TestOnSiteAgreedVisitTime_R3_5(t *testing.T) {
	f := newFixture(t)
	start := t0(t)
	o := sampleOrder(start.Add(-day))
	missed := f.open(t, o, aftersales.OnSiteRepair, aftersales.LineQty{Line: 0, Units: 1})
	kept := f.open(t, o, aftersales.OnSiteRepair, aftersales.LineQty{Line: 1, Units: 1})
	visit := start.Add(5 * day) // agreed within the 3 days, for a time after them
	for _, c := range []*aftersales.Case{missed, kept} {
		c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.ScheduleVisit(merchant, now, visit) })
		d, _ := c.Deadline()
		assert.True(t, d.Equal(visit), "the deadline is the agreed time")
	}
	f.clock.Set(visit)
	kept = f.act(t, kept.ID(), func(c *aftersales.Case, now time.Time) error { return c.RecordVisit(merchant, now) })
	assert.Equal(t, aftersales.OnSiteRepairing, kept.State())
	_, ok := kept.Deadline()
	assert.False(t, ok, "no finish deadline after a visit at the agreed time")

	f.clock.Set(visit.Add(1))
	_, err := f.svc.Act(f.ctx, missed.ID(), func(c *aftersales.Case, now time.Time) error { return c.RecordVisit(merchant, now) })
	assert.Equal(t, aftersales.CodeDeadlinePassed, shopkit.CodeOf(err))
	f.sweepAt(t, visit)
	missed, _ = f.svc.Get(f.ctx, missed.ID())
	assert.Equal(t, aftersales.VisitScheduled, missed.State())
	f.sweepAt(t, visit.Add(1))
	missed, _ = f.svc.Get(f.ctx, missed.ID())
	assert.Equal(t, aftersales.RefundEntitled, missed.State())
	assert.True(t, changeOf(f.trail(t, missed.ID()), aftersales.ActEntitleRefund).At.Equal(visit))

	f.sweepAt(t, visit.Add(30*day+1))
	kept, _ = f.svc.Get(f.ctx, kept.ID())
	assert.Equal(t, aftersales.OnSiteRepairing, kept.State())
	f.clock.Set(visit.Add(40 * day))
	kept = f.act(t, kept.ID(), func(c *aftersales.Case, now time.Time) error { return c.RecordVisit(merchant, now) })
	_, ok = kept.Deadline()
	assert.False(t, ok, "a second visit starts no clock either")
	kept = f.act(t, kept.ID(), func(c *aftersales.Case, now time.Time) error { return c.FinishRepair(merchant, now) })
	assert.Equal(t, aftersales.Completed, kept.State())
}

// R3.5: no time agreed within the 3 days: the merchant visits within 15 days after
// the window and finishes within 30 natural days of the first visit; a later
// visit does not move that clock; at the 30th day in time, 1 ns later the sweep
// entitles the buyer to a refund.
func TestOnSiteFinishWithoutAgreement_R3_5(t *testing.T) {
	f := newFixture(t)
	start := t0(t)
	o := sampleOrder(start.Add(-day))
	c := f.open(t, o, aftersales.OnSiteRepair, aftersales.LineQty{Line: 0, Units: 1})
	f.sweepAt(t, start.Add(3*day+1))
	c, _ = f.svc.Get(f.ctx, c.ID())
	require.Equal(t, aftersales.VisitPending, c.State())
	d, _ := c.Deadline()
	assert.True(t, d.Equal(start.Add(18*day)), "15 days after the end of the 3-day window")

	first := start.Add(18 * day) // the last instant in time
	f.clock.Set(first)
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.RecordVisit(merchant, now) })
	d, _ = c.Deadline()
	assert.True(t, d.Equal(first.Add(30*day)), "30 natural days from the first visit")
	f.clock.Advance(10 * day)
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.RecordVisit(merchant, now) })
	d2, _ := c.Deadline()
	assert.True(t, d2.Equal(d), "a later visit keeps the first visit's clock")

	f.sweepAt(t, first.Add(30*day))
	c, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.OnSiteRepairing, c.State())
	f.sweepAt(t, first.Add(30*day+1))
	c, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.RefundEntitled, c.State())
	assert.True(t, changeOf(f.trail(t, c.ID()), aftersales.ActEntitleRefund).At.Equal(first.Add(30*day)))
}
