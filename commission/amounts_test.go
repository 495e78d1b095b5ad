package commission_test

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commission"
)

// assertNothingSaved checks that a failed run saved no statement of the
// fixture's merchants and marked no order settled (R4.5).
func assertNothingSaved(t *testing.T, f *settlementFixture, what string) {
	t.Helper()
	assert.Zero(t, f.store.Markers(), "%s: no order marked", what)
	for _, m := range []string{"A", "B"} {
		assert.Empty(t, f.store.Statements(merchantID(m)), "%s: no statement saved", what)
	}
}

// R0.1, R4.5: money only flows to the merchant from what the buyer paid: a
// negative advance (which once turned an order that paid ¥100 into a payout of
// ¥140), refund, refund line, refunded shipping, line paid or shipping paid is
// refused with CodeNegativeAmount naming the field, and the run saves nothing.
// The edge: an advance of zero is no advance; one of −¥0.01 is refused. A
// positive advance is deducted.
func TestStatements_NegativeAmountsAreRefused_R0_1_R4_5(t *testing.T) {
	cases := []struct {
		name, field string
		edit        func(o *commission.OrderRecord)
	}{
		{"advance", "advances[0].amount", func(o *commission.OrderRecord) {
			o.Advances = []commission.AdvanceRecord{{Amount: shopkit.CNY(-4500), At: o.CompletedAt, Key: "a1"}}
		}},
		{"advance one fen below zero", "advances[1].amount", func(o *commission.OrderRecord) {
			o.Advances = []commission.AdvanceRecord{{Amount: shopkit.CNY(0), At: o.CompletedAt, Key: "a0"},
				{Amount: shopkit.CNY(-1), At: o.CompletedAt, Key: "a1"}}
		}},
		{"refund", "refunds[1].amount", func(o *commission.OrderRecord) {
			o.Refunds = []shopkit.Refund{o.Refunds[0], {Key: "r9", OrderID: o.OrderID, At: o.CompletedAt, Amount: shopkit.CNY(-1)}}
		}},
		{"refund line", "refunds[1].lines[0].amount", func(o *commission.OrderRecord) {
			r := refund(*o, "r9", o.CompletedAt, 0, 100)
			r.Lines = append(r.Lines, shopkit.RefundLine{Line: 0, Amount: shopkit.CNY(-100)})
			r.Lines[0], r.Lines[1] = r.Lines[1], r.Lines[0]
			o.Refunds = []shopkit.Refund{o.Refunds[0], r}
		}},
		{"refunded shipping", "refunds[1].shipping", func(o *commission.OrderRecord) {
			r := refund(*o, "r9", o.CompletedAt, 0, 100)
			r.Shipping, r.Amount = shopkit.CNY(-50), shopkit.CNY(50)
			o.Refunds = []shopkit.Refund{o.Refunds[0], r}
		}},
		{"line paid", "lines[0].paid", func(o *commission.OrderRecord) { o.Lines[0].Paid = shopkit.CNY(-10000) }},
		{"shipping paid", "shipping", func(o *commission.OrderRecord) { o.Shipping = shopkit.CNY(-800) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newSettlementFixture(t)
			o := f.o1
			o.Lines = slices.Clone(o.Lines)
			c.edit(&o)
			_, err := f.runSep(o)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, commission.CodeNegativeAmount, shopkit.CodeOf(err))
			var ve *shopkit.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, c.field, ve.Field)
			assertNothingSaved(t, f, c.name)
		})
	}

	f := newSettlementFixture(t)
	o := f.o1
	o.Refunds = nil
	o.Advances = []commission.AdvanceRecord{{Amount: shopkit.CNY(0), At: o.CompletedAt, Key: "a0"},
		{Amount: shopkit.CNY(4500), At: o.CompletedAt, Key: "a1"}}
	sts, err := f.runSep(o)
	require.NoError(t, err)
	require.Len(t, sts, 1)
	// 10000 paid − 500 commission (5 %) − 4500 advanced.
	assert.Equal(t, shopkit.CNY(5000), sts[0].Net)
}

