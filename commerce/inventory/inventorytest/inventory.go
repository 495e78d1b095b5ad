package inventorytest

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/inventory"
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

// Store is an in-memory inventory.Store, safe for concurrent use: updates of
// one SKU run one after the other, updates of different SKUs in parallel.
// Holding is served from an index of refs kept with each write, and sees every
// item as of one moment, as one SQL query does; LowStock and SlowMoving read
// every item (a production store indexes available and last activity).
type Store struct {
	items *memstore.Store[*inventory.StockItem]
}

var _ inventory.Store = (*Store)(nil)

// NewStore returns an empty in-memory inventory store.
func NewStore() *Store {
	return &Store{
		items: memstore.New(memstore.Config[*inventory.StockItem]{
			Entity: "stock item", NotFound: inventory.CodeStockItemNotFound, Exists: inventory.CodeStockItemExists,
			ID:      func(s *inventory.StockItem) uuid.UUID { return skuID(s.SKU()) },
			Clone:   (*inventory.StockItem).Clone,
			Keys:    (*inventory.StockItem).HoldRefs,
			Unsaved: (*inventory.StockItem).Unsaved,
			Saved:   (*inventory.StockItem).MarkSaved,
		}),
	}
}

func notFound(sku string) error {
	return shopkit.NewError(shopkit.ErrNotFound, inventory.CodeStockItemNotFound, "SKU "+sku+" not found")
}

// Create stores a new SKU; an existing SKU is a conflict.
func (s *Store) Create(ctx context.Context, item *inventory.StockItem) error {
	return s.items.Create(ctx, item)
}

// Get returns a copy of the SKU's item.
func (s *Store) Get(ctx context.Context, sku string) (*inventory.StockItem, error) {
	item, err := s.items.Get(ctx, skuID(sku))
	if errors.Is(err, shopkit.ErrNotFound) {
		return nil, notFound(sku)
	}
	return item, err
}

// Update locks the SKU, calls fn on a copy and stores it if fn returns nil.
func (s *Store) Update(ctx context.Context, sku string, fn func(*inventory.StockItem) error) error {
	err := s.items.Update(ctx, skuID(sku), fn)
	if errors.Is(err, shopkit.ErrNotFound) && shopkit.CodeOf(err) == inventory.CodeStockItemNotFound {
		return notFound(sku)
	}
	return err
}

// Trail reads the SKU's audit trail, after entry after, at most limit entries.
func (s *Store) Trail(ctx context.Context, sku string, after, limit int) ([]shopkit.Entry, error) {
	out, err := s.items.Trail(ctx, skuID(sku), after, limit)
	if errors.Is(err, shopkit.ErrNotFound) && shopkit.CodeOf(err) == inventory.CodeStockItemNotFound {
		return nil, notFound(sku)
	}
	return out, err
}

// Holding lists the items holding a reservation for ref, sorted by SKU.
func (s *Store) Holding(ctx context.Context, ref string) ([]*inventory.StockItem, error) {
	out, err := s.items.ByKey(ctx, ref)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *inventory.StockItem) int { return strings.Compare(a.SKU(), b.SKU()) })
	return out, nil
}

func limited[T any](xs []T, limit int) []T {
	if len(xs) > limit {
		return xs[:limit]
	}
	return xs
}

// LowStock lists at most limit (≥ 1) items with available ≤ threshold, lowest
// available first.
func (s *Store) LowStock(ctx context.Context, threshold int64, limit int) ([]*inventory.StockItem, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	out, err := s.items.Find(ctx, func(i *inventory.StockItem) bool { return i.LowStock(threshold) })
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *inventory.StockItem) int {
		return cmp.Or(cmp.Compare(a.Available(), b.Available()), strings.Compare(a.SKU(), b.SKU()))
	})
	return limited(out, limit), nil
}

// SlowMoving lists at most limit (≥ 1) items whose last activity is at or
// before cutoff, oldest first.
func (s *Store) SlowMoving(ctx context.Context, cutoff time.Time, limit int) ([]*inventory.StockItem, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	out, err := s.items.Find(ctx, func(i *inventory.StockItem) bool { return !i.LastActivity().After(cutoff) })
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *inventory.StockItem) int {
		return cmp.Or(a.LastActivity().Compare(b.LastActivity()), strings.Compare(a.SKU(), b.SKU()))
	})
	return limited(out, limit), nil
}

