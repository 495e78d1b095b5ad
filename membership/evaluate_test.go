package membership_test

import (
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/membership"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R5.1, R5.2: Evaluate says the tier, why, and what is missing for the next tier,
// joining the thresholds as the set's mode does.
func TestEvaluateExplainsR5_1(t *testing.T) {
	cases := []struct {
		mode    membership.ThresholdMode
		orders  []int64
		tier    string
		why     string
		missing string
	}{
		{membership.ByAmount, []int64{876_55}, membership.NoTier,
			"no tier: below every threshold (¥876.55 spent)", "¥123.45 more to Silver"},
		{membership.ByAmount, []int64{1000_00}, "Silver",
			"Silver: ¥1000.00 spent ≥ ¥1000.00", "¥4000.00 more to Gold"},
		{membership.ByCount, []int64{1}, membership.NoTier,
			"no tier: below every threshold (1 order)", "2 more orders to Silver"},
		{membership.ByCount, []int64{1, 1, 1, 1, 1, 1, 1, 1, 1}, "Silver",
			"Silver: 9 orders ≥ 3", "1 more order to Gold"},
		{membership.ByEither, []int64{876_55}, membership.NoTier,
			"no tier: below every threshold (¥876.55 spent, 1 order)", "¥123.45 or 2 more orders to Silver"},
		{membership.ByEither, []int64{1, 1, 1}, "Silver",
			"Silver: 3 orders ≥ 3", "¥4999.97 or 7 more orders to Gold"},
		{membership.ByEither, []int64{1000_00}, "Silver", // the amount alone, exactly at
			"Silver: ¥1000.00 spent ≥ ¥1000.00", "¥4000.00 or 9 more orders to Gold"},
		{membership.ByEither, []int64{998_00, 1_00, 1_00}, "Silver", // both met by the third order
			"Silver: ¥1000.00 spent ≥ ¥1000.00 and 3 orders ≥ 3", "¥4000.00 or 7 more orders to Gold"},
		{membership.ByEither, []int64{4999_99, 0, 0, 0, 0, 0, 0, 0, 0}, "Silver", // one fen and one order short
			"Silver: ¥4999.99 spent ≥ ¥1000.00 and 9 orders ≥ 3", "¥0.01 or 1 more order to Gold"},
		{membership.ByBoth, []int64{876_55}, membership.NoTier,
			"no tier: below every threshold (¥876.55 spent, 1 order)", "¥123.45 and 2 more orders to Silver"},
		{membership.ByBoth, []int64{1000_00, 0}, membership.NoTier,
			"no tier: below every threshold (¥1000.00 spent, 2 orders)", "1 more order to Silver"},
		{membership.ByBoth, []int64{999_99, 0, 0}, membership.NoTier,
			"no tier: below every threshold (¥999.99 spent, 3 orders)", "¥0.01 more to Silver"},
		{membership.ByBoth, []int64{20000_00, 0, 0}, "Silver",
			"Silver: ¥20000.00 spent ≥ ¥1000.00 and 3 orders ≥ 3", "7 more orders to Gold"},
		{membership.ByAmount, []int64{20000_00}, "Platinum",
			"Platinum: ¥20000.00 spent ≥ ¥20000.00", "highest tier reached"},
	}
	for _, c := range cases {
		set := newSet(t, c.mode)
		m := newMember(t)
		for i, fen := range c.orders {
			complete(t, set, m, "o"+string(rune('a'+i)), fen)
		}
		e, err := set.Evaluate(m, start())
		require.NoError(t, err)
		assert.Equal(t, c.tier, e.Tier, c.why)
		assert.Equal(t, c.why, e.Why())
		assert.Equal(t, c.missing, e.Missing())
	}
}

// R5.2: after refunds or a manual change, Why says so and Next skips tiers the
// figures already meet (no order can cross them any more).
func TestEvaluateAfterRefundAndAdjustR5_2(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	m := newMember(t)
	complete(t, set, m, "o1", 5000_00)
	require.NoError(t, m.ApplyRefund(refund("k1", "o1", shopkit.CNY(4500_00)), start()))
	e, err := set.Evaluate(m, start())
	require.NoError(t, err)
	assert.Equal(t, "Gold", e.Tier)
	assert.Equal(t, 0, e.QualifiedRank)
	assert.Equal(t, "Gold: kept, tiers never go down automatically (now ¥500.00, 1 order)", e.Why())
	assert.Equal(t, "¥19500.00 more to Platinum", e.Missing())

	complete(t, set, m, "o2", 5000_00) // figures ¥5500.00 meet Gold
	require.NoError(t, m.Adjust(set, merchant(), "Silver", "chargeback", start()))
	e, err = set.Evaluate(m, start())
	require.NoError(t, err)
	assert.Equal(t, "Silver: set by hand: chargeback", e.Why())
	assert.Equal(t, "Platinum", e.Next)
	assert.Equal(t, shopkit.CNY(14500_00), e.MissingAmount)
}

// R5.2: Why tells a merchant's decision from the figures, also when the merchant
// removed the tier; a tier the set no longer has, and figures that meet a tier no
// order has crossed (thresholds lowered after the fact), are said as such.
func TestEvaluateWhyManualAndStaleR5_2(t *testing.T) {
	set := newSet(t, membership.ByAmount)
	m := newMember(t)
	complete(t, set, m, "o1", 6000_00)
	require.NoError(t, m.Adjust(set, merchant(), membership.NoTier, "fraud", start()))
	e, err := set.Evaluate(m, start())
	require.NoError(t, err)
	assert.Equal(t, membership.NoTier, e.Tier)
	assert.Equal(t, 2, e.QualifiedRank)
	assert.Equal(t, "no tier: set by hand: fraud", e.Why())
	assert.Equal(t, "¥14000.00 more to Platinum", e.Missing())

	s := m.Snapshot()
	s.Tier, s.Source, s.AdjustReason = "Legacy", membership.SourceOrders, ""
	legacy, err := membership.RestoreMember(s)
	require.NoError(t, err)
	e, err = set.Evaluate(legacy, start())
	require.NoError(t, err)
	assert.Equal(t, "Legacy: no longer a tier of the set", e.Why())

	n := newMember(t)
	complete(t, set, n, "o1", 900_00)
	lower := tiers(membership.ByAmount)
	lower[0].MinAmount = shopkit.CNY(900_00) // exactly the member's spend
	set2, err := membership.NewTierSet(membership.TierSetConfig{Mode: membership.ByAmount, Tiers: lower})
	require.NoError(t, err)
	e, err = set2.Evaluate(n, start())
	require.NoError(t, err)
	assert.Equal(t, 1, e.QualifiedRank)
	assert.Equal(t, "no tier: no order has crossed a threshold yet (¥900.00 spent)", e.Why())
	assert.Equal(t, "¥4100.00 more to Gold", e.Missing())

	assert.Empty(t, membership.Evaluation{}.Why(), "the zero Evaluation says nothing")
	assert.Empty(t, membership.Evaluation{}.Missing())
}
