package commercetest_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/commerce/commercetest"
)

// The in-memory merchant store passes the conformance suite (R2.8, R2.9, R1.1).
func TestMerchantStoreConformance(t *testing.T) {
	commercetest.TestMerchantStore(t, func() commerce.MerchantStore { return commercetest.NewMerchantStore() })
}
