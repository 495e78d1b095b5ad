package catalog_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/catalog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func whTiers(t testing.TB) catalog.PriceTiers {
	t.Helper()
	p, err := catalog.NewPriceTiers([]catalog.PriceTier{
		{MinQty: 1, MaxQty: 99, UnitPrice: shopkit.CNY(1000)},
		{MinQty: 100, UnitPrice: shopkit.CNY(850)},
	})
	require.NoError(t, err)
	return p
}

// R2.1: the unit price of a line is the tier its quantity falls in: 1–99 ¥10.00,
// 100+ ¥8.50, at the 99/100 boundary.
func TestWholesaleR2_1_TierBoundary(t *testing.T) {
	p := whTiers(t)
	for _, c := range []struct {
		qty  int64
		want int64
	}{{1, 1000}, {99, 1000}, {100, 850}, {101, 850}, {1 << 40, 850}} {
		got, err := p.UnitPriceFor(c.qty)
		require.NoError(t, err)
		assert.True(t, got.Equal(shopkit.CNY(c.want)), "qty %d: %s", c.qty, got)
	}
	for _, q := range []int64{0, -1} {
		_, err := p.UnitPriceFor(q)
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		assert.Equal(t, catalog.CodeInvalidQuantity, shopkit.CodeOf(err))
	}
	_, err := catalog.PriceTiers{}.UnitPriceFor(1)
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
}

// R2.1: the minimum order quantity is the first tier's start; below it is a typed
// error; a closed last tier caps the quantity.
func TestWholesaleR2_1_MOQ(t *testing.T) {
	p, err := catalog.NewPriceTiers([]catalog.PriceTier{
		{MinQty: 50, MaxQty: 199, UnitPrice: shopkit.CNY(500)},
		{MinQty: 200, MaxQty: 1000, UnitPrice: shopkit.CNY(450)},
	})
	require.NoError(t, err)
	assert.Equal(t, int64(50), p.MOQ())
	_, err = p.UnitPriceFor(49)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, catalog.CodeBelowMinimumOrder, shopkit.CodeOf(err))
	got, err := p.UnitPriceFor(50)
	require.NoError(t, err)
	assert.True(t, got.Equal(shopkit.CNY(500)))
	got, err = p.UnitPriceFor(1000)
	require.NoError(t, err)
	assert.True(t, got.Equal(shopkit.CNY(450)))
	_, err = p.UnitPriceFor(1001)
	assert.Equal(t, catalog.CodeAboveMaximumOrder, shopkit.CodeOf(err))
}

// R2.1: tier tables with overlapping, unordered or gapped bands, open bands before
// the last, zero or negative prices are rejected with a typed error.
func TestWholesaleR2_1_BadTiers(t *testing.T) {
	cny := shopkit.CNY
	eur, err := shopkit.NewMoney(100, "EUR")
	require.NoError(t, err)
	cases := []struct {
		name  string
		tiers []catalog.PriceTier
		code  string
	}{
		{"none", nil, catalog.CodeInvalidTiers},
		{"overlap", []catalog.PriceTier{{1, 100, cny(1000)}, {100, 0, cny(850)}}, catalog.CodeTiersOverlap},
		{"same start", []catalog.PriceTier{{1, 99, cny(1000)}, {1, 0, cny(850)}}, catalog.CodeTiersOverlap},
		{"unordered", []catalog.PriceTier{{100, 0, cny(850)}, {1, 99, cny(1000)}}, catalog.CodeTiersUnordered},
		{"gap", []catalog.PriceTier{{1, 99, cny(1000)}, {101, 0, cny(850)}}, catalog.CodeTiersGap},
		{"open before last", []catalog.PriceTier{{1, 0, cny(1000)}, {100, 0, cny(850)}}, catalog.CodeTiersOverlap},
		{"zero price", []catalog.PriceTier{{1, 99, cny(0)}, {100, 0, cny(850)}}, catalog.CodeInvalidPrice},
		{"negative price", []catalog.PriceTier{{1, 99, cny(1000)}, {100, 0, cny(-1)}}, catalog.CodeInvalidPrice},
		{"min 0", []catalog.PriceTier{{0, 99, cny(1000)}}, catalog.CodeInvalidQuantity},
		{"max below min", []catalog.PriceTier{{10, 9, cny(1000)}}, catalog.CodeInvalidQuantity},
		{"two currencies", []catalog.PriceTier{{1, 99, cny(1000)}, {100, 0, eur}}, catalog.CodeCurrencyMismatch},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := catalog.NewPriceTiers(c.tiers)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, c.code, shopkit.CodeOf(err))
		})
	}
}

// A wholesale listing prices a line by its tiers; JSON round-trips and validates.
func TestWholesaleListing(t *testing.T) {
	c := lstContent()
	c.Tiers = whTiers(t)
	l, err := catalog.NewListing(lstShop, c, lstMerchant, lstT0)
	require.NoError(t, err)
	assert.True(t, l.Content().IsWholesale())
	got, err := l.UnitPriceFor(100)
	require.NoError(t, err)
	assert.True(t, got.Equal(shopkit.CNY(850)))
	plain := lstNew(t)
	got, err = plain.UnitPriceFor(1000)
	require.NoError(t, err)
	assert.True(t, got.Equal(shopkit.CNY(12900)))
	_, err = plain.UnitPriceFor(0)
	require.ErrorIs(t, err, shopkit.ErrInvalid)

	b, err := json.Marshal(c.Tiers)
	require.NoError(t, err)
	var back catalog.PriceTiers
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.Equal(c.Tiers))
	for _, bad := range []struct{ json, code string }{
		{`[{"min_qty":1,"max_qty":99,"unit_price":{"amount":1000,"currency":"CNY"}},{"min_qty":90,"max_qty":0,"unit_price":{"amount":850,"currency":"CNY"}}]`, catalog.CodeTiersOverlap},
		{`[{"min_qty":100,"max_qty":0,"unit_price":{"amount":850,"currency":"CNY"}},{"min_qty":1,"max_qty":99,"unit_price":{"amount":1000,"currency":"CNY"}}]`, catalog.CodeTiersUnordered},
	} {
		err := json.Unmarshal([]byte(bad.json), &back)
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		assert.Equal(t, bad.code, shopkit.CodeOf(err))
		assert.True(t, back.Equal(c.Tiers), "a bad table changes nothing")
	}
}

func ExamplePriceTiers_UnitPriceFor() {
	tiers, _ := catalog.NewPriceTiers([]catalog.PriceTier{
		{MinQty: 1, MaxQty: 99, UnitPrice: shopkit.CNY(1000)}, // 1–99 units: ¥10.00
		{MinQty: 100, UnitPrice: shopkit.CNY(850)},            // 100 and more: ¥8.50
	})
	for _, qty := range []int64{99, 100} {
		unit, _ := tiers.UnitPriceFor(qty)
		total, _ := unit.Mul(qty)
		fmt.Println(qty, unit, total)
	}
	// Output:
	// 99 ¥10.00 ¥990.00
	// 100 ¥8.50 ¥850.00
}
