package commerce_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cpMember takes 5 % off every line (half-up), like a member tier (R5.3).
type cpMember struct{}

var cpMemberRate = commerce.MustCompileRate(decimal.RequireFromString("0.05"))

func (cpMember) MemberDiscount(l commerce.OrderLine) (commerce.Money, error) {
	return cpMemberRate.Apply(l.Subtotal, commerce.HalfUp)
}

func cpPrice(t *testing.T, lines []commerce.PriceLine, now time.Time, coupons ...commerce.CouponUse) (commerce.Priced, error) {
	t.Helper()
	return commerce.Price(commerce.PriceInput{ShopID: cpShop, Lines: lines, Coupons: coupons, Now: now})
}

// R2.4: the threshold (满100) met exactly counts; one fen short does not.
func TestPriceR2_4ThresholdExactVsOneFenShort(t *testing.T) {
	tpl := cpTemplate(t, nil)
	for _, tc := range []struct {
		name string
		unit int64
		code string
	}{{"exactly 100.00", 10000, ""}, {"one fen short", 9999, "commerce.coupon_below_threshold"}} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := cpPrice(t, []commerce.PriceLine{cpLine("a", "tea", tc.unit, 1)}, cpStart, cpUse(t, tpl))
			if tc.code != "" {
				require.ErrorIs(t, err, shopkit.ErrNotAllowed)
				assert.Equal(t, tc.code, shopkit.CodeOf(err))
				return
			}
			require.NoError(t, err)
			assert.True(t, p.Total.Equal(commerce.CNY(8000)), p.Total.String())
		})
	}
}

// R2.4: a coupon is valid from ValidFrom through ValidTo inclusive: exactly at the
// end is in time, 1 ns later it is expired; 1 ns before the start it is not valid yet.
func TestPriceR2_4ValidityWindowEdges(t *testing.T) {
	tpl := cpTemplate(t, nil)
	end := cpStart.Add(30 * 24 * time.Hour)
	lines := []commerce.PriceLine{cpLine("a", "tea", 20000, 1)}
	for _, tc := range []struct {
		name string
		at   time.Time
		code string
	}{
		{"exactly at ValidFrom", cpStart, ""},
		{"1ns before ValidFrom", cpStart.Add(-time.Nanosecond), "commerce.coupon_not_valid_yet"},
		{"exactly at ValidTo", end, ""},
		{"1ns after ValidTo", end.Add(time.Nanosecond), "commerce.coupon_expired"},
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
	tea := cpTemplate(t, func(s *commerce.CouponTemplateSpec) {
		s.Scope.Categories = []string{"tea"}
		s.MinSpend = commerce.Money{}
	})
	_, err := cpPrice(t, []commerce.PriceLine{cpLine("cup", "ware", 20000, 1)}, cpStart, cpUse(t, tea))
	assert.Equal(t, "commerce.coupon_out_of_scope", shopkit.CodeOf(err))

	other := cpTemplate(t, func(s *commerce.CouponTemplateSpec) { s.ShopID = uuid.New() })
	_, err = cpPrice(t, []commerce.PriceLine{cpLine("a", "tea", 20000, 1)}, cpStart, cpUse(t, other))
	assert.Equal(t, "commerce.coupon_out_of_scope", shopkit.CodeOf(err))

	p, err := cpPrice(t, []commerce.PriceLine{cpLine("tea", "tea", 3000, 1), cpLine("cup", "ware", 9000, 1)}, cpStart, cpUse(t, tea))
	require.NoError(t, err)
	assert.Equal(t, int64(2000), p.Lines[0].CouponDiscount.Amount())
	assert.Equal(t, int64(0), p.Lines[1].CouponDiscount.Amount())

	// Listing scope.
	byListing := cpTemplate(t, func(s *commerce.CouponTemplateSpec) {
		s.Scope.Listings = []uuid.UUID{cpLine("cup", "", 0, 0).ListingID}
		s.MinSpend = commerce.Money{}
	})
	p, err = cpPrice(t, []commerce.PriceLine{cpLine("tea", "tea", 3000, 1), cpLine("cup", "ware", 9000, 1)}, cpStart, cpUse(t, byListing))
	require.NoError(t, err)
	assert.Equal(t, []int64{0, 2000}, []int64{p.Lines[0].CouponDiscount.Amount(), p.Lines[1].CouponDiscount.Amount()})
}

// R2.4: at most one platform and one shop coupon per order by default; the policy
// is configurable; a coupon listed twice or already used is rejected.
func TestPriceR2_4Stacking(t *testing.T) {
	lines := []commerce.PriceLine{cpLine("a", "tea", 50000, 1)}
	shop1, shop2 := cpTemplate(t, nil), cpTemplate(t, nil)
	plat := cpTemplate(t, func(s *commerce.CouponTemplateSpec) { s.Issuer = commerce.IssuerPlatform })
	_, err := cpPrice(t, lines, cpStart, cpUse(t, shop1), cpUse(t, plat))
	require.NoError(t, err, "one shop + one platform coupon")

	_, err = cpPrice(t, lines, cpStart, cpUse(t, shop1), cpUse(t, shop2))
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, "commerce.coupon_stacking", shopkit.CodeOf(err))

	p, err := commerce.Price(commerce.PriceInput{ShopID: cpShop, Lines: lines, Now: cpStart,
		Coupons: []commerce.CouponUse{cpUse(t, shop1), cpUse(t, shop2)}, Stacking: commerce.StackingPolicy{Shop: 2, Platform: 1}})
	require.NoError(t, err)
	assert.Equal(t, int64(46000), p.Total.Amount())

	_, err = commerce.Price(commerce.PriceInput{ShopID: cpShop, Lines: lines, Now: cpStart,
		Coupons: []commerce.CouponUse{cpUse(t, plat)}, Stacking: commerce.StackingPolicy{Shop: 1, Platform: -1}})
	assert.Equal(t, "commerce.coupon_stacking", shopkit.CodeOf(err))

	u := cpUse(t, shop1)
	_, err = cpPrice(t, lines, cpStart, u, u)
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, "commerce.coupon_used", shopkit.CodeOf(err))

	require.NoError(t, u.Coupon.Use(commerce.Actor{Role: shopkit.Buyer, ID: "cust-1"}, "order-1", commerce.CNY(2000), cpStart))
	_, err = cpPrice(t, lines, cpStart, u)
	assert.Equal(t, "commerce.coupon_used", shopkit.CodeOf(err))
}

