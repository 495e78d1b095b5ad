package promotion_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/commerce/promotion/promotiontest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R0.3, R2.4: a campaign created 1 ns before a new campaign policy's From is
// checked against the old MinGap (7 days) and refused 3 days after another;
// created exactly at From, against the new one (2 days), it fits, and records
// the version. Its snapshot keeps the name through JSON.
func TestCampaignPolicyVersionAtCreation_R0_3_R2_4(t *testing.T) {
	ctx := context.Background()
	from := cpStart.Add(time.Hour)
	sched, err := shopkit.NewSchedule(
		shopkit.Version[promotion.CampaignPolicy]{Name: "gap-7d", Policy: promotion.DefaultCampaignPolicy()},
		shopkit.Version[promotion.CampaignPolicy]{Name: "gap-2d", From: from, Policy: promotion.CampaignPolicy{MinGap: 48 * time.Hour}})
	require.NoError(t, err)
	now := from.Add(-time.Nanosecond)
	s, err := promotion.NewCampaignService(promotion.CampaignServiceConfig{Store: promotiontest.NewCampaignStore(),
		Policies: sched, Clock: func() time.Time { return now }})
	require.NoError(t, err)
	day := func(n int) time.Time { return cpStart.Add(time.Duration(n) * 24 * time.Hour) }
	create := func(name string, a, b int) (*promotion.Campaign, error) {
		return s.Create(ctx, cpClerk, promotion.CampaignSpec{ShopID: cpShop, Name: name, From: day(a), To: day(b), Budget: shopkit.CNY(1000)})
	}
	first, err := create("a", 1, 3)
	require.NoError(t, err)
	assert.Equal(t, "gap-7d", first.PolicyVersion())
	_, err = create("b", 6, 7)
	assert.Equal(t, promotion.CodeCampaignGap, shopkit.CodeOf(err), "3 days after a: too close under the old 7 days")

	now = from
	second, err := create("b", 6, 7)
	require.NoError(t, err, "3 days after a: enough under the new 2 days")
	assert.Equal(t, "gap-2d", second.PolicyVersion())

	b, err := json.Marshal(first.Snapshot())
	require.NoError(t, err)
	var snap promotion.CampaignSnapshot
	require.NoError(t, json.Unmarshal(b, &snap))
	back, err := promotion.RestoreCampaign(snap)
	require.NoError(t, err)
	assert.Equal(t, "gap-7d", back.PolicyVersion())
}

