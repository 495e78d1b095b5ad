package membership_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/membership"
	"github.com/shopkit/shopkit/membership/membershiptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeIssuer is a coupon system: it numbers coupons, issues at most one per
// key (a repeated key gets the same coupon back, as CouponIssuer requires), and
// can be told to fail.
type fakeIssuer struct {
	mu    sync.Mutex
	n     int
	calls int // calls while failing
	fail  error
	byKey map[string]string // key → the coupon issued for it
}

func (f *fakeIssuer) Issue(_ context.Context, key, templateID, customerID string, _ time.Time) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		f.calls++
		return "", f.fail
	}
	if id, ok := f.byKey[key]; ok {
		return id, nil
	}
	if f.byKey == nil {
		f.byKey = map[string]string{}
	}
	f.n++
	id := fmt.Sprintf("%s-%s-%d", templateID, customerID, f.n)
	f.byKey[key] = id
	return id, nil
}

// issued returns the coupons issued, by key.
func (f *fakeIssuer) issued() map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return maps.Clone(f.byKey)
}

// newService returns a service for shop with a fake issuer, and its store.
func newService(t testing.TB, mode membership.ThresholdMode) (*membership.Service, *fakeIssuer, *membershiptest.Store) {
	t.Helper()
	iss := &fakeIssuer{}
	store := membershiptest.NewStore()
	s, err := membership.NewService(membership.ServiceConfig{Store: store, Tiers: newSet(t, mode), ShopID: shop,
		Clock: start, Coupons: iss})
	require.NoError(t, err)
	return s, iss, store
}

// Conventions 1: a service is built validated; every missing field is named.
func TestNewServiceValidates(t *testing.T) {
	_, err := membership.NewService(membership.ServiceConfig{Tiers: &membership.TierSet{}})
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, membership.CodeInvalidConfig, ve.Code())
	var fields []string
	for _, p := range ve.Problems {
		fields = append(fields, p.Field)
	}
	assert.Equal(t, []string{"store", "tiers", "shop_id", "clock"}, fields)

	// Coupons are optional; the coupon methods then say what is missing.
	s, err := membership.NewService(membership.ServiceConfig{Store: membershiptest.NewStore(),
		Tiers: newSet(t, membership.ByAmount), ShopID: shop, Clock: start})
	require.NoError(t, err)
	assert.Equal(t, shop, s.ShopID())
	_, err = s.IssueCoupon(context.Background(), customer, "tpl", 1, merchant(), "x")
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, membership.CodeInvalidConfig, ve.Code())
	assert.Equal(t, "coupons", ve.Field)
	_, err = s.IssueToTier(context.Background(), membership.TierCampaign{TemplateID: "t", Tier: "Gold", PerCustomer: 1}, merchant())
	assert.Equal(t, membership.CodeInvalidConfig, shopkit.CodeOf(err))
}

