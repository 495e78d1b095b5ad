package inventory_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/shopkit/shopkit/commerce/inventory"
)

// Reserve of a 10-line order through the service on the in-memory store, and
// its release (so stock never runs out).
func BenchmarkInventoryReserve10Lines(b *testing.B) {
	ctx := context.Background()
	stock := map[string]int64{}
	lines := make([]inventory.StockLine, 10)
	for i := range lines {
		sku := fmt.Sprintf("SKU-%02d", i)
		stock[sku] = 1_000_000
		lines[i] = inventory.StockLine{SKU: sku, Quantity: 2}
	}
	svc, _ := invService(b, stock)
	refs := make([]string, 1024)
	for i := range refs {
		refs[i] = fmt.Sprintf("order-%d", i)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		ref := refs[i%len(refs)]
		if err := svc.Reserve(ctx, ref, lines); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := svc.Release(ctx, ref); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
