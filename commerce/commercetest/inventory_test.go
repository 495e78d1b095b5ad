package commercetest_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/commerce/commercetest"
)

// R2.2, R2.8: the in-memory inventory store passes the conformance suite.
func TestInventoryStoreConformance(t *testing.T) {
	commercetest.TestInventoryStore(t, func() commerce.InventoryStore { return commercetest.NewInventoryStore() })
}
