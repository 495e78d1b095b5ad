package inventory

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/strictjson"
)

// Store is what the inventory service needs of the host's storage
// (R2.2, R2.8), keyed by SKU. A store keeps each item's state apart from its
// audit trail, an append-only log it reads back with Trail (R0.4). Instants
// (last sale, creation) are compared to the nanosecond: a store keeps them
// exactly (see docs/storage.md, Time).
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
	// Holding lists the items holding a reservation for ref, sorted by SKU,
	// as of one moment: a write to several items is never seen in part (one
	// SELECT gives that; reading the items one by one does not).
	Holding(ctx context.Context, ref string) ([]*StockItem, error)
	// Unsealed lists at most limit refs of unsealed reservations taken at or
	// before before: the refs in the items' UnsealedHolds whose time is at or
	// before it, each once, oldest first (ties by ref). A ref leaves the list
	// when its first line is sealed, released or committed. A database keeps
	// an index of the unsealed first lines (a partial index on the hold's
	// time); limit is checked as for LowStock.
	Unsealed(ctx context.Context, before time.Time, limit int) ([]string, error)
	// LowStock lists at most limit items with available ≤ threshold, lowest
	// available first (ties by SKU). limit must be at least 1: below it
	// LowStock returns shopkit.CheckLimit's error (shopkit.ErrInvalid).
	LowStock(ctx context.Context, threshold int64, limit int) ([]*StockItem, error)
	// SlowMoving lists at most limit items whose LastActivity is at or before
	// cutoff, oldest first (ties by SKU). limit must be at least 1, as for
	// LowStock.
	SlowMoving(ctx context.Context, cutoff time.Time, limit int) ([]*StockItem, error)
	// Trail returns at most limit (≥ 1) entries of the SKU's audit trail with
	// Seq greater than after (≥ 0), oldest first (R0.4; see
	// shopkit.TrailReader): an unknown SKU is ErrNotFound, a negative after
	// shopkit.CodeInvalidCursor.
	Trail(ctx context.Context, sku string, after, limit int) ([]shopkit.Entry, error)
}

