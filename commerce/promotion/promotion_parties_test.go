package promotion_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/commerce/promotion/promotiontest"
	"github.com/shopkit/shopkit/internal/authztest"
)

var (
	otherShop  = authztest.OtherShop()
	otherClerk = shopkit.Actor{Role: shopkit.Merchant, ID: otherShop.String()} // shop B's merchant
	cpOps      = shopkit.Actor{Role: shopkit.Platform, ID: "ops-1", Shops: []uuid.UUID{cpShop}}
	otherOps   = shopkit.Actor{Role: shopkit.Platform, ID: "ops-2", Shops: []uuid.UUID{otherShop}}
)

// requireNotParty asserts err is the kernel's not-a-party refusal (R0.4).
func requireNotParty(t *testing.T, err error, by shopkit.Actor) {
	t.Helper()
	require.ErrorIs(t, err, shopkit.ErrNotAllowed, "%+v", by)
	assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "%+v: %v", by, err)
}

// R0.4, R2.4: every row of the coupon workflow refuses an actor who is not a
// party of the coupon — another buyer, an operator of another shop, an actor
// without an ID — with CodeNotParty, changing nothing; the rightful party (the
// coupon's customer, an operator of its shop, the system) succeeds.
func TestCouponEveryActionChecksTheParty_R0_4(t *testing.T) {
	authztest.EveryRow(t, authztest.Workflow[promotion.CouponState, promotion.CouponAction, *promotion.Coupon]{
		Table: promotion.CouponWorkflow(cpSpec()),
		New: func(t *testing.T, from promotion.CouponState, _ promotion.CouponAction) *promotion.Coupon {
			c := cpUse(t, cpTemplate(t, nil)).Coupon
			if from == promotion.CouponUsed {
				require.NoError(t, c.Use(cpBuyer("cust-1"), "order-1", shopkit.CNY(2000), cpStart.Add(time.Hour)))
			}
			return c
		},
		Parties: (*promotion.Coupon).Parties,
		Act: func(c *promotion.Coupon, action promotion.CouponAction, by shopkit.Actor) error {
			if action == promotion.CouponActionUse {
				return c.Use(by, "order-9", shopkit.CNY(2000), cpStart.Add(2*time.Hour))
			}
			return c.Release(by, cpStart.Add(2*time.Hour), "order cancelled")
		},
		Snapshot: func(c *promotion.Coupon) any { return c.Snapshot() },
		Allowed:  (*promotion.Coupon).AllowedActions,
		// The sweep takes expire on its own, as the system, with no actor to
		// check: TestCouponExpiryIsTheSweeps_R0_4 drives it.
		Skip: map[promotion.CouponAction]string{promotion.CouponActionExpire: "ApplyDue: the sweep acts as the system"},
	})
}

// R0.4, R2.9: the expire row is the sweep's: ApplyDue expires an issued
// coupon after its window as the system, and no actor can take it, whoever
// they are (AllowedActions never lists it for a person).
func TestCouponExpiryIsTheSweeps_R0_4(t *testing.T) {
	c := cpUse(t, cpTemplate(t, nil)).Coupon
	for _, by := range []shopkit.Actor{cpBuyer("cust-1"), cpClerk, cpOps} {
		assert.NotContains(t, c.AllowedActions(by), promotion.CouponActionExpire, "%+v", by)
	}
	deadline, ok := c.Deadline()
	require.True(t, ok)
	assert.Equal(t, shopkit.CodeNotDue, shopkit.CodeOf(c.ApplyDue(deadline.Add(-time.Nanosecond))))
	require.NoError(t, c.ApplyDue(deadline))
	assert.Equal(t, promotion.CouponExpired, c.State())
	h := c.History()
	assert.Equal(t, shopkit.System, h[len(h)-1].Role)
}