// R3.7, R3.9: one idempotency key is one refund. A second record of the key
// that differs in anything — the amount, the units, the booking time, the case
// — is a conflict (CodeRefundConflict), never "the first one counts", and the
// run saves nothing; the same record repeated, also once confirmed by the
// gateway, counts once. Advances follow the same rule.
func TestStatements_RefundKeyReusedWithAnotherBody_R3_7(t *testing.T) {
	conflicts := []struct {
		name string
		edit func(r *shopkit.Refund)
	}{
		{"amount", func(r *shopkit.Refund) { r.Amount, r.Lines[0].Amount = shopkit.CNY(2001), shopkit.CNY(2001) }},
		{"units", func(r *shopkit.Refund) { r.Lines[0].Units = 1 }},
		{"booking time", func(r *shopkit.Refund) { r.At = r.At.Add(1) }},
		{"case", func(r *shopkit.Refund) { r.CaseID = uuid.New() }},
		{"advance", func(r *shopkit.Refund) { r.Advance = true }},
	}
	for _, c := range conflicts {
		t.Run(c.name, func(t *testing.T) {
			f := newSettlementFixture(t)
			o := f.o1
			second := o.Refunds[1]
			second.Lines = slices.Clone(second.Lines)
			c.edit(&second)
			o.Refunds = []shopkit.Refund{o.Refunds[0], second}
			_, err := f.runSep(o)
			require.ErrorIs(t, err, shopkit.ErrConflict)
			assert.Equal(t, commission.CodeRefundConflict, shopkit.CodeOf(err))
			assertNothingSaved(t, f, c.name)
		})
	}

	f := newSettlementFixture(t)
	o := f.o1
	confirmed := o.Refunds[0]
	confirmed.Confirmed, confirmed.ConfirmedAt = true, confirmed.At.Add(1)
	o.Refunds = []shopkit.Refund{o.Refunds[0], o.Refunds[1], confirmed}
	sts, err := f.runSep(o)
	require.NoError(t, err)
	require.Len(t, sts, 1)
	assert.Equal(t, shopkit.CNY(2000), sts[0].Refunds, "one key, one refund")

	f = newSettlementFixture(t)
	o = f.o3
	o.Refunds = nil
	later := o.Advances[0]
	later.At = later.At.Add(1)
	o.Advances = append(o.Advances, later)
	_, err = f.runSep(o)
	assert.Equal(t, commission.CodeRefundConflict, shopkit.CodeOf(err))
	assertNothingSaved(t, f, "advance")
}

// R0.1, R4.5: statement sums are checked: a merchant's paid total beyond int64
// fen, or a payout that a deposit release would push beyond it, is an
// ErrOverflow error and no statement is saved.
func TestStatements_SumsThatOverflowAreErrors_R0_1(t *testing.T) {
	f := newSettlementFixture(t)
	half := int64(math.MaxInt64/2 + 1)
	a, b := f.o1, f.o1
	a.Refunds, b.Refunds = nil, nil
	a.Lines = []commission.LineRecord{line(half, "toys")}
	b.OrderID, b.Lines = uuid.New(), []commission.LineRecord{line(half, "toys")}
	_, err := f.runSep(a, b)
	require.ErrorIs(t, err, shopkit.ErrOverflow)
	assert.Equal(t, commission.CodeOverflow, shopkit.CodeOf(err))
	assertNothingSaved(t, f, "paid")

	f = newSettlementFixture(t)
	_, err = f.settler.Statements(context.Background(), commission.Run{Period: f.sep,
		Orders: slices.Values([]commission.OrderRecord{f.o1}),
		Deposits: slices.Values([]commission.DepositChange{
			{MerchantID: merchantID("A"), Amount: shopkit.CNY(math.MinInt64), At: f.sep.Start, Reason: "release"}})})
	require.ErrorIs(t, err, shopkit.ErrOverflow)
	assert.Empty(t, f.store.Statements(merchantID("A")), "no statement saved")
}
