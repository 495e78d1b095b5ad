package aftersales_test

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/aftersales/aftersalestest"
	"github.com/shopkit/shopkit/commerce/order"
)

// An exchange the merchant does not answer is approved by the sweep 48 h later,
// stamped with the deadline (R3.3).
func ExampleService_Sweep() {
	ctx := context.Background()
	start := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	clock := aftersalestest.NewClock(start)
	cases := aftersalestest.NewStore()
	svc, err := aftersales.NewService(aftersales.ServiceConfig{Cases: cases, Ledgers: aftersalestest.NewLedgerStore(),
		Policy: aftersales.DefaultPolicy(), Clock: clock.Now})
	if err != nil {
		fmt.Println(err)
		return
	}
	shop := uuid.MustParse("6a4c7e1c-2f4e-4a55-9b1e-3d2c1b0a9f88")
	order := aftersales.Order{ID: uuid.New(), Number: "2026110200000001", BuyerID: "b-1", MerchantID: shop,
		State: aftersales.OrderDelivered, SignedAt: start.Add(-24 * time.Hour),
		Lines: []order.Line{{SKU: "cup", Quantity: 1, Paid: shopkit.CNY(1999)}}}
	c, _ := svc.Open(ctx, order, aftersales.Application{Kind: aftersales.Exchange, Reason: aftersales.Quality,
		Lines: []aftersales.LineQty{{Line: 0, Units: 1}}, BuyerID: "b-1"})
	d, _ := c.Deadline()
	fmt.Println(c.State(), "until", d.Format(time.RFC3339))

	clock.Set(d.Add(time.Minute))
	res, _ := svc.Sweep(ctx)
	c, _ = svc.Get(ctx, c.ID())
	trail, _ := shopkit.ReadTrail(ctx, cases, c.ID(), 10) // the audit trail is the store's
	last := trail[len(trail)-2]
	fmt.Println(res.Applied, c.State(), last.Role, last.Action, last.At.Format(time.RFC3339))
	fmt.Println(c.AllowedActions(shopkit.Actor{Role: shopkit.Buyer, ID: "b-1"}))
	fmt.Println(c.AllowedActions(shopkit.Actor{Role: shopkit.Buyer, ID: "b-2"}), "for another buyer")
	// Output:
	// requested until 2026-11-04T10:00:00Z
	// 1 awaiting_return system approve 2026-11-04T10:00:00Z
	// [ship_back cancel]
	// [] for another buyer
}

// A line of 3 units that paid 1001 fen refunds 333, 334 and 334 (R3.7).
func ExampleUnitRefund() {
	paid := shopkit.CNY(1001)
	refunded := shopkit.CNY(0)
	for k := int64(0); k < 3; k++ {
		pay, _ := aftersales.UnitRefund(paid, 3, k, 1, refunded)
		refunded, _ = refunded.Add(pay)
		fmt.Println(pay.Amount())
	}
	// Output:
	// 333
	// 334
	// 334
}

// Unused vouchers are refunded in proportion with the fen truncated (R3.8): 3 of
// 4 vouchers of a 100.01 yuan order return 75.00 yuan (7500.75 fen → 7500).
func ExampleVoucherRefund() {
	r, _ := aftersales.VoucherRefund(shopkit.CNY(10001), 4, 3)
	all, _ := aftersales.VoucherRefund(shopkit.CNY(10001), 4, 4)
	fmt.Println(r, all)
	// Output:
	// ¥75.00 ¥100.01
}

// The no-reason window is 168 h from the signed-for time (R3.2): exactly 168 h
// later a return is in time, 1 ns later it is not.
func ExampleCheckEligibility() {
	signed := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	order := aftersales.Order{ID: uuid.New(), BuyerID: "b-1", MerchantID: uuid.New(), State: aftersales.OrderDelivered,
		SignedAt: signed, Lines: []order.Line{{SKU: "cup", Quantity: 1, Paid: shopkit.CNY(1999)}}}
	app := aftersales.Application{Kind: aftersales.ReturnRefund, Reason: aftersales.NoReason, BuyerID: "b-1",
		Lines: []aftersales.LineQty{{Line: 0, Units: 1}}}
	p := aftersales.DefaultPolicy()
	fmt.Println(aftersales.CheckEligibility(p, order, app, signed.Add(168*time.Hour)))
	fmt.Println(shopkit.CodeOf(aftersales.CheckEligibility(p, order, app, signed.Add(168*time.Hour+1))))
	// Output:
	// <nil>
	// aftersales.window_closed
}

// An order's ledger refunds in whole fen (R3.7): a money-only price protection of
// 4.00 yuan is taken off the later unit refunds, a repeated key refunds once, and
// shipping goes back with the refund that completes the order.
func ExampleLedger_Refund() {
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	order := aftersales.Order{ID: uuid.New(), BuyerID: "b-1", MerchantID: uuid.New(), State: aftersales.OrderDelivered,
		Shipping: shopkit.CNY(800), Lines: []order.Line{{SKU: "cup", Quantity: 3, Paid: shopkit.CNY(1001)}}}
	l, _ := aftersales.NewLedger(order, aftersales.ShippingOnFullRefund, now)
	refund := func(key string, q aftersales.LineQty) {
		rec, fresh, err := l.Refund(aftersales.RefundRequest{Key: key, Lines: []aftersales.LineQty{q}}, now)
		fmt.Println(key, rec.Amount, "shipping", rec.Shipping, "new", fresh, err)
	}
	refund("price-protection", aftersales.LineQty{Line: 0, Amount: shopkit.CNY(400)})
	refund("price-protection", aftersales.LineQty{Line: 0, Amount: shopkit.CNY(400)})
	refund("two-cups", aftersales.LineQty{Line: 0, Units: 2})
	refund("last-cup", aftersales.LineQty{Line: 0, Units: 1})
	fmt.Println("refunded", l.Refunded(), "of", l.Paid())
	// Output:
	// price-protection ¥4.00 shipping ¥0.00 new true <nil>
	// price-protection ¥4.00 shipping ¥0.00 new false <nil>
	// two-cups ¥2.67 shipping ¥0.00 new true <nil>
	// last-cup ¥11.34 shipping ¥8.00 new true <nil>
	// refunded ¥18.01 of ¥18.01
}

