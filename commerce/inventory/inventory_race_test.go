package inventory_test

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/commerce/inventory/inventorytest"
)

// gatedStore lets a test stop a Reserve call at one step: before is called
// before each Update (op "update") and after each Holding (op "holding").
type gatedStore struct {
	inventory.Store
	before func(op, sku string)
}

func (g gatedStore) Update(ctx context.Context, sku string, fn func(*inventory.StockItem) error) error {
	g.before("update", sku)
	return g.Store.Update(ctx, sku, fn)
}

func (g gatedStore) Holding(ctx context.Context, ref string) ([]*inventory.StockItem, error) {
	out, err := g.Store.Holding(ctx, ref)
	g.before("holding", ref)
	return out, err
}

// heldBy returns what ref holds on the store: SKU → units.
func heldBy(t *testing.T, store inventory.Store, ref string) map[string]int64 {
	t.Helper()
	items, err := store.Holding(context.Background(), ref)
	require.NoError(t, err)
	out := map[string]int64{}
	for _, item := range items {
		q, _ := item.Held(ref)
		out[item.SKU()] = q
	}
	return out
}

// pauseFirst returns a gate that stops only the first caller, in wait, and
// lets every later caller through at once. (sync.Once will not do: its Do
// blocks every other caller until the first returns, so a second Reserve
// call would wait for the first one it is meant to overtake.)
func pauseFirst(wait func()) func() {
	var taken atomic.Bool
	return func() {
		if taken.CompareAndSwap(false, true) {
			wait()
		}
	}
}

func linesOf(m map[string]int64) []inventory.StockLine {
	var out []inventory.StockLine
	for sku, q := range m {
		out = append(out, inventory.StockLine{SKU: sku, Quantity: q})
	}
	return out
}

// R2.2: concurrent Reserve calls sharing one ref with different lines, through
// the in-memory store and the Service (run with -race). Decision: one ref holds
// one set of lines. Whatever the interleaving, every call that succeeded asked
// for the same lines, the ref holds exactly those (nothing when none
// succeeded), every failed call is a typed conflict, and every SKU's reserved
// equals what the ref holds: no stock lost to an orphan hold, none promised
// that is not held. Releasing the ref leaves every SKU as it was.
func TestReserveSameRefConcurrently_R2_2(t *testing.T) {
	ctx := context.Background()
	stock := map[string]int64{"A": 100, "B": 100, "C": 100, "D": 100, "S": 0}
	store := inventorytest.NewStore()
	svc, _ := invServiceOn(t, store, stock)
	variants := []map[string]int64{
		{"A": 1, "B": 1},
		{"A": 1, "B": 1}, // the same lines twice: a retry
		{"B": 1, "C": 2},
		{"A": 1},
		{"C": 1, "D": 1},
		{"D": 3},
		{"A": 2, "S": 1}, // always short on S: takes A, then gives it back
	}
	won := 0
	for round := range 200 {
		ref := fmt.Sprintf("order-%d", round)
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make([]error, 2*len(variants))
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[i] = svc.Reserve(ctx, ref, linesOf(variants[i%len(variants)]))
			}()
		}
		close(start)
		wg.Wait()

		held := heldBy(t, store, ref)
		var winner map[string]int64
		for i, err := range errs {
			lines := variants[i%len(variants)]
			if err != nil {
				assert.ErrorIs(t, err, shopkit.ErrConflict, "%v", err)
				code := shopkit.CodeOf(err)
				assert.Contains(t, []string{inventory.CodeReservationExists, inventory.CodeInsufficientStock}, code, "%v", err)
				continue
			}
			if winner == nil {
				winner = lines
			}
			require.Equal(t, winner, lines, "round %d: two different reservations both succeeded under one ref", round)
		}
		if winner == nil {
			require.Empty(t, held, "round %d: a hold nobody owns", round)
		} else {
			won++
			require.Equal(t, winner, held, "round %d: the ref must hold exactly what its caller was told", round)
		}
		for sku, onHand := range stock {
			item, err := svc.Get(ctx, sku)
			require.NoError(t, err)
			assert.Equal(t, onHand, item.OnHand(), sku)
			assert.Equal(t, held[sku], item.Reserved(), "round %d: SKU %s reserves only what the ref holds", round, sku)
		}
		require.NoError(t, svc.Release(ctx, ref))
	}
	assert.Positive(t, won, "some rounds must have a winner")
	for sku, onHand := range stock {
		item, err := svc.Get(ctx, sku)
		require.NoError(t, err)
		assert.Equal(t, [2]int64{onHand, 0}, [2]int64{item.OnHand(), item.Reserved()}, sku)
	}
}

