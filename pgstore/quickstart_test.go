package pgstore_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/shopkit/shopkit/examples/quickstart/day"
	"github.com/shopkit/shopkit/pgstore"
	"github.com/shopkit/shopkit/pgstore/internal/daystores"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
	"github.com/stretchr/testify/require"
)

// The quickstart's day prints the same lines, byte for byte, on pgstore's
// stores as on the in-memory ones, in both isolation modes: every state the
// day reads back from PostgreSQL is the state it wrote.
func TestQuickstart_SameDayAsInMemory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var inMemory bytes.Buffer
	require.NoError(t, day.Run(ctx, &inMemory, day.InMemory()))
	require.Contains(t, inMemory.String(), "November statement", "the in-memory day ran to its end")

	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		s := pgtest.NewSchema(t, pgstore.Migrate)
		cfg := pgstore.Config{Pool: s.Pool}
		if serializable {
			cfg.Isolation = pgstore.Serializable
		}
		db, err := pgstore.Open(daystores.Config(cfg))
		require.NoError(t, err)
		var onPostgres bytes.Buffer
		require.NoError(t, day.Run(ctx, &onPostgres, daystores.Stores(db)))
		require.Equal(t, inMemory.String(), onPostgres.String())

		// The day's entities are in the tables, not only in memory.
		for _, table := range []string{"merchants", "listings", "stock_items", "members", "coupon_templates", "coupons", "orders",
			"aftersales_cases", "aftersales_ledgers", "support_conversations", "support_desks", "commission_markers", "commission_statements"} {
			var n int
			require.NoError(t, s.Pool.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n), table)
			require.Positive(t, n, table)
		}
	})
}
