package order_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit/commerce/order"
)

// BenchmarkOrderConfirm measures one checked transition through the aggregate
// (table check, deadline rules, audit entry); preparing the orders is not timed.
func BenchmarkOrderConfirm(b *testing.B) {
	base, paid := paidOrder(b)
	at := paid.Add(time.Hour)
	const batch = 1024
	orders := make([]*order.Order, batch)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%batch == 0 {
			b.StopTimer()
			for j := range orders {
				orders[j] = base.Clone()
			}
			b.StartTimer()
		}
		if err := orders[i%batch].Confirm(merchant, at); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOrderDeadline measures the deadline a store indexes on every update.
func BenchmarkOrderDeadline(b *testing.B) {
	o, _ := paidOrder(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := o.Deadline(); !ok {
			b.Fatal("no deadline")
		}
	}
}

// BenchmarkSequenceNumberer measures issuing one order number.
func BenchmarkSequenceNumberer(b *testing.B) {
	n, err := order.NewSequenceNumberer(order.SequenceConfig{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if _, err := n.Next(b.Context(), t0.Add(time.Duration(i/100000)*time.Second)); err != nil {
			b.Fatal(err)
		}
	}
}
