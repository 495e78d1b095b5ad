package order_test

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/order/ordertest"
)

// exampleStock is a StockKeeper that accepts everything.
type exampleStock struct{}

func (exampleStock) Reserve(context.Context, string, []inventory.StockLine) error { return nil }
func (exampleStock) Hold(context.Context, string, []inventory.StockLine) error    { return nil }
func (exampleStock) Seal(context.Context, string, []inventory.StockLine) error    { return nil }
func (exampleStock) Unsealed(context.Context, time.Time, int) ([]string, error)   { return nil, nil }
func (exampleStock) Release(context.Context, string) error                        { return nil }
func (exampleStock) Commit(context.Context, string) error                         { return nil }

// An order's life (R2.3): placed, paid, confirmed, shipped, delivered, and
// completed by the sweep 10 days after delivery.
func ExampleService() {
	ctx := context.Background()
	now := time.Date(2026, 11, 11, 20, 0, 0, 0, time.UTC)
	numbers, _ := order.NewSequenceNumberer(order.SequenceConfig{})
	store := ordertest.NewStore()
	svc, err := order.NewService(order.ServiceConfig{
		Store: store, Stock: exampleStock{}, Numberer: numbers,
		Policy: order.DefaultPolicy(), Clock: func() time.Time { return now },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	shop := uuid.MustParse("6a4c7e1c-2f4e-4a55-9b1e-3d2c1b0a9f88")
	buyer := shopkit.Actor{Role: shopkit.Buyer, ID: "buyer-1"}
	seller := shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()} // a merchant acts as its shop (R0.4)
	otherShop := shopkit.Actor{Role: shopkit.Merchant, ID: uuid.NewString()}

	o, err := svc.Place(ctx, order.PlaceOrder{
		BuyerID: buyer.ID, MerchantID: shop,
		Lines: []order.Line{
			{SKU: "TEA-1", Name: "Longjing tea", UnitPrice: shopkit.CNY(10000), Quantity: 2,
				CouponDiscount: shopkit.CNY(2000), Subtotal: shopkit.CNY(20000), Paid: shopkit.CNY(18000)},
		},
		Shipping: shopkit.CNY(1000), ShippingDiscount: shopkit.CNY(1000),
		Address: order.Address{Recipient: "张三", Phone: "13812345678", Region: "浙江省杭州市", Detail: "文三路100号"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(o)
	pay, _ := o.PaymentDeadline() // the buyer's countdown
	d, _ := o.Deadline()          // the earliest consequence: the due index's key
	fmt.Println("pay within", pay.Sub(now), "; payment reminder due after", d.Sub(now))

	now = now.Add(10 * time.Minute)
	o, _ = svc.Pay(ctx, o.ID(), buyer, order.Payment{Method: order.Alipay, Amount: o.Total(), GatewayRef: "ALI-2026"})
	fmt.Println(o.State(), "at", o.PaidAt().Format(time.TimeOnly))

	now = now.Add(2 * time.Hour)
	_, err = svc.Confirm(ctx, o.ID(), otherShop)
	fmt.Println("another shop:", shopkit.CodeOf(err))
	o, _ = svc.Confirm(ctx, o.ID(), seller)
	fmt.Println(o.State(), o.AllowedActions(seller), "; another shop sees", o.AllowedActions(otherShop))

	now = now.Add(3 * time.Hour)
	o, _ = svc.Ship(ctx, o.ID(), seller, "SF Express", "SF1234567890")
	fmt.Println(o.State(), o.Carrier(), o.TrackingNumber())

	_, err = svc.ChangeAddress(ctx, o.ID(), buyer, o.Address())
	fmt.Println(shopkit.CodeOf(err))

	now = now.Add(40 * time.Hour)
	o, _ = svc.Deliver(ctx, o.ID(), shopkit.SystemActor(), time.Time{})
	d, _ = o.Deadline()
	fmt.Println(o.State(), "auto-complete in", d.Sub(now))

	// R0.3: the consequence applies strictly after its deadline.
	now = now.Add(10 * 24 * time.Hour)
	res, _ := svc.Sweep(ctx)
	fmt.Println("sweep at the deadline applied", res.Applied)
	now = now.Add(time.Nanosecond)
	res, _ = svc.Sweep(ctx)
	o, _ = svc.Get(ctx, o.ID())
	fmt.Println("sweep applied", res.Applied, "→", o.State())
	// The audit trail is the store's (R0.4): a loaded order carries its state.
	trail, err := shopkit.ReadTrail(ctx, store, o.ID(), 100)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range trail {
		if e.Kind == shopkit.EntryChange {
			fmt.Printf("%s %-8s %-15s → %s\n", e.At.Format("01-02 15:04"), e.Role, e.From, e.To)
		}
	}
	// Output:
	// order 20261112040000000001 pending_payment ¥180.00 to 张* 138****5678 浙江省杭州市 ****
	// pay within 24h0m0s ; payment reminder due after 30m0s
	// paid at 20:10:00
	// another shop: shopkit.not_party
	// confirmed [ship change_address] ; another shop sees []
	// shipped SF Express SF1234567890
	// order.wrong_state
	// delivered auto-complete in 240h0m0s
	// sweep at the deadline applied 0
	// sweep applied 1 → completed
	// 11-11 20:00 buyer                    → pending_payment
	// 11-11 20:10 buyer    pending_payment → paid
	// 11-11 22:10 merchant paid            → confirmed
	// 11-12 01:10 merchant confirmed       → shipped
	// 11-13 17:10 system   shipped         → delivered
	// 11-23 17:10 system   delivered       → completed
}
