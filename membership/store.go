package membership

import (
	"context"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
)

// Store persists members (R2.8). The host implements it; membershiptest.NewStore
// is an in-memory one and membershiptest.TestStore the conformance suite.
//
// Members never wait on a deadline (tiers do not expire), so unlike the stores
// of workflow packages it has no Due or Claim method. Pending lists the members
// with a coupon grant recorded and not yet issued, which Service.Resume
// finishes (docs/storage.md, "Steps across two stores").
//
// The member's state and its audit trail are kept apart (R0.4): Create and
// Update append m.Unsaved() to the trail, an append-only log that Trail reads,
// and a loaded member carries no history. Instants are compared to the
// nanosecond: a store keeps them exactly (in the JSON state); a SQL timestamp
// column kept for an index may round them to the microsecond, since queries
// use it only to find candidates.
type Store interface {
	shopkit.TrailReader
	// Create stores a new member; an existing ID is an ErrConflict error
	// (CodeMemberExists).
	Create(ctx context.Context, m *Member) error
	// Get returns the member; an unknown ID is an ErrNotFound error
	// (CodeMemberNotFound).
	Get(ctx context.Context, id uuid.UUID) (*Member, error)
	// Update loads the member, calls fn, and persists the result together with
	// m.Unsaved() atomically. If fn fails nothing is written. Concurrent updates of
	// one member serialize; none is lost. An unknown ID is an ErrNotFound error and
	// fn is not called. The store may run fn more than once (after a
	// transient failure); fn changes only the entity it is given. When the store
	// gives up it returns an error matching shopkit.ErrRetry and writes nothing.
	Update(ctx context.Context, id uuid.UUID, fn func(*Member) error) error
	// ByTier lists the shop's members whose current tier is tier and whose ID is
	// above after (uuid.Nil: from the start), in ascending ID order (bytewise),
	// at most limit of them (for coupons to a tier, R5.4): a caller pages
	// through a tier by passing the last ID it got. limit must be at least 1;
	// below 1 it is shopkit.CheckLimit's ErrInvalid error.
	ByTier(ctx context.Context, shop uuid.UUID, tier string, after uuid.UUID, limit int) ([]*Member, error)
	// Pending lists at most limit members (of every shop the store holds) with
	// a pending coupon grant (Member.PendingCoupons), oldest first by
	// Member.PendingSince, ties by ascending ID (bytewise). A member leaves the
	// list once its last pending grant is done. It is an indexed query (a
	// partial index on the oldest pending grant's time, in SQL), costing what
	// it returns. limit must be at least 1; below 1 it is shopkit.CheckLimit's
	// ErrInvalid error.
	Pending(ctx context.Context, limit int) ([]*Member, error)
}