// R2.4, R0.1: percent off rounds Down by default (never more than the exact
// share), honours its cap; a configured mode is used instead.
func TestPriceR2_4PercentOffRoundingAndCap(t *testing.T) {
	pct := func(rate string, cap int64, mode *commerce.RoundingMode) *commerce.CouponTemplate {
		return cpTemplate(t, func(s *commerce.CouponTemplateSpec) {
			s.Kind, s.Amount, s.MinSpend = commerce.CouponPercentOff, commerce.Money{}, commerce.Money{}
			s.Rate, s.Cap, s.Rounding = decimal.RequireFromString(rate), commerce.CNY(cap), mode
		})
	}
	lines := []commerce.PriceLine{cpLine("a", "tea", 999, 1)} // 15 % of 9.99 = 1.4985
	p, err := cpPrice(t, lines, cpStart, cpUse(t, pct("0.15", 0, nil)))
	require.NoError(t, err)
	assert.Equal(t, int64(149), p.Applied[0].Discount.Amount(), "Down by default")
	up := commerce.HalfUp
	p, err = cpPrice(t, lines, cpStart, cpUse(t, pct("0.15", 0, &up)))
	require.NoError(t, err)
	assert.Equal(t, int64(150), p.Applied[0].Discount.Amount())
	p, err = cpPrice(t, []commerce.PriceLine{cpLine("a", "tea", 100000, 1)}, cpStart, cpUse(t, pct("0.15", 5000, nil)))
	require.NoError(t, err)
	assert.Equal(t, int64(5000), p.Applied[0].Discount.Amount(), "capped at 50.00")
}