// R0.3, R2.4: a coupon issued 1 ns before a new coupon policy's From records
// the old version, one issued exactly at it the new one. Before the first
// version nothing is issued, and a snapshot without the version restores with
// "".
func TestCouponPolicyVersionAtIssue_R0_3_R2_4(t *testing.T) {
	ctx := context.Background()
	from := cpStart.Add(time.Hour)
	sched, err := shopkit.NewSchedule(
		shopkit.Version[promotion.CouponPolicy]{Name: "grace-15m", Policy: promotion.DefaultCouponPolicy()},
		shopkit.Version[promotion.CouponPolicy]{Name: "grace-5m", From: from, Policy: promotion.CouponPolicy{Grace: 5 * time.Minute}})
	require.NoError(t, err)
	now := from.Add(-time.Nanosecond)
	cfg := promotiontest.NewCouponServiceConfig(func() time.Time { return now })
	cfg.Policies = sched
	s, err := promotion.NewCouponService(cfg)
	require.NoError(t, err)
	tpl, err := s.CreateTemplate(ctx, cpClerk, cpSpec())
	require.NoError(t, err)
	before, err := s.Issue(ctx, cpClerk, tpl.ID(), "alice")
	require.NoError(t, err)
	now = from
	at, err := s.Issue(ctx, cpClerk, tpl.ID(), "bob")
	require.NoError(t, err)
	assert.Equal(t, "grace-15m", before.PolicyVersion())
	assert.Equal(t, "grace-5m", at.PolicyVersion())
	got, err := cfg.Coupons.Get(ctx, before.ID())
	require.NoError(t, err)
	assert.Equal(t, "grace-15m", got.PolicyVersion(), "stored with the coupon")

	snap := got.Snapshot()
	b, err := json.Marshal(snap)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"policy_version":"grace-15m"`)
	snap.PolicyVersion = ""
	b, err = json.Marshal(snap)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "PolicyVersion")
	old, err := promotion.RestoreCoupon(snap)
	require.NoError(t, err)
	assert.Empty(t, old.PolicyVersion())

	late, err := shopkit.NewSchedule(shopkit.Version[promotion.CouponPolicy]{Name: "late", From: now.Add(time.Nanosecond), Policy: promotion.DefaultCouponPolicy()})
	require.NoError(t, err)
	cfg2 := promotiontest.NewCouponServiceConfig(func() time.Time { return now })
	cfg2.Policies = late
	s2, err := promotion.NewCouponService(cfg2)
	require.NoError(t, err)
	tpl2, err := s2.CreateTemplate(ctx, cpClerk, cpSpec())
	require.NoError(t, err)
	_, err = s2.Issue(ctx, cpClerk, tpl2.ID(), "alice")
	assert.Equal(t, shopkit.CodeNoVersionInForce, shopkit.CodeOf(err))
	n, err := cfg2.Coupons.Due(ctx, now.Add(365*24*time.Hour), 10)
	require.NoError(t, err)
	assert.Empty(t, n, "nothing issued")
}

// R2.4: exactly one of Policy and Policies; every version is validated, for
// both services.
func TestPromotionServicesValidatePolicies_R2_4(t *testing.T) {
	now := cpStart
	clock := func() time.Time { return now }
	bad, err := shopkit.NewSchedule(shopkit.Version[promotion.CampaignPolicy]{Name: "a", Policy: promotion.DefaultCampaignPolicy()},
		shopkit.Version[promotion.CampaignPolicy]{Name: "b", From: cpStart, Policy: promotion.CampaignPolicy{}})
	require.NoError(t, err)
	for _, tc := range []struct {
		name   string
		policy promotion.CampaignPolicy
		sched  shopkit.Schedule[promotion.CampaignPolicy]
		field  string
	}{
		{"both", promotion.DefaultCampaignPolicy(), shopkit.Always("v", promotion.DefaultCampaignPolicy()), "policies"},
		{"unnamed", promotion.CampaignPolicy{}, shopkit.Always("", promotion.DefaultCampaignPolicy()), "policies.versions[0].name"},
		{"invalid version", promotion.CampaignPolicy{}, bad, "policies.versions[1].policy.min_gap"},
		{"neither", promotion.CampaignPolicy{}, shopkit.Schedule[promotion.CampaignPolicy]{}, "policy.min_gap"},
	} {
		t.Run("campaign "+tc.name, func(t *testing.T) {
			_, err := promotion.NewCampaignService(promotion.CampaignServiceConfig{Store: promotiontest.NewCampaignStore(),
				Policy: tc.policy, Policies: tc.sched, Clock: clock})
			assert.Equal(t, promotion.CodeInvalidConfig, shopkit.CodeOf(err))
			assert.Contains(t, problemFields(t, err), tc.field)
		})
	}
	cfg := promotiontest.NewCouponServiceConfig(clock)
	cfg.Policy = promotion.DefaultCouponPolicy()
	cfg.Policies = shopkit.Always("v", promotion.DefaultCouponPolicy())
	_, err = promotion.NewCouponService(cfg)
	assert.Contains(t, problemFields(t, err), "policies")
	cfg.Policy = promotion.CouponPolicy{}
	cfg.Policies = shopkit.Always("v", promotion.CouponPolicy{})
	_, err = promotion.NewCouponService(cfg)
	assert.Contains(t, problemFields(t, err), "policies.versions[0].policy.grace")
}

func problemFields(t *testing.T, err error) []string {
	t.Helper()
	var v *shopkit.ValidationError
	require.ErrorAs(t, err, &v)
	var out []string
	for _, p := range v.Problems {
		out = append(out, p.Field)
	}
	return out
}
