package commercetest_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/commerce/commercetest"
)

// R2.8: the in-memory order store passes the conformance suite hosts run on theirs.
func TestOrderStore_R2_8(t *testing.T) {
	commercetest.TestOrderStore(t, func() commerce.OrderStore { return commercetest.NewOrderStore() })
}
