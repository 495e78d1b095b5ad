package pgstore_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/pgstore"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// closedOrders stores n unpaid orders and closes each through an Update,
// which emits one notification effect per order; it returns the effects'
// IDs in the order of their trail entries.
func closedOrders(t *testing.T, db *pgstore.DB, n int) []string {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	var ids []string
	for i := range n {
		o := unpaidOrder(t, at.Add(time.Duration(i)*time.Second))
		require.NoError(t, db.Orders().Create(ctx, o))
		require.NoError(t, db.Orders().Update(ctx, o.ID(), func(o *order.Order) error { return o.ApplyDue(at.Add(time.Hour)) }))
		trail, err := shopkit.ReadTrail(ctx, db.Orders(), o.ID(), 10)
		require.NoError(t, err)
		got := effectIDs(trail)
		require.NotEmpty(t, got)
		ids = append(ids, got...)
	}
	return ids
}

func outboxDB(t *testing.T) *pgstore.DB {
	t.Helper()
	s := pgtest.NewSchema(t, pgstore.Migrate)
	db, err := pgstore.Open(pgstore.Config{Pool: s.Pool})
	require.NoError(t, err)
	return db
}

func effectIDsOf(es []pgstore.Effect) []string {
	ids := make([]string, len(es))
	for i, e := range es {
		ids[i] = e.ID
	}
	return ids
}

// The effects of an Update reach the outbox with the write, as in the
// trail, oldest first; a failed Update writes none.
func TestOutbox_EffectsWrittenWithTheUpdate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := outboxDB(t)
	now := time.Date(2026, 11, 12, 0, 0, 0, 0, time.UTC)
	lease := shopkit.Lease{Owner: "c1", Until: now.Add(time.Minute)}

	o := unpaidOrder(t, now.Add(-time.Hour))
	require.NoError(t, db.Orders().Create(ctx, o))
	boom := errors.New("boom")
	err := db.Orders().Update(ctx, o.ID(), func(o *order.Order) error {
		require.NoError(t, o.ApplyDue(now))
		return boom
	})
	require.ErrorIs(t, err, boom)
	none, err := db.Outbox().Claim(ctx, now, 10, lease)
	require.NoError(t, err)
	assert.Empty(t, none, "a failed update writes no effect")

	ids := closedOrders(t, db, 3)
	got, err := db.Outbox().Claim(ctx, now, 10, lease)
	require.NoError(t, err)
	assert.Equal(t, ids, effectIDsOf(got), "oldest first")
	for _, e := range got {
		assert.Equal(t, "orders", e.Source)
		assert.Equal(t, shopkit.EffectNotify, e.Effect.Type)
		assert.Equal(t, e.ID, e.Effect.ID)
		assert.Equal(t, e.Effect.Ref, e.Entity)
		assert.Zero(t, e.Attempts)
		assert.False(t, e.CreatedAt.IsZero())
	}
}

// At least once: Done takes an effect out for good; Retry gives it back,
// pending from notBefore on (exactly then, not a nanosecond before), its
// attempts counted.
func TestOutbox_DoneAndRetry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := outboxDB(t)
	ids := closedOrders(t, db, 2)
	now := time.Date(2026, 11, 12, 0, 0, 0, 0, time.UTC)
	lease := shopkit.Lease{Owner: "c1", Until: now.Add(time.Minute)}
	got, err := db.Outbox().Claim(ctx, now, 10, lease)
	require.NoError(t, err)
	require.Equal(t, ids, effectIDsOf(got))

	require.NoError(t, db.Outbox().Done(ctx, now, "c1", ids[0]))
	require.NoError(t, db.Outbox().Done(ctx, now, "c1", ids[0]), "done twice is harmless")
	later := now.Add(time.Hour)
	require.NoError(t, db.Outbox().Retry(ctx, "c1", ids[1], later, "gateway down"))

	before, err := db.Outbox().Claim(ctx, later.Add(-1), 10, shopkit.Lease{Owner: "c2", Until: later.Add(time.Minute)})
	require.NoError(t, err)
	assert.Empty(t, before, "not before notBefore")
	at, err := db.Outbox().Claim(ctx, later, 10, shopkit.Lease{Owner: "c2", Until: later.Add(time.Minute)})
	require.NoError(t, err)
	require.Equal(t, ids[1:], effectIDsOf(at), "the done effect never comes back")
	assert.Equal(t, 1, at[0].Attempts)

	err = db.Outbox().Retry(ctx, "c1", ids[1], later, "not mine any more")
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, pgstore.CodeEffectNotHeld, shopkit.CodeOf(err))
}

