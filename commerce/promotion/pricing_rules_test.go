package promotion_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cpMember takes 5 % off every line (half-up), like a member tier (R5.3).
type cpMember struct{}

var cpMemberRate = shopkit.MustCompileRate(decimal.RequireFromString("0.05"))

func (cpMember) MemberDiscount(l order.Line) (shopkit.Money, error) {
	return cpMemberRate.Apply(l.Subtotal, shopkit.HalfUp)
}

func cpPrice(t *testing.T, lines []promotion.PriceLine, now time.Time, coupons ...promotion.CouponUse) (promotion.Priced, error) {
	t.Helper()
	return promotion.Price(promotion.PriceInput{ShopID: cpShop, Lines: lines, Coupons: coupons, Now: now})
}

// R2.4: the threshold (满100) met exactly counts; one fen short does not.
func TestPriceR2_4ThresholdExactVsOneFenShort(t *testing.T) {
	tpl := cpTemplate(t, nil)
	for _, tc := range []struct {
		name string
		unit int64
		code string
	}{{"exactly 100.00", 10000, ""}, {"one fen short", 9999, promotion.CodeCouponBelowThreshold}} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := cpPrice(t, []promotion.PriceLine{cpLine("a", "tea", tc.unit, 1)}, cpStart, cpUse(t, tpl))
			if tc.code != "" {
				require.ErrorIs(t, err, shopkit.ErrNotAllowed)
				assert.Equal(t, tc.code, shopkit.CodeOf(err))
				return
			}
			require.NoError(t, err)
			assert.True(t, p.Total.Equal(shopkit.CNY(8000)), p.Total.String())
		})
	}
}

// R2.4: a coupon is valid from ValidFrom through ValidTo inclusive: exactly at the
// end is in time, 1 ns later it is expired; 1 ns before the start it is not valid yet.
func TestPriceR2_4ValidityWindowEdges(t *testing.T) {
	tpl := cpTemplate(t, nil)
	end := cpStart.Add(30 * 24 * time.Hour)
	lines := []promotion.PriceLine{cpLine("a", "tea", 20000, 1)}
	for _, tc := range []struct {
		name string
		at   time.Time
		code string
	}{
		{"exactly at ValidFrom", cpStart, ""},
		{"1ns before ValidFrom", cpStart.Add(-time.Nanosecond), promotion.CodeCouponNotValidYet},
		{"exactly at ValidTo", end, ""},
		{"1ns after ValidTo", end.Add(time.Nanosecond), promotion.CodeCouponExpired},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := cpPrice(t, lines, tc.at, cpUse(t, tpl))
			assert.Equal(t, tc.code, shopkit.CodeOf(err))
		})
	}
}

// R2.4: a coupon whose scope matches no line is rejected; a shop coupon of another
// shop too; with a category scope only those lines share the discount.
func TestPriceR2_4Scope(t *testing.T) {
	tea := cpTemplate(t, func(s *promotion.CouponTemplateSpec) {
		s.Scope.Categories = []string{"tea"}
		s.MinSpend = shopkit.Money{}
	})
	_, err := cpPrice(t, []promotion.PriceLine{cpLine("cup", "ware", 20000, 1)}, cpStart, cpUse(t, tea))
	assert.Equal(t, promotion.CodeCouponOutOfScope, shopkit.CodeOf(err))

	other := cpTemplate(t, func(s *promotion.CouponTemplateSpec) { s.ShopID = uuid.New() })
	_, err = cpPrice(t, []promotion.PriceLine{cpLine("a", "tea", 20000, 1)}, cpStart, cpUse(t, other))
	assert.Equal(t, promotion.CodeCouponOutOfScope, shopkit.CodeOf(err))

	p, err := cpPrice(t, []promotion.PriceLine{cpLine("tea", "tea", 3000, 1), cpLine("cup", "ware", 9000, 1)}, cpStart, cpUse(t, tea))
	require.NoError(t, err)
	assert.Equal(t, int64(2000), p.Lines[0].CouponDiscount.Amount())
	assert.Equal(t, int64(0), p.Lines[1].CouponDiscount.Amount())

	// Listing scope.
	byListing := cpTemplate(t, func(s *promotion.CouponTemplateSpec) {
		s.Scope.Listings = []uuid.UUID{cpLine("cup", "", 0, 0).ListingID}
		s.MinSpend = shopkit.Money{}
	})
	p, err = cpPrice(t, []promotion.PriceLine{cpLine("tea", "tea", 3000, 1), cpLine("cup", "ware", 9000, 1)}, cpStart, cpUse(t, byListing))
	require.NoError(t, err)
	assert.Equal(t, []int64{0, 2000}, []int64{p.Lines[0].CouponDiscount.Amount(), p.Lines[1].CouponDiscount.Amount()})
}

