package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/pgstore"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Transient failures are retried: serialization failure, deadlock, lock
// timeout, the server shutting down or not accepting connections yet, a
// lost connection; the rest are not.
func TestRetryable(t *testing.T) {
	t.Parallel()
	for _, code := range []string{"40001", "40P01", "55P03", "57P01", "57P02", "57P03"} {
		assert.True(t, pgstore.Retryable(&pgconn.PgError{Code: code}), code)
		assert.True(t, pgstore.Retryable(fmt.Errorf("wrapped: %w", &pgconn.PgError{Code: code})), code)
	}
	for _, code := range []string{"23505", "23503", "42P01", "22P02"} {
		assert.False(t, pgstore.Retryable(&pgconn.PgError{Code: code}), code)
	}
	assert.True(t, pgstore.Retryable(io.EOF))
	assert.True(t, pgstore.Retryable(fmt.Errorf("read: %w", io.ErrUnexpectedEOF)))
	assert.True(t, pgstore.Retryable(&net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}))
	assert.False(t, pgstore.Retryable(errors.New("boom")))
	assert.False(t, pgstore.Retryable(pgx.ErrNoRows))

	// A refused connection (a server restarting) is a connect error.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := pgx.Connect(ctx, "postgres://nobody@127.0.0.1:1/db?sslmode=disable&connect_timeout=2")
	require.Error(t, err)
	assert.True(t, pgstore.Retryable(err), "%v", err)
}

// The mapping of docs/storage.md: no row is ErrNotFound, a unique violation
// ErrConflict with the constraint's code (the primary key: the exists
// code), a transient failure ErrRetry keeping the driver's error, a done
// ctx ctx.Err(), a library error as it is.
func TestMapError(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	err := pgstore.MapError(ctx, "get order", pgx.ErrNoRows)
	require.ErrorIs(t, err, shopkit.ErrNotFound)
	assert.Equal(t, "order.order_not_found", shopkit.CodeOf(err))

	err = pgstore.MapError(ctx, "create order", &pgconn.PgError{Code: "23505", ConstraintName: "orders_number_key"})
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, "order.number_taken", shopkit.CodeOf(err))
	err = pgstore.MapError(ctx, "create order", &pgconn.PgError{Code: "23505", ConstraintName: "orders_pkey"})
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, "order.order_exists", shopkit.CodeOf(err))

	lock := &pgconn.PgError{Code: "55P03", Message: "canceling statement due to lock timeout"}
	err = pgstore.MapError(ctx, "update order", lock)
	require.ErrorIs(t, err, shopkit.ErrRetry)
	var pg *pgconn.PgError
	require.ErrorAs(t, err, &pg)
	assert.Equal(t, "55P03", pg.Code)

	done, cancel := context.WithCancel(ctx)
	cancel()
	assert.Equal(t, context.Canceled, pgstore.MapError(done, "get order", errors.New("conn closed")))

	refusal := shopkit.NewError(shopkit.ErrConflict, "demo.refused", "refused")
	assert.Same(t, refusal, pgstore.MapError(ctx, "update order", refusal))

	other := pgstore.MapError(ctx, "get order", &pgconn.PgError{Code: "42P01"})
	assert.NotErrorIs(t, other, shopkit.ErrRetry)
	require.ErrorAs(t, other, &pg)
	assert.Nil(t, pgstore.MapError(ctx, "get order", nil))
}

// blockRow locks the order id from a transaction of its own on pool,
// updating it, until the returned release is called with commit or not.
func blockRow(t *testing.T, s *pgtest.Schema, id any) (pid uint32, release func(commit bool)) {
	t.Helper()
	ctx := context.Background()
	tx, err := s.Pool.Begin(ctx)
	require.NoError(t, err)
	require.NoError(t, tx.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid))
	_, err = tx.Exec(ctx, "UPDATE orders SET seq = seq WHERE id = $1", id)
	require.NoError(t, err)
	return pid, func(commit bool) {
		if commit {
			assert.NoError(t, tx.Commit(ctx))
		} else {
			assert.NoError(t, tx.Rollback(ctx))
		}
	}
}

