package aftersales_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hugeOrder is a delivered order whose lines paid paid fen each, one unit a
// line, with shipping fen of shipping.
func hugeOrder(shipping int64, paid ...int64) aftersales.Order {
	o := sampleOrder(time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC))
	o.Lines, o.Shipping = nil, shopkit.CNY(shipping)
	for _, p := range paid {
		o.Lines = append(o.Lines, order.Line{SKU: "gold", Category: "home", Quantity: 1, Paid: shopkit.CNY(p)})
	}
	return o
}

// R0.1, R3.7: an order whose paid total does not fit in int64 fen gets no
// ledger (ErrOverflow), so no refund can wrap to −¥92,233,720,368,547,757.99;
// through the service nothing is stored, neither the ledger nor the case. At
// exactly the largest total, a full refund pays it back whole.
func TestLedgerRefusesAPaidTotalBeyondInt64_R0_1_R3_7(t *testing.T) {
	now := t0(t)
	for _, o := range []aftersales.Order{hugeOrder(0, math.MaxInt64, 1), hugeOrder(1, math.MaxInt64),
		hugeOrder(0, math.MaxInt64/2+1, math.MaxInt64/2+1)} {
		_, err := aftersales.NewLedger(o, aftersales.ShippingOnFullRefund, now)
		require.ErrorIs(t, err, shopkit.ErrOverflow)
		assert.Equal(t, shopkit.CodeOverflow, shopkit.CodeOf(err))

		f := newFixture(t)
		_, err = f.svc.Open(f.ctx, o, apply(aftersales.ReturnRefund, aftersales.Quality, aftersales.LineQty{Line: 0, Units: 1}))
		require.ErrorIs(t, err, shopkit.ErrOverflow)
		_, err = f.ledgers.Get(f.ctx, o.ID)
		assert.ErrorIs(t, err, shopkit.ErrNotFound, "no ledger stored")
		cases, err := f.cases.ByOrder(f.ctx, o.ID)
		require.NoError(t, err)
		assert.Empty(t, cases, "no case stored")
	}

	l, err := aftersales.NewLedger(hugeOrder(800, math.MaxInt64-1000, 200), aftersales.ShippingOnFullRefund, now)
	require.NoError(t, err)
	assert.Equal(t, shopkit.CNY(math.MaxInt64), l.Paid())
	rec, _, err := l.Refund(aftersales.RefundRequest{Key: "all", Lines: []aftersales.LineQty{{Line: 0, Units: 1}, {Line: 1, Units: 1}}}, now)
	require.NoError(t, err)
	assert.Equal(t, shopkit.CNY(math.MaxInt64), rec.Amount)
	assert.Equal(t, l.Paid(), l.Refunded())
}