// TestStore is the conformance suite for an inventory.Store (R2.2, R2.8):
// round trip of every field, create twice, not-found, nothing written when fn
// fails, no lost update under concurrent writers, Holding, LowStock and
// SlowMoving with their order, edges and limits, and a limit below 1 rejected.
// (The suite cannot see the audit trail a store appends from Unsaved(): a host
// checks that in its own tables.)
func TestStore(t *testing.T, newStore func() inventory.Store) {
	ctx := context.Background()
	invStart := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	shop := uuid.MustParse("5a0c0000-0000-4000-8000-0000000000a1")
	clerk := shopkit.Actor{Role: shopkit.Merchant, ID: "clerk-1", Shops: []uuid.UUID{shop}}
	sys := shopkit.SystemActor()
	newItem := func(t *testing.T, sku string, onHand int64, at time.Time) *inventory.StockItem {
		t.Helper()
		item, err := inventory.NewStockItem(shop, sku, onHand, clerk, at)
		require.NoError(t, err)
		return item
	}
	equal := func(t *testing.T, want, got *inventory.StockItem) {
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
		committed, err := item.Commit("order-1", sys, invStart.Add(3*time.Minute))
		require.NoError(t, err)
		require.True(t, committed)
		require.NoError(t, item.Count(40, clerk, invStart.Add(4*time.Minute), "盘点", []string{"sheet-7"}))
		want := item.Unsaved()
		require.NoError(t, s.Create(ctx, item))
		got, err := s.Get(ctx, "SKU-全")
		require.NoError(t, err)
		equal(t, item, got)
		assert.Empty(t, got.Unsaved())
		data, err := json.Marshal(item.Snapshot())
		require.NoError(t, err)
		var snap inventory.StockItemSnapshot
		require.NoError(t, json.Unmarshal(data, &snap))
		back, err := inventory.RestoreStockItem(snap)
		require.NoError(t, err)
		equal(t, item, back)

		// R0.4: the trail holds every entry once, in order, read in pages.
		require.NoError(t, s.Update(ctx, "SKU-全", func(i *inventory.StockItem) error {
			if err := i.Receive(5, clerk, invStart.Add(5*time.Minute), "PO-1"); err != nil {
				return err
			}
			want = append(want, i.Unsaved()...)
			return nil
		}))
		trail, err := readTrail(ctx, s, "SKU-全")
		require.NoError(t, err)
		assert.Equal(t, want, trail)
		for i, e := range trail {
			assert.Equal(t, i+1, e.Seq)
		}
		page, err := s.Trail(ctx, "SKU-全", 2, 2)
		require.NoError(t, err)
		assert.Equal(t, want[2:4], page)
		_, err = s.Trail(ctx, "SKU-全", -1, 2)
		assert.Equal(t, shopkit.CodeInvalidCursor, shopkit.CodeOf(err))
		_, err = s.Trail(ctx, "SKU-全", 0, 0)
		assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
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
		err = s.Update(ctx, "nope", func(*inventory.StockItem) error { called = true; return nil })
		require.ErrorIs(t, err, shopkit.ErrNotFound)
		assert.False(t, called)
		_, err = s.Trail(ctx, "nope", 0, 1)
		require.ErrorIs(t, err, shopkit.ErrNotFound)
	})

	t.Run("FailedUpdateWritesNothing", func(t *testing.T) {
		s := newStore()
		item := newItem(t, "A", 10, invStart)
		require.NoError(t, s.Create(ctx, item))
		boom := errors.New("boom")
		err := s.Update(ctx, "A", func(i *inventory.StockItem) error {
			require.NoError(t, i.Reserve("order-1", 5, sys, invStart))
			return boom
		})
		require.ErrorIs(t, err, boom)
		got, err := s.Get(ctx, "A")
		require.NoError(t, err)
		equal(t, item, got)
		trail, err := readTrail(ctx, s, "A")
		require.NoError(t, err)
		assert.Len(t, trail, 1, "only the create's entry")
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
					for try := 1; ; try++ {
						err := s.Update(ctx, "A", func(i *inventory.StockItem) error { return i.Receive(1, clerk, invStart, "") })
						if errors.Is(err, shopkit.ErrRetry) && try < 1000 {
							continue // a transient failure; a conflict fails the test
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
		trail, err := readTrail(ctx, s, "A")
		require.NoError(t, err)
		require.Len(t, trail, 1+writers*each)
		for i, e := range trail {
			require.Equal(t, i+1, e.Seq, "the trail has a gap or a repeat")
		}
	})

	t.Run("Holding", func(t *testing.T) {
		s := newStore()
		for _, sku := range []string{"C", "A", "B"} {
			require.NoError(t, s.Create(ctx, newItem(t, sku, 10, invStart)))
		}
		for _, sku := range []string{"C", "A"} {
			require.NoError(t, s.Update(ctx, sku, func(i *inventory.StockItem) error { return i.Reserve("order-1", 2, sys, invStart) }))
		}
		require.NoError(t, s.Update(ctx, "B", func(i *inventory.StockItem) error { return i.Reserve("order-2", 1, sys, invStart) }))
		held, err := s.Holding(ctx, "order-1")
		require.NoError(t, err)
		require.Len(t, held, 2)
		assert.Equal(t, []string{"A", "C"}, []string{held[0].SKU(), held[1].SKU()})
		require.NoError(t, s.Update(ctx, "A", func(i *inventory.StockItem) error { _, err := i.Release("order-1", sys, invStart); return err }))
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
		require.NoError(t, s.Update(ctx, "S0", func(i *inventory.StockItem) error { return i.Reserve("order-1", 2, sys, invStart) }))
		got, err := s.LowStock(ctx, 10, 10)
		require.NoError(t, err)
		var skus []string
		for _, i := range got {
			skus = append(skus, i.SKU())
		}
		// S3 (0), S0 (9), S2 (9), S1 (exactly 10)
		assert.Equal(t, []string{"S3", "S0", "S2", "S1"}, skus)
		got, err = s.LowStock(ctx, 10, 2)
		require.NoError(t, err)
		require.Len(t, got, 2)
		assert.Equal(t, []string{"S3", "S0"}, []string{got[0].SKU(), got[1].SKU()})
		got, err = s.LowStock(ctx, -1, 10)
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
			require.NoError(t, s.Update(ctx, sku, func(i *inventory.StockItem) error {
				if err := i.Reserve("o-"+sku, 1, sys, at); err != nil {
					return err
				}
				_, err := i.Commit("o-"+sku, sys, at)
				return err
			}))
		}
		sell("sold-at-cutoff", cutoff)
		sell("sold-after", cutoff.Add(time.Nanosecond))
		got, err := s.SlowMoving(ctx, cutoff, 10)
		require.NoError(t, err)
		var skus []string
		for _, i := range got {
			skus = append(skus, i.SKU())
		}
		assert.Equal(t, []string{"never-sold", "sold-at-cutoff"}, skus)
		got, err = s.SlowMoving(ctx, cutoff, 1)
		require.NoError(t, err)
		require.Len(t, got, 1)
		assert.Equal(t, "never-sold", got[0].SKU())
	})

	t.Run("LimitBelowOneIsInvalid", func(t *testing.T) { // every store query is bounded
		s := newStore()
		require.NoError(t, s.Create(ctx, newItem(t, "A", 0, invStart)))
		for _, limit := range []int{0, -1} {
			_, err := s.LowStock(ctx, 10, limit)
			require.ErrorIs(t, err, shopkit.ErrInvalid, "LowStock limit %d", limit)
			assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
			_, err = s.SlowMoving(ctx, invStart, limit)
			require.ErrorIs(t, err, shopkit.ErrInvalid, "SlowMoving limit %d", limit)
		}
	})
}

// readTrail reads a SKU's whole trail, a few entries at a time.
func readTrail(ctx context.Context, s inventory.Store, sku string) ([]shopkit.Entry, error) {
	var out []shopkit.Entry
	for {
		page, err := s.Trail(ctx, sku, len(out), 3)
		if err != nil || len(page) == 0 {
			return out, err
		}
		out = append(out, page...)
	}
}
