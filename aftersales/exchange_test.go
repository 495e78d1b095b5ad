package aftersales_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const day = 24 * time.Hour

// R3.3: the merchant handles an exchange within 48 h: at exactly 48 h a rejection
// is in time, 1 ns later it is not, and the sweep approves stamped at 48 h.
func TestExchangeMerchantResponse48h_R3_3(t *testing.T) {
	f := newFixture(t)
	start := t0(t)
	o := sampleOrder(start.Add(-day))

	inTime := f.open(t, o, aftersales.Exchange, aftersales.LineQty{Line: 0, Units: 1})
	f.clock.Set(start.Add(48 * time.Hour))
	c := f.act(t, inTime.ID(), func(c *aftersales.Case, now time.Time) error { return c.Reject(merchant, now, rejection()) })
	assert.Equal(t, aftersales.Rejected, c.State())

	f.clock.Set(start)
	late := f.open(t, o, aftersales.Exchange, aftersales.LineQty{Line: 1, Units: 1})
	f.clock.Set(start.Add(48*time.Hour + 1))
	_, err := f.svc.Act(f.ctx, late.ID(), func(c *aftersales.Case, now time.Time) error { return c.Reject(merchant, now, rejection()) })
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, aftersales.CodeDeadlinePassed, shopkit.CodeOf(err))

	// Not due at exactly 48 h; due 1 ns later, stamped with the deadline.
	res := f.sweepAt(t, start.Add(48*time.Hour))
	assert.Equal(t, 0, res.Applied)
	res = f.sweepAt(t, start.Add(48*time.Hour+1))
	assert.Equal(t, 1, res.Applied)
	got, err := f.svc.Get(f.ctx, late.ID())
	require.NoError(t, err)
	assert.Equal(t, aftersales.AwaitingReturn, got.State())
	e := lastChange(f.trail(t, late.ID()))
	assert.Equal(t, shopkit.System, e.Role)
	assert.Equal(t, "approve", e.Action)
	assert.True(t, e.At.Equal(start.Add(48*time.Hour)), "stamped with the deadline, not the sweep time")
	d, ok := got.Deadline()
	require.True(t, ok)
	assert.True(t, d.Equal(start.Add(48*time.Hour+10*day)), "10 days to ship back from the approval")

	// Sweeping twice is harmless (R2.9).
	res = f.sweepAt(t, start.Add(48*time.Hour+2))
	assert.Equal(t, 0, res.Applied)
}

// R3.3: approved, the buyer ships back and enters the waybill within 10 days, else
// the case closes and its units are free again.
func TestExchangeShipBackTenDays_R3_3(t *testing.T) {
	f := newFixture(t)
	start := t0(t)
	o := sampleOrder(start.Add(-day))
	a := f.open(t, o, aftersales.Exchange, aftersales.LineQty{Line: 0, Units: 1})
	b := f.open(t, o, aftersales.Exchange, aftersales.LineQty{Line: 1, Units: 1})
	for _, c := range []*aftersales.Case{a, b} {
		f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Approve(merchant, now, "ok") })
	}
	// Day 10 exactly: in time.
	f.clock.Set(start.Add(10 * day))
	c := f.act(t, a.ID(), func(c *aftersales.Case, now time.Time) error { return c.ShipBack(buyer, now, "SF123") })
	assert.Equal(t, aftersales.Returning, c.State())
	// Waybill required.
	_, err := f.svc.Act(f.ctx, b.ID(), func(c *aftersales.Case, now time.Time) error { return c.ShipBack(buyer, now, "") })
	assert.Equal(t, aftersales.CodeWaybillRequired, shopkit.CodeOf(err))
	// 1 ns after day 10: closed by the sweep.
	f.sweepAt(t, start.Add(10*day+1))
	got, err := f.svc.Get(f.ctx, b.ID())
	require.NoError(t, err)
	assert.Equal(t, aftersales.Closed, got.State())
	assert.True(t, lastChange(f.trail(t, b.ID())).At.Equal(start.Add(10*day)))
	for _, cl := range f.ledger(t, o.ID).Claims() {
		assert.NotEqual(t, b.ID(), cl.CaseID, "a closed case frees its units")
	}
}

// R3.3: inspection within 7 days of signing (per the carrier's record), then the
// replacement; the buyer confirms within 10 days or the system does.
func TestExchangeInspectionAndConfirmation_R3_3(t *testing.T) {
	f := newFixture(t)
	start := t0(t)
	o := sampleOrder(start.Add(-day))
	c := f.open(t, o, aftersales.Exchange, aftersales.LineQty{Line: 1, Units: 1})
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Approve(merchant, now, "ok") })
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.ShipBack(buyer, now, "SF1") })
	signed := start.Add(2 * day)
	f.clock.Set(start.Add(3 * day)) // recorded a day after the carrier's signature
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.ReceiveReturn(merchant, now, signed) })
	d, _ := c.Deadline()
	assert.True(t, d.Equal(signed.Add(7*day)), "7 days from signing, not from recording")

	f.sweepAt(t, signed.Add(7*day))
	c, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.Inspecting, c.State())
	f.sweepAt(t, signed.Add(7*day+1))
	c, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.ReplacementPending, c.State())

	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.ShipReplacement(merchant, now, "SF2") })
	shipped := f.clock.Now()
	_, ok := c.Deadline()
	assert.False(t, ok, "the rule sets no delivery window: shipped waits for the signing")
	f.sweepAt(t, shipped.Add(10*day+1))
	c, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.ReplacementShipped, c.State(), "10 days from shipment confirm nothing (R3.3: 签收换货后)")

	// The carrier's record: signed for 12 days after shipment, recorded a day later.
	delivered := shipped.Add(12 * day)
	f.clock.Set(delivered.Add(day))
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.SignForDelivery(sys, now, delivered) })
	assert.Equal(t, aftersales.ReplacementSigned, c.State())
	d, _ = c.Deadline()
	assert.True(t, d.Equal(delivered.Add(10*day)), "10 days from signing, not from shipment or recording")
	f.sweepAt(t, delivered.Add(10*day))
	c, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.ReplacementSigned, c.State())
	f.sweepAt(t, delivered.Add(10*day+1))
	c, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.Completed, c.State())
	assert.True(t, lastChange(f.trail(t, c.ID())).At.Equal(delivered.Add(10*day)))
	assert.Empty(t, f.ledger(t, o.ID).Claims(), "a completed exchange frees the units: an unhappy buyer may open a new case")
	f.open(t, o, aftersales.Exchange, aftersales.LineQty{Line: 1, Units: 1})
}