// waitBlocked waits until a backend waits on a lock pid holds.
func waitBlocked(ctx context.Context, s *pgtest.Schema, pid uint32) error {
	for {
		var n int
		if err := s.Pool.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE $1::int = ANY(pg_blocking_pids(pid))", int(pid)).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// A lock held past lock_timeout (SQLSTATE 55P03) is retried Attempts times,
// then ErrRetry wrapping the driver's error; nothing is written, and once
// the lock is free the same Update succeeds.
func TestUpdate_LockTimeoutEndsInRetry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewSchema(t, pgstore.Migrate)
	short := pgtest.PoolIn(t, s.DSN, s.Name, 0, map[string]string{"lock_timeout": "50ms"})
	db, err := pgstore.Open(pgstore.Config{Pool: short, Attempts: 3})
	require.NoError(t, err)
	o := unpaidOrder(t, time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC))
	require.NoError(t, db.Orders().Create(ctx, o))

	_, release := blockRow(t, s, o.ID())
	var attempts atomic.Int32
	pgstore.SetBeforeAttempt(db, func(context.Context, int) { attempts.Add(1) })
	var calls int
	err = db.Orders().Update(ctx, o.ID(), func(o *order.Order) error { calls++; return touch(o) })
	release(false)
	require.ErrorIs(t, err, shopkit.ErrRetry)
	var pg *pgconn.PgError
	require.ErrorAs(t, err, &pg)
	assert.Equal(t, "55P03", pg.Code)
	assert.Equal(t, int32(3), attempts.Load(), "every attempt was made")
	assert.Zero(t, calls, "fn never ran: the row was never locked")
	trail, err := shopkit.ReadTrail(ctx, db.Orders(), o.ID(), 10)
	require.NoError(t, err)
	assert.Empty(t, trail)

	require.NoError(t, db.Orders().Update(ctx, o.ID(), touch))
	trail, err = shopkit.ReadTrail(ctx, db.Orders(), o.ID(), 10)
	require.NoError(t, err)
	assert.Len(t, trail, 1)
}

// blockEachAttempt arms, before each attempt up to upTo, a writer that
// holds the order's row and commits once the attempt waits on it: at
// SERIALIZABLE the waiting SELECT … FOR UPDATE then fails with 40001.
func blockEachAttempt(t *testing.T, db *pgstore.DB, s *pgtest.Schema, id any, upTo int, attempts *atomic.Int32) *sync.WaitGroup {
	var wg sync.WaitGroup
	pgstore.SetBeforeAttempt(db, func(ctx context.Context, attempt int) {
		attempts.Add(1)
		if attempt > upTo {
			return
		}
		pid, release := blockRow(t, s, id)
		wg.Add(1)
		go func() {
			defer wg.Done()
			wait, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			assert.NoError(t, waitBlocked(wait, s, pid))
			release(true)
		}()
	})
	return &wg
}

// R0.4 under SERIALIZABLE: a serialization failure (a concurrent writer
// committed while the Update waited for the row, before fn ran) re-runs the
// whole transaction on a fresh load; the second attempt's result is stored,
// its entry appended once. At READ COMMITTED the same writer only makes the
// Update wait: one attempt.
func TestUpdate_SerializationFailureReRunsFn_R0_4(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, mode := range []struct {
		name      string
		isolation pgstore.Isolation
		attempts  int32
	}{{"serializable", pgstore.Serializable, 2}, {"read_committed", pgstore.ReadCommitted, 1}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			s := pgtest.NewSchema(t, pgstore.Migrate)
			db, err := pgstore.Open(pgstore.Config{Pool: s.Pool, Isolation: mode.isolation, Attempts: 3})
			require.NoError(t, err)
			o := unpaidOrder(t, time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC))
			require.NoError(t, db.Orders().Create(ctx, o))
			var attempts atomic.Int32
			wg := blockEachAttempt(t, db, s, o.ID(), 1, &attempts)
			calls := 0
			require.NoError(t, db.Orders().Update(ctx, o.ID(), func(o *order.Order) error { calls++; return touch(o) }))
			wg.Wait()
			assert.Equal(t, mode.attempts, attempts.Load())
			assert.Equal(t, 1, calls, "fn ran on the attempt that held the row")
			trail, err := shopkit.ReadTrail(ctx, db.Orders(), o.ID(), 10)
			require.NoError(t, err)
			require.Len(t, trail, 1, "the entry is appended once")
			assert.Equal(t, 1, trail[0].Seq)
			got, err := db.Orders().Get(ctx, o.ID())
			require.NoError(t, err)
			assert.Equal(t, 1, got.Snapshot().Seq)
		})
	}
}

// A serialization failure on every attempt ends in ErrRetry wrapping the
// driver's 40001 after Attempts runs, and nothing is written.
func TestUpdate_SerializationFailureEndsInRetry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewSchema(t, pgstore.Migrate)
	db, err := pgstore.Open(pgstore.Config{Pool: s.Pool, Isolation: pgstore.Serializable, Attempts: 2})
	require.NoError(t, err)
	o := unpaidOrder(t, time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC))
	require.NoError(t, db.Orders().Create(ctx, o))
	var attempts atomic.Int32
	wg := blockEachAttempt(t, db, s, o.ID(), 2, &attempts)
	calls := 0
	err = db.Orders().Update(ctx, o.ID(), func(o *order.Order) error { calls++; return touch(o) })
	wg.Wait()
	require.ErrorIs(t, err, shopkit.ErrRetry)
	var pg *pgconn.PgError
	require.ErrorAs(t, err, &pg)
	assert.Equal(t, "40001", pg.Code)
	assert.Equal(t, int32(2), attempts.Load())
	assert.Zero(t, calls)
	trail, err := shopkit.ReadTrail(ctx, db.Orders(), o.ID(), 10)
	require.NoError(t, err)
	assert.Empty(t, trail)
}

