// Package pgstore keeps shopkit's aggregates in PostgreSQL: the store
// interfaces of the library's packages (order.Store, aftersales.Store,
// aftersales.LedgerStore, …) on one connection pool, with an outbox for the
// effects they emit.
//
// Each aggregate has a table, one row per entity: its snapshot as JSON (the
// exact state), the shop it belongs to, its trail's length, its deadline
// and sweep lease, and the typed columns its queries use (every instant a
// query compares is a bigint of nanoseconds). Its audit trail is a table of
// its own, and the effect entries of every write go to the outbox table in
// the same transaction as the state (docs/storage.md).
//
// Use it in three steps: Migrate once at start-up (idempotent), Open, then
// take the stores from the DB:
//
//	pool, err := pgxpool.New(ctx, dsn)
//	…
//	if err := pgstore.Migrate(ctx, pool); err != nil { … }
//	db, err := pgstore.Open(pgstore.Config{Pool: pool})
//	…
//	orders := order.NewService(db.Orders(), …)
//
// An Update runs its closure in a transaction that holds the entity's row
// lock, at READ COMMITTED or SERIALIZABLE (Config.Isolation); a transient
// failure (a serialization failure, a deadlock, a lock timeout, a lost
// connection) re-runs the whole transaction, closure included, and after
// Config.Attempts runs the store returns an error matching shopkit.ErrRetry
// that wraps the driver's. A host carries out the outbox's effects with
// Outbox.Claim, Done and Retry, at least once.
package pgstore
