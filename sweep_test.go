package shopkit_test

import (
	"context"
	"errors"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ticket is a minimal aggregate with a chain of deadlines: each consequence
// opens the next step, due one hour after the previous deadline.
type ticket struct {
	id       uuid.UUID
	step     int
	last     int
	deadline time.Time
	stamps   []time.Time
	fail     bool
	strict   bool // in time at exactly its deadline: due only after it
	noStamps bool // benchmarks keep the entity small
}

func (t *ticket) ID() uuid.UUID { return t.id }

func (t *ticket) ApplyDue(now time.Time) error {
	if t.step >= t.last || now.Before(t.deadline) || (t.strict && now.Equal(t.deadline)) {
		return shopkit.NotDue(t.id)
	}
	if t.fail {
		return errors.New("gateway down")
	}
	if !t.noStamps {
		t.stamps = append(t.stamps, t.deadline) // stamped with the deadline, not now (R0.3)
	}
	t.step++
	t.deadline = t.deadline.Add(time.Hour)
	return nil
}

func ticketStore() *memstore.Store[*ticket] {
	return memstore.New(memstore.Config[*ticket]{
		Entity: "ticket", NotFound: "demo.ticket_not_found", Exists: "demo.ticket_exists",
		ID: func(t *ticket) uuid.UUID { return t.id },
		Clone: func(t *ticket) *ticket {
			c := *t
			c.stamps = append([]time.Time(nil), t.stamps...)
			return &c
		},
		Deadline: func(t *ticket) (time.Time, bool) { return t.deadline, t.step < t.last },
	})
}

// R2.9: the sweep applies what is due, cascades through deadlines that have also
// passed, stamps each with its deadline, and a second sweep changes nothing.
func TestSweepR2_9AppliesCascadesAndIsIdempotent(t *testing.T) {
	ctx := context.Background()
	s := ticketStore()
	base := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	chained := &ticket{id: uuid.New(), last: 3, deadline: base}
	later := &ticket{id: uuid.New(), last: 1, deadline: base.Add(5 * time.Hour)}
	require.NoError(t, s.Create(ctx, chained))
	require.NoError(t, s.Create(ctx, later))

	now := base.Add(90 * time.Minute) // steps due at 9:00 and 10:00; 11:00 not yet
	res, err := shopkit.Sweep[*ticket](ctx, s, now, 1)
	require.NoError(t, err)
	assert.Equal(t, 2, res.Applied)
	got, _ := s.Get(ctx, chained.id)
	assert.Equal(t, []time.Time{base, base.Add(time.Hour)}, got.stamps)
	notYet, _ := s.Get(ctx, later.id)
	assert.Zero(t, notYet.step)

	again, err := shopkit.Sweep[*ticket](ctx, s, now, 1)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{}, again, "sweeping twice is harmless")

	// Exactly at the next deadline it is due; one nanosecond before it is not.
	res, err = shopkit.Sweep[*ticket](ctx, s, base.Add(2*time.Hour-1), 10)
	require.NoError(t, err)
	assert.Zero(t, res.Applied)
	res, err = shopkit.Sweep[*ticket](ctx, s, base.Add(2*time.Hour), 10)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Applied)
}

// conflictStore reports a ticket as due although someone acted first: the sweep
// skips it (R2.9) and records other failures without stopping.
type conflictStore struct {
	*memstore.Store[*ticket]
	stale map[uuid.UUID]bool
}

func (c conflictStore) Claim(ctx context.Context, t time.Time, limit int, lease shopkit.Lease) ([]*ticket, error) {
	due, err := c.Store.Claim(ctx, t, limit, lease)
	for id := range c.stale {
		x, _ := c.Store.Get(ctx, id)
		due = append(due, x)
	}
	return due, err
}

func TestSweepSkipsConflictsAndReportsFailures(t *testing.T) {
	ctx := context.Background()
	s := ticketStore()
	base := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	done := &ticket{id: uuid.New(), last: 0, deadline: base} // nothing left: ApplyDue conflicts
	broken := &ticket{id: uuid.New(), last: 1, deadline: base, fail: true}
	ok := &ticket{id: uuid.New(), last: 1, deadline: base}
	for _, x := range []*ticket{done, broken, ok} {
		require.NoError(t, s.Create(ctx, x))
	}
	res, err := shopkit.Sweep[*ticket](ctx, conflictStore{s, map[uuid.UUID]bool{done.id: true}}, base, 10)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Applied)
	assert.Equal(t, 1, res.Skipped)
	require.Len(t, res.Failures, 1)
	assert.Equal(t, broken.id, res.Failures[0].ID)
	assert.EqualError(t, res.Failures[0].Err, "gateway down")
	assert.ErrorIs(t, shopkit.NotDue(ok.id), shopkit.ErrConflict)
	assert.Equal(t, shopkit.CodeNotDue, shopkit.CodeOf(shopkit.NotDue(ok.id)))
}

// flakyStore fails the first update of one entity transiently, as a database
// does on a lock timeout.
type flakyStore struct {
	*memstore.Store[*ticket]
	flaky uuid.UUID
	fails *int
}

func (f flakyStore) Update(ctx context.Context, id uuid.UUID, fn func(*ticket) error) error {
	if id == f.flaky && *f.fails > 0 {
		*f.fails--
		return shopkit.Retry("update ticket", errors.New("lock timeout"))
	}
	return f.Store.Update(ctx, id, fn)
}

