// Command aftersales walks three after-sales stories with in-memory stores and a
// fixed clock, printing every step: an exchange the merchant leaves unanswered for
// 48 h (approved by the sweep, R3.3) that another buyer cannot touch (R0.4), a
// partial refund of an order bought with a
// coupon (cumulative floors in whole fen, R3.7), and local-life vouchers partly
// used and then expired (refunded automatically, fen truncated, R3.8).
package main

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/aftersales/aftersalestest"
	"github.com/shopkit/shopkit/commerce/order"
)

var (
	// shop is the merchant's ID: a shop is identified by its merchant.
	shop     = uuid.MustParse("6a4c7e1c-2f4e-4a55-9b1e-3d2c1b0a9f07")
	buyer    = shopkit.Actor{Role: shopkit.Buyer, ID: "buyer-13812345678"}
	merchant = shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()}
)

func main() {
	ctx := context.Background()
	loc, err := time.LoadLocation("Asia/Shanghai")
	check(err)
	start := time.Date(2026, 11, 2, 10, 0, 0, 0, loc)
	clock := aftersalestest.NewClock(start)
	cases, ledgers := aftersalestest.NewStore(), aftersalestest.NewLedgerStore()
	svc, err := aftersales.NewService(aftersales.ServiceConfig{Cases: cases, Ledgers: ledgers,
		Policy: aftersales.DefaultPolicy(), Clock: clock.Now})
	check(err)

	exchange(ctx, svc, clock, cases)
	couponRefund(ctx, svc, clock, ledgers)
	vouchers(ctx, svc, clock)
}

func step(clock *aftersalestest.Clock, format string, args ...any) {
	fmt.Printf("  %s  %s\n", clock.Now().Format("01-02 15:04"), fmt.Sprintf(format, args...))
}

func exchange(ctx context.Context, svc *aftersales.Service, clock *aftersalestest.Clock, cases aftersales.Store) {
	fmt.Println("1. Exchange with the 48 h auto-approval (R3.3)")
	order := aftersales.Order{ID: uuid.New(), Number: "2026110100000001", BuyerID: buyer.ID, MerchantID: shop,
		State: aftersales.OrderDelivered, SignedAt: clock.Now().Add(-24 * time.Hour),
		Lines: []order.Line{{SKU: "shoes-42", Category: "shoes", Quantity: 1, Paid: shopkit.CNY(29900)}}}
	c, err := svc.Open(ctx, order, aftersales.Application{Kind: aftersales.Exchange, Reason: aftersales.WrongItem,
		Note: "size 42 instead of 43", Evidence: []string{"photo-1"}, BuyerID: buyer.ID,
		Lines: []aftersales.LineQty{{Line: 0, Units: 1}}})
	check(err)
	d, _ := c.Deadline()
	step(clock, "buyer opens %s: %s, merchant answers by %s", c.Kind(), c.State(), d.Format("01-02 15:04"))
	step(clock, "printed, the buyer is masked (R0.5): %v", c)
	stranger := shopkit.Actor{Role: shopkit.Buyer, ID: "buyer-13900000000"}
	_, err = svc.Act(ctx, c.ID(), func(c *aftersales.Case, now time.Time) error { return c.Cancel(stranger, now, "not mine") })
	step(clock, "another buyer tries to cancel it: %s (R0.4); it may do %v, the buyer %v", shopkit.CodeOf(err),
		c.AllowedActions(stranger), c.AllowedActions(buyer))

	clock.Set(d)
	res, err := svc.Sweep(ctx)
	check(err)
	step(clock, "sweep at the deadline itself: %d applied (still in time for the merchant)", res.Applied)
	clock.Advance(time.Hour)
	res, err = svc.Sweep(ctx)
	check(err)
	c, err = svc.Get(ctx, c.ID())
	check(err)
	// The audit trail is the store's: a loaded case holds its state only.
	trail, err := shopkit.ReadTrail(ctx, cases, c.ID(), 50)
	check(err)
	approval := trail[len(trail)-2]
	d, _ = c.Deadline()
	step(clock, "sweep: %d applied → %s by %s stamped %s; ship back by %s", res.Applied, c.State(), approval.Role,
		approval.At.Format("01-02 15:04"), d.Format("01-02 15:04"))

	clock.Advance(20 * time.Hour)
	c = act(ctx, svc, c, func(c *aftersales.Case, now time.Time) error { return c.ShipBack(buyer, now, "SF1234567890") })
	step(clock, "buyer ships back SF1234567890 → %s", c.State())
	clock.Advance(48 * time.Hour)
	c = act(ctx, svc, c, func(c *aftersales.Case, now time.Time) error {
		return c.ReceiveReturn(merchant, now, now.Add(-3*time.Hour))
	})
	d, _ = c.Deadline()
	step(clock, "merchant signs for it (carrier: 3 h ago) → %s, inspect by %s", c.State(), d.Format("01-02 15:04"))
	clock.Advance(24 * time.Hour)
	c = act(ctx, svc, c, func(c *aftersales.Case, now time.Time) error { return c.ShipReplacement(merchant, now, "SF5550001") })
	step(clock, "merchant ships the replacement SF5550001 → %s", c.State())
	clock.Advance(24 * time.Hour)
	c = act(ctx, svc, c, func(c *aftersales.Case, now time.Time) error {
		return c.SignForDelivery(shopkit.SystemActor(), now, now.Add(-2*time.Hour))
	})
	d, _ = c.Deadline()
	step(clock, "carrier: the buyer signed 2 h ago → %s, buyer confirms by %s (10 days from signing)", c.State(), d.Format("01-02 15:04"))
	clock.Advance(24 * time.Hour)
	c = act(ctx, svc, c, func(c *aftersales.Case, now time.Time) error { return c.ConfirmReceipt(buyer, now) })
	step(clock, "buyer confirms → %s", c.State())
	c = act(ctx, svc, c, func(c *aftersales.Case, now time.Time) error { return c.Rate(buyer, now, 5, "quick") })
	stars, _ := c.Rating()
	step(clock, "buyer rates the handling %d/5", stars)
}

