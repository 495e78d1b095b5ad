package inventorytest_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce/inventory"
	"github.com/shopkit/shopkit/commerce/inventory/inventorytest"
)

// R2.2, R2.8: the in-memory inventory store passes the conformance suite.
func TestStore_R2_8(t *testing.T) {
	inventorytest.TestStore(t, func() inventory.Store { return inventorytest.NewStore() })
}
