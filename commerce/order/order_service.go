package order

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/inventory"
)

// Store is the storage the order workflow needs (R2.8). A host implements it
// over its database; ordertest.NewStore is an in-memory one and
// ordertest.TestStore checks any implementation.
//
// A store keeps an order's state (its Snapshot) apart from its audit trail, an
// append-only log it reads back with Trail (R0.4): a loaded order carries no
// history. Instants are compared to the nanosecond: a store keeps them exactly
// (in the JSON state, say); a SQL timestamp column kept for an index may round
// them to the microsecond, for queries use it only to find candidates.
type Store interface {
	// Trail reads the order's audit trail (see shopkit.TrailReader).
	shopkit.TrailReader
	// Create stores a new order and appends its audit entries to its trail;
	// an existing ID is a conflict (CodeOrderExists).
	Create(ctx context.Context, o *Order) error
	// Get returns the order, or an error matching shopkit.ErrNotFound
	// (CodeOrderNotFound).
	Get(ctx context.Context, id uuid.UUID) (*Order, error)
	// Update loads the order, calls fn, and persists the result and appends
	// the audit entries fn added (o.Unsaved()) to the trail atomically. If fn
	// fails nothing is written.
	// Concurrent updates of one order serialize, so none is lost. The store may run fn more than once (after a
	// transient failure); when it gives up it returns an error matching
	// shopkit.ErrRetry and writes nothing.
	Update(ctx context.Context, id uuid.UUID, fn func(*Order) error) error
	// Due lists at most limit orders whose Deadline is at or before t, earliest
	// first. limit must be at least 1: below it Due returns shopkit.CheckLimit's
	// error (shopkit.ErrInvalid).
	Due(ctx context.Context, t time.Time, limit int) ([]*Order, error)
	// Claim lists at most limit orders whose Deadline is at or before t and
	// that no other sweeper holds at t, earliest first, and holds them for
	// lease.Owner until lease.Until; a successful Update ends the hold (R2.9).
	// limit is checked as for Due, and the lease by lease.Check(t)
	// (shopkit.CodeInvalidLease).
	Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*Order, error)
	// ByNumber finds an order by its order number, or ErrNotFound.
	ByNumber(ctx context.Context, number string) (*Order, error)
	// ListFlagged lists at most limit orders whose NeedsAttention is true:
	// logistics exceptions for customer service (R2.3.7), oldest placed first.
	// limit must be at least 1, as for Due.
	ListFlagged(ctx context.Context, limit int) ([]*Order, error)
}

// ServiceConfig is what a Service is built from; every field is required.
type ServiceConfig struct {
	Store    Store         // the host's orders (R2.8)
	Stock    StockKeeper   // reserves, releases and commits stock (R2.2)
	Numberer Numberer      // gives each order its number (R0.2)
	Policy   Policy        // the deadlines new orders are placed under (R2.3)
	Clock    shopkit.Clock // the time every action is stamped with (R0.3)
}

// Service wires the order workflow to a store, the stock keeper, the order
// numberer, a policy and a clock: load → act → save (R2.8). It holds no rule of its
// own beyond the order of calls to the StockKeeper:
//
//   - Place reserves the lines (all-or-nothing, ref = the order ID) before it
//     stores the order, and releases them again if storing fails, so a failure
//     creates nothing (R2.2). Under ReserveAtPayment, Pay reserves instead,
//     inside the store's update: a shortage fails the payment and changes nothing.
//   - Ship commits the reservation inside the store's update.
//   - A close, a cancellation before payment or a refund releases the
//     reservation after the update that recorded it has been saved. The order
//     also emits a release_stock effect with the same ref; since Release is
//     idempotent per ref a host's outbox may carry it out again, which is how a
//     release that failed here is retried. When it fails, the action's method
//     returns the saved order together with the error.
//
// Build one with NewService: every method of a zero Service returns an error
// with code shopkit.CodeNotBuilt.
type Service struct {
	store    Store
	stock    StockKeeper
	numberer Numberer
	policy   Policy
	clock    shopkit.Clock
}