// R0.4: AllowedActions answers for the actor, not for its role: the coupon's
// customer sees Use on an issued coupon and Release on a used one; another
// customer, an actor without an ID and an operator of another shop see
// nothing; the coupon's shop is a party but takes no coupon action.
func TestCouponAllowedActionsAnswerForTheActor_R0_4(t *testing.T) {
	c := cpUse(t, cpTemplate(t, nil)).Coupon
	owner := cpBuyer("cust-1")
	assert.Equal(t, []promotion.CouponAction{promotion.CouponActionUse}, c.AllowedActions(owner))
	for _, by := range []shopkit.Actor{cpBuyer("mallory"), {Role: shopkit.Buyer}, otherOps, cpClerk} {
		assert.Empty(t, c.AllowedActions(by), "%+v", by)
	}
	require.NoError(t, c.Use(owner, "order-1", shopkit.CNY(2000), cpStart.Add(time.Hour)))
	assert.Equal(t, []promotion.CouponAction{promotion.CouponActionRelease}, c.AllowedActions(owner))
	assert.Equal(t, []promotion.CouponAction{promotion.CouponActionRelease}, c.AllowedActions(cpOps))
	for _, by := range []shopkit.Actor{cpBuyer("mallory"), {Role: shopkit.Buyer}, otherOps, {Role: shopkit.Platform, Shops: []uuid.UUID{cpShop}}} {
		assert.Empty(t, c.AllowedActions(by), "%+v", by)
	}
	assert.Empty(t, new(promotion.Coupon).AllowedActions(owner), "a zero coupon allows nothing")
}

// R0.4, R2.4 (issue 14): a buyer cannot release another buyer's used coupon (nor can an
// actor without an ID, nor an operator of another shop) through the service:
// CodeNotParty, and the coupon, the quota and the campaign are unchanged; the
// coupon's own customer and an operator of its shop can.
func TestReleaseOnlyByTheCouponsParties_R0_4(t *testing.T) {
	ctx := context.Background()
	w := newCPWorld(t)
	c := w.issue(t, w.tpl, "alice")
	require.NoError(t, w.s.Redeem(ctx, cpBuyer("alice"), "order-1",
		[]promotion.AppliedCoupon{{CouponID: c.ID(), TemplateID: w.tpl.ID(), Discount: shopkit.CNY(1500)}}))
	for _, by := range []shopkit.Actor{cpBuyer("mallory"), {Role: shopkit.Buyer}, otherOps, {Role: shopkit.Platform},
		{Role: shopkit.System}, otherClerk} {
		before := w.state(t)
		requireNotParty(t, w.s.Release(ctx, by, c.ID(), "mine now"), by)
		assert.Equal(t, before, w.state(t), "%+v: a refused release changes nothing", by)
	}
	before := w.state(t)
	assert.Equal(t, promotion.CodeWrongRole, shopkit.CodeOf(w.s.Release(ctx, cpClerk, c.ID(), "x")),
		"the coupon's own shop is a party, but no merchant releases")
	assert.Equal(t, before, w.state(t))
	// The finding of issue 14: mallory's release must not hand alice a second
	// discount past her use limit of 1 (R2.4). Her coupon is still used, so
	// redeeming it again for another order is refused.
	err := w.s.Redeem(ctx, cpBuyer("alice"), "order-2",
		[]promotion.AppliedCoupon{{CouponID: c.ID(), TemplateID: w.tpl.ID(), Discount: shopkit.CNY(1500)}})
	assert.Equal(t, promotion.CodeCouponUsed, shopkit.CodeOf(err))
	assert.Equal(t, before, w.state(t))

	require.NoError(t, w.s.Release(ctx, cpOps, c.ID(), "order cancelled by support"))
	got, err := w.st.Coupons.Get(ctx, c.ID())
	require.NoError(t, err)
	assert.Equal(t, promotion.CouponIssued, got.State())
}

// R0.4, R2.4: a template belongs to its shop: only that shop's merchant
// (actor.ID == ShopID.String()), an operator for it or the system defines a
// shop coupon, and only the platform (unscoped) or the system a platform
// coupon. Anyone else is CodeNotParty and no template is stored.
func TestCreateTemplateOnlyByItsShop_R0_4(t *testing.T) {
	ctx := context.Background()
	now := cpStart
	s, st := cpService(t, &now)
	templates := func() int {
		all, err := st.Templates.(*promotiontest.CouponTemplateStore).Find(ctx, func(*promotion.CouponTemplate) bool { return true })
		require.NoError(t, err)
		return len(all)
	}
	platform := cpSpec()
	platform.Issuer, platform.ShopID = promotion.IssuerPlatform, uuid.Nil
	for _, c := range []struct {
		spec promotion.CouponTemplateSpec
		by   shopkit.Actor
	}{
		{cpSpec(), otherClerk}, {cpSpec(), shopkit.Actor{Role: shopkit.Merchant}}, {cpSpec(), otherOps},
		{cpSpec(), cpBuyer("alice")}, {cpSpec(), shopkit.Actor{Role: shopkit.System}},
		{platform, cpClerk}, {platform, cpOps}, {platform, shopkit.Actor{Role: shopkit.Platform}},
	} {
		_, err := s.CreateTemplate(ctx, c.by, c.spec)
		requireNotParty(t, err, c.by)
		assert.Zero(t, templates(), "%+v", c.by)
	}
	for _, c := range []struct {
		spec promotion.CouponTemplateSpec
		by   shopkit.Actor
	}{{cpSpec(), cpClerk}, {cpSpec(), cpOps}, {platform, shopkit.Actor{Role: shopkit.Platform, ID: "ops-0"}}, {platform, shopkit.SystemActor()}} {
		_, err := s.CreateTemplate(ctx, c.by, c.spec)
		require.NoError(t, err, "%+v", c.by)
	}
	assert.Equal(t, 4, templates())
}

