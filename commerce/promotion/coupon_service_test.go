package promotion_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopkit/shopkit/commerce/promotion/promotiontest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cpService returns a coupon service on fresh in-memory stores whose clock
// reads *now, and its configuration, whose stores the tests inspect.
func cpService(t testing.TB, now *time.Time) (*promotion.CouponService, promotion.CouponServiceConfig) {
	t.Helper()
	cfg := promotiontest.NewCouponServiceConfig(func() time.Time { return *now })
	s, err := promotion.NewCouponService(cfg)
	require.NoError(t, err)
	return s, cfg
}

// cpCampaigns returns a campaign service on store with the default policy and
// a clock that reads *now.
func cpCampaigns(t testing.TB, store promotion.CampaignStore, now *time.Time) *promotion.CampaignService {
	t.Helper()
	s, err := promotion.NewCampaignService(promotion.CampaignServiceConfig{Store: store,
		Policy: promotion.DefaultCampaignPolicy(), Clock: func() time.Time { return *now }})
	require.NoError(t, err)
	return s
}

// R2.4: per-customer issue limit; a coupon is used once and counts toward the use
// limit; releasing it (order cancelled) gives the use back.
func TestCouponServiceR2_4Limits(t *testing.T) {
	ctx := context.Background()
	now := cpStart
	s, st := cpService(t, &now)
	tpl, err := s.CreateTemplate(ctx, cpClerk, func() promotion.CouponTemplateSpec {
		sp := cpSpec()
		sp.IssueLimit, sp.UseLimit = 2, 1
		return sp
	}())
	require.NoError(t, err)
	a, err := s.Issue(ctx, cpClerk, tpl.ID(), "alice")
	require.NoError(t, err)
	b, err := s.Issue(ctx, cpClerk, tpl.ID(), "alice")
	require.NoError(t, err)
	_, err = s.Issue(ctx, cpClerk, tpl.ID(), "alice")
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, promotion.CodeCouponIssueLimit, shopkit.CodeOf(err))
	_, err = s.Issue(ctx, cpClerk, tpl.ID(), "bob")
	require.NoError(t, err, "limits are per customer")

	alice := shopkit.Actor{Role: shopkit.Buyer, ID: "alice"}
	use := func(c *promotion.Coupon, order string) error {
		return s.Redeem(ctx, alice, order, []promotion.AppliedCoupon{{CouponID: c.ID(), Discount: shopkit.CNY(2000)}})
	}
	require.NoError(t, use(a, "order-1"))
	err = use(a, "order-2")
	assert.Equal(t, promotion.CodeCouponUsed, shopkit.CodeOf(err), "used once")
	err = use(b, "order-2")
	assert.Equal(t, promotion.CodeCouponUseLimit, shopkit.CodeOf(err), "UseLimit 1")
	got, err := st.Coupons.Get(ctx, b.ID())
	require.NoError(t, err)
	assert.Equal(t, promotion.CouponIssued, got.State(), "nothing changed")

	require.NoError(t, s.Release(ctx, shopkit.SystemActor(), a.ID(), "order cancelled before payment"))
	require.NoError(t, use(b, "order-3"), "the released use no longer counts")

	err = s.Redeem(ctx, shopkit.Actor{Role: shopkit.Buyer, ID: "mallory"}, "order-4",
		[]promotion.AppliedCoupon{{CouponID: a.ID(), Discount: shopkit.CNY(1)}})
	assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err))
}

// R2.4: a coupon not used by the end of its window expires in the sweep, stamped
// 1 ns after ValidTo; a sweep exactly at ValidTo leaves it issued.
func TestCouponServiceR2_4SweepExpires(t *testing.T) {
	ctx := context.Background()
	now := cpStart
	s, st := cpService(t, &now)
	tpl, err := s.CreateTemplate(ctx, cpClerk, cpSpec())
	require.NoError(t, err)
	c, err := s.Issue(ctx, cpClerk, tpl.ID(), "alice")
	require.NoError(t, err)
	end := cpSpec().ValidTo
	now = end
	res, err := s.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, 0, res.Applied)
	now = end.Add(time.Nanosecond)
	res, err = s.Sweep(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Applied)
	got, err := st.Coupons.Get(ctx, c.ID())
	require.NoError(t, err)
	assert.Equal(t, promotion.CouponExpired, got.State())
	h, err := shopkit.ReadTrail(ctx, st.Coupons, c.ID(), 3)
	require.NoError(t, err)
	require.Len(t, h, 2, "issue, expire")
	assert.Equal(t, string(promotion.CouponActionExpire), h[1].Action)
	assert.Equal(t, end.Add(time.Nanosecond), h[1].At)
	err = s.Redeem(ctx, shopkit.Actor{Role: shopkit.Buyer, ID: "alice"}, "o", []promotion.AppliedCoupon{{CouponID: c.ID()}})
	assert.Equal(t, promotion.CodeCouponExpired, shopkit.CodeOf(err))
}