// R2.2: a reservation still being made is not a whole one. While call A of
// {X:1, Y:5} holds X and has not reached Y, call B of {X:1} under the same ref
// gets CodeReservationExists — not success for a hold A is about to give back.
// A then fails on Y and releases X: nothing is held, and nobody was told
// otherwise.
func TestReservePartIsNotTheWhole_R2_2(t *testing.T) {
	ctx := context.Background()
	reached, resume := make(chan struct{}), make(chan struct{})
	pause := pauseFirst(func() { close(reached); <-resume })
	base := inventorytest.NewStore()
	store := gatedStore{Store: base, before: func(op, sku string) {
		if op == "update" && sku == "Y" {
			pause()
		}
	}}
	svc, _ := invServiceOn(t, store, map[string]int64{"X": 10, "Y": 1})
	done := make(chan error)
	go func() {
		done <- svc.Reserve(ctx, "order-1", []inventory.StockLine{{SKU: "X", Quantity: 1}, {SKU: "Y", Quantity: 5}})
	}()
	<-reached
	err := svc.Reserve(ctx, "order-1", []inventory.StockLine{{SKU: "X", Quantity: 1}})
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, inventory.CodeReservationExists, shopkit.CodeOf(err))
	close(resume)
	err = <-done
	assert.Equal(t, inventory.CodeInsufficientStock, shopkit.CodeOf(err))
	assert.Empty(t, heldBy(t, base, "order-1"))
	assert.Equal(t, []int64{10, 0, 1, 0}, invLevels(t, svc, "X", "Y"))

	// Once A's lines are whole, the same lines again are a no-op.
	require.NoError(t, svc.Reserve(ctx, "order-2", []inventory.StockLine{{SKU: "X", Quantity: 1}, {SKU: "Y", Quantity: 1}}))
	require.NoError(t, svc.Reserve(ctx, "order-2", []inventory.StockLine{{SKU: "Y", Quantity: 1}, {SKU: "X", Quantity: 1}}))
	assert.Equal(t, []int64{10, 1, 1, 1}, invLevels(t, svc, "X", "Y"))
}

// R2.2: two calls under one ref with lines on different SKUs both pass the
// first check. B completes first and holds {Y:1}; A then takes X, finds B's
// hold, gives X back and fails with CodeReservationExists. The ref holds
// exactly B's lines, B's and no one else's.
func TestReserveDisjointLinesOneRef_R2_2(t *testing.T) {
	ctx := context.Background()
	reached, resume := make(chan struct{}), make(chan struct{})
	pause := pauseFirst(func() { close(reached); <-resume })
	base := inventorytest.NewStore()
	store := gatedStore{Store: base, before: func(op, _ string) {
		if op == "holding" {
			pause()
		}
	}}
	svc, _ := invServiceOn(t, store, map[string]int64{"X": 10, "Y": 10})
	done := make(chan error)
	go func() { done <- svc.Reserve(ctx, "order-1", []inventory.StockLine{{SKU: "X", Quantity: 1}}) }()
	<-reached // A has checked the ref: it held nothing
	require.NoError(t, svc.Reserve(ctx, "order-1", []inventory.StockLine{{SKU: "Y", Quantity: 1}}))
	close(resume)
	err := <-done
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, inventory.CodeReservationExists, shopkit.CodeOf(err))
	assert.Equal(t, map[string]int64{"Y": 1}, heldBy(t, base, "order-1"))
	assert.Equal(t, []int64{10, 0, 10, 1}, invLevels(t, svc, "X", "Y"))
	assert.True(t, maps.Equal(map[string]int64{"Y": 1}, heldBy(t, base, "order-1")))
}

// R2.2: a whole reservation and another call's part-made hold do not add up
// to a whole reservation of both. Z of {B:1, C:1} checks the ref (empty) and
// waits; {A:1} is then reserved whole; Z takes B and waits before C. A retry
// of {A:1, B:1} sees A and B held under the ref, but not by one call: it gets
// CodeReservationExists. Z then finds A, gives B back and fails; the ref
// holds {A:1}.
func TestReserveRetryIsNotFooledByAnotherCallsPart_R2_2(t *testing.T) {
	ctx := context.Background()
	checked, afterCheck := make(chan struct{}), make(chan struct{})
	holdsB, beforeC := make(chan struct{}), make(chan struct{})
	pauseCheck := pauseFirst(func() { close(checked); <-afterCheck })
	pauseC := pauseFirst(func() { close(holdsB); <-beforeC })
	base := inventorytest.NewStore()
	store := gatedStore{Store: base, before: func(op, sku string) {
		switch {
		case op == "holding":
			pauseCheck()
		case op == "update" && sku == "C":
			pauseC()
		}
	}}
	svc, _ := invServiceOn(t, store, map[string]int64{"A": 10, "B": 10, "C": 10})
	done := make(chan error)
	go func() {
		done <- svc.Reserve(ctx, "order-1", []inventory.StockLine{{SKU: "B", Quantity: 1}, {SKU: "C", Quantity: 1}})
	}()
	<-checked
	require.NoError(t, svc.Reserve(ctx, "order-1", []inventory.StockLine{{SKU: "A", Quantity: 1}}))
	close(afterCheck)
	<-holdsB
	assert.Equal(t, map[string]int64{"A": 1, "B": 1}, heldBy(t, base, "order-1"))

	err := svc.Reserve(ctx, "order-1", []inventory.StockLine{{SKU: "A", Quantity: 1}, {SKU: "B", Quantity: 1}})
	assert.Equal(t, inventory.CodeReservationExists, shopkit.CodeOf(err), "%v", err)
	close(beforeC)
	err = <-done
	assert.Equal(t, inventory.CodeReservationExists, shopkit.CodeOf(err), "%v", err)
	assert.Equal(t, map[string]int64{"A": 1}, heldBy(t, base, "order-1"))
	assert.Equal(t, []int64{10, 1, 10, 0, 10, 0}, invLevels(t, svc, "A", "B", "C"))
}
