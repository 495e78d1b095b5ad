package order

import (
	"context"
	"errors"
	"fmt"
	"strconv"
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
	// first. An order whose Deadline is exactly t is listed, though nothing is
	// due on it yet (R0.3: ApplyDue returns shopkit.NotDue and the sweep skips
	// it). limit must be at least 1: below it Due returns shopkit.CheckLimit's
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
	// Pending lists at most limit orders with a stock step not yet done
	// (Order.PendingStock), oldest step first (the step's time, ties by ID):
	// what Service.Resume finishes. An order leaves the list when an Update
	// marks its step done. A database keeps an index of the pending steps
	// (a partial index on the step's time); limit is checked as for Due.
	Pending(ctx context.Context, limit int) ([]*Order, error)
	// List lists a shop's orders that q admits, newest placed first
	// (Order.PlacedAt descending, ties by ID descending), one page at a time:
	// the cursor is (PlacedAt, ID) of the page's last order (shopkit.Page). A
	// query q.Check refuses is its error, an invalid page request
	// shopkit.PageRequest.Check's, and a cursor whose ID is not a UUID
	// shopkit.CodeInvalidPageCursor. An Update that changes an order's state
	// moves it into or out of the lists filtered by state. A database serves
	// it from an index on (merchant, state, placed, id) (docs/storage.md,
	// Lists).
	List(ctx context.Context, q ListQuery, page shopkit.PageRequest) (shopkit.Page[*Order], error)
}

// ServiceConfig is what a Service is built from; every field is required,
// except that exactly one of Policy and Policies is set and Hours is optional.
type ServiceConfig struct {
	Store    Store       // the host's orders (R2.8)
	Stock    StockKeeper // reserves, releases and commits stock (R2.2)
	Numberer Numberer    // gives each order its number (R0.2)
	Policy   Policy      // the deadlines new orders are placed under (R2.3)
	// Policies, instead of Policy, are the policy's versions: a new order is
	// placed under the version in force when it is placed, and records its
	// name (Order.PolicyVersion).
	Policies shopkit.Schedule[Policy]
	Clock    shopkit.Clock // the time every action is stamped with (R0.3)
	// Hours, optional, are the business hours payment reminders are sent in
	// (R2.3.5, R6.1): a new order's reminder falls due at the first open
	// instant at or after placing + PaymentReminderAfter, and is recorded in
	// the order (Order.ReminderDue). Nil sends reminders at any hour.
	Hours *shopkit.Calendar
}