// NewService checks cfg and returns its service. A nil store, stock keeper,
// numberer or clock, or an invalid policy, is a *shopkit.ValidationError
// (CodeInvalidConfig) naming every field at fault ("store", "policy.ship_within").
func NewService(cfg ServiceConfig) (*Service, error) {
	var problems []shopkit.FieldProblem
	for _, f := range []struct {
		name    string
		missing bool
	}{
		{"store", cfg.Store == nil}, {"stock", cfg.Stock == nil},
		{"numberer", cfg.Numberer == nil}, {"clock", cfg.Clock == nil},
	} {
		if f.missing {
			problems = append(problems, shopkit.FieldProblem{Field: f.name, Problem: "is required"})
		}
	}
	problems = append(problems, shopkit.ProblemsUnder("policy", cfg.Policy.Validate())...)
	if err := shopkit.Incomplete(CodeInvalidConfig, problems); err != nil {
		return nil, err
	}
	return &Service{store: cfg.Store, stock: cfg.Stock, numberer: cfg.Numberer, policy: cfg.Policy, clock: cfg.Clock}, nil
}

func (s *Service) now() time.Time { return s.clock() }

// ready reports a Service that NewService did not build (a zero Service):
// every method returns shopkit.NotBuilt and touches nothing, never panics.
func (s *Service) ready() error {
	if s == nil || s.store == nil || s.stock == nil || s.numberer == nil || s.clock == nil {
		return shopkit.NotBuilt("order.Service")
	}
	return nil
}

// Place numbers, validates, reserves and stores a new order (R2.3.1, R2.2).
func (s *Service) Place(ctx context.Context, in PlaceOrder) (*Order, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	now := s.now()
	number, err := s.numberer.Next(ctx, now)
	if err != nil {
		return nil, err
	}
	o, err := NewOrder(in, number, s.policy, now)
	if err != nil {
		return nil, err
	}
	reserve := !o.policy.reserveAtPayment()
	if reserve {
		if err := s.stock.Reserve(ctx, o.id.String(), orderStockLines(o.lines)); err != nil {
			return nil, err
		}
	}
	if err := s.store.Create(ctx, o); err != nil {
		if reserve {
			err = errors.Join(err, s.stock.Release(ctx, o.id.String()))
		}
		return nil, err
	}
	o.MarkSaved()
	return o, nil
}

func orderStockLines(lines []Line) []inventory.StockLine {
	out := make([]inventory.StockLine, len(lines))
	for i, l := range lines {
		out[i] = inventory.StockLine{SKU: l.SKU, Quantity: l.Quantity}
	}
	return out
}

// Get returns the order.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (*Order, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	return s.store.Get(ctx, id)
}

// act runs fn on the stored order in one update and returns the saved order;
// afterwards it releases stock when fn emitted a release_stock effect.
func (s *Service) act(ctx context.Context, id uuid.UUID, fn func(*Order, time.Time) error) (*Order, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	now := s.now()
	var out *Order
	err := s.store.Update(ctx, id, func(o *Order) error {
		if err := fn(o, now); err != nil {
			return err
		}
		out = o.Clone()
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.releaseIfEmitted(ctx, out)
	out.MarkSaved()
	return out, err
}

func (s *Service) releaseIfEmitted(ctx context.Context, o *Order) error {
	for _, e := range o.Unsaved() {
		if e.Kind == shopkit.EntryEffect && e.Effect.Type == shopkit.EffectReleaseStock {
			return s.stock.Release(ctx, e.Effect.Ref)
		}
	}
	return nil
}

// Pay records a payment (R2.3.4, R2.5); under ReserveAtPayment it reserves the
// stock in the same update.
func (s *Service) Pay(ctx context.Context, id uuid.UUID, by shopkit.Actor, p Payment) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error {
		if err := o.Pay(by, p, now); err != nil {
			return err
		}
		if o.policy.reserveAtPayment() {
			return s.stock.Reserve(ctx, o.id.String(), orderStockLines(o.lines))
		}
		return nil
	})
}

// Confirm records the merchant's confirmation.
func (s *Service) Confirm(ctx context.Context, id uuid.UUID, by shopkit.Actor) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.Confirm(by, now) })
}

// Ship records the shipment and commits the reservation (R2.2) in the same
// update: if committing fails, the order stays unshipped.
func (s *Service) Ship(ctx context.Context, id uuid.UUID, by shopkit.Actor, carrier, trackingNumber string) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error {
		if err := o.Ship(by, carrier, trackingNumber, now); err != nil {
			return err
		}
		return s.stock.Commit(ctx, o.id.String())
	})
}

