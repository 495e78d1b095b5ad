package commission_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/commission/commissiontest"
)

// runSep runs the fixture's September over the orders and returns the error.
func (f *settlementFixture) runSep(orders ...commission.OrderRecord) ([]commission.Statement, error) {
	return f.settler.Statements(context.Background(), commission.Run{Period: f.sep, Orders: slices.Values(orders)})
}

// R3.7, R4.4: the statement takes the after-sales ledger's shopkit.Refund as it
// is: a refund over two lines and shipping reverses each line's commission in
// proportion, to the fen, and shipping is refunded without reversing any.
func TestStatements_KernelRefundLinesAndShipping_R4_4(t *testing.T) {
	f := newSettlementFixture(t)
	o := sampleOrder(t, "A", "2026-09-02 10:00:00", line(10001, "toys"), line(3333, "toys"))
	o.CompletedAt, o.ReturnWindowEnds = f.o1.CompletedAt, f.o1.ReturnWindowEnds
	o.Shipping = shopkit.CNY(800)
	o.Refunds = []shopkit.Refund{{Key: "k1", OrderID: o.OrderID, MerchantID: o.MerchantID, At: o.CompletedAt.Add(-1),
		Advance: true, // paid first by the platform: still one refund of the sale (R3.9)
		Lines: []shopkit.RefundLine{
			{Line: 0, SKU: "a", Units: 1, Amount: shopkit.CNY(3334)},
			{Line: 1, SKU: "b", Units: 0, Amount: shopkit.CNY(1111)}, // money only
		},
		Shipping: shopkit.CNY(800), Amount: shopkit.CNY(3334 + 1111 + 800)}}
	sts, err := f.runSep(o)
	require.NoError(t, err)
	require.Len(t, sts, 1)
	st := sts[0]
	// 5 %: 500 (10001 × 0.05 = 500.05) and 167 (166.65, half-up). Reversed:
	// ⌊500 × 3334 / 10001⌋ = 166 and ⌊167 × 1111 / 3333⌋ = 55.
	assert.Equal(t, []int64{10001 + 3333 + 800, 3334 + 1111 + 800, 667, 166 + 55, 0},
		[]int64{st.Paid.Amount(), st.Refunds.Amount(), st.Commission.Amount(), st.CommissionReversed.Amount(), st.Advances.Amount()})
	assert.Equal(t, st.Paid.Amount()-st.Refunds.Amount()-st.Commission.Amount()+st.CommissionReversed.Amount(), st.Net.Amount())
}

// R3.7: a refund repeated with the same key counts once; two refunds with one key
// and different amounts are a conflict, and the run saves nothing and marks
// nothing.
func TestStatements_RefundKeyConflict_R3_7(t *testing.T) {
	f := newSettlementFixture(t)
	f.o1.Refunds = []shopkit.Refund{
		refund(f.o1, "r1", f.o1.CompletedAt, 0, 2000),
		refund(f.o1, "r1", f.o1.CompletedAt, 0, 2001),
	}
	_, err := f.runSep(f.o1)
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, commission.CodeRefundConflict, shopkit.CodeOf(err))
	assert.NotContains(t, err.Error(), "commission: commission:", "the prefix once")
	assert.Zero(t, f.store.Markers())
	assert.Empty(t, f.store.Statements(merchantID("A")))

	// The same refund on another line is not the same refund either.
	f = newSettlementFixture(t)
	f.o3.Refunds = []shopkit.Refund{refund(f.o3, "r", f.o3.CompletedAt, 0, 100), refund(f.o3, "r", f.o3.CompletedAt, 1, 100)}
	_, err = f.runSep(f.o3)
	assert.Equal(t, commission.CodeRefundConflict, shopkit.CodeOf(err))

	// Advances follow the same rule (R3.9).
	f = newSettlementFixture(t)
	f.o3.Refunds = nil
	f.o3.Advances = append(f.o3.Advances, commission.AdvanceRecord{Amount: shopkit.CNY(501), At: f.o3.CompletedAt, Key: "a1"})
	_, err = f.runSep(f.o3)
	assert.Equal(t, commission.CodeRefundConflict, shopkit.CodeOf(err))
}

