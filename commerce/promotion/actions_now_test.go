package promotion_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/internal/authztest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R0.3, R0.4, R2.4: an issued and a used coupon, a coupon not valid yet, for
// each party and a stranger of each role, around the window's start and end:
// every listed action is accepted, every other one fails (with ErrNotAllowed,
// but using a used coupon, which is a conflict). The sweep's expire has no
// method (TestCouponExpiryIsTheSweeps_R0_4 drives it).
func TestCouponActionsAtAreAccepted_R0_3(t *testing.T) {
	w := authztest.Choices[promotion.CouponAction, *promotion.Coupon]{
		Actions: []promotion.CouponAction{promotion.CouponActionUse, promotion.CouponActionRelease},
		List:    (*promotion.Coupon).ActionsAt,
		Clone:   (*promotion.Coupon).Clone,
		Act: func(c *promotion.Coupon, a promotion.CouponAction, by shopkit.Actor, at time.Time) error {
			if a == promotion.CouponActionUse {
				return c.Use(by, "order-9", shopkit.CNY(2000), at)
			}
			return c.Release(by, at, "order cancelled")
		},
		Own: map[promotion.CouponAction]string{promotion.CouponActionUse: "a used coupon is CodeCouponUsed, a conflict"},
	}
	spec := cpSpec()
	issued := cpUse(t, cpTemplate(t, nil)).Coupon
	used := issued.Clone()
	require.NoError(t, used.Use(cpBuyer("cust-1"), "order-1", shopkit.CNY(2000), cpStart.Add(time.Hour)))
	later := cpUse(t, cpTemplate(t, func(s *promotion.CouponTemplateSpec) { s.ValidFrom = cpStart.Add(24 * time.Hour) })).Coupon
	instants := append([]time.Time{cpStart.Add(time.Hour)}, authztest.Around(spec.ValidFrom, spec.ValidTo, cpStart.Add(24*time.Hour))...)
	for _, c := range []*promotion.Coupon{issued, used, later} {
		assert.Positive(t, authztest.ActionsHold(t, w, c, authztest.Actors(c.Parties()), instants))
	}
	// The window's end: use listed at ValidTo, not 1 ns later; the next
	// deadline is the expiry.
	use := shopkit.Choice[promotion.CouponAction]{Action: promotion.CouponActionUse, Until: spec.ValidTo}
	assert.Equal(t, []shopkit.Choice[promotion.CouponAction]{use}, issued.ActionsAt(cpBuyer("cust-1"), spec.ValidTo))
	assert.Empty(t, issued.ActionsAt(cpBuyer("cust-1"), spec.ValidTo.Add(time.Nanosecond)))
	up, ok := issued.NextDeadline(cpBuyer("cust-1"))
	require.True(t, ok)
	assert.Equal(t, shopkit.Upcoming[promotion.CouponState, promotion.CouponAction]{At: spec.ValidTo,
		Action: promotion.CouponActionExpire, To: promotion.CouponExpired, Awaits: []shopkit.Role{shopkit.Buyer}}, up)
	_, ok = issued.NextDeadline(cpBuyer("mallory"))
	assert.False(t, ok)
	_, ok = used.NextDeadline(cpBuyer("cust-1"))
	assert.False(t, ok, "a used coupon does not expire")
	assert.Empty(t, new(promotion.Coupon).ActionsAt(shopkit.SystemActor(), cpStart))
}

// R0.3, R0.4, R2.4: a campaign lists reserve while its window runs, up to and
// at To and not one nanosecond after (CodeCampaignNotActive), unreserve while
// it holds a reservation, spend and, for the shop's parties, add_template;
// every listed action is accepted and every other one fails.
func TestCampaignActionsAtAreAccepted_R0_3(t *testing.T) {
	spec := promotion.CampaignSpec{ShopID: cpShop, Name: "c", From: cpStart, To: cpStart.Add(time.Hour), Budget: shopkit.CNY(5000)}
	c, err := promotion.NewCampaign(cpClerk, spec, cpStart)
	require.NoError(t, err)
	tpl := cpTemplate(t, func(s *promotion.CouponTemplateSpec) { s.CampaignID = c.ID() })
	w := authztest.Choices[promotion.CampaignAction, *promotion.Campaign]{
		Actions: []promotion.CampaignAction{promotion.CampaignActionAddTemplate, promotion.CampaignActionReserve,
			promotion.CampaignActionUnreserve, promotion.CampaignActionSpend},
		List:  (*promotion.Campaign).ActionsAt,
		Clone: (*promotion.Campaign).Clone,
		Act: func(c *promotion.Campaign, a promotion.CampaignAction, by shopkit.Actor, at time.Time) error {
			switch a {
			case promotion.CampaignActionAddTemplate:
				return c.AddTemplate(by, tpl, at)
			case promotion.CampaignActionReserve:
				return c.Reserve(by, "coupon-9", shopkit.CNY(100), at)
			case promotion.CampaignActionUnreserve:
				before := c.Snapshot()
				if err := c.Unreserve(by, "coupon-1", shopkit.CNY(2000), at, "not issued"); err != nil {
					return err
				}
				if len(c.Snapshot().Holds) == len(before.Holds) {
					return shopkit.NewError(shopkit.ErrConflict, "test.nothing_held", "no reservation to give back")
				}
				return nil
			}
			return c.RecordSpend(by, "spend-9", "order-9", shopkit.CNY(100), at)
		},
		Own: map[promotion.CampaignAction]string{
			promotion.CampaignActionUnreserve: "without a reservation Unreserve changes nothing",
		},
	}
	held := c.Clone()
	require.NoError(t, held.Reserve(cpClerk, "coupon-1", shopkit.CNY(2000), cpStart))
	actors := append(authztest.Actors(c.Parties()), cpBuyer("alice"))
	instants := authztest.Around(spec.From, spec.To)
	for _, camp := range []*promotion.Campaign{c, held} {
		assert.Positive(t, authztest.ActionsHold(t, w, camp, actors, instants))
	}
	reserve := shopkit.Choice[promotion.CampaignAction]{Action: promotion.CampaignActionReserve, Until: spec.To}
	assert.Contains(t, c.ActionsAt(cpBuyer("alice"), spec.To), reserve)
	assert.NotContains(t, c.ActionsAt(cpBuyer("alice"), spec.To.Add(time.Nanosecond)), reserve)
	assert.Equal(t, promotion.CampaignEnded, c.PhaseAt(spec.To.Add(time.Nanosecond)))
	assert.Equal(t, promotion.CampaignRunning, c.PhaseAt(spec.To))
	assert.Equal(t, promotion.CampaignScheduled, c.PhaseAt(spec.From.Add(-time.Nanosecond)))
	up, ok := c.NextDeadline(cpClerk)
	require.True(t, ok)
	assert.Equal(t, spec.To, up.At)
	assert.Equal(t, promotion.CampaignEnded, up.To)
	_, ok = c.NextDeadline(otherClerk)
	assert.False(t, ok)
	assert.Empty(t, new(promotion.Campaign).ActionsAt(shopkit.SystemActor(), cpStart))
}
