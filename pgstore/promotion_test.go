package pgstore_test

import (
	"testing"

	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/commerce/promotion/promotiontest"
	"github.com/shopkit/shopkit/pgstore/internal/pgtest"
)

// The template store passes the template kit (R0.3, R2.4, R2.8) in both
// isolation modes.
func TestCouponTemplates(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := open(t, serializable)
		promotiontest.TestCouponTemplateStore(t, func() promotion.CouponTemplateStore { s.Empty(t); return db.CouponTemplates() })
	})
}

// The quota store passes the quota kit (R2.4, R2.8) in both modes.
func TestCouponQuotas(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := open(t, serializable)
		promotiontest.TestCouponQuotaStore(t, func() promotion.CouponQuotaStore { s.Empty(t); return db.CouponQuotas() })
	})
}

// The coupon store passes the coupon kit (R2.4, R2.8, R2.9) in both modes.
func TestCoupons(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s := open(t, serializable)
		promotiontest.TestCouponStore(t, func() promotion.CouponStore { s.Empty(t); return db.Coupons() })
	})
}

// The campaign store passes the campaign kit (R2.4, R2.8) in both modes.
// The kit reserves a campaign's budget from 50 writers at once: at
// SERIALIZABLE that one row needs more attempts than DefaultAttempts
// (contendedAttempts).
func TestCampaigns(t *testing.T) {
	t.Parallel()
	pgtest.BothModes(t, func(t *testing.T, serializable bool) {
		db, s, _ := openContended(t, serializable, 0)
		promotiontest.TestCampaignStore(t, func() promotion.CampaignStore { s.Empty(t); return db.Campaigns() })
	})
}
