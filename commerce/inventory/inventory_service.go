package inventory

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopkit/shopkit"
)

// Store is what the inventory service needs of the host's storage
// (R2.2, R2.8), keyed by SKU.
type Store interface {
	// Create stores a new SKU; an existing SKU is a conflict.
	Create(ctx context.Context, s *StockItem) error
	// Get returns the SKU's item, or an error matching shopkit.ErrNotFound.
	Get(ctx context.Context, sku string) (*StockItem, error)
	// Update loads the item, calls fn, and persists the result together with
	// s.Unsaved() atomically; nothing is written when fn fails. Concurrent
	// updates of one SKU serialize: none is lost. The store may run fn more than once (after a
	// transient failure); when it gives up it returns an error matching
	// shopkit.ErrRetry and writes nothing.
	Update(ctx context.Context, sku string, fn func(s *StockItem) error) error
	// Holding lists the items holding a reservation for ref, sorted by SKU.
	Holding(ctx context.Context, ref string) ([]*StockItem, error)
	// LowStock lists at most limit items with available ≤ threshold, lowest
	// available first (ties by SKU). limit must be at least 1: below it
	// LowStock returns shopkit.CheckLimit's error (shopkit.ErrInvalid).
	LowStock(ctx context.Context, threshold int64, limit int) ([]*StockItem, error)
	// SlowMoving lists at most limit items whose LastActivity is at or before
	// cutoff, oldest first (ties by SKU). limit must be at least 1, as for
	// LowStock.
	SlowMoving(ctx context.Context, cutoff time.Time, limit int) ([]*StockItem, error)
}

// Policy holds the inventory numbers of R2.2.
type Policy struct {
	// LowStockThreshold: a SKU with available ≤ it is low on stock (a library
	// default; RULES.md leaves it to the shop).
	LowStockThreshold int64
	// SlowMovingAfter: a SKU without a sale (a commit) for this long is
	// slow-moving. R2.2: 90 days.
	SlowMovingAfter time.Duration
}

// DefaultPolicy returns the defaults of R2.2.
func DefaultPolicy() Policy {
	return Policy{LowStockThreshold: 10, SlowMovingAfter: 90 * 24 * time.Hour}
}

// Validate reports a negative LowStockThreshold or a SlowMovingAfter that is
// not positive as a *shopkit.ValidationError (CodeInvalidPolicy) naming each
// field. The zero Policy is invalid: start from DefaultPolicy.
func (p Policy) Validate() error {
	var problems []shopkit.FieldProblem
	if p.LowStockThreshold < 0 {
		problems = append(problems, shopkit.FieldProblem{Field: "low_stock_threshold", Problem: "must not be negative"})
	}
	if p.SlowMovingAfter <= 0 {
		problems = append(problems, shopkit.FieldProblem{Field: "slow_moving_after", Problem: "must be greater than zero"})
	}
	return shopkit.Incomplete(CodeInvalidPolicy, problems)
}

// ServiceConfig is what a Service is built from; every field is required.
type ServiceConfig struct {
	Store  Store         // the host's stock per SKU (R2.8)
	Policy Policy        // low-stock threshold and slow-moving period (R2.2)
	Clock  shopkit.Clock // the time every change is stamped with (R0.3)
}

// Service keeps stock per SKU over a store and implements order.StockKeeper
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
// CodeReservationExists. If compensation itself fails (the store is down) the
// error says so and Release(ref) — idempotent — frees the rest.
//
// Build one with NewService.
type Service struct {
	store  Store
	policy Policy
	clock  shopkit.Clock
}

// NewService checks cfg and returns its service. A nil store or clock, or an
// invalid policy, is a *shopkit.ValidationError (CodeInvalidConfig) naming every
// field at fault ("store", "policy.slow_moving_after").
func NewService(cfg ServiceConfig) (*Service, error) {
	var problems []shopkit.FieldProblem
	if cfg.Store == nil {
		problems = append(problems, shopkit.FieldProblem{Field: "store", Problem: "is required"})
	}
	if cfg.Clock == nil {
		problems = append(problems, shopkit.FieldProblem{Field: "clock", Problem: "is required"})
	}
	problems = append(problems, shopkit.ProblemsUnder("policy", cfg.Policy.Validate())...)
	if err := shopkit.Incomplete(CodeInvalidConfig, problems); err != nil {
		return nil, err
	}
	return &Service{store: cfg.Store, policy: cfg.Policy, clock: cfg.Clock}, nil
}

// AddSKU stores a new SKU with onHand units.
func (s *Service) AddSKU(ctx context.Context, sku string, onHand int64, by shopkit.Actor) (*StockItem, error) {
	item, err := NewStockItem(sku, onHand, by, s.clock())
	if err != nil {
		return nil, err
	}
	if err := s.store.Create(ctx, item); err != nil {
		return nil, err
	}
	item.MarkSaved()
	return item, nil
}

// Get returns a SKU's stock.
func (s *Service) Get(ctx context.Context, sku string) (*StockItem, error) {
	return s.store.Get(ctx, sku)
}