// R0.1, R2.8, R3.7: RestoreLedger accepts only numbers a ledger can hold: a paid
// total beyond int64 is ErrOverflow; refunds that do not add up to the lines'
// refunded amounts and units, a refund whose amount is not its lines and
// shipping, a negative or foreign amount, shipping refunded twice or not as
// recorded, units claimed beyond what is left, a missing party, a negative
// trail length — each a CodeInvalidLedger error naming the field, and nothing
// is restored.
func TestRestoreLedgerRejectsInconsistentSums_R0_1_R3_7(t *testing.T) {
	now := t0(t)
	o := sampleOrder(now.Add(-day))
	l, err := aftersales.NewLedger(o, aftersales.ShippingWithFirstRefund, now)
	require.NoError(t, err)
	_, _, err = l.Refund(aftersales.RefundRequest{Key: "r1", Lines: []aftersales.LineQty{{Line: 0, Units: 1}}}, now)
	require.NoError(t, err)
	require.NoError(t, l.Claim(uuid.New(), []aftersales.LineQty{{Line: 0, Units: 2}}, now))
	good := l.Snapshot()
	back, err := aftersales.RestoreLedger(good)
	require.NoError(t, err)
	assert.Equal(t, good, back.Snapshot())
	assert.Equal(t, l.Refunded(), back.Refunded())

	for _, tc := range []struct {
		name, field string
		set         func(s *aftersales.LedgerSnapshot)
	}{
		{"line refunded more than its refunds", "lines[0].refunded", func(s *aftersales.LedgerSnapshot) { s.Lines[0].Refunded++ }},
		{"line units not its refunds'", "lines[0].refunded_units", func(s *aftersales.LedgerSnapshot) { s.Lines[0].RefundedUnits = 0 }},
		{"refunded above paid", "lines[1].refunded", func(s *aftersales.LedgerSnapshot) { s.Lines[1].Refunded = s.Lines[1].Paid + 1 }},
		{"negative paid", "lines[1].paid", func(s *aftersales.LedgerSnapshot) { s.Lines[1].Paid = -1 }},
		{"negative shipping", "shipping", func(s *aftersales.LedgerSnapshot) { s.Shipping = -800 }},
		{"amount not lines and shipping", "refunds[0].amount", func(s *aftersales.LedgerSnapshot) {
			s.Refunds[0].Amount = s.Refunds[0].Amount.WithAmount(1)
		}},
		{"negative refund", "refunds[0].lines[0].amount", func(s *aftersales.LedgerSnapshot) {
			s.Refunds[0].Lines[0].Amount = shopkit.CNY(-333)
		}},
		{"foreign refund", "refunds[0].amount", func(s *aftersales.LedgerSnapshot) {
			s.Refunds[0].Amount = shopkit.MustMoney(s.Refunds[0].Amount.Amount(), "EUR")
		}},
		{"shipping refunded twice", "shipping_refunded", func(s *aftersales.LedgerSnapshot) {
			again := s.Refunds[0]
			again.Key, again.Lines, again.Amount = "r2", nil, again.Shipping
			s.Refunds = append(s.Refunds, again)
		}},
		{"shipping flag without a refund", "shipping_refunded", func(s *aftersales.LedgerSnapshot) { s.ShippingRefunded = false }},
		{"claim beyond the units left", "claims[1].units", func(s *aftersales.LedgerSnapshot) {
			s.Claims = append(s.Claims, aftersales.Claim{CaseID: uuid.New(), Line: 0, Units: 1})
		}},
		{"repeated key", "refunds[1].key", func(s *aftersales.LedgerSnapshot) { s.Refunds = append(s.Refunds, s.Refunds[0]) }},
		{"no buyer", "buyer_id", func(s *aftersales.LedgerSnapshot) { s.BuyerID = "" }},
		{"no shop", "merchant_id", func(s *aftersales.LedgerSnapshot) { s.MerchantID = uuid.Nil }},
		{"negative seq", "seq", func(s *aftersales.LedgerSnapshot) { s.Seq = -1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := l.Snapshot()
			tc.set(&s)
			got, err := aftersales.RestoreLedger(s)
			assert.Nil(t, got)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, aftersales.CodeInvalidLedger, shopkit.CodeOf(err))
			assert.Contains(t, fieldsOf(t, err), tc.field)
		})
	}

	s := l.Snapshot()
	s.Lines[1].Paid = math.MaxInt64
	_, err = aftersales.RestoreLedger(s)
	require.ErrorIs(t, err, shopkit.ErrOverflow)
	assert.Equal(t, shopkit.CodeOverflow, shopkit.CodeOf(err))
}

// R0.1, R3.9: no negative amount flows to a party: a negative advance or
// refund record is CodeNegativeAmount (ErrInvalid) and the case is unchanged;
// a negative advance through the service leaves the ledger as it was.
func TestNegativeMoneyToAPartyIsRefused_R0_1_R3_9(t *testing.T) {
	f := newFixture(t)
	d, o := disputed(t, f, aftersales.ReturnRefund, buyer)
	before := d.Snapshot()
	err := d.RecordAdvance(operator, f.clock.Now(), shopkit.Refund{Key: "adv", CaseID: d.ID(), Advance: true,
		Amount: shopkit.CNY(-100)})
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, aftersales.CodeNegativeAmount, shopkit.CodeOf(err))
	assert.Equal(t, before, d.Snapshot())

	ledger := f.ledger(t, o.ID).Snapshot()
	_, err = f.svc.Advance(f.ctx, d.ID(), operator, "adv", shopkit.CNY(-100), "x")
	assert.Equal(t, aftersales.CodeNegativeAmount, shopkit.CodeOf(err))
	assert.Equal(t, ledger, f.ledger(t, o.ID).Snapshot())
	_, err = f.svc.RefundOrder(f.ctx, o.ID, aftersales.RefundRequest{Key: "neg", By: merchant,
		Lines: []aftersales.LineQty{{Line: 0, Amount: shopkit.CNY(-1)}}})
	assert.Equal(t, aftersales.CodeNegativeAmount, shopkit.CodeOf(err))
	assert.Equal(t, ledger, f.ledger(t, o.ID).Snapshot())

	r := caseIn(t, aftersales.RefundOnly, aftersales.Refunding)
	s := r.Snapshot()
	s.Refund.Issued = false
	r, err = aftersales.RestoreCase(s)
	require.NoError(t, err)
	before = r.Snapshot()
	err = r.MarkRefundIssued(shopkit.Refund{Key: r.Refund().Key, Amount: shopkit.CNY(-5000)}, t0(t))
	assert.Equal(t, aftersales.CodeNegativeAmount, shopkit.CodeOf(err))
	err = r.MarkRefundIssued(shopkit.Refund{Key: r.Refund().Key, Amount: shopkit.MustMoney(5000, "EUR")}, t0(t))
	assert.True(t, errors.Is(err, shopkit.ErrCurrencyMismatch))
	assert.Equal(t, before, r.Snapshot())
}
