package catalog

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// ListingStore is what the listing service needs of the host's storage (R2.8).
// catalogtest.NewListingStore is an in-memory implementation and
// catalogtest.TestListingStore the conformance suite for a host's own.
//
// Instants are compared to the nanosecond: a store keeps them exactly (in the
// JSON state); a SQL timestamp column kept for an index may round them to the
// microsecond, since queries use it only to find candidates.
type ListingStore interface {
	// Trail reads a listing's audit trail, which Create and Update append to
	// (R0.4).
	shopkit.TrailReader
	// Create stores a new listing and its audit entries; an existing ID is a
	// conflict (shopkit.ErrConflict).
	Create(ctx context.Context, l *Listing) error
	// Get returns the listing, or an error matching shopkit.ErrNotFound.
	Get(ctx context.Context, id uuid.UUID) (*Listing, error)
	// Update loads the listing, calls fn, and persists the result together with
	// l.Unsaved() atomically; nothing is written when fn fails. The store may run fn more than once (after a
	// transient failure); fn changes only the entity it is given. When the store
	// gives up it returns an error matching shopkit.ErrRetry and writes nothing.
	Update(ctx context.Context, id uuid.UUID, fn func(l *Listing) error) error
	// Due lists at most limit listings whose deadline is at or before t,
	// earliest first. limit must be at least 1; below 1 it is
	// shopkit.CheckLimit's ErrInvalid error.
	Due(ctx context.Context, t time.Time, limit int) ([]*Listing, error)
	// Claim lists at most limit listings whose deadline is at or before t and
	// that no other sweeper holds at t, earliest first, and holds them for
	// lease.Owner until lease.Until; a successful Update ends the hold (R2.9).
	// Sweep calls it, so sweeps on several instances split the due work.
	Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*Listing, error)
	// ListByMerchant lists at most limit of a merchant's listings, oldest first.
	// limit must be at least 1; below 1 it is shopkit.CheckLimit's ErrInvalid
	// error.
	ListByMerchant(ctx context.Context, merchantID uuid.UUID, limit int) ([]*Listing, error)
}

// ListingServiceConfig is what NewListingService wires together.
type ListingServiceConfig struct {
	Store    ListingStore        // the host's listings (R2.8)
	Checkers []ComplianceChecker // compliance checks after the completeness check; none is allowed
	Policy   ListingPolicy       // which edits need review, and the review deadline
	Clock    shopkit.Clock       // the time every action is stamped with (R0.3)
}

// ListingService runs the listing workflow over a store (R2.1): load → act →
// save, and the automatic review right after a submission. Build one with
// NewListingService: the methods of a zero ListingService return an error with
// code shopkit.CodeNotBuilt.
type ListingService struct {
	store    ListingStore
	checkers []ComplianceChecker
	policy   ListingPolicy
	clock    shopkit.Clock
}

// NewListingService checks cfg and returns its service. A nil store, clock or
// checker, or an invalid policy, is a *shopkit.ValidationError
// (CodeInvalidConfig) naming every field at fault ("store", "checkers[1]",
// "policy.review_within").
func NewListingService(cfg ListingServiceConfig) (*ListingService, error) {
	var problems []shopkit.FieldProblem
	if cfg.Store == nil {
		problems = append(problems, shopkit.FieldProblem{Field: "store", Problem: "is required"})
	}
	if cfg.Clock == nil {
		problems = append(problems, shopkit.FieldProblem{Field: "clock", Problem: "is required"})
	}
	for i, c := range cfg.Checkers {
		if c == nil {
			problems = append(problems, shopkit.FieldProblem{Field: "checkers[" + strconv.Itoa(i) + "]", Problem: "must not be nil"})
		}
	}
	problems = append(problems, shopkit.ProblemsUnder("policy", cfg.Policy.Validate())...)
	if err := shopkit.Incomplete(CodeInvalidConfig, problems); err != nil {
		return nil, err
	}
	return &ListingService{store: cfg.Store, checkers: slices.Clone(cfg.Checkers), policy: cfg.Policy.clone(), clock: cfg.Clock}, nil
}

// Policy returns the policy the service submits and edits listings under (the
// zero ListingPolicy for a service NewListingService did not build).
func (s *ListingService) Policy() ListingPolicy {
	if s == nil {
		return ListingPolicy{}
	}
	return s.policy.clone()
}

// ready reports a service that NewListingService did not build (a zero
// ListingService): every method that uses the store or the clock returns
// shopkit.NotBuilt, never panics.
func (s *ListingService) ready() error {
	if s == nil || s.store == nil || s.clock == nil {
		return shopkit.NotBuilt("catalog.ListingService")
	}
	return nil
}

func (s *ListingService) update(ctx context.Context, id uuid.UUID, fn func(l *Listing) error) (*Listing, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	var out *Listing
	err := s.store.Update(ctx, id, func(l *Listing) error {
		if err := fn(l); err != nil {
			return err
		}
		out = l.Clone()
		return nil
	})
	return out, err
}

// Create stores a new draft listing.
func (s *ListingService) Create(ctx context.Context, merchantID uuid.UUID, c ListingContent, by shopkit.Actor) (*Listing, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	l, err := NewListing(merchantID, c, by, s.clock())
	if err != nil {
		return nil, err
	}
	if err := s.store.Create(ctx, l); err != nil {
		return nil, err
	}
	l.MarkSaved()
	return l, nil
}

