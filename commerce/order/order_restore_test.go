package order_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
)

// R2.3.3, R2.8: a snapshot no order could have produced is refused with a
// typed error naming what is wrong — a state outside the table, amounts that
// do not add up, a payment that is not the total, a malformed number, too many
// lines — and a valid one restores.
func TestRestoreOrderValidatesTheSnapshot_R2_3_3(t *testing.T) {
	cases := []struct {
		name   string
		break_ func(s *order.Snapshot)
		kind   error
		code   string
		paid   bool // break a paid order's snapshot, else an unpaid one's
	}{
		{"state outside the table", func(s *order.Snapshot) { s.State = "lost" }, shopkit.ErrInvalid, order.CodeUnknownState, false},
		{"total one fen off", func(s *order.Snapshot) { s.Total = s.Total.WithAmount(s.Total.Amount() + 1) }, shopkit.ErrInvalid, order.CodeInvalidTotal, false},
		{"line paid not subtotal less discounts", func(s *order.Snapshot) { s.Lines[0].Paid = shopkit.CNY(17400) }, shopkit.ErrInvalid, order.CodeInvalidLineAmount, false},
		{"negative discount", func(s *order.Snapshot) {
			s.Lines[1].MemberDiscount, s.Lines[1].Paid = shopkit.CNY(-100), shopkit.CNY(3100)
		}, shopkit.ErrInvalid, order.CodeInvalidLineAmount, false},
		{"subtotal not price × quantity", func(s *order.Snapshot) { s.Lines[1].Quantity = 2 }, shopkit.ErrInvalid, order.CodeInvalidLineAmount, false},
		{"zero quantity", func(s *order.Snapshot) { s.Lines[1].Quantity = 0 }, shopkit.ErrInvalid, order.CodeInvalidQuantity, false},
		{"shipping discount above the fee", func(s *order.Snapshot) { s.ShippingDiscount = shopkit.CNY(2000) }, shopkit.ErrInvalid, order.CodeInvalidShipping, false},
		{"a line in another currency", func(s *order.Snapshot) {
			s.Lines[1].UnitPrice, s.Lines[1].Subtotal, s.Lines[1].Paid = shopkit.MustMoney(3000, "EUR"), shopkit.MustMoney(3000, "EUR"), shopkit.MustMoney(3000, "EUR")
		}, shopkit.ErrCurrencyMismatch, shopkit.CodeCurrencyMismatch, false},
		{"a line price that overflows", func(s *order.Snapshot) {
			s.Lines[1].UnitPrice, s.Lines[1].Quantity = shopkit.CNY(math.MaxInt64), 2
		}, shopkit.ErrOverflow, "", false},
		{"payment not the total", func(s *order.Snapshot) { s.Payment.Amount = shopkit.CNY(1) }, shopkit.ErrInvalid, order.CodePaymentAmountMismatch, true},
		{"paid without a payment", func(s *order.Snapshot) { s.Payment = order.Payment{} }, shopkit.ErrInvalid, order.CodeInvalidPaymentMethod, true},
		{"number not digits", func(s *order.Snapshot) { s.Number = "A-1" }, shopkit.ErrInvalid, order.CodeInvalidOrder, false},
		{"number too long", func(s *order.Snapshot) { s.Number = strings.Repeat("1", 41) }, shopkit.ErrInvalid, order.CodeInvalidOrder, false},
		{"no lines", func(s *order.Snapshot) { s.Lines = nil }, shopkit.ErrInvalid, order.CodeInvalidOrder, false},
		{"too many lines", func(s *order.Snapshot) {
			s.Lines = make([]order.Line, order.MaxLines+1)
		}, shopkit.ErrInvalid, order.CodeTooManyLines, false},
		// R2.2: the pending stock step.
		{"unknown stock step", func(s *order.Snapshot) { s.StockStep, s.StockStepAt = "refund", t0 }, shopkit.ErrInvalid, order.CodeUnknownStockStep, false},
		{"stock step without its time", func(s *order.Snapshot) {
			s.State, s.ClosedAt, s.StockStep = order.OrderClosed, t0, order.StepRelease
		}, shopkit.ErrInvalid, order.CodeInvalidStockStep, false},
		{"stock step time without a step", func(s *order.Snapshot) { s.StockStepAt = t0 }, shopkit.ErrInvalid, order.CodeInvalidStockStep, false},
		{"commit pending before shipment", func(s *order.Snapshot) { s.StockStep, s.StockStepAt = order.StepCommit, t0 }, shopkit.ErrInvalid, order.CodeInvalidStockStep, true},
		{"release pending on an open order", func(s *order.Snapshot) { s.StockStep, s.StockStepAt = order.StepRelease, t0 }, shopkit.ErrInvalid, order.CodeInvalidStockStep, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newTestOrder(t).Snapshot()
			if c.paid {
				o, _ := paidOrder(t)
				s = o.Snapshot()
			}
			c.break_(&s)
			_, err := order.RestoreOrder(s)
			require.ErrorIs(t, err, c.kind)
			if c.code != "" {
				assert.Equal(t, c.code, shopkit.CodeOf(err), "%v", err)
			}
		})
	}
	o, _ := shippedOrder(t)
	back, err := order.RestoreOrder(o.Snapshot())
	require.NoError(t, err)
	assert.NoError(t, back.VerifyTotal())
}

