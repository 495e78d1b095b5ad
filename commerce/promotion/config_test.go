package promotion_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/commerce/promotion/promotiontest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fields lists the fields of a *shopkit.ValidationError with code.
func fields(t *testing.T, err error, code string) []string {
	t.Helper()
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, code, ve.Code())
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.Field)
	}
	return out
}

// A service is built only from a complete configuration: each missing store or
// clock and each bad policy number is named by the constructor, never a panic
// later.
func TestNewCouponServiceRejectsIncompleteConfig(t *testing.T) {
	_, err := promotion.NewCouponService(promotion.CouponServiceConfig{})
	assert.Equal(t, []string{"templates", "quotas", "coupons", "campaigns", "clock"}, fields(t, err, promotion.CodeInvalidConfig))
	_, err = promotion.NewCouponService(promotiontest.NewCouponServiceConfig(func() time.Time { return cpStart }))
	require.NoError(t, err)
}

// R2.4: the campaign service needs a store, a clock and a valid policy; the
// zero policy is no policy.
func TestNewCampaignServiceRejectsIncompleteConfig(t *testing.T) {
	_, err := promotion.NewCampaignService(promotion.CampaignServiceConfig{})
	assert.Equal(t, []string{"store", "clock", "policy.min_gap"}, fields(t, err, promotion.CodeInvalidConfig))
	assert.Equal(t, promotion.CodeInvalidPolicy, shopkit.CodeOf(promotion.CampaignPolicy{}.Validate()))
	assert.Equal(t, promotion.CodeInvalidPolicy, shopkit.CodeOf(promotion.CampaignPolicy{MinGap: -time.Hour}.Validate()))
	require.NoError(t, promotion.DefaultCampaignPolicy().Validate())
	_, err = promotion.NewCampaignService(promotion.CampaignServiceConfig{Store: promotiontest.NewCampaignStore(),
		Policy: promotion.DefaultCampaignPolicy(), Clock: func() time.Time { return cpStart }})
	require.NoError(t, err)
}

// R2.4: every StackingPolicy count of 0 or more is valid (0 allows none, the
// zero policy no coupons at all); a negative count is CodeInvalidPolicy naming
// its field.
func TestStackingPolicyValidate_R2_4(t *testing.T) {
	for _, p := range []promotion.StackingPolicy{{}, {Platform: 1}, {Shop: 1}, promotion.DefaultStackingPolicy(), {Platform: 3, Shop: 2}} {
		require.NoError(t, p.Validate(), "%+v", p)
	}
	assert.Equal(t, []string{"platform"}, fields(t, promotion.StackingPolicy{Platform: -1, Shop: 1}.Validate(), promotion.CodeInvalidPolicy))
	assert.Equal(t, []string{"shop"}, fields(t, promotion.StackingPolicy{Platform: 1, Shop: -1}.Validate(), promotion.CodeInvalidPolicy))
	assert.Equal(t, []string{"platform", "shop"}, fields(t, promotion.StackingPolicy{Platform: -1, Shop: -1}.Validate(), promotion.CodeInvalidPolicy))
	assert.Equal(t, promotion.StackingPolicy{Platform: 1, Shop: 1}, promotion.DefaultStackingPolicy(), "R2.4: one platform and one shop coupon")
}

// R2.4: the specs validate on their own, naming each field, with the same
// result their constructors give.
func TestSpecsValidate(t *testing.T) {
	require.NoError(t, cpSpec().Validate())
	bad := cpSpec()
	bad.Name, bad.ValidTo = "", time.Time{}
	assert.Equal(t, []string{"name", "valid_to"}, fields(t, bad.Validate(), promotion.CodeInvalidCoupon))
	_, err := promotion.NewCouponTemplate(shopkit.SystemActor(), bad, cpStart)
	assert.Equal(t, bad.Validate(), err)

	spec := promotion.CampaignSpec{ShopID: cpShop, Name: "c", From: cpStart, To: cpStart.Add(time.Hour), Budget: shopkit.CNY(1)}
	require.NoError(t, spec.Validate())
	spec.Budget = shopkit.CNY(0)
	assert.Equal(t, []string{"budget"}, fields(t, spec.Validate(), promotion.CodeInvalidCampaign))
}

// R0.4, R2.8: every Restore rejects a snapshot that no entity could have
// produced, with a typed error naming the field; a good snapshot round-trips.
func TestRestoreRejectsInvalidSnapshots(t *testing.T) {
	tpl := cpTemplate(t, nil)
	ts := tpl.Snapshot()
	ts.ID = uuid.Nil
	_, err := promotion.RestoreCouponTemplate(ts)
	assert.Equal(t, []string{"id"}, fields(t, err, promotion.CodeInvalidSnapshot))
	ts = tpl.Snapshot()
	ts.Spec.Kind = "bogo"
	_, err = promotion.RestoreCouponTemplate(ts)
	assert.Equal(t, []string{"kind", "amount"}, fields(t, err, promotion.CodeInvalidCoupon))

	c := cpUse(t, tpl).Coupon
	cs := c.Snapshot()
	cs.State = "lost"
	_, err = promotion.RestoreCoupon(cs)
	assert.Equal(t, []string{"state"}, fields(t, err, promotion.CodeUnknownState))
	cs = c.Snapshot()
	cs.Issuer = "bank"
	_, err = promotion.RestoreCoupon(cs)
	assert.Equal(t, []string{"issuer"}, fields(t, err, promotion.CodeUnknownIssuer))
	cs = c.Snapshot()
	cs.ID, cs.CustomerID, cs.State = uuid.Nil, "", promotion.CouponUsed
	_, err = promotion.RestoreCoupon(cs)
	assert.Equal(t, []string{"id", "customer_id", "order_ref", "used_at", "order_coupons"}, fields(t, err, promotion.CodeInvalidSnapshot))

	q := promotion.NewCouponQuota(tpl.ID(), "alice")
	back, err := promotion.RestoreCouponQuota(q.Snapshot())
	require.NoError(t, err)
	assert.Equal(t, q.Snapshot(), back.Snapshot())
	qs := q.Snapshot()
	qs.CustomerID, qs.Used = "bob", -1 // the ID is alice's
	_, err = promotion.RestoreCouponQuota(qs)
	assert.Equal(t, []string{"id", "used"}, fields(t, err, promotion.CodeInvalidSnapshot))

	camp, err := promotion.NewCampaign(cpClerk, promotion.CampaignSpec{ShopID: cpShop, Name: "c", From: cpStart,
		To: cpStart.Add(time.Hour), Budget: shopkit.CNY(5000)}, cpStart)
	require.NoError(t, err)
	ks := camp.Snapshot()
	ks.Spec.Budget = shopkit.Money{}
	_, err = promotion.RestoreCampaign(ks)
	assert.Equal(t, []string{"budget"}, fields(t, err, promotion.CodeInvalidCampaign))
	ks = camp.Snapshot()
	ks.ID, ks.Reserved, ks.Spent = uuid.Nil, shopkit.CNY(-1), shopkit.MustMoney(1, "EUR")
	_, err = promotion.RestoreCampaign(ks)
	assert.Equal(t, []string{"id", "reserved", "spent"}, fields(t, err, promotion.CodeInvalidSnapshot))
}

// Every declared code has the package's prefix, and Codes lists each once.
func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range promotion.Codes() {
		assert.Regexp(t, `^promotion\.[a-z_]+$`, c)
		assert.False(t, seen[c], c)
		seen[c] = true
	}
	assert.True(t, seen[promotion.CodeWrongState] && seen[promotion.CodeCouponTemplateNotFound])
}
