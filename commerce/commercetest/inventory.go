package commercetest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/internal/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// skuID is the UUID the in-memory store derives from a SKU (name-based, SHA-1,
// in a namespace of its own).
func skuID(sku string) uuid.UUID {
	space := uuid.UUID{0x6f, 0x1b, 0x7c, 0x1e, 0x3a, 0x51, 0x4f, 0x0e, 0x9d, 0x43, 0x6a, 0x2b, 0x8c, 0x7e, 0x5d, 0x10}
	return uuid.NewSHA1(space, []byte(sku))
}

// InventoryStore is an in-memory commerce.InventoryStore, safe for concurrent
// use: updates of one SKU run one after the other, updates of different SKUs in
// parallel. Holding is served from an index of refs kept up to date inside each
// update; LowStock and SlowMoving read every item (a production store indexes
// available and last activity).
type InventoryStore struct {
	items *memstore.Store[*commerce.StockItem]
	mu    sync.RWMutex
	refs  map[string]map[string]bool // ref → SKUs that hold it
}

var _ commerce.InventoryStore = (*InventoryStore)(nil)

// NewInventoryStore returns an empty in-memory inventory store.
func NewInventoryStore() *InventoryStore {
	return &InventoryStore{
		items: memstore.New(memstore.Config[*commerce.StockItem]{
			Name:  "commerce.stock_item",
			ID:    func(s *commerce.StockItem) uuid.UUID { return skuID(s.SKU()) },
			Clone: (*commerce.StockItem).Clone,
			Saved: (*commerce.StockItem).MarkSaved,
		}),
		refs: make(map[string]map[string]bool),
	}
}

// index records which refs sku holds; called while the SKU is locked, so the
// index follows the order of the SKU's updates.
func (s *InventoryStore) index(sku string, before, after []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ref := range before {
		if !slices.Contains(after, ref) {
			delete(s.refs[ref], sku)
			if len(s.refs[ref]) == 0 {
				delete(s.refs, ref)
			}
		}
	}
	for _, ref := range after {
		if s.refs[ref] == nil {
			s.refs[ref] = make(map[string]bool)
		}
		s.refs[ref][sku] = true
	}
}

func notFound(sku string) error {
	return shopkit.NewError(shopkit.ErrNotFound, "commerce.stock_item_not_found", "SKU "+sku+" not found")
}

// Create stores a new SKU; an existing SKU is a conflict.
func (s *InventoryStore) Create(ctx context.Context, item *commerce.StockItem) error {
	if err := s.items.Create(ctx, item); err != nil {
		return err
	}
	s.index(item.SKU(), nil, item.HoldRefs())
	return nil
}

// Get returns a copy of the SKU's item.
func (s *InventoryStore) Get(ctx context.Context, sku string) (*commerce.StockItem, error) {
	item, err := s.items.Get(ctx, skuID(sku))
	if errors.Is(err, shopkit.ErrNotFound) {
		return nil, notFound(sku)
	}
	return item, err
}

// Update locks the SKU, calls fn on a copy and stores it if fn returns nil.
func (s *InventoryStore) Update(ctx context.Context, sku string, fn func(*commerce.StockItem) error) error {
	err := s.items.Update(ctx, skuID(sku), func(item *commerce.StockItem) error {
		before := item.HoldRefs()
		if err := fn(item); err != nil {
			return err
		}
		s.index(sku, before, item.HoldRefs())
		return nil
	})
	if errors.Is(err, shopkit.ErrNotFound) && shopkit.CodeOf(err) == "commerce.stock_item_not_found" {
		return notFound(sku)
	}
	return err
}

// Holding lists the items holding a reservation for ref, sorted by SKU.
func (s *InventoryStore) Holding(ctx context.Context, ref string) ([]*commerce.StockItem, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	skus := make([]string, 0, len(s.refs[ref]))
	for sku := range s.refs[ref] {
		skus = append(skus, sku)
	}
	s.mu.RUnlock()
	slices.Sort(skus)
	out := make([]*commerce.StockItem, 0, len(skus))
	for _, sku := range skus {
		item, err := s.Get(ctx, sku)
		if errors.Is(err, shopkit.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if _, ok := item.Held(ref); ok {
			out = append(out, item)
		}
	}
	return out, nil
}

func limited[T any](xs []T, limit int) []T {
	if limit > 0 && len(xs) > limit {
		return xs[:limit]
	}
	return xs
}

// LowStock lists items with available ≤ threshold, lowest available first.
func (s *InventoryStore) LowStock(ctx context.Context, threshold int64, limit int) ([]*commerce.StockItem, error) {
	out, err := s.items.Find(ctx, func(i *commerce.StockItem) bool { return i.LowStock(threshold) })
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *commerce.StockItem) int {
		return cmp.Or(cmp.Compare(a.Available(), b.Available()), strings.Compare(a.SKU(), b.SKU()))
	})
	return limited(out, limit), nil
}

