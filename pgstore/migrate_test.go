package pgstore_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/pgstore"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// version is the schema's applied migration version (goose's record).
func version(t *testing.T, pool *pgxpool.Pool) int64 {
	t.Helper()
	var v int64
	require.NoError(t, pool.QueryRow(context.Background(),
		"SELECT max(version_id) FROM goose_db_version WHERE is_applied").Scan(&v))
	return v
}

// tablesIn lists the tables of schema.
func tablesIn(t *testing.T, pool *pgxpool.Pool, schema string) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), "SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename", schema)
	require.NoError(t, err)
	var names []string
	for rows.Next() {
		var n string
		require.NoError(t, rows.Scan(&n))
		names = append(names, n)
	}
	require.NoError(t, rows.Err())
	return names
}

// From an empty schema Migrate makes every table in the schema of the
// pool's search_path (none elsewhere) at the latest version; run again it
// changes nothing.
func TestMigrate_FromEmptySchemaAndAgain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewSchema(t, nil)
	require.Empty(t, tablesIn(t, s.Pool, s.Name))
	require.NoError(t, pgstore.Migrate(ctx, s.Pool))
	tables := tablesIn(t, s.Pool, s.Name)
	for _, want := range []string{"outbox", "orders", "orders_trail", "aftersales_cases", "aftersales_cases_trail",
		"aftersales_ledgers", "aftersales_ledgers_trail", "goose_db_version"} {
		assert.Contains(t, tables, want)
	}
	assert.Equal(t, pgstore.LatestVersion(), version(t, s.Pool))
	var rowsBefore int
	require.NoError(t, s.Pool.QueryRow(ctx, "SELECT count(*) FROM goose_db_version").Scan(&rowsBefore))

	require.NoError(t, pgstore.Migrate(ctx, s.Pool), "a second run is a no-op")
	assert.Equal(t, tables, tablesIn(t, s.Pool, s.Name))
	assert.Equal(t, pgstore.LatestVersion(), version(t, s.Pool))
	var rowsAfter int
	require.NoError(t, s.Pool.QueryRow(ctx, "SELECT count(*) FROM goose_db_version").Scan(&rowsAfter))
	assert.Equal(t, rowsBefore, rowsAfter, "nothing applied again")
}

// A schema at version 1 (the core tables only) comes out of Migrate at the
// latest version.
func TestMigrate_FromVersionOne(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewSchema(t, nil)
	require.NoError(t, pgstore.MigrateTo(ctx, s.Pool, 1))
	assert.Equal(t, int64(1), version(t, s.Pool))
	assert.Contains(t, tablesIn(t, s.Pool, s.Name), "orders")
	require.NoError(t, pgstore.Migrate(ctx, s.Pool))
	assert.Equal(t, pgstore.LatestVersion(), version(t, s.Pool))
}

func TestMigrate_NilPool(t *testing.T) {
	t.Parallel()
	err := pgstore.Migrate(context.Background(), nil)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, shopkit.CodeNilArgument, shopkit.CodeOf(err))
}

// Instances starting at once may all run Migrate: they take turns, and
// every one succeeds.
func TestMigrate_ConcurrentRunsTakeTurns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := pgtest.NewSchema(t, nil)
	errs := make(chan error, 4)
	for range 4 {
		go func() { errs <- pgstore.Migrate(ctx, s.Pool) }()
	}
	for range 4 {
		require.NoError(t, <-errs)
	}
	assert.Equal(t, pgstore.LatestVersion(), version(t, s.Pool))
}