// R3.3: the buyer's signing for the replacement is recorded by the buyer or by
// the system (the carrier's record), never by the merchant; its time is neither
// in the future nor before the shipment; a buyer who has the item may confirm
// before any signing is recorded. The mail-in repair (R3.4) shares the path.
func TestExchangeSigningForTheReplacement_R3_3(t *testing.T) {
	f := newFixture(t)
	o := sampleOrder(t0(t).Add(-day))
	c := f.open(t, o, aftersales.Exchange, aftersales.LineQty{Line: 1, Units: 1})
	for _, a := range []caseAction{approve, shipBack, receive,
		func(c *aftersales.Case, now time.Time) error { return c.ShipReplacement(merchant, now, "SF2") }} {
		f.clock.Advance(time.Hour)
		f.act(t, c.ID(), a)
	}
	shipped := f.clock.Now()
	f.clock.Advance(day)
	for _, tc := range []struct {
		by   shopkit.Actor
		at   time.Time
		code string
	}{
		{merchant, time.Time{}, aftersales.CodeWrongRole},
		{buyer, f.clock.Now().Add(1), aftersales.CodeInvalidTime},
		{sys, shipped.Add(-1), aftersales.CodeInvalidTime},
	} {
		_, err := f.svc.Act(f.ctx, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.SignForDelivery(tc.by, now, tc.at) })
		assert.Equal(t, tc.code, shopkit.CodeOf(err), "%s at %s", tc.by.Role, tc.at)
	}
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.SignForDelivery(buyer, now, shipped) })
	d, _ := c.Deadline()
	assert.True(t, d.Equal(shipped.Add(10*day)), "signed at the shipment instant: the edge is allowed")
	assert.Equal(t, shipped.UTC(), c.Snapshot().DeliveredAt.UTC())

	// Confirming before the signing is recorded: the buyer has the item.
	e := f.open(t, o, aftersales.Exchange, aftersales.LineQty{Line: 0, Units: 1})
	for _, a := range []caseAction{approve, shipBack, receive,
		func(c *aftersales.Case, now time.Time) error { return c.ShipReplacement(merchant, now, "SF3") }} {
		f.act(t, e.ID(), a)
	}
	_, err := f.svc.Act(f.ctx, e.ID(), func(c *aftersales.Case, now time.Time) error { return c.ConfirmReceipt(sys, now) })
	assert.Equal(t, aftersales.CodeWrongRole, shopkit.CodeOf(err), "the system confirms only after the time from signing")
	e = f.act(t, e.ID(), func(c *aftersales.Case, now time.Time) error { return c.ConfirmReceipt(buyer, now) })
	assert.Equal(t, aftersales.Completed, e.State())
}

// R3.3: a rejection needs a recorded prior conversation and evidence; after it the
// buyer may modify and resubmit, cancel, or ask the platform to intervene.
func TestExchangeRejection_R3_3(t *testing.T) {
	f := newFixture(t)
	o := sampleOrder(t0(t).Add(-day))
	c := f.open(t, o, aftersales.Exchange, aftersales.LineQty{Line: 1, Units: 1})
	before := f.trail(t, c.ID())
	for _, r := range []aftersales.Rejection{
		{Evidence: []string{"photo"}},
		{Conversation: "chat-1"},
		{Conversation: "chat-1", Evidence: []string{""}},
	} {
		_, err := f.svc.Act(f.ctx, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Reject(merchant, now, r) })
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		assert.Equal(t, aftersales.CodeEvidenceRequired, shopkit.CodeOf(err))
	}
	got, _ := f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.Requested, got.State())
	assert.Equal(t, before, f.trail(t, c.ID()), "bad input changes nothing")

	// The buyer may not reject; the merchant may not resubmit.
	_, err := f.svc.Act(f.ctx, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Reject(buyer, now, rejection()) })
	assert.Equal(t, aftersales.CodeWrongRole, shopkit.CodeOf(err))

	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Reject(merchant, now, rejection()) })
	assert.Equal(t, []aftersales.Action{aftersales.ActResubmit, aftersales.ActCancel, aftersales.ActEscalate},
		c.AllowedActions(buyer))
	assert.Equal(t, []aftersales.Action{aftersales.ActEscalate}, c.AllowedActions(merchant))

	f.clock.Advance(time.Hour)
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error {
		return c.Resubmit(buyer, now, "here is a video", []string{"video-1"})
	})
	assert.Equal(t, aftersales.Requested, c.State())
	d, _ := c.Deadline()
	assert.True(t, d.Equal(f.clock.Now().Add(48*time.Hour)), "a resubmission gives the merchant 48 h again")
}
