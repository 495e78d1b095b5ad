package pgstore_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopkit/shopkit/commerce/merchant/merchanttest"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
)

// The merchant store passes the merchant kit (R0.4, R1.1, R2.8, R2.9) in both
// isolation modes.
func TestMerchants(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := open(t, serializable)
		merchanttest.TestStore(t, func() merchant.Store { s.Empty(t); return db.Merchants() })
	})
}