// SlowMoving lists items whose last activity is at or before cutoff, oldest first.
func (s *InventoryStore) SlowMoving(ctx context.Context, cutoff time.Time, limit int) ([]*commerce.StockItem, error) {
	out, err := s.items.Find(ctx, func(i *commerce.StockItem) bool { return !i.LastActivity().After(cutoff) })
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *commerce.StockItem) int {
		return cmp.Or(a.LastActivity().Compare(b.LastActivity()), strings.Compare(a.SKU(), b.SKU()))
	})
	return limited(out, limit), nil
}

// TestInventoryStore is the conformance suite for a commerce.InventoryStore
// (R2.2, R2.8): round trip of every field, create twice, not-found, nothing
// written when fn fails, no lost update under concurrent writers, Holding,
// LowStock and SlowMoving with their order, edges and limits. (The suite cannot
// see the audit trail a store appends from Unsaved(): a host checks that in its
// own tables.)
func TestInventoryStore(t *testing.T, newStore func() commerce.InventoryStore) {
	ctx := context.Background()
	invStart := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clerk := commerce.Actor{Role: shopkit.Merchant, ID: "clerk-1"}
	sys := commerce.SystemActor()
	newItem := func(t *testing.T, sku string, onHand int64, at time.Time) *commerce.StockItem {
		t.Helper()
		item, err := commerce.NewStockItem(sku, onHand, clerk, at)
		require.NoError(t, err)
		return item
	}
	equal := func(t *testing.T, want, got *commerce.StockItem) {
		t.Helper()
		w, g := want.Snapshot(), got.Snapshot()
		w.CreatedAt, g.CreatedAt = w.CreatedAt.UTC(), g.CreatedAt.UTC()
		w.LastSaleAt, g.LastSaleAt = w.LastSaleAt.UTC(), g.LastSaleAt.UTC()
		assert.Equal(t, w, g)
	}

	t.Run("RoundTrip", func(t *testing.T) {
		s := newStore()
		item := newItem(t, "SKU-全", 50, invStart)
		require.NoError(t, item.Reserve("order-1", 3, sys, invStart.Add(time.Minute)))
		require.NoError(t, item.Reserve("order-2", 4, sys, invStart.Add(2*time.Minute)))
		require.True(t, item.Commit("order-1", sys, invStart.Add(3*time.Minute)))
		require.NoError(t, item.Count(40, clerk, invStart.Add(4*time.Minute), "盘点", []string{"sheet-7"}))
		require.NoError(t, s.Create(ctx, item))
		got, err := s.Get(ctx, "SKU-全")
		require.NoError(t, err)
		equal(t, item, got)
		assert.Empty(t, got.Unsaved())
	})

	t.Run("CreateTwiceConflicts", func(t *testing.T) {
		s := newStore()
		require.NoError(t, s.Create(ctx, newItem(t, "A", 1, invStart)))
		require.ErrorIs(t, s.Create(ctx, newItem(t, "A", 2, invStart)), shopkit.ErrConflict)
	})

	t.Run("NotFound", func(t *testing.T) {
		s := newStore()
		_, err := s.Get(ctx, "nope")
		require.ErrorIs(t, err, shopkit.ErrNotFound)
		called := false
		err = s.Update(ctx, "nope", func(*commerce.StockItem) error { called = true; return nil })
		require.ErrorIs(t, err, shopkit.ErrNotFound)
		assert.False(t, called)
	})

	t.Run("FailedUpdateWritesNothing", func(t *testing.T) {
		s := newStore()
		item := newItem(t, "A", 10, invStart)
		require.NoError(t, s.Create(ctx, item))
		boom := errors.New("boom")
		err := s.Update(ctx, "A", func(i *commerce.StockItem) error {
			require.NoError(t, i.Reserve("order-1", 5, sys, invStart))
			return boom
		})
		require.ErrorIs(t, err, boom)
		got, err := s.Get(ctx, "A")
		require.NoError(t, err)
		equal(t, item, got)
		held, err := s.Holding(ctx, "order-1")
		require.NoError(t, err)
		assert.Empty(t, held)
	})

	t.Run("ConcurrentWritersLoseNothing", func(t *testing.T) {
		s := newStore()
		require.NoError(t, s.Create(ctx, newItem(t, "A", 0, invStart)))
		const writers, each = 16, 8
		var wg sync.WaitGroup
		for range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range each {
					for {
						err := s.Update(ctx, "A", func(i *commerce.StockItem) error { return i.Receive(1, clerk, invStart, "") })
						if errors.Is(err, shopkit.ErrConflict) {
							continue
						}
						assert.NoError(t, err)
						break
					}
				}
			}()
		}
		wg.Wait()
		got, err := s.Get(ctx, "A")
		require.NoError(t, err)
		assert.Equal(t, int64(writers*each), got.OnHand())
	})

	t.Run("Holding", func(t *testing.T) {
		s := newStore()
		for _, sku := range []string{"C", "A", "B"} {
			require.NoError(t, s.Create(ctx, newItem(t, sku, 10, invStart)))
		}
		for _, sku := range []string{"C", "A"} {
			require.NoError(t, s.Update(ctx, sku, func(i *commerce.StockItem) error { return i.Reserve("order-1", 2, sys, invStart) }))
		}
		require.NoError(t, s.Update(ctx, "B", func(i *commerce.StockItem) error { return i.Reserve("order-2", 1, sys, invStart) }))
		held, err := s.Holding(ctx, "order-1")
		require.NoError(t, err)
		require.Len(t, held, 2)
		assert.Equal(t, []string{"A", "C"}, []string{held[0].SKU(), held[1].SKU()})
		require.NoError(t, s.Update(ctx, "A", func(i *commerce.StockItem) error { i.Release("order-1", sys, invStart); return nil }))
		held, err = s.Holding(ctx, "order-1")
		require.NoError(t, err)
		require.Len(t, held, 1)
		assert.Equal(t, "C", held[0].SKU())
		none, err := s.Holding(ctx, "order-9")
		require.NoError(t, err)
		assert.Empty(t, none)
	})

	t.Run("LowStock", func(t *testing.T) { // R2.2: available ≤ threshold
		s := newStore()
		for i, onHand := range []int64{11, 10, 9, 0} {
			require.NoError(t, s.Create(ctx, newItem(t, fmt.Sprintf("S%d", i), onHand, invStart)))
		}
		// S0 has 11 on hand but 2 reserved: 9 available.
		require.NoError(t, s.Update(ctx, "S0", func(i *commerce.StockItem) error { return i.Reserve("order-1", 2, sys, invStart) }))
		got, err := s.LowStock(ctx, 10, 0)
		require.NoError(t, err)
		var skus []string
		for _, i := range got {
			skus = append(skus, i.SKU())
		}
		// S3 (0), S0 (9), S2 (9), S1 (exactly 10)
		assert.Equal(t, []string{"S3", "S0", "S2", "S1"}, skus)
		got, err = s.LowStock(ctx, 10, 2)
		require.NoError(t, err)
		assert.Len(t, got, 2)
		got, err = s.LowStock(ctx, -1, 0)
		require.NoError(t, err)
		assert.Empty(t, got)
	})

	t.Run("SlowMoving", func(t *testing.T) { // R2.2: last sale (or creation) at or before the cutoff
		s := newStore()
		cutoff := invStart.Add(100 * 24 * time.Hour)
		require.NoError(t, s.Create(ctx, newItem(t, "never-sold", 5, invStart)))
		require.NoError(t, s.Create(ctx, newItem(t, "sold-at-cutoff", 5, invStart)))
		require.NoError(t, s.Create(ctx, newItem(t, "sold-after", 5, invStart)))
		require.NoError(t, s.Create(ctx, newItem(t, "new", 5, cutoff.Add(time.Nanosecond))))
		sell := func(sku string, at time.Time) {
			require.NoError(t, s.Update(ctx, sku, func(i *commerce.StockItem) error {
				if err := i.Reserve("o-"+sku, 1, sys, at); err != nil {
					return err
				}
				i.Commit("o-"+sku, sys, at)
				return nil
			}))
		}
		sell("sold-at-cutoff", cutoff)
		sell("sold-after", cutoff.Add(time.Nanosecond))
		got, err := s.SlowMoving(ctx, cutoff, 0)
		require.NoError(t, err)
		var skus []string
		for _, i := range got {
			skus = append(skus, i.SKU())
		}
		assert.Equal(t, []string{"never-sold", "sold-at-cutoff"}, skus)
		got, err = s.SlowMoving(ctx, cutoff, 1)
		require.NoError(t, err)
		assert.Len(t, got, 1)
	})
}