// Service wires the order workflow to a store, the stock keeper, the order
// numberer, a policy and a clock: load → act → save (R2.8). It holds no rule of
// its own beyond the order of calls to the StockKeeper. The orders and the
// stock are two stores, so no action is atomic across both. Instead no store
// call is made inside an order's Update closure (the store may run it again;
// it changes only the order), every StockKeeper call is idempotent by the
// order's ref (its ID), and a call that must follow a saved order change is
// recorded in that change as the order's pending stock step
// (Order.PendingStock), so a crash or a failure between the two loses nothing
// and doubles nothing:
//
//   - Place's reservation is tentative: it holds the lines unsealed
//     (StockKeeper.Hold: all-or-nothing, ref = the order ID), then creates
//     the order, then seals the hold (StockKeeper.Seal). If creating fails
//     and the order is known not to exist, it releases the hold at once, so a
//     failure creates nothing (R2.2). A crash (or a failure) anywhere between
//     leaves an unsealed hold, never an orphan: Resume, once the policy's
//     HoldGrace has passed, seals it when its order exists and releases it
//     when the order was never stored. HoldGrace (10 minutes by default, a
//     host may change it) must be longer than any Place takes.
//   - Pay, under ReserveAtPayment, reserves before its update: it loads the
//     order and checks the payment on a copy (a refused payment reserves
//     nothing), reserves the lines under the order's ref (StockKeeper.Reserve,
//     sealed as it returns), then saves the payment. A shortage fails the payment and changes nothing. If saving
//     fails, the reservation is released again (compensation), unless the
//     order is still awaiting payment or holds the reservation through another
//     call's payment: a payment may still be saved, and releasing would leave
//     it unbacked. The hold such a failure leaves, or a crash between the
//     reserve and the update, is not orphaned: a retried Pay reserves the same
//     lines under the same ref, which the inventory treats as a no-op, and
//     closing the unpaid order (by the buyer or the sweep) releases the ref. A
//     crash inside the reservation itself leaves it unsealed: Resume seals it
//     when every line is held, and releases it when only a part is, so that a
//     retried Pay reserves afresh.
//   - Ship saves the shipment with a pending commit step in one update, then
//     commits the ref, then marks the step done in a second update.
//   - A close (Sweep's too), a cancellation before payment or a refund saves the
//     transition with a pending release step and a release_stock effect with
//     the same ref in one update, then releases the ref, then marks the step
//     done. A host's outbox may carry out the effect as well: a second release
//     changes nothing.
//
// If the StockKeeper call or the second update fails, the action returns the
// saved order together with the error, and the step stays pending. Resume
// finishes every pending step (the same idempotent call, then the mark) and
// settles the unsealed holds older than HoldGrace: a host runs it
// periodically, with its sweeps, and after a restart.
//
// Rules at the time of the act (R0.3): under ServiceConfig.Policies, Place
// places an order under the version in force at its now, and the order keeps
// that policy and the version's name (Order.PolicyVersion), so a later
// version never moves an existing order's deadlines (R2.3). Resume waits the
// longest HoldGrace of all the versions.
//
// Build one with NewService: every method of a zero Service returns an error
// with code shopkit.CodeNotBuilt.
type Service struct {
	store     Store
	stock     StockKeeper
	numberer  Numberer
	policies  shopkit.Schedule[Policy] // under a plain Policy, one version named ""
	holdGrace time.Duration            // the longest of the versions'
	clock     shopkit.Clock
	hours     *shopkit.Calendar // when payment reminders are sent; nil: any time
}

