package supporttest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/storetest"
	"github.com/shopkit/shopkit/support"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fullRouter returns a desk with every field of its snapshot set: two agents
// (one online at capacity, one busy) holding conversations, two queues with
// round-robin cursors, and waiting conversations whose enqueue times carry
// nanoseconds.
func fullRouter(t testing.TB) *support.Router {
	t.Helper()
	at := suiteBase
	hold := func(shop uuid.UUID, group support.SkillGroup, since time.Time) support.Holding {
		return support.Holding{ConversationID: uuid.New(), ShopID: shop, Group: group, Since: since}
	}
	first := []support.Holding{hold(suiteShop, "pre_sale", at.Add(3)), hold(otherShop, "after_sale", at.Add(time.Second+4))}
	slices.SortFunc(first, func(a, b support.Holding) int { return bytes.Compare(a.ConversationID[:], b.ConversationID[:]) })
	r, err := support.RestoreRouter(support.RouterSnapshot{
		ID: uuid.New(), Strategy: support.LeastLoaded, Seq: 9,
		Agents: []support.AgentSnapshot{
			{Config: support.AgentConfig{ID: "agent-1", Shops: []uuid.UUID{suiteShop, otherShop},
				Groups: []support.SkillGroup{"pre_sale", "after_sale"}, Capacity: 2},
				Status: support.Online, Load: 2, LastAssigned: 7, Holdings: first},
			{Config: support.AgentConfig{ID: "agent-2", Shops: []uuid.UUID{suiteShop}, Groups: []support.SkillGroup{"pre_sale"}, Capacity: 3},
				Status: support.Busy, Load: 1, LastAssigned: 8, Holdings: []support.Holding{hold(suiteShop, "pre_sale", at.Add(5))}},
		},
		Queues: []support.QueueSnapshot{{ShopID: suiteShop, Group: "pre_sale", Next: 1}, {ShopID: otherShop, Group: "after_sale", Next: 1}},
		Waiting: []support.WaitingSnapshot{
			{Waiting: support.Waiting{ConversationID: uuid.New(), ShopID: suiteShop, Group: "pre_sale", Priority: 3, Since: at.Add(1)}, Seq: 2},
			{Waiting: support.Waiting{ConversationID: uuid.New(), ShopID: otherShop, Group: "after_sale", Priority: 1, Since: at.Add(2*time.Second + 5)}, Seq: 9},
		},
	})
	require.NoError(t, err)
	return r
}

// enqueue returns a change of a desk made by fullRouter that can be made again
// and again, and on two copies alike: a new conversation waits in the shop's
// pre-sale queue (its agents are at capacity or busy).
func enqueue(at time.Time) func(*support.Router) error {
	id := uuid.New()
	return func(r *support.Router) error {
		_, _, err := r.Enqueue(support.Waiting{ConversationID: id, ShopID: suiteShop, Group: "pre_sale", Since: at})
		return err
	}
}