// R2.4 race: many goroutines issuing and using coupons of one campaign for a few
// customers never exceed the per-customer limits or the campaign budget.
func TestCouponServiceR2_4RaceLimitsAndBudget(t *testing.T) {
	ctx := context.Background()
	now := cpStart.Add(time.Hour)
	s, st := cpService(t, &now)
	camps := cpCampaigns(t, st.Campaigns, &now)
	camp, err := camps.Create(ctx, cpClerk, promotion.CampaignSpec{ShopID: cpShop, Name: "double 11", From: cpStart,
		To: cpStart.Add(72 * time.Hour), Budget: shopkit.CNY(2000 * 25)}) // room for 25 coupons
	require.NoError(t, err)
	sp := cpSpec()
	sp.CampaignID, sp.IssueLimit, sp.UseLimit = camp.ID(), 4, 2
	tpl, err := s.CreateTemplate(ctx, cpClerk, sp)
	require.NoError(t, err)

	const customers, attempts = 10, 8 // 80 attempts, 40 allowed by the limits, 25 by the budget
	var issued atomic.Int64
	var mu sync.Mutex
	held := map[string][]uuid.UUID{}
	var wg sync.WaitGroup
	for c := range customers {
		for range attempts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cust := fmt.Sprintf("cust-%d", c)
				cp, err := s.Issue(ctx, cpClerk, tpl.ID(), cust)
				if err != nil {
					code := shopkit.CodeOf(err)
					assert.True(t, code == promotion.CodeCouponIssueLimit || code == promotion.CodeCampaignBudget, code)
					return
				}
				issued.Add(1)
				mu.Lock()
				held[cust] = append(held[cust], cp.ID())
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	assert.Equal(t, int64(25), issued.Load(), "the budget stops issuing exactly when full")
	got, err := st.Campaigns.Get(ctx, camp.ID())
	require.NoError(t, err)
	assert.LessOrEqual(t, got.Reserved().Amount(), got.Budget().Amount())
	assert.Equal(t, int64(25), got.Issued())

	// Every customer tries to use every coupon twice, concurrently.
	var used atomic.Int64
	perCustomer := make(map[string]*atomic.Int64)
	for cust := range held {
		perCustomer[cust] = &atomic.Int64{}
	}
	for cust, ids := range held {
		assert.LessOrEqual(t, len(ids), 4, "IssueLimit")
		for _, id := range append(ids, ids...) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := s.Redeem(ctx, shopkit.Actor{Role: shopkit.Buyer, ID: cust}, "order-"+uuid.NewString(),
					[]promotion.AppliedCoupon{{CouponID: id, Discount: shopkit.CNY(2000)}})
				if err == nil {
					used.Add(1)
					perCustomer[cust].Add(1)
					return
				}
				require.True(t, errors.Is(err, shopkit.ErrConflict), err)
			}()
		}
	}
	wg.Wait()
	for cust, n := range perCustomer {
		assert.LessOrEqual(t, n.Load(), int64(2), cust+": UseLimit")
		assert.Equal(t, min(int64(len(held[cust])), 2), n.Load(), cust)
		q, err := st.Quotas.Get(ctx, promotion.QuotaID(tpl.ID(), cust))
		require.NoError(t, err)
		assert.Equal(t, int(n.Load()), q.Used())
	}
	got, err = st.Campaigns.Get(ctx, camp.ID())
	require.NoError(t, err)
	assert.Equal(t, used.Load()*2000, got.Spent().Amount())
}

// R2.4: issuing a campaign's coupon outside its window is rejected; so is a
// template with an unbounded discount in a campaign.
func TestCouponServiceR2_4CampaignWindow(t *testing.T) {
	ctx := context.Background()
	now := cpStart
	s, st := cpService(t, &now)
	camps := cpCampaigns(t, st.Campaigns, &now)
	camp, err := camps.Create(ctx, cpClerk, promotion.CampaignSpec{ShopID: cpShop, Name: "c", From: cpStart,
		To: cpStart.Add(time.Hour), Budget: shopkit.CNY(100000)})
	require.NoError(t, err)
	sp := cpSpec()
	sp.CampaignID = camp.ID()
	tpl, err := s.CreateTemplate(ctx, cpClerk, sp)
	require.NoError(t, err)
	now = cpStart.Add(time.Hour)
	_, err = s.Issue(ctx, cpClerk, tpl.ID(), "alice")
	require.NoError(t, err, "exactly at the end of the window")
	now = now.Add(time.Nanosecond)
	_, err = s.Issue(ctx, cpClerk, tpl.ID(), "bob")
	assert.Equal(t, promotion.CodeCampaignNotActive, shopkit.CodeOf(err))
	_, err = st.Quotas.Get(ctx, promotion.QuotaID(tpl.ID(), "bob"))
	require.ErrorIs(t, err, shopkit.ErrNotFound, "bad input writes no quota")

	pct := cpSpec()
	pct.CampaignID, pct.Kind, pct.Amount = camp.ID(), promotion.CouponFreeShipping, shopkit.Money{}
	_, err = s.CreateTemplate(ctx, cpClerk, pct)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
}