// Deliver records that the parcel was signed for at signedAt (zero: now).
func (s *Service) Deliver(ctx context.Context, id uuid.UUID, by shopkit.Actor, signedAt time.Time) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.Deliver(by, signedAt, now) })
}

// Complete records the buyer's confirmation of receipt.
func (s *Service) Complete(ctx context.Context, id uuid.UUID, by shopkit.Actor) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.Complete(by, now) })
}

// Cancel cancels before shipment: closes an unpaid order (releasing its stock)
// or records a refund-only request for a paid one (read it with RefundRequest).
func (s *Service) Cancel(ctx context.Context, id uuid.UUID, by shopkit.Actor, reason string) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.Cancel(by, reason, now) })
}

// MarkRefunded ends a cancelled order whose refund completed, releasing its stock.
func (s *Service) MarkRefunded(ctx context.Context, id uuid.UUID, by shopkit.Actor, reason string) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.MarkRefunded(by, reason, now) })
}

// RejectRefund sends a cancelled order whose refund-only case was rejected or
// withdrawn back to confirmed (R3.6).
func (s *Service) RejectRefund(ctx context.Context, id uuid.UUID, by shopkit.Actor, reason string) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.RejectRefund(by, reason, now) })
}

// ChangeAddress changes the shipping address until shipment (R2.3.6).
func (s *Service) ChangeAddress(ctx context.Context, id uuid.UUID, by shopkit.Actor, a Address) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.ChangeAddress(by, a, now) })
}

// RecordTrackingUpdate records a carrier tracking event (R2.3.7).
func (s *Service) RecordTrackingUpdate(ctx context.Context, id uuid.UUID, by shopkit.Actor, at time.Time) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.RecordTrackingUpdate(by, at, now) })
}

// MarkLost flags the parcel as lost (R2.3.7).
func (s *Service) MarkLost(ctx context.Context, id uuid.UUID, by shopkit.Actor, reason string) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.MarkLost(by, reason, now) })
}

// ListFlagged lists at most limit (≥ 1) orders customer service should look
// at (R2.3.7), oldest placed first.
func (s *Service) ListFlagged(ctx context.Context, limit int) ([]*Order, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	return s.store.ListFlagged(ctx, limit)
}

// Sweep applies every order consequence due now (R2.9), claiming the due
// orders so that sweeps on several instances split them (shopkit.Sweep), and
// releases the stock of the orders it closed after each close is saved. A
// release that fails is reported as a SweepFailure of that order (its close is
// saved; the release_stock effect stays in the outbox for a retry).
func (s *Service) Sweep(ctx context.Context) (shopkit.SweepResult, error) {
	if err := s.ready(); err != nil {
		return shopkit.SweepResult{}, err
	}
	return shopkit.Sweep[*Order](ctx, releasingOrderStore{s}, s.now(), sweepBatch)
}

// sweepBatch is how many due orders a sweep reads at a time.
const sweepBatch = 100

// releasingOrderStore releases stock after an update that emitted a release.
// It forwards Due and Claim as they are: a sweep claims through it, so that
// sweeps on several instances split the due orders (R2.9).
type releasingOrderStore struct{ s *Service }

func (r releasingOrderStore) Due(ctx context.Context, t time.Time, limit int) ([]*Order, error) {
	return r.s.store.Due(ctx, t, limit)
}

func (r releasingOrderStore) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*Order, error) {
	return r.s.store.Claim(ctx, t, limit, lease)
}

func (r releasingOrderStore) Update(ctx context.Context, id uuid.UUID, fn func(*Order) error) error {
	var out *Order
	err := r.s.store.Update(ctx, id, func(o *Order) error {
		if err := fn(o); err != nil {
			return err
		}
		out = o.Clone()
		return nil
	})
	if err != nil {
		return err
	}
	if err := r.s.releaseIfEmitted(ctx, out); err != nil {
		// Not wrapped: a conflict from the stock keeper must not read as "someone
		// acted first" to the sweep, which would count it as skipped.
		return fmt.Errorf("order %s closed but releasing its stock failed: %v", out.number, err)
	}
	return nil
}