// R2.3, R2.5 (bounded work): an order of more than MaxLines lines is refused
// before any line is looked at, and a payment of more than
// shopkit.MaxInstalments instalments before any is summed.
func TestHostDataIsBounded_R2_3(t *testing.T) {
	in := placeInput()
	in.Lines = make([]order.Line, order.MaxLines+1)
	for i := range in.Lines {
		in.Lines[i] = order.Line{SKU: "S", UnitPrice: shopkit.CNY(1), Quantity: 1}
	}
	_, err := order.NewOrder(in, "1", order.DefaultPolicy(), t0)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, order.CodeTooManyLines, shopkit.CodeOf(err))
	in.Lines = in.Lines[:order.MaxLines]
	in.Shipping, in.ShippingDiscount = shopkit.Money{}, shopkit.Money{}
	_, err = order.NewOrder(in, "1", order.DefaultPolicy(), t0)
	require.NoError(t, err, "MaxLines lines are fine")

	p := order.Payment{Method: order.Alipay, Amount: shopkit.CNY(shopkit.MaxInstalments + 1), GatewayRef: "ALI-1",
		Instalments: make([]shopkit.Money, shopkit.MaxInstalments+1)}
	for i := range p.Instalments {
		p.Instalments[i] = shopkit.CNY(1)
	}
	err = p.Validate()
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, order.CodeInvalidInstalments, shopkit.CodeOf(err))
}

// R2.3 (strict decoding): a policy read from JSON rejects a key that is not a
// field, naming it, so a misspelt deadline never leaves the default silently
// in force; keys the JSON leaves out keep their value.
func TestPolicyJSONIsStrict_R2_3(t *testing.T) {
	p := order.DefaultPolicy()
	err := json.Unmarshal([]byte(`{"ship_withn": "PT1H"}`), &p)
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, order.CodeInvalidPolicy, ve.Code())
	assert.Equal(t, "ship_withn", ve.Problems[0].Field)
	assert.Equal(t, order.DefaultPolicy(), p, "unchanged")

	require.NoError(t, json.Unmarshal([]byte(`{"ship_within": "PT1H"}`), &p))
	want := order.DefaultPolicy()
	want.ShipWithin = time.Hour
	assert.Equal(t, want, p)

	for _, bad := range []string{`{"ship_within": "1h"}`, `{"ship_within": 3600000000000}`, `{"ship_within": "P1D"}`} {
		err = json.Unmarshal([]byte(bad), &p)
		require.ErrorAs(t, err, &ve, bad)
		assert.Equal(t, "ship_within", ve.Problems[0].Field, bad)
		assert.Equal(t, want, p, "%s: unchanged", bad)
	}
}

// Values no constructor built are errors, never panics: every action of a zero
// Order and of a zero Service returns shopkit.CodeNotBuilt and changes nothing,
// a zero SequenceNumberer numbers nothing, and a zero Order offers no action.
func TestUnbuiltValuesAreErrors(t *testing.T) {
	notBuilt := func(t *testing.T, err error) {
		t.Helper()
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err))
	}
	o := new(order.Order)
	notBuilt(t, o.Confirm(system, t0))
	notBuilt(t, o.Pay(system, payment(t0), t0))
	notBuilt(t, o.ApplyDue(t0))
	assert.Equal(t, order.Snapshot{}, o.Snapshot())
	assert.Empty(t, o.AllowedActions(system))

	svc := new(order.Service)
	ctx := context.Background()
	_, err := svc.Place(ctx, placeInput())
	notBuilt(t, err)
	_, err = svc.Confirm(ctx, o.ID(), merchant)
	notBuilt(t, err)
	_, err = svc.Get(ctx, o.ID())
	notBuilt(t, err)
	_, err = svc.ListFlagged(ctx, 1)
	notBuilt(t, err)
	_, err = svc.Sweep(ctx)
	notBuilt(t, err)

	_, err = new(order.SequenceNumberer).Next(t.Context(), t0)
	notBuilt(t, err)
	assert.False(t, errors.Is(err, shopkit.ErrConflict))
}
