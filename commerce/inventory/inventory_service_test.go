package inventory_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/commerce/inventory/inventorytest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func invService(t testing.TB, stock map[string]int64) (*inventory.Service, *time.Time) {
	t.Helper()
	return invServiceOn(t, inventorytest.NewStore(), stock)
}

// invServiceOn is invService over the given store.
func invServiceOn(t testing.TB, store inventory.Store, stock map[string]int64) (*inventory.Service, *time.Time) {
	t.Helper()
	now := invT0
	svc, err := inventory.NewService(inventory.ServiceConfig{Store: store, ShopID: invShop, Policy: inventory.DefaultPolicy(),
		Clock: func() time.Time { return now }})
	require.NoError(t, err)
	for sku, q := range stock {
		_, err := svc.AddSKU(context.Background(), sku, q, invClerk)
		require.NoError(t, err)
	}
	return svc, &now
}

func invLevels(t testing.TB, svc *inventory.Service, skus ...string) []int64 {
	t.Helper()
	var out []int64
	for _, sku := range skus {
		s, err := svc.Get(context.Background(), sku)
		require.NoError(t, err)
		out = append(out, s.OnHand(), s.Reserved())
	}
	return out
}

// R2.2: reserving an order's lines is all-or-nothing: when a later SKU fails,
// the earlier ones are released again; unknown SKUs and bad quantities are
// typed errors.
func TestInventoryServiceR2_2_AllOrNothing(t *testing.T) {
	ctx := context.Background()
	store := inventorytest.NewStore()
	svc, _ := invServiceOn(t, store, map[string]int64{"A": 5, "B": 5, "C": 1})
	err := svc.Reserve(ctx, "order-1", []inventory.StockLine{{SKU: "A", Quantity: 2}, {SKU: "C", Quantity: 2}, {SKU: "B", Quantity: 1}})
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, inventory.CodeInsufficientStock, shopkit.CodeOf(err))
	assert.Contains(t, err.Error(), "SKU C has 1 available")
	assert.Equal(t, []int64{5, 0, 5, 0, 1, 0}, invLevels(t, svc, "A", "B", "C"))
	held, err := store.Holding(ctx, "order-1")
	require.NoError(t, err)
	assert.Empty(t, held)

	err = svc.Reserve(ctx, "order-2", []inventory.StockLine{{SKU: "A", Quantity: 1}, {SKU: "ZZZ", Quantity: 1}})
	require.ErrorIs(t, err, shopkit.ErrNotFound)
	assert.Equal(t, []int64{5, 0}, invLevels(t, svc, "A"))

	for _, lines := range [][]inventory.StockLine{nil, {{SKU: "A", Quantity: 0}}, {{SKU: "A", Quantity: -1}}, {{SKU: "", Quantity: 1}}} {
		require.ErrorIs(t, svc.Reserve(ctx, "order-3", lines), shopkit.ErrInvalid)
	}
	require.ErrorIs(t, svc.Reserve(ctx, "", []inventory.StockLine{{SKU: "A", Quantity: 1}}), shopkit.ErrInvalid)

	// Lines of one SKU add up: 3 + 2 of A.
	require.NoError(t, svc.Reserve(ctx, "order-4", []inventory.StockLine{{SKU: "A", Quantity: 3}, {SKU: "B", Quantity: 1}, {SKU: "A", Quantity: 2}}))
	assert.Equal(t, []int64{5, 5, 5, 1}, invLevels(t, svc, "A", "B"))
}

// R2.2: reserve, release and commit are idempotent per ref; a different
// reservation under a used ref is a conflict (CodeReservationExists).
func TestInventoryServiceR2_2_Idempotent(t *testing.T) {
	ctx := context.Background()
	svc, now := invService(t, map[string]int64{"A": 10, "B": 10})
	lines := []inventory.StockLine{{SKU: "B", Quantity: 2}, {SKU: "A", Quantity: 1}}
	require.NoError(t, svc.Reserve(ctx, "order-1", lines))
	require.NoError(t, svc.Reserve(ctx, "order-1", lines)) // a retried call: no-op
	assert.Equal(t, []int64{10, 1, 10, 2}, invLevels(t, svc, "A", "B"))
	// Issue 14: the same ref with a different body is a conflict, whether it
	// differs in a quantity, a SKU more or a SKU less, and changes nothing.
	for _, other := range [][]inventory.StockLine{
		{{SKU: "A", Quantity: 5}},
		{{SKU: "A", Quantity: 1}, {SKU: "B", Quantity: 3}},
		{{SKU: "A", Quantity: 1}},
		{{SKU: "A", Quantity: 1}, {SKU: "B", Quantity: 2}, {SKU: "C", Quantity: 1}},
	} {
		err := svc.Reserve(ctx, "order-1", other)
		require.ErrorIs(t, err, shopkit.ErrConflict, "%v", other)
		assert.Equal(t, inventory.CodeReservationExists, shopkit.CodeOf(err), "%v", other)
		assert.Equal(t, []int64{10, 1, 10, 2}, invLevels(t, svc, "A", "B"))
	}

	*now = invT0.Add(time.Hour)
	require.NoError(t, svc.Commit(ctx, "order-1"))
	require.NoError(t, svc.Commit(ctx, "order-1"))
	require.NoError(t, svc.Release(ctx, "order-1")) // after commit: nothing held
	assert.Equal(t, []int64{9, 0, 8, 0}, invLevels(t, svc, "A", "B"))
	a, err := svc.Get(ctx, "A")
	require.NoError(t, err)
	assert.Equal(t, invT0.Add(time.Hour), a.LastSaleAt())

	require.NoError(t, svc.Reserve(ctx, "order-2", lines))
	require.NoError(t, svc.Release(ctx, "order-2"))
	require.NoError(t, svc.Release(ctx, "order-2"))
	assert.Equal(t, []int64{9, 0, 8, 0}, invLevels(t, svc, "A", "B"))
}

