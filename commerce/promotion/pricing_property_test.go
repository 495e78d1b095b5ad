package promotion_test

import (
	"math/big"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// cpRandomOrder builds an order of n lines and a shop + platform coupon pair from
// seed.
func cpRandomOrder(t testing.TB, seed uint64, n int) promotion.PriceInput {
	r := rand.New(rand.NewPCG(seed, 7))
	cats := []string{"tea", "ware", "food"}
	lines := make([]promotion.PriceLine, n)
	for i := range lines {
		lines[i] = cpLine(string(rune('a'+i%26))+cats[i%3], cats[r.IntN(3)], r.Int64N(50000), 1+r.Int64N(5))
	}
	shop := cpTemplate(t, func(s *promotion.CouponTemplateSpec) {
		s.Amount, s.MinSpend = shopkit.CNY(1+r.Int64N(200000)), shopkit.Money{}
		if r.IntN(2) == 0 {
			s.Scope.Categories = []string{lines[0].Category, cats[r.IntN(3)]}
		}
	})
	plat := cpTemplate(t, func(s *promotion.CouponTemplateSpec) {
		s.Issuer, s.Kind, s.Amount, s.MinSpend = promotion.IssuerPlatform, promotion.CouponPercentOff, shopkit.Money{}, shopkit.Money{}
		s.Rate = decimal.New(1+r.Int64N(99), -2)
		if r.IntN(2) == 0 {
			s.Cap = shopkit.CNY(1 + r.Int64N(5000))
		}
	})
	coupons := []promotion.CouponUse{cpUse(t, shop), cpUse(t, plat)}
	if r.IntN(2) == 0 { // a free-shipping coupon, sometimes capped below the fee
		coupons = append(coupons, cpUse(t, cpTemplate(t, func(s *promotion.CouponTemplateSpec) {
			s.Issuer, s.Kind, s.Amount, s.MinSpend = promotion.IssuerPlatform, promotion.CouponFreeShipping, shopkit.Money{}, shopkit.Money{}
			if r.IntN(2) == 0 {
				s.Cap = shopkit.CNY(1 + r.Int64N(1500))
			}
		})))
	}
	if r.IntN(2) == 0 { // a per-item price cut, sometimes more than a unit costs
		coupons = append(coupons, cpUse(t, cpTemplate(t, func(s *promotion.CouponTemplateSpec) {
			s.Kind, s.Amount, s.MinSpend = promotion.CouponPriceCut, shopkit.CNY(1+r.Int64N(20000)), shopkit.Money{}
			s.Scope.Categories = []string{lines[r.IntN(n)].Category}
			if r.IntN(2) == 0 {
				s.Cap = shopkit.CNY(1 + r.Int64N(30000))
			}
		})))
	}
	r.Shuffle(len(coupons), func(i, j int) { coupons[i], coupons[j] = coupons[j], coupons[i] })
	return promotion.PriceInput{ShopID: cpShop, Lines: lines, Shipping: shopkit.CNY(r.Int64N(2000)), Now: cpStart,
		Member: cpMember{}, Coupons: coupons, Stacking: &promotion.StackingPolicy{Platform: 2, Shop: 2}}
}

// cpCheckInvariants asserts R2.4 and R2.3.3 on a priced order: the lines' coupon
// shares sum exactly to the order-level discounts, every amount is ≥ 0, Paid =
// Subtotal − member − coupon, and Total = Σ Paid + shipping − shipping discount.
func cpCheckInvariants(t testing.TB, p promotion.Priced) {
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
		if a.Kind != promotion.CouponFreeShipping {
			discounts += a.Discount.Amount()
		}
	}
	require.Equal(t, discounts, shares, "Σ CouponDiscount = total order discount")
	require.GreaterOrEqual(t, p.ShippingDiscount.Amount(), int64(0))
	require.LessOrEqual(t, p.ShippingDiscount.Amount(), p.Shipping.Amount())
	require.Equal(t, paid+p.Shipping.Amount()-p.ShippingDiscount.Amount(), p.Total.Amount())
	require.GreaterOrEqual(t, p.Total.Amount(), int64(0))
}

// R2.4, R0.1: apportionment sums exactly and nothing goes negative, over random
// orders (including discounts larger than the order).
func TestPriceR2_4ApportionmentProperty(t *testing.T) {
	for seed := uint64(0); seed < 300; seed++ {
		p, err := promotion.Price(cpRandomOrder(t, seed, 1+int(seed%40)))
		require.NoError(t, err)
		cpCheckInvariants(t, p)
	}
}

