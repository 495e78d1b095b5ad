package membership

import (
	"context"

	"github.com/google/uuid"
)

// Store persists members (R2.8). The host implements it; membershiptest.NewStore
// is an in-memory one and membershiptest.TestStore the conformance suite.
//
// Members never wait on a deadline (tiers do not expire), so unlike the stores
// of workflow packages it has no Due method.
type Store interface {
	// Create stores a new member; an existing ID is an ErrConflict error.
	Create(ctx context.Context, m *Member) error
	// Get returns the member; an unknown ID is an ErrNotFound error.
	Get(ctx context.Context, id uuid.UUID) (*Member, error)
	// Update loads the member, calls fn, and persists the result together with
	// m.Unsaved() atomically. If fn fails nothing is written. Concurrent updates of
	// one member either wait or fail with ErrConflict; none is lost.
	Update(ctx context.Context, id uuid.UUID, fn func(*Member) error) error
	// ByTier lists the shop's members whose current tier is tier, in any order
	// (for coupons to a tier, R5.4).
	ByTier(ctx context.Context, shopID, tier string) ([]*Member, error)
}
