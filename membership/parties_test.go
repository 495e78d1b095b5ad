package membership_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/internal/authztest"
	"github.com/shopkit/shopkit/membership"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// intruders are actors who are not parties of the tests' members (R0.4): another
// buyer, another shop's merchant, that shop's staff, an operator of another
// shop, and actors without an ID.
func intruders() []shopkit.Actor {
	other := authztest.OtherShop()
	return []shopkit.Actor{
		{Role: shopkit.Buyer, ID: "intruding-buyer"},
		{Role: shopkit.Merchant, ID: other.String()},
		{Role: shopkit.Merchant, ID: "agent-elsewhere", Shops: []uuid.UUID{other}},
		{Role: shopkit.Platform, ID: "ops-elsewhere", Shops: []uuid.UUID{other}},
		{Role: shopkit.Merchant},
		{Role: shopkit.Platform},
		{Role: shopkit.Buyer},
		{Role: "auditor", ID: "x"}, // no role of the kernel's
	}
}

// R0.4: a member belongs to its customer and its shop.
func TestMemberPartiesR0_4(t *testing.T) {
	m := newMember(t)
	assert.Equal(t, shopkit.Parties{Buyer: customer, Shop: shop}, m.Parties())
}

// R0.4, R5.2, R5.4: every action a member takes from an actor (a manual
// adjustment, a coupon grant) refuses an actor who is not a party with the
// kernel's CodeNotParty and changes nothing; the rightful merchant, the shop's
// staff and an operator for the shop succeed.
func TestMemberActionsCheckPartiesR0_4(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	actions := map[string]func(m *membership.Member, by shopkit.Actor) error{
		"adjust": func(m *membership.Member, by shopkit.Actor) error {
			return m.Adjust(set, by, "Gold", "vip", start())
		},
		"can_grant": func(m *membership.Member, by shopkit.Actor) error {
			return m.CanGrant(by, "tpl", 1)
		},
		"record_coupon": func(m *membership.Member, by shopkit.Actor) error {
			return m.RecordCoupon(by, "tpl", "coupon-1", 1, "thanks", start())
		},
	}
	rightful := []shopkit.Actor{
		authztest.Rightful(shopkit.Merchant, shopkit.Parties{Buyer: customer, Shop: shop}),
		authztest.Rightful(shopkit.Platform, shopkit.Parties{Buyer: customer, Shop: shop}),
		{Role: shopkit.Merchant, ID: "agent-3", Shops: []uuid.UUID{shop}}, // the shop's support agent (R6.1)
		{Role: shopkit.Platform, ID: "ops-all"},                           // an operator of the whole platform
	}
	for name, act := range actions {
		t.Run(name, func(t *testing.T) {
			for _, by := range intruders() {
				m := newMember(t)
				before := m.Snapshot()
				err := act(m, by)
				require.ErrorIs(t, err, shopkit.ErrNotAllowed, "%+v", by)
				assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "%+v: %v", by, err)
				assert.Equal(t, before, m.Snapshot(), "%+v: a refused action changes nothing", by)
			}
			for _, by := range rightful {
				require.NoError(t, act(newMember(t), by), "%+v", by)
			}
		})
	}
}

// R5.2, R5.4: the member's own customer is a party but may neither adjust a tier
// nor issue themself a coupon (CodeWrongRole); the system may issue coupons
// (an automated campaign) but not adjust by hand.
func TestMemberActionsCheckRolesR5_2(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	self := shopkit.Actor{Role: shopkit.Buyer, ID: customer}
	m := newMember(t)
	err := m.Adjust(set, self, "Gold", "me", start())
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, membership.CodeWrongRole, shopkit.CodeOf(err))
	err = m.CanGrant(self, "tpl", 1)
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, membership.CodeWrongRole, shopkit.CodeOf(err))
	assert.Equal(t, membership.CodeWrongRole, shopkit.CodeOf(m.Adjust(set, shopkit.SystemActor(), "Gold", "auto", start())))
	require.NoError(t, m.CanGrant(shopkit.SystemActor(), "tpl", 1))
}

// R0.4: the service checks the actor before it loads or creates the member, so
// a stranger's adjustment or coupon creates no member record, and a tier
// campaign by another shop's merchant issues nothing.
func TestServiceChecksPartiesBeforeCreatingR0_4(t *testing.T) {
	s, iss, store := newService(t, membership.ByAmount)
	ctx := context.Background()
	for _, by := range intruders() {
		err := s.Adjust(ctx, customer, "Gold", by, "vip")
		assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "%+v: %v", by, err)
		_, err = s.IssueCoupon(ctx, customer, "tpl", 1, by, "x")
		assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "%+v: %v", by, err)
	}
	_, err := store.Get(ctx, membership.MemberID(shop, customer))
	require.ErrorIs(t, err, shopkit.ErrNotFound, "no member record was created")

	// A buyer may not adjust their own tier either, and creates nothing trying.
	err = s.Adjust(ctx, customer, "Gold", shopkit.Actor{Role: shopkit.Buyer, ID: customer}, "me")
	assert.Equal(t, membership.CodeWrongRole, shopkit.CodeOf(err))
	_, err = store.Get(ctx, membership.MemberID(shop, customer))
	require.ErrorIs(t, err, shopkit.ErrNotFound)

	require.NoError(t, s.Adjust(ctx, customer, "Gold", merchant(), "vip"))
	for _, by := range intruders() {
		_, err := s.IssueToTier(ctx, membership.TierCampaign{TemplateID: "tpl", Tier: "Gold", PerCustomer: 1}, by)
		assert.Equal(t, shopkit.CodeNotParty, shopkit.CodeOf(err), "%+v: %v", by, err)
	}
	assert.Zero(t, iss.n, "nothing was issued")
	rep, err := s.IssueToTier(ctx, membership.TierCampaign{TemplateID: "tpl", Tier: "Gold", PerCustomer: 1},
		shopkit.Actor{Role: shopkit.Merchant, ID: "agent-3", Shops: []uuid.UUID{shop}})
	require.NoError(t, err)
	assert.Len(t, rep.Issued, 1)
}
