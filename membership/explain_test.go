package membership_test

import (
	"strings"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/membership"
	"github.com/shopkit/shopkit/messages"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// explainCases are evaluations covering every branch of Why and Missing: the
// cases of TestEvaluateExplainsR5_1, a refund, manual adjustments, a stale tier
// and lowered thresholds.
func explainCases(t *testing.T) []membership.Evaluation {
	t.Helper()
	var out []membership.Evaluation
	runs := []struct {
		mode   membership.ThresholdMode
		orders []int64
	}{
		{membership.ByAmount, []int64{876_55}}, {membership.ByAmount, []int64{1000_00}},
		{membership.ByCount, []int64{1}}, {membership.ByCount, []int64{1, 1, 1, 1, 1, 1, 1, 1, 1}},
		{membership.ByEither, []int64{876_55}}, {membership.ByEither, []int64{1, 1, 1}},
		{membership.ByEither, []int64{1000_00}}, {membership.ByEither, []int64{998_00, 1_00, 1_00}},
		{membership.ByEither, []int64{4999_99, 0, 0, 0, 0, 0, 0, 0, 0}},
		{membership.ByBoth, []int64{876_55}}, {membership.ByBoth, []int64{1000_00, 0}},
		{membership.ByBoth, []int64{999_99, 0, 0}}, {membership.ByBoth, []int64{20000_00, 0, 0}},
		{membership.ByAmount, []int64{20000_00}}, {membership.ByCount, []int64{}},
	}
	for _, r := range runs {
		set := newSet(t, r.mode)
		m := newMember(t)
		for i, fen := range r.orders {
			complete(t, set, m, "o"+string(rune('a'+i)), fen)
		}
		e, err := set.Evaluate(m, start())
		require.NoError(t, err)
		out = append(out, e)
	}
	set := newSet(t, membership.ByAmount)
	m := newMember(t)
	complete(t, set, m, "o1", 5000_00)
	require.NoError(t, m.ApplyRefund(refund("k1", "o1", shopkit.CNY(4500_00)), start()))
	e, err := set.Evaluate(m, start()) // kept after a refund
	require.NoError(t, err)
	out = append(out, e)
	require.NoError(t, m.Adjust(set, merchant(), "Silver", "chargeback", start()))
	e, err = set.Evaluate(m, start()) // set by hand
	require.NoError(t, err)
	out = append(out, e)
	require.NoError(t, m.Adjust(set, merchant(), membership.NoTier, "fraud", start()))
	e, err = set.Evaluate(m, start()) // removed by hand
	require.NoError(t, err)
	out = append(out, e)

	s := m.Snapshot()
	s.Tier, s.Source, s.AdjustReason = "Legacy", membership.SourceOrders, ""
	legacy, err := membership.RestoreMember(s)
	require.NoError(t, err)
	e, err = set.Evaluate(legacy, start()) // a tier the set no longer has
	require.NoError(t, err)
	out = append(out, e)

	for _, mode := range []membership.ThresholdMode{membership.ByAmount, membership.ByCount, membership.ByBoth} {
		n := newMember(t)
		complete(t, newSet(t, mode), n, "o1", 900_00)
		lower := tiers(mode)
		lower[0].MinAmount, lower[0].MinOrders = shopkit.Zero(shopkit.CurrencyCNY), 0
		if mode != membership.ByCount {
			lower[0].MinAmount = shopkit.CNY(900_00)
		}
		if mode != membership.ByAmount {
			lower[0].MinOrders = 1
		}
		set2, err := membership.NewTierSet(membership.TierSetConfig{Mode: mode, Tiers: lower})
		require.NoError(t, err)
		e, err = set2.Evaluate(n, start()) // met, but no order crossed the lowered threshold
		require.NoError(t, err)
		out = append(out, e)
	}
	return out
}

// R5.1, R5.2: WhyText and MissingText say what Why and Missing say: the
// catalogue's English templates render to the same sentences, and the Chinese
// ones fill every argument.
func TestExplanationTextsAgreeWithEnglishR5_1(t *testing.T) {
	keys := map[string]bool{}
	for _, e := range explainCases(t) {
		for _, pair := range []struct {
			text shopkit.Text
			en   string
		}{{e.WhyText(), e.Why()}, {e.MissingText(), e.Missing()}} {
			keys[pair.text.Key] = true
			assert.Equal(t, pair.en, messages.Text(messages.En, pair.text), pair.text.Key)
			zh := messages.Text(messages.ZhCN, pair.text)
			assert.NotEmpty(t, zh, pair.text.Key)
			assert.NotContains(t, zh, "{", pair.text.Key)
			assert.NotEqual(t, pair.en, zh, pair.text.Key)
		}
	}
	for _, k := range membership.TextKeys() {
		assert.True(t, keys[k], "no test case explains with %s", k)
	}
	zero := membership.Evaluation{}
	assert.True(t, zero.WhyText().IsZero())
	assert.True(t, zero.MissingText().IsZero())
	assert.Empty(t, messages.Text(messages.ZhCN, zero.WhyText()))
}

// R5.1: the Chinese explanation as a member reads it.
func TestExplanationInChineseR5_1(t *testing.T) {
	set := newSet(t, membership.ByEither)
	m := newMember(t)
	complete(t, set, m, "o1", 876_55)
	e, err := set.Evaluate(m, start())
	require.NoError(t, err)
	assert.Equal(t, "暂无会员等级：未达到任何等级门槛（已消费¥876.55，下单1笔）", messages.Text(messages.ZhCN, e.WhyText()))
	assert.Equal(t, "再消费¥123.45或再下2单即可升级为Silver", messages.Text(messages.ZhCN, e.MissingText()))
	complete(t, set, m, "o2", 200_00)
	e, err = set.Evaluate(m, start())
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(messages.Text(messages.ZhCN, e.WhyText()), "Silver：累计消费¥1076.55，已达到¥1000.00"),
		messages.Text(messages.ZhCN, e.WhyText()))
}
