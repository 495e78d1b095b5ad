package promotiontest_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/commerce/promotion/promotiontest"
)

func TestInMemoryCouponStore(t *testing.T) {
	promotiontest.TestCouponStore(t, func() promotion.CouponStore { return promotiontest.NewCouponStore() })
}

func TestInMemoryCouponQuotaStore(t *testing.T) {
	promotiontest.TestCouponQuotaStore(t, func() promotion.CouponQuotaStore { return promotiontest.NewCouponQuotaStore() })
}

func TestInMemoryCouponTemplateStore(t *testing.T) {
	promotiontest.TestCouponTemplateStore(t, func() promotion.CouponTemplateStore { return promotiontest.NewCouponTemplateStore() })
}