// Two consumers claiming at once never get the same effect while its lease
// holds; together they get every one. An expired lease frees its effects
// for another consumer (at its Until, not a nanosecond before), and the
// first consumer can then no longer mark them done.
func TestOutbox_ConsumersSplitTheWork(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := outboxDB(t)
	ids := closedOrders(t, db, 30)
	now := time.Date(2026, 11, 12, 0, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	by := map[string][]string{}
	var wg sync.WaitGroup
	for _, owner := range []string{"c1", "c2"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lease := shopkit.Lease{Owner: owner, Until: now.Add(time.Hour)}
			for {
				got, err := db.Outbox().Claim(ctx, now, 3, lease)
				if !assert.NoError(t, err) || len(got) == 0 {
					return
				}
				mu.Lock()
				for _, e := range got {
					by[e.ID] = append(by[e.ID], owner)
				}
				mu.Unlock()
				// Held, not done: claimed again only by its holder, so the
				// loop stops once each holds its share. Mark half done.
				assert.NoError(t, db.Outbox().Done(ctx, now, owner, got[0].ID))
				if len(got) < 3 {
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, id := range ids {
		owners := slices.Compact(by[id])
		assert.Len(t, owners, 1, "effect %s went to %v", id, by[id])
	}

	// Finish what each still holds, so that only the effects below are left.
	for id, owners := range by {
		require.NoError(t, db.Outbox().Done(ctx, now, owners[0], id))
	}

	// What c1 holds and did not finish goes to c3 once c1's lease ends, at
	// exactly its Until (R0.3), and c1 may no longer mark it done.
	more := closedOrders(t, db, 2)
	until := now.Add(time.Hour)
	held, err := db.Outbox().Claim(ctx, now, 100, shopkit.Lease{Owner: "c1", Until: until})
	require.NoError(t, err)
	require.ElementsMatch(t, more, effectIDsOf(held))
	c3 := shopkit.Lease{Owner: "c3", Until: until.Add(time.Hour)}
	early, err := db.Outbox().Claim(ctx, until.Add(-1), 100, c3)
	require.NoError(t, err)
	assert.Empty(t, early, "every effect is still held")
	late, err := db.Outbox().Claim(ctx, until, 100, c3)
	require.NoError(t, err)
	require.ElementsMatch(t, more, effectIDsOf(late), "what c1 held came to c3")
	err = db.Outbox().Done(ctx, until, "c1", more[0])
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, pgstore.CodeEffectNotHeld, shopkit.CodeOf(err))
	require.NoError(t, db.Outbox().Done(ctx, until, "c3", effectIDsOf(late)...))
	left, err := db.Outbox().Claim(ctx, until.Add(time.Hour), 100, shopkit.Lease{Owner: "c4", Until: until.Add(2 * time.Hour)})
	require.NoError(t, err)
	assert.Empty(t, left, "all done")
}

func TestOutbox_BadArguments(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := outboxDB(t)
	now := time.Date(2026, 11, 12, 0, 0, 0, 0, time.UTC)
	_, err := db.Outbox().Claim(ctx, now, 0, shopkit.Lease{Owner: "c1", Until: now.Add(time.Minute)})
	assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err))
	_, err = db.Outbox().Claim(ctx, now, 1, shopkit.Lease{Owner: "c1", Until: now})
	assert.Equal(t, shopkit.CodeInvalidLease, shopkit.CodeOf(err))
	assert.ErrorIs(t, db.Outbox().Done(ctx, now, "", "x"), shopkit.ErrInvalid)
	assert.ErrorIs(t, db.Outbox().Retry(ctx, "", "x", now, ""), shopkit.ErrInvalid)
	assert.ErrorIs(t, db.Outbox().Retry(ctx, "c1", "nothing#1", now, ""), shopkit.ErrConflict)
	assert.NoError(t, db.Outbox().Done(ctx, now, "c1"), "nothing to mark")
}
