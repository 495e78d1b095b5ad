package aftersales_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R3.6: a refund-only case approved by the merchant refunds through the order
// ledger (an EffectRefund keyed by the case), and is refunded once the host
// confirms; the buyer then rates the handling 1–5 (R3.2).
func TestRefundOnlyFlow_R3_6(t *testing.T) {
	f := newFixture(t)
	o := sampleOrder(t0(t).Add(-day))
	c := f.open(t, o, aftersales.RefundOnly, aftersales.LineQty{Line: 0, Units: 1})
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Approve(merchant, now, "sorry") })
	assert.Equal(t, aftersales.Refunding, c.State())
	require.True(t, c.Refund().Issued)
	assert.Equal(t, int64(333), c.Refund().Amount.Amount(), "⌊1001 × 1 / 3⌋")

	eff := effectsOf(f.ledgerTrail(t, o.ID))
	require.Len(t, eff, 1)
	assert.Equal(t, shopkit.EffectRefund, eff[0].Effect.Type)
	assert.Equal(t, c.Refund().Key, eff[0].Effect.Ref)
	assert.Equal(t, "buyer:"+buyer.ID, eff[0].Effect.Party)

	_, err := f.svc.Act(f.ctx, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Rate(buyer, now, 5, "") })
	assert.Equal(t, aftersales.CodeWrongState, shopkit.CodeOf(err), "rating comes after completion")

	rec, err := f.svc.ConfirmRefund(f.ctx, o.ID, c.Refund().Key)
	require.NoError(t, err)
	assert.True(t, rec.Confirmed)
	c, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.Refunded, c.State())
	_, err = f.svc.ConfirmRefund(f.ctx, o.ID, c.Refund().Key)
	require.NoError(t, err, "confirming twice is harmless")

	for _, stars := range []int{0, 6} {
		_, err = f.svc.Act(f.ctx, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Rate(buyer, now, stars, "") })
		assert.Equal(t, aftersales.CodeInvalidRating, shopkit.CodeOf(err), stars)
	}
	for _, stars := range []int{1} {
		c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Rate(buyer, now, stars, "slow") })
	}
	r, _ := c.Rating()
	assert.Equal(t, 1, r)
	_, err = f.svc.Act(f.ctx, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Rate(buyer, now, 5, "") })
	assert.Equal(t, aftersales.CodeAlreadyRated, shopkit.CodeOf(err))
}

// R3.6: after signing for a return the merchant refunds within 7 days, else the
// refund is approved by the system, stamped at the deadline.
func TestReturnRefundAutoApprovedAfter7Days_R3_6(t *testing.T) {
	f := newFixture(t)
	o := sampleOrder(t0(t).Add(-day))
	c := f.open(t, o, aftersales.ReturnRefund, aftersales.LineQty{Line: 1, Units: 1})
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Approve(merchant, now, "ok") })
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.ShipBack(buyer, now, "YT1") })
	f.clock.Advance(2 * day)
	signed := f.clock.Now()
	f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.ReceiveReturn(merchant, now, time.Time{}) })

	f.sweepAt(t, signed.Add(7*day))
	got, _ := f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.RefundDue, got.State())
	f.sweepAt(t, signed.Add(7*day+1))
	got, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.Refunding, got.State())
	e := changeOf(f.trail(t, c.ID()), aftersales.ActApproveRefund)
	assert.Equal(t, shopkit.System, e.Role)
	assert.True(t, e.At.Equal(signed.Add(7*day)))
	assert.Equal(t, int64(5000), got.Refund().Amount.Amount())
}

// R3.6: the instant auto-refund rule approves a refund-only request on an unshipped
// order at or below the limit at once; one fen above, or a shipped order, waits for
// the merchant.
func TestInstantAutoRefund_R3_6(t *testing.T) {
	for _, tc := range []struct {
		name    string
		state   aftersales.OrderState
		limit   int64
		instant bool
	}{
		{"at the limit", aftersales.OrderPaid, 5000, true},
		{"one fen below the refund", aftersales.OrderPaid, 4999, false},
		{"confirmed, unshipped", aftersales.OrderConfirmed, 5000, true},
		{"shipped", aftersales.OrderShipped, 100000, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixtureWith(t, func(cfg *aftersales.ServiceConfig) {
				cfg.InstantRefund = func(shop uuid.UUID) aftersales.InstantRefundRule {
					require.Equal(t, shopID, shop)
					return aftersales.InstantRefundRule{Enabled: true, Limit: shopkit.CNY(tc.limit)}
				}
			})
			o := sampleOrder(time.Time{})
			o.State = tc.state
			c := f.open(t, o, aftersales.RefundOnly, aftersales.LineQty{Line: 1, Units: 1})
			if tc.instant {
				assert.Equal(t, aftersales.Refunding, c.State())
				assert.Equal(t, shopkit.System, changeOf(f.trail(t, c.ID()), aftersales.ActApprove).Role)
				assert.Equal(t, int64(5000), c.Refund().Amount.Amount())
			} else {
				assert.Equal(t, aftersales.Requested, c.State())
			}
		})
	}
}