// R2.4: a price cut takes its amount off every unit, never more than the line;
// free shipping takes the shipping fee off.
func TestPriceR2_4PriceCutAndFreeShipping(t *testing.T) {
	cut := cpTemplate(t, func(s *commerce.CouponTemplateSpec) {
		s.Kind, s.Amount, s.MinSpend = commerce.CouponPriceCut, commerce.CNY(300), commerce.Money{}
		s.Scope.Categories = []string{"tea", "ware"}
	})
	ship := cpTemplate(t, func(s *commerce.CouponTemplateSpec) {
		s.Kind, s.Amount, s.MinSpend, s.Issuer = commerce.CouponFreeShipping, commerce.Money{}, commerce.CNY(1000), commerce.IssuerPlatform
	})
	p, err := commerce.Price(commerce.PriceInput{ShopID: cpShop, Now: cpStart, Shipping: commerce.CNY(800),
		Lines:   []commerce.PriceLine{cpLine("tea", "tea", 1000, 3), cpLine("pin", "ware", 200, 2), cpLine("food", "food", 500, 1)},
		Coupons: []commerce.CouponUse{cpUse(t, ship), cpUse(t, cut)}})
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
	in := commerce.PriceInput{ShopID: cpShop, Now: cpStart, Member: cpMember{},
		Lines: []commerce.PriceLine{cpLine("a", "tea", 10000, 1)}, Coupons: []commerce.CouponUse{cpUse(t, tpl)}}
	_, err := commerce.Price(in)
	assert.Equal(t, "commerce.coupon_below_threshold", shopkit.CodeOf(err), "95.00 after the member discount")
	in.Lines[0].UnitPrice = commerce.CNY(20000)
	p, err := commerce.Price(in)
	require.NoError(t, err)
	l := p.Lines[0]
	assert.Equal(t, []int64{20000, 1000, 2000, 17000}, []int64{l.Subtotal.Amount(), l.MemberDiscount.Amount(), l.CouponDiscount.Amount(), l.Paid.Amount()})

	in.Member, in.Lines[0].MemberOnly = nil, true
	_, err = commerce.Price(in)
	assert.Equal(t, "commerce.member_only", shopkit.CodeOf(err))
}

// R2.4: bad input is a typed error: no lines, zero quantity, mixed currencies.
func TestPriceBadInput(t *testing.T) {
	_, err := cpPrice(t, nil, cpStart)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	_, err = cpPrice(t, []commerce.PriceLine{cpLine("a", "tea", 100, 0)}, cpStart)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	eur := cpLine("b", "tea", 100, 1)
	eur.UnitPrice = commerce.MustMoney(100, "EUR")
	_, err = cpPrice(t, []commerce.PriceLine{cpLine("a", "tea", 100, 1), eur}, cpStart)
	require.ErrorIs(t, err, shopkit.ErrCurrencyMismatch)
	_, err = cpPrice(t, []commerce.PriceLine{eur}, cpStart, cpUse(t, cpTemplate(t, nil)))
	require.ErrorIs(t, err, shopkit.ErrCurrencyMismatch)
	_, err = cpPrice(t, []commerce.PriceLine{cpLine("a", "tea", 1<<62, 2)}, cpStart)
	require.ErrorIs(t, err, shopkit.ErrOverflow)
}

// R0.1: other currencies price the same way, and results are canonical values.
func TestPriceEUR(t *testing.T) {
	eur := func(a int64) commerce.Money { return commerce.MustMoney(a, "EUR") }
	tpl := cpTemplate(t, func(s *commerce.CouponTemplateSpec) { s.Amount, s.MinSpend = eur(500), eur(1000) })
	l := cpLine("a", "tea", 0, 3)
	l.UnitPrice = eur(700)
	p, err := commerce.Price(commerce.PriceInput{ShopID: cpShop, Lines: []commerce.PriceLine{l}, Shipping: eur(300),
		Coupons: []commerce.CouponUse{cpUse(t, tpl)}, Now: cpStart})
	require.NoError(t, err)
	assert.Equal(t, eur(2100-500+300), p.Total)
	assert.Equal(t, eur(1600), p.Lines[0].Paid)
	assert.Equal(t, commerce.CNY(0), commerce.Priced{}.Total)
}