// R3.7: a refund of another order, another merchant, whose amount is not its lines
// plus shipping, or that refunds more shipping than paid, fails the run.
func TestStatements_BadKernelRefunds_R3_7(t *testing.T) {
	cases := []struct {
		name string
		code string
		edit func(o commission.OrderRecord, r *shopkit.Refund)
	}{
		{"other order", commission.CodeInvalidRefund, func(_ commission.OrderRecord, r *shopkit.Refund) { r.OrderID = uuid.New() }},
		{"other merchant", commission.CodeInvalidRefund, func(_ commission.OrderRecord, r *shopkit.Refund) { r.MerchantID = merchantID("B") }},
		{"amount not lines", commission.CodeInvalidRefund, func(_ commission.OrderRecord, r *shopkit.Refund) { r.Amount = shopkit.CNY(1) }},
		{"negative line", commission.CodeNegativeAmount, func(_ commission.OrderRecord, r *shopkit.Refund) {
			r.Lines[0].Amount, r.Amount = shopkit.CNY(-1), shopkit.CNY(-1)
		}},
		{"shipping above paid", commission.CodeRefundExceedsPaid, func(_ commission.OrderRecord, r *shopkit.Refund) {
			r.Shipping, r.Amount = shopkit.CNY(1), shopkit.CNY(r.Amount.Amount()+1)
		}},
		{"other currency", commission.CodeCurrencyMismatch, func(_ commission.OrderRecord, r *shopkit.Refund) {
			r.Amount = shopkit.MustMoney(r.Amount.Amount(), "EUR")
		}},
	}
	for _, c := range cases {
		f := newSettlementFixture(t)
		r := refund(f.o1, "x", f.o1.CompletedAt, 0, 100)
		c.edit(f.o1, &r)
		f.o1.Refunds = []shopkit.Refund{r}
		_, err := f.runSep(f.o1)
		assert.Equal(t, c.code, shopkit.CodeOf(err), c.name)
		assert.Zero(t, f.store.Markers(), c.name)
	}
}

// R4.5: a settler is built once from a validated configuration; a missing store
// or schedule, an invalid policy or a merchant under another ID is a
// ValidationError naming the field.
func TestNewSettler_InvalidConfig_R4_5(t *testing.T) {
	good := commission.SettlerConfig{Schedule: must(commission.NewSchedule(baseRules(t))), Store: commissiontest.NewStore(),
		Policy: commission.DefaultPolicy()}
	_, err := commission.NewSettler(good)
	require.NoError(t, err)
	cases := []struct {
		field string
		edit  func(c *commission.SettlerConfig)
	}{
		{"schedule", func(c *commission.SettlerConfig) { c.Schedule = nil }},
		{"store", func(c *commission.SettlerConfig) { c.Store = nil }},
		{"policy.calendar", func(c *commission.SettlerConfig) { c.Policy = commission.Policy{} }},
		{"policy.payout_days", func(c *commission.SettlerConfig) { c.Policy.PayoutDays = -1 }},
		{"merchants", func(c *commission.SettlerConfig) {
			c.Merchants = map[uuid.UUID]commission.Merchant{merchantID("A"): {ID: merchantID("B")}}
		}},
	}
	for _, c := range cases {
		cfg := good
		c.edit(&cfg)
		_, err := commission.NewSettler(cfg)
		var ve *shopkit.ValidationError
		require.ErrorAs(t, err, &ve, c.field)
		assert.Equal(t, commission.CodeInvalidConfig, ve.Code(), c.field)
		assert.Equal(t, c.field, ve.Field)
	}
}

// R4.5: the zero policy is invalid; the default one is valid. R4.2: the zero
// promotion is invalid, the default one valid, and a bad zone is named.
func TestPolicyAndPromotionValidate_R4_2_R4_5(t *testing.T) {
	err := commission.Policy{}.Validate()
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, commission.CodeInvalidPolicy, shopkit.CodeOf(err))
	require.NoError(t, commission.DefaultPolicy().Validate())

	var ve *shopkit.ValidationError
	require.ErrorAs(t, commission.Promotion{}.Validate(), &ve)
	assert.Equal(t, "promotion.months", ve.Field)
	require.NoError(t, commission.DefaultPromotion().Validate())
	p := *commission.DefaultPromotion()
	p.TimeZone = "Mars/Olympus"
	require.ErrorAs(t, p.Validate(), &ve)
	assert.Equal(t, commission.CodeInvalidPromotion, ve.Code())
	assert.Equal(t, "promotion.time_zone", ve.Field)
}

// Every code of the package is declared once, with the package's prefix.
func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range commission.Codes() {
		assert.Regexp(t, `^commission\.[a-z_]+$`, c)
		assert.False(t, seen[c], c)
		seen[c] = true
	}
	assert.True(t, seen[commission.CodeRefundConflict])
	assert.True(t, seen[commission.CodeInvalidConfig])
}

// R4.5: a deposit change or an order without a merchant is bad input.
func TestStatements_NoMerchant_R4_5(t *testing.T) {
	f := newSettlementFixture(t)
	o := f.o1
	o.MerchantID = uuid.Nil
	_, err := f.runSep(o)
	assert.Equal(t, commission.CodeInvalidOrder, shopkit.CodeOf(err))
	_, err = f.settler.Statements(context.Background(), commission.Run{Period: f.sep,
		Deposits: slices.Values([]commission.DepositChange{{Amount: shopkit.CNY(1), At: f.sep.Start}})})
	assert.Equal(t, commission.CodeInvalidDeposit, shopkit.CodeOf(err))
}