// NewService checks cfg and returns its service. A nil store, stock keeper,
// numberer or clock, an invalid policy, an invalid policy of a version
// ("policies.versions[i]…", the versions earliest first) or both Policy and
// Policies set ("policies") is a *shopkit.ValidationError (CodeInvalidConfig)
// naming every field at fault ("store", "policy.ship_within").
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
	policies := cfg.Policies
	versions := policies.Versions()
	switch {
	case len(versions) == 0:
		problems = append(problems, shopkit.ProblemsUnder("policy", cfg.Policy.Validate())...)
		policies = shopkit.Always("", cfg.Policy)
		versions = policies.Versions()
	case cfg.Policy != (Policy{}):
		problems = append(problems, shopkit.FieldProblem{Field: "policies", Problem: "must not be set together with policy"})
	default:
		for i, v := range versions {
			problems = append(problems, shopkit.ProblemsUnder("policies.versions["+strconv.Itoa(i)+"]", v.Policy.Validate())...)
		}
	}
	if err := shopkit.Incomplete(CodeInvalidConfig, problems); err != nil {
		return nil, err
	}
	var holdGrace time.Duration
	for _, v := range versions {
		holdGrace = max(holdGrace, v.Policy.HoldGrace)
	}
	return &Service{store: cfg.Store, stock: cfg.Stock, numberer: cfg.Numberer, policies: policies,
		holdGrace: holdGrace, clock: cfg.Clock, hours: cfg.Hours}, nil
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
// Under ReserveAtCreation the reservation is tentative (see Service): Place
// holds the lines unsealed under the order's ID, creates the order, then seals
// the hold. A shortage fails the placing and stores nothing. An error without
// an order means no order was stored (its hold is released, at once or by
// Resume once Policy.HoldGrace has passed): the host may place it again. Once
// the order is stored Place returns it: a seal that fails for the store's sake
// is left to Resume, which seals the hold of an order that exists. Only a seal
// the stock keeper refuses — the hold is gone or is not the order's lines,
// which a Place slower than HoldGrace could meet — is returned as an error
// with the order. The order is placed under the policy version in force at
// Place's now and records its name (Order.PolicyVersion); before the first
// version it is shopkit.CodeNoVersionInForce and nothing is numbered. Its
// payment reminder is fixed here, in the service's business hours (see
// ServiceConfig.Hours, Order.ReminderDue).
func (s *Service) Place(ctx context.Context, in PlaceOrder) (*Order, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	now := s.now()
	version, err := s.policies.At(now)
	if err != nil {
		return nil, err
	}
	number, err := s.numberer.Next(ctx, now)
	if err != nil {
		return nil, err
	}
	o, err := NewOrder(in, number, version.Policy, now)
	if err != nil {
		return nil, err
	}
	o.policyVersion = version.Name
	if s.hours != nil {
		o.remindAt = s.hours.NextOpen(o.remindAt) // R2.3.5, R6.1: reminders wait for business hours
	}
	if o.policy.reserveAtPayment() {
		if err := s.store.Create(ctx, o); err != nil {
			return nil, err
		}
		o.MarkSaved()
		return o, nil
	}
	ref, lines := o.id.String(), orderStockLines(o.lines)
	if err := s.stock.Hold(ctx, ref, lines); err != nil {
		return nil, err
	}
	if err := s.store.Create(ctx, o); err != nil {
		// A create that failed may have been written all the same (an error
		// after the commit): the hold is released at once only when the order
		// is known not to exist, and the placing goes on when it does;
		// otherwise the hold waits, unsealed, for Resume.
		_, gerr := s.store.Get(ctx, o.id)
		switch {
		case errors.Is(gerr, shopkit.ErrNotFound):
			return nil, errors.Join(err, s.stock.Release(context.WithoutCancel(ctx), ref))
		case gerr != nil:
			return nil, err
		}
	}
	o.MarkSaved()
	if err := s.stock.Seal(ctx, ref, lines); sealRefused(err) {
		return o, fmt.Errorf("order %s is placed but its stock is not held as placed: %w", o.number, err)
	}
	return o, nil
}

