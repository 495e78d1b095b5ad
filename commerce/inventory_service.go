package commerce

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopkit/shopkit"
)

// InventoryStore is what the inventory service needs of the host's storage
// (R2.2, R2.8), keyed by SKU.
type InventoryStore interface {
	// Create stores a new SKU; an existing SKU is a conflict.
	Create(ctx context.Context, s *StockItem) error
	// Get returns the SKU's item, or an error matching shopkit.ErrNotFound.
	Get(ctx context.Context, sku string) (*StockItem, error)
	// Update loads the item, calls fn, and persists the result together with
	// s.Unsaved() atomically; nothing is written when fn fails. Concurrent
	// updates of one SKU wait for each other or fail with a conflict: none is lost.
	Update(ctx context.Context, sku string, fn func(s *StockItem) error) error
	// Holding lists the items holding a reservation for ref, sorted by SKU.
	Holding(ctx context.Context, ref string) ([]*StockItem, error)
	// LowStock lists items with available ≤ threshold, lowest available first
	// (ties by SKU), at most limit (0: no limit).
	LowStock(ctx context.Context, threshold int64, limit int) ([]*StockItem, error)
	// SlowMoving lists items whose LastActivity is at or before cutoff, oldest
	// first (ties by SKU), at most limit (0: no limit).
	SlowMoving(ctx context.Context, cutoff time.Time, limit int) ([]*StockItem, error)
}

// InventoryPolicy holds the inventory numbers of R2.2.
type InventoryPolicy struct {
	// LowStockThreshold: a SKU with available ≤ it is low on stock (a library
	// default; RULES.md leaves it to the shop).
	LowStockThreshold int64
	// SlowMovingAfter: a SKU without a sale (a commit) for this long is
	// slow-moving. R2.2: 90 days.
	SlowMovingAfter time.Duration
}

// DefaultInventoryPolicy returns the defaults of R2.2.
func DefaultInventoryPolicy() InventoryPolicy {
	return InventoryPolicy{LowStockThreshold: 10, SlowMovingAfter: 90 * 24 * time.Hour}
}

// InventoryService keeps stock per SKU over a store and implements StockKeeper
// (R2.2).
//
// Each SKU is its own entity, updated atomically by the store. Reserve makes an
// order's reservation all-or-nothing across SKUs by taking the SKUs one at a
// time in sorted order and, when one fails, releasing the ones it already took
// (compensation) before it returns. Under concurrency this never oversells (each
// SKU's check and hold are one atomic update) and leaks nothing when a later SKU
// fails (the holds taken are released, under a context that the caller's
// cancellation does not stop). While an order is being reserved its earlier
// SKUs are briefly held, so a concurrent order may see less available than it
// will end up being: it fails rather than oversells. Sorted order means two
// calls for the same ref meet on their first SKU, where the second gets
// "commerce.reservation_exists". If compensation itself fails (the store is
// down) the error says so and Release(ref) — idempotent — frees the rest.
type InventoryService struct {
	Store  InventoryStore   // the host's stock per SKU (R2.8)
	Policy InventoryPolicy  // low-stock threshold and slow-moving period
	Clock  func() time.Time // the time every change is stamped with (R0.3)
}

var _ StockKeeper = (*InventoryService)(nil)

// AddSKU stores a new SKU with onHand units.
func (s *InventoryService) AddSKU(ctx context.Context, sku string, onHand int64, by Actor) (*StockItem, error) {
	item, err := NewStockItem(sku, onHand, by, s.Clock())
	if err != nil {
		return nil, err
	}
	if err := s.Store.Create(ctx, item); err != nil {
		return nil, err
	}
	item.MarkSaved()
	return item, nil
}

// Get returns a SKU's stock.
func (s *InventoryService) Get(ctx context.Context, sku string) (*StockItem, error) {
	return s.Store.Get(ctx, sku)
}

// mergeLines validates lines and sums quantities per SKU, sorted by SKU.
func mergeLines(lines []StockLine) ([]StockLine, error) {
	if len(lines) == 0 {
		return nil, shopkit.Invalid("commerce.invalid_quantity", "lines", "needs at least one line")
	}
	out := make([]StockLine, 0, len(lines))
	for i, l := range lines {
		field := "lines[" + strconv.Itoa(i) + "]"
		if strings.TrimSpace(l.SKU) == "" {
			return nil, shopkit.Invalid("commerce.invalid_sku", field+".sku", "is required")
		}
		if l.Quantity <= 0 {
			return nil, shopkit.Invalid("commerce.invalid_quantity", field+".quantity", "must be greater than zero")
		}
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b StockLine) int { return strings.Compare(a.SKU, b.SKU) })
	merged := out[:1]
	for _, l := range out[1:] {
		last := &merged[len(merged)-1]
		if l.SKU == last.SKU {
			if last.Quantity > maxInt64-l.Quantity {
				return nil, shopkit.Invalid("commerce.invalid_quantity", "lines", "quantities of SKU "+l.SKU+" overflow")
			}
			last.Quantity += l.Quantity
			continue
		}
		merged = append(merged, l)
	}
	return merged, nil
}