// R0.4, R2.4: issuing a shop's coupon is that shop's (or an operator's for it,
// or the system's); a buyer claims only for themselves. Anyone else is
// CodeNotParty, and no coupon, quota count or campaign reservation is written.
func TestIssueOnlyByAParty_R0_4(t *testing.T) {
	ctx := context.Background()
	w := newCPWorld(t)
	for _, by := range []shopkit.Actor{otherClerk, otherOps, {Role: shopkit.Merchant}, cpBuyer("mallory"), {Role: shopkit.Buyer}} {
		before := w.state(t)
		_, err := w.s.Issue(ctx, by, w.tpl.ID(), "alice")
		requireNotParty(t, err, by)
		assert.Equal(t, before, w.state(t), "%+v", by)
	}
	_, err := w.s.Issue(ctx, cpBuyer("alice"), w.tpl.ID(), "alice")
	require.NoError(t, err, "a customer claims a coupon for themselves")
	_, err = w.s.Issue(ctx, cpOps, w.tpl.ID(), "bob")
	require.NoError(t, err)
}

// R0.4, R2.4: every campaign action checks the shop: another shop's merchant,
// an operator of another shop or an actor without an ID is CodeNotParty and the
// campaign is unchanged. The budget counters also admit a buyer with an ID, the
// customer whose coupon action (checked by IssueCoupon and Coupon.Use) moved
// them.
func TestCampaignActionsCheckTheShop_R0_4(t *testing.T) {
	spec := promotion.CampaignSpec{ShopID: cpShop, Name: "c", From: cpStart, To: cpStart.Add(time.Hour), Budget: shopkit.CNY(5000)}
	for _, by := range []shopkit.Actor{otherClerk, otherOps, {Role: shopkit.Merchant}, cpBuyer("alice")} {
		_, err := promotion.NewCampaign(by, spec, cpStart)
		requireNotParty(t, err, by)
	}
	c, err := promotion.NewCampaign(cpClerk, spec, cpStart)
	require.NoError(t, err)
	require.NoError(t, c.Reserve(cpClerk, "coupon-1", shopkit.CNY(2000), cpStart))
	tpl := cpTemplate(t, func(s *promotion.CouponTemplateSpec) { s.CampaignID = c.ID() })
	actions := map[string]func(by shopkit.Actor) error{
		"add_template": func(by shopkit.Actor) error { return c.AddTemplate(by, tpl, cpStart) },
		"reserve":      func(by shopkit.Actor) error { return c.Reserve(by, "coupon-2", shopkit.CNY(100), cpStart) },
		"unreserve":    func(by shopkit.Actor) error { return c.Unreserve(by, "coupon-1", shopkit.CNY(2000), cpStart, "x") },
		"spend": func(by shopkit.Actor) error {
			return c.RecordSpend(by, "spend-1", "order-1", shopkit.CNY(100), cpStart)
		},
	}
	for name, act := range actions {
		for _, by := range []shopkit.Actor{otherClerk, otherOps, {Role: shopkit.Merchant}, {Role: shopkit.Buyer}, {Role: shopkit.System}} {
			before := c.Snapshot()
			requireNotParty(t, act(by), by)
			assert.Equal(t, before, c.Snapshot(), "%s by %+v", name, by)
		}
	}
	requireNotParty(t, c.AddTemplate(cpBuyer("alice"), tpl, cpStart), cpBuyer("alice"))
	require.NoError(t, c.AddTemplate(cpClerk, tpl, cpStart))
	require.NoError(t, c.Reserve(cpBuyer("alice"), "coupon-2", shopkit.CNY(100), cpStart))
	require.NoError(t, c.RecordSpend(cpBuyer("alice"), "spend-1", "order-1", shopkit.CNY(100), cpStart))
	require.NoError(t, c.Unreserve(shopkit.SystemActor(), "coupon-2", shopkit.CNY(100), cpStart, "not issued"))
}

