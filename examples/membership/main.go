// Command membership walks a shop's member tiers through a customer's year: four
// tiers, twelve completed orders and one refund, printing every upgrade, the
// explanation a frontend shows, and the member price of a basket (RULES R5).
// It uses the in-memory store and a fixed clock.
package main

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/membership"
	"github.com/shopkit/shopkit/membership/membershiptest"
	"github.com/shopspring/decimal"
)

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	ctx := context.Background()
	rate := decimal.RequireFromString
	// R5.1: four tiers, reached by cumulative spend or by number of orders.
	tiers, err := membership.NewTierSet(membership.TierSetConfig{
		Mode:     membership.ByEither,
		Rounding: commerce.HalfUp,
		Tiers: []membership.Tier{
			{Name: "Bronze", MinAmount: commerce.CNY(300_00), MinOrders: 2,
				Benefits: membership.Benefits{DiscountRate: rate("0.98")}},
			{Name: "Silver", MinAmount: commerce.CNY(1500_00), MinOrders: 5,
				Benefits: membership.Benefits{DiscountRate: rate("0.95"), PriorityService: true}},
			{Name: "Gold", MinAmount: commerce.CNY(4000_00), MinOrders: 10,
				Benefits: membership.Benefits{DiscountRate: rate("0.9"), PriorityService: true, PriorityShipping: true,
					MemberOnlyAccess: true, Gifts: []string{"birthday tea set"}}},
			{Name: "Diamond", MinAmount: commerce.CNY(10000_00), MinOrders: 24,
				Benefits: membership.Benefits{DiscountRate: rate("0.85"), PriorityService: true, PriorityShipping: true,
					PriorityAfterSales: true, MemberOnlyAccess: true}},
		},
	})
	if err != nil {
		return err
	}
	now := time.Date(2026, 1, 10, 20, 0, 0, 0, time.FixedZone("CST", 8*3600))
	svc := &membership.Service{Store: membershiptest.NewStore(), Tiers: tiers, ShopID: "tea-shop",
		Clock: func() time.Time { return now }}
	const customer = "buyer-8848"

	amounts := []int64{128_00, 96_50, 310_00, 45_90, 560_00, 88_00, 2999_00, 72_30, 420_00, 199_00, 64_00, 888_00}
	for i, fen := range amounts {
		now = now.AddDate(0, 1, 0)
		if i > 0 && i%4 == 0 {
			now = now.Add(-72 * time.Hour)
		}
		id := fmt.Sprintf("%s%04d", now.Format("20060102"), i+1)
		out, err := svc.Complete(ctx, membership.CompletedOrder{OrderID: id, CustomerID: customer,
			Amount: commerce.CNY(fen), CompletedAt: now})
		if err != nil {
			return err
		}
		fmt.Printf("%s order %s completed: %s\n", now.Format("2006-01-02"), id, commerce.CNY(fen))
		if out.Upgraded {
			fmt.Printf("           upgraded %s → %s\n", name(out.From), out.To)
		}
		if i == 6 { // R5.2: the big order comes back; figures drop, the tier stays
			now = now.Add(5 * 24 * time.Hour)
			refund := commerce.CNY(2999_00)
			if err := svc.Refund(ctx, membership.Refund{OrderID: id, CustomerID: customer, RefundID: "rf-1",
				Amount: refund, Full: true, At: now}); err != nil {
				return err
			}
			e, err := svc.Evaluate(ctx, customer)
			if err != nil {
				return err
			}
			fmt.Printf("%s order %s refunded: %s; tier stays %s; why: %s\n", now.Format("2006-01-02"), id, refund, e.Tier, e.Why())
		}
	}

	e, err := svc.Evaluate(ctx, customer)
	if err != nil {
		return err
	}
	fmt.Printf("\nafter a year: %s\n  why: %s\n  next: %s\n", e.Tier, e.Why(), e.Missing())

	w, err := svc.WhatIf(ctx, customer, membership.CompletedOrder{OrderID: "what-if", CustomerID: customer,
		Amount: commerce.CNY(e.MissingAmount.Amount()), CompletedAt: now})
	if err != nil {
		return err
	}
	fmt.Printf("  what if the next order is %s: %s\n", e.MissingAmount, w.After.Tier)

	// R5.3: member price of a basket, before coupons.
	pricer, err := svc.PricerFor(ctx, customer)
	if err != nil {
		return err
	}
	basket := []commerce.OrderLine{
		orderLine("longjing-250g", "Longjing 250 g", 168_00, 2, false),
		orderLine("pu-erh-cake", "Pu-erh cake 357 g", 99_90, 3, false),
		orderLine("reserve-2025", "Members' reserve 2025", 388_00, 1, true),
	}
	if err := pricer.Apply(basket); err != nil {
		return err
	}
	fmt.Printf("\nbasket at %s prices:\n", pricer.Tier())
	total, discount := commerce.CNY(0), commerce.CNY(0)
	for _, l := range basket {
		pay, err := l.Subtotal.Sub(l.MemberDiscount)
		if err != nil {
			return err
		}
		fmt.Printf("  %-22s %d × %-8s subtotal %-9s member discount %-8s pays %s\n", l.Name, l.Quantity, l.UnitPrice,
			l.Subtotal, l.MemberDiscount, pay)
		if total, err = total.Add(pay); err != nil {
			return err
		}
		if discount, err = discount.Add(l.MemberDiscount); err != nil {
			return err
		}
	}
	fmt.Printf("  member total %s (saved %s)\n", total, discount)

	// A non-member is refused the member-only line.
	_, err = tiers.PricerFor(nil).MemberDiscount(basket[2])
	fmt.Printf("  a non-member buying %q: %v\n", basket[2].Name, err)
	return nil
}

func orderLine(sku, name string, unit, qty int64, memberOnly bool) commerce.OrderLine {
	sub, _ := commerce.CNY(unit).Mul(qty)
	return commerce.OrderLine{SKU: sku, ListingID: uuid.NewSHA1(uuid.NameSpaceOID, []byte(sku)), Category: "tea",
		Name: name, UnitPrice: commerce.CNY(unit), Quantity: qty, Subtotal: sub, MemberOnly: memberOnly}
}

func name(tier string) string {
	if tier == membership.NoTier {
		return "no tier"
	}
	return tier
}
