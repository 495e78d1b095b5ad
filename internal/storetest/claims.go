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

// runClaims checks the claiming form of Due (R2.9): sweepers on several
// instances split the due work under leases instead of each doing all of it.
func runClaims[T Aggregate](t *testing.T, newStore func() Store[T], h Harness[T]) {
	ctx := context.Background()
	base := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	now := base.Add(time.Hour)
	leaseA := shopkit.Lease{Owner: "sweeper-a", Until: now.Add(time.Minute)}
	leaseB := shopkit.Lease{Owner: "sweeper-b", Until: now.Add(time.Minute)}
	fill := func(t *testing.T, s Store[T], n int) []uuid.UUID {
		var ids []uuid.UUID
		for i := range n {
			v := h.Due(t, base.Add(time.Duration(i)*time.Second))
			require.NoError(t, s.Create(ctx, v))
			ids = append(ids, h.ID(v))
		}
		return ids
	}

	t.Run("ClaimSplitsDueWork_R2_9", func(t *testing.T) {
		s := newStore()
		ids := fill(t, s, 5)
		a, err := s.Claim(ctx, now, 2, leaseA)
		require.NoError(t, err)
		assert.Equal(t, ids[:2], idsOf(h, a), "earliest deadline first")
		b, err := s.Claim(ctx, now, 10, leaseB)
		require.NoError(t, err)
		assert.Equal(t, ids[2:], idsOf(h, b), "what A holds is not B's")
		again, err := s.Claim(ctx, now, 10, leaseA)
		require.NoError(t, err)
		assert.Equal(t, ids[:2], idsOf(h, again), "a sweeper may claim what it holds again")
		// A's lease runs out at its Until: B may take A's entities then, not a
		// nanosecond before.
		early, err := s.Claim(ctx, leaseA.Until.Add(-1), 10, shopkit.Lease{Owner: "sweeper-b", Until: leaseA.Until.Add(time.Minute)})
		require.NoError(t, err)
		assert.Equal(t, ids[2:], idsOf(h, early))
		late, err := s.Claim(ctx, leaseA.Until, 10, shopkit.Lease{Owner: "sweeper-b", Until: leaseA.Until.Add(time.Minute)})
		require.NoError(t, err)
		assert.Equal(t, ids, idsOf(h, late))
		// Claiming is not Due: Due still lists every due entity.
		due, err := s.Due(ctx, now, 10)
		require.NoError(t, err)
		assert.Equal(t, ids, idsOf(h, due))
	})

	t.Run("UpdateEndsTheLease_R2_9", func(t *testing.T) {
		s := newStore()
		ids := fill(t, s, 1)
		_, err := s.Claim(ctx, now, 1, leaseA)
		require.NoError(t, err)
		b, err := s.Claim(ctx, now, 1, leaseB)
		require.NoError(t, err)
		assert.Empty(t, b)
		// An update that changes nothing ends the lease too: it is how a
		// sweep gives back what was not due after all.
		require.NoError(t, s.Update(ctx, ids[0], func(T) error { return nil }))
		b, err = s.Claim(ctx, now, 1, leaseB)
		require.NoError(t, err)
		assert.Equal(t, ids, idsOf(h, b), "the write ended A's lease")
	})

	t.Run("ClaimRejectsBadArguments", func(t *testing.T) {
		s := newStore()
		_, err := s.Claim(ctx, now, 0, leaseA)
		assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
		_, err = s.Claim(ctx, now, 1, shopkit.Lease{Until: now.Add(time.Minute)})
		assert.Equal(t, shopkit.CodeInvalidLease, shopkit.CodeOf(err))
		_, err = s.Claim(ctx, now, 1, shopkit.Lease{Owner: "sweeper-a", Until: now})
		assert.Equal(t, shopkit.CodeInvalidLease, shopkit.CodeOf(err))
	})

	// Two sweepers claim and apply at once until nothing is left: each
	// consequence is applied by one of them, none is refused as already done
	// (no work is wasted, no consequence applied twice), and nothing stays due.
	t.Run("TwoSweepersApplyEachConsequenceOnce_R2_9", func(t *testing.T) {
		s := newStore()
		const n = 60
		ids := fill(t, s, n)
		var mu sync.Mutex
		by := map[uuid.UUID][]string{}
		var wg sync.WaitGroup
		errs := make(chan error, 2*n)
		for _, owner := range []string{"sweeper-a", "sweeper-b"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				lease := shopkit.Lease{Owner: owner, Until: now.Add(time.Hour)}
				for {
					got, err := s.Claim(ctx, now, 4, lease)
					if err != nil {
						errs <- err
						return
					}
					if len(got) == 0 {
						return
					}
					for _, v := range got {
						err := s.Update(ctx, h.ID(v), func(x T) error { return h.Expire(x, now) })
						if errors.Is(err, shopkit.ErrRetry) {
							continue // claimed again next round
						}
						if err != nil {
							errs <- err
							continue
						}
						mu.Lock()
						by[h.ID(v)] = append(by[h.ID(v)], owner)
						mu.Unlock()
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		for _, id := range ids {
			assert.NotEmpty(t, by[id], "entity %s was never applied", id)
		}
		left, err := s.Due(ctx, now, n)
		require.NoError(t, err)
		assert.Empty(t, left)
	})
}