// R2.2: stock counts, receipts, low-stock and slow-moving queries through the
// service, at their edges.
func TestInventoryServiceR2_2_CountsAndQueries(t *testing.T) {
	ctx := context.Background()
	svc, now := invService(t, map[string]int64{"A": 10, "B": 11, "C": 50})
	require.NoError(t, svc.Count(ctx, "C", 40, invClerk, "盘点 2026-03", "sheet-1"))
	require.ErrorIs(t, svc.Count(ctx, "C", 40, invClerk, ""), shopkit.ErrInvalid)
	require.ErrorIs(t, svc.Count(ctx, "nope", 1, invClerk, "x"), shopkit.ErrNotFound)
	require.NoError(t, svc.Receive(ctx, "B", 1, invClerk, "PO-7"))
	assert.Equal(t, []int64{10, 0, 12, 0, 40, 0}, invLevels(t, svc, "A", "B", "C"))

	low, err := svc.LowStock(ctx, 10) // threshold 10: A has exactly 10
	require.NoError(t, err)
	require.Len(t, low, 1)
	assert.Equal(t, "A", low[0].SKU())

	require.NoError(t, svc.Reserve(ctx, "o-c", []inventory.StockLine{{SKU: "C", Quantity: 1}}))
	*now = invT0.Add(10 * 24 * time.Hour)
	require.NoError(t, svc.Commit(ctx, "o-c"))
	*now = invT0.Add(90*24*time.Hour - time.Nanosecond)
	slow, err := svc.SlowMoving(ctx, 10)
	require.NoError(t, err)
	assert.Empty(t, slow)
	*now = invT0.Add(90 * 24 * time.Hour) // A and B never sold: slow-moving from their creation
	slow, err = svc.SlowMoving(ctx, 10)
	require.NoError(t, err)
	require.Len(t, slow, 2)
	assert.Equal(t, []string{"A", "B"}, []string{slow[0].SKU(), slow[1].SKU()})
	*now = invT0.Add(100 * 24 * time.Hour) // C sold on day 10: exactly 90 days later
	slow, err = svc.SlowMoving(ctx, 10)
	require.NoError(t, err)
	assert.Len(t, slow, 3)
}

// R2.2, R2.8: 64 goroutines each reserving one unit of the last 10 (distinct refs)
// through the service on the in-memory store reserve exactly 10.
func TestInventoryServiceR2_2_RaceLastUnits(t *testing.T) {
	ctx := context.Background()
	svc, _ := invService(t, map[string]int64{"HOT": 10})
	var ok, short atomic.Int64
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := svc.Reserve(ctx, fmt.Sprintf("order-%d", i), []inventory.StockLine{{SKU: "HOT", Quantity: 1}})
			switch {
			case err == nil:
				ok.Add(1)
			case shopkit.CodeOf(err) == inventory.CodeInsufficientStock:
				short.Add(1)
			default:
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, int64(10), ok.Load())
	assert.Equal(t, int64(54), short.Load())
	s, err := svc.Get(ctx, "HOT")
	require.NoError(t, err)
	assert.Equal(t, int64(10), s.Reserved())
	assert.Equal(t, int64(0), s.Available())
	assert.Len(t, s.Holds(), 10)
}

