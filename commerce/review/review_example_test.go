package review_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/order/ordertest"
	"github.com/shopkit/shopkit/commerce/review"
	"github.com/shopkit/shopkit/commerce/review/reviewtest"
)

// Reviews (R2.6): the buyer of a completed order rates it within 15 days, the
// merchant replies once, and the listing's and the merchant's averages are exact
// decimals.
func ExampleService() {
	ctx := context.Background()
	start := time.Date(2026, 11, 11, 20, 0, 0, 0, time.UTC)
	now := start
	orders := ordertest.NewStore()
	svc, err := review.NewService(review.ServiceConfig{Store: reviewtest.NewStore(), Orders: orders,
		Policy: review.DefaultPolicy(), Clock: func() time.Time { return now }})
	if err != nil {
		fmt.Println(err)
		return
	}
	buyer := shopkit.Actor{Role: shopkit.Buyer, ID: "buyer-1"}
	shop := uuid.MustParse("6a4c7e1c-2f4e-4a55-9b1e-3d2c1b0a9f88")
	seller := shopkit.Actor{Role: shopkit.Merchant, ID: shop.String()} // a merchant acts as its shop (R0.4)
	tea := uuid.MustParse("0b7e8f00-0000-4000-8000-000000000001")

	// completed places an order of tea and runs it to completion (by its buyer).
	completed := func(number string, at time.Time) *order.Order {
		o, _ := order.NewOrder(order.PlaceOrder{BuyerID: buyer.ID, MerchantID: shop,
			Lines:   []order.Line{{SKU: "TEA-1", ListingID: tea, UnitPrice: shopkit.CNY(10000), Quantity: 1}},
			Address: order.Address{Recipient: "张三", Phone: "13812345678", Detail: "文三路100号"},
		}, number, order.DefaultPolicy(), at)
		_ = o.Pay(buyer, order.Payment{Method: order.Alipay, Amount: o.Total(), GatewayRef: "ALI-" + number}, at)
		_ = o.Confirm(seller, at)
		_ = o.Ship(seller, "SF", "SF"+number, at)
		_ = o.Deliver(shopkit.SystemActor(), at, at)
		_ = o.Complete(buyer, at)
		_ = orders.Create(ctx, o)
		return o
	}
	first, second, third := completed("1", start), completed("2", start), completed("3", start)

	now = start.Add(15 * 24 * time.Hour) // the last instant of the window
	r, err := svc.Review(ctx, first.ID(), buyer, 5, "香气很好")
	fmt.Println(r.Stars(), "stars, text", r.Text(), err)
	_, _ = svc.Review(ctx, second.ID(), buyer, 4, "")
	_, err = svc.Review(ctx, first.ID(), buyer, 1, "again")
	fmt.Println("second review of an order:", errors.Is(err, shopkit.ErrConflict))

	now = now.Add(time.Nanosecond)
	_, err = svc.Review(ctx, third.ID(), buyer, 4, "")
	fmt.Println(shopkit.CodeOf(err))

	_, err = svc.Reply(ctx, r.ID(), shopkit.Actor{Role: shopkit.Merchant, ID: uuid.NewString()}, "我来回复")
	fmt.Println("another shop:", shopkit.CodeOf(err))
	_, err = svc.Reply(ctx, r.ID(), seller, "谢谢惠顾")
	fmt.Println("reply:", err)
	_, err = svc.Reply(ctx, r.ID(), seller, "再次感谢")
	fmt.Println("second reply:", shopkit.CodeOf(err))

	listing, _ := svc.ListingRating(ctx, tea)
	avg, _ := listing.Average(2)
	fmt.Println("listing", listing.Count, "reviews, average", avg.StringFixed(2))
	merchant, _ := svc.MerchantRating(ctx, shop)
	avg, _ = merchant.Average(1)
	fmt.Println("merchant average", avg)
	// Output:
	// 5 stars, text 香气很好 <nil>
	// second review of an order: true
	// review.window_closed
	// another shop: shopkit.not_party
	// reply: <nil>
	// second reply: review.wrong_state
	// listing 2 reviews, average 4.50
	// merchant average 4.5
}
