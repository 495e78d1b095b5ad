package pgstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/golden"
	"github.com/shopkit/shopkit/internal/zerocalls"
	"github.com/shopkit/shopkit/pgstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Open names every field it refuses, and builds nothing.
func TestOpen_RefusesABadConfig(t *testing.T) {
	t.Parallel()
	db, err := pgstore.Open(pgstore.Config{Isolation: 7, Attempts: -1})
	assert.Nil(t, db)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, pgstore.CodeInvalidConfig, shopkit.CodeOf(err))
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	var fields []string
	for _, p := range ve.Problems {
		fields = append(fields, p.Field)
	}
	assert.Equal(t, []string{"pool", "isolation", "attempts"}, fields)

	pool, err := pgxpool.New(context.Background(), "postgres://nobody@127.0.0.1:1/db")
	require.NoError(t, err, "a pool connects lazily")
	defer pool.Close()
	db, err = pgstore.Open(pgstore.Config{Pool: pool})
	require.NoError(t, err)
	assert.NotNil(t, db.Orders())
	assert.Equal(t, "serializable", pgstore.Serializable.String())
	assert.Equal(t, "read committed", pgstore.ReadCommitted.String())
}

// A store, DB or outbox Open did not build returns shopkit.CodeNotBuilt,
// never panics.
func TestZeroValuesAreNotBuilt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Now()
	lease := shopkit.Lease{Owner: "o", Until: now.Add(time.Minute)}
	var db pgstore.DB
	for name, err := range map[string]error{
		"orders.create":   new(pgstore.Orders).Create(ctx, nil),
		"orders.update":   db.Orders().Update(ctx, uuid.New(), nil),
		"cases.get":       func() error { _, err := db.Cases().Get(ctx, uuid.New()); return err }(),
		"ledgers.claim":   func() error { _, err := db.Ledgers().Claim(ctx, now, 1, lease); return err }(),
		"outbox.claim":    func() error { _, err := new(pgstore.Outbox).Claim(ctx, now, 1, lease); return err }(),
		"outbox.done":     db.Outbox().Done(ctx, now, "o", "x"),
		"nil db ledgers":  func() error { _, err := (*pgstore.DB)(nil).Ledgers().Debts(ctx, uuid.New()); return err }(),
		"nil outbox done": (*pgstore.Outbox)(nil).Retry(ctx, "o", "x", now, ""),
	} {
		assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err), name)
	}
}

// zero_calls_test.go calls every exported function and method of the
// package with zero values; it is generated, and this keeps it current.
func TestZeroCallsAreCurrent(t *testing.T) {
	got, err := zerocalls.Generate(".")
	require.NoError(t, err)
	golden.Assert(t, zerocalls.FileName, string(got))
}
