package aftersales_test

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/aftersales/aftersalestest"
	"github.com/shopkit/shopkit/commerce"
)

// An exchange the merchant does not answer is approved by the sweep 48 h later,
// stamped with the deadline (R3.3).
func ExampleService_Sweep() {
	ctx := context.Background()
	start := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	clock := aftersalestest.NewClock(start)
	svc := &aftersales.Service{Cases: aftersalestest.NewStore(), Ledgers: aftersalestest.NewLedgerStore(),
		Policy: aftersales.DefaultPolicy(), Clock: clock.Now}
	order := aftersales.Order{ID: uuid.New(), Number: "2026110200000001", BuyerID: "b-1", MerchantID: "m-1",
		State: aftersales.OrderDelivered, SignedAt: start.Add(-24 * time.Hour),
		Lines: []commerce.OrderLine{{SKU: "cup", Quantity: 1, Paid: commerce.CNY(1999)}}}
	c, _ := svc.Open(ctx, order, aftersales.Application{Kind: aftersales.Exchange, Reason: aftersales.Quality,
		Lines: []aftersales.LineQty{{Line: 0, Units: 1}}, BuyerID: "b-1"})
	d, _ := c.Deadline()
	fmt.Println(c.State(), "until", d.Format(time.RFC3339))

	clock.Set(d.Add(time.Minute))
	res, _ := svc.Sweep(ctx)
	c, _ = svc.Get(ctx, c.ID())
	last := c.History()[len(c.History())-2]
	fmt.Println(res.Applied, c.State(), last.Role, last.Action, last.At.Format(time.RFC3339))
	fmt.Println(c.AllowedActions(shopkit.Buyer))
	// Output:
	// requested until 2026-11-04T10:00:00Z
	// 1 awaiting_return system approve 2026-11-04T10:00:00Z
	// [ship_back cancel]
}

// A line of 3 units that paid 1001 fen refunds 333, 334 and 334 (R3.7).
func ExampleUnitRefund() {
	paid := commerce.CNY(1001)
	refunded := commerce.CNY(0)
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