// R2.4: at most one platform and one shop coupon per order by default; the policy
// is configurable; a coupon listed twice or already used is rejected.
func TestPriceR2_4Stacking(t *testing.T) {
	lines := []promotion.PriceLine{cpLine("a", "tea", 50000, 1)}
	shop1, shop2 := cpTemplate(t, nil), cpTemplate(t, nil)
	plat := cpTemplate(t, func(s *promotion.CouponTemplateSpec) { s.Issuer = promotion.IssuerPlatform })
	_, err := cpPrice(t, lines, cpStart, cpUse(t, shop1), cpUse(t, plat))
	require.NoError(t, err, "one shop + one platform coupon")

	_, err = cpPrice(t, lines, cpStart, cpUse(t, shop1), cpUse(t, shop2))
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, promotion.CodeCouponStacking, shopkit.CodeOf(err))

	p, err := promotion.Price(promotion.PriceInput{ShopID: cpShop, Lines: lines, Now: cpStart,
		Coupons: []promotion.CouponUse{cpUse(t, shop1), cpUse(t, shop2)}, Stacking: &promotion.StackingPolicy{Shop: 2, Platform: 1}})
	require.NoError(t, err)
	assert.Equal(t, int64(46000), p.Total.Amount())

	_, err = promotion.Price(promotion.PriceInput{ShopID: cpShop, Lines: lines, Now: cpStart,
		Coupons: []promotion.CouponUse{cpUse(t, plat)}, Stacking: &promotion.StackingPolicy{Shop: 1, Platform: 0}})
	assert.Equal(t, promotion.CodeCouponStacking, shopkit.CodeOf(err))

	u := cpUse(t, shop1)
	_, err = cpPrice(t, lines, cpStart, u, u)
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, promotion.CodeCouponUsed, shopkit.CodeOf(err))

	require.NoError(t, u.Coupon.Use(shopkit.Actor{Role: shopkit.Buyer, ID: "cust-1"}, "order-1", shopkit.CNY(2000), cpStart))
	_, err = cpPrice(t, lines, cpStart, u)
	assert.Equal(t, promotion.CodeCouponUsed, shopkit.CodeOf(err))
}

// R2.4, R0.1: percent off rounds Down by default (never more than the exact
// share), honours its cap; a configured mode is used instead.
func TestPriceR2_4PercentOffRoundingAndCap(t *testing.T) {
	pct := func(rate string, cap int64, mode *shopkit.RoundingMode) *promotion.CouponTemplate {
		return cpTemplate(t, func(s *promotion.CouponTemplateSpec) {
			s.Kind, s.Amount, s.MinSpend = promotion.CouponPercentOff, shopkit.Money{}, shopkit.Money{}
			s.Rate, s.Cap, s.Rounding = decimal.RequireFromString(rate), shopkit.CNY(cap), mode
		})
	}
	lines := []promotion.PriceLine{cpLine("a", "tea", 999, 1)} // 15 % of 9.99 = 1.4985
	p, err := cpPrice(t, lines, cpStart, cpUse(t, pct("0.15", 0, nil)))
	require.NoError(t, err)
	assert.Equal(t, int64(149), p.Applied[0].Discount.Amount(), "Down by default")
	up := shopkit.HalfUp
	p, err = cpPrice(t, lines, cpStart, cpUse(t, pct("0.15", 0, &up)))
	require.NoError(t, err)
	assert.Equal(t, int64(150), p.Applied[0].Discount.Amount())
	p, err = cpPrice(t, []promotion.PriceLine{cpLine("a", "tea", 100000, 1)}, cpStart, cpUse(t, pct("0.15", 5000, nil)))
	require.NoError(t, err)
	assert.Equal(t, int64(5000), p.Applied[0].Discount.Amount(), "capped at 50.00")
}