// R3.6, R3.7: the instant rule compares the whole refund: when it completes the
// order, shipping goes back with it, so a one-line order of 5000 fen with 800 fen
// shipping refunds 5800 — instant at a 5800 limit, not at 5799 or 5000.
func TestInstantAutoRefundCountsShipping_R3_6(t *testing.T) {
	for _, tc := range []struct {
		limit   int64
		instant bool
	}{{5000, false}, {5799, false}, {5800, true}} {
		f := newFixtureWith(t, func(cfg *aftersales.ServiceConfig) {
			cfg.InstantRefund = func(uuid.UUID) aftersales.InstantRefundRule {
				return aftersales.InstantRefundRule{Enabled: true, Limit: shopkit.CNY(tc.limit)}
			}
		})
		o := sampleOrder(time.Time{})
		o.State = aftersales.OrderPaid
		o.Lines = o.Lines[1:]
		c := f.open(t, o, aftersales.RefundOnly, aftersales.LineQty{Line: 0, Units: 1})
		if !tc.instant {
			assert.Equal(t, aftersales.Requested, c.State(), tc.limit)
			assert.Empty(t, f.ledger(t, o.ID).Refunds(), "the dry run refunds nothing")
			continue
		}
		assert.Equal(t, aftersales.Refunding, c.State(), tc.limit)
		assert.Equal(t, int64(5800), c.Refund().Amount.Amount())
		assert.Len(t, f.ledger(t, o.ID).Refunds(), 1)
	}
}

// R3.7: a line's refunds are cumulative floors: 1001 fen over 3 units pays 333,
// 334, 334 whatever the order of the requests, and exactly paid in total; shipping
// goes back only with the refund that leaves everything refunded.
func TestCumulativeFloors_R3_7(t *testing.T) {
	for _, perm := range [][]int{{0, 1, 2}, {2, 1, 0}, {1, 0, 2}} {
		l, err := aftersales.NewLedger(sampleOrder(t0(t)), aftersales.ShippingOnFullRefund, t0(t))
		require.NoError(t, err)
		var got []int64
		for _, i := range perm {
			rec, fresh, err := l.Refund(aftersales.RefundRequest{Key: string(rune('a' + i)), Lines: []aftersales.LineQty{{Line: 0, Units: 1}}}, t0(t))
			require.NoError(t, err)
			require.True(t, fresh)
			got = append(got, rec.Amount.Amount())
		}
		assert.Equal(t, []int64{333, 334, 334}, got)
		assert.Equal(t, int64(1001), l.Lines()[0].Refunded)

		rec, _, err := l.Refund(aftersales.RefundRequest{Key: "kettle", Lines: []aftersales.LineQty{{Line: 1, Units: 1}}}, t0(t))
		require.NoError(t, err)
		assert.Equal(t, int64(800), rec.Shipping.Amount(), "shipping with the last refund")
		assert.Equal(t, int64(5800), rec.Amount.Amount())
		assert.Equal(t, l.Paid(), l.Refunded(), "everything refunded: exactly what was paid")

		_, _, err = l.Refund(aftersales.RefundRequest{Key: "more", Lines: []aftersales.LineQty{{Line: 0, Units: 1}}}, t0(t))
		assert.Equal(t, aftersales.CodeQuantityExceeds, shopkit.CodeOf(err))
	}
}