// R2.2, R2.8: concurrent multi-SKU orders, in different line orders, never
// oversell and leak no reservation: every SKU's reserved units are exactly the
// holds of the orders that succeeded, and a failed order holds nothing.
func TestInventoryServiceR2_2_RaceAllOrNothing(t *testing.T) {
	ctx := context.Background()
	skus := []string{"A", "B", "C", "D"}
	stock := map[string]int64{"A": 7, "B": 5, "C": 9, "D": 3}
	store := inventorytest.NewStore()
	svc, _ := invServiceOn(t, store, stock)
	type buyerOrder struct {
		ref   string
		lines []inventory.StockLine
		ok    bool
	}
	rng := rand.New(rand.NewPCG(1, 2))
	orders := make([]*buyerOrder, 64)
	for i := range orders {
		o := &buyerOrder{ref: fmt.Sprintf("order-%d", i)}
		for _, j := range rng.Perm(len(skus))[:1+rng.IntN(3)] {
			o.lines = append(o.lines, inventory.StockLine{SKU: skus[j], Quantity: 1 + int64(rng.IntN(2))})
		}
		orders[i] = o
	}
	var wg sync.WaitGroup
	for _, o := range orders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := svc.Reserve(ctx, o.ref, o.lines)
			if err != nil && !errors.Is(err, shopkit.ErrConflict) {
				t.Error(err)
			}
			o.ok = err == nil
		}()
	}
	wg.Wait()
	want := map[string]int64{}
	succeeded := 0
	for _, o := range orders {
		held, err := store.Holding(ctx, o.ref)
		require.NoError(t, err)
		if !o.ok {
			assert.Empty(t, held, "failed %s leaked a reservation", o.ref)
			continue
		}
		succeeded++
		assert.Len(t, held, len(o.lines))
		for _, l := range o.lines {
			want[l.SKU] += l.Quantity
		}
	}
	assert.Positive(t, succeeded)
	for _, sku := range skus {
		s, err := svc.Get(ctx, sku)
		require.NoError(t, err)
		assert.Equal(t, want[sku], s.Reserved(), sku)
		assert.LessOrEqual(t, s.Reserved(), stock[sku], "%s oversold", sku)
		assert.GreaterOrEqual(t, s.Available(), int64(0))
	}
}

// R2.2: concurrent calls for the same ref (a retried request racing the first)
// end with exactly one reservation: each call succeeds or reports
// CodeReservationExists.
func TestInventoryServiceR2_2_RaceSameRef(t *testing.T) {
	ctx := context.Background()
	svc, _ := invService(t, map[string]int64{"A": 100, "B": 100, "C": 100})
	lines := []inventory.StockLine{{SKU: "C", Quantity: 3}, {SKU: "A", Quantity: 1}, {SKU: "B", Quantity: 2}}
	var ok atomic.Int64
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := svc.Reserve(ctx, "order-1", lines)
			if err == nil {
				ok.Add(1)
			} else if shopkit.CodeOf(err) != inventory.CodeReservationExists {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	assert.GreaterOrEqual(t, ok.Load(), int64(1))
	assert.Equal(t, []int64{100, 1, 100, 2, 100, 3}, invLevels(t, svc, "A", "B", "C"))
}

// A cancelled context does not stop compensation: nothing leaks.
func TestInventoryServiceCompensationSurvivesCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	store := inventorytest.NewStore()
	// AddSKU creates, so the first update is Reserve's hold on A.
	svc, _ := invServiceOn(t, cancelAfterFirstUpdate{Store: store, cancel: cancel}, map[string]int64{"A": 5, "B": 0})
	err := svc.Reserve(ctx, "order-1", []inventory.StockLine{{SKU: "A", Quantity: 1}, {SKU: "B", Quantity: 1}})
	require.Error(t, err)
	a, err := store.Get(context.Background(), "A")
	require.NoError(t, err)
	assert.Equal(t, int64(0), a.Reserved())
}

type cancelAfterFirstUpdate struct {
	inventory.Store
	cancel func()
}

func (c cancelAfterFirstUpdate) Update(ctx context.Context, sku string, fn func(*inventory.StockItem) error) error {
	err := c.Store.Update(ctx, sku, fn)
	c.cancel()
	return err
}

func ExampleService() {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	shop := uuid.MustParse("5a0c0000-0000-4000-8000-0000000000a1") // the merchant's ID
	inv, err := inventory.NewService(inventory.ServiceConfig{Store: inventorytest.NewStore(), ShopID: shop,
		Policy: inventory.DefaultPolicy(), Clock: func() time.Time { return now }})
	if err != nil {
		fmt.Println(err)
		return
	}
	clerk := shopkit.Actor{Role: shopkit.Merchant, ID: "clerk-1", Shops: []uuid.UUID{shop}} // the shop's staff
	_, _ = inv.AddSKU(ctx, "SCARF-RED", 3, clerk)
	_, _ = inv.AddSKU(ctx, "HAT-BLUE", 10, clerk)

	err = inv.Reserve(ctx, "order-1", []inventory.StockLine{{SKU: "SCARF-RED", Quantity: 2}, {SKU: "HAT-BLUE", Quantity: 1}})
	fmt.Println("order-1:", err)
	err = inv.Reserve(ctx, "order-2", []inventory.StockLine{{SKU: "HAT-BLUE", Quantity: 1}, {SKU: "SCARF-RED", Quantity: 2}})
	fmt.Println("order-2:", err, shopkit.CodeOf(err))
	_ = inv.Commit(ctx, "order-1") // shipped
	for _, sku := range []string{"HAT-BLUE", "SCARF-RED"} {
		s, _ := inv.Get(ctx, sku)
		fmt.Println(sku, "on hand", s.OnHand(), "reserved", s.Reserved(), "available", s.Available())
	}
	// Output:
	// order-1: <nil>
	// order-2: inventory: SKU SCARF-RED has 1 available, 2 requested inventory.insufficient_stock
	// HAT-BLUE on hand 9 reserved 0 available 9
	// SCARF-RED on hand 1 reserved 0 available 1
}
