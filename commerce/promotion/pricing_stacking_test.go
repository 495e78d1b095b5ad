package promotion_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
)

// stackPrice prices one 500-yuan tea line with the coupons under policy (nil:
// the default).
func stackPrice(t *testing.T, policy *promotion.StackingPolicy, coupons ...promotion.CouponUse) (promotion.Priced, error) {
	t.Helper()
	return promotion.Price(promotion.PriceInput{ShopID: cpShop, Lines: []promotion.PriceLine{cpLine("a", "tea", 50000, 1)},
		Coupons: coupons, Now: cpStart, Stacking: policy})
}

// R2.4 "at most one platform coupon and one shop coupon per order
// (configurable)": each count is the most coupons of that issuer, taken as
// written. 0 allows none of that issuer, so a shop can forbid its coupons on
// top of a platform coupon; the zero policy allows no coupon at all and still
// prices an order without coupons.
func TestStackingR2_4ZeroAllowsNone(t *testing.T) {
	shop := cpTemplate(t, nil)
	plat := cpTemplate(t, func(s *promotion.CouponTemplateSpec) { s.Issuer = promotion.IssuerPlatform })

	none := &promotion.StackingPolicy{}
	p, err := stackPrice(t, none)
	require.NoError(t, err, "no coupons are within any policy")
	assert.Equal(t, int64(50000), p.Total.Amount())
	for _, u := range []promotion.CouponUse{cpUse(t, shop), cpUse(t, plat)} {
		_, err = stackPrice(t, none, u)
		require.ErrorIs(t, err, shopkit.ErrNotAllowed)
		assert.Equal(t, promotion.CodeCouponStacking, shopkit.CodeOf(err), "the zero policy allows no %s coupon", u.Template.Issuer())
	}

	noShop := &promotion.StackingPolicy{Platform: 1, Shop: 0}
	_, err = stackPrice(t, noShop, cpUse(t, plat))
	require.NoError(t, err, "Platform 1 allows one platform coupon")
	_, err = stackPrice(t, noShop, cpUse(t, shop))
	assert.Equal(t, promotion.CodeCouponStacking, shopkit.CodeOf(err), "Shop 0 forbids shop coupons")
	_, err = stackPrice(t, noShop, cpUse(t, plat), cpUse(t, shop))
	assert.Equal(t, promotion.CodeCouponStacking, shopkit.CodeOf(err), "Shop 0 forbids stacking a shop coupon on a platform coupon")

	noPlatform := &promotion.StackingPolicy{Platform: 0, Shop: 1}
	_, err = stackPrice(t, noPlatform, cpUse(t, shop))
	require.NoError(t, err)
	_, err = stackPrice(t, noPlatform, cpUse(t, plat))
	assert.Equal(t, promotion.CodeCouponStacking, shopkit.CodeOf(err), "Platform 0 forbids platform coupons")
}

// R2.4: a count of 1 allows exactly one coupon of the issuer (no stacking of
// two), and the default — DefaultStackingPolicy, which a nil Stacking means —
// is one platform and one shop coupon: both give the same result.
func TestStackingR2_4OneAndTheDefault(t *testing.T) {
	shop1, shop2 := cpTemplate(t, nil), cpTemplate(t, nil)
	plat1 := cpTemplate(t, func(s *promotion.CouponTemplateSpec) { s.Issuer = promotion.IssuerPlatform })
	plat2 := cpTemplate(t, func(s *promotion.CouponTemplateSpec) { s.Issuer = promotion.IssuerPlatform })
	def := promotion.DefaultStackingPolicy()
	for name, policy := range map[string]*promotion.StackingPolicy{"nil": nil, "DefaultStackingPolicy": &def, "{1, 1}": {Platform: 1, Shop: 1}} {
		t.Run(name, func(t *testing.T) {
			p, err := stackPrice(t, policy, cpUse(t, shop1), cpUse(t, plat1))
			require.NoError(t, err, "one shop + one platform coupon")
			assert.Len(t, p.Applied, 2)
			_, err = stackPrice(t, policy, cpUse(t, shop1), cpUse(t, shop2))
			assert.Equal(t, promotion.CodeCouponStacking, shopkit.CodeOf(err), "a second shop coupon")
			_, err = stackPrice(t, policy, cpUse(t, plat1), cpUse(t, plat2))
			assert.Equal(t, promotion.CodeCouponStacking, shopkit.CodeOf(err), "a second platform coupon")
		})
	}
	nilP, err := stackPrice(t, nil, cpUse(t, shop1), cpUse(t, plat1))
	require.NoError(t, err)
	defP, err := stackPrice(t, &def, cpUse(t, shop1), cpUse(t, plat1))
	require.NoError(t, err)
	assert.Equal(t, nilP.Total, defP.Total, "nil is the default")

	p, err := stackPrice(t, &promotion.StackingPolicy{Platform: 1, Shop: 2}, cpUse(t, shop1), cpUse(t, shop2), cpUse(t, plat1))
	require.NoError(t, err, "Shop 2 allows stacking two shop coupons")
	assert.Len(t, p.Applied, 3)
}

// R2.4: Price refuses a negative count (CodeInvalidPolicy) before it prices
// anything, whatever the coupons.
func TestStackingR2_4NegativeIsInvalid(t *testing.T) {
	_, err := stackPrice(t, &promotion.StackingPolicy{Platform: -1, Shop: 1})
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, []string{"platform"}, fields(t, err, promotion.CodeInvalidPolicy))
}

// R2.4: a policy decodes strictly. A key left out keeps its value (decode into
// DefaultStackingPolicy to keep the default, into the zero value for none); a
// negative count or an unknown key is CodeInvalidPolicy naming it and leaves
// the policy as it was.
func TestStackingR2_4DecodeStrictly(t *testing.T) {
	p := promotion.DefaultStackingPolicy()
	require.NoError(t, json.Unmarshal([]byte(`{}`), &p))
	assert.Equal(t, promotion.DefaultStackingPolicy(), p, "a key left out keeps its value")
	require.NoError(t, json.Unmarshal([]byte(`{"shop":0}`), &p))
	assert.Equal(t, promotion.StackingPolicy{Platform: 1, Shop: 0}, p, "an explicit 0 forbids shop coupons")

	var z promotion.StackingPolicy
	require.NoError(t, json.Unmarshal([]byte(`{"platform":1}`), &z))
	assert.Equal(t, promotion.StackingPolicy{Platform: 1}, z, "decoded into the zero value, Shop left out is 0: none")

	for _, tc := range []struct{ json, field string }{
		{`{"shop":-1}`, "shop"}, {`{"platform":-2,"shop":1}`, "platform"}, {`{"shops":1}`, "shops"}, {`{"shop":"one"}`, "shop"},
	} {
		before := p
		err := json.Unmarshal([]byte(tc.json), &p)
		require.ErrorIs(t, err, shopkit.ErrInvalid, tc.json)
		assert.Equal(t, []string{tc.field}, fields(t, err, promotion.CodeInvalidPolicy), tc.json)
		assert.Equal(t, before, p, "%s: a refused policy changes nothing", tc.json)
	}
}
