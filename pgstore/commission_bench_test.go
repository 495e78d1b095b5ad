package pgstore_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/pgstore"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
)

// heapObjects is the runtime/metrics sample the benchmark's peak is taken
// of: the bytes of heap memory occupied by objects, live or not yet swept.
const heapObjects = "/memory/classes/heap/objects:bytes"

// peakHeap samples heapObjects every 200µs until stop is called, which
// returns the largest sample seen.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sample := []metrics.Sample{{Name: heapObjects}}
		tick := time.NewTicker(200 * time.Microsecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak.Load()
	}
}

// BenchmarkCommissionStatement runs a month's statement (R4.5) over 100,000
// and 1,000,000 order records of 50 merchants streamed from
// commission_records, markers written in batches, and reports the peak of
// the heap's object bytes during the run (runtime/metrics, sampled every
// 200µs, after a GC): a streamed run's memory does not grow with the number
// of orders. The records are loaded once per size (COPY FROM). Skipped
// unless SHOPKIT_PG_DSN names a server.
//
//	SHOPKIT_PG_DSN=… go test -run '^$' -bench BenchmarkCommissionStatement -benchtime 1x ./pgstore
func BenchmarkCommissionStatement(b *testing.B) {
	if os.Getenv(pgtest.DSNVar) == "" {
		b.Skipf("%s is not set", pgtest.DSNVar)
	}
	ctx := context.Background()
	sep := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	period := commission.Period{Start: sep, End: sep.AddDate(0, 1, 0)}
	rs := monthRules("2026", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Time{})
	rs.Plans, rs.DefaultPlan = rs.Plans[1:], "pct" // one pass over the orders
	for _, n := range []int{100_000, 1_000_000} {
		var once sync.Once
		var s *pgtest.Schema
		var pg *pgstore.Commission
		var sched *commission.Schedule
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			once.Do(func() {
				s = pgtest.NewSchema(b, pgstore.Migrate)
				db, err := pgstore.Open(pgstore.Config{Pool: s.Pool})
				if err != nil {
					b.Fatal(err)
				}
				pg = db.Commission()
				if err := pg.SaveRuleSet(ctx, rs); err != nil {
					b.Fatal(err)
				}
				if sched, err = commission.LoadSchedule(ctx, pg); err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				const chunk = 100_000
				for i := 0; i < n; i += chunk {
					if err := pg.AddRecords(ctx, genRecords(min(chunk, n-i), 50, uint64(i/chunk+1), sep)); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := s.Pool.Exec(ctx, "ANALYZE commission_records"); err != nil {
					b.Fatal(err)
				}
				b.Logf("loaded %d records in %v", n, time.Since(start).Round(time.Millisecond))
			})
			settler, err := commission.NewSettler(commission.SettlerConfig{Schedule: sched, Store: pg, Policy: commission.DefaultPolicy()})
			if err != nil {
				b.Fatal(err)
			}
			var peak uint64
			orders := 0
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				if _, err := s.Pool.Exec(ctx, "DELETE FROM commission_markers; DELETE FROM commission_statements"); err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				stop := peakHeap()
				b.StartTimer()
				rctx, cancel := context.WithCancelCause(ctx)
				sts, err := settler.Statements(rctx, commission.Run{Period: period, Orders: pg.StatementOrders(rctx, period, cancel)})
				if err == nil {
					err = context.Cause(rctx)
				}
				cancel(nil)
				b.StopTimer()
				peak = max(peak, stop())
				if err != nil {
					b.Fatal(err)
				}
				orders = 0
				for _, st := range sts {
					orders += st.Orders
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(orders), "orders-settled")
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
