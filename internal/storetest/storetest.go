// Package storetest is the generic conformance suite behind every
// xxxtest.TestStore: each package describes its entity with a Harness and the suite
// checks a host's store against the contract of RULES R2.8: atomic updates that
// lose nothing under concurrent writers, nothing written when the closure fails,
// not-found, Due order and limit, and a round trip of every field.
package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Store is the part of every package's store that the suite exercises.
type Store[T any] interface {
	Create(ctx context.Context, v T) error
	Get(ctx context.Context, id uuid.UUID) (T, error)
	Update(ctx context.Context, id uuid.UUID, fn func(T) error) error
	Due(ctx context.Context, t time.Time, limit int) ([]T, error)
}

// Harness describes an entity type to the suite.
type Harness[T any] struct {
	// Full returns a new entity with a fresh ID and every field set to a
	// non-zero value, so a round trip proves every field is stored.
	Full func(t testing.TB) T
	// Due returns a new entity with a fresh ID whose deadline is at.
	Due func(t testing.TB, at time.Time) T
	// ID returns the entity's identity.
	ID func(T) uuid.UUID
	// Touch makes one legal change to the entity that adds one audit entry.
	Touch func(T) error
	// Touches counts the changes Touch has made (for example, audit entries).
	Touches func(T) int
	// Equal asserts that two entities hold the same data.
	Equal func(t testing.TB, want, got T)
}

// Run runs the conformance suite against stores made by newStore; each subtest
// gets a fresh store.
func Run[T any](t *testing.T, newStore func() Store[T], h Harness[T]) {
	ctx := context.Background()

	t.Run("RoundTrip", func(t *testing.T) {
		s := newStore()
		v := h.Full(t)
		require.NoError(t, s.Create(ctx, v))
		got, err := s.Get(ctx, h.ID(v))
		require.NoError(t, err)
		h.Equal(t, v, got)
	})

	t.Run("CreateTwiceConflicts", func(t *testing.T) {
		s := newStore()
		v := h.Full(t)
		require.NoError(t, s.Create(ctx, v))
		require.ErrorIs(t, s.Create(ctx, v), shopkit.ErrConflict)
	})

	t.Run("NotFound", func(t *testing.T) {
		s := newStore()
		_, err := s.Get(ctx, uuid.New())
		require.ErrorIs(t, err, shopkit.ErrNotFound)
		called := false
		err = s.Update(ctx, uuid.New(), func(T) error { called = true; return nil })
		require.ErrorIs(t, err, shopkit.ErrNotFound)
		assert.False(t, called)
	})

	t.Run("FailedUpdateWritesNothing", func(t *testing.T) {
		s := newStore()
		v := h.Full(t)
		require.NoError(t, s.Create(ctx, v))
		boom := errors.New("boom")
		err := s.Update(ctx, h.ID(v), func(x T) error {
			require.NoError(t, h.Touch(x))
			return boom
		})
		require.ErrorIs(t, err, boom)
		got, err := s.Get(ctx, h.ID(v))
		require.NoError(t, err)
		h.Equal(t, v, got)
	})

	t.Run("UpdatePersists", func(t *testing.T) {
		s := newStore()
		v := h.Full(t)
		require.NoError(t, s.Create(ctx, v))
		before := h.Touches(v)
		require.NoError(t, s.Update(ctx, h.ID(v), h.Touch))
		got, err := s.Get(ctx, h.ID(v))
		require.NoError(t, err)
		assert.Equal(t, before+1, h.Touches(got))
	})

	t.Run("GetReturnsACopy", func(t *testing.T) {
		s := newStore()
		v := h.Full(t)
		require.NoError(t, s.Create(ctx, v))
		got, err := s.Get(ctx, h.ID(v))
		require.NoError(t, err)
		require.NoError(t, h.Touch(got))
		again, err := s.Get(ctx, h.ID(v))
		require.NoError(t, err)
		h.Equal(t, v, again)
	})

	t.Run("ConcurrentWritersLoseNothing", func(t *testing.T) {
		s := newStore()
		v := h.Full(t)
		require.NoError(t, s.Create(ctx, v))
		before := h.Touches(v)
		const writers, each = 16, 8
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < each; i++ {
					// A store may give up on a transient failure instead of
					// waiting (ErrRetry); the writer repeats, a bounded number of
					// times. A conflict is a business refusal and fails the test.
					for try := 1; ; try++ {
						err := s.Update(ctx, h.ID(v), h.Touch)
						if errors.Is(err, shopkit.ErrRetry) && try < 1000 {
							continue
						}
						if err != nil {
							errs <- err
						}
						break
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		got, err := s.Get(ctx, h.ID(v))
		require.NoError(t, err)
		assert.Equal(t, before+writers*each, h.Touches(got))
	})

	t.Run("DueOrderAndLimit", func(t *testing.T) {
		s := newStore()
		base := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
		var want []uuid.UUID
		for _, offset := range []time.Duration{3, 1, 2, 5, 4} {
			v := h.Due(t, base.Add(offset*time.Hour))
			require.NoError(t, s.Create(ctx, v))
			if offset <= 3 {
				want = append(want, h.ID(v))
			}
		}
		// Not due: a deadline one nanosecond after the cut-off.
		require.NoError(t, s.Create(ctx, h.Due(t, base.Add(3*time.Hour+1))))
		got, err := s.Due(ctx, base.Add(3*time.Hour), 10)
		require.NoError(t, err)
		ids := make([]uuid.UUID, len(got))
		for i, v := range got {
			ids[i] = h.ID(v)
		}
		// earliest first: +1h, +2h, +3h
		require.Len(t, ids, 3)
		assert.Equal(t, []uuid.UUID{want[1], want[2], want[0]}, ids)
		limited, err := s.Due(ctx, base.Add(3*time.Hour), 2)
		require.NoError(t, err)
		require.Len(t, limited, 2)
		assert.Equal(t, ids[:2], []uuid.UUID{h.ID(limited[0]), h.ID(limited[1])})
		none, err := s.Due(ctx, base, 10)
		require.NoError(t, err)
		assert.Empty(t, none)
	})
}
