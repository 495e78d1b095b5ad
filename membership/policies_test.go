package membership_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/membership"
	"github.com/shopkit/shopkit/membership/membershiptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R0.3, R5.1, R5.2: membership's policy is its tier set. A customer who joins
// 1 ns before a new set's From stays on the old thresholds (Silver at ¥1000)
// after the change; one who joins exactly at From is on the new ones (Silver
// at ¥2000). The version survives the store and a JSON round trip of the
// snapshot.
func TestTierSetVersionAtJoining_R0_3_R5_2(t *testing.T) {
	ctx := context.Background()
	from := start().Add(time.Hour)
	old := newSet(t, membership.ByAmount)
	raised := tiers(membership.ByAmount)
	raised[0].MinAmount = shopkit.CNY(2000_00)
	next, err := membership.NewTierSet(membership.TierSetConfig{Mode: membership.ByAmount, Tiers: raised})
	require.NoError(t, err)
	sched, err := shopkit.NewSchedule(
		shopkit.Version[*membership.TierSet]{Name: "tiers-2026-01", Policy: old},
		shopkit.Version[*membership.TierSet]{Name: "tiers-2026-02", From: from, Policy: next})
	require.NoError(t, err)
	now := from.Add(-time.Nanosecond)
	store := membershiptest.NewStore()
	s, err := membership.NewService(membership.ServiceConfig{Store: store, TierSets: sched, ShopID: shop,
		Clock: func() time.Time { return now }})
	require.NoError(t, err)
	assert.Same(t, old, s.Tiers())

	order := func(customer, id string) membership.CompletedOrder {
		return membership.CompletedOrder{OrderID: oid(id), CustomerID: customer, Amount: shopkit.CNY(1500_00), CompletedAt: now}
	}
	_, err = s.Complete(ctx, order("early", "e1"))
	require.NoError(t, err)
	now = from
	assert.Same(t, next, s.Tiers())
	_, err = s.Complete(ctx, order("late", "l1"))
	require.NoError(t, err)

	now = from.Add(time.Hour) // the change has happened
	early, err := store.Get(ctx, membership.MemberID(shop, "early"))
	require.NoError(t, err)
	late, err := store.Get(ctx, membership.MemberID(shop, "late"))
	require.NoError(t, err)
	assert.Equal(t, "tiers-2026-01", early.PolicyVersion())
	assert.Equal(t, "tiers-2026-02", late.PolicyVersion())
	assert.Equal(t, "Silver", early.Tier(), "¥1500 ≥ the old ¥1000")
	assert.Equal(t, membership.NoTier, late.Tier(), "¥1500 < the new ¥2000")
	ev, err := s.Evaluate(ctx, "early")
	require.NoError(t, err)
	assert.Equal(t, "Silver", ev.Tier)
	b, err := s.Benefits(ctx, "early")
	require.NoError(t, err)
	assert.Equal(t, 1, b.Rank)

	data, err := json.Marshal(early.Snapshot())
	require.NoError(t, err)
	var snap membership.MemberSnapshot
	require.NoError(t, json.Unmarshal(data, &snap))
	back, err := membership.RestoreMember(snap)
	require.NoError(t, err)
	assert.Equal(t, "tiers-2026-01", back.PolicyVersion())
}

// R0.3: before the first version no member record is created; a member from
// before versions (PolicyVersion "") runs on the version in force when it
// joined; a plain Tiers records no version; Tiers and TierSets are exclusive.
func TestTierSetVersionEdges_R0_3(t *testing.T) {
	ctx := context.Background()
	late, err := shopkit.NewSchedule(shopkit.Version[*membership.TierSet]{Name: "late", From: start().Add(time.Nanosecond), Policy: newSet(t, membership.ByAmount)})
	require.NoError(t, err)
	s, err := membership.NewService(membership.ServiceConfig{Store: membershiptest.NewStore(), TierSets: late, ShopID: shop, Clock: start})
	require.NoError(t, err)
	_, err = s.Complete(ctx, sampleOrder("o1", 1500_00))
	assert.Equal(t, shopkit.CodeNoVersionInForce, shopkit.CodeOf(err))

	// A member stored under a plain Tiers (no version) after the host adopts
	// a schedule whose first version has another name and From zero.
	store := membershiptest.NewStore()
	plain, err := membership.NewService(membership.ServiceConfig{Store: store, Tiers: newSet(t, membership.ByAmount), ShopID: shop, Clock: start})
	require.NoError(t, err)
	_, err = plain.Complete(ctx, sampleOrder("o1", 1500_00))
	require.NoError(t, err)
	m, err := store.Get(ctx, membership.MemberID(shop, customer))
	require.NoError(t, err)
	assert.Empty(t, m.PolicyVersion())
	data, err := json.Marshal(m.Snapshot())
	require.NoError(t, err)
	assert.NotContains(t, string(data), "PolicyVersion")
	sched, err := shopkit.NewSchedule(shopkit.Version[*membership.TierSet]{Name: "v1", Policy: newSet(t, membership.ByAmount)})
	require.NoError(t, err)
	adopted, err := membership.NewService(membership.ServiceConfig{Store: store, TierSets: sched, ShopID: shop, Clock: start})
	require.NoError(t, err)
	b, err := adopted.Benefits(ctx, customer)
	require.NoError(t, err)
	assert.Equal(t, "Silver", b.Tier)

	for _, tc := range []struct {
		name  string
		cfg   membership.ServiceConfig
		field string
	}{
		{"both", membership.ServiceConfig{Tiers: newSet(t, membership.ByAmount), TierSets: sched}, "tier_sets"},
		{"unnamed", membership.ServiceConfig{TierSets: shopkit.Always("", newSet(t, membership.ByAmount))}, "tier_sets.versions[0].name"},
		{"unbuilt set", membership.ServiceConfig{TierSets: shopkit.Always("v", &membership.TierSet{})}, "tier_sets.versions[0].tiers"},
		{"neither", membership.ServiceConfig{}, "tiers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := membership.NewService(tc.cfg)
			assert.Equal(t, membership.CodeInvalidConfig, shopkit.CodeOf(err))
			var v *shopkit.ValidationError
			require.ErrorAs(t, err, &v)
			var fields []string
			for _, p := range v.Problems {
				fields = append(fields, p.Field)
			}
			assert.Contains(t, fields, tc.field)
		})
	}
}
