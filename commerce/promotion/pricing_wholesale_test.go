package promotion_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/catalog"
	"github.com/shopkit/shopkit/commerce/promotion"
)

// wsTiers is the R2.1 example table: 1–99 units ¥10.00, 100+ ¥8.50; from is the
// minimum order quantity.
func wsTiers(t *testing.T, from int64) catalog.PriceTiers {
	t.Helper()
	p, err := catalog.NewPriceTiers([]catalog.PriceTier{
		{MinQty: from, MaxQty: 99, UnitPrice: shopkit.CNY(1000)},
		{MinQty: 100, UnitPrice: shopkit.CNY(850)},
	})
	require.NoError(t, err)
	return p
}

// wsLine is a wholesale tea line of qty units without a unit price: Price
// takes it from the tiers.
func wsLine(t *testing.T, qty int64) promotion.PriceLine {
	l := cpLine("w", "tea", 0, qty)
	l.Tiers = wsTiers(t, 1)
	return l
}

// R2.1, R2.4: a wholesale line costs the tier its quantity falls in — 99 units
// at ¥10.00, 100 at ¥8.50 — and that price is the line's unit price snapshot;
// coupons then apply to the tier subtotal.
func TestPriceR2_1WholesaleTierBoundary(t *testing.T) {
	for _, tc := range []struct {
		qty, unit int64
	}{{1, 1000}, {99, 1000}, {100, 850}, {250, 850}} {
		p, err := cpPrice(t, []promotion.PriceLine{wsLine(t, tc.qty)}, cpStart)
		require.NoError(t, err, "qty %d", tc.qty)
		assert.Equal(t, shopkit.CNY(tc.unit), p.Lines[0].UnitPrice, "qty %d", tc.qty)
		assert.Equal(t, shopkit.CNY(tc.unit*tc.qty), p.Lines[0].Subtotal, "qty %d", tc.qty)
		assert.Equal(t, shopkit.CNY(tc.unit*tc.qty), p.Total, "qty %d", tc.qty)
	}

	// 100 units at ¥8.50 = ¥850.00 meets a ¥100 threshold; ¥20 off apportioned
	// with a list-price line (R2.4).
	tpl := cpTemplate(t, nil)
	p, err := cpPrice(t, []promotion.PriceLine{wsLine(t, 100), cpLine("a", "tea", 15000, 1)}, cpStart, cpUse(t, tpl))
	require.NoError(t, err)
	assert.Equal(t, int64(85000+15000), p.Lines[0].Subtotal.Amount()+p.Lines[1].Subtotal.Amount())
	assert.Equal(t, p.Applied[0].Discount.Amount(), p.Lines[0].CouponDiscount.Amount()+p.Lines[1].CouponDiscount.Amount())
	assert.Equal(t, int64(100000)-p.Applied[0].Discount.Amount(), p.Total.Amount())
	cpCheckInvariants(t, p)
}

// R2.1: below the minimum order quantity, or a UnitPrice other than the tier's
// (a list price sent for a wholesale quantity), is refused with the line named;
// the tier's own price as UnitPrice is accepted.
func TestPriceR2_1WholesaleRefusals(t *testing.T) {
	l := cpLine("w", "tea", 0, 9)
	l.Tiers = wsTiers(t, 10)
	_, err := cpPrice(t, []promotion.PriceLine{cpLine("a", "tea", 100, 1), l}, cpStart)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, []string{"lines[1].quantity"}, fields(t, err, catalog.CodeBelowMinimumOrder))

	l = wsLine(t, 100)
	l.UnitPrice = shopkit.CNY(1000) // the 1–99 price for 100 units
	_, err = cpPrice(t, []promotion.PriceLine{l}, cpStart)
	assert.Equal(t, []string{"lines[0].unit_price"}, fields(t, err, promotion.CodeInvalidPriceInput))

	l.UnitPrice = shopkit.CNY(850)
	p, err := cpPrice(t, []promotion.PriceLine{l}, cpStart)
	require.NoError(t, err, "the tier's own price")
	assert.Equal(t, shopkit.CNY(85000), p.Total)

	l = wsLine(t, 0)
	_, err = cpPrice(t, []promotion.PriceLine{l}, cpStart)
	assert.Equal(t, []string{"lines[0].quantity"}, fields(t, err, promotion.CodeInvalidPriceInput), "a zero quantity is refused as before")
}