// Policy holds the inventory numbers of R2.2.
type Policy struct {
	// LowStockThreshold: a SKU with available ≤ it is low on stock (a library
	// default; docs/rules.md R2.2 leaves it to the shop).
	LowStockThreshold int64 `json:"low_stock_threshold"`
	// SlowMovingAfter: a SKU without a sale (a commit) for this long is
	// slow-moving. R2.2: 90 days.
	SlowMovingAfter time.Duration `json:"slow_moving_after"`
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

// UnmarshalJSON decodes a policy strictly: a key that is not a field of Policy
// ("low_stock_threshold", "slow_moving_after" as "PT720H") is a ValidationError
// with code CodeInvalidPolicy naming it. Fields the JSON does not name keep
// their value, so a host may overlay its settings on DefaultPolicy. It does not
// validate: NewService does.
func (p *Policy) UnmarshalJSON(data []byte) error {
	type plain Policy
	v := plain(*p)
	if err := strictjson.Decode(data, &v, CodeInvalidPolicy); err != nil {
		return err
	}
	*p = Policy(v)
	return nil
}

// ServiceConfig is what a Service is built from; every field is required.
type ServiceConfig struct {
	Store  Store         // the host's stock per SKU (R2.8)
	ShopID uuid.UUID     // the shop whose stock the service keeps (its merchant's ID)
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
// will end up being: it fails rather than oversells. If compensation itself
// fails (the store is down) the error says so and Release(ref) — idempotent —
// frees the rest.
//
// One ref, one reservation: every hold a Reserve call takes carries its claim
// (HoldClaim: an ID of the call's own), so a part of a reservation still being
// made is never mistaken for a whole one. A call that has taken its SKUs checks
// that the ref holds exactly its lines, all under its claim, and only then
// seals its first line, which makes the reservation whole; a call that finds
// another call's holds releases its own (only its own, and never a sealed one)
// and fails with CodeReservationExists. A second call under a ref holding a
// whole reservation of the same lines is a no-op (a retry); under a ref that
// holds anything else — other lines, or a reservation still being made or left
// half-made — it is CodeReservationExists. So at most one set of lines is ever
// reserved under a ref, every call that succeeded reserved exactly it, and a
// call that failed holds nothing: no stock is lost to a reservation nobody
// owns, and none is promised that is not held. Two racing calls may both fail;
// a caller retries. The check relies on Store.Holding seeing every item as of
// one moment, as one SQL query does.
//
// A tentative reservation (R2.8: a step across two stores). When the
// reservation is for something the caller stores afterwards in another store
// (an order), a crash between the two would leave stock held under a ref that
// no store records. So the caller takes it with Hold, which is Reserve without
// the seal: the reservation is held and checked, but unsealed. Once its own
// record is stored the caller seals it (Seal: one update, idempotent); if
// storing fails it releases it (Release). A crash anywhere between leaves an
// unsealed reservation, stamped with when it was taken (HoldClaim.At), that
// Unsealed lists oldest first (an indexed Store.Unsealed): the caller's resume
// seals those whose record exists and releases the others, once they are older
// than any call can take (order.Service.Resume does this for orders, after
// order.Policy.HoldGrace). Releasing frees the lines last-first, so a release
// interrupted midway leaves the first line, and the ref stays listed. A
// Reserve that stopped before its seal leaves an unsealed reservation too, and
// is listed the same way.
//
// Who may act: AddSKU, Receive and Count are the shop's acts: by must be a
// party of the shop (shopkit.Parties.Check against the item's shop — its
// merchant or staff, an operator of the shop, the system; never a buyer, another
// shop or an actor without an ID). Reserve, Hold, Seal, Release and Commit are
// the order workflow's: the order service calls them after authorizing the
// order's action, and they act as the system.
//
// Build one with NewService; the methods of a zero Service return
// shopkit.NotBuilt.
type Service struct {
	shop   uuid.UUID
	store  Store
	policy Policy
	clock  shopkit.Clock
}

// NewService checks cfg and returns its service. A nil store, shop or clock, or
// an invalid policy, is a *shopkit.ValidationError (CodeInvalidConfig) naming
// every field at fault ("store", "shop_id", "policy.slow_moving_after").
func NewService(cfg ServiceConfig) (*Service, error) {
	var problems []shopkit.FieldProblem
	if cfg.Store == nil {
		problems = append(problems, shopkit.FieldProblem{Field: "store", Problem: "is required"})
	}
	if cfg.ShopID == uuid.Nil {
		problems = append(problems, shopkit.FieldProblem{Field: "shop_id", Problem: "is required"})
	}
	if cfg.Clock == nil {
		problems = append(problems, shopkit.FieldProblem{Field: "clock", Problem: "is required"})
	}
	problems = append(problems, shopkit.ProblemsUnder("policy", cfg.Policy.Validate())...)
	if err := shopkit.Incomplete(CodeInvalidConfig, problems); err != nil {
		return nil, err
	}
	return &Service{shop: cfg.ShopID, store: cfg.Store, policy: cfg.Policy, clock: cfg.Clock}, nil
}

// ready refuses a Service that NewService did not build (shopkit.NotBuilt).
func (s *Service) ready() error {
	if s.store == nil || s.clock == nil {
		return shopkit.NotBuilt("inventory.Service")
	}
	return nil
}

// ShopID returns the shop whose stock the service keeps (uuid.Nil for a zero
// Service).
func (s *Service) ShopID() uuid.UUID { return s.shop }

// AddSKU stores a new SKU of the service's shop with onHand units. by must be
// a party of the shop (see NewStockItem).
func (s *Service) AddSKU(ctx context.Context, sku string, onHand int64, by shopkit.Actor) (*StockItem, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	item, err := NewStockItem(s.shop, sku, onHand, by, s.clock())
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
	if err := s.ready(); err != nil {
		return nil, err
	}
	return s.store.Get(ctx, sku)
}

// MaxLines is the most lines one Reserve call takes: each line costs a store
// update, so a caller's list must not make the call's work unbounded.
const MaxLines = 1000

// mergeLines validates lines and sums quantities per SKU, sorted by SKU.
func mergeLines(lines []StockLine) ([]StockLine, error) {
	if len(lines) == 0 {
		return nil, shopkit.Invalid(CodeInvalidQuantity, "lines", "needs at least one line")
	}
	if len(lines) > MaxLines {
		return nil, shopkit.Invalid(CodeTooManyLines, "lines", "must be at most "+strconv.Itoa(MaxLines)+" lines")
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
			sum, ok := addQuantity(last.Quantity, l.Quantity)
			if !ok {
				return nil, shopkit.Overflow("the quantities of SKU " + l.SKU)
			}
			last.Quantity = sum
			continue
		}
		merged = append(merged, l)
	}
	return merged, nil
}

// Reserve holds the lines' quantities for ref, all or nothing (R2.2), and
// seals the reservation: it is whole. Lines of the same SKU are added up (a
// sum beyond int64 is shopkit.CodeOverflow). More than available on any SKU →
// CodeInsufficientStock (ErrConflict) naming the SKU and its available count,
// and nothing stays reserved; a quantity ≤ 0 → ValidationError; more than
// MaxLines lines → CodeTooManyLines; an unknown SKU → ErrNotFound. Reserving a
// ref again with the same lines after the first call completed is a no-op (a
// retried call); with different lines, while another call for the ref is still
// running, or over a reservation left half-made or unsealed, it is
// CodeReservationExists (ErrConflict). See Service for why concurrent calls
// under one ref never lose or invent stock. Its store calls: a Holding read,
// one update per SKU, a Holding read, the seal's update.
func (s *Service) Reserve(ctx context.Context, ref string, lines []StockLine) error {
	return s.reserve(ctx, ref, lines, true)
}

// Hold is Reserve without the seal: it holds the lines for ref, all or
// nothing, with the same checks, errors and compensation, and leaves the
// reservation unsealed — tentative until the caller confirms it with Seal or
// drops it with Release (see Service, "A tentative reservation"). Until then
// Unsealed lists it once it is old enough. Holding a ref again over a whole
// reservation of the same lines is a no-op; over an unsealed one it is
// CodeReservationExists (a Hold still running and one that finished look
// alike), so a caller holds under a fresh ref. Its store calls: a Holding
// read, one update per SKU, a Holding read.
func (s *Service) Hold(ctx context.Context, ref string, lines []StockLine) error {
	return s.reserve(ctx, ref, lines, false)
}

// reserve is Reserve, or Hold when seal is false.
func (s *Service) reserve(ctx context.Context, ref string, lines []StockLine, seal bool) error {
	if err := s.ready(); err != nil {
		return err
	}
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
		if first, ok := firstClaim(ref, held, want); ok && isWhole(ref, held, want, first) {
			return nil
		}
		return errReservationExists(ref)
	}
	// Each call holds under a claim of its own, so that its compensation frees
	// only what it took, and a retry of the same lines cannot mistake a call
	// still running for a finished one.
	call := uuid.NewString()
	by := shopkit.SystemActor()
	now := s.clock()
	for i, l := range want {
		err := s.store.Update(ctx, l.SKU, func(item *StockItem) error { return item.reserve(ref, l.Quantity, call, i == 0, by, now) })
		if err != nil {
			return errors.Join(err, s.compensate(ctx, ref, call, want[:i], now))
		}
	}
	// A concurrent call under the same ref may have taken other SKUs between
	// the check above and now: the ref must hold exactly these lines.
	held, err = s.store.Holding(ctx, ref)
	if err == nil && !holdsExactly(ref, held, want, unsealedBy(call)) {
		err = errReservationExists(ref)
	}
	if err == nil && seal {
		// Sealing the first line marks the reservation whole; from here on no
		// call's compensation can free it.
		err = s.store.Update(ctx, want[0].SKU, func(item *StockItem) error { return item.seal(ref, call) })
	}
	if err != nil {
		return errors.Join(err, s.compensate(ctx, ref, call, want, now))
	}
	return nil
}

