package commerce

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// OrderStore is the storage the order workflow needs (R2.8). A host implements it
// over its database; commercetest.NewOrderStore is an in-memory one and
// commercetest.TestOrderStore checks any implementation.
type OrderStore interface {
	// Create stores a new order and its audit entries; an existing ID is a
	// conflict.
	Create(ctx context.Context, o *Order) error
	// Get returns the order, or an error matching shopkit.ErrNotFound.
	Get(ctx context.Context, id uuid.UUID) (*Order, error)
	// Update loads the order, calls fn, and persists the result with the audit
	// entries fn added (o.Unsaved()) atomically. If fn fails nothing is written.
	// Concurrent updates of one order never lose one: a writer waits or gets an
	// error matching shopkit.ErrConflict.
	Update(ctx context.Context, id uuid.UUID, fn func(*Order) error) error
	// Due lists orders whose Deadline is at or before t, earliest first.
	Due(ctx context.Context, t time.Time, limit int) ([]*Order, error)
	// ByNumber finds an order by its order number, or ErrNotFound.
	ByNumber(ctx context.Context, number string) (*Order, error)
	// ListFlagged lists the orders whose NeedsAttention is true: logistics
	// exceptions for customer service (R2.3.7), oldest placed first.
	ListFlagged(ctx context.Context) ([]*Order, error)
}

// OrderService wires the order workflow to a store, the stock keeper, the order
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
// Every field is required.
type OrderService struct {
	Store    OrderStore
	Stock    StockKeeper
	Numberer OrderNumberer
	Policy   OrderPolicy
	Clock    func() time.Time
}

func (s *OrderService) now() time.Time { return s.Clock() }

// Place numbers, validates, reserves and stores a new order (R2.3.1, R2.2).
func (s *OrderService) Place(ctx context.Context, in PlaceOrder) (*Order, error) {
	now := s.now()
	number, err := s.Numberer.Next(now)
	if err != nil {
		return nil, err
	}
	o, err := NewOrder(in, number, s.Policy, now)
	if err != nil {
		return nil, err
	}
	reserve := !o.policy.reserveAtPayment()
	if reserve {
		if err := s.Stock.Reserve(ctx, o.id.String(), orderStockLines(o.lines)); err != nil {
			return nil, err
		}
	}
	if err := s.Store.Create(ctx, o); err != nil {
		if reserve {
			err = errors.Join(err, s.Stock.Release(ctx, o.id.String()))
		}
		return nil, err
	}
	o.MarkSaved()
	return o, nil
}

func orderStockLines(lines []OrderLine) []StockLine {
	out := make([]StockLine, len(lines))
	for i, l := range lines {
		out[i] = StockLine{SKU: l.SKU, Quantity: l.Quantity}
	}
	return out
}

// Get returns the order.
func (s *OrderService) Get(ctx context.Context, id uuid.UUID) (*Order, error) {
	return s.Store.Get(ctx, id)
}

// act runs fn on the stored order in one update and returns the saved order;
// afterwards it releases stock when fn emitted a release_stock effect.
func (s *OrderService) act(ctx context.Context, id uuid.UUID, fn func(*Order, time.Time) error) (*Order, error) {
	now := s.now()
	var out *Order
	err := s.Store.Update(ctx, id, func(o *Order) error {
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

func (s *OrderService) releaseIfEmitted(ctx context.Context, o *Order) error {
	for _, e := range o.Unsaved() {
		if e.Kind == EntryEffect && e.Effect.Type == EffectReleaseStock {
			return s.Stock.Release(ctx, e.Effect.Ref)
		}
	}
	return nil
}

// Pay records a payment (R2.3.4, R2.5); under ReserveAtPayment it reserves the
// stock in the same update.
func (s *OrderService) Pay(ctx context.Context, id uuid.UUID, by Actor, p Payment) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error {
		if err := o.Pay(by, p, now); err != nil {
			return err
		}
		if o.policy.reserveAtPayment() {
			return s.Stock.Reserve(ctx, o.id.String(), orderStockLines(o.lines))
		}
		return nil
	})
}

// Confirm records the merchant's confirmation.
func (s *OrderService) Confirm(ctx context.Context, id uuid.UUID, by Actor) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.Confirm(by, now) })
}

// Ship records the shipment and commits the reservation (R2.2) in the same
// update: if committing fails, the order stays unshipped.
func (s *OrderService) Ship(ctx context.Context, id uuid.UUID, by Actor, carrier, trackingNumber string) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error {
		if err := o.Ship(by, carrier, trackingNumber, now); err != nil {
			return err
		}
		return s.Stock.Commit(ctx, o.id.String())
	})
}

// Deliver records that the parcel was signed for at signedAt (zero: now).
func (s *OrderService) Deliver(ctx context.Context, id uuid.UUID, by Actor, signedAt time.Time) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.Deliver(by, signedAt, now) })
}

// Complete records the buyer's confirmation of receipt.
func (s *OrderService) Complete(ctx context.Context, id uuid.UUID, by Actor) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.Complete(by, now) })
}

// Cancel cancels before shipment: closes an unpaid order (releasing its stock)
// or records a refund-only request for a paid one (read it with RefundRequest).
func (s *OrderService) Cancel(ctx context.Context, id uuid.UUID, by Actor, reason string) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.Cancel(by, reason, now) })
}

// MarkRefunded ends a cancelled order whose refund completed, releasing its stock.
func (s *OrderService) MarkRefunded(ctx context.Context, id uuid.UUID, by Actor, reason string) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.MarkRefunded(by, reason, now) })
}

// ChangeAddress changes the shipping address until shipment (R2.3.6).
func (s *OrderService) ChangeAddress(ctx context.Context, id uuid.UUID, by Actor, a Address) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.ChangeAddress(by, a, now) })
}

// RecordTrackingUpdate records a carrier tracking event (R2.3.7).
func (s *OrderService) RecordTrackingUpdate(ctx context.Context, id uuid.UUID, by Actor, at time.Time) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.RecordTrackingUpdate(by, at, now) })
}

// MarkLost flags the parcel as lost (R2.3.7).
func (s *OrderService) MarkLost(ctx context.Context, id uuid.UUID, by Actor, reason string) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.MarkLost(by, reason, now) })
}

// ListFlagged lists the orders customer service should look at (R2.3.7).
func (s *OrderService) ListFlagged(ctx context.Context) ([]*Order, error) {
	return s.Store.ListFlagged(ctx)
}

// Sweep applies every order consequence due now (R2.9) and releases the stock of
// the orders it closed after each close is saved. A release that fails is
// reported as a SweepFailure of that order (its close is saved; the
// release_stock effect stays in the outbox for a retry).
func (s *OrderService) Sweep(ctx context.Context) (SweepResult, error) {
	return Sweep[*Order](ctx, releasingOrderStore{s}, s.now(), 100)
}

// releasingOrderStore releases stock after an update that emitted a release.
type releasingOrderStore struct{ s *OrderService }

func (r releasingOrderStore) Due(ctx context.Context, t time.Time, limit int) ([]*Order, error) {
	return r.s.Store.Due(ctx, t, limit)
}

func (r releasingOrderStore) Update(ctx context.Context, id uuid.UUID, fn func(*Order) error) error {
	var out *Order
	err := r.s.Store.Update(ctx, id, func(o *Order) error {
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
		return fmt.Errorf("commerce: order %s closed but releasing its stock failed: %v", out.number, err)
	}
	return nil
}
