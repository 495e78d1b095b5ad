package membership_test

import (
	"encoding/json"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/membership"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R5.1: a tier set is validated as a whole; every problem names the tier.
func TestNewTierSetRejectsBadInputR5_1(t *testing.T) {
	cases := []struct {
		name  string
		mode  membership.ThresholdMode
		edit  func(ts []membership.Tier) []membership.Tier
		code  string
		field string
	}{
		{"rate zero", membership.ByAmount, func(ts []membership.Tier) []membership.Tier {
			ts[1].Benefits.DiscountRate = rate("0")
			return ts
		}, membership.CodeInvalidDiscountRate, "tiers.Gold.benefits.discount_rate"},
		{"rate negative", membership.ByAmount, func(ts []membership.Tier) []membership.Tier {
			ts[0].Benefits.DiscountRate = rate("-0.5")
			return ts
		}, membership.CodeInvalidDiscountRate, "tiers.Silver.benefits.discount_rate"},
		{"rate above one by the smallest step", membership.ByAmount, func(ts []membership.Tier) []membership.Tier {
			ts[2].Benefits.DiscountRate = rate("1.0001")
			return ts
		}, membership.CodeInvalidDiscountRate, "tiers.Platinum.benefits.discount_rate"},
		{"rate unset", membership.ByAmount, func(ts []membership.Tier) []membership.Tier {
			ts[2].Benefits.DiscountRate = decimal.Decimal{}
			return ts
		}, membership.CodeInvalidDiscountRate, "tiers.Platinum.benefits.discount_rate"},
		{"rate with more decimals than a rate may have", membership.ByAmount, func(ts []membership.Tier) []membership.Tier {
			ts[0].Benefits.DiscountRate = rate("0.1234567890123456789")
			return ts
		}, membership.CodeInvalidDiscountRate, "tiers.Silver.benefits.discount_rate"},
		{"negative amount in both mode", membership.ByBoth, func(ts []membership.Tier) []membership.Tier {
			ts[2].MinAmount = shopkit.CNY(-1)
			return ts
		}, membership.CodeNegativeThreshold, "tiers.Platinum.min_amount"},
		{"negative count in either mode", membership.ByEither, func(ts []membership.Tier) []membership.Tier {
			ts[0].MinOrders = -1
			return ts
		}, membership.CodeNegativeThreshold, "tiers.Silver.min_orders"},
		{"duplicate name by count", membership.ByCount, func(ts []membership.Tier) []membership.Tier {
			ts[1].Name = "Silver"
			return ts
		}, membership.CodeDuplicateTier, "tiers.Silver.name"},
		{"negative amount", membership.ByAmount, func(ts []membership.Tier) []membership.Tier {
			ts[0].MinAmount = shopkit.CNY(-1)
			return ts
		}, membership.CodeNegativeThreshold, "tiers.Silver.min_amount"},
		{"negative count", membership.ByCount, func(ts []membership.Tier) []membership.Tier {
			ts[0].MinOrders = -1
			return ts
		}, membership.CodeNegativeThreshold, "tiers.Silver.min_orders"},
		{"duplicate name", membership.ByAmount, func(ts []membership.Tier) []membership.Tier {
			ts[2].Name = "Gold"
			return ts
		}, membership.CodeDuplicateTier, "tiers.Gold.name"},
		{"equal amount", membership.ByAmount, func(ts []membership.Tier) []membership.Tier {
			ts[2].MinAmount = ts[1].MinAmount
			return ts
		}, membership.CodeThresholdNotIncreasing, "tiers.Platinum.min_amount"},
		{"lower amount", membership.ByBoth, func(ts []membership.Tier) []membership.Tier {
			ts[1].MinAmount = shopkit.CNY(999_99)
			return ts
		}, membership.CodeThresholdNotIncreasing, "tiers.Gold.min_amount"},
		{"equal count", membership.ByEither, func(ts []membership.Tier) []membership.Tier {
			ts[1].MinOrders = 3
			return ts
		}, membership.CodeThresholdNotIncreasing, "tiers.Gold.min_orders"},
		{"count given in amount mode", membership.ByAmount, func(ts []membership.Tier) []membership.Tier {
			ts[1].MinOrders = 5
			return ts
		}, membership.CodeUnusedThreshold, "tiers.Gold.min_orders"},
		{"amount given in count mode", membership.ByCount, func(ts []membership.Tier) []membership.Tier {
			ts[1].MinAmount = shopkit.CNY(1)
			return ts
		}, membership.CodeUnusedThreshold, "tiers.Gold.min_amount"},
		{"other currency", membership.ByAmount, func(ts []membership.Tier) []membership.Tier {
			ts[1].MinAmount = shopkit.MustMoney(5000_00, "EUR")
			return ts
		}, membership.CodeCurrencyMismatch, "tiers.Gold.min_amount"},
		{"empty name", membership.ByAmount, func(ts []membership.Tier) []membership.Tier {
			ts[1].Name = ""
			return ts
		}, membership.CodeInvalidTierName, "tiers[1].name"},
		{"no tiers", membership.ByAmount, func([]membership.Tier) []membership.Tier { return nil },
			membership.CodeNoTiers, "tiers"},
		{"unknown mode", "sometimes", func(ts []membership.Tier) []membership.Tier { return ts },
			membership.CodeUnknownThresholdMode, "mode"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := c.edit(tiers(c.mode))
			kept := c.edit(tiers(c.mode))
			set, err := membership.NewTierSet(membership.TierSetConfig{Mode: c.mode, Tiers: in})
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Nil(t, set)
			assert.Equal(t, kept, in, "the input is left as it was")
			assert.Equal(t, c.code, shopkit.CodeOf(err))
			var ve *shopkit.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, c.field, ve.Field)
		})
	}
}