// R2.9: a transient store failure is a failure with its cause, not a skip, and
// the entity stays due: the failed sweep still holds it until its lease runs
// out, so another sweep at the same instant passes it over, and the first
// sweep after the lease applies it.
func TestSweepReportsTransientFailuresAndRetriesThemLater(t *testing.T) {
	ctx := context.Background()
	s := ticketStore()
	base := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	x := &ticket{id: uuid.New(), last: 1, deadline: base}
	require.NoError(t, s.Create(ctx, x))
	fails := 1
	store := flakyStore{s, x.id, &fails}

	res, err := shopkit.Sweep[*ticket](ctx, store, base, 10)
	require.NoError(t, err)
	assert.Zero(t, res.Applied)
	assert.Zero(t, res.Skipped, "a transient failure is not someone acting first")
	require.Len(t, res.Failures, 1)
	assert.ErrorIs(t, res.Failures[0].Err, shopkit.ErrRetry)

	res, err = shopkit.Sweep[*ticket](ctx, store, base.Add(shopkit.SweepLease-1), 10)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{}, res, "still held by the failed sweep")
	res, err = shopkit.Sweep[*ticket](ctx, store, base.Add(shopkit.SweepLease), 10)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Applied: 1}, res)
}

// R0.3, R2.9: a consequence that applies only after its deadline, swept at the
// deadline itself, is skipped and given back at once: a sweep one nanosecond
// later applies it, without waiting for the first sweep's lease to run out.
func TestSweepAtTheDeadlineGivesTheEntityBack_R2_9(t *testing.T) {
	ctx := context.Background()
	s := ticketStore()
	at := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	x := &ticket{id: uuid.New(), last: 1, deadline: at, strict: true}
	require.NoError(t, s.Create(ctx, x))
	res, err := shopkit.Sweep[*ticket](ctx, s, at, 10)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Skipped: 1}, res)
	res, err = shopkit.Sweep[*ticket](ctx, s, at.Add(1), 10)
	require.NoError(t, err)
	assert.Equal(t, shopkit.SweepResult{Applied: 1}, res)
}

// R2.9: two instances sweeping the same due work at once split it: together
// they apply each consequence once, and neither meets the other's work (no
// conflict to skip).
func TestTwoSweepsSplitTheDueWork_R2_9(t *testing.T) {
	ctx := context.Background()
	s := ticketStore()
	base := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	const n = 200
	for i := range n {
		require.NoError(t, s.Create(ctx, &ticket{id: uuid.New(), last: 1, deadline: base.Add(time.Duration(i) * time.Millisecond)}))
	}
	results := make(chan shopkit.SweepResult, 2)
	for range 2 {
		go func() {
			res, err := shopkit.Sweep[*ticket](ctx, s, base.Add(time.Hour), 10)
			assert.NoError(t, err)
			results <- res
		}()
	}
	a, b := <-results, <-results
	assert.Equal(t, n, a.Applied+b.Applied)
	assert.Zero(t, a.Skipped+b.Skipped, "no sweep did work the other had claimed")
	assert.Empty(t, append(a.Failures, b.Failures...))
	left, err := s.Due(ctx, base.Add(time.Hour), n)
	require.NoError(t, err)
	assert.Empty(t, left)
}

func TestSweepStopsOnCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := shopkit.Sweep[*ticket](ctx, ticketStore(), time.Now(), 10)
	require.ErrorIs(t, err, context.Canceled)
}

// BenchmarkSweep measures a sweep of 1,000 due entities among 1,000 stored and
// among 1,000,000 stored (R2.9: the cost grows with what is due). In the gc=off
// variants the collector is paused while timing: with a million entities in
// this process's heap, every collection scans them all, a cost of the in-memory
// test store's heap rather than of the sweep (a host's store keeps them in its
// database). The gc=on variants show that cost too.
func BenchmarkSweep(b *testing.B) {
	for _, stored := range []int{1_000, 1_000_000} {
		for _, gc := range []bool{false, true} {
			name := map[int]string{1_000: "stored=1k", 1_000_000: "stored=1M"}[stored] + map[bool]string{false: "/gc=off", true: "/gc=on"}[gc]
			b.Run(name, func(b *testing.B) {
				ctx := context.Background()
				base := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
				s := ticketStore()
				for i := 0; i < stored; i++ {
					// the first 1,000 are due at base; the rest far in the future
					at := base.Add(time.Duration(i%1000) * time.Nanosecond)
					if i >= 1000 {
						at = base.AddDate(100, 0, 0)
					}
					_ = s.Create(ctx, &ticket{id: uuid.New(), last: 1 << 30, deadline: at, noStamps: true})
				}
				now := base.Add(time.Microsecond)
				runtime.GC()
				if !gc {
					defer debug.SetGCPercent(debug.SetGCPercent(-1))
				}
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					// each round makes the 1,000 due again by moving "now" one hour on
					res, err := shopkit.Sweep[*ticket](ctx, s, now, 1000)
					if err != nil || res.Applied < 1000 {
						b.Fatalf("applied %d: %v", res.Applied, err)
					}
					now = now.Add(time.Hour)
				}
			})
		}
	}
}