// R2.4, R0.1: one order-level coupon is apportioned in proportion to the line
// subtotals by largest remainder, checked against an independent big-integer
// reference: each line gets ⌊d×w/W⌋, and the leftover fen go one each to the
// largest remainders, ties to the earlier line.
func TestPriceR2_4ApportionmentIsLargestRemainder(t *testing.T) {
	for seed := uint64(0); seed < 300; seed++ {
		r := rand.New(rand.NewPCG(seed, 11))
		n := 1 + r.IntN(30)
		lines := make([]promotion.PriceLine, n)
		var sum int64
		for i := range lines {
			lines[i] = cpLine(string(rune('a'+i)), "tea", r.Int64N(30000), 1+r.Int64N(4))
			sum += lines[i].UnitPrice.Amount() * lines[i].Quantity
		}
		if sum == 0 {
			continue
		}
		off := 1 + r.Int64N(sum)
		tpl := cpTemplate(t, func(s *promotion.CouponTemplateSpec) { s.Amount, s.MinSpend = shopkit.CNY(off), shopkit.Money{} })
		p, err := promotion.Price(promotion.PriceInput{ShopID: cpShop, Lines: lines, Now: cpStart, Coupons: []promotion.CouponUse{cpUse(t, tpl)}})
		require.NoError(t, err)
		want := cpLargestRemainder(off, p.Lines)
		for i, l := range p.Lines {
			require.Equal(t, want[i], l.CouponDiscount.Amount(), "seed %d line %d", seed, i)
		}
	}
}

// cpLargestRemainder is R0.1's allocation of d over the lines' subtotals, done
// the slow obvious way with big integers and a stable sort.
func cpLargestRemainder(d int64, lines []order.Line) []int64 {
	W := new(big.Int)
	for _, l := range lines {
		W.Add(W, big.NewInt(l.Subtotal.Amount()))
	}
	out := make([]int64, len(lines))
	rem := make([]*big.Int, len(lines))
	left := d
	for i, l := range lines {
		q, m := new(big.Int).QuoRem(new(big.Int).Mul(big.NewInt(d), big.NewInt(l.Subtotal.Amount())), W, new(big.Int))
		out[i], rem[i] = q.Int64(), m
		left -= out[i]
	}
	idx := make([]int, len(lines))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return rem[idx[a]].Cmp(rem[idx[b]]) > 0 })
	for _, i := range idx[:left] {
		out[i]++
	}
	return out
}

// FuzzPriceApportionment: the R2.4 invariants hold for any order the fuzzer finds.
func FuzzPriceApportionment(f *testing.F) {
	f.Add(uint64(1), uint8(3))
	f.Add(uint64(99), uint8(100))
	f.Fuzz(func(t *testing.T, seed uint64, n uint8) {
		p, err := promotion.Price(cpRandomOrder(t, seed, 1+int(n)))
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
		if _, err := promotion.Price(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPriceInto100Lines is the same order priced into reused memory.
func BenchmarkPriceInto100Lines(b *testing.B) {
	in := cpRandomOrder(b, 42, 100)
	var p promotion.Priced
	var s promotion.PriceScratch
	b.ReportAllocs()
	for b.Loop() {
		if err := promotion.PriceInto(&p, in, &s); err != nil {
			b.Fatal(err)
		}
	}
}

// R2.4 performance target: pricing a 100-line order with two coupons and a
// member discount takes at most 3 allocations (the lines, the applied coupons,
// the scratch); into reused memory it takes none.
func TestPriceAllocations(t *testing.T) {
	in := cpRandomOrder(t, 42, 100)
	allocs := testing.AllocsPerRun(50, func() {
		if _, err := promotion.Price(in); err != nil {
			t.Fatal(err)
		}
	})
	require.LessOrEqual(t, allocs, 3.0)
	var p promotion.Priced
	var s promotion.PriceScratch
	require.NoError(t, promotion.PriceInto(&p, in, &s))
	allocs = testing.AllocsPerRun(50, func() {
		if err := promotion.PriceInto(&p, in, &s); err != nil {
			t.Fatal(err)
		}
	})
	require.Zero(t, allocs)
}