func couponRefund(ctx context.Context, svc *aftersales.Service, clock *aftersalestest.Clock, ledgers *aftersalestest.LedgerStore) {
	fmt.Println("\n2. Partial refunds of a coupon order (R3.7)")
	// 3 mugs at ¥4.00 and a teapot at ¥58.88; a ¥10.00 shop coupon is apportioned
	// to the lines by subtotal, largest remainder (R2.4), so each line knows what
	// the buyer paid for it in whole fen.
	subtotals := []int64{3 * 400, 5888}
	coupon := shopkit.CNY(1000)
	shares, err := shopkit.Allocate(coupon, subtotals)
	check(err)
	paid := func(i int) shopkit.Money { return shopkit.CNY(subtotals[i] - shares[i].Amount()) }
	order := aftersales.Order{ID: uuid.New(), Number: "2026110200000002", BuyerID: buyer.ID, MerchantID: shop,
		State: aftersales.OrderDelivered, SignedAt: clock.Now().Add(-24 * time.Hour), Shipping: shopkit.CNY(800),
		Lines: []order.Line{
			{SKU: "mug", Category: "home", UnitPrice: shopkit.CNY(400), Quantity: 3, Subtotal: shopkit.CNY(subtotals[0]),
				CouponDiscount: shares[0], Paid: paid(0)},
			{SKU: "teapot", Category: "home", UnitPrice: shopkit.CNY(5888), Quantity: 1, Subtotal: shopkit.CNY(subtotals[1]),
				CouponDiscount: shares[1], Paid: paid(1)},
		}}
	step(clock, "order %s: coupon %s apportioned %s to the mugs, %s to the teapot", order.Number, coupon, shares[0], shares[1])
	step(clock, "mugs paid %s for 3, teapot %s, shipping %s", order.Lines[0].Paid, order.Lines[1].Paid, order.Shipping)
	for i := 1; i <= 3; i++ {
		c, err := svc.Open(ctx, order, aftersales.Application{Kind: aftersales.RefundOnly, Reason: aftersales.Damaged,
			Evidence: []string{fmt.Sprintf("photo-mug-%d", i)}, BuyerID: buyer.ID,
			Lines: []aftersales.LineQty{{Line: 0, Units: 1}}})
		check(err)
		c = act(ctx, svc, c, func(c *aftersales.Case, now time.Time) error { return c.Approve(merchant, now, "broken in transit") })
		step(clock, "mug %d refunded: %s (%s)", i, c.Refund().Amount, c.State())
		rec, err := svc.ConfirmRefund(ctx, order.ID, c.Refund().Key)
		check(err)
		step(clock, "gateway confirms %s", rec.Amount)
		clock.Advance(time.Hour)
	}
	l, err := ledgers.Get(ctx, order.ID)
	check(err)
	step(clock, "mugs refunded %s of %s paid (cumulative floors ⌊paid × K / 3⌋); order refunded %s of %s, shipping kept",
		shopkit.CNY(l.Lines()[0].Refunded), shopkit.CNY(l.Lines()[0].Paid), l.Refunded(), l.Paid())
	_, err = svc.Open(ctx, order, aftersales.Application{Kind: aftersales.RefundOnly, Reason: aftersales.Damaged,
		BuyerID: buyer.ID, Lines: []aftersales.LineQty{{Line: 0, Units: 1}}})
	step(clock, "a fourth mug refund: %s", shopkit.CodeOf(err))
}

