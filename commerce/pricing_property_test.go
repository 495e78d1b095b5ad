package commerce_test

import (
	"math/rand/v2"
	"testing"

	"github.com/shopkit/shopkit/commerce"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// cpRandomOrder builds an order of n lines and a shop + platform coupon pair from
// seed.
func cpRandomOrder(t testing.TB, seed uint64, n int) commerce.PriceInput {
	r := rand.New(rand.NewPCG(seed, 7))
	cats := []string{"tea", "ware", "food"}
	lines := make([]commerce.PriceLine, n)
	for i := range lines {
		lines[i] = cpLine(string(rune('a'+i%26))+cats[i%3], cats[r.IntN(3)], r.Int64N(50000), 1+r.Int64N(5))
	}
	shop := cpTemplate(t, func(s *commerce.CouponTemplateSpec) {
		s.Amount, s.MinSpend = commerce.CNY(1+r.Int64N(200000)), commerce.Money{}
		if r.IntN(2) == 0 {
			s.Scope.Categories = []string{lines[0].Category, cats[r.IntN(3)]}
		}
	})
	plat := cpTemplate(t, func(s *commerce.CouponTemplateSpec) {
		s.Issuer, s.Kind, s.Amount, s.MinSpend = commerce.IssuerPlatform, commerce.CouponPercentOff, commerce.Money{}, commerce.Money{}
		s.Rate = decimal.New(1+r.Int64N(99), -2)
		if r.IntN(2) == 0 {
			s.Cap = commerce.CNY(1 + r.Int64N(5000))
		}
	})
	return commerce.PriceInput{ShopID: cpShop, Lines: lines, Shipping: commerce.CNY(r.Int64N(2000)), Now: cpStart,
		Member: cpMember{}, Coupons: []commerce.CouponUse{cpUse(t, shop), cpUse(t, plat)}}
}

// cpCheckInvariants asserts R2.4 and R2.3.3 on a priced order: the lines' coupon
// shares sum exactly to the order-level discounts, every amount is ≥ 0, Paid =
// Subtotal − member − coupon, and Total = Σ Paid + shipping − shipping discount.
func cpCheckInvariants(t testing.TB, p commerce.Priced) {
	var shares, discounts, paid int64
	for _, l := range p.Lines {
		require.GreaterOrEqual(t, l.Paid.Amount(), int64(0))
		require.GreaterOrEqual(t, l.CouponDiscount.Amount(), int64(0))
		require.GreaterOrEqual(t, l.MemberDiscount.Amount(), int64(0))
		require.Equal(t, l.Subtotal.Amount()-l.MemberDiscount.Amount()-l.CouponDiscount.Amount(), l.Paid.Amount())
		shares += l.CouponDiscount.Amount()
		paid += l.Paid.Amount()
	}
	for _, a := range p.Applied {
		require.GreaterOrEqual(t, a.Discount.Amount(), int64(0))
		if a.Kind != commerce.CouponFreeShipping {
			discounts += a.Discount.Amount()
		}
	}
	require.Equal(t, discounts, shares, "Σ CouponDiscount = total order discount")
	require.Equal(t, paid+p.Shipping.Amount()-p.ShippingDiscount.Amount(), p.Total.Amount())
	require.GreaterOrEqual(t, p.Total.Amount(), int64(0))
}

// R2.4, R0.1: apportionment sums exactly and nothing goes negative, over random
// orders (including discounts larger than the order).
func TestPriceR2_4ApportionmentProperty(t *testing.T) {
	for seed := uint64(0); seed < 300; seed++ {
		p, err := commerce.Price(cpRandomOrder(t, seed, 1+int(seed%40)))
		require.NoError(t, err)
		cpCheckInvariants(t, p)
	}
}

// FuzzPriceApportionment: the R2.4 invariants hold for any order the fuzzer finds.
func FuzzPriceApportionment(f *testing.F) {
	f.Add(uint64(1), uint8(3))
	f.Add(uint64(99), uint8(100))
	f.Fuzz(func(t *testing.T, seed uint64, n uint8) {
		p, err := commerce.Price(cpRandomOrder(t, seed, 1+int(n)))
		require.NoError(t, err)
		cpCheckInvariants(t, p)
	})
}

// BenchmarkPrice100Lines prices a 100-line order with a shop and a platform coupon
// and a member discount (target ≤ 3 allocations).
func BenchmarkPrice100Lines(b *testing.B) {
	in := cpRandomOrder(b, 42, 100)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := commerce.Price(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPriceInto100Lines is the same order priced into reused memory.
func BenchmarkPriceInto100Lines(b *testing.B) {
	in := cpRandomOrder(b, 42, 100)
	var p commerce.Priced
	var s commerce.PriceScratch
	b.ReportAllocs()
	for b.Loop() {
		if err := commerce.PriceInto(&p, in, &s); err != nil {
			b.Fatal(err)
		}
	}
}