// sealRefused reports a Seal the stock keeper refused (nothing held, or not
// the order's lines), as opposed to one that did not get through.
func sealRefused(err error) bool {
	code := shopkit.CodeOf(err)
	return code == inventory.CodeNoReservation || code == inventory.CodeReservationExists
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

// update runs fn on the stored order in one update and returns the saved
// order, and whether fn recorded a stock step. fn changes only the order: the
// store may run it more than once.
func (s *Service) update(ctx context.Context, id uuid.UUID, fn func(*Order) error) (*Order, bool, error) {
	var out *Order
	var recorded bool
	err := s.store.Update(ctx, id, func(o *Order) error {
		step, at := o.stockStep, o.stockStepAt
		if err := fn(o); err != nil {
			return err
		}
		recorded = o.stockStep != "" && (o.stockStep != step || !o.stockStepAt.Equal(at))
		out = o.Clone()
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	out.MarkSaved()
	return out, recorded, nil
}

// act runs fn on the stored order in one update and returns the saved order;
// when fn recorded a stock step, it then finishes the step (finish).
func (s *Service) act(ctx context.Context, id uuid.UUID, fn func(*Order, time.Time) error) (*Order, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	now := s.now()
	out, recorded, err := s.update(ctx, id, func(o *Order) error { return fn(o, now) })
	if err != nil {
		return nil, err
	}
	if recorded {
		_, err = s.finish(ctx, out)
	}
	return out, err
}

// finish runs o's pending stock step — Commit or Release of the order's ref,
// both idempotent — and then marks it done in an update of its own; o then
// shows it done. When another call marked it done first, already is true. On
// error the step stays pending, for Resume.
func (s *Service) finish(ctx context.Context, o *Order) (already bool, err error) {
	step, _, ok := o.PendingStock()
	if !ok {
		return false, nil
	}
	ref := o.id.String()
	if step == StepCommit {
		err = s.stock.Commit(ctx, ref)
	} else {
		err = s.stock.Release(ctx, ref)
	}
	if err == nil {
		err = s.store.Update(ctx, o.id, func(cur *Order) error { return cur.MarkStockStepDone(step) })
		if shopkit.CodeOf(err) == CodeNoStockStep {
			already, err = true, nil
		}
	}
	if err != nil {
		return false, fmt.Errorf("order %s: its stock %s is pending (Service.Resume finishes it): %w", o.number, step, err)
	}
	_ = o.MarkStockStepDone(step)
	return already, nil
}

// Pay records a payment (R2.3.4, R2.5). Under ReserveAtPayment it first
// checks the payment on a copy of the loaded order, then reserves the lines
// under the order's ref, then saves the payment (see Service for the failures
// between the two): a shortage fails the payment and changes nothing.
func (s *Service) Pay(ctx context.Context, id uuid.UUID, by shopkit.Actor, p Payment) (*Order, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	if cur, err := s.policies.At(s.now()); err == nil && !cur.Policy.reserveAtPayment() {
		// Most orders were placed under the policy in force: one update. One
		// placed under ReserveAtPayment refuses it, and is paid below.
		out, err := s.act(ctx, id, func(o *Order, now time.Time) error {
			if o.policy.reserveAtPayment() {
				return errReserveFirst
			}
			return o.Pay(by, p, now)
		})
		if !errors.Is(err, errReserveFirst) {
			return out, err
		}
	}
	now := s.now()
	loaded, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	pay := func(o *Order) error { return o.Pay(by, p, now) }
	if !loaded.policy.reserveAtPayment() {
		out, _, err := s.update(ctx, id, pay)
		return out, err
	}
	if err := pay(loaded.Clone()); err != nil {
		return nil, err // refused: nothing reserved
	}
	ref := id.String()
	if err := s.stock.Reserve(ctx, ref, orderStockLines(loaded.lines)); err != nil {
		return nil, err
	}
	out, _, err := s.update(ctx, id, pay)
	if err != nil {
		return nil, errors.Join(err, s.unreserve(ctx, id))
	}
	return out, nil
}

// errReserveFirst tells Pay that the order reserves at payment.
var errReserveFirst = errors.New("order reserves at payment")

// unreserve is Pay's compensation after saving the payment failed: it
// releases the order's ref unless a payment may still be saved (the order
// awaits payment: the failure was the store's, as a crash) or another call's
// payment was (the order holds its reservation). In those cases, and when the
// order cannot be read, the hold stays: a retried Pay reuses it, the close
// releases it. It runs even if ctx is cancelled.
func (s *Service) unreserve(ctx context.Context, id uuid.UUID) error {
	ctx = context.WithoutCancel(ctx)
	o, err := s.store.Get(ctx, id)
	if err != nil || o.state == OrderPendingPayment || o.stockReserved {
		return nil
	}
	return s.stock.Release(ctx, id.String())
}

// Confirm records the merchant's confirmation.
func (s *Service) Confirm(ctx context.Context, id uuid.UUID, by shopkit.Actor) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.Confirm(by, now) })
}

// Ship records the shipment with a pending commit step in one update, then
// commits the reservation (R2.2) and marks the step done. If committing or
// marking fails, Ship returns the shipped order with the error; the commit
// stays pending and Resume finishes it.
func (s *Service) Ship(ctx context.Context, id uuid.UUID, by shopkit.Actor, carrier, trackingNumber string) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.Ship(by, carrier, trackingNumber, now) })
}

// Deliver records that the parcel was signed for at signedAt (zero: now).
func (s *Service) Deliver(ctx context.Context, id uuid.UUID, by shopkit.Actor, signedAt time.Time) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.Deliver(by, signedAt, now) })
}

