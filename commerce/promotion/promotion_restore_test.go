package promotion_test

import (
	"math"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
)

// R2.8, R2.4 (issue 14): restoring a coupon checks the snapshot is one a
// coupon could be in; a bad one is a typed error naming the field, and no
// coupon is built.
func TestRestoreCouponValidates_R2_8(t *testing.T) {
	tpl := cpTemplate(t, nil)
	issued := cpUse(t, tpl).Coupon
	used := cpUse(t, tpl).Coupon
	require.NoError(t, used.Use(cpBuyer("cust-1"), "order-1", shopkit.CNY(2000), cpStart.Add(time.Hour)))
	for _, tc := range []struct {
		name   string
		from   *promotion.Coupon
		edit   func(*promotion.CouponSnapshot)
		code   string
		fields []string
	}{
		{"unknown state", issued, func(s *promotion.CouponSnapshot) { s.State = "lost" }, promotion.CodeUnknownState, []string{"state"}},
		{"negative discount", used, func(s *promotion.CouponSnapshot) { s.Discount = shopkit.CNY(-1) }, promotion.CodeInvalidSnapshot, []string{"discount"}},
		{"discount while issued", issued, func(s *promotion.CouponSnapshot) { s.Discount = shopkit.CNY(1) }, promotion.CodeInvalidSnapshot, []string{"discount"}},
		{"used without its order's coupon count", used, func(s *promotion.CouponSnapshot) { s.OrderCoupons = 0 }, promotion.CodeInvalidSnapshot, []string{"order_coupons"}},
		{"negative order coupon count", used, func(s *promotion.CouponSnapshot) { s.OrderCoupons = -1 }, promotion.CodeInvalidSnapshot, []string{"order_coupons"}},
		{"used without use time", used, func(s *promotion.CouponSnapshot) { s.UsedAt = time.Time{} }, promotion.CodeInvalidSnapshot, []string{"used_at"}},
		{"issued with an order", issued, func(s *promotion.CouponSnapshot) { s.OrderRef, s.OrderCoupons = "order-1", 1 }, promotion.CodeInvalidSnapshot, []string{"order_ref", "order_coupons"}},
		{"no issue time", issued, func(s *promotion.CouponSnapshot) { s.IssuedAt = time.Time{} }, promotion.CodeInvalidSnapshot, []string{"issued_at"}},
		{"window ends before it starts", issued, func(s *promotion.CouponSnapshot) { s.ValidTo = s.ValidFrom.Add(-time.Second) }, promotion.CodeInvalidSnapshot, []string{"valid_to"}},
		{"shop coupon without its shop", issued, func(s *promotion.CouponSnapshot) { s.ShopID = uuid.Nil }, promotion.CodeInvalidSnapshot, []string{"shop_id"}},
		{"negative seq", used, func(s *promotion.CouponSnapshot) { s.Seq = -1 }, promotion.CodeInvalidSnapshot, []string{"seq"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.from.Snapshot()
			tc.edit(&s)
			c, err := promotion.RestoreCoupon(s)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Nil(t, c)
			assert.Equal(t, tc.fields, fields(t, err, tc.code))
		})
	}
	for _, c := range []*promotion.Coupon{issued, used} {
		back, err := promotion.RestoreCoupon(c.Snapshot())
		require.NoError(t, err)
		assert.Equal(t, c.Snapshot(), back.Snapshot(), "a good snapshot round-trips")
	}
}

