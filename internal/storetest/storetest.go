// Package storetest is the generic conformance suite behind every
// xxxtest.TestStore, in the style of go-cloud's drivertest: each package
// describes its entity with a Harness and the suite checks a host's store
// against the contract of docs/storage.md (RULES R0.4, R2.8, R2.9): state and
// trail written together and atomically, nothing written when the closure
// fails, no lost update under concurrent writers, the trail appended once and
// in order and read in pages, a loaded value that carries state and no history,
// Due order and limit, claims that split due work between sweepers, a re-run
// fn giving the same result, fn's errors (ErrRetry among them) passed through, and an exact JSON round trip of
// the snapshot.
//
// Preconditions: every subtest gets a fresh store from newStore, and the
// Harness makes entities with fresh IDs and unique natural keys (order
// numbers, idempotency keys), so a store with unique constraints passes. The
// suite compares instants to the nanosecond.
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
	Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]T, error)
	shopkit.TrailReader
}

// Aggregate is what the suite needs of an entity: the audit entries it has
// added and not yet saved.
type Aggregate interface {
	Unsaved() []shopkit.Entry
}

// Harness describes an entity type to the suite.
type Harness[T Aggregate] struct {
	// Full returns a new entity with a fresh ID and every field set to a
	// non-zero value, so a round trip proves every field is stored.
	Full func(t testing.TB) T
	// Due returns a new entity with a fresh ID whose deadline is at.
	Due func(t testing.TB, at time.Time) T
	// ID returns the entity's identity.
	ID func(T) uuid.UUID
	// Touch makes one legal change to the entity that adds at least one audit
	// entry, and can be made again and again.
	Touch func(T) error
	// Expire applies the consequence of the deadline passed at now (ApplyDue).
	Expire func(v T, now time.Time) error
	// JSON encodes the entity's snapshot as JSON and rebuilds the entity from
	// it, as a host store with a JSON state column does.
	JSON func(t testing.TB, v T) T
	// Equal asserts that two entities hold the same data.
	Equal func(t testing.TB, want, got T)
}

