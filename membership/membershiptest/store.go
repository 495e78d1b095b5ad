// Package membershiptest provides an in-memory membership.Store and TestStore, the
// conformance suite a host runs against its own store (RULES R2.8).
package membershiptest

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit/internal/memstore"
	"github.com/shopkit/shopkit/membership"
)

// Store is an in-memory membership.Store, safe for concurrent use.
type Store struct {
	s *memstore.Store[*membership.Member]
}

var _ membership.Store = (*Store)(nil)

// NewStore returns an empty in-memory store.
func NewStore() *Store {
	return &Store{s: memstore.New(memstore.Config[*membership.Member]{
		Name:     "membership.member",
		ID:       (*membership.Member).ID,
		Clone:    (*membership.Member).Clone,
		Deadline: (*membership.Member).Deadline,
		Saved:    (*membership.Member).MarkSaved,
	})}
}

// Create stores a copy of m.
func (s *Store) Create(ctx context.Context, m *membership.Member) error { return s.s.Create(ctx, m) }

// Get returns a copy of the member.
func (s *Store) Get(ctx context.Context, id uuid.UUID) (*membership.Member, error) {
	return s.s.Get(ctx, id)
}

// Update applies fn to a copy under the member's lock and stores it if fn succeeds.
func (s *Store) Update(ctx context.Context, id uuid.UUID, fn func(*membership.Member) error) error {
	return s.s.Update(ctx, id, fn)
}

// Due returns nothing: members never wait on a deadline. It exists so the generic
// store suite can run against this store.
func (s *Store) Due(ctx context.Context, t time.Time, limit int) ([]*membership.Member, error) {
	return s.s.Due(ctx, t, limit)
}

// ByTier lists the shop's members in the tier.
func (s *Store) ByTier(ctx context.Context, shopID, tier string) ([]*membership.Member, error) {
	return s.s.Find(ctx, func(m *membership.Member) bool { return m.ShopID() == shopID && m.Tier() == tier })
}

// Len returns the number of stored members.
func (s *Store) Len() int { return s.s.Len() }
