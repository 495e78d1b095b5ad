package commerce_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func whTiers(t testing.TB) commerce.PriceTiers {
	t.Helper()
	p, err := commerce.NewPriceTiers([]commerce.PriceTier{
		{MinQty: 1, MaxQty: 99, UnitPrice: commerce.CNY(1000)},
		{MinQty: 100, UnitPrice: commerce.CNY(850)},
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
		assert.True(t, got.Equal(commerce.CNY(c.want)), "qty %d: %s", c.qty, got)
	}
	for _, q := range []int64{0, -1} {
		_, err := p.UnitPriceFor(q)
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		assert.Equal(t, "commerce.invalid_quantity", shopkit.CodeOf(err))
	}
	_, err := commerce.PriceTiers{}.UnitPriceFor(1)
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
}

// R2.1: the minimum order quantity is the first tier's start; below it is a typed
// error; a closed last tier caps the quantity.
func TestWholesaleR2_1_MOQ(t *testing.T) {
	p, err := commerce.NewPriceTiers([]commerce.PriceTier{
		{MinQty: 50, MaxQty: 199, UnitPrice: commerce.CNY(500)},
		{MinQty: 200, MaxQty: 1000, UnitPrice: commerce.CNY(450)},
	})
	require.NoError(t, err)
	assert.Equal(t, int64(50), p.MOQ())
	_, err = p.UnitPriceFor(49)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, "commerce.below_minimum_order", shopkit.CodeOf(err))
	got, err := p.UnitPriceFor(50)
	require.NoError(t, err)
	assert.True(t, got.Equal(commerce.CNY(500)))
	got, err = p.UnitPriceFor(1000)
	require.NoError(t, err)
	assert.True(t, got.Equal(commerce.CNY(450)))
	_, err = p.UnitPriceFor(1001)
	assert.Equal(t, "commerce.above_maximum_order", shopkit.CodeOf(err))
}

// R2.1: tier tables with overlapping, unordered or gapped bands, open bands before
// the last, zero or negative prices are rejected with a typed error.
func TestWholesaleR2_1_BadTiers(t *testing.T) {
	cny := commerce.CNY
	eur, err := commerce.NewMoney(100, "EUR")
	require.NoError(t, err)
	cases := []struct {
		name  string
		tiers []commerce.PriceTier
		code  string
	}{
		{"none", nil, "commerce.invalid_tiers"},
		{"overlap", []commerce.PriceTier{{1, 100, cny(1000)}, {100, 0, cny(850)}}, "commerce.tiers_overlap"},
		{"same start", []commerce.PriceTier{{1, 99, cny(1000)}, {1, 0, cny(850)}}, "commerce.tiers_overlap"},
		{"unordered", []commerce.PriceTier{{100, 0, cny(850)}, {1, 99, cny(1000)}}, "commerce.tiers_unordered"},
		{"gap", []commerce.PriceTier{{1, 99, cny(1000)}, {101, 0, cny(850)}}, "commerce.tiers_gap"},
		{"open before last", []commerce.PriceTier{{1, 0, cny(1000)}, {100, 0, cny(850)}}, "commerce.tiers_overlap"},
		{"zero price", []commerce.PriceTier{{1, 99, cny(0)}, {100, 0, cny(850)}}, "commerce.invalid_price"},
		{"negative price", []commerce.PriceTier{{1, 99, cny(1000)}, {100, 0, cny(-1)}}, "commerce.invalid_price"},
		{"min 0", []commerce.PriceTier{{0, 99, cny(1000)}}, "commerce.invalid_quantity"},
		{"max below min", []commerce.PriceTier{{10, 9, cny(1000)}}, "commerce.invalid_quantity"},
		{"two currencies", []commerce.PriceTier{{1, 99, cny(1000)}, {100, 0, eur}}, "commerce.currency_mismatch"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := commerce.NewPriceTiers(c.tiers)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, c.code, shopkit.CodeOf(err))
		})
	}
}

// A wholesale listing prices a line by its tiers; JSON round-trips and validates.
func TestWholesaleListing(t *testing.T) {
	c := lstContent()
	c.Tiers = whTiers(t)
	l, err := commerce.NewListing(uuid.New(), c, lstMerchant, lstT0)
	require.NoError(t, err)
	assert.True(t, l.Content().IsWholesale())
	got, err := l.UnitPriceFor(100)
	require.NoError(t, err)
	assert.True(t, got.Equal(commerce.CNY(850)))
	plain := lstNew(t)
	got, err = plain.UnitPriceFor(1000)
	require.NoError(t, err)
	assert.True(t, got.Equal(commerce.CNY(12900)))
	_, err = plain.UnitPriceFor(0)
	require.ErrorIs(t, err, shopkit.ErrInvalid)

	b, err := json.Marshal(c.Tiers)
	require.NoError(t, err)
	var back commerce.PriceTiers
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.Equal(c.Tiers))
	for _, bad := range []struct{ json, code string }{
		{`[{"MinQty":1,"MaxQty":99,"UnitPrice":{"amount":1000,"currency":"CNY"}},{"MinQty":90,"MaxQty":0,"UnitPrice":{"amount":850,"currency":"CNY"}}]`, "commerce.tiers_overlap"},
		{`[{"MinQty":100,"MaxQty":0,"UnitPrice":{"amount":850,"currency":"CNY"}},{"MinQty":1,"MaxQty":99,"UnitPrice":{"amount":1000,"currency":"CNY"}}]`, "commerce.tiers_unordered"},
	} {
		err := json.Unmarshal([]byte(bad.json), &back)
		require.ErrorIs(t, err, shopkit.ErrInvalid)
		assert.Equal(t, bad.code, shopkit.CodeOf(err))
		assert.True(t, back.Equal(c.Tiers), "a bad table changes nothing")
	}
}

func ExamplePriceTiers_UnitPriceFor() {
	tiers, _ := commerce.NewPriceTiers([]commerce.PriceTier{
		{MinQty: 1, MaxQty: 99, UnitPrice: commerce.CNY(1000)}, // 1–99 units: ¥10.00
		{MinQty: 100, UnitPrice: commerce.CNY(850)},            // 100 and more: ¥8.50
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