// R5.2, R2.8: concurrent completions for one new member count every order
// exactly once, whichever goroutine creates the member and however often an
// order is delivered.
func TestConcurrentCompletionsCountOnceR5_2(t *testing.T) {
	s, _, store := newService(t, membership.ByEither)
	ctx := context.Background()
	const orders, deliveries = 50, 3
	var wg sync.WaitGroup
	errs := make(chan error, orders*deliveries)
	for d := 0; d < deliveries; d++ {
		for i := 0; i < orders; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.Complete(ctx, sampleOrder("o"+strconv.Itoa(i), 100_00))
				errs <- err
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	e, err := s.Evaluate(ctx, customer)
	require.NoError(t, err)
	assert.Equal(t, membership.Figures{Amount: shopkit.CNY(orders * 100_00), Orders: orders}, e.Figures)
	assert.Equal(t, "Platinum", e.Tier) // 50 orders ≥ 30
	trail, err := shopkit.ReadTrail(ctx, store, membership.MemberID(shop, customer), 100)
	require.NoError(t, err)
	n := 0
	for _, h := range trail {
		if h.Action == membership.ActionCompleteOrder {
			n++
		}
	}
	assert.Equal(t, orders, n, "one audit entry per order")
}

func TestServiceFlowR5_2(t *testing.T) {
	s, _, store := newService(t, membership.ByAmount)
	ctx := context.Background()

	e, err := s.Evaluate(ctx, "nobody")
	require.NoError(t, err)
	assert.Equal(t, "¥1000.00 more to Silver", e.Missing())

	out, err := s.Complete(ctx, sampleOrder("o1", 5000_00))
	require.NoError(t, err)
	assert.Equal(t, "Gold", out.To)
	require.NoError(t, s.Refund(ctx, refund("r1", "o1", shopkit.CNY(5000_00))))
	require.NoError(t, s.Refund(ctx, refund("r1", "o1", shopkit.CNY(5000_00))), "the same key counts once")
	err = s.Refund(ctx, refund("r1", "o1", shopkit.CNY(4000_00)))
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, membership.CodeRefundMismatch, shopkit.CodeOf(err), "the same key with another amount")
	err = s.Refund(ctx, refund("r2", "o1", shopkit.CNY(1)))
	assert.Equal(t, membership.CodeRefundExceeds, shopkit.CodeOf(err))
	err = s.Refund(ctx, refundBy("nobody", "r3", "o1", shopkit.CNY(1)))
	assert.ErrorIs(t, err, shopkit.ErrNotFound)
	assert.Equal(t, membership.CodeMemberNotFound, shopkit.CodeOf(err))
	other := refund("r4", "o1", shopkit.CNY(1))
	other.MerchantID = uuid.New()
	err = s.Refund(ctx, other)
	assert.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, membership.CodeOtherShop, shopkit.CodeOf(err))

	// A whole-order return through the service stops the order counting.
	_, err = s.Complete(ctx, sampleOrder("o2", 100_00))
	require.NoError(t, err)
	require.NoError(t, s.Return(ctx, refund("r5", "o2", shopkit.CNY(90_00))))
	e, err = s.Evaluate(ctx, customer)
	require.NoError(t, err)
	assert.Equal(t, membership.Figures{Amount: shopkit.CNY(10_00), Orders: 0}, e.Figures)

	require.NoError(t, s.Adjust(ctx, customer, "Platinum", merchant(), "vip"))
	p, err := s.PricerFor(ctx, customer)
	require.NoError(t, err)
	assert.Equal(t, "Platinum", p.Tier())

	w, err := s.WhatIf(ctx, "newbie", membership.CompletedOrder{OrderID: oid("x"), CustomerID: "newbie",
		Amount: shopkit.CNY(1000_00), CompletedAt: start()})
	require.NoError(t, err)
	assert.Equal(t, "Silver", w.After.Tier)
	_, err = store.Get(ctx, membership.MemberID(shop, "newbie"))
	assert.ErrorIs(t, err, shopkit.ErrNotFound, "what-if saves nothing")
}

// R5.1, R6.2: the service is the kernel's TierReader: a customer's tier with the
// tier's priority flags, the zero tier for a customer without one, and an error
// for a shop the service does not run.
func TestMemberTierR5_1(t *testing.T) {
	s, _, _ := newService(t, membership.ByAmount)
	ctx := context.Background()
	var reader shopkit.TierReader = s
	_, err := s.Complete(ctx, sampleOrder("o1", 5000_00))
	require.NoError(t, err)
	_, err = s.Complete(ctx, membership.CompletedOrder{OrderID: oid("o2"), CustomerID: "vip",
		Amount: shopkit.CNY(20000_00), CompletedAt: start()})
	require.NoError(t, err)

	gold, err := reader.MemberTier(ctx, shop, customer)
	require.NoError(t, err)
	assert.Equal(t, shopkit.MemberTier{Name: "Gold", Rank: 2, PriorityService: true}, gold,
		"Gold has priority service, not after-sales or shipping")
	platinum, err := reader.MemberTier(ctx, shop, "vip")
	require.NoError(t, err)
	assert.Equal(t, shopkit.MemberTier{Name: "Platinum", Rank: 3, PriorityService: true,
		PriorityAfterSales: true, PriorityShipping: true}, platinum)

	none, err := reader.MemberTier(ctx, shop, "stranger")
	require.NoError(t, err)
	assert.Equal(t, shopkit.MemberTier{}, none)

	_, err = reader.MemberTier(ctx, uuid.New(), customer)
	assert.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, membership.CodeOtherShop, shopkit.CodeOf(err))

	b, err := s.Benefits(ctx, customer)
	require.NoError(t, err)
	assert.Equal(t, "Gold", b.Tier)
	assert.True(t, b.Benefits.MemberOnlyAccess)
}