// R5.1: the edges of a valid set: rate exactly 1 (no discount) and the smallest
// positive rate; a zero threshold for the entry tier.
func TestNewTierSetAcceptsEdgesR5_1(t *testing.T) {
	ts := tiers(membership.ByAmount)
	ts[0].MinAmount = shopkit.CNY(0)
	ts[0].Benefits.DiscountRate = rate("1")
	ts[2].Benefits.DiscountRate = rate("0.01")
	set, err := membership.NewTierSet(membership.TierSetConfig{Mode: membership.ByAmount, Tiers: ts})
	require.NoError(t, err)
	assert.Equal(t, 3, set.Len())
	r, ok := set.Rank("Gold")
	assert.True(t, ok)
	assert.Equal(t, 2, r)
	_, ok = set.Rank("Diamond")
	assert.False(t, ok)

	// The set keeps its own copy: editing the input afterwards changes nothing.
	ts[0].Benefits.Gifts[0] = "changed"
	got, _ := set.Tier(1)
	assert.Equal(t, []string{"birthday gift"}, got.Benefits.Gifts)
}

func TestThresholdModeText(t *testing.T) {
	for _, m := range []membership.ThresholdMode{membership.ByAmount, membership.ByCount, membership.ByEither, membership.ByBoth} {
		b, err := json.Marshal(m)
		require.NoError(t, err)
		var back membership.ThresholdMode
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, m, back)
	}
	var m membership.ThresholdMode
	err := json.Unmarshal([]byte(`"often"`), &m)
	assert.ErrorIs(t, err, shopkit.ErrInvalid)
	_, err = json.Marshal(membership.ThresholdMode("often"))
	assert.Error(t, err)
}

// R5.1: HighestMet at the exact thresholds of each mode.
func TestHighestMetR5_1(t *testing.T) {
	cases := []struct {
		mode   membership.ThresholdMode
		fen    int64
		orders int64
		want   string
	}{
		{membership.ByAmount, 1000_00 - 1, 99, membership.NoTier}, // one fen below Silver
		{membership.ByAmount, 1000_00, 0, "Silver"},               // exactly at
		{membership.ByAmount, 20000_00, 0, "Platinum"},
		{membership.ByCount, 1 << 40, 2, membership.NoTier}, // one order short
		{membership.ByCount, 0, 3, "Silver"},
		{membership.ByCount, 0, 29, "Gold"},
		{membership.ByEither, 1000_00 - 1, 2, membership.NoTier},
		{membership.ByEither, 1000_00, 2, "Silver"},
		{membership.ByEither, 0, 10, "Gold"},
		{membership.ByEither, 20000_00, 10, "Platinum"},
		{membership.ByBoth, 5000_00, 9, "Silver"},      // Gold's amount met, one order short
		{membership.ByBoth, 5000_00 - 1, 10, "Silver"}, // Gold's count met, one fen short
		{membership.ByBoth, 5000_00, 10, "Gold"},
	}
	for _, c := range cases {
		set := newSet(t, c.mode)
		name, rank, err := set.HighestMet(membership.Figures{Amount: shopkit.CNY(c.fen), Orders: c.orders})
		require.NoError(t, err)
		assert.Equal(t, c.want, name, "%s %d fen %d orders", c.mode, c.fen, c.orders)
		want, _ := set.Rank(c.want)
		assert.Equal(t, want, rank)
	}
}