// goldMembers is a shopkit.TierReader: b-gold is a gold member of every shop.
type goldMembers struct{}

func (goldMembers) MemberTier(_ context.Context, _ uuid.UUID, customer string) (shopkit.MemberTier, error) {
	if customer == "b-gold" {
		return shopkit.MemberTier{Name: "gold", Rank: 3, PriorityAfterSales: true}, nil
	}
	return shopkit.MemberTier{}, nil
}

// A host passes a shopkit.TierReader — membership's Service — as
// ServiceConfig.Tiers; cases of priority customers are marked when they open.
func ExampleService_Open_priority() {
	ctx := context.Background()
	start := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	svc, err := aftersales.NewService(aftersales.ServiceConfig{Cases: aftersalestest.NewStore(), Ledgers: aftersalestest.NewLedgerStore(),
		Policy: aftersales.DefaultPolicy(), Clock: aftersalestest.NewClock(start).Now, Tiers: goldMembers{}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, buyer := range []string{"b-gold", "b-new"} {
		order := aftersales.Order{ID: uuid.New(), BuyerID: buyer, MerchantID: uuid.New(), State: aftersales.OrderDelivered,
			SignedAt: start.Add(-time.Hour), Lines: []order.Line{{SKU: "cup", Quantity: 1, Paid: shopkit.CNY(1999)}}}
		c, _ := svc.Open(ctx, order, aftersales.Application{Kind: aftersales.ReturnRefund, Reason: aftersales.Damaged,
			BuyerID: buyer, Lines: []aftersales.LineQty{{Line: 0, Units: 1}}})
		fmt.Println(buyer, c.Priority(), c.Tier().Name)
	}
	// Output:
	// b-gold true gold
	// b-new false
}

// The platform intervenes (R3.9): after the merchant rejects and the buyer
// escalates, the platform advances 10.00 yuan on its own account (先行赔付), which
// the merchant owes at settlement (LedgerStore.Debts, R4.5), then orders the
// refund of what is left.
func ExampleService_Advance() {
	ctx := context.Background()
	start := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	ledgers := aftersalestest.NewLedgerStore()
	svc, err := aftersales.NewService(aftersales.ServiceConfig{Cases: aftersalestest.NewStore(), Ledgers: ledgers,
		Policy: aftersales.DefaultPolicy(), Clock: aftersalestest.NewClock(start).Now})
	if err != nil {
		fmt.Println(err)
		return
	}
	shop := uuid.MustParse("6a4c7e1c-2f4e-4a55-9b1e-3d2c1b0a9f88")
	merchant := shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()}
	buyer := shopkit.Actor{Role: shopkit.Buyer, ID: "b-1"}
	platform := shopkit.Actor{Role: shopkit.Platform, ID: "ops-1"}
	order := aftersales.Order{ID: uuid.New(), BuyerID: "b-1", MerchantID: shop, State: aftersales.OrderDelivered,
		SignedAt: start.Add(-time.Hour), Lines: []order.Line{{SKU: "kettle", Quantity: 1, Paid: shopkit.CNY(5000)}}}
	c, _ := svc.Open(ctx, order, aftersales.Application{Kind: aftersales.RefundOnly, Reason: aftersales.Damaged,
		BuyerID: "b-1", Lines: []aftersales.LineQty{{Line: 0, Units: 1}}})
	c, _ = svc.Act(ctx, c.ID(), func(c *aftersales.Case, now time.Time) error {
		return c.Reject(merchant, now, aftersales.Rejection{Conversation: "chat-1", Evidence: []string{"photo"}, Reason: "used"})
	})
	c, _ = svc.Act(ctx, c.ID(), func(c *aftersales.Case, now time.Time) error {
		return c.Escalate(buyer, now, "it arrived broken", []string{"unboxing-video"})
	})
	fmt.Println(c.State(), c.AllowedActions(platform))

	rec, _ := svc.Advance(ctx, c.ID(), platform, "adv-1", shopkit.CNY(1000), "merchant responsible")
	debts, _ := ledgers.Debts(ctx, shop)
	fmt.Println("advanced", rec.Amount, "owed by", debts[0].MerchantID, debts[0].Amount)

	c, _ = svc.Act(ctx, c.ID(), func(c *aftersales.Case, now time.Time) error {
		return c.DecideForBuyer(platform, now, "refund the rest")
	})
	fmt.Println(c.State(), c.Refund().Amount)
	// Output:
	// disputed [decide_for_buyer decide_for_merchant advance]
	// advanced ¥10.00 owed by 6a4c7e1c-2f4e-4a55-9b1e-3d2c1b0a9f88 ¥10.00
	// refunding ¥40.00
}
