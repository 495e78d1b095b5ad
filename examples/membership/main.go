// Command membership walks a shop's member tiers through a customer's year: four
// tiers, twelve completed orders and one returned order, printing every upgrade,
// the explanation a frontend shows, the tier support and aftersales read through
// shopkit.TierReader, the member price of a basket, and who may adjust a tier
// by hand (RULES R5, R0.4). It uses the in-memory store and a fixed clock.
package main

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
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
		Rounding: shopkit.HalfUp,
		Tiers: []membership.Tier{
			{Name: "Bronze", MinAmount: shopkit.CNY(300_00), MinOrders: 2,
				Benefits: membership.Benefits{DiscountRate: rate("0.98")}},
			{Name: "Silver", MinAmount: shopkit.CNY(1500_00), MinOrders: 5,
				Benefits: membership.Benefits{DiscountRate: rate("0.95"), PriorityService: true}},
			{Name: "Gold", MinAmount: shopkit.CNY(4000_00), MinOrders: 10,
				Benefits: membership.Benefits{DiscountRate: rate("0.9"), PriorityService: true, PriorityShipping: true,
					MemberOnlyAccess: true, Gifts: []string{"birthday tea set"}}},
			{Name: "Diamond", MinAmount: shopkit.CNY(10000_00), MinOrders: 24,
				Benefits: membership.Benefits{DiscountRate: rate("0.85"), PriorityService: true, PriorityShipping: true,
					PriorityAfterSales: true, MemberOnlyAccess: true}},
		},
	})
	if err != nil {
		return err
	}
	now := time.Date(2026, 1, 10, 20, 0, 0, 0, time.FixedZone("CST", 8*3600))
	shop := uuid.MustParse("7f3c9a2e-1b4d-4c6e-8a0f-2d5e7b9c1a34") // the tea shop's merchant ID
	svc, err := membership.NewService(membership.ServiceConfig{Store: membershiptest.NewStore(), Tiers: tiers,
		ShopID: shop, Clock: func() time.Time { return now }})
	if err != nil {
		return err
	}
	const customer = "buyer-8848"

	amounts := []int64{128_00, 96_50, 310_00, 45_90, 560_00, 88_00, 2999_00, 72_30, 420_00, 199_00, 64_00, 888_00}
	for i, fen := range amounts {
		now = now.AddDate(0, 1, 0)
		if i > 0 && i%4 == 0 {
			now = now.Add(-72 * time.Hour)
		}
		number := fmt.Sprintf("%s%04d", now.Format("20060102"), i+1) // the human order number (R0.2)
		id := orderID(number)
		out, err := svc.Complete(ctx, membership.CompletedOrder{OrderID: id, CustomerID: customer,
			Amount: shopkit.CNY(fen), CompletedAt: now})
		if err != nil {
			return err
		}
		fmt.Printf("%s order %s completed: %s\n", now.Format("2006-01-02"), number, shopkit.CNY(fen))
		if out.Upgraded {
			fmt.Printf("           upgraded %s → %s\n", name(out.From), out.To)
		}
		if i == 6 { // R5.2: the big order comes back; figures drop, the tier stays
			now = now.Add(5 * 24 * time.Hour)
			// The refund as the order's after-sales ledger issues it (R3.7): the
			// whole order returned, so it also stops counting as a transaction.
			refund := shopkit.Refund{Key: "rf-1", OrderID: id, OrderNumber: number, BuyerID: customer,
				MerchantID: shop, Amount: shopkit.CNY(2999_00), At: now}
			for range 2 { // the ledger's outbox delivers it twice: it counts once
				if err := svc.Return(ctx, refund); err != nil {
					return err
				}
			}
			e, err := svc.Evaluate(ctx, customer)
			if err != nil {
				return err
			}
			fmt.Printf("%s order %s returned: %s; tier stays %s; why: %s\n", now.Format("2006-01-02"), number,
				refund.Amount, e.Tier, e.Why())
		}
	}

	e, err := svc.Evaluate(ctx, customer)
	if err != nil {
		return err
	}
	fmt.Printf("\nafter a year: %s\n  why: %s\n  next: %s\n", e.Tier, e.Why(), e.Missing())

	w, err := svc.WhatIf(ctx, customer, membership.CompletedOrder{OrderID: orderID("what-if"), CustomerID: customer,
		Amount: shopkit.CNY(e.MissingAmount.Amount()), CompletedAt: now})
	if err != nil {
		return err
	}
	fmt.Printf("  what if the next order is %s: %s\n", e.MissingAmount, w.After.Tier)

	// R6.2: support and aftersales read the tier through shopkit.TierReader.
	var reader shopkit.TierReader = svc
	mt, err := reader.MemberTier(ctx, shop, customer)
	if err != nil {
		return err
	}
	fmt.Printf("  support sees: %s (rank %d), priority service %v, shipping %v, after-sales %v\n",
		mt.Name, mt.Rank, mt.PriorityService, mt.PriorityShipping, mt.PriorityAfterSales)

	// R5.3: member price of a basket, before coupons.
	pricer, err := svc.PricerFor(ctx, customer)
	if err != nil {
		return err
	}
	basket := []order.Line{
		orderLine("longjing-250g", "Longjing 250 g", 168_00, 2, false),
		orderLine("pu-erh-cake", "Pu-erh cake 357 g", 99_90, 3, false),
		orderLine("reserve-2025", "Members' reserve 2025", 388_00, 1, true),
	}
	if err := pricer.Apply(basket); err != nil {
		return err
	}
	fmt.Printf("\nbasket at %s prices:\n", pricer.Tier())
	total, discount := shopkit.CNY(0), shopkit.CNY(0)
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

	// R0.4, R5.2: only the shop adjusts a tier by hand. Another shop's merchant
	// is not a party of the member; the customer may not set their own tier.
	fmt.Println()
	other := shopkit.Actor{Role: shopkit.Merchant, ID: "0e4e0000-0000-4000-8000-00000000dead"}
	fmt.Printf("another shop's merchant demotes: %s\n", shopkit.CodeOf(svc.Adjust(ctx, customer, "Bronze", other, "rival")))
	self := shopkit.Actor{Role: shopkit.Buyer, ID: customer}
	fmt.Printf("the customer promotes themself: %s\n", shopkit.CodeOf(svc.Adjust(ctx, customer, "Diamond", self, "please")))
	owner := shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()}
	if err := svc.Adjust(ctx, customer, "Diamond", owner, "ten-year customer"); err != nil {
		return err
	}
	e, err = svc.Evaluate(ctx, customer)
	if err != nil {
		return err
	}
	fmt.Printf("the shop's merchant promotes: %s (%s)\n", e.Tier, e.Why())
	return nil
}

func orderLine(sku, name string, unit, qty int64, memberOnly bool) order.Line {
	sub, _ := shopkit.CNY(unit).Mul(qty)
	return order.Line{SKU: sku, ListingID: uuid.NewSHA1(uuid.NameSpaceOID, []byte(sku)), Category: "tea",
		Name: name, UnitPrice: shopkit.CNY(unit), Quantity: qty, Subtotal: sub, MemberOnly: memberOnly}
}

// orderID stands in for the order's ID (order.Order.ID in a host): the same
// number, the same ID, so the output is the same on every run.
func orderID(number string) uuid.UUID {
	return uuid.NewSHA1(uuid.NameSpaceOID, []byte("order "+number))
}

func name(tier string) string {
	if tier == membership.NoTier {
		return "no tier"
	}
	return tier
}
