package pgstore

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/support"
)

// Isolation is the transaction isolation level of every write.
type Isolation int

const (
	// ReadCommitted (the default) serialises writers of one entity with its
	// row lock (SELECT … FOR UPDATE); a deadlock or a lock timeout is retried.
	ReadCommitted Isolation = iota
	// Serializable runs every write at SERIALIZABLE: PostgreSQL aborts a
	// transaction that would break serial order (SQLSTATE 40001) and the
	// store re-runs it.
	Serializable
)

// String names the level as SQL does.
func (i Isolation) String() string {
	switch i {
	case ReadCommitted:
		return "read committed"
	case Serializable:
		return "serializable"
	}
	return "unknown isolation"
}

// DefaultAttempts is how many times a write runs before it gives up with
// shopkit.ErrRetry when Config.Attempts is 0.
const DefaultAttempts = 5

// CodeInvalidConfig is the code of a Config that Open refuses.
const CodeInvalidConfig = "pgstore.invalid_config"

// Config is what Open needs.
type Config struct {
	// Pool is the connection pool every store uses; its connections'
	// search_path selects the schema Migrate created the tables in.
	Pool *pgxpool.Pool
	// Isolation is the level of every write transaction; ReadCommitted by
	// default.
	Isolation Isolation
	// Attempts is how many times a write (and so an Update's fn) runs after
	// transient failures before it gives up with shopkit.ErrRetry; 0 means
	// DefaultAttempts.
	Attempts int
	// Calendar is set on the policy of every after-sales case read back: a
	// policy's calendar is code, not data, and is not in the JSON state. Nil
	// means shopkit.DefaultCalendar().
	Calendar aftersales.Calendar
	// SupportHours is set on the policy (Policy.Hours) of every support
	// conversation and complaint read back, for the same reason: the SLA
	// clocks' calendar is not in the JSON state. Nil means
	// shopkit.DefaultCalendar().
	SupportHours support.BusinessHours
}

// DB is the set of PostgreSQL stores over one pool. It is safe for
// concurrent use.
type DB struct {
	pool     *pgxpool.Pool
	iso      pgx.TxIsoLevel
	attempts int
	calendar aftersales.Calendar
	hours    support.BusinessHours
	// beforeAttempt, when set (by tests), runs before each transaction attempt.
	beforeAttempt func(ctx context.Context, attempt int)
}

// Open checks cfg and returns the stores over cfg.Pool. It does not connect:
// the first query does. Run Migrate once before using the stores.
func Open(cfg Config) (*DB, error) {
	var ps []shopkit.FieldProblem
	if cfg.Pool == nil {
		ps = append(ps, shopkit.FieldProblem{Field: "pool", Problem: "is required"})
	}
	if cfg.Isolation != ReadCommitted && cfg.Isolation != Serializable {
		ps = append(ps, shopkit.FieldProblem{Field: "isolation", Problem: "must be ReadCommitted or Serializable"})
	}
	if cfg.Attempts < 0 {
		ps = append(ps, shopkit.FieldProblem{Field: "attempts", Problem: "must not be negative"})
	}
	if err := shopkit.Incomplete(CodeInvalidConfig, ps); err != nil {
		return nil, err
	}
	db := &DB{pool: cfg.Pool, iso: pgx.ReadCommitted, attempts: cfg.Attempts, calendar: cfg.Calendar, hours: cfg.SupportHours}
	if cfg.Isolation == Serializable {
		db.iso = pgx.Serializable
	}
	if db.attempts == 0 {
		db.attempts = DefaultAttempts
	}
	return db, nil
}

// calendarOrDefault is the calendar restored cases get.
func (db *DB) calendarOrDefault() aftersales.Calendar {
	if db == nil || db.calendar == nil {
		return shopkit.DefaultCalendar()
	}
	return db.calendar
}

// ready reports a DB that Open did not build and a done context.
func (db *DB) ready(ctx context.Context) error {
	if db == nil || db.pool == nil {
		return shopkit.NotBuilt("pgstore.DB")
	}
	return ctx.Err()
}

// inTx runs body in a transaction at the configured isolation and commits
// it, re-running the whole transaction on a transient failure up to the
// configured attempts, with a short jittered pause between; then it gives up
// with shopkit.Retry(op, last error). An error body returns that is not a
// driver error (fn's, a decode failure) rolls back and is returned as it is.
func (db *DB) inTx(ctx context.Context, op string, body func(pgx.Tx) error) error {
	return db.inTxAt(ctx, op, db.iso, body)
}

// inTxAt is inTx at isolation level iso. Claims run at READ COMMITTED in
// both modes: a lease is one row update whose candidates FOR UPDATE SKIP
// LOCKED picks, which is exact at that level, while at SERIALIZABLE two
// sweepers claiming at once abort each other again and again.
func (db *DB) inTxAt(ctx context.Context, op string, iso pgx.TxIsoLevel, body func(pgx.Tx) error) error {
	var last error
	for attempt := 1; attempt <= db.attempts; attempt++ {
		if attempt > 1 {
			if err := pause(ctx, attempt); err != nil {
				return err
			}
		}
		if db.beforeAttempt != nil {
			db.beforeAttempt(ctx, attempt)
		}
		err := db.attempt(ctx, iso, body)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if !retryable(err) {
			return err
		}
		last = err
	}
	return shopkit.Retry(op, last)
}

// attempt runs body once in a transaction.
func (db *DB) attempt(ctx context.Context, iso pgx.TxIsoLevel, body func(pgx.Tx) error) error {
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: iso})
	if err != nil {
		return err
	}
	if err := body(tx); err != nil {
		_ = tx.Rollback(context.WithoutCancel(ctx))
		return err
	}
	return tx.Commit(ctx)
}

// pause waits before attempt: a few milliseconds, doubling, with jitter so
// that writers that collided do not collide again.
func pause(ctx context.Context, attempt int) error {
	base := time.Millisecond << min(attempt-2, 6)
	d := base/2 + time.Duration(rand.Int64N(int64(base)))
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Orders returns the order store.
func (db *DB) Orders() *Orders { return newOrders(db) }

// Cases returns the after-sales case store.
func (db *DB) Cases() *Cases { return newCases(db) }

// Ledgers returns the after-sales ledger store.
func (db *DB) Ledgers() *Ledgers { return newLedgers(db) }

// Outbox returns the consumer of the effects every store writes.
func (db *DB) Outbox() *Outbox { return &Outbox{db: db} }
