package membership_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/order"
	"github.com/shopkit/shopkit/membership"
	"github.com/shopkit/shopkit/membership/membershiptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R5.1: evaluating a nil member, or under a nil or unbuilt set, is a typed
// error, never a panic; a nil set's accessors are zero.
func TestEvaluateNilR5_1(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	_, err := set.Evaluate(nil, start())
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, membership.CodeInvalidMember, shopkit.CodeOf(err))
	_, err = set.WhatIf(nil, start(), sampleOrder("o1", 1))
	assert.Equal(t, membership.CodeInvalidMember, shopkit.CodeOf(err))

	var none *membership.TierSet
	for _, ts := range []*membership.TierSet{none, new(membership.TierSet)} {
		_, err = ts.Evaluate(newMember(t), start())
		assert.Equal(t, membership.CodeInvalidTierSet, shopkit.CodeOf(err))
		_, err = ts.WhatIf(newMember(t), start())
		assert.Equal(t, membership.CodeInvalidTierSet, shopkit.CodeOf(err))
		_, _, err = ts.HighestMet(membership.Figures{})
		assert.Equal(t, membership.CodeInvalidTierSet, shopkit.CodeOf(err))
		_, err = ts.PricerForTier("Gold")
		assert.Equal(t, membership.CodeInvalidTierSet, shopkit.CodeOf(err))
	}
	assert.Zero(t, none.Len())
	assert.Empty(t, none.Tiers())
	assert.Equal(t, membership.ThresholdMode(""), none.Mode())
	assert.Equal(t, shopkit.Currency(""), none.Currency())
	assert.Zero(t, none.Window())
	_, ok := none.Tier(1)
	assert.False(t, ok)

	// A nil set's pricer is a non-member's; an unbuilt set's refuses every line.
	line := order.Line{UnitPrice: shopkit.CNY(100), Quantity: 1}
	d, err := none.PricerFor(newMember(t)).MemberDiscount(line)
	require.NoError(t, err)
	assert.True(t, d.IsZero())
	_, err = new(membership.TierSet).PricerFor(newMember(t)).MemberDiscount(line)
	assert.Equal(t, membership.CodeInvalidTierSet, shopkit.CodeOf(err))
}

// R5.2: a Member that NewMember or RestoreMember did not build refuses every
// action with shopkit.CodeNotBuilt instead of recording a standing of nobody.
func TestZeroMemberIsNotBuiltR5_2(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	sys := shopkit.SystemActor()
	for name, act := range map[string]func(m *membership.Member) error{
		"complete": func(m *membership.Member) error {
			_, err := m.CompleteOrder(set, membership.CompletedOrder{OrderID: oid("o1"), Amount: shopkit.CNY(1), CompletedAt: start()}, start())
			return err
		},
		"refund": func(m *membership.Member) error {
			return m.ApplyRefund(shopkit.Refund{Key: "k", Amount: shopkit.CNY(1)}, start())
		},
		"return":        func(m *membership.Member) error { return m.ApplyReturn(shopkit.Refund{Key: "k"}, start()) },
		"adjust":        func(m *membership.Member) error { return m.Adjust(set, sys, "Gold", "x", start()) },
		"can_grant":     func(m *membership.Member) error { return m.CanGrant(sys, "tpl", 1) },
		"record_coupon": func(m *membership.Member) error { return m.RecordCoupon(sys, "tpl", "c1", 1, "x", start()) },
	} {
		m := new(membership.Member)
		err := act(m)
		require.ErrorIs(t, err, shopkit.ErrInvalid, name)
		assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err), name)
		assert.Empty(t, m.History(), name)
	}
}

