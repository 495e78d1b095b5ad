// Package membershiptest provides an in-memory membership.Store and TestStore, the
// conformance suite a host runs against its own store (RULES R2.8).
package membershiptest

import (
	"context"

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
	return &Store{memstore.NewAggregate[*membership.Member]("membership.member")}
}

// ByTier lists the shop's members in the tier.
func (s *Store) ByTier(ctx context.Context, shopID, tier string) ([]*membership.Member, error) {
	return s.Find(ctx, func(m *membership.Member) bool { return m.ShopID() == shopID && m.Tier() == tier })
}
