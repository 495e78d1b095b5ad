package pgstore_test

import (
	"testing"

	"github.com/shopkit/shopkit/aftersales"
	"github.com/shopkit/shopkit/aftersales/aftersalestest"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/order/ordertest"
	"github.com/shopkit/shopkit/pgstore"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
	"github.com/stretchr/testify/require"
)

// open returns the stores over a fresh, migrated schema in the mode asked
// for, and the schema (emptied between subtests).
func open(t *testing.T, serializable bool) (*pgstore.DB, *pgtest.Schema) {
	t.Helper()
	s := pgtest.NewSchema(t, pgstore.Migrate)
	cfg := pgstore.Config{Pool: s.Pool}
	if serializable {
		cfg.Isolation = pgstore.Serializable
	}
	db, err := pgstore.Open(cfg)
	require.NoError(t, err)
	return db, s
}

// The order store passes the order kit (R0.4, R2.2, R2.3.7, R2.8, R2.9) in
// both isolation modes.
func TestOrders(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := open(t, serializable)
		ordertest.TestStore(t, func() order.Store { s.Empty(t); return db.Orders() })
	})
}

// The case store passes the after-sales kit (R2.8, R2.9) in both modes.
func TestCases(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := open(t, serializable)
		aftersalestest.TestStore(t, func() aftersales.Store { s.Empty(t); return db.Cases() })
	})
}

// The ledger store passes the ledger kit (R2.8, R3.9) in both modes.
func TestLedgers(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := open(t, serializable)
		aftersalestest.TestLedgerStore(t, func() aftersales.LedgerStore { s.Empty(t); return db.Ledgers() })
	})
}
