package inventorytest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/internal/memstore"
	"github.com/shopkit/shopkit/internal/storetest"
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
// item as of one moment, as one SQL query does; Unsealed from an index of the
// items that hold an unsealed reservation's first line; LowStock and
// SlowMoving read every item (a production store indexes available and last
// activity).
type Store struct {
	items *memstore.Store[*inventory.StockItem]
}

// The key index files an item under holdKey(ref) for every ref it holds, and
// under unsealedKey when it holds an unsealed reservation's first line. The
// prefix keeps a ref from colliding with unsealedKey.
const unsealedKey = "unsealed"

func holdKey(ref string) string { return "hold:" + ref }

func itemKeys(item *inventory.StockItem) []string {
	refs := item.HoldRefs()
	keys := make([]string, 0, len(refs)+1)
	for _, ref := range refs {
		keys = append(keys, holdKey(ref))
	}
	if len(item.UnsealedHolds()) > 0 {
		keys = append(keys, unsealedKey)
	}
	return keys
}

var _ inventory.Store = (*Store)(nil)

// NewStore returns an empty in-memory inventory store.
func NewStore() *Store {
	return &Store{
		items: memstore.New(memstore.Config[*inventory.StockItem]{
			Entity: "stock item", NotFound: inventory.CodeStockItemNotFound, Exists: inventory.CodeStockItemExists,
			ID:      func(s *inventory.StockItem) uuid.UUID { return skuID(s.SKU()) },
			Clone:   (*inventory.StockItem).Clone,
			Keys:    itemKeys,
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
	out, err := s.items.ByKey(ctx, holdKey(ref))
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *inventory.StockItem) int { return strings.Compare(a.SKU(), b.SKU()) })
	return out, nil
}

// Unsealed lists at most limit (≥ 1) refs of unsealed reservations taken at
// or before before, oldest first (ties by ref), each once.
func (s *Store) Unsealed(ctx context.Context, before time.Time, limit int) ([]string, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	items, err := s.items.ByKey(ctx, unsealedKey)
	if err != nil {
		return nil, err
	}
	oldest := map[string]time.Time{}
	for _, item := range items {
		for ref, at := range item.UnsealedHolds() {
			if prev, ok := oldest[ref]; !at.After(before) && (!ok || at.Before(prev)) {
				oldest[ref] = at
			}
		}
	}
	refs := slices.Collect(maps.Keys(oldest))
	slices.SortFunc(refs, func(a, b string) int { return cmp.Or(oldest[a].Compare(oldest[b]), strings.Compare(a, b)) })
	return limited(refs, limit), nil
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
// fails, no lost update under concurrent writers, Holding, Unsealed (through
// an inventory.Service over the store: Hold, Seal, Release, Commit), LowStock
// and SlowMoving with their order, edges and limits, and a limit below 1
// rejected.
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
		equal(t, item, storetest.ViaJSON(t, item.Snapshot(), inventory.RestoreStockItem, nil))

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

	t.Run("Unsealed", func(t *testing.T) { // R2.2, R2.8: the tentative reservations, oldest first
		s := newStore()
		now := invStart
		svc, err := inventory.NewService(inventory.ServiceConfig{Store: s, ShopID: shop, Policy: inventory.DefaultPolicy(),
			Clock: func() time.Time { return now }})
		require.NoError(t, err)
		for _, sku := range []string{"A", "B", "C"} {
			require.NoError(t, s.Create(ctx, newItem(t, sku, 10, invStart)))
		}
		lines := func(skus ...string) []inventory.StockLine {
			var out []inventory.StockLine
			for _, sku := range skus {
				out = append(out, inventory.StockLine{SKU: sku, Quantity: 1})
			}
			return out
		}
		t1, t2 := invStart.Add(time.Minute), invStart.Add(2*time.Minute)
		now = t1
		require.NoError(t, svc.Hold(ctx, "o-2", lines("C", "A")))    // first line A
		require.NoError(t, svc.Hold(ctx, "o-1", lines("B", "C")))    // first line B, the same time
		require.NoError(t, svc.Reserve(ctx, "o-9", lines("A", "B"))) // sealed: never listed
		now = t2
		require.NoError(t, svc.Hold(ctx, "o-0", lines("A"))) // later, though first by ref

		// A claim round trips with its time, to the nanosecond.
		got, err := s.Get(ctx, "A")
		require.NoError(t, err)
		assert.Equal(t, map[string]time.Time{"o-2": t1, "o-0": t2}, got.UnsealedHolds())
		snap := got.Snapshot()
		assert.Equal(t, inventory.HoldClaim{Call: snap.Claims["o-2"].Call, First: true, At: t1}, snap.Claims["o-2"])
		assert.True(t, snap.Claims["o-9"].Whole)
		c, err := s.Get(ctx, "C")
		require.NoError(t, err)
		assert.Empty(t, c.UnsealedHolds(), "a later line is not the reservation's first")

		list := func(before time.Time, limit int) []string {
			t.Helper()
			refs, err := s.Unsealed(ctx, before, limit)
			require.NoError(t, err)
			return refs
		}
		assert.Equal(t, []string{"o-1", "o-2", "o-0"}, list(t2, 10), "oldest first, ties by ref")
		assert.Equal(t, []string{"o-1", "o-2"}, list(t1, 10), "at or before")
		assert.Empty(t, list(t1.Add(-time.Nanosecond), 10))
		assert.Equal(t, []string{"o-1"}, list(t2, 1))

		// A ref leaves the list when it is sealed, released or committed.
		require.NoError(t, svc.Seal(ctx, "o-1", lines("C", "B")))
		require.NoError(t, svc.Release(ctx, "o-2"))
		assert.Equal(t, []string{"o-0"}, list(t2, 10))
		require.NoError(t, svc.Commit(ctx, "o-0"))
		assert.Empty(t, list(t2, 10))
		held, err := s.Holding(ctx, "o-1")
		require.NoError(t, err)
		assert.Len(t, held, 2, "the sealed reservation is still held")
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
			_, err = s.Unsealed(ctx, invStart, limit)
			require.ErrorIs(t, err, shopkit.ErrInvalid, "Unsealed limit %d", limit)
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