// Complete records the buyer's confirmation of receipt.
func (s *Service) Complete(ctx context.Context, id uuid.UUID, by shopkit.Actor) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.Complete(by, now) })
}

// Cancel cancels before shipment: closes an unpaid order (releasing its stock,
// as a pending step finished after the update) or records a refund-only
// request for a paid one (read it with RefundRequest).
func (s *Service) Cancel(ctx context.Context, id uuid.UUID, by shopkit.Actor, reason string) (*Order, error) {
	return s.act(ctx, id, func(o *Order, now time.Time) error { return o.Cancel(by, reason, now) })
}

// MarkRefunded ends a cancelled order whose refund completed, releasing its
// stock (a pending step finished after the update).
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
// orders so that sweeps on several instances split them (shopkit.Sweep). A
// close records its release as a pending step, which the sweep finishes after
// the close is saved; a release that fails is reported as a SweepFailure of
// that order (its close is saved, the step stays pending for Resume, and the
// release_stock effect is in the outbox).
func (s *Service) Sweep(ctx context.Context) (shopkit.SweepResult, error) {
	if err := s.ready(); err != nil {
		return shopkit.SweepResult{}, err
	}
	return shopkit.Sweep[*Order](ctx, releasingOrderStore{s}, s.now(), sweepBatch)
}

// Resume finishes the stock steps that actions left pending (R2.2, R2.8),
// then settles the unsealed holds that placings left. A host runs it
// periodically, with its sweeps, and after a restart; running it twice, or on
// several instances, is harmless.
//
// First the pending steps: a commit after a shipment, a release after a
// close, a cancellation or a refund, whose StockKeeper call or marking failed,
// or did not run because the process stopped. It lists Store.Pending in
// batches, oldest step first, and for each order runs the step again by the
// order's ref (idempotent: what was done already changes nothing) and marks it
// done. An order whose step another call marked done first is Skipped.
//
// Then the unsealed holds (StockKeeper.Unsealed) taken at or before now −
// Policy.HoldGrace, oldest first: a Place that failed or stopped between its
// hold and its seal. By the hold's ref, the order's ID: an order that exists
// gets its hold sealed; one that is not found (ErrNotFound) never will be, and
// its hold is released. The grace keeps a Place still in flight from losing
// its stock: Resume never touches a younger hold. An order with a pending
// stock step is left to the step, which commits or releases its hold, sealed
// or not (Skipped), as is a hold settled meanwhile and a ref that is not an
// order ID. An unpaid order placed under ReserveAtPayment whose Pay stopped
// inside its reservation may hold a part of its lines, which cannot be sealed:
// it is released, and a retried Pay reserves afresh.
//
// Applied counts the steps finished and the holds sealed or released. A
// failure is reported in Failures with its cause (the order's ID), the step or
// hold stays pending, and Resume goes on with the others; a failing listing
// ends the run with its error.
func (s *Service) Resume(ctx context.Context) (shopkit.SweepResult, error) {
	if err := s.ready(); err != nil {
		return shopkit.SweepResult{}, err
	}
	var res shopkit.SweepResult
	passed := map[uuid.UUID]bool{} // skipped or failed in this run: not tried again
	for {
		pending, err := s.store.Pending(ctx, sweepBatch+len(passed))
		if err != nil {
			return res, err
		}
		progress := false
		for _, o := range pending {
			if passed[o.id] {
				continue
			}
			progress = true
			already, err := s.finish(ctx, o)
			switch {
			case err == nil && already:
				res.Skipped++
				passed[o.id] = true
			case err == nil:
				res.Applied++
			case ctx.Err() != nil:
				return res, ctx.Err()
			default:
				res.Failures = append(res.Failures, shopkit.SweepFailure{ID: o.id, Err: err})
				passed[o.id] = true
			}
		}
		if !progress {
			break
		}
	}
	return res, s.settleHolds(ctx, &res)
}

