package merchanttest_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopkit/shopkit/commerce/merchant/merchanttest"
)

// The in-memory merchant store passes the conformance suite (R2.8, R2.9, R1.1).
func TestStoreConformance(t *testing.T) {
	merchanttest.TestStore(t, func() merchant.Store { return merchanttest.NewStore() })
}
