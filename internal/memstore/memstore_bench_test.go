package memstore_test

import (
	"context"
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/stretchr/testify/require"
)

// BenchmarkUpdateTrail measures one Update of an entity whose trail holds 10
// and 10,000 entries (R0.4, issue 12: within 1.2×). A loaded value carries its
// state and the trail's length, never the trail, so the cost of an action does
// not grow with the entity's past.
func BenchmarkUpdateTrail(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{10, 10_000} {
		b.Run("entries="+strconv.Itoa(n), func(b *testing.B) {
			s := newThingStore()
			x := newThing("bench", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
			require.NoError(b, s.Create(ctx, x))
			for range n - 1 {
				require.NoError(b, s.Update(ctx, x.id, (*thing).touch))
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if err := s.Update(ctx, x.id, (*thing).touch); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkClaim measures claiming 100 due entities among 1,000 and among
// 1,000,000 stored, 1,000 of them due (R2.9, issue 12: the claim costs what it
// claims, not what is stored). The collector is paused while timing, as in the
// kernel's sweep benchmark: a million entities in this process's heap make
// every collection scan them, a cost of the test store's heap.
func BenchmarkClaim(b *testing.B) {
	ctx := context.Background()
	base := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	for _, stored := range []int{1_000, 1_000_000} {
		b.Run("stored="+strconv.Itoa(stored), func(b *testing.B) {
			s := newThingStore()
			for i := range stored {
				due := base.Add(time.Duration(i) * time.Millisecond)
				if i >= 1_000 {
					due = base.AddDate(1, 0, 0) // waiting, not due
				}
				require.NoError(b, s.Create(ctx, newThing("bench", due)))
			}
			lease := shopkit.Lease{Owner: "bench", Until: base.Add(time.Hour)}
			defer debug.SetGCPercent(debug.SetGCPercent(-1))
			runtime.GC()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				got, err := s.Claim(ctx, base.Add(time.Minute), 100, lease)
				if err != nil || len(got) != 100 {
					b.Fatal(len(got), err)
				}
			}
		})
	}
}