// Submit submits a draft and runs the automatic review at once (R2.1). It
// returns the listing as the review left it (approved or rejected). If a checker
// fails, the listing stays submitted and the error is returned with it: call
// Review again, or let the sweep escalate it at its review deadline.
func (s *ListingService) Submit(ctx context.Context, id uuid.UUID, by shopkit.Actor) (*Listing, error) {
	if _, err := s.update(ctx, id, func(l *Listing) error { return l.Submit(by, s.clock(), s.policy) }); err != nil {
		return nil, err
	}
	return s.Review(ctx, id)
}

// Review runs the automatic review of a submitted listing (R2.1) as the system:
// completeness, then the compliance checkers, outside the store's Update; then it
// approves or rejects the revision it checked. If the listing changed meanwhile
// the result is a conflict and nothing is written.
func (s *ListingService) Review(ctx context.Context, id uuid.UUID) (*Listing, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	l, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := l.check(ListingApprove, shopkit.SystemActor()); err != nil {
		return l, err
	}
	rev := l.Revision()
	findings, err := ReviewListing(ctx, l.Content(), s.checkers)
	if err != nil {
		return l, err
	}
	return s.update(ctx, id, func(l *Listing) error {
		if len(findings) == 0 {
			return l.Approve(shopkit.SystemActor(), s.clock(), rev, "automatic review passed")
		}
		return l.Reject(shopkit.SystemActor(), s.clock(), rev, findings)
	})
}

// Approve is a platform reviewer approving revision of a listing.
func (s *ListingService) Approve(ctx context.Context, id uuid.UUID, by shopkit.Actor, revision int64, note string) (*Listing, error) {
	return s.update(ctx, id, func(l *Listing) error { return l.Approve(by, s.clock(), revision, note) })
}

// Reject is a platform reviewer rejecting revision of a listing with reasons.
func (s *ListingService) Reject(ctx context.Context, id uuid.UUID, by shopkit.Actor, revision int64, reasons []Finding) (*Listing, error) {
	return s.update(ctx, id, func(l *Listing) error { return l.Reject(by, s.clock(), revision, reasons) })
}

// TakeDown is the platform taking a listing off sale with reasons.
func (s *ListingService) TakeDown(ctx context.Context, id uuid.UUID, by shopkit.Actor, reasons []Finding) (*Listing, error) {
	return s.update(ctx, id, func(l *Listing) error { return l.TakeDown(by, s.clock(), reasons) })
}

// Publish makes a listing visible.
func (s *ListingService) Publish(ctx context.Context, id uuid.UUID, by shopkit.Actor) (*Listing, error) {
	return s.update(ctx, id, func(l *Listing) error { return l.Publish(by, s.clock()) })
}

// Unpublish hides a listing.
func (s *ListingService) Unpublish(ctx context.Context, id uuid.UUID, by shopkit.Actor, reason string) (*Listing, error) {
	return s.update(ctx, id, func(l *Listing) error { return l.Unpublish(by, s.clock(), reason) })
}

// Remove deletes a listing.
func (s *ListingService) Remove(ctx context.Context, id uuid.UUID, by shopkit.Actor, reason string) (*Listing, error) {
	return s.update(ctx, id, func(l *Listing) error { return l.Remove(by, s.clock(), reason) })
}

// Edit replaces a listing's content; when the edit sends it back to review, the
// automatic review runs at once, as after Submit.
func (s *ListingService) Edit(ctx context.Context, id uuid.UUID, by shopkit.Actor, c ListingContent) (*Listing, error) {
	review := false
	l, err := s.update(ctx, id, func(l *Listing) error {
		var err error
		review, err = l.Edit(by, s.clock(), c, s.policy)
		return err
	})
	if err != nil || !review {
		return l, err
	}
	return s.Review(ctx, id)
}

// RecordView counts a view of a listing.
func (s *ListingService) RecordView(ctx context.Context, id uuid.UUID) error {
	if err := s.ready(); err != nil {
		return err
	}
	return s.store.Update(ctx, id, func(l *Listing) error { l.RecordView(); return nil })
}

// RecordPurchase counts a purchase of qty units of a listing.
func (s *ListingService) RecordPurchase(ctx context.Context, id uuid.UUID, qty int64) error {
	if err := s.ready(); err != nil {
		return err
	}
	return s.store.Update(ctx, id, func(l *Listing) error { return l.RecordPurchase(qty) })
}

// Get returns the listing.
func (s *ListingService) Get(ctx context.Context, id uuid.UUID) (*Listing, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	return s.store.Get(ctx, id)
}

// ListByMerchant lists at most limit (≥ 1) of a merchant's listings, oldest
// first.
func (s *ListingService) ListByMerchant(ctx context.Context, merchantID uuid.UUID, limit int) ([]*Listing, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	return s.store.ListByMerchant(ctx, merchantID, limit)
}

// Sweep escalates submitted listings whose review deadline has passed (R2.9).
func (s *ListingService) Sweep(ctx context.Context) (shopkit.SweepResult, error) {
	if err := s.ready(); err != nil {
		return shopkit.SweepResult{}, err
	}
	return shopkit.Sweep[*Listing](ctx, s.store, s.clock(), 100)
}
