package ordertest_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/commerce/order/ordertest"
)

// R2.8: the in-memory order store passes the conformance suite hosts run on theirs.
func TestStore_R2_8(t *testing.T) {
	ordertest.TestStore(t, func() order.Store { return ordertest.NewStore() })
}
