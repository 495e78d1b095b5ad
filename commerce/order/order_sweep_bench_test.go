package order_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/order/ordertest"
)

// deliveredOrder returns a delivered order whose auto-complete falls due at due
// (R2.3.4), built from a snapshot so that preparing many is cheap.
func deliveredOrder(tb testing.TB, due time.Time) *order.Order {
	p := order.DefaultPolicy()
	delivered := due.Add(-p.AutoCompleteAfter)
	o, err := order.RestoreOrder(order.Snapshot{
		ID: uuid.New(), Number: "20261122100000000001", BuyerID: buyer.ID, MerchantID: uuid.New(),
		Lines: []order.Line{{SKU: "TEA-1", UnitPrice: shopkit.CNY(100), Quantity: 1, Subtotal: shopkit.CNY(100), Paid: shopkit.CNY(100)}},
		Total: shopkit.CNY(100), State: order.OrderDelivered, Policy: p,
		PlacedAt: delivered.Add(-72 * time.Hour), PaidAt: delivered.Add(-71 * time.Hour),
		Payment:   order.Payment{Method: order.Alipay, Amount: shopkit.CNY(100), GatewayRef: "ALI-1", PaidAt: delivered.Add(-71 * time.Hour)},
		ShippedAt: delivered.Add(-24 * time.Hour), DeliveredAt: delivered, LastTrackingAt: delivered,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return o
}

func newSweepService(tb testing.TB, s order.Store, n order.Numberer, clock shopkit.Clock) *order.Service {
	svc, err := order.NewService(order.ServiceConfig{Store: s, Stock: newFakeStock(nil), Numberer: n, Policy: order.DefaultPolicy(), Clock: clock})
	if err != nil {
		tb.Fatal(err)
	}
	return svc
}

// BenchmarkServiceSweep measures the order sweep (R2.9) completing 1,000 due
// orders among 1,000 and among 100,000 stored: through the in-memory store's
// deadline index the cost follows what is due, not what is stored. Creating the
// due orders of each round is not timed.
func BenchmarkServiceSweep(b *testing.B) {
	for _, stored := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("stored=%d/due=1000", stored), func(b *testing.B) {
			ctx := context.Background()
			base := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
			now := base
			store := ordertest.NewStore()
			for range stored - 1000 {
				if err := store.Create(ctx, deliveredOrder(b, base.AddDate(100, 0, 0))); err != nil {
					b.Fatal(err)
				}
			}
			numbers, err := order.NewSequenceNumberer(order.SequenceConfig{})
			if err != nil {
				b.Fatal(err)
			}
			svc := newSweepService(b, store, numbers, func() time.Time { return now })
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				now = now.Add(time.Hour)
				for range 1000 {
					// Due 1 ns before the sweep: the consequence applies
					// strictly after its deadline (R0.3).
					if err := store.Create(ctx, deliveredOrder(b, now.Add(-time.Nanosecond))); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				res, err := svc.Sweep(ctx)
				if err != nil || res.Applied != 1000 {
					b.Fatalf("applied %d: %v", res.Applied, err)
				}
			}
		})
	}
}