// R2.8, R2.4 (issue 14): a quota cannot have used more coupons than it was
// issued, nor negative counts; a campaign cannot have reserved or spent more
// than its budget, a negative issued count, or a template twice. Each is
// CodeInvalidSnapshot naming the field, and nothing is built.
func TestRestoreCountersValidate_R2_8(t *testing.T) {
	tpl := cpTemplate(t, nil)
	q := promotion.NewCouponQuota(tpl.ID(), "alice")
	require.NoError(t, q.Issue(cpClerk, tpl, "coupon-1", cpStart))
	for _, tc := range []struct {
		name   string
		edit   func(*promotion.CouponQuotaSnapshot)
		fields []string
	}{
		{"used more than issued", func(s *promotion.CouponQuotaSnapshot) { s.Used = 2 }, []string{"used"}},
		{"negative issued", func(s *promotion.CouponQuotaSnapshot) { s.Issued = -1 }, []string{"issued", "used"}}, // 0 used > -1 issued
		{"negative used", func(s *promotion.CouponQuotaSnapshot) { s.Used = -1 }, []string{"used"}},
		{"negative seq", func(s *promotion.CouponQuotaSnapshot) { s.Seq = -1 }, []string{"seq"}},
	} {
		t.Run("quota/"+tc.name, func(t *testing.T) {
			s := q.Snapshot()
			tc.edit(&s)
			back, err := promotion.RestoreCouponQuota(s)
			assert.Nil(t, back)
			assert.Equal(t, tc.fields, fields(t, err, promotion.CodeInvalidSnapshot))
		})
	}

	camp, err := promotion.NewCampaign(cpClerk, promotion.CampaignSpec{ShopID: cpShop, Name: "c", From: cpStart,
		To: cpStart.Add(time.Hour), Budget: shopkit.CNY(5000)}, cpStart)
	require.NoError(t, err)
	dup := uuid.New()
	for _, tc := range []struct {
		name   string
		edit   func(*promotion.CampaignSnapshot)
		fields []string
	}{
		{"reserved past the budget", func(s *promotion.CampaignSnapshot) { s.Reserved = shopkit.CNY(5001) }, []string{"reserved"}},
		{"spent past the budget", func(s *promotion.CampaignSnapshot) { s.Spent = shopkit.CNY(5001) }, []string{"spent"}},
		{"negative issued", func(s *promotion.CampaignSnapshot) { s.Issued = -1 }, []string{"issued"}},
		{"a template twice", func(s *promotion.CampaignSnapshot) { s.Templates = []uuid.UUID{dup, dup} }, []string{"templates"}},
		{"a nil template", func(s *promotion.CampaignSnapshot) { s.Templates = []uuid.UUID{uuid.Nil} }, []string{"templates"}},
		{"negative seq", func(s *promotion.CampaignSnapshot) { s.Seq = -1 }, []string{"seq"}},
	} {
		t.Run("campaign/"+tc.name, func(t *testing.T) {
			s := camp.Snapshot()
			tc.edit(&s)
			back, err := promotion.RestoreCampaign(s)
			assert.Nil(t, back)
			assert.Equal(t, tc.fields, fields(t, err, promotion.CodeInvalidSnapshot))
		})
	}
	s := camp.Snapshot()
	s.Reserved, s.Spent = shopkit.CNY(5000), shopkit.CNY(5000)
	_, err = promotion.RestoreCampaign(s)
	require.NoError(t, err, "exactly the budget is consistent")

	ts := tpl.Snapshot()
	ts.Spec.UseLimit = -1
	back, err := promotion.RestoreCouponTemplate(ts)
	assert.Nil(t, back)
	assert.Equal(t, []string{"use_limit"}, fields(t, err, promotion.CodeInvalidCoupon))
}

// R2.4, R0.1 (issue 14): a campaign's spend never passes its budget (each
// discount is at most what its coupon reserved), so what it records stays
// restorable; a spend past it is refused and changes nothing.
func TestCampaignSpendStaysWithinTheBudget_R2_4(t *testing.T) {
	c, err := promotion.NewCampaign(cpClerk, promotion.CampaignSpec{ShopID: cpShop, Name: "c", From: cpStart,
		To: cpStart.Add(time.Hour), Budget: shopkit.CNY(5000)}, cpStart)
	require.NoError(t, err)
	require.NoError(t, c.RecordSpend(shopkit.SystemActor(), "spend-1", "order-1", shopkit.CNY(5000), cpStart))
	before := c.Snapshot()
	err = c.RecordSpend(shopkit.SystemActor(), "spend-2", "order-2", shopkit.CNY(1), cpStart)
	assert.Equal(t, []string{"discount"}, fields(t, err, promotion.CodeInvalidCampaign))
	assert.Equal(t, before, c.Snapshot())
	_, err = promotion.RestoreCampaign(c.Snapshot())
	require.NoError(t, err)
}

// R0.1, R2.8 (issue 14): a restored campaign whose issued count is at the end
// of int64 cannot count one more coupon: Reserve is shopkit.CodeOverflow and
// changes nothing, never a count that wraps negative.
func TestCampaignIssuedCountNeverWraps_R0_1(t *testing.T) {
	c, err := promotion.NewCampaign(cpClerk, promotion.CampaignSpec{ShopID: cpShop, Name: "c", From: cpStart,
		To: cpStart.Add(time.Hour), Budget: shopkit.CNY(5000)}, cpStart)
	require.NoError(t, err)
	s := c.Snapshot()
	s.Issued = math.MaxInt64
	c, err = promotion.RestoreCampaign(s)
	require.NoError(t, err)
	before := c.Snapshot()
	err = c.Reserve(cpClerk, "coupon-1", shopkit.CNY(100), cpStart)
	require.ErrorIs(t, err, shopkit.ErrOverflow)
	assert.Equal(t, shopkit.CodeOverflow, shopkit.CodeOf(err))
	assert.Equal(t, before, c.Snapshot())
}