// Seal confirms the reservation a Hold took for ref (see Service, "A
// tentative reservation"): lines are the Hold's. It checks that ref holds
// exactly these lines, all under one call's claim, and seals the first: from
// then on the reservation is whole and no longer listed by Unsealed. Sealing a
// whole reservation of these lines again is a no-op. A ref that holds nothing
// (released or committed meanwhile) is CodeNoReservation (ErrNotFound); one
// that holds other lines, or a part of them (a call that stopped midway), or
// holds of several calls, is CodeReservationExists (ErrConflict), and nothing
// changes. It adds no trail entry: no level changes. Its store calls: a
// Holding read and one update.
func (s *Service) Seal(ctx context.Context, ref string, lines []StockLine) error {
	if err := s.ready(); err != nil {
		return err
	}
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
	if len(held) == 0 {
		return shopkit.NewError(shopkit.ErrNotFound, CodeNoReservation, "reservation "+ref+" holds nothing to seal")
	}
	first, ok := firstClaim(ref, held, want)
	if !ok {
		return errReservationExists(ref)
	}
	if isWhole(ref, held, want, first) {
		return nil
	}
	call := first.Call
	if call == "" || !holdsExactly(ref, held, want, unsealedBy(call)) {
		return errReservationExists(ref)
	}
	return s.store.Update(ctx, want[0].SKU, func(item *StockItem) error { return item.seal(ref, call) })
}

