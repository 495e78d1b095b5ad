package aftersales_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func voucherOrder(paid, n int64) aftersales.Order {
	return aftersales.Order{ID: uuid.New(), Number: "2026092900000007", BuyerID: buyer.ID, MerchantID: shopID,
		Lines: []order.Line{{SKU: "hotpot-set", Category: "local", Quantity: n, Paid: shopkit.CNY(paid)}},
		State: aftersales.OrderPaid}
}

// R3.8: partly used → amount × unused / total with the fen truncated; all unused →
// the full amount.
func TestVoucherRefundTruncatesFen_R3_8(t *testing.T) {
	for _, tc := range []struct{ paid, total, unused, want int64 }{
		{1001, 4, 3, 750}, // 750.75 → 750
		{999, 3, 1, 333},
		{1000, 3, 2, 666}, // 666.67 → 666
		{1001, 4, 4, 1001},
		{1001, 4, 0, 0},
	} {
		got, err := aftersales.VoucherRefund(shopkit.CNY(tc.paid), tc.total, tc.unused)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got.Amount(), tc)
	}
}

// R3.8: unused vouchers past validity are refunded automatically: the system
// starts the refund within 24 h after expiry (过期的24小时内). The case's deadline
// is the expiry itself, so the first sweep after it (strictly after the instant)
// expires the vouchers and starts the refund, approved by the system; the start
// is stamped with the sweep's time, from which the 7 working days of money back
// run. (Before, the refund always started at expiry + 24 h, the latest the rule
// allows, whenever the sweep ran.)
func TestVoucherExpiryRefundFirstSweep_R3_8(t *testing.T) {
	f := newFixture(t)
	o := voucherOrder(1001, 4)
	validUntil := t0(t).Add(10 * day)
	c, err := f.svc.OpenVoucher(f.ctx, o, 0, validUntil)
	require.NoError(t, err)
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Redeem(merchant, now, 1) })
	assert.Equal(t, aftersales.VoucherValid, c.State())
	d, _ := c.Deadline()
	assert.True(t, d.Equal(validUntil), "the due index lists the case right after expiry")

	res := f.sweepAt(t, validUntil)
	assert.Zero(t, res.Applied, "at the expiry instant nothing is due")
	c, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.VoucherValid, c.State())

	swept := validUntil.Add(1)
	f.sweepAt(t, swept)
	c, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.Refunding, c.State(), "1 ns after expiry the sweep refunds")
	trail := f.trail(t, c.ID())
	assert.True(t, changeOf(trail, aftersales.ActExpire).At.Equal(validUntil), "validity ended at the expiry")
	e := changeOf(trail, aftersales.ActAutoRefund)
	assert.Equal(t, shopkit.System, e.Role)
	assert.True(t, e.At.Equal(swept), "the refund starts when the sweep starts it: %s", e.At)
	assert.Equal(t, int64(750), c.Refund().Amount.Amount(), "⌊1001 × 3 / 4⌋")
	d, _ = c.Deadline()
	assert.True(t, d.Equal(aftersalesCalendar(t).EndOfWorkingDay(swept, 7)))
}

// R3.8: a host sweeping once a day meets the rule: a sweep 24 h after expiry (the
// latest it allows) starts the refund stamped then.
func TestVoucherExpiryRefundDailySweep_R3_8(t *testing.T) {
	f := newFixture(t)
	validUntil := t0(t).Add(3 * day)
	c, err := f.svc.OpenVoucher(f.ctx, voucherOrder(1000, 2), 0, validUntil)
	require.NoError(t, err)
	latest := validUntil.Add(f.svc.Policy().VoucherExpiryStart)
	f.sweepAt(t, latest)
	c, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.Refunding, c.State())
	assert.True(t, changeOf(f.trail(t, c.ID()), aftersales.ActAutoRefund).At.Equal(latest))
	assert.Equal(t, int64(1000), c.Refund().Amount.Amount(), "all unused: the full amount")
}

// R3.8, R0.3: "money back within 7 working days" across the 2026 National Day
// holiday (10-01..10-07) and its make-up day (Saturday 10-10): a refund asked on
// Wednesday 09-30 is due by the end of Thursday 10-15.
func TestVoucherRefundWorkingDaysAcrossHoliday_R3_8(t *testing.T) {
	f := newFixture(t)
	loc := shanghai(t)
	asked := time.Date(2026, 9, 30, 10, 0, 0, 0, loc)
	f.clock.Set(asked.Add(-day))
	o := voucherOrder(3000, 3)
	validUntil := time.Date(2026, 12, 31, 0, 0, 0, 0, loc)
	c, err := f.svc.OpenVoucher(f.ctx, o, 0, validUntil)
	require.NoError(t, err)
	f.clock.Set(asked)
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.RequestVoucherRefund(buyer, now) })
	assert.Equal(t, aftersales.Refunding, c.State())
	assert.Equal(t, int64(3000), c.Refund().Amount.Amount(), "all unused: the full amount")
	d, _ := c.Deadline()
	assert.True(t, d.Equal(time.Date(2026, 10, 16, 0, 0, 0, 0, loc)), d)
	rec, ok := f.ledger(t, o.ID).RefundByKey(c.Refund().Key)
	require.True(t, ok)
	assert.True(t, rec.DueBy.Equal(d))

	// Not confirmed by then: marked overdue and listable through the ledger store.
	f.sweepAt(t, d)
	c, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.Refunding, c.State())
	f.sweepAt(t, d.Add(1))
	c, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.RefundOverdue, c.State())
	overdue, err := f.ledgers.Due(f.ctx, d, 10)
	require.NoError(t, err)
	require.Len(t, overdue, 1)
	_, err = f.svc.ConfirmRefund(f.ctx, o.ID, c.Refund().Key)
	require.NoError(t, err)
	c, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.Refunded, c.State())
}

// R3.8: "refund any time if unused" holds within validity: at its end in time, 1 ns
// later the buyer can no longer ask (the system refunds instead).
func TestVoucherRequestWithinValidity_R3_8(t *testing.T) {
	f := newFixture(t)
	validUntil := t0(t).Add(5 * day)
	a, err := f.svc.OpenVoucher(f.ctx, voucherOrder(1000, 2), 0, validUntil)
	require.NoError(t, err)
	b, err := f.svc.OpenVoucher(f.ctx, voucherOrder(1000, 2), 0, validUntil)
	require.NoError(t, err)
	f.clock.Set(validUntil)
	f.act(t, a.ID(), func(c *aftersales.Case, now time.Time) error { return c.RequestVoucherRefund(buyer, now) })
	f.clock.Set(validUntil.Add(1))
	_, err = f.svc.Act(f.ctx, b.ID(), func(c *aftersales.Case, now time.Time) error { return c.RequestVoucherRefund(buyer, now) })
	assert.Equal(t, aftersales.CodeDeadlinePassed, shopkit.CodeOf(err))

	// Every voucher used: the case ends, nothing to refund on expiry.
	c, err := f.svc.OpenVoucher(f.ctx, voucherOrder(1000, 2), 0, validUntil.Add(day))
	require.NoError(t, err)
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Redeem(merchant, now, 2) })
	assert.Equal(t, aftersales.UsedUp, c.State())
	_, ok := c.Deadline()
	assert.False(t, ok)
}
