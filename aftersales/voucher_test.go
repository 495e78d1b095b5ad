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

// R3.8: unused vouchers past validity are refunded automatically: the refund starts
// within 24 h of expiry, approved by the system, money back within 7 working days.
func TestVoucherExpiryAutoRefund_R3_8(t *testing.T) {
	f := newFixture(t)
	o := voucherOrder(1001, 4)
	validUntil := t0(t).Add(10 * day)
	c, err := f.svc.OpenVoucher(f.ctx, o, 0, validUntil)
	require.NoError(t, err)
	c = f.act(t, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Redeem(merchant, now, 1) })
	assert.Equal(t, aftersales.VoucherValid, c.State())

	f.sweepAt(t, validUntil.Add(1))
	c, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.VoucherExpired, c.State())
	d, _ := c.Deadline()
	assert.True(t, d.Equal(validUntil.Add(24*time.Hour)), "the refund starts within 24 h of expiry")

	f.sweepAt(t, validUntil.Add(24*time.Hour+1))
	c, _ = f.svc.Get(f.ctx, c.ID())
	assert.Equal(t, aftersales.Refunding, c.State())
	e := changeOf(f.trail(t, c.ID()), aftersales.ActAutoRefund)
	assert.Equal(t, shopkit.System, e.Role)
	assert.True(t, e.At.Equal(validUntil.Add(24*time.Hour)))
	assert.Equal(t, int64(750), c.Refund().Amount.Amount(), "⌊1001 × 3 / 4⌋")
	d, _ = c.Deadline()
	started := validUntil.Add(24 * time.Hour)
	assert.True(t, d.Equal(aftersalesCalendar(t).EndOfWorkingDay(started, 7)))
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
