package pgstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/pgstore"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
)

// benchAt is the instant the benchmarks' orders are due at.
var benchAt = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)

// benchDB is a migrated schema and the stores over its pool of 8.
func benchDB(b *testing.B) (*pgstore.DB, *pgtest.Schema) {
	b.Helper()
	s := pgtest.NewSchema(b, pgstore.Migrate)
	db, err := pgstore.Open(pgstore.Config{Pool: s.Pool})
	if err != nil {
		b.Fatal(err)
	}
	return db, s
}

// benchOrders stores n unpaid orders and returns their IDs.
func benchOrders(b testing.TB, db *pgstore.DB, n int) []uuid.UUID {
	b.Helper()
	ids := make([]uuid.UUID, n)
	for i := range ids {
		o := unpaidOrder(b, benchAt)
		ids[i] = o.ID()
		if err := db.Orders().Create(context.Background(), o); err != nil {
			b.Fatal(err)
		}
	}
	return ids
}

// floorUpdate is what an Update must do at least, issued by hand: lock the
// row, append one trail entry, write the state back, in one transaction.
func floorUpdate(ctx context.Context, pool *pgxpool.Pool, id uuid.UUID, entry []byte) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	var seq int
	var state []byte
	if err := tx.QueryRow(ctx, "SELECT seq, state FROM orders WHERE id = $1 FOR UPDATE", id).Scan(&seq, &state); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "INSERT INTO orders_trail (entity, seq, entry) VALUES ($1, $2, $3)", id, seq+1, entry); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "UPDATE orders SET seq = $2, state = $3 WHERE id = $1", id, seq+1, state); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// An order Update (one entry, no effect) through pgstore against the floor,