func vouchers(ctx context.Context, svc *aftersales.Service, clock *aftersalestest.Clock) {
	fmt.Println("\n3. Local-life vouchers partly used, then expired (R3.8)")
	order := aftersales.Order{ID: uuid.New(), Number: "2026110200000003", BuyerID: buyer.ID, MerchantID: shop,
		State: aftersales.OrderPaid,
		Lines: []order.Line{{SKU: "hotpot-for-2", Category: "local-life", Quantity: 4, Paid: shopkit.CNY(10001)}}}
	validUntil := clock.Now().Add(14 * 24 * time.Hour)
	c, err := svc.OpenVoucher(ctx, order, 0, validUntil)
	check(err)
	step(clock, "4 vouchers for %s, valid until %s", order.Lines[0].Paid, validUntil.Format("01-02 15:04"))
	clock.Advance(3 * 24 * time.Hour)
	c = act(ctx, svc, c, func(c *aftersales.Case, now time.Time) error { return c.Redeem(merchant, now, 1) })
	step(clock, "1 voucher used: %d of %d unused", c.Vouchers().Total-c.Vouchers().Used, c.Vouchers().Total)

	clock.Set(validUntil.Add(time.Hour))
	_, err = svc.Sweep(ctx)
	check(err)
	c, err = svc.Get(ctx, c.ID())
	check(err)
	d, _ := c.Deadline()
	step(clock, "expired → %s; the refund starts by %s", c.State(), d.Format("01-02 15:04"))
	clock.Set(d.Add(time.Minute))
	_, err = svc.Sweep(ctx)
	check(err)
	c, err = svc.Get(ctx, c.ID())
	check(err)
	d, _ = c.Deadline()
	step(clock, "auto refund → %s: %s (10001 × 3 / 4 = 7500.75, fen truncated); money back by %s",
		c.State(), c.Refund().Amount, d.Format("01-02 15:04"))
	rec, err := svc.ConfirmRefund(ctx, order.ID, c.Refund().Key)
	check(err)
	c, err = svc.Get(ctx, c.ID())
	check(err)
	step(clock, "gateway confirms %s → %s", rec.Amount, c.State())
}

func act(ctx context.Context, svc *aftersales.Service, c *aftersales.Case, fn func(*aftersales.Case, time.Time) error) *aftersales.Case {
	c, err := svc.Act(ctx, c.ID(), fn)
	check(err)
	return c
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
