package membership_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/membership"
	"github.com/shopkit/shopkit/membership/membershiptest"
	"github.com/shopspring/decimal"
)

func ExampleTierSet_Evaluate() {
	tiers, err := membership.NewTierSet(membership.TierSetConfig{
		Mode: membership.ByEither,
		Tiers: []membership.Tier{
			{Name: "Silver", MinAmount: shopkit.CNY(1000_00), MinOrders: 3,
				Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.95")}},
			{Name: "Gold", MinAmount: shopkit.CNY(5000_00), MinOrders: 10,
				Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.9")}},
		},
	})
	if err != nil {
		panic(err)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	m, _ := membership.NewMember(uuid.New(), "c1", "", now)
	for _, fen := range []int64{450_00, 425_55} {
		if _, err := m.CompleteOrder(tiers, membership.CompletedOrder{OrderID: uuid.New(), CustomerID: "c1",
			Amount: shopkit.CNY(fen), CompletedAt: now}, now); err != nil {
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
			{Name: "Silver", MinAmount: shopkit.CNY(1000_00), Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.95")}},
			{Name: "Gold", MinAmount: shopkit.CNY(5000_00), Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.9")}},
		},
	})
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	shop := uuid.New() // the merchant's ID
	svc, err := membership.NewService(membership.ServiceConfig{Store: membershiptest.NewStore(), Tiers: tiers,
		ShopID: shop, Clock: func() time.Time { return now }})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	order := uuid.New()
	out, _ := svc.Complete(ctx, membership.CompletedOrder{OrderID: order, CustomerID: "c1",
		Amount: shopkit.CNY(6000_00), CompletedAt: now})
	fmt.Println(out.From == membership.NoTier, "→", out.To)
	// The refund as the order's after-sales ledger issued it (R3.7).
	refund := shopkit.Refund{Key: "refund-1", OrderID: order, BuyerID: "c1", MerchantID: shop, Amount: shopkit.CNY(5500_00)}
	_ = svc.Refund(ctx, refund)
	_ = svc.Refund(ctx, refund) // delivered twice: counts once
	e, _ := svc.Evaluate(ctx, "c1")
	fmt.Println(e.Why())
	// Output:
	// true → Gold
	// Gold: kept, tiers never go down automatically (now ¥500.00, 1 order)
}

func ExampleService_MemberTier() {
	tiers, _ := membership.NewTierSet(membership.TierSetConfig{
		Mode: membership.ByAmount,
		Tiers: []membership.Tier{
			{Name: "Gold", MinAmount: shopkit.CNY(5000_00), Benefits: membership.Benefits{
				DiscountRate: decimal.RequireFromString("0.9"), PriorityService: true, PriorityAfterSales: true}},
		},
	})
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	shop := uuid.New()
	svc, _ := membership.NewService(membership.ServiceConfig{Store: membershiptest.NewStore(), Tiers: tiers,
		ShopID: shop, Clock: func() time.Time { return now }})
	ctx := context.Background()
	_, _ = svc.Complete(ctx, membership.CompletedOrder{OrderID: uuid.New(), CustomerID: "c1",
		Amount: shopkit.CNY(5000_00), CompletedAt: now})

	// support and aftersales take a shopkit.TierReader.
	var reader shopkit.TierReader = svc
	t, _ := reader.MemberTier(ctx, shop, "c1")
	fmt.Printf("%s rank %d service=%v after-sales=%v shipping=%v\n", t.Name, t.Rank,
		t.PriorityService, t.PriorityAfterSales, t.PriorityShipping)
	none, _ := reader.MemberTier(ctx, shop, "c2")
	fmt.Println(none == shopkit.MemberTier{})
	_, err := reader.MemberTier(ctx, uuid.New(), "c1")
	fmt.Println(shopkit.CodeOf(err))
	// Output:
	// Gold rank 1 service=true after-sales=true shipping=false
	// true
	// membership.other_shop
}

func ExamplePricer_MemberDiscount() {
	tiers, _ := membership.NewTierSet(membership.TierSetConfig{
		Mode:     membership.ByAmount,
		Rounding: shopkit.HalfUp,
		Tiers: []membership.Tier{
			{Name: "Gold", MinAmount: shopkit.CNY(5000_00), Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.95")}},
		},
	})
	p, _ := tiers.PricerForTier("Gold")
	var d order.MemberDiscounter = p
	off, _ := d.MemberDiscount(order.Line{SKU: "tea", UnitPrice: shopkit.CNY(9_99), Quantity: 3})
	fmt.Println(off) // ¥9.99 × 0.95 = ¥9.4905 → ¥9.49 a unit
	// Output: ¥1.50
}

func ExampleNewTierSet() {
	rate := decimal.RequireFromString
	cfg := membership.TierSetConfig{
		Mode: membership.ByAmount,
		Tiers: []membership.Tier{
			{Name: "Silver", MinAmount: shopkit.CNY(1000_00), Benefits: membership.Benefits{DiscountRate: rate("0.95")}},
			{Name: "Gold", MinAmount: shopkit.CNY(1000_00), Benefits: membership.Benefits{DiscountRate: rate("0.9"),
				PriorityService: true}},
		},
	}
	_, err := membership.NewTierSet(cfg) // R5.1: thresholds must increase strictly
	fmt.Println(shopkit.CodeOf(err), errors.Is(err, shopkit.ErrInvalid))
	fmt.Println(err)

	cfg.Tiers[1].MinAmount = shopkit.CNY(5000_00)
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
			{Name: "Silver", MinAmount: shopkit.CNY(1000_00), Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.95")}},
			{Name: "Gold", MinAmount: shopkit.CNY(5000_00), Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.9")}},
		},
	})
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	m, _ := membership.NewMember(uuid.New(), "c1", "", now)
	o1, o2 := uuid.New(), uuid.New()
	name := map[uuid.UUID]string{o1: "o1", o2: "o2"}
	for _, o := range []membership.CompletedOrder{
		{OrderID: o1, CustomerID: "c1", Amount: shopkit.CNY(999_99), CompletedAt: now},  // one fen short of Silver
		{OrderID: o2, CustomerID: "c1", Amount: shopkit.CNY(4000_01), CompletedAt: now}, // exactly ¥5000.00: Gold at once
		{OrderID: o2, CustomerID: "c1", Amount: shopkit.CNY(4000_01), CompletedAt: now}, // delivered again: counts once
	} {
		out, err := m.CompleteOrder(tiers, o, now)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s duplicate=%v upgraded=%v tier=%q figures=%s/%d\n", name[o.OrderID], out.Duplicate, out.Upgraded,
			out.To, out.Figures.Amount, out.Figures.Orders)
	}
	// Output:
	// o1 duplicate=false upgraded=false tier="" figures=¥999.99/1
	// o2 duplicate=false upgraded=true tier="Gold" figures=¥5000.00/2
	// o2 duplicate=true upgraded=false tier="Gold" figures=¥5000.00/2
}

// A manual adjustment is the shop's: its merchant (or staff with the shop in
// Actor.Shops) or an operator for the shop. Another shop's merchant is not a
// party (R0.4), and the customer may not set their own tier (R5.2).
func ExampleService_Adjust() {
	tiers, _ := membership.NewTierSet(membership.TierSetConfig{
		Mode: membership.ByAmount,
		Tiers: []membership.Tier{
			{Name: "Gold", MinAmount: shopkit.CNY(5000_00), Benefits: membership.Benefits{DiscountRate: decimal.RequireFromString("0.9")}},
		},
	})
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	shop := uuid.MustParse("5b0a3c1e-7d2f-4e8a-9c61-0f4d2b7a9e10")
	svc, _ := membership.NewService(membership.ServiceConfig{Store: membershiptest.NewStore(), Tiers: tiers,
		ShopID: shop, Clock: func() time.Time { return now }})
	ctx := context.Background()

	stranger := shopkit.Actor{Role: shopkit.Merchant, ID: uuid.NewString()}
	fmt.Println(shopkit.CodeOf(svc.Adjust(ctx, "c1", "Gold", stranger, "vip")))
	customer := shopkit.Actor{Role: shopkit.Buyer, ID: "c1"}
	fmt.Println(shopkit.CodeOf(svc.Adjust(ctx, "c1", "Gold", customer, "me")))
	merchant := shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()}
	fmt.Println(svc.Adjust(ctx, "c1", "Gold", merchant, "key account"))
	e, _ := svc.Evaluate(ctx, "c1")
	fmt.Println(e.Why())
	// Output:
	// shopkit.not_party
	// membership.wrong_role
	// <nil>
	// Gold: set by hand: key account
}

// A shop's settings page sends its tiers as JSON; a misspelt key is refused,
// naming it, rather than leaving a zero threshold in force.
func ExampleTierSetConfig_UnmarshalJSON() {
	var cfg membership.TierSetConfig
	err := json.Unmarshal([]byte(`{"mode": "amount", "tiers": [{"name": "Gold",
		"min_amount": {"amount": 500000, "currency": "CNY"}, "benefits": {"discount_rate": "0.9"}}]}`), &cfg)
	fmt.Println(err)
	tiers, _ := membership.NewTierSet(cfg)
	gold, _ := tiers.Tier(1)
	fmt.Println(gold.Name, gold.MinAmount)

	err = json.Unmarshal([]byte(`{"mode": "amount", "tiers": [{"name": "Gold", "min_amout": {"amount": 500000, "currency": "CNY"}}]}`), &cfg)
	fmt.Println(shopkit.CodeOf(err), err)
	// Output:
	// <nil>
	// Gold ¥5000.00
	// membership.invalid_tier_set_config membership: min_amout is not a known field
}