// at 1 and at 8 concurrent clients, each client on an order of its own.
func BenchmarkOrderUpdate(b *testing.B) {
	db, s := benchDB(b)
	// Orders of their own for each way: the floor does not keep the length
	// of the trail in the state, as the store does.
	ids := benchOrders(b, db, 16)
	entry, err := json.Marshal(shopkit.Entry{Seq: 1, Kind: shopkit.EntryChange, At: benchAt, Role: shopkit.Buyer, Actor: "b",
		Action: "change_address", From: "pending_payment", To: "pending_payment"})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	ways := []struct {
		name   string
		ids    []uuid.UUID
		update func(id uuid.UUID) error
	}{
		{"pgstore", ids[:8], func(id uuid.UUID) error { return db.Orders().Update(ctx, id, touch) }},
		{"floor", ids[8:], func(id uuid.UUID) error { return floorUpdate(ctx, s.Pool, id, entry) }},
	}
	for _, clients := range []int{1, 8} {
		for _, w := range ways {
			b.Run(fmt.Sprintf("%s/clients=%d", w.name, clients), func(b *testing.B) {
				if clients == 1 {
					for b.Loop() {
						if err := w.update(w.ids[0]); err != nil {
							b.Fatal(err)
						}
					}
					return
				}
				b.SetParallelism((clients + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
				var next atomic.Int64
				b.RunParallel(func(pb *testing.PB) {
					id := w.ids[int(next.Add(1)-1)%len(w.ids)]
					for pb.Next() {
						if err := w.update(id); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
		}
	}
}

// The same comparison interleaved: each client alternates an Update through
// pgstore and one by hand, on orders of its own, so that a machine whose load
// changes during the run weighs on both alike. It reports the mean time of
// each and the store's throughput as a share of the floor's
// (floor-ns / pgstore-ns).
func BenchmarkOrderUpdateInterleaved(b *testing.B) {
	db, s := benchDB(b)
	ids := benchOrders(b, db, 16)
	entry, err := json.Marshal(shopkit.Entry{Seq: 1, Kind: shopkit.EntryChange, At: benchAt, Role: shopkit.Buyer, Actor: "b",
		Action: "change_address", From: "pending_payment", To: "pending_payment"})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, clients := range []int{1, 8} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			var store, floor atomic.Int64 // total ns of each
			var ops atomic.Int64
			run := func(i int) error {
				start := time.Now()
				if err := db.Orders().Update(ctx, ids[i], touch); err != nil {
					return err
				}
				mid := time.Now()
				if err := floorUpdate(ctx, s.Pool, ids[8+i], entry); err != nil {
					return err
				}
				store.Add(int64(mid.Sub(start)))
				floor.Add(int64(time.Since(mid)))
				ops.Add(1)
				return nil
			}
			if clients == 1 {
				for b.Loop() {
					if err := run(0); err != nil {
						b.Fatal(err)
					}
				}
			} else {
				b.SetParallelism((clients + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
				var next atomic.Int64
				b.RunParallel(func(pb *testing.PB) {
					i := int(next.Add(1)-1) % 8
					for pb.Next() {
						if err := run(i); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			n := float64(ops.Load())
			b.ReportMetric(float64(store.Load())/n, "pgstore-ns/op")
			b.ReportMetric(float64(floor.Load())/n, "floor-ns/op")
			b.ReportMetric(float64(floor.Load())/float64(store.Load()), "share-of-floor")
		})
	}
}

// orderWithTrail stores an order whose trail holds entries entries: copies
// of its first entry, renumbered, written in SQL, with the row's and the
// state's length grown to match.
func orderWithTrail(b *testing.B, db *pgstore.DB, s *pgtest.Schema, entries int) uuid.UUID {
	b.Helper()
	ctx := context.Background()
	id := benchOrders(b, db, 1)[0]
	_, err := s.Pool.Exec(ctx, `INSERT INTO orders_trail (entity, seq, entry)
 SELECT entity, g, jsonb_set(entry, '{Seq}', to_jsonb(g)) FROM orders_trail, generate_series((SELECT seq FROM orders WHERE id = $1) + 1, $2) g
 WHERE entity = $1 AND seq = 1`, id, entries)
	if err == nil {
		_, err = s.Pool.Exec(ctx, `UPDATE orders SET seq = $2, state = jsonb_set(state, '{Seq}', to_jsonb($2::integer)) WHERE id = $1`, id, entries)
	}
	if err != nil {
		b.Fatal(err)
	}
	return id
}

// An order Update with 10 and with 10,000 entries in the trail: the cost must
// not grow with the trail (the entity row holds its length).
func BenchmarkOrderUpdateTrail(b *testing.B) {
	db, s := benchDB(b)
	ctx := context.Background()
	for _, entries := range []int{10, 10_000} {
		b.Run(fmt.Sprintf("entries=%d", entries), func(b *testing.B) {
			id := orderWithTrail(b, db, s, entries)
			for b.Loop() {
				if err := db.Orders().Update(ctx, id, touch); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The same comparison interleaved: an Update of the order with 10 entries,
// then one of the order with 10,000, alternately; it reports the mean time of
// each and their ratio (10,000 / 10).
func BenchmarkOrderUpdateTrailInterleaved(b *testing.B) {
	db, s := benchDB(b)
	ctx := context.Background()
	short, long := orderWithTrail(b, db, s, 10), orderWithTrail(b, db, s, 10_000)
	var shortNs, longNs time.Duration
	for b.Loop() {
		start := time.Now()
		if err := db.Orders().Update(ctx, short, touch); err != nil {
			b.Fatal(err)
		}
		mid := time.Now()
		if err := db.Orders().Update(ctx, long, touch); err != nil {
			b.Fatal(err)
		}
		shortNs += mid.Sub(start)
		longNs += time.Since(mid)
	}
	b.ReportMetric(float64(shortNs)/float64(b.N), "entries10-ns/op")
	b.ReportMetric(float64(longNs)/float64(b.N), "entries10000-ns/op")
	b.ReportMetric(float64(longNs)/float64(shortNs), "ratio")
}

// fillDueOrders replaces the orders with n unpaid orders due at benchAt,
// copies of one stored order with IDs and numbers of their own, in SQL.
func fillDueOrders(b testing.TB, db *pgstore.DB, s *pgtest.Schema, n int) {
	b.Helper()
	s.Empty(b)
	benchOrders(b, db, 1)
	_, err := s.Pool.Exec(context.Background(), `INSERT INTO orders (id, shop_id, seq, deadline_ns, state, number, buyer, status, placed_ns, flagged)
 SELECT g.id, o.shop_id, o.seq, o.deadline_ns, jsonb_set(jsonb_set(o.state, '{ID}', to_jsonb(g.id::text)), '{Number}', to_jsonb('9' || lpad(g.n::text, 8, '0'))),
  '9' || lpad(g.n::text, 8, '0'), o.buyer, o.status, o.placed_ns, o.flagged
 FROM (SELECT * FROM orders LIMIT 1) o, (SELECT gen_random_uuid() AS id, n FROM generate_series(2, $1) n) g`, n)
	if err != nil {
		b.Fatal(err)
	}
}

// One and two order services (pools of their own) sweeping the same 10,000
// due orders; orders/s is the throughput.
func BenchmarkSweep10000(b *testing.B) {
	const n = 10_000
	db, s := benchDB(b)
	now := benchAt.Add(time.Second)
	for _, sweepers := range []int{1, 2} {
		b.Run(fmt.Sprintf("sweepers=%d", sweepers), func(b *testing.B) {
			svcs := make([]*order.Service, sweepers)
			for i := range svcs {
				idb, err := pgstore.Open(pgstore.Config{Pool: pgtest.PoolIn(b, s.DSN, s.Name, 2, nil)})
				if err != nil {
					b.Fatal(err)
				}
				svcs[i], err = order.NewService(order.ServiceConfig{Store: idb.Orders(), Stock: &releases{count: map[string]int{}},
					Numberer: numbers{}, Policy: order.DefaultPolicy(), Clock: func() time.Time { return now }})
				if err != nil {
					b.Fatal(err)
				}
			}
			var swept time.Duration
			for i := 0; i < b.N; i++ {
				fillDueOrders(b, db, s, n)
				start := time.Now()
				var applied atomic.Int64
				var wg sync.WaitGroup
				for _, svc := range svcs {
					wg.Add(1)
					go func() {
						defer wg.Done()
						res, err := svc.Sweep(context.Background())
						if err != nil || len(res.Failures) > 0 {
							b.Error(err, res.Failures)
						}
						applied.Add(int64(res.Applied))
					}()
				}
				wg.Wait()
				swept += time.Since(start)
				if applied.Load() != n {
					b.Fatalf("applied %d of %d", applied.Load(), n)
				}
			}
			b.ReportMetric(float64(n*b.N)/swept.Seconds(), "orders/s")
		})
	}
}
