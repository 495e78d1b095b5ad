package pgstore_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/commerce/inventory/inventorytest"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
)

// The stock store passes the inventory kit (R2.2, R2.8) in both isolation
// modes.
func TestStock(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := open(t, serializable)
		inventorytest.TestStore(t, func() inventory.Store { s.Empty(t); return db.Stock() })
	})
}