// R2.8: a Service that NewService did not build returns shopkit.CodeNotBuilt
// from every method that reads or writes members.
func TestZeroServiceIsNotBuilt(t *testing.T) {
	s, ctx := new(membership.Service), context.Background()
	errs := map[string]error{}
	_, errs["complete"] = s.Complete(ctx, sampleOrder("o1", 1))
	errs["refund"] = s.Refund(ctx, refund("r1", "o1", shopkit.CNY(1)))
	errs["return"] = s.Return(ctx, refund("r1", "o1", shopkit.CNY(1)))
	errs["adjust"] = s.Adjust(ctx, customer, "Gold", merchant(), "vip")
	_, errs["evaluate"] = s.Evaluate(ctx, customer)
	_, errs["what_if"] = s.WhatIf(ctx, customer)
	_, errs["pricer"] = s.PricerFor(ctx, customer)
	_, errs["benefits"] = s.Benefits(ctx, customer)
	_, errs["member_tier"] = s.MemberTier(ctx, shop, customer)
	_, errs["issue_coupon"] = s.IssueCoupon(ctx, customer, "tpl", 1, merchant(), "x")
	_, errs["issue_to_tier"] = s.IssueToTier(ctx, membership.TierCampaign{TemplateID: "tpl", Tier: "Gold", PerCustomer: 1}, merchant())
	for name, err := range errs {
		assert.Equal(t, shopkit.CodeNotBuilt, shopkit.CodeOf(err), name)
	}
}

// R5.1: every completed order looks at each tier, so a set has at most
// MaxTiers of them.
func TestMaxTiersR5_1(t *testing.T) {
	build := func(n int) error {
		ts := make([]membership.Tier, n)
		for i := range ts {
			ts[i] = membership.Tier{Name: "T" + strconv.Itoa(i), MinAmount: shopkit.CNY(int64(i + 1)),
				Benefits: membership.Benefits{DiscountRate: rate("1")}}
		}
		_, err := membership.NewTierSet(membership.TierSetConfig{Mode: membership.ByAmount, Tiers: ts})
		return err
	}
	require.NoError(t, build(membership.MaxTiers))
	err := build(membership.MaxTiers + 1)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, membership.CodeTooManyTiers, shopkit.CodeOf(err))
}

// loopingStore is a broken store whose ByTier ignores after and returns the
// same full page every time (or a page with a nil member).
type loopingStore struct {
	*membershiptest.Store
	nilMember bool
}

func (s loopingStore) ByTier(ctx context.Context, shop uuid.UUID, tier string, _ uuid.UUID, limit int) ([]*membership.Member, error) {
	page, err := s.Store.ByTier(ctx, shop, tier, uuid.Nil, limit)
	if s.nilMember && len(page) > 0 {
		page[len(page)-1] = nil
	}
	return page, err
}

// R2.8, R5.4: a tier campaign pages through the store by ascending ID, so a
// store that does not move on ends the campaign with CodeStoreOutOfOrder
// instead of looping for ever.
func TestIssueToTierBoundedR5_4(t *testing.T) {
	for _, nilMember := range []bool{false, true} {
		store := loopingStore{Store: membershiptest.NewStore(), nilMember: nilMember}
		s, err := membership.NewService(membership.ServiceConfig{Store: store, Tiers: newSet(t, membership.ByAmount),
			ShopID: shop, Clock: start, Coupons: &fakeIssuer{}})
		require.NoError(t, err)
		ctx := context.Background()
		for i := range 100 { // one full page: the service asks for the next
			require.NoError(t, s.Adjust(ctx, "c"+strconv.Itoa(i), "Gold", merchant(), "campaign test"))
		}
		done := make(chan error, 1)
		go func() {
			_, err := s.IssueToTier(ctx, membership.TierCampaign{TemplateID: "tpl", Tier: "Gold", PerCustomer: 1}, merchant())
			done <- err
		}()
		select {
		case err := <-done:
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, membership.CodeStoreOutOfOrder, shopkit.CodeOf(err))
		case <-time.After(10 * time.Second):
			t.Fatal("IssueToTier did not end")
		}
	}
}
