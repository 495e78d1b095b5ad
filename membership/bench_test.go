package membership_test

import (
	"strconv"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/membership"
	"github.com/stretchr/testify/require"
)

func tenTiers(b *testing.B) *membership.TierSet {
	var ts []membership.Tier
	for i := 1; i <= 10; i++ {
		ts = append(ts, membership.Tier{Name: "T" + strconv.Itoa(i), MinAmount: shopkit.CNY(int64(i) * 1000_00),
			MinOrders: int64(i) * 3, Benefits: membership.Benefits{DiscountRate: rate("0.9" + strconv.Itoa(10-i))}})
	}
	set, err := membership.NewTierSet(membership.TierSetConfig{Mode: membership.ByBoth, Tiers: ts})
	require.NoError(b, err)
	return set
}

// Evaluating a member against a 10-tier set: target 0 allocations.
func BenchmarkEvaluate10Tiers(b *testing.B) {
	set := tenTiers(b)
	m := newMember(b)
	for i := 0; i < 14; i++ {
		_, err := m.CompleteOrder(set, sampleOrder("o"+strconv.Itoa(i), 450_00), start())
		require.NoError(b, err)
	}
	b.ReportAllocs()
	for b.Loop() {
		e, err := set.Evaluate(m, start())
		if err != nil || e.Rank != 4 {
			b.Fatal(e.Rank, err)
		}
	}
}

// Member-pricing a 100-line order (R5.3).
func BenchmarkApply100Lines(b *testing.B) {
	set := tenTiers(b)
	p, err := set.PricerForTier("T7")
	require.NoError(b, err)
	lines := make([]order.Line, 100)
	for i := range lines {
		lines[i] = line("sku"+strconv.Itoa(i), int64(99+i*37), int64(1+i%5))
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := p.Apply(lines); err != nil {
			b.Fatal(err)
		}
	}
}

// A completed order through the aggregate (checked, journaled, upgrade test).
func BenchmarkCompleteOrder(b *testing.B) {
	set := tenTiers(b)
	o := sampleOrder("o1", 450_00)
	b.ReportAllocs()
	for b.Loop() {
		m, _ := membership.NewMember(shop, customer, "", start())
		if _, err := m.CompleteOrder(set, o, start()); err != nil {
			b.Fatal(err)
		}
	}
}
