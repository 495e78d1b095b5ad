package pgstore

import (
	"context"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/membership"
)

// Members is the PostgreSQL membership.Store: table members (one per shop
// and customer, indexed for ByTier and Pending), its trail members_trail and
// the outbox.
type Members struct {
	t *table[*membership.Member, uuid.UUID]
}

var _ membership.Store = (*Members)(nil)

// Members returns the membership store.
func (db *DB) Members() *Members {
	return &Members{newTable(db, tableDef[*membership.Member, uuid.UUID]{
		table: "members", keyColumn: "id",
		entity: "member", notFound: membership.CodeMemberNotFound, exists: membership.CodeMemberExists,
		// A shop's customer is one member (membership.MemberID), whatever ID a
		// restored member carries.
		unique:    map[string]string{"members_shop_customer_key": membership.CodeMemberExists},
		key:       (*membership.Member).ID,
		keyText:   uuid.UUID.String,
		shop:      (*membership.Member).ShopID,
		snapshot:  func(m *membership.Member) any { return m.Snapshot() },
		restore:   restoreJSON(membership.RestoreMember),
		unsaved:   (*membership.Member).Unsaved,
		markSaved: (*membership.Member).MarkSaved,
		// Members never wait on a deadline (tiers do not expire).
		columns: []column[*membership.Member]{
			{"customer", func(m *membership.Member) any { return m.CustomerID() }},
			{"tier", func(m *membership.Member) any { return m.Tier() }},
			{"pending_ns", func(m *membership.Member) any {
				if at, ok := m.PendingSince(); ok {
					return nanos(at)
				}
				return nil
			}},
		},
	})}
}

// Create stores a new member with its first trail entries and effects; an ID
// or a shop's customer taken is ErrConflict (membership.CodeMemberExists).
func (s *Members) Create(ctx context.Context, m *membership.Member) error { return s.t.create(ctx, m) }

// Get returns the member, or ErrNotFound (membership.CodeMemberNotFound).
func (s *Members) Get(ctx context.Context, id uuid.UUID) (*membership.Member, error) {
	return s.t.get(ctx, id)
}

// Update locks the member, calls fn and, if fn returns nil, writes the
// member, its new entries and effects in one transaction; fn may run again
// after a transient failure (see Config.Attempts).
func (s *Members) Update(ctx context.Context, id uuid.UUID, fn func(*membership.Member) error) error {
	return s.t.update(ctx, id, fn)
}

// Trail reads the member's audit trail a page at a time (shopkit.TrailReader).
func (s *Members) Trail(ctx context.Context, id uuid.UUID, after, limit int) ([]shopkit.Entry, error) {
	return s.t.trail(ctx, id, after, limit)
}

// ByTier lists at most limit of the shop's members in tier whose ID is above
// after, by ascending ID (R5.4; an index on shop_id, tier, id): uuid order in
// SQL is bytewise.
func (s *Members) ByTier(ctx context.Context, shop uuid.UUID, tier string, after uuid.UUID, limit int) ([]*membership.Member, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	return s.t.query(ctx, "list a tier's members",
		"shop_id = $1 AND tier = $2 AND id > $3 ORDER BY id LIMIT $4", shop, tier, after, limit)
}

// Pending lists at most limit members with a pending coupon grant, oldest
// grant first, ties by ID (a partial index on pending_ns, id).
func (s *Members) Pending(ctx context.Context, limit int) ([]*membership.Member, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	return s.t.query(ctx, "list members with a pending coupon grant",
		"pending_ns IS NOT NULL ORDER BY pending_ns, id LIMIT $1", limit)
}