// R2.4: a price cut takes its amount off every unit, never more than the line;
// free shipping takes the shipping fee off.
func TestPriceR2_4PriceCutAndFreeShipping(t *testing.T) {
	cut := cpTemplate(t, func(s *promotion.CouponTemplateSpec) {
		s.Kind, s.Amount, s.MinSpend = promotion.CouponPriceCut, shopkit.CNY(300), shopkit.Money{}
		s.Scope.Categories = []string{"tea", "ware"}
	})
	ship := cpTemplate(t, func(s *promotion.CouponTemplateSpec) {
		s.Kind, s.Amount, s.MinSpend, s.Issuer = promotion.CouponFreeShipping, shopkit.Money{}, shopkit.CNY(1000), promotion.IssuerPlatform
	})
	p, err := promotion.Price(promotion.PriceInput{ShopID: cpShop, Now: cpStart, Shipping: shopkit.CNY(800),
		Lines:   []promotion.PriceLine{cpLine("tea", "tea", 1000, 3), cpLine("pin", "ware", 200, 2), cpLine("food", "food", 500, 1)},
		Coupons: []promotion.CouponUse{cpUse(t, ship), cpUse(t, cut)}})
	require.NoError(t, err)
	assert.Equal(t, []int64{900, 400, 0}, []int64{p.Lines[0].CouponDiscount.Amount(), p.Lines[1].CouponDiscount.Amount(), p.Lines[2].CouponDiscount.Amount()})
	assert.Equal(t, int64(0), p.Lines[1].Paid.Amount(), "a cut larger than the line stops at zero")
	assert.Equal(t, int64(800), p.ShippingDiscount.Amount())
	assert.Equal(t, int64(2100+0+500), p.Total.Amount())
	assert.Equal(t, []int64{800, 1300}, []int64{p.Applied[0].Discount.Amount(), p.Applied[1].Discount.Amount()})
}

// R5.3, R2.4: the member discount applies before coupons, and the coupon's
// threshold is compared with the amount after it.
func TestPriceR5_3MemberDiscountBeforeCoupons(t *testing.T) {
	tpl := cpTemplate(t, nil)
	in := promotion.PriceInput{ShopID: cpShop, Now: cpStart, Member: cpMember{},
		Lines: []promotion.PriceLine{cpLine("a", "tea", 10000, 1)}, Coupons: []promotion.CouponUse{cpUse(t, tpl)}}
	_, err := promotion.Price(in)
	assert.Equal(t, promotion.CodeCouponBelowThreshold, shopkit.CodeOf(err), "95.00 after the member discount")
	in.Lines[0].UnitPrice = shopkit.CNY(20000)
	p, err := promotion.Price(in)
	require.NoError(t, err)
	l := p.Lines[0]
	assert.Equal(t, []int64{20000, 1000, 2000, 17000}, []int64{l.Subtotal.Amount(), l.MemberDiscount.Amount(), l.CouponDiscount.Amount(), l.Paid.Amount()})

	in.Member, in.Lines[0].MemberOnly = nil, true
	_, err = promotion.Price(in)
	assert.Equal(t, promotion.CodeMemberOnly, shopkit.CodeOf(err))
}

// R2.4: bad input is a typed error: no lines, zero quantity, mixed currencies.
func TestPriceBadInput(t *testing.T) {
	_, err := cpPrice(t, nil, cpStart)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	_, err = cpPrice(t, []promotion.PriceLine{cpLine("a", "tea", 100, 0)}, cpStart)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, promotion.CodeInvalidPriceInput, shopkit.CodeOf(err))
	eur := cpLine("b", "tea", 100, 1)
	eur.UnitPrice = shopkit.MustMoney(100, "EUR")
	_, err = cpPrice(t, []promotion.PriceLine{cpLine("a", "tea", 100, 1), eur}, cpStart)
	require.ErrorIs(t, err, shopkit.ErrCurrencyMismatch)
	assert.Equal(t, shopkit.CodeCurrencyMismatch, shopkit.CodeOf(err), "the kernel's code")
	_, err = cpPrice(t, []promotion.PriceLine{eur}, cpStart, cpUse(t, cpTemplate(t, nil)))
	require.ErrorIs(t, err, shopkit.ErrCurrencyMismatch)
	_, err = cpPrice(t, []promotion.PriceLine{cpLine("a", "tea", 1<<62, 2)}, cpStart)
	require.ErrorIs(t, err, shopkit.ErrOverflow)
	assert.Equal(t, shopkit.CodeOverflow, shopkit.CodeOf(err), "the kernel's code")
}

// R0.1: other currencies price the same way, and results are canonical values.
func TestPriceEUR(t *testing.T) {
	eur := func(a int64) shopkit.Money { return shopkit.MustMoney(a, "EUR") }
	tpl := cpTemplate(t, func(s *promotion.CouponTemplateSpec) { s.Amount, s.MinSpend = eur(500), eur(1000) })
	l := cpLine("a", "tea", 0, 3)
	l.UnitPrice = eur(700)
	p, err := promotion.Price(promotion.PriceInput{ShopID: cpShop, Lines: []promotion.PriceLine{l}, Shipping: eur(300),
		Coupons: []promotion.CouponUse{cpUse(t, tpl)}, Now: cpStart})
	require.NoError(t, err)
	assert.Equal(t, eur(2100-500+300), p.Total)
	assert.Equal(t, eur(1600), p.Lines[0].Paid)
	assert.Equal(t, shopkit.CNY(0), promotion.Priced{}.Total)
}
