package membership_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/membership"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R2.8: RestoreMember rejects every snapshot that cannot be a member's, naming
// the field, and changes nothing of the snapshot it was given.
func TestRestoreRejectsBadSnapshots(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	m := newMember(t)
	complete(t, set, m, "o1", 1000_00)
	complete(t, set, m, "o2", 500_00)
	require.NoError(t, m.ApplyRefund(refund("r1", "o1", shopkit.CNY(5)), start()))
	require.NoError(t, m.ApplyRefund(refund("r2", "o2", shopkit.CNY(7)), start()))
	require.NoError(t, m.RecordCoupon(merchant(), "tpl-a", "coupon-1", 1, "welcome", start()))
	g, err := m.RequestCoupon(merchant(), "tpl-b", 2, "conversation", start())
	require.NoError(t, err)
	_, _, err = m.FinishCoupon(merchant(), g.Key, "coupon-2", start())
	require.NoError(t, err)
	_, err = m.RequestCoupon(merchant(), "tpl-b", 2, "conversation", start())
	require.NoError(t, err)
	good := m.Snapshot()
	require.Len(t, good.PendingCoupons, 1)

	cases := []struct {
		name  string
		field string
		edit  func(s *membership.MemberSnapshot)
	}{
		{"no id", "id", func(s *membership.MemberSnapshot) { s.ID = uuid.Nil }},
		{"no shop", "shop_id", func(s *membership.MemberSnapshot) { s.ShopID = uuid.Nil }},
		{"no customer", "customer_id", func(s *membership.MemberSnapshot) { s.CustomerID = " " }},
		{"id of another customer", "id", func(s *membership.MemberSnapshot) { s.CustomerID = "cust-2" }},
		{"id of another shop", "id", func(s *membership.MemberSnapshot) { s.ShopID = uuid.New() }},
		{"unknown currency", "currency", func(s *membership.MemberSnapshot) { s.Currency = "XXX" }},
		{"unknown source", "source", func(s *membership.MemberSnapshot) { s.Source = "magic" }},
		{"negative seq", "seq", func(s *membership.MemberSnapshot) { s.Seq = -1 }},
		{"repeated order", "applied_orders", func(s *membership.MemberSnapshot) {
			s.AppliedOrders = append(s.AppliedOrders, s.AppliedOrders[0])
		}},
		{"nil order id", "applied_orders", func(s *membership.MemberSnapshot) { s.AppliedOrders[0].OrderID = uuid.Nil }},
		{"refund key on two orders", "applied_orders", func(s *membership.MemberSnapshot) {
			s.AppliedOrders[1].Refunds[0].Key = s.AppliedOrders[0].Refunds[0].Key
		}},
		{"refunds not adding up", "applied_orders", func(s *membership.MemberSnapshot) {
			s.AppliedOrders[0].Refunds[0].Amount = shopkit.CNY(6)
		}},
		{"refunded above the amount", "applied_orders", func(s *membership.MemberSnapshot) {
			s.AppliedOrders[0].Refunded = shopkit.CNY(2000_00)
		}},
		{"coupon without a coupon ID", "coupons", func(s *membership.MemberSnapshot) { s.Coupons[0].CouponID = "" }},
		{"coupon without a template", "coupons", func(s *membership.MemberSnapshot) { s.Coupons[1].TemplateID = " " }},
		{"coupon key twice", "coupons", func(s *membership.MemberSnapshot) {
			s.Coupons = append(s.Coupons, s.Coupons[1])
		}},
		{"pending grant without a key", "pending_coupons", func(s *membership.MemberSnapshot) { s.PendingCoupons[0].Key = "" }},
		{"pending grant without a template", "pending_coupons", func(s *membership.MemberSnapshot) {
			s.PendingCoupons[0].TemplateID = ""
		}},
		{"pending grant with a coupon", "pending_coupons", func(s *membership.MemberSnapshot) {
			s.PendingCoupons[0].CouponID = "coupon-3"
		}},
		{"pending grant without a time", "pending_coupons", func(s *membership.MemberSnapshot) {
			s.PendingCoupons[0].At = time.Time{}
		}},
		{"pending grant with a done grant's key", "pending_coupons", func(s *membership.MemberSnapshot) {
			s.PendingCoupons[0].Key = s.Coupons[1].Key
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := m.Snapshot()
			c.edit(&s)
			_, err := membership.RestoreMember(s)
			var ve *shopkit.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, membership.CodeInvalidSnapshot, ve.Code())
			assert.Equal(t, c.field, ve.Field)
		})
	}
	assert.Equal(t, good, m.Snapshot())
}

// Conventions 6, R0.4: a member's journal is its own: effects carry the stable
// ID "<member id>#<seq>", also after a restore, whose entries number on from
// the snapshot's Seq.
func TestEffectIDs(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	m := newMember(t)
	complete(t, set, m, "o1", 1000_00) // join, complete_order, upgrade, notify
	back, err := membership.RestoreMember(m.Snapshot())
	require.NoError(t, err)
	assert.Empty(t, back.History(), "a restored member holds no history")
	require.NoError(t, back.Adjust(set, merchant(), "Gold", "vip", start())) // adjust, notify
	var ids []string
	for _, e := range append(m.History(), back.History()...) {
		if e.Kind == shopkit.EntryEffect {
			ids = append(ids, e.Effect.ID)
		}
	}
	id := m.ID().String()
	assert.Equal(t, []string{id + "#4", id + "#6"}, ids)
	require.Len(t, back.History(), 2)
	assert.Equal(t, 5, back.History()[0].Seq)
}

// R5.1: a nil tier set, or one not built by NewTierSet, is a typed error
// wherever it is used, never a panic; so is a nil member.
func TestUnbuiltTierSet(t *testing.T) {
	m := newMember(t)
	for name, ts := range map[string]*membership.TierSet{"nil": nil, "zero": {}} {
		t.Run(name, func(t *testing.T) {
			_, err := ts.Evaluate(m, start())
			assert.Equal(t, membership.CodeInvalidTierSet, shopkit.CodeOf(err))
			_, err = ts.WhatIf(m, start(), sampleOrder("o1", 1))
			assert.Equal(t, membership.CodeInvalidTierSet, shopkit.CodeOf(err))
			_, err = m.CompleteOrder(ts, sampleOrder("o1", 1), start())
			assert.Equal(t, membership.CodeInvalidTierSet, shopkit.CodeOf(err))
			err = m.Adjust(ts, merchant(), "Gold", "vip", start())
			assert.Equal(t, membership.CodeInvalidTierSet, shopkit.CodeOf(err))
			_, _, err = ts.HighestMet(membership.Figures{Amount: shopkit.CNY(1)})
			assert.Equal(t, membership.CodeInvalidTierSet, shopkit.CodeOf(err))
			_, err = ts.PricerForTier("Gold")
			assert.Equal(t, membership.CodeInvalidTierSet, shopkit.CodeOf(err))
			assert.Equal(t, membership.NoTier, ts.PricerFor(m).Tier())
		})
	}
	_, err := newSet(t, membership.ByAmount).Evaluate(nil, start())
	assert.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, membership.CodeInvalidMember, shopkit.CodeOf(err))
}

// Conventions 5: Codes lists every code once, each of package membership.
func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range membership.Codes() {
		assert.True(t, strings.HasPrefix(c, "membership."), c)
		assert.False(t, seen[c], "listed twice: %s", c)
		seen[c] = true
	}
	assert.True(t, seen[membership.CodeRefundMismatch])
}
