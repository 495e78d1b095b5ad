package pgstore_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/pgstore"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
	"github.com/shopkit/shopkit/pgstore/internal/stormtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R3.7: 50 clients refund units of one order of 30 units through the
// after-sales service on the PostgreSQL stores, one unit and one key each:
// exactly 30 are refunded, the other 20 refused with CodeQuantityExceeds,
// and the ledger, its trail and the outbox agree with the clients to the fen.
func TestRefundStormOnOneOrder_R3_7(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := open(t, serializable)
		storm := stormtest.Storm{Orders: 1, Units: 30, Keys: 50, Clients: 50, Pause: time.Millisecond, Deadline: time.Minute}
		svc := stormtest.Service(t, db)
		orders := storm.Prepare(t, svc)
		res := storm.Run(t, svc, orders)
		storm.Check(t, db, s.Pool, orders, res)
	})
}

// R3.7, R2.8: backends of the stores' pool are terminated
// (pg_terminate_backend, from an admin connection) again and again while
// clients refund units of four orders. The stores retry; a client sends a key
// again after an error that is not a refusal; then Resume. Nothing is lost
// and nothing is refunded twice: every unit once, every sum equal.
func TestRefundStormWithBackendsKilled_R3_7_R2_8(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		s := pgtest.NewSchema(t, pgstore.Migrate)
		app := "storm_" + s.Name
		pool := pgtest.PoolIn(t, s.DSN, s.Name, 8, map[string]string{"application_name": app})
		cfg := pgstore.Config{Pool: pool}
		if serializable {
			cfg.Isolation = pgstore.Serializable
		}
		db, err := pgstore.Open(cfg)
		require.NoError(t, err)
		storm := stormtest.Storm{Orders: 4, Units: 25, Keys: 40, Clients: 16, Pause: 5 * time.Millisecond, Deadline: 2 * time.Minute}
		svc := stormtest.Service(t, db)
		orders := storm.Prepare(t, svc)

		ctx, stop := context.WithCancel(context.Background())
		var killed atomic.Int64
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			killed.Add(killBackends(ctx, t, s.DSN, app, 3*time.Millisecond))
		}()
		res := storm.Run(t, svc, orders)
		stop()
		wg.Wait()
		stormtest.Resume(t, svc)
		storm.Check(t, db, s.Pool, orders, res)
		assert.Positive(t, killed.Load(), "no backend was terminated: the test proved nothing")
		t.Logf("%d backends terminated, %d sends repeated", killed.Load(), res.Retried)
	})
}

// killBackends terminates one backend whose application_name is app every
// pause until ctx is done, and returns how many it terminated.
func killBackends(ctx context.Context, t *testing.T, dsn, app string, pause time.Duration) int64 {
	admin, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Errorf("admin connection: %v", err)
		return 0
	}
	defer admin.Close(context.Background())
	var n int64
	for ctx.Err() == nil {
		var done bool
		err := admin.QueryRow(context.Background(), `SELECT coalesce(bool_or(pg_terminate_backend(pid)), false) FROM
 (SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND state <> 'idle' ORDER BY random() LIMIT 1) p`, app).Scan(&done)
		if err != nil {
			t.Errorf("terminate a backend: %v", err)
			return n
		}
		if done {
			n++
		}
		time.Sleep(pause)
	}
	return n
}

// releases is a StockKeeper that counts the releases of each order's ref;
// the orders of the sweep test hold no stock, so it is called at most for
// releases, which must never repeat.
type releases struct {
	mu    sync.Mutex
	count map[string]int
}

func (r *releases) Reserve(context.Context, string, []inventory.StockLine) error { return nil }
func (r *releases) Hold(context.Context, string, []inventory.StockLine) error    { return nil }
func (r *releases) Seal(context.Context, string, []inventory.StockLine) error    { return nil }
func (r *releases) Unsealed(context.Context, time.Time, int) ([]string, error)   { return nil, nil }
func (r *releases) Commit(context.Context, string) error                         { return nil }
func (r *releases) Release(_ context.Context, ref string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.count[ref]++
	return nil
}

// numbers numbers orders; the sweep test places none.
type numbers struct{}

func (numbers) Next(context.Context, time.Time) (string, error) { return "", nil }

