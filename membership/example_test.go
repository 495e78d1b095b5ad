package membership_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/membership"
	"github.com/shopkit/shopkit/membership/membershiptest"
	"github.com/shopspring/decimal"
)

func ExampleTierSet_Evaluate() {
	tiers, err := membership.NewTierSet(membership.TierSetConfig{
		Mode: membership.ByEither,
		Tiers: []membership.Tier{
			{Name: "Silver", MinAmount: commerce.CNY(1000_00), MinOrders: 3,
				Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.95")}},
			{Name: "Gold", MinAmount: commerce.CNY(5000_00), MinOrders: 10,
				Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.9")}},
		},
	})
	if err != nil {
		panic(err)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	m, _ := membership.NewMember("shop-1", "c1", "", now)
	for i, fen := range []int64{450_00, 425_55} {
		if _, err := m.CompleteOrder(tiers, membership.CompletedOrder{OrderID: fmt.Sprint("o", i), CustomerID: "c1",
			Amount: commerce.CNY(fen), CompletedAt: now}, now); err != nil {
			panic(err)
		}
	}
	e, _ := tiers.Evaluate(m, now)
	fmt.Println(e.Why())
	fmt.Println(e.Missing())
	// Output:
	// no tier: below every threshold (¥875.55 spent, 2 orders)
	// ¥124.45 or 1 more order to Silver
}

func ExampleService_Complete() {
	tiers, _ := membership.NewTierSet(membership.TierSetConfig{
		Mode: membership.ByAmount,
		Tiers: []membership.Tier{
			{Name: "Silver", MinAmount: commerce.CNY(1000_00), Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.95")}},
			{Name: "Gold", MinAmount: commerce.CNY(5000_00), Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.9")}},
		},
	})
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	svc := &membership.Service{Store: membershiptest.NewStore(), Tiers: tiers, ShopID: "shop-1",
		Clock: func() time.Time { return now }}
	ctx := context.Background()
	out, _ := svc.Complete(ctx, membership.CompletedOrder{OrderID: "o1", CustomerID: "c1",
		Amount: commerce.CNY(6000_00), CompletedAt: now})
	fmt.Println(out.From == membership.NoTier, "→", out.To)
	_ = svc.Refund(ctx, membership.Refund{OrderID: "o1", CustomerID: "c1", Amount: commerce.CNY(5500_00)})
	e, _ := svc.Evaluate(ctx, "c1")
	fmt.Println(e.Why())
	// Output:
	// true → Gold
	// Gold: kept, tiers never go down automatically (now ¥500.00, 1 order)
}

func ExamplePricer_MemberDiscount() {
	tiers, _ := membership.NewTierSet(membership.TierSetConfig{
		Mode:     membership.ByAmount,
		Rounding: commerce.HalfUp,
		Tiers: []membership.Tier{
			{Name: "Gold", MinAmount: commerce.CNY(5000_00), Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.95")}},
		},
	})
	p, _ := tiers.PricerForTier("Gold")
	var d commerce.MemberDiscounter = p
	off, _ := d.MemberDiscount(commerce.OrderLine{SKU: "tea", UnitPrice: commerce.CNY(9_99), Quantity: 3})
	fmt.Println(off) // ¥9.99 × 0.95 = ¥9.4905 → ¥9.49 a unit
	// Output: ¥1.50
}

func ExampleNewTierSet() {
	rate := decimal.RequireFromString
	cfg := membership.TierSetConfig{
		Mode: membership.ByAmount,
		Tiers: []membership.Tier{
			{Name: "Silver", MinAmount: commerce.CNY(1000_00), Benefits: membership.Benefits{DiscountRate: rate("0.95")}},
			{Name: "Gold", MinAmount: commerce.CNY(1000_00), Benefits: membership.Benefits{DiscountRate: rate("0.9"),
				PriorityService: true}},
		},
	}
	_, err := membership.NewTierSet(cfg) // R5.1: thresholds must increase strictly
	fmt.Println(shopkit.CodeOf(err), errors.Is(err, shopkit.ErrInvalid))
	fmt.Println(err)

	cfg.Tiers[1].MinAmount = commerce.CNY(5000_00)
	tiers, err := membership.NewTierSet(cfg)
	if err != nil {
		panic(err)
	}
	for _, t := range tiers.Tiers() {
		fmt.Println(t.Name, t.MinAmount, t.Benefits.DiscountRate)
	}
	// Output:
	// membership.threshold_not_increasing true
	// membership: tiers.Gold.min_amount must be greater than ¥1000.00 of tier Silver
	// Silver ¥1000.00 0.95
	// Gold ¥5000.00 0.9
}

func ExampleMember_CompleteOrder() {
	tiers, _ := membership.NewTierSet(membership.TierSetConfig{
		Mode: membership.ByAmount,
		Tiers: []membership.Tier{
			{Name: "Silver", MinAmount: commerce.CNY(1000_00), Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.95")}},
			{Name: "Gold", MinAmount: commerce.CNY(5000_00), Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.9")}},
		},
	})
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	m, _ := membership.NewMember("shop-1", "c1", "", now)
	for _, o := range []membership.CompletedOrder{
		{OrderID: "o1", CustomerID: "c1", Amount: commerce.CNY(999_99), CompletedAt: now},  // one fen short of Silver
		{OrderID: "o2", CustomerID: "c1", Amount: commerce.CNY(4000_01), CompletedAt: now}, // exactly ¥5000.00: Gold at once
		{OrderID: "o2", CustomerID: "c1", Amount: commerce.CNY(4000_01), CompletedAt: now}, // delivered again: counts once
	} {
		out, err := m.CompleteOrder(tiers, o, now)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s duplicate=%v upgraded=%v tier=%q figures=%s/%d\n", o.OrderID, out.Duplicate, out.Upgraded,
			out.To, out.Figures.Amount, out.Figures.Orders)
	}
	// Output:
	// o1 duplicate=false upgraded=false tier="" figures=¥999.99/1
	// o2 duplicate=false upgraded=true tier="Gold" figures=¥5000.00/2
	// o2 duplicate=true upgraded=false tier="Gold" figures=¥5000.00/2
}