// R5.4: coupons to a customer within the per-customer limit; the limit holds
// exactly at N; an issuer failure issues nothing and leaves the grant pending
// (counted toward the limit, finished by Resume, see saga_test.go).
func TestIssueCouponLimitR5_4(t *testing.T) {
	s, iss, store := newService(t, membership.ByAmount)
	ctx := context.Background()
	agent := shopkit.Actor{Role: shopkit.Merchant, ID: "agent-3", Shops: []uuid.UUID{shop}} // the shop's support agent (R6.1)
	for i := 0; i < 2; i++ {
		g, err := s.IssueCoupon(ctx, customer, "tpl-10off", 2, agent, "conversation c-42")
		require.NoError(t, err)
		assert.Equal(t, "tpl-10off", g.TemplateID)
		assert.Equal(t, agent, g.By)
	}
	_, err := s.IssueCoupon(ctx, customer, "tpl-10off", 2, agent, "again")
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, membership.CodeCouponLimit, shopkit.CodeOf(err))
	_, err = s.IssueCoupon(ctx, customer, "tpl-other", 1, agent, "other template")
	require.NoError(t, err)

	// An issuer's own not-found (unknown template) is returned as is, after one call.
	iss.fail = shopkit.NewError(shopkit.ErrNotFound, "promotion.coupon_template_not_found", "no such template")
	_, err = s.IssueCoupon(ctx, customer, "tpl-missing", 1, agent, "x")
	assert.Equal(t, "promotion.coupon_template_not_found", shopkit.CodeOf(err))
	assert.Equal(t, 1, iss.calls)

	iss.fail = errors.New("coupon system down")
	_, err = s.IssueCoupon(ctx, customer, "tpl-new", 1, agent, "x")
	require.Error(t, err)
	m, err := store.Get(ctx, membership.MemberID(shop, customer))
	require.NoError(t, err)
	assert.Equal(t, 0, m.Granted("tpl-new"))
	assert.Len(t, m.Coupons(), 3)
	var pending []string
	for _, g := range m.PendingCoupons() {
		assert.Empty(t, g.CouponID)
		pending = append(pending, g.TemplateID)
	}
	assert.Equal(t, []string{"tpl-missing", "tpl-new"}, pending)

	_, err = s.IssueCoupon(ctx, customer, "tpl", 1, shopkit.Actor{Role: shopkit.Buyer, ID: "b"}, "self")
	assert.ErrorIs(t, err, shopkit.ErrNotAllowed)
	_, err = s.IssueCoupon(ctx, customer, "tpl", 0, agent, "zero limit")
	assert.ErrorIs(t, err, shopkit.ErrInvalid)
}

// R5.4: a coupon to a whole tier (and above) respects each customer's limit.
func TestIssueToTierR5_4(t *testing.T) {
	s, _, _ := newService(t, membership.ByAmount)
	ctx := context.Background()
	spend := map[string]int64{"a": 1000_00, "b": 5000_00, "c": 20000_00, "d": 10_00}
	for c, fen := range spend {
		_, err := s.Complete(ctx, membership.CompletedOrder{OrderID: oid("o-" + c), CustomerID: c, Amount: shopkit.CNY(fen), CompletedAt: start()})
		require.NoError(t, err)
	}
	_, err := s.IssueCoupon(ctx, "c", "tpl-gold", 1, merchant(), "earlier")
	require.NoError(t, err)
	rep, err := s.IssueToTier(ctx, membership.TierCampaign{TemplateID: "tpl-gold", Tier: "Gold", AndAbove: true,
		PerCustomer: 1, Reason: "autumn campaign"}, merchant())
	require.NoError(t, err)
	require.Len(t, rep.Issued, 1)
	assert.Contains(t, rep.Issued[0].CouponID, "-b-")
	require.Len(t, rep.Skipped, 1)
	assert.Equal(t, "c", rep.Skipped[0].CustomerID)
	assert.ErrorIs(t, rep.Skipped[0].Err, shopkit.ErrConflict)

	_, err = s.IssueToTier(ctx, membership.TierCampaign{TemplateID: "t", Tier: "Diamond", PerCustomer: 1}, merchant())
	assert.ErrorIs(t, err, shopkit.ErrInvalid)
}

// R5.4, R2.8: a tier campaign reaches every member of the tier, however many
// pages of the bounded ByTier query they fill.
func TestIssueToTierPagesR5_4(t *testing.T) {
	s, _, _ := newService(t, membership.ByAmount)
	ctx := context.Background()
	const members = 2*100 + 7 // more than two pages
	for i := range members {
		require.NoError(t, s.Adjust(ctx, "c"+strconv.Itoa(i), "Gold", merchant(), "campaign test"))
	}
	rep, err := s.IssueToTier(ctx, membership.TierCampaign{TemplateID: "tpl", Tier: "Gold", PerCustomer: 1,
		Reason: "spring"}, merchant())
	require.NoError(t, err)
	assert.Empty(t, rep.Skipped)
	got := map[string]bool{}
	for _, g := range rep.Issued {
		got[g.CouponID] = true
	}
	assert.Len(t, got, members, "each member once")
}
