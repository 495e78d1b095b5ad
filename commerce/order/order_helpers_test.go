package order_test

import (
	"context"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/internal/fixture"
	"github.com/stretchr/testify/require"
)

var (
	t0               = fixture.T0
	buyer            = fixture.Buyer
	stranger         = fixture.Stranger
	merchant         = fixture.Merchant
	platform         = fixture.Platform
	system           = fixture.System
	testAddress      = fixture.Address
	placeInput       = fixture.PlaceInput
	newTestOrder     = fixture.NewOrder
	newTestOrderWith = fixture.NewOrderWith
	payment          = fixture.Payment
	paidOrder        = fixture.PaidOrder
	shippedOrder     = fixture.ShippedOrder
)

const placeTotal = fixture.PlaceTotal

// effectsOf returns the effects of type typ (and note, unless empty) that o
// holds: all of an order acted on in memory, only the new ones of a loaded one.
func effectsOf(o *order.Order, typ shopkit.EffectType, note string) []shopkit.Entry {
	return effectsIn(o.History(), typ, note)
}

// effectsIn returns the effects of type typ (and note, unless empty) among
// entries.
func effectsIn(entries []shopkit.Entry, typ shopkit.EffectType, note string) []shopkit.Entry {
	var out []shopkit.Entry
	for _, e := range entries {
		if e.Kind == shopkit.EntryEffect && e.Effect.Type == typ && (note == "" || e.Effect.Note == note) {
			out = append(out, e)
		}
	}
	return out
}

// fakeStock is a tiny StockKeeper: on-hand and reservations per ref,
// all-or-nothing, idempotent per ref; a Hold is unsealed until its Seal.
type fakeStock struct {
	mu       sync.Mutex
	onHand   map[string]int64
	reserved map[string][]inventory.StockLine
	unsealed map[string]bool
	calls    []string
	// releaseErr, when set, fails every Release after recording the call.
	releaseErr error
}

func newFakeStock(onHand map[string]int64) *fakeStock {
	return &fakeStock{onHand: onHand, reserved: map[string][]inventory.StockLine{}, unsealed: map[string]bool{}}
}

func (f *fakeStock) reservedOf(sku string) int64 {
	var n int64
	for _, lines := range f.reserved {
		for _, l := range lines {
			if l.SKU == sku {
				n += l.Quantity
			}
		}
	}
	return n
}

func (f *fakeStock) Reserve(_ context.Context, ref string, lines []inventory.StockLine) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "reserve "+ref)
	return f.take(ref, lines)
}

func (f *fakeStock) Hold(_ context.Context, ref string, lines []inventory.StockLine) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "hold "+ref)
	if _, ok := f.reserved[ref]; ok {
		return nil
	}
	if err := f.take(ref, lines); err != nil {
		return err
	}
	f.unsealed[ref] = true
	return nil
}

func (f *fakeStock) Seal(_ context.Context, ref string, _ []inventory.StockLine) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "seal "+ref)
	if _, ok := f.reserved[ref]; !ok {
		return shopkit.NewError(shopkit.ErrNotFound, inventory.CodeNoReservation, "nothing held for "+ref)
	}
	delete(f.unsealed, ref)
	return nil
}

// Unsealed lists every unsealed ref, whatever its age (the fake keeps no
// times), sorted.
func (f *fakeStock) Unsealed(_ context.Context, _ time.Time, limit int) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	refs := slices.Sorted(maps.Keys(f.unsealed))
	return refs[:min(limit, len(refs))], nil
}

// take reserves lines for ref, all or nothing; called with mu held.
func (f *fakeStock) take(ref string, lines []inventory.StockLine) error {
	if _, ok := f.reserved[ref]; ok {
		return nil
	}
	want := map[string]int64{}
	for _, l := range lines {
		want[l.SKU] += l.Quantity
	}
	for sku, q := range want {
		if f.onHand[sku]-f.reservedOf(sku) < q {
			return shopkit.NewError(shopkit.ErrConflict, inventory.CodeInsufficientStock, "not enough "+sku)
		}
	}
	f.reserved[ref] = append([]inventory.StockLine(nil), lines...)
	return nil
}

func (f *fakeStock) Release(_ context.Context, ref string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "release "+ref)
	if f.releaseErr != nil {
		return f.releaseErr
	}
	delete(f.reserved, ref)
	delete(f.unsealed, ref)
	return nil
}

func (f *fakeStock) Commit(_ context.Context, ref string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "commit "+ref)
	for _, l := range f.reserved[ref] {
		f.onHand[l.SKU] -= l.Quantity
	}
	delete(f.reserved, ref)
	delete(f.unsealed, ref)
	return nil
}

// invariantOK reports reserved ≤ on-hand for every SKU.
func (f *fakeStock) invariantOK() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for sku, n := range f.onHand {
		if f.reservedOf(sku) > n || n < 0 {
			return false
		}
	}
	return true
}

// trailOf reads the order's whole audit trail from the store (R0.4), a few
// entries at a time: an order loaded from the store holds none of it. Every
// entry is there once, in order: Seq 1..n.
func trailOf(t testing.TB, s order.Store, id uuid.UUID) []shopkit.Entry {
	t.Helper()
	es, err := shopkit.ReadTrail(context.Background(), s, id, 3)
	require.NoError(t, err)
	for i, e := range es {
		require.Equal(t, i+1, e.Seq, "the trail has a gap or a repeat")
	}
	return es
}