// Run runs the conformance suite against stores made by newStore; each subtest
// gets a fresh store.
func Run[T Aggregate](t *testing.T, newStore func() Store[T], h Harness[T]) {
	ctx := context.Background()

	t.Run("RoundTrip", func(t *testing.T) {
		s := newStore()
		v := h.Full(t)
		require.NoError(t, s.Create(ctx, v))
		got, err := s.Get(ctx, h.ID(v))
		require.NoError(t, err)
		h.Equal(t, v, got)
	})

	t.Run("JSONRoundTrip", func(t *testing.T) {
		v := h.Full(t)
		h.Equal(t, v, h.JSON(t, v))
		require.NoError(t, h.Touch(v))
		h.Equal(t, v, h.JSON(t, v))
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
		_, err = s.Trail(ctx, uuid.New(), 0, 10)
		require.ErrorIs(t, err, shopkit.ErrNotFound)
	})

	t.Run("FailedUpdateWritesNothing", func(t *testing.T) {
		s := newStore()
		v := h.Full(t)
		require.NoError(t, s.Create(ctx, v))
		before := ReadTrail(t, s, h.ID(v))
		boom := errors.New("boom")
		err := s.Update(ctx, h.ID(v), func(x T) error {
			require.NoError(t, h.Touch(x))
			return boom
		})
		require.ErrorIs(t, err, boom)
		got, err := s.Get(ctx, h.ID(v))
		require.NoError(t, err)
		h.Equal(t, v, got)
		assert.Equal(t, before, ReadTrail(t, s, h.ID(v)))
	})

	// A store that gives up on a transient failure returns ErrRetry; one that
	// gets an error from fn returns it as it is, ErrRetry included.
	t.Run("ErrorsOfFnPassThrough", func(t *testing.T) {
		s := newStore()
		v := h.Full(t)
		require.NoError(t, s.Create(ctx, v))
		err := s.Update(ctx, h.ID(v), func(T) error { return shopkit.Retry("host lock", errors.New("lock timeout")) })
		require.ErrorIs(t, err, shopkit.ErrRetry)
		refusal := shopkit.NewError(shopkit.ErrConflict, "demo.refused", "refused")
		err = s.Update(ctx, h.ID(v), func(T) error { return refusal })
		require.ErrorIs(t, err, shopkit.ErrConflict)
		assert.Equal(t, "demo.refused", shopkit.CodeOf(err))
	})

	// A store may re-run fn after a transient failure: run from the same
	// loaded state, the closure gives the same entity and the same entries.
	t.Run("ReRunFnGivesTheSameResult", func(t *testing.T) {
		s := newStore()
		v := h.Full(t)
		require.NoError(t, s.Create(ctx, v))
		a, err := s.Get(ctx, h.ID(v))
		require.NoError(t, err)
		b, err := s.Get(ctx, h.ID(v))
		require.NoError(t, err)
		require.NoError(t, h.Touch(a))
		require.NoError(t, h.Touch(b))
		h.Equal(t, a, b)
		assert.Equal(t, a.Unsaved(), b.Unsaved())
	})

	t.Run("UpdatePersists", func(t *testing.T) {
		s := newStore()
		v := h.Full(t)
		require.NoError(t, s.Create(ctx, v))
		require.NoError(t, s.Update(ctx, h.ID(v), h.Touch))
		require.NoError(t, h.Touch(v))
		got, err := s.Get(ctx, h.ID(v))
		require.NoError(t, err)
		h.Equal(t, v, got)
	})

	// R0.4: the trail holds the entries of the create and of every update, each
	// once, in order, numbered from 1 without a gap, read in pages from any
	// cursor.
	t.Run("TrailAppendedOnceInOrder_R0_4", func(t *testing.T) {
		s := newStore()
		v := h.Full(t)
		want := v.Unsaved()
		require.NoError(t, s.Create(ctx, v))
		for range 3 {
			require.NoError(t, s.Update(ctx, h.ID(v), func(x T) error {
				if err := h.Touch(x); err != nil {
					return err
				}
				want = append(want, x.Unsaved()...)
				return nil
			}))
		}
		got := ReadTrail(t, s, h.ID(v))
		require.Equal(t, want, got)
		for i, e := range got {
			assert.Equal(t, i+1, e.Seq)
		}
		page, err := s.Trail(ctx, h.ID(v), 2, 2)
		require.NoError(t, err)
		assert.Equal(t, want[2:4], page)
		end, err := s.Trail(ctx, h.ID(v), len(want), 5)
		require.NoError(t, err)
		assert.Empty(t, end)
		_, err = s.Trail(ctx, h.ID(v), -1, 5)
		assert.Equal(t, shopkit.CodeInvalidCursor, shopkit.CodeOf(err))
		_, err = s.Trail(ctx, h.ID(v), 0, 0)
		assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
	})

	// R0.4: a loaded value is state only: it holds no entry of the trail, and
	// the entries of its next action number on from the trail's last.
	t.Run("LoadedValueHoldsNoHistory_R0_4", func(t *testing.T) {
		s := newStore()
		v := h.Full(t)
		require.NoError(t, s.Create(ctx, v))
		n := len(ReadTrail(t, s, h.ID(v)))
		got, err := s.Get(ctx, h.ID(v))
		require.NoError(t, err)
		assert.Empty(t, got.Unsaved())
		require.NoError(t, h.Touch(got))
		require.NotEmpty(t, got.Unsaved())
		assert.Equal(t, n+1, got.Unsaved()[0].Seq)
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
		before := len(ReadTrail(t, s, h.ID(v)))
		probe, err := s.Get(ctx, h.ID(v))
		require.NoError(t, err)
		require.NoError(t, h.Touch(probe))
		per := len(probe.Unsaved())
		const writers, each = 16, 8
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range each {
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
		got := ReadTrail(t, s, h.ID(v))
		require.Len(t, got, before+writers*each*per)
		for i, e := range got {
			require.Equal(t, i+1, e.Seq, "the trail has a gap or a repeat")
		}
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
		ids := idsOf(h, got)
		// earliest first: +1h, +2h, +3h
		require.Len(t, ids, 3)
		assert.Equal(t, []uuid.UUID{want[1], want[2], want[0]}, ids)
		limited, err := s.Due(ctx, base.Add(3*time.Hour), 2)
		require.NoError(t, err)
		assert.Equal(t, ids[:2], idsOf(h, limited))
		none, err := s.Due(ctx, base, 10)
		require.NoError(t, err)
		assert.Empty(t, none)
	})

	runClaims(t, newStore, h)
}

func idsOf[T Aggregate](h Harness[T], vs []T) []uuid.UUID {
	ids := make([]uuid.UUID, len(vs))
	for i, v := range vs {
		ids[i] = h.ID(v)
	}
	return ids
}