// A unique violation on the order number is ErrConflict, against the real
// server's constraint name.
func TestCreate_NumberTakenConflicts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewSchema(t, pgstore.Migrate)
	db, err := pgstore.Open(pgstore.Config{Pool: s.Pool})
	require.NoError(t, err)
	at := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	a := unpaidOrder(t, at)
	require.NoError(t, db.Orders().Create(ctx, a))
	snap := unpaidOrder(t, at).Snapshot()
	snap.Number = a.Number()
	b, err := order.RestoreOrder(snap)
	require.NoError(t, err)
	err = db.Orders().Create(ctx, b)
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, order.CodeOrderExists, shopkit.CodeOf(err))
	var pg *pgconn.PgError
	require.ErrorAs(t, err, &pg)
	assert.Equal(t, "orders_number_key", pg.ConstraintName)
	_, err = db.Orders().Get(ctx, b.ID())
	require.ErrorIs(t, err, shopkit.ErrNotFound, "nothing was written")
}

// A cancelled context is ctx.Err(), before and during a call.
func TestCancelledContext(t *testing.T) {
	t.Parallel()
	s := pgtest.NewSchema(t, pgstore.Migrate)
	db, err := pgstore.Open(pgstore.Config{Pool: s.Pool})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = db.Orders().Get(ctx, unpaidOrder(t, time.Now()).ID())
	assert.Equal(t, context.Canceled, err)
	err = db.Orders().Update(ctx, unpaidOrder(t, time.Now()).ID(), touch)
	assert.Equal(t, context.Canceled, err)
}

// A connection lost after fn ran (the server ended the backend, as on a
// restart) re-runs the whole transaction, fn included, on a fresh load and
// a new connection: the second run's result is the one stored, once, in
// both modes.
func TestUpdate_LostConnectionReRunsFn_R0_4(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		ctx := context.Background()
		s := pgtest.NewSchema(t, pgstore.Migrate)
		one := pgtest.PoolIn(t, s.DSN, s.Name, 1, nil)
		cfg := pgstore.Config{Pool: one}
		if serializable {
			cfg.Isolation = pgstore.Serializable
		}
		db, err := pgstore.Open(cfg)
		require.NoError(t, err)
		at := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
		o := unpaidOrder(t, at)
		require.NoError(t, db.Orders().Create(ctx, o))
		var pid uint32
		require.NoError(t, one.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid))
		var seen []order.State
		err = db.Orders().Update(ctx, o.ID(), func(o *order.Order) error {
			seen = append(seen, o.State())
			if len(seen) == 1 {
				var ok bool
				require.NoError(t, s.Pool.QueryRow(ctx, "SELECT pg_terminate_backend($1::int, 5000)", int(pid)).Scan(&ok))
				require.True(t, ok)
			}
			return o.ApplyDue(at.Add(time.Nanosecond))
		})
		require.NoError(t, err)
		assert.Equal(t, []order.State{order.OrderPendingPayment, order.OrderPendingPayment}, seen,
			"fn ran twice, each time on the state as stored")
		got, err := db.Orders().Get(ctx, o.ID())
		require.NoError(t, err)
		assert.Equal(t, order.OrderClosed, got.State())
		trail, err := shopkit.ReadTrail(ctx, db.Orders(), o.ID(), 10)
		require.NoError(t, err)
		for i, e := range trail {
			assert.Equal(t, i+1, e.Seq)
		}
		assert.Equal(t, got.Snapshot().Seq, len(trail), "the entries were appended once")
		var effects int
		require.NoError(t, s.Pool.QueryRow(ctx, "SELECT count(*) FROM outbox").Scan(&effects))
		assert.Equal(t, len(effectIDs(trail)), effects)
		assert.Positive(t, effects)
	})
}

// Text PostgreSQL cannot store (a NUL in a text column, a \u0000 in the JSON
// state) is a typed ErrInvalid error, not a driver error, and writes nothing
// (R2.8: bad input changes nothing).
func TestCreate_UnstorableTextIsInvalid_R2_8(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewSchema(t, pgstore.Migrate)
	db, err := pgstore.Open(pgstore.Config{Pool: s.Pool})
	require.NoError(t, err)
	at := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	for name, edit := range map[string]func(*order.Snapshot){
		"NUL in a text column": func(s *order.Snapshot) { s.BuyerID = "b\x00" },
		"NUL in the state":     func(s *order.Snapshot) { s.Address.Detail = "南京路\x002号" },
	} {
		snap := unpaidOrder(t, at).Snapshot()
		edit(&snap)
		o, err := order.RestoreOrder(snap)
		require.NoError(t, err, name)
		err = db.Orders().Create(ctx, o)
		require.ErrorIs(t, err, shopkit.ErrInvalid, name)
		assert.Equal(t, pgstore.CodeUnstorableText, shopkit.CodeOf(err), name)
		_, err = db.Orders().Get(ctx, o.ID())
		require.ErrorIs(t, err, shopkit.ErrNotFound, "%s: nothing was written", name)
	}
}
