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

// Store is an in-memory membership.Store, safe for concurrent use, with an
// indexed Pending. ByTier reads every member (a production store indexes the
// shop and tier).
type Store struct {
	*memstore.Store[*membership.Member]
}

var _ membership.Store = (*Store)(nil)

// pendingKey files the members with a pending coupon grant in the store's key
// index, so Pending costs what is pending, not what is stored.
const pendingKey = "pending"

// NewStore returns an empty in-memory store.
func NewStore() *Store {
	return &Store{memstore.New(memstore.Config[*membership.Member]{
		Entity: "member", NotFound: membership.CodeMemberNotFound, Exists: membership.CodeMemberExists,
		ID:       (*membership.Member).ID,
		Clone:    (*membership.Member).Clone,
		Deadline: (*membership.Member).Deadline,
		Keys: func(m *membership.Member) []string {
			if _, ok := m.PendingSince(); ok {
				return []string{pendingKey}
			}
			return nil
		},
		Unsaved: (*membership.Member).Unsaved,
		Saved:   (*membership.Member).MarkSaved,
	})}
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

// Pending lists at most limit (≥ 1) members with a pending coupon grant, oldest
// grant first (ties by ID), from the store's key index.
func (s *Store) Pending(ctx context.Context, limit int) ([]*membership.Member, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	found, err := s.ByKey(ctx, pendingKey)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(found, func(a, b *membership.Member) int {
		at, _ := a.PendingSince()
		bt, _ := b.PendingSince()
		if c := at.Compare(bt); c != 0 {
			return c
		}
		x, y := a.ID(), b.ID()
		return bytes.Compare(x[:], y[:])
	})
	return found[:min(len(found), limit)], nil
}
