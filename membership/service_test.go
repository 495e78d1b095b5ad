package membership_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/membership"
	"github.com/shopkit/shopkit/membership/membershiptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeIssuer is a coupon system: it numbers coupons and can be told to fail.
type fakeIssuer struct {
	mu    sync.Mutex
	n     int
	calls int // calls while failing
	fail  error
}

func (f *fakeIssuer) Issue(_ context.Context, templateID, customerID string, _ time.Time) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		f.calls++
		return "", f.fail
	}
	f.n++
	return fmt.Sprintf("%s-%s-%d", templateID, customerID, f.n), nil
}

func newService(t testing.TB, mode membership.ThresholdMode) (*membership.Service, *fakeIssuer) {
	iss := &fakeIssuer{}
	return &membership.Service{Store: membershiptest.NewStore(), Tiers: newSet(t, mode), ShopID: "shop-1",
		Clock: start, Coupons: iss}, iss
}

// R5.2, R2.8: concurrent completions for one new member count every order
// exactly once, whichever goroutine creates the member and however often an
// order is delivered.
func TestConcurrentCompletionsCountOnceR5_2(t *testing.T) {
	s, _ := newService(t, membership.ByEither)
	ctx := context.Background()
	const orders, deliveries = 50, 3
	var wg sync.WaitGroup
	errs := make(chan error, orders*deliveries)
	for d := 0; d < deliveries; d++ {
		for i := 0; i < orders; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.Complete(ctx, order("o"+strconv.Itoa(i), 100_00))
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
	assert.Equal(t, membership.Figures{Amount: commerce.CNY(orders * 100_00), Orders: orders}, e.Figures)
	assert.Equal(t, "Platinum", e.Tier) // 50 orders ≥ 30
	m, err := s.Store.Get(ctx, membership.MemberID("shop-1", customer))
	require.NoError(t, err)
	n := 0
	for _, h := range m.History() {
		if h.Action == membership.ActionCompleteOrder {
			n++
		}
	}
	assert.Equal(t, orders, n, "one audit entry per order")
}

func TestServiceFlowR5_2(t *testing.T) {
	s, _ := newService(t, membership.ByAmount)
	ctx := context.Background()

	e, err := s.Evaluate(ctx, "nobody")
	require.NoError(t, err)
	assert.Equal(t, "¥1000.00 more to Silver", e.Missing())

	out, err := s.Complete(ctx, order("o1", 5000_00))
	require.NoError(t, err)
	assert.Equal(t, "Gold", out.To)
	require.NoError(t, s.Refund(ctx, membership.Refund{OrderID: "o1", CustomerID: customer, Amount: commerce.CNY(5000_00)}))
	err = s.Refund(ctx, membership.Refund{OrderID: "o1", CustomerID: customer, Amount: commerce.CNY(1)})
	assert.Equal(t, "membership.refund_exceeds_spend", shopkit.CodeOf(err))
	err = s.Refund(ctx, membership.Refund{OrderID: "o1", CustomerID: "nobody", Amount: commerce.CNY(1)})
	assert.ErrorIs(t, err, shopkit.ErrNotFound)

	require.NoError(t, s.Adjust(ctx, customer, "Platinum", merchant(), "vip"))
	p, err := s.PricerFor(ctx, customer)
	require.NoError(t, err)
	assert.Equal(t, "Platinum", p.Tier())

	w, err := s.WhatIf(ctx, "newbie", membership.CompletedOrder{OrderID: "x", CustomerID: "newbie",
		Amount: commerce.CNY(1000_00), CompletedAt: start()})
	require.NoError(t, err)
	assert.Equal(t, "Silver", w.After.Tier)
	_, err = s.Store.Get(ctx, membership.MemberID("shop-1", "newbie"))
	assert.ErrorIs(t, err, shopkit.ErrNotFound, "what-if saves nothing")

	_, err = (&membership.Service{}).Complete(ctx, order("o", 1))
	assert.Equal(t, "membership.not_configured", shopkit.CodeOf(err))
}

// The tiny interfaces support and aftersales declare, satisfied without
// importing their packages.
type memberTiers interface {
	TierOf(ctx context.Context, customerID string) (name string, rank int, priority bool, err error)
}

// Compile-time check (R5.1, R6.2): the readers satisfy an interface declared
// outside membership, the way support.MemberTiers and an aftersales priority
// reader are declared.
var _ memberTiers = membership.PriorityReader{}

// R5.1, R6.2: tier benefits are readable through small interfaces.
func TestBenefitReadersR5_1(t *testing.T) {
	s, _ := newService(t, membership.ByAmount)
	ctx := context.Background()
	_, err := s.Complete(ctx, order("o1", 5000_00))
	require.NoError(t, err)
	var support, aftersales, shipping memberTiers = s.ForSupport(), s.ForAfterSales(), s.ForShipping()

	name, rank, prio, err := support.TierOf(ctx, customer)
	require.NoError(t, err)
	assert.Equal(t, "Gold", name)
	assert.Equal(t, 2, rank)
	assert.True(t, prio)
	_, _, prio, err = aftersales.TierOf(ctx, customer)
	require.NoError(t, err)
	assert.False(t, prio, "Gold has no priority after-sales")
	_, _, prio, err = shipping.TierOf(ctx, customer)
	require.NoError(t, err)
	assert.False(t, prio)

	name, rank, prio, err = support.TierOf(ctx, "stranger")
	require.NoError(t, err)
	assert.Equal(t, "", name)
	assert.Equal(t, 0, rank)
	assert.False(t, prio)

	b, err := s.Benefits(ctx, customer)
	require.NoError(t, err)
	assert.True(t, b.Benefits.MemberOnlyAccess)
}

// R5.4: coupons to a customer within the per-customer limit; the limit holds
// exactly at N; an issuer failure records nothing.
func TestIssueCouponLimitR5_4(t *testing.T) {
	s, iss := newService(t, membership.ByAmount)
	ctx := context.Background()
	agent := commerce.Actor{Role: shopkit.Merchant, ID: "agent-3"}
	for i := 0; i < 2; i++ {
		g, err := s.IssueCoupon(ctx, customer, "tpl-10off", 2, agent, "conversation c-42")
		require.NoError(t, err)
		assert.Equal(t, "tpl-10off", g.TemplateID)
		assert.Equal(t, agent, g.By)
	}
	_, err := s.IssueCoupon(ctx, customer, "tpl-10off", 2, agent, "again")
	require.ErrorIs(t, err, shopkit.ErrConflict)
	assert.Equal(t, "membership.coupon_limit", shopkit.CodeOf(err))
	_, err = s.IssueCoupon(ctx, customer, "tpl-other", 1, agent, "other template")
	require.NoError(t, err)

	// An issuer's own not-found (unknown template) is returned as is, after one call.
	iss.fail = shopkit.NewError(shopkit.ErrNotFound, "commerce.coupon_template_not_found", "no such template")
	_, err = s.IssueCoupon(ctx, customer, "tpl-missing", 1, agent, "x")
	assert.Equal(t, "commerce.coupon_template_not_found", shopkit.CodeOf(err))
	assert.Equal(t, 1, iss.calls)

	iss.fail = errors.New("coupon system down")
	_, err = s.IssueCoupon(ctx, customer, "tpl-new", 1, agent, "x")
	require.Error(t, err)
	m, err := s.Store.Get(ctx, membership.MemberID("shop-1", customer))
	require.NoError(t, err)
	assert.Equal(t, 0, m.Granted("tpl-new"))
	assert.Len(t, m.Coupons(), 3)

	_, err = s.IssueCoupon(ctx, customer, "tpl", 1, commerce.Actor{Role: shopkit.Buyer, ID: "b"}, "self")
	assert.ErrorIs(t, err, shopkit.ErrNotAllowed)
	_, err = s.IssueCoupon(ctx, customer, "tpl", 0, agent, "zero limit")
	assert.ErrorIs(t, err, shopkit.ErrInvalid)
}

// R5.4: a coupon to a whole tier (and above) respects each customer's limit.
func TestIssueToTierR5_4(t *testing.T) {
	s, _ := newService(t, membership.ByAmount)
	ctx := context.Background()
	spend := map[string]int64{"a": 1000_00, "b": 5000_00, "c": 20000_00, "d": 10_00}
	for c, fen := range spend {
		_, err := s.Complete(ctx, membership.CompletedOrder{OrderID: "o-" + c, CustomerID: c, Amount: commerce.CNY(fen), CompletedAt: start()})
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