// mergeLines validates lines and sums quantities per SKU, sorted by SKU.
func mergeLines(lines []StockLine) ([]StockLine, error) {
	if len(lines) == 0 {
		return nil, shopkit.Invalid(CodeInvalidQuantity, "lines", "needs at least one line")
	}
	out := make([]StockLine, 0, len(lines))
	for i, l := range lines {
		field := "lines[" + strconv.Itoa(i) + "]"
		if strings.TrimSpace(l.SKU) == "" {
			return nil, shopkit.Invalid(CodeInvalidSKU, field+".sku", "is required")
		}
		if l.Quantity <= 0 {
			return nil, shopkit.Invalid(CodeInvalidQuantity, field+".quantity", "must be greater than zero")
		}
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b StockLine) int { return strings.Compare(a.SKU, b.SKU) })
	merged := out[:1]
	for _, l := range out[1:] {
		last := &merged[len(merged)-1]
		if l.SKU == last.SKU {
			if last.Quantity > maxInt64-l.Quantity {
				return nil, shopkit.Invalid(CodeInvalidQuantity, "lines", "quantities of SKU "+l.SKU+" overflow")
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
// CodeInsufficientStock (ErrConflict) naming the SKU and its available
// count, and nothing stays reserved; a quantity ≤ 0 → ValidationError; an
// unknown SKU → ErrNotFound. Reserving a ref again with the same lines is a
// no-op (a retried call); with different lines, or while the first call is still
// running, it is CodeReservationExists (ErrConflict).
func (s *Service) Reserve(ctx context.Context, ref string, lines []StockLine) error {
	if err := requireRef(ref); err != nil {
		return err
	}
	want, err := mergeLines(lines)
	if err != nil {
		return err
	}
	held, err := s.store.Holding(ctx, ref)
	if err != nil {
		return err
	}
	if len(held) > 0 {
		if sameHolds(ref, held, want) {
			return nil
		}
		return shopkit.NewError(shopkit.ErrConflict, CodeReservationExists,
			"reservation "+ref+" already holds different stock")
	}
	by := shopkit.SystemActor()
	now := s.clock()
	for i, l := range want {
		err := s.store.Update(ctx, l.SKU, func(item *StockItem) error { return item.Reserve(ref, l.Quantity, by, now) })
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
func (s *Service) compensate(ctx context.Context, ref string, taken []StockLine, now time.Time) error {
	ctx = context.WithoutCancel(ctx)
	var errs []error
	for i := len(taken) - 1; i >= 0; i-- {
		err := s.store.Update(ctx, taken[i].SKU, func(item *StockItem) error {
			item.Release(ref, shopkit.SystemActor(), now)
			return nil
		})
		if err != nil {
			errs = append(errs, shopkit.NewError(shopkit.ErrConflict, CodeCompensationFailed,
				"releasing "+ref+" on SKU "+taken[i].SKU+" failed: "+err.Error()+"; call Release("+ref+") again"))
		}
	}
	return errors.Join(errs...)
}

// Release frees every hold of ref (R2.2: the order was cancelled or closed).
// Releasing a ref that holds nothing — never reserved, already released or
// committed — is a no-op.
func (s *Service) Release(ctx context.Context, ref string) error {
	return s.settle(ctx, ref, func(item *StockItem, by shopkit.Actor, now time.Time) { item.Release(ref, by, now) })
}

// Commit turns every hold of ref into a sale at shipment (R2.2): on-hand goes
// down. Committing again is a no-op, as is committing a ref that holds nothing
// (the library keeps no record of settled refs forever; the order workflow
// commits only what it reserved).
func (s *Service) Commit(ctx context.Context, ref string) error {
	return s.settle(ctx, ref, func(item *StockItem, by shopkit.Actor, now time.Time) { item.Commit(ref, by, now) })
}

func (s *Service) settle(ctx context.Context, ref string, act func(*StockItem, shopkit.Actor, time.Time)) error {
	if err := requireRef(ref); err != nil {
		return err
	}
	held, err := s.store.Holding(ctx, ref)
	if err != nil {
		return err
	}
	now := s.clock()
	var errs []error
	for _, h := range held {
		err := s.store.Update(ctx, h.SKU(), func(item *StockItem) error {
			act(item, shopkit.SystemActor(), now)
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
func (s *Service) Count(ctx context.Context, sku string, counted int64, by shopkit.Actor, reason string, evidence ...string) error {
	return s.store.Update(ctx, sku, func(item *StockItem) error {
		return item.Count(counted, by, s.clock(), reason, evidence)
	})
}

// Receive adds qty arrived units of sku.
func (s *Service) Receive(ctx context.Context, sku string, qty int64, by shopkit.Actor, note string) error {
	return s.store.Update(ctx, sku, func(item *StockItem) error { return item.Receive(qty, by, s.clock(), note) })
}

// LowStock lists at most limit (≥ 1) SKUs whose available ≤
// Policy.LowStockThreshold, lowest first (R2.2).
func (s *Service) LowStock(ctx context.Context, limit int) ([]*StockItem, error) {
	return s.store.LowStock(ctx, s.policy.LowStockThreshold, limit)
}

// SlowMoving lists at most limit (≥ 1) SKUs without a sale for
// Policy.SlowMovingAfter (R2.2: 90 days) at the clock's now: last sale (or
// creation) at or before now − 90 days, oldest first.
func (s *Service) SlowMoving(ctx context.Context, limit int) ([]*StockItem, error) {
	return s.store.SlowMoving(ctx, s.clock().Add(-s.policy.SlowMovingAfter), limit)
}
