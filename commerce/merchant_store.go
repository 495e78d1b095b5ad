package commerce

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// MerchantStore is what the merchant workflow needs of a host's storage (R2.8).
// commercetest.NewMerchantStore is an in-memory implementation and
// commercetest.TestMerchantStore the conformance suite for a host's own.
type MerchantStore interface {
	// Create stores a new merchant and its audit entries; an existing ID is a
	// conflict (shopkit.ErrConflict).
	Create(ctx context.Context, m *Merchant) error
	// Get returns a copy of the merchant, or an error matching shopkit.ErrNotFound.
	Get(ctx context.Context, id uuid.UUID) (*Merchant, error)
	// Update loads the merchant, calls fn, and persists the result together with
	// the audit entries fn added (m.Unsaved()) atomically. If fn fails, nothing is
	// written and fn's error is returned. Concurrent updates of one merchant never
	// lose a change: the store serialises them or returns a conflict.
	Update(ctx context.Context, id uuid.UUID, fn func(m *Merchant) error) error
	// Due lists at most limit merchants whose Deadline is at or before t, earliest
	// first: applications under review whose review deadline may have passed.
	Due(ctx context.Context, t time.Time, limit int) ([]*Merchant, error)
	// OverdueReviews lists the applications whose review is overdue at now (R1.1):
	// in state review_overdue, or under review with a review deadline before now
	// that no sweep has marked yet; earliest review deadline first.
	OverdueReviews(ctx context.Context, now time.Time) ([]*Merchant, error)
}

// ReviewOverdue reports whether m's review decision is overdue at now (R1.1): it
// was marked overdue, or it is under review and now is after the deadline. A host
// store's OverdueReviews returns exactly the merchants for which this is true.
func (m *Merchant) ReviewOverdue(now time.Time) bool {
	switch m.state {
	case MerchantReviewOverdue:
		return true
	case MerchantUnderReview:
		return now.After(m.reviewDue)
	}
	return false
}

// MerchantService runs the application workflow against a store: each method
// loads the merchant, applies one checked action at the clock's time, and saves it
// with its audit entries. It holds no rules of its own.
type MerchantService struct {
	Store    MerchantStore    // the host's merchants (R2.8)
	Policy   MerchantPolicy   // the review deadline in working days (R1.1)
	Calendar WorkingCalendar  // working days for the review deadline (R0.3)
	Clock    func() time.Time // the time every action is stamped with (R0.3)
}

// NewMerchantService returns a service with DefaultMerchantPolicy.
func NewMerchantService(store MerchantStore, cal WorkingCalendar, clock func() time.Time) *MerchantService {
	return &MerchantService{Store: store, Policy: DefaultMerchantPolicy(), Calendar: cal, Clock: clock}
}

func (s *MerchantService) update(ctx context.Context, id uuid.UUID, fn func(m *Merchant, now time.Time) error) error {
	if s.Clock == nil {
		return shopkit.Invalid("commerce.invalid_service", "clock", "is required")
	}
	now := s.Clock()
	return s.Store.Update(ctx, id, func(m *Merchant) error { return fn(m, now) })
}

// Register creates and stores a new applicant (see NewMerchant).
func (s *MerchantService) Register(ctx context.Context, by Actor, reg MerchantRegistration, v EmailVerification) (*Merchant, error) {
	if s.Clock == nil {
		return nil, shopkit.Invalid("commerce.invalid_service", "clock", "is required")
	}
	m, err := NewMerchant(by, reg, v, s.Clock())
	if err != nil {
		return nil, err
	}
	if err := s.Store.Create(ctx, m); err != nil {
		return nil, err
	}
	m.MarkSaved()
	return m, nil
}

// Get returns the merchant.
func (s *MerchantService) Get(ctx context.Context, id uuid.UUID) (*Merchant, error) {
	return s.Store.Get(ctx, id)
}

// ResendVerification replaces the verification token (see Merchant.ResendVerification).
func (s *MerchantService) ResendVerification(ctx context.Context, id uuid.UUID, by Actor, v EmailVerification) error {
	return s.update(ctx, id, func(m *Merchant, now time.Time) error { return m.ResendVerification(by, now, v) })
}

// VerifyEmail verifies the e-mail address (see Merchant.VerifyEmail).
func (s *MerchantService) VerifyEmail(ctx context.Context, id uuid.UUID, by Actor, token string) error {
	return s.update(ctx, id, func(m *Merchant, now time.Time) error { return m.VerifyEmail(by, now, token) })
}

// UpdateProfile replaces the profile (see Merchant.UpdateProfile).
func (s *MerchantService) UpdateProfile(ctx context.Context, id uuid.UUID, by Actor, p MerchantProfile) error {
	return s.update(ctx, id, func(m *Merchant, now time.Time) error { return m.UpdateProfile(by, now, p) })
}

// ChooseCategories sets the service categories (see Merchant.ChooseCategories).
func (s *MerchantService) ChooseCategories(ctx context.Context, id uuid.UUID, by Actor, categories []string) error {
	return s.update(ctx, id, func(m *Merchant, now time.Time) error { return m.ChooseCategories(by, now, categories) })
}

// Submit submits the application with the service's policy and calendar (see
// Merchant.Submit).
func (s *MerchantService) Submit(ctx context.Context, id uuid.UUID, by Actor) error {
	return s.update(ctx, id, func(m *Merchant, now time.Time) error { return m.Submit(by, now, s.Policy, s.Calendar) })
}

// Approve admits the merchant (see Merchant.Approve).
func (s *MerchantService) Approve(ctx context.Context, id uuid.UUID, by Actor, terms MerchantTerms, note string) error {
	return s.update(ctx, id, func(m *Merchant, now time.Time) error { return m.Approve(by, now, terms, note) })
}

// Reject turns the application down (see Merchant.Reject).
func (s *MerchantService) Reject(ctx context.Context, id uuid.UUID, by Actor, reasons []string) error {
	return s.update(ctx, id, func(m *Merchant, now time.Time) error { return m.Reject(by, now, reasons) })
}

// Edit reopens a rejected application (see Merchant.Edit).
func (s *MerchantService) Edit(ctx context.Context, id uuid.UUID, by Actor) error {
	return s.update(ctx, id, func(m *Merchant, now time.Time) error { return m.Edit(by, now) })
}

// Withdraw ends an application (see Merchant.Withdraw).
func (s *MerchantService) Withdraw(ctx context.Context, id uuid.UUID, by Actor, reason string) error {
	return s.update(ctx, id, func(m *Merchant, now time.Time) error { return m.Withdraw(by, now, reason) })
}

// OverdueReviews lists the applications whose review is overdue now (R1.1).
func (s *MerchantService) OverdueReviews(ctx context.Context) ([]*Merchant, error) {
	if s.Clock == nil {
		return nil, shopkit.Invalid("commerce.invalid_service", "clock", "is required")
	}
	return s.Store.OverdueReviews(ctx, s.Clock())
}

// Sweep marks every application whose review deadline has passed as overdue
// (R1.1, R2.9), each stamped with its deadline.
func (s *MerchantService) Sweep(ctx context.Context) (SweepResult, error) {
	if s.Clock == nil {
		return SweepResult{}, shopkit.Invalid("commerce.invalid_service", "clock", "is required")
	}
	return Sweep[*Merchant](ctx, s.Store, s.Clock(), 100)
}