// R3.7: a money-only refund reduces what later unit refunds pay; the line never
// refunds more than paid; the same key refunds once; a reused key is a conflict.
func TestMoneyOnlyAndIdempotency_R3_7(t *testing.T) {
	now := t0(t)
	l, err := aftersales.NewLedger(sampleOrder(now), aftersales.ShippingNever, now)
	require.NoError(t, err)
	comp := aftersales.RefundRequest{Key: "price-protection", Lines: []aftersales.LineQty{{Line: 0, Amount: shopkit.CNY(400)}}}
	rec, _, err := l.Refund(comp, now)
	require.NoError(t, err)
	assert.Equal(t, int64(400), rec.Amount.Amount())
	again, fresh, err := l.Refund(comp, now)
	require.NoError(t, err)
	assert.False(t, fresh)
	assert.Equal(t, rec, again)
	assert.Len(t, l.Refunds(), 1, "same key refunds once")
	_, _, err = l.Refund(aftersales.RefundRequest{Key: "price-protection", Lines: []aftersales.LineQty{{Line: 0, Amount: shopkit.CNY(1)}}}, now)
	assert.Equal(t, aftersales.CodeKeyReused, shopkit.CodeOf(err))

	// One unit: ⌊1001/3⌋ = 333 ≤ 400 already paid back: pays 0. Two: 667 − 400 = 267.
	r1, _, err := l.Refund(aftersales.RefundRequest{Key: "u1", Lines: []aftersales.LineQty{{Line: 0, Units: 1}}}, now)
	require.NoError(t, err)
	assert.Equal(t, int64(0), r1.Amount.Amount())
	r2, _, err := l.Refund(aftersales.RefundRequest{Key: "u2", Lines: []aftersales.LineQty{{Line: 0, Units: 1}}}, now)
	require.NoError(t, err)
	assert.Equal(t, int64(267), r2.Amount.Amount())
	_, _, err = l.Refund(aftersales.RefundRequest{Key: "too-much", Lines: []aftersales.LineQty{{Line: 0, Amount: shopkit.CNY(335)}}}, now)
	assert.Equal(t, aftersales.CodeExceedsRefundable, shopkit.CodeOf(err), "only 334 left on the line")
	r3, _, err := l.Refund(aftersales.RefundRequest{Key: "u3", Lines: []aftersales.LineQty{{Line: 0, Units: 1}}}, now)
	require.NoError(t, err)
	assert.Equal(t, int64(334), r3.Amount.Amount())
	assert.Equal(t, int64(1001), l.Lines()[0].Refunded)

	_, _, err = l.Refund(aftersales.RefundRequest{Key: "neg", Lines: []aftersales.LineQty{{Line: 1, Amount: shopkit.CNY(-1)}}}, now)
	assert.Equal(t, aftersales.CodeNegativeAmount, shopkit.CodeOf(err))
	_, _, err = l.Refund(aftersales.RefundRequest{Lines: []aftersales.LineQty{{Line: 1, Units: 1}}}, now)
	assert.Equal(t, aftersales.CodeInvalidKey, shopkit.CodeOf(err))
	_, _, err = l.Refund(aftersales.RefundRequest{Key: "eur", Lines: []aftersales.LineQty{{Line: 1, Amount: shopkit.MustMoney(1, "EUR")}}}, now)
	require.ErrorIs(t, err, shopkit.ErrCurrencyMismatch)
}

// R3.7: shipping rules are configurable.
func TestShippingRules_R3_7(t *testing.T) {
	now := t0(t)
	for rule, want := range map[aftersales.ShippingRule]int64{
		aftersales.ShippingOnFullRefund: 0, aftersales.ShippingWithFirstRefund: 800, aftersales.ShippingNever: 0,
	} {
		l, err := aftersales.NewLedger(sampleOrder(now), rule, now)
		require.NoError(t, err)
		rec, _, err := l.Refund(aftersales.RefundRequest{Key: "k", Lines: []aftersales.LineQty{{Line: 1, Units: 1}}}, now)
		require.NoError(t, err)
		assert.Equal(t, want, rec.Shipping.Amount(), rule)
	}
}

// R3.7: CumulativeRefund uses 128-bit intermediates: the largest amounts do not
// overflow.
func TestCumulativeRefundNoOverflow_R3_7(t *testing.T) {
	big := shopkit.CNY(1<<63 - 1)
	got, err := aftersales.CumulativeRefund(big, 1<<62, 1<<62+1)
	require.NoError(t, err)
	assert.Less(t, got.Amount(), big.Amount())
	full, err := aftersales.CumulativeRefund(big, 7, 7)
	require.NoError(t, err)
	assert.Equal(t, big, full)
	_, err = aftersales.CumulativeRefund(big, 8, 7)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
}
