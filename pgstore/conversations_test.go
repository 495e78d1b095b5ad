package pgstore_test

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/pgstore"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
	"github.com/shopkit/shopkit/support"
	"github.com/shopkit/shopkit/support/supporttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openSupport is open with the support kits' SLA calendar (always open),
// which a restored conversation or complaint gets again on every read.
func openSupport(t *testing.T, serializable bool) (*pgstore.DB, *pgtest.Schema) {
	t.Helper()
	s := pgtest.NewSchema(t, pgstore.Migrate)
	cfg := pgstore.Config{Pool: s.Pool, SupportHours: &shopkit.Calendar{}}
	if serializable {
		cfg.Isolation = pgstore.Serializable
	}
	db, err := pgstore.Open(cfg)
	require.NoError(t, err)
	return db, s
}

// The conversation store passes the support kit (R0.4, R2.8, R2.9, R6.2,
// R6.3) in both isolation modes.
func TestConversations(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := openSupport(t, serializable)
		supporttest.TestStore(t, func() support.ConversationStore { s.Empty(t); return db.Conversations() })
	})
}

// conversationAt restores a conversation of shop in state, enqueued at
// enqueued, with its first-response target at firstDue and a breach
// recorded at each of breaches, in that order.
func conversationAt(t *testing.T, shop uuid.UUID, state support.State, enqueued, firstDue time.Time, breaches ...time.Time) *support.Conversation {
	t.Helper()
	p := support.DefaultPolicy()
	p.Hours = &shopkit.Calendar{}
	s := support.ConversationSnapshot{ID: uuid.New(), ShopID: shop, CustomerID: "c", Channel: support.WebChat,
		Phase: support.PreSale, Group: "returns", State: state, OpenedAt: enqueued, EnqueuedAt: enqueued,
		FirstDue: firstDue, ResolveDue: firstDue.Add(8 * time.Hour), Policy: p}
	for _, at := range breaches {
		s.Breaches = append(s.Breaches, support.Breach{Kind: support.ResolutionSLA, DueAt: at})
	}
	c, err := support.RestoreConversation(s)
	require.NoError(t, err)
	return c
}

// ids are the IDs of cs, in order.
func ids[T interface{ ID() uuid.UUID }](cs []T) []uuid.UUID {
	out := make([]uuid.UUID, len(cs))
	for i, c := range cs {
		out[i] = c.ID()
	}
	return out
}

// SLADue, Breached and Waiting return exactly what the in-memory store does
// (R6.2, R6.3): a target exactly at t is due and one a nanosecond after is
// not; a breach window is [from, to) to the nanosecond; a conversation is
// ordered by its first breach in the window in record order (not its
// earliest), ties by ID; Waiting lists open conversations oldest enqueued
// first, ties by ID.
func TestConversations_QueriesAsInMemory_R6_3(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	base := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	shop, other := uuid.New(), uuid.New()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, _ := openSupport(t, serializable)
		pg, mem := db.Conversations(), supporttest.NewStore()
		due := base.Add(10 * time.Minute)
		all := []*support.Conversation{
			// breaches recorded later-first: the first in record order decides
			conversationAt(t, shop, support.Assigned, base, due, base.Add(10*time.Minute), base.Add(time.Minute)),
			conversationAt(t, shop, support.Assigned, base, due, base.Add(5*time.Minute)),
			conversationAt(t, shop, support.Assigned, base, due, base.Add(5*time.Minute)),
			conversationAt(t, shop, support.Assigned, base, due, base.Add(5*time.Minute-time.Nanosecond)),
			conversationAt(t, other, support.Assigned, base, due, base.Add(5*time.Minute)),
			conversationAt(t, shop, support.Open, base.Add(time.Nanosecond), due),
			conversationAt(t, shop, support.Open, base, due.Add(time.Nanosecond)),
			conversationAt(t, shop, support.Open, base, due.Add(-time.Nanosecond)),
			conversationAt(t, other, support.Open, base.Add(-time.Hour), due),
			conversationAt(t, shop, support.Resolved, base, due),
		}
		for _, c := range all {
			require.NoError(t, pg.Create(ctx, c))
			require.NoError(t, mem.Create(ctx, c.Clone()))
		}

		for _, w := range [][2]time.Duration{
			{0, time.Hour}, {0, 5 * time.Minute}, {5 * time.Minute, 5*time.Minute + 1}, {5*time.Minute - 1, 5 * time.Minute},
			{5*time.Minute + 1, time.Hour}, {time.Minute, 10 * time.Minute}, {10 * time.Minute, 10 * time.Minute}, {2 * time.Minute, 5 * time.Minute},
		} {
			from, to := base.Add(w[0]), base.Add(w[1])
			want, err := mem.Breached(ctx, shop, from, to)
			require.NoError(t, err)
			got, err := pg.Breached(ctx, shop, from, to)
			require.NoError(t, err)
			assert.Equal(t, ids(want), ids(got), "Breached in [%v, %v)", w[0], w[1])
		}
		first, err := pg.Breached(ctx, shop, base, base.Add(5*time.Minute))
		require.NoError(t, err)
		assert.Equal(t, []uuid.UUID{all[0].ID(), all[3].ID()}, ids(first), "by the first breach in the window")

		for _, at := range []time.Time{due.Add(-2), due.Add(-1), due, due.Add(1), due.Add(time.Hour)} {
			for _, limit := range []int{1, 2, 100} {
				want, err := mem.SLADue(ctx, shop, at, limit)
				require.NoError(t, err)
				got, err := pg.SLADue(ctx, shop, at, limit)
				require.NoError(t, err)
				assert.Equal(t, ids(want), ids(got), "SLADue at %v, limit %d", at.Sub(due), limit)
			}
		}
		atDue, err := pg.SLADue(ctx, shop, due, 100)
		require.NoError(t, err)
		assert.NotContains(t, ids(atDue), all[6].ID(), "a target a nanosecond after t is not due")
		assert.Contains(t, ids(atDue), all[5].ID(), "a target exactly at t is due")

		waiting, err := pg.Waiting(ctx)
		require.NoError(t, err)
		tie := []uuid.UUID{all[6].ID(), all[7].ID()}
		slices.SortFunc(tie, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
		assert.Equal(t, append(append([]uuid.UUID{all[8].ID()}, tie...), all[5].ID()), ids(waiting))
		memWaiting, err := mem.Waiting(ctx)
		require.NoError(t, err)
		assert.ElementsMatch(t, ids(memWaiting), ids(waiting))
	})
}