// Unsealed lists at most limit (≥ 1) refs of unsealed reservations taken at
// or before before, oldest first (Store.Unsealed): Holds not yet sealed, and
// calls that stopped before they sealed. A caller's resume settles each by its
// ref (Seal or Release) once it is older than any call can take.
func (s *Service) Unsealed(ctx context.Context, before time.Time, limit int) ([]string, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	return s.store.Unsealed(ctx, before, limit)
}

func errReservationExists(ref string) error {
	return shopkit.NewError(shopkit.ErrConflict, CodeReservationExists,
		"reservation "+ref+" already holds different stock, or is being reserved")
}

// firstClaim returns the claim of ref's hold on want's first SKU, and false
// when no item of held (the items holding ref) is that SKU.
func firstClaim(ref string, held []*StockItem, want []StockLine) (HoldClaim, bool) {
	i := slices.IndexFunc(held, func(item *StockItem) bool { return item.SKU() == want[0].SKU })
	if i < 0 {
		return HoldClaim{}, false
	}
	return held[i].claim(ref), true
}

// isWhole reports whether held, the items holding ref, are a whole
// reservation of exactly want: one call's holds with its first line (whose
// claim is first) sealed, or holds made by StockItem.Reserve, which has no
// calls in progress.
func isWhole(ref string, held []*StockItem, want []StockLine, first HoldClaim) bool {
	return (first.Whole || first.Call == "") && holdsExactly(ref, held, want, func(line int, c HoldClaim) bool {
		return c.Call == first.Call && c.Whole == (line == 0 && first.Whole)
	})
}

// unsealedBy accepts the claims of the call with ID call that are not sealed.
func unsealedBy(call string) func(int, HoldClaim) bool {
	return func(_ int, c HoldClaim) bool { return c.Call == call && !c.Whole }
}

// holdsExactly reports whether held, the items holding ref, hold exactly want
// (sorted by SKU) — no SKU more, none less — with claims that ok accepts
// (line is the index in want).
func holdsExactly(ref string, held []*StockItem, want []StockLine, ok func(line int, c HoldClaim) bool) bool {
	if len(held) != len(want) {
		return false
	}
	for _, item := range held {
		q, _ := item.Held(ref)
		i, found := slices.BinarySearchFunc(want, item.SKU(), func(l StockLine, sku string) int { return strings.Compare(l.SKU, sku) })
		if !found || want[i].Quantity != q || !ok(i, item.claim(ref)) {
			return false
		}
	}
	return true
}

