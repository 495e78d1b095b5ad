package commercetest_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/commerce/commercetest"
)

func TestInMemoryCouponStore(t *testing.T) {
	commercetest.TestCouponStore(t, func() commerce.CouponStore { return commercetest.NewCouponStore() })
}

func TestInMemoryCouponQuotaStore(t *testing.T) {
	commercetest.TestCouponQuotaStore(t, func() commerce.CouponQuotaStore { return commercetest.NewCouponQuotaStore() })
}