// createOrders stores n unpaid orders whose close deadline is at, from 8
// goroutines, and returns their IDs.
func createOrders(t testing.TB, store *pgstore.Orders, at time.Time, n int) []uuid.UUID {
	t.Helper()
	ids := make([]uuid.UUID, n)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 8 {
				o := unpaidOrder(t, at)
				ids[i] = o.ID()
				if err := store.Create(context.Background(), o); err != nil {
					t.Errorf("create order %d: %v", i, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	return ids
}

// R2.9: two order services, each with a pool of its own, sweep the same
// 10,000 due unpaid orders at once. Every order is closed exactly once: one
// close entry in its trail, no stock released twice, and the two sweeps' Applied
// add up to 10,000; nothing is due afterwards.
func TestTwoSweepersCloseEachOrderOnce_R2_9(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		const n = 10_000
		db, s := open(t, serializable)
		at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
		ids := createOrders(t, db.Orders(), at, n)
		stock := &releases{count: map[string]int{}}
		now := at.Add(time.Second)
		results := make([]shopkit.SweepResult, 2)
		var wg sync.WaitGroup
		for i := range results {
			cfg := pgstore.Config{Pool: pgtest.PoolIn(t, s.DSN, s.Name, 4, nil)}
			if serializable {
				// Two sweepers updating different orders at SERIALIZABLE still
				// abort each other now and then (predicate locks are per index
				// page, and these orders share their instants, so their index
				// entries share pages): with the default 5 attempts about one
				// update in a thousand gives up, and its order waits for a later
				// sweep after the lease. The host's knob for that is Attempts.
				cfg.Isolation, cfg.Attempts = pgstore.Serializable, 20
			}
			idb, err := pgstore.Open(cfg)
			require.NoError(t, err)
			svc, err := order.NewService(order.ServiceConfig{Store: idb.Orders(), Stock: stock, Numberer: numbers{},
				Policy: order.DefaultPolicy(), Clock: func() time.Time { return now }})
			require.NoError(t, err)
			wg.Add(1)
			go func() {
				defer wg.Done()
				var err error
				results[i], err = svc.Sweep(context.Background())
				assert.NoError(t, err)
				assert.Empty(t, results[i].Failures)
			}()
		}
		wg.Wait()
		assert.Equal(t, n, results[0].Applied+results[1].Applied, "applied by the two sweeps: %+v %+v", results[0], results[1])
		t.Logf("applied %d + %d, skipped %d + %d", results[0].Applied, results[1].Applied, results[0].Skipped, results[1].Skipped)

		rows, err := s.Pool.Query(context.Background(), `SELECT o.id, o.status, count(t.seq) FROM orders o
 LEFT JOIN orders_trail t ON t.entity = o.id AND t.entry->>'kind' = $1 AND t.entry->>'from' = $2
 GROUP BY o.id, o.status`, string(shopkit.EntryChange), string(order.OrderPendingPayment))
		require.NoError(t, err)
		type closed struct {
			status string
			closes int
		}
		got := map[uuid.UUID]closed{}
		for rows.Next() {
			var id uuid.UUID
			var c closed
			require.NoError(t, rows.Scan(&id, &c.status, &c.closes))
			got[id] = c
		}
		require.NoError(t, rows.Err())
		require.Len(t, got, n)
		for _, id := range ids {
			assert.Equal(t, closed{string(order.OrderClosed), 1}, got[id], "order %s", id)
			assert.LessOrEqual(t, stock.count[id.String()], 1, "order %s: stock released twice", id)
		}
		due, err := db.Orders().Due(context.Background(), now, 10)
		require.NoError(t, err)
		assert.Empty(t, due)
	})
}

// R2.9: a claim leases exactly its limit of 10,000 due orders, at once,
// whatever plan the server picks: the locking pick runs once. The planner is
// steered off hashing and merging, as stale statistics (a table just emptied
// and refilled) can steer it, which made the pick, as an IN (subquery), run
// again for every row of the table: minutes, and more leased than asked.
func TestClaimPicksOnceWhateverThePlan_R2_9(t *testing.T) {
	t.Parallel()
	db, s := open(t, false)
	fillDueOrders(t, db, s, 10_000)
	_, err := s.Pool.Exec(context.Background(), "ANALYZE orders")
	require.NoError(t, err)
	steered, err := pgstore.Open(pgstore.Config{Pool: pgtest.PoolIn(t, s.DSN, s.Name, 4, map[string]string{
		"enable_hashagg": "off", "enable_hashjoin": "off", "enable_mergejoin": "off", "enable_material": "off", "enable_sort": "off"})})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	now := benchAt.Add(time.Second)
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := steered.Orders().Claim(ctx, now, 100, shopkit.Lease{Owner: fmt.Sprint("sweeper-", i), Until: now.Add(time.Minute)})
			assert.NoError(t, err)
			assert.Len(t, got, 100)
		}()
	}
	wg.Wait()
	var leased, owners int
	require.NoError(t, s.Pool.QueryRow(context.Background(),
		"SELECT count(*), count(DISTINCT lease_owner) FROM orders WHERE lease_owner IS NOT NULL").Scan(&leased, &owners))
	assert.Equal(t, 200, leased, "each claim leases its limit, no more")
	assert.Equal(t, 2, owners)
}