// compensate releases the holds that the failed Reserve call took, even if
// ctx is cancelled; a hold of ref that another call took stays.
func (s *Service) compensate(ctx context.Context, ref, call string, taken []StockLine, now time.Time) error {
	ctx = context.WithoutCancel(ctx)
	var errs []error
	for i := len(taken) - 1; i >= 0; i-- {
		err := s.store.Update(ctx, taken[i].SKU, func(item *StockItem) error {
			return item.releaseClaim(ref, call, shopkit.SystemActor(), now)
		})
		if err != nil {
			errs = append(errs, shopkit.NewError(shopkit.ErrConflict, CodeCompensationFailed,
				"releasing "+ref+" on SKU "+taken[i].SKU+" failed: "+err.Error()+"; call Release("+ref+") again"))
		}
	}
	return errors.Join(errs...)
}

// Release frees every hold of ref (R2.2: the order was cancelled or closed),
// sealed or not, last SKU first. Releasing a ref that holds nothing — never
// reserved, already released or committed — is a no-op.
func (s *Service) Release(ctx context.Context, ref string) error {
	return s.settle(ctx, ref, func(item *StockItem, by shopkit.Actor, now time.Time) error {
		_, err := item.Release(ref, by, now)
		return err
	})
}

// Commit turns every hold of ref into a sale at shipment (R2.2): on-hand goes
// down. Committing again is a no-op, as is committing a ref that holds nothing
// (the library keeps no record of settled refs forever; the order workflow
// commits only what it reserved).
func (s *Service) Commit(ctx context.Context, ref string) error {
	return s.settle(ctx, ref, func(item *StockItem, by shopkit.Actor, now time.Time) error {
		_, err := item.Commit(ref, by, now)
		return err
	})
}

func (s *Service) settle(ctx context.Context, ref string, act func(*StockItem, shopkit.Actor, time.Time) error) error {
	if err := s.ready(); err != nil {
		return err
	}
	if err := requireRef(ref); err != nil {
		return err
	}
	held, err := s.store.Holding(ctx, ref)
	if err != nil {
		return err
	}
	now := s.clock()
	var errs []error
	// Last SKU first: the first line, which carries the seal or its absence,
	// goes last, so a call interrupted midway leaves a reservation that
	// Unsealed still lists when it was unsealed.
	for _, h := range slices.Backward(held) {
		err := s.store.Update(ctx, h.SKU(), func(item *StockItem) error {
			return act(item, shopkit.SystemActor(), now)
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Count records a stock count (盘点) of sku by an actor with a reason (R2.2).
// by must be a party of the item's shop. See StockItem.Count.
func (s *Service) Count(ctx context.Context, sku string, counted int64, by shopkit.Actor, reason string, evidence ...string) error {
	if err := s.ready(); err != nil {
		return err
	}
	now := s.clock() // read once: the store may run fn again
	return s.store.Update(ctx, sku, func(item *StockItem) error {
		return item.Count(counted, by, now, reason, evidence)
	})
}

// Receive adds qty arrived units of sku; by must be a party of the item's
// shop. See StockItem.Receive.
func (s *Service) Receive(ctx context.Context, sku string, qty int64, by shopkit.Actor, note string) error {
	if err := s.ready(); err != nil {
		return err
	}
	now := s.clock() // read once: the store may run fn again
	return s.store.Update(ctx, sku, func(item *StockItem) error { return item.Receive(qty, by, now, note) })
}

// LowStock lists at most limit (≥ 1) SKUs whose available ≤
// Policy.LowStockThreshold, lowest first (R2.2).
func (s *Service) LowStock(ctx context.Context, limit int) ([]*StockItem, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	return s.store.LowStock(ctx, s.policy.LowStockThreshold, limit)
}

// SlowMoving lists at most limit (≥ 1) SKUs without a sale for
// Policy.SlowMovingAfter (R2.2: 90 days) at the clock's now: last sale (or
// creation) at or before now − 90 days, oldest first.
func (s *Service) SlowMoving(ctx context.Context, limit int) ([]*StockItem, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	return s.store.SlowMoving(ctx, s.clock().Add(-s.policy.SlowMovingAfter), limit)
}
