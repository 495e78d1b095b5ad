// Package membershiptest provides an in-memory membership.Store and TestStore, the
// conformance suite a host runs against its own store (RULES R2.8).
package membershiptest

import (
	"bytes"
	"context"
	"slices"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/memstore"
	"github.com/shopkit/shopkit/membership"
)

// Store is an in-memory membership.Store, safe for concurrent use.
type Store struct {
	*memstore.Store[*membership.Member]
}

var _ membership.Store = (*Store)(nil)

// NewStore returns an empty in-memory store.
func NewStore() *Store {
	return &Store{memstore.NewAggregate[*membership.Member]("member",
		membership.CodeMemberNotFound, membership.CodeMemberExists)}
}

// ByTier lists at most limit (≥ 1) of the shop's members in the tier whose ID is
// above after, in ascending ID order. It reads every member: a production store
// uses an index on (shop, tier, id).
func (s *Store) ByTier(ctx context.Context, shop uuid.UUID, tier string, after uuid.UUID, limit int) ([]*membership.Member, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	ms, err := s.Find(ctx, func(m *membership.Member) bool {
		id := m.ID()
		return m.ShopID() == shop && m.Tier() == tier && bytes.Compare(id[:], after[:]) > 0
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(ms, func(a, b *membership.Member) int {
		x, y := a.ID(), b.ID()
		return bytes.Compare(x[:], y[:])
	})
	return ms[:min(len(ms), limit)], nil
}