// Reserve holds the lines' quantities for ref, all or nothing (R2.2); lines of
// the same SKU are added up. More than available on any SKU →
// "commerce.insufficient_stock" (ErrConflict) naming the SKU and its available
// count, and nothing stays reserved; a quantity ≤ 0 → ValidationError; an
// unknown SKU → ErrNotFound. Reserving a ref again with the same lines is a
// no-op (a retried call); with different lines, or while the first call is still
// running, it is "commerce.reservation_exists" (ErrConflict).
func (s *InventoryService) Reserve(ctx context.Context, ref string, lines []StockLine) error {
	if err := requireRef(ref); err != nil {
		return err
	}
	want, err := mergeLines(lines)
	if err != nil {
		return err
	}
	held, err := s.Store.Holding(ctx, ref)
	if err != nil {
		return err
	}
	if len(held) > 0 {
		if sameHolds(ref, held, want) {
			return nil
		}
		return shopkit.NewError(shopkit.ErrConflict, "commerce.reservation_exists",
			"reservation "+ref+" already holds different stock")
	}
	by := SystemActor()
	now := s.Clock()
	for i, l := range want {
		err := s.Store.Update(ctx, l.SKU, func(item *StockItem) error { return item.Reserve(ref, l.Quantity, by, now) })
		if err != nil {
			return errors.Join(err, s.compensate(ctx, ref, want[:i], now))
		}
	}
	return nil
}

func sameHolds(ref string, held []*StockItem, want []StockLine) bool {
	if len(held) != len(want) {
		return false
	}
	for _, item := range held {
		q, _ := item.Held(ref)
		i, found := slices.BinarySearchFunc(want, item.SKU(), func(l StockLine, sku string) int { return strings.Compare(l.SKU, sku) })
		if !found || want[i].Quantity != q {
			return false
		}
	}
	return true
}

// compensate releases the holds a failed Reserve took, even if ctx is cancelled.
func (s *InventoryService) compensate(ctx context.Context, ref string, taken []StockLine, now time.Time) error {
	ctx = context.WithoutCancel(ctx)
	var errs []error
	for i := len(taken) - 1; i >= 0; i-- {
		err := s.Store.Update(ctx, taken[i].SKU, func(item *StockItem) error {
			item.Release(ref, SystemActor(), now)
			return nil
		})
		if err != nil {
			errs = append(errs, shopkit.NewError(shopkit.ErrConflict, "commerce.compensation_failed",
				"releasing "+ref+" on SKU "+taken[i].SKU+" failed: "+err.Error()+"; call Release("+ref+") again"))
		}
	}
	return errors.Join(errs...)
}

// Release frees every hold of ref (R2.2: the order was cancelled or closed).
// Releasing a ref that holds nothing — never reserved, already released or
// committed — is a no-op.
func (s *InventoryService) Release(ctx context.Context, ref string) error {
	return s.settle(ctx, ref, func(item *StockItem, by Actor, now time.Time) { item.Release(ref, by, now) })
}

// Commit turns every hold of ref into a sale at shipment (R2.2): on-hand goes
// down. Committing again is a no-op, as is committing a ref that holds nothing
// (the library keeps no record of settled refs forever; the order workflow
// commits only what it reserved).
func (s *InventoryService) Commit(ctx context.Context, ref string) error {
	return s.settle(ctx, ref, func(item *StockItem, by Actor, now time.Time) { item.Commit(ref, by, now) })
}

func (s *InventoryService) settle(ctx context.Context, ref string, act func(*StockItem, Actor, time.Time)) error {
	if err := requireRef(ref); err != nil {
		return err
	}
	held, err := s.Store.Holding(ctx, ref)
	if err != nil {
		return err
	}
	now := s.Clock()
	var errs []error
	for _, h := range held {
		err := s.Store.Update(ctx, h.SKU(), func(item *StockItem) error {
			act(item, SystemActor(), now)
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Count records a stock count (盘点) of sku by an actor with a reason (R2.2).
// See StockItem.Count.
func (s *InventoryService) Count(ctx context.Context, sku string, counted int64, by Actor, reason string, evidence ...string) error {
	return s.Store.Update(ctx, sku, func(item *StockItem) error {
		return item.Count(counted, by, s.Clock(), reason, evidence)
	})
}

// Receive adds qty arrived units of sku.
func (s *InventoryService) Receive(ctx context.Context, sku string, qty int64, by Actor, note string) error {
	return s.Store.Update(ctx, sku, func(item *StockItem) error { return item.Receive(qty, by, s.Clock(), note) })
}

// LowStock lists SKUs whose available ≤ Policy.LowStockThreshold (R2.2).
func (s *InventoryService) LowStock(ctx context.Context, limit int) ([]*StockItem, error) {
	return s.Store.LowStock(ctx, s.Policy.LowStockThreshold, limit)
}

// SlowMoving lists SKUs without a sale for Policy.SlowMovingAfter (R2.2: 90
// days) at the clock's now: last sale (or creation) at or before now − 90 days.
func (s *InventoryService) SlowMoving(ctx context.Context, limit int) ([]*StockItem, error) {
	return s.Store.SlowMoving(ctx, s.Clock().Add(-s.Policy.SlowMovingAfter), limit)
}