// settleHolds seals or releases, by their order, the unsealed holds older
// than the policy's HoldGrace, the longest of the versions' (see Resume), in
// batches, each ref once.
func (s *Service) settleHolds(ctx context.Context, res *shopkit.SweepResult) error {
	before := s.now().Add(-s.holdGrace)
	seen := map[string]bool{}
	for {
		limit := sweepBatch + len(seen)
		refs, err := s.stock.Unsealed(ctx, before, limit)
		if err != nil {
			return err
		}
		fresh := false
		for _, ref := range refs {
			if seen[ref] {
				continue
			}
			seen[ref], fresh = true, true
			id, applied, err := s.settleHold(ctx, ref)
			switch {
			case err == nil && applied:
				res.Applied++
			case err == nil:
				res.Skipped++
			case ctx.Err() != nil:
				return ctx.Err()
			default:
				res.Failures = append(res.Failures, shopkit.SweepFailure{ID: id, Err: err})
			}
		}
		if !fresh || len(refs) < limit {
			return nil
		}
	}
}

// settleHold seals the unsealed hold ref when its order exists and releases it
// when the order is not found; applied is false when it left the hold alone.
func (s *Service) settleHold(ctx context.Context, ref string) (id uuid.UUID, applied bool, err error) {
	id, err = uuid.Parse(ref)
	if err != nil || id.String() != ref {
		return uuid.Nil, false, nil // not an order's ref
	}
	o, err := s.store.Get(ctx, id)
	if errors.Is(err, shopkit.ErrNotFound) {
		// Its Place failed or stopped before the order was stored.
		if err := s.stock.Release(ctx, ref); err != nil {
			return id, false, fmt.Errorf("releasing the stock held for order %s, never stored: %w", ref, err)
		}
		return id, true, nil
	}
	if err != nil {
		return id, false, err
	}
	if _, _, pending := o.PendingStock(); pending {
		return id, false, nil // the step commits or releases the hold
	}
	err = s.stock.Seal(ctx, ref, orderStockLines(o.lines))
	switch code := shopkit.CodeOf(err); {
	case err == nil:
		return id, true, nil
	case code == inventory.CodeNoReservation:
		return id, false, nil // committed or released meanwhile
	case code == inventory.CodeReservationExists && o.state == OrderPendingPayment && !o.stockReserved:
		// A Pay under ReserveAtPayment stopped inside its reservation.
		if err := s.stock.Release(ctx, ref); err != nil {
			return id, false, fmt.Errorf("order %s: releasing a payment's unfinished reservation: %w", o.number, err)
		}
		return id, true, nil
	}
	return id, false, fmt.Errorf("order %s: sealing its stock hold: %w", o.number, err)
}

// sweepBatch is how many due (or pending) orders a sweep (or Resume) reads at
// a time.
const sweepBatch = 100

// releasingOrderStore finishes the stock step an update recorded (a close's
// release) after the update is saved. It forwards Due and Claim as they are: a
// sweep claims through it, so that sweeps on several instances split the due
// orders (R2.9).
type releasingOrderStore struct{ s *Service }

func (r releasingOrderStore) Due(ctx context.Context, t time.Time, limit int) ([]*Order, error) {
	return r.s.store.Due(ctx, t, limit)
}

func (r releasingOrderStore) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*Order, error) {
	return r.s.store.Claim(ctx, t, limit, lease)
}

func (r releasingOrderStore) Update(ctx context.Context, id uuid.UUID, fn func(*Order) error) error {
	out, recorded, err := r.s.update(ctx, id, fn)
	if err != nil || !recorded {
		return err
	}
	if _, err := r.s.finish(ctx, out); err != nil {
		// Not wrapped: a conflict from the stock keeper must not read as "someone
		// acted first" to the sweep, which would count it as skipped.
		return fmt.Errorf("order %s closed but releasing its stock failed: %v", out.number, err)
	}
	return nil
}