// R0.4, R2.4: a customer's quota is counted only by a party of their coupons
// (the customer, the template's shop or an operator for it, the system) and
// only for its own template; anyone else changes nothing.
func TestQuotaChangesCheckTheParty_R0_4(t *testing.T) {
	tpl := cpTemplate(t, nil)
	q := promotion.NewCouponQuota(tpl.ID(), "alice")
	require.NoError(t, q.Issue(cpClerk, tpl, "coupon-1", cpStart))
	require.NoError(t, q.Use(cpBuyer("alice"), tpl, "coupon-1", cpStart))
	actions := map[string]func(by shopkit.Actor) error{
		"issue":   func(by shopkit.Actor) error { return q.Issue(by, tpl, "coupon-2", cpStart) },
		"use":     func(by shopkit.Actor) error { return q.Use(by, tpl, "coupon-2", cpStart) },
		"unissue": func(by shopkit.Actor) error { return q.Unissue(by, tpl, "coupon-1", cpStart, "x") },
		"unuse":   func(by shopkit.Actor) error { return q.Unuse(by, tpl, "coupon-1", cpStart, "x") },
	}
	for name, act := range actions {
		for _, by := range []shopkit.Actor{cpBuyer("mallory"), otherClerk, otherOps, {Role: shopkit.Buyer}, {Role: shopkit.System}} {
			before := q.Snapshot()
			requireNotParty(t, act(by), by)
			assert.Equal(t, before, q.Snapshot(), "%s by %+v", name, by)
		}
	}
	before := q.Snapshot()
	err := q.Unuse(shopkit.SystemActor(), cpTemplate(t, nil), "coupon-1", cpStart, "another template")
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, before, q.Snapshot())
	require.NoError(t, q.Unuse(cpBuyer("alice"), tpl, "coupon-1", cpStart, "order cancelled"))
}

// R0.4: a coupon knows its shop, so its parties survive a store round trip; a
// shop coupon without one, or a platform coupon with one, is not restored.
func TestRestoreCouponKeepsItsShop_R0_4(t *testing.T) {
	c := cpUse(t, cpTemplate(t, nil)).Coupon
	assert.Equal(t, shopkit.Parties{Buyer: "cust-1", Shop: cpShop}, c.Parties())
	back, err := promotion.RestoreCoupon(c.Snapshot())
	require.NoError(t, err)
	assert.Equal(t, c.Parties(), back.Parties())

	s := c.Snapshot()
	s.ShopID = uuid.Nil
	_, err = promotion.RestoreCoupon(s)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, promotion.CodeInvalidSnapshot, shopkit.CodeOf(err))
	s = c.Snapshot()
	s.Issuer = promotion.IssuerPlatform
	_, err = promotion.RestoreCoupon(s)
	assert.Equal(t, promotion.CodeInvalidSnapshot, shopkit.CodeOf(err))

	platform := cpUse(t, cpTemplate(t, func(s *promotion.CouponTemplateSpec) { s.Issuer = promotion.IssuerPlatform })).Coupon
	assert.Equal(t, uuid.Nil, platform.ShopID(), "the platform pays for a platform coupon, even one limited to a shop")
}

// R2.4: one use of one coupon counts once on the quota. Two orders racing to
// use the same coupon: the second is refused at the quota (CodeCouponUsed)
// and counts nothing, and its undo cannot take back the first order's use, so
// a concurrent use of another coupon never meets a use nobody got.
func TestQuotaCountsOneUseOfACouponOnce_R2_4(t *testing.T) {
	tpl := cpTemplate(t, nil)
	q := promotion.NewCouponQuota(tpl.ID(), "alice")
	alice := cpBuyer("alice")
	require.NoError(t, q.Use(alice, tpl, "coupon-1#3 order order-1", cpStart))
	err := q.Use(alice, tpl, "coupon-1#3 order order-2", cpStart)
	assert.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, promotion.CodeCouponUsed, shopkit.CodeOf(err))
	assert.Equal(t, 1, q.Used())
	require.NoError(t, q.Unuse(shopkit.SystemActor(), tpl, "coupon-1#3 order order-2", cpStart, "using the coupon failed"))
	assert.Equal(t, 1, q.Used(), "the loser's undo takes back nothing")
	require.NoError(t, q.Use(alice, tpl, "coupon-1#3 order order-1", cpStart), "a retry by the winner counts nothing more")
	assert.Equal(t, 1, q.Used())
}
