package promotiontest

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/memstore"
)

// pendingKey files the entities with a pending step or hold in a store's key
// index, so Pending costs what is pending, not what is stored.
const pendingKey = "pending"

// pendingAggregate is an aggregate whose steps across stores may be pending.
type pendingAggregate[T any] interface {
	memstore.Aggregate[T]
	PendingSince() (time.Time, bool)
}

// newPendingStore returns an empty store of an aggregate that indexes its
// pending entities, and its deadlines when deadline is not nil.
func newPendingStore[T pendingAggregate[T]](entity, notFound, exists string, deadline func(T) (time.Time, bool)) *memstore.Store[T] {
	return memstore.New(memstore.Config[T]{
		Entity: entity, NotFound: notFound, Exists: exists,
		ID:       func(v T) uuid.UUID { return v.ID() },
		Clone:    func(v T) T { return v.Clone() },
		Deadline: deadline,
		Keys: func(v T) []string {
			if _, ok := v.PendingSince(); ok {
				return []string{pendingKey}
			}
			return nil
		},
		Unsaved: func(v T) []shopkit.Entry { return v.Unsaved() },
		Saved:   func(v T) { v.MarkSaved() },
	})
}

// pending lists at most limit (≥ 1) pending entities of s, oldest first (ties
// by ID).
func pending[T pendingAggregate[T]](ctx context.Context, s *memstore.Store[T], limit int) ([]T, error) {
	if err := shopkit.CheckLimit(limit); err != nil {
		return nil, err
	}
	found, err := s.ByKey(ctx, pendingKey)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(found, func(a, b T) int {
		at, _ := a.PendingSince()
		bt, _ := b.PendingSince()
		if c := at.Compare(bt); c != 0 {
			return c
		}
		ai, bi := a.ID(), b.ID()
		return slices.Compare(ai[:], bi[:])
	})
	return found[:min(len(found), limit)], nil
}