// TestQueueStore runs the conformance suite of a support.QueueStore against
// stores made by newStore (R2.8, R6.2), as docs/storage.md states the
// contract: a round trip of every field of the desk (instants to the
// nanosecond) in the store and through the snapshot's JSON, create twice, not
// found, nothing written when fn fails, fn's errors (ErrRetry among them)
// passed through, a re-run fn giving the same result, a Get that returns a
// copy, and no change lost when 16 goroutines enqueue and release on one desk
// at once. A Router has no audit trail and no deadline, so the generic suite
// of internal/storetest (trail, Due, claims) does not apply; its JSON helper
// does. Every subtest gets a
// fresh store; the fixtures have fresh desk and conversation IDs.
func TestQueueStore(t *testing.T, newStore func() support.QueueStore) {
	ctx := context.Background()
	equal := func(t *testing.T, want, got *support.Router) {
		t.Helper()
		assert.Equal(t, want.Snapshot(), got.Snapshot())
	}

	t.Run("RoundTrip", func(t *testing.T) {
		s := newStore()
		r := fullRouter(t)
		require.NoError(t, s.Create(ctx, r))
		got, err := s.Get(ctx, r.ID())
		require.NoError(t, err)
		equal(t, r, got)
		assert.Equal(t, r.ID(), got.ID())
		w := got.Snapshot().Waiting[0]
		assert.Equal(t, 1, w.Since.Nanosecond(), "instants are kept to the nanosecond")
	})

	t.Run("JSONRoundTrip", func(t *testing.T) {
		r := fullRouter(t)
		equal(t, r, storetest.ViaJSON(t, r.Snapshot(), support.RestoreRouter, nil))
		require.NoError(t, enqueue(suiteBase.Add(7))(r))
		equal(t, r, storetest.ViaJSON(t, r.Snapshot(), support.RestoreRouter, nil))
	})

	t.Run("CreateTwiceConflicts", func(t *testing.T) {
		s := newStore()
		r := fullRouter(t)
		require.NoError(t, s.Create(ctx, r))
		err := s.Create(ctx, r)
		require.ErrorIs(t, err, shopkit.ErrConflict)
		assert.Equal(t, support.CodeDeskExists, shopkit.CodeOf(err))
	})

	t.Run("NotFound", func(t *testing.T) {
		s := newStore()
		_, err := s.Get(ctx, uuid.New())
		require.ErrorIs(t, err, shopkit.ErrNotFound)
		assert.Equal(t, support.CodeDeskNotFound, shopkit.CodeOf(err))
		called := false
		err = s.Update(ctx, uuid.New(), func(*support.Router) error { called = true; return nil })
		require.ErrorIs(t, err, shopkit.ErrNotFound)
		assert.False(t, called)
	})

	t.Run("FailedUpdateWritesNothing", func(t *testing.T) {
		s := newStore()
		r := fullRouter(t)
		require.NoError(t, s.Create(ctx, r))
		boom := errors.New("boom")
		err := s.Update(ctx, r.ID(), func(x *support.Router) error {
			require.NoError(t, enqueue(suiteBase)(x))
			_, err := x.SetStatus("agent-2", support.Online)
			require.NoError(t, err)
			return boom
		})
		require.ErrorIs(t, err, boom)
		got, err := s.Get(ctx, r.ID())
		require.NoError(t, err)
		equal(t, r, got)
	})

	// A store that gives up on a transient failure returns ErrRetry; one that
	// gets an error from fn returns it as it is, ErrRetry included.
	t.Run("ErrorsOfFnPassThrough", func(t *testing.T) {
		s := newStore()
		r := fullRouter(t)
		require.NoError(t, s.Create(ctx, r))
		err := s.Update(ctx, r.ID(), func(*support.Router) error { return shopkit.Retry("host lock", errors.New("lock timeout")) })
		require.ErrorIs(t, err, shopkit.ErrRetry)
		err = s.Update(ctx, r.ID(), func(x *support.Router) error {
			_, _, err := x.Transfer(x.Snapshot().Agents[0].Holdings[0].ConversationID, "agent-2")
			return err // agent-2 is busy: a business refusal
		})
		require.ErrorIs(t, err, shopkit.ErrNotAllowed)
		assert.Equal(t, support.CodeAgentUnavailable, shopkit.CodeOf(err))
	})

	// A store may re-run fn after a transient failure: run on the same loaded
	// desk, a routing step gives the same desk and the same assignments.
	t.Run("ReRunFnGivesTheSameResult", func(t *testing.T) {
		s := newStore()
		r := fullRouter(t)
		require.NoError(t, s.Create(ctx, r))
		touch := enqueue(suiteBase.Add(time.Minute))
		step := func(x *support.Router) []support.Assignment {
			require.NoError(t, touch(x))
			as, err := x.SetStatus("agent-2", support.Online)
			require.NoError(t, err)
			return as
		}
		a, err := s.Get(ctx, r.ID())
		require.NoError(t, err)
		b, err := s.Get(ctx, r.ID())
		require.NoError(t, err)
		assert.Equal(t, step(a), step(b))
		equal(t, a, b)
	})

	t.Run("UpdatePersists", func(t *testing.T) {
		s := newStore()
		r := fullRouter(t)
		require.NoError(t, s.Create(ctx, r))
		touch := enqueue(suiteBase.Add(time.Hour + 1))
		require.NoError(t, s.Update(ctx, r.ID(), touch))
		require.NoError(t, touch(r))
		got, err := s.Get(ctx, r.ID())
		require.NoError(t, err)
		equal(t, r, got)
	})

	t.Run("GetReturnsACopy", func(t *testing.T) {
		s := newStore()
		r := fullRouter(t)
		require.NoError(t, s.Create(ctx, r))
		got, err := s.Get(ctx, r.ID())
		require.NoError(t, err)
		require.NoError(t, enqueue(suiteBase)(got))
		_, err = got.SetStatus("agent-1", support.Away)
		require.NoError(t, err)
		again, err := s.Get(ctx, r.ID())
		require.NoError(t, err)
		equal(t, r, again)
	})

	// R6.2: 16 goroutines enqueue conversations and release the ones assigned,
	// each change one Update of the desk. Nothing is lost: every enqueued
	// conversation ends exactly once released, held or waiting; none is
	// assigned twice; every agent's load equals what they hold.
	t.Run("ConcurrentEnqueueReleaseLosesNothing_R6_2", func(t *testing.T) {
		s := newStore()
		r, err := support.NewRouter(uuid.New(), support.RoundRobin)
		require.NoError(t, err)
		for i := range 4 {
			id := fmt.Sprintf("agent-%d", i)
			require.NoError(t, r.AddAgent(support.AgentConfig{ID: id, Shops: []uuid.UUID{suiteShop}, Groups: []support.SkillGroup{"pre_sale"}, Capacity: 2}))
			_, err := r.SetStatus(id, support.Online)
			require.NoError(t, err)
		}
		require.NoError(t, s.Create(ctx, r))

		var mu sync.Mutex
		enqueued := map[uuid.UUID]bool{}
		assigned := map[uuid.UUID]int{}
		released := map[uuid.UUID]bool{}
		var holding []support.Assignment // assigned and not yet released
		took := func(as ...support.Assignment) {
			for _, a := range as {
				assigned[a.ConversationID]++
				holding = append(holding, a)
			}
		}
		// update runs fn on the desk, repeating it on ErrRetry a bounded
		// number of times; fn returns what it assigned, recorded on success.
		update := func(fn func(*support.Router) ([]support.Assignment, error)) error {
			for try := 1; ; try++ {
				var got []support.Assignment
				err := s.Update(ctx, r.ID(), func(x *support.Router) error {
					as, err := fn(x)
					got = as // the store may run fn again
					return err
				})
				if errors.Is(err, shopkit.ErrRetry) && try < 1000 {
					continue
				}
				if err == nil {
					mu.Lock()
					took(got...)
					mu.Unlock()
				}
				return err
			}
		}
		const workers, each = 16, 24
		var wg sync.WaitGroup
		errs := make(chan error, workers*each)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					id := uuid.New()
					mu.Lock()
					enqueued[id] = true
					mu.Unlock()
					since := suiteBase.Add(time.Duration(w*each+i) * time.Millisecond)
					if err := update(func(x *support.Router) ([]support.Assignment, error) {
						a, ok, err := x.Enqueue(support.Waiting{ConversationID: id, ShopID: suiteShop, Group: "pre_sale", Since: since})
						if !ok {
							return nil, err
						}
						return []support.Assignment{a}, err
					}); err != nil {
						errs <- err
					}
					if i%3 == 2 {
						continue // the queue grows: some stay waiting
					}
					mu.Lock()
					if len(holding) == 0 {
						mu.Unlock()
						continue
					}
					a := holding[0]
					holding = holding[1:]
					mu.Unlock()
					if err := update(func(x *support.Router) ([]support.Assignment, error) {
						next, ok, err := x.Release(a.AgentID, a.ConversationID)
						if !ok {
							return nil, err
						}
						return []support.Assignment{next}, err
					}); err != nil {
						errs <- err
						continue
					}
					mu.Lock()
					released[a.ConversationID] = true
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}

		got, err := s.Get(ctx, r.ID())
		require.NoError(t, err)
		snap := got.Snapshot()
		where := map[uuid.UUID]int{}
		held := 0
		for _, a := range snap.Agents {
			assert.Equal(t, len(a.Holdings), a.Load, "%s: load equals holdings", a.Config.ID)
			assert.LessOrEqual(t, a.Load, a.Config.Capacity, a.Config.ID)
			for _, h := range a.Holdings {
				where[h.ConversationID]++
				held++
				assert.Equal(t, 1, assigned[h.ConversationID], "a held conversation was assigned once")
			}
		}
		for _, w := range snap.Waiting {
			where[w.ConversationID]++
			assert.Zero(t, assigned[w.ConversationID], "a waiting conversation was never assigned")
		}
		for id := range released {
			where[id]++
			assert.Equal(t, 1, assigned[id], "a released conversation was assigned once")
		}
		require.Len(t, enqueued, workers*each)
		for id := range enqueued {
			assert.Equal(t, 1, where[id], "every conversation ends released, held or waiting, exactly once")
		}
		assert.Len(t, where, len(enqueued), "nothing but what was enqueued")
		assert.Equal(t, len(holding), held, "what the workers did not release is held")
		assert.NotEmpty(t, snap.Waiting, "the queue grew")
		assert.NotEmpty(t, released)
	})
}
