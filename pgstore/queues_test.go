package pgstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
	"github.com/shopkit/shopkit/support"
	"github.com/shopkit/shopkit/support/supporttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The desk store passes the queue kit (R2.8, R6.2) in both isolation modes.
func TestQueues(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := open(t, serializable)
		supporttest.TestQueueStore(t, func() support.QueueStore { s.Empty(t); return db.Queues() })
	})
}

// An update writes the rows it changed (R6.2): a new waiting conversation
// adds its row, the rows of those still waiting as they were are not
// rewritten, and one that leaves the queue loses its row; the desk read back
// is the desk written.
func TestQueues_UpdateWritesWhatChanged_R6_2(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	base := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	shop := uuid.New()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := open(t, serializable)
		store := db.Queues()
		r, err := support.NewRouter(uuid.New(), support.RoundRobin)
		require.NoError(t, err)
		// No agent: every conversation waits.
		wait := func(at time.Duration) support.Waiting {
			return support.Waiting{ConversationID: uuid.New(), ShopID: shop, Group: "pre_sale", Since: base.Add(at)}
		}
		a, b, c := wait(0), wait(1), wait(2)
		for _, w := range []support.Waiting{a, b} {
			_, _, err := r.Enqueue(w)
			require.NoError(t, err)
		}
		require.NoError(t, store.Create(ctx, r))
		// versions maps each waiting row's conversation to its row version.
		versions := func() map[uuid.UUID]string {
			rows, err := s.Pool.Query(ctx, "SELECT conversation, xmin::text FROM support_desk_waiting WHERE desk = $1", r.ID())
			require.NoError(t, err)
			out := map[uuid.UUID]string{}
			for rows.Next() {
				var id uuid.UUID
				var v string
				require.NoError(t, rows.Scan(&id, &v))
				out[id] = v
			}
			require.NoError(t, rows.Err())
			return out
		}
		before := versions()
		require.Len(t, before, 2)

		enqueue := func(x *support.Router) error { _, _, err := x.Enqueue(c); return err }
		require.NoError(t, store.Update(ctx, r.ID(), enqueue))
		require.NoError(t, enqueue(r))
		after := versions()
		require.Len(t, after, 3)
		assert.Equal(t, before[a.ConversationID], after[a.ConversationID], "a row left as it was is not rewritten")
		assert.Equal(t, before[b.ConversationID], after[b.ConversationID], "a row left as it was is not rewritten")

		remove := func(x *support.Router) error {
			require.True(t, x.Remove(b.ConversationID))
			return nil
		}
		require.NoError(t, store.Update(ctx, r.ID(), remove))
		require.NoError(t, remove(r))
		gone := versions()
		assert.NotContains(t, gone, b.ConversationID, "a conversation that left the queue loses its row")
		assert.Equal(t, after[a.ConversationID], gone[a.ConversationID])
		assert.Equal(t, after[c.ConversationID], gone[c.ConversationID])

		got, err := store.Get(ctx, r.ID())
		require.NoError(t, err)
		assert.Equal(t, r.Snapshot(), got.Snapshot())
	})
}
