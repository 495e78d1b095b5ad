package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/pgstore"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// contendedAttempts is Config.Attempts for a row that dozens of writers
// update at once. At SERIALIZABLE every writer that waited on the row lock
// fails with 40001 when the holder commits and runs again, so each round
// lets one writer through; the default attempts give up first.
const contendedAttempts = 200

// openContended returns the stores over a fresh, migrated schema through a
// pool of maxConns connections, with contendedAttempts, and counts the
// transaction attempts that were runs again (retries).
func openContended(t *testing.T, serializable bool, maxConns int32) (*pgstore.DB, *pgtest.Schema, *atomic.Int64) {
	t.Helper()
	s := pgtest.NewSchema(t, pgstore.Migrate)
	cfg := pgstore.Config{Pool: pgtest.PoolIn(t, s.DSN, s.Name, maxConns, nil), Attempts: contendedAttempts}
	if serializable {
		cfg.Isolation = pgstore.Serializable
	}
	db, err := pgstore.Open(cfg)
	require.NoError(t, err)
	var retries atomic.Int64
	pgstore.SetBeforeAttempt(db, func(_ context.Context, attempt int) {
		if attempt > 1 {
			retries.Add(1)
		}
	})
	return db, s, &retries
}

// R2.2, never oversell: 64 buyers at once each reserve 1 unit of a SKU whose
// last 10 units are available (12 on hand, 2 held by an earlier order),
// through inventory.Service on the PostgreSQL store, each on a connection of
// its own. Exactly 10 succeed and 54 fail with the insufficient-stock
// conflict; the item holds exactly the earlier order's 2 units and the 10
// winners' 1 each, on hand = reserved + available, every winner's
// reservation is sealed and a loser holds nothing anywhere (none leaked);
// the trail has one entry per level change. Run in both isolation modes, one
// after the other (64 connections each).
func TestLastTenUnits_R2_2(t *testing.T) {
	t.Parallel()
	for _, mode := range []struct {
		name         string
		serializable bool
	}{{"read_committed", false}, {"serializable", true}} {
		t.Run(mode.name, func(t *testing.T) { lastTenUnits(t, mode.serializable) })
	}
}

func lastTenUnits(t *testing.T, serializable bool) {
	const buyers, sku = 64, "SKU-LAST-10"
	ctx := context.Background()
	db, _, retries := openContended(t, serializable, buyers+1)
	store := db.Stock()
	at := time.Date(2026, 11, 11, 0, 0, 0, 1, time.UTC)
	svc, err := inventory.NewService(inventory.ServiceConfig{Store: store, ShopID: uuid.New(),
		Policy: inventory.DefaultPolicy(), Clock: func() time.Time { return at }})
	require.NoError(t, err)
	_, err = svc.AddSKU(ctx, sku, 12, shopkit.SystemActor())
	require.NoError(t, err)
	require.NoError(t, svc.Reserve(ctx, "earlier-order", []inventory.StockLine{{SKU: sku, Quantity: 2}}))

	refs := make([]string, buyers)
	errs := make([]error, buyers)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range buyers {
		refs[i] = fmt.Sprintf("order-%02d", i)
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = svc.Reserve(ctx, refs[i], []inventory.StockLine{{SKU: sku, Quantity: 1}})
		}()
	}
	retries.Store(0)
	close(start)
	wg.Wait()
	t.Logf("%d transaction attempts ran again", retries.Load())

	var winners, losers []string
	for i, err := range errs {
		switch {
		case err == nil:
			winners = append(winners, refs[i])
		case errors.Is(err, shopkit.ErrConflict) && shopkit.CodeOf(err) == inventory.CodeInsufficientStock:
			losers = append(losers, refs[i])
		default:
			t.Errorf("buyer %s: want success or %s, got %v", refs[i], inventory.CodeInsufficientStock, err)
		}
	}
	require.Len(t, winners, 10, "exactly the last 10 units are sold")
	require.Len(t, losers, buyers-10)

	item, err := store.Get(ctx, sku)
	require.NoError(t, err)
	want := map[string]int64{"earlier-order": 2}
	for _, ref := range winners {
		want[ref] = 1
	}
	assert.Equal(t, want, item.Holds(), "the holds are the earlier order's and the winners', nothing else")
	assert.Equal(t, int64(12), item.OnHand())
	assert.Equal(t, int64(12), item.Reserved())
	assert.Zero(t, item.Available())
	assert.Equal(t, item.OnHand(), item.Reserved()+item.Available())

	for _, ref := range winners {
		held, err := store.Holding(ctx, ref)
		require.NoError(t, err)
		require.Len(t, held, 1, "winner %s", ref)
		q, ok := held[0].Held(ref)
		assert.True(t, ok)
		assert.Equal(t, int64(1), q)
	}
	for _, ref := range losers {
		held, err := store.Holding(ctx, ref)
		require.NoError(t, err)
		assert.Empty(t, held, "loser %s holds nothing", ref)
	}
	unsealed, err := store.Unsealed(ctx, at.Add(time.Hour), buyers)
	require.NoError(t, err)
	assert.Empty(t, unsealed, "every winner sealed its reservation; no loser left one half-made")

	trail, err := store.Trail(ctx, sku, 0, 100)
	require.NoError(t, err)
	assert.Len(t, trail, 1+1+10, "the creation, the earlier order's reservation and one per winner: a failed Reserve writes nothing")
	assert.Len(t, trail, item.Snapshot().Seq)
}
