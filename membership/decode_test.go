package membership_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/membership"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// settingsPage is a tier set as a shop's settings page sends it.
const settingsPage = `{
	"currency": "CNY",
	"mode": "either",
	"rounding": "half_up",
	"window": "PT8760H",
	"excluded_categories": ["gift-cards"],
	"tiers": [
		{"name": "Silver", "min_amount": {"amount": 100000, "currency": "CNY"}, "min_orders": 3,
		 "benefits": {"discount_rate": "0.98", "gifts": ["birthday gift"]}},
		{"name": "Gold", "min_amount": {"amount": 500000, "currency": "CNY"}, "min_orders": 10,
		 "benefits": {"discount_rate": "0.95", "priority_service": true, "member_only_access": true}}
	]
}`

// R5.1: a tier set decodes from the settings page's JSON and builds; its JSON
// form round-trips.
func TestTierSetConfigJSONR5_1(t *testing.T) {
	var cfg membership.TierSetConfig
	require.NoError(t, json.Unmarshal([]byte(settingsPage), &cfg))
	set, err := membership.NewTierSet(cfg)
	require.NoError(t, err)
	assert.Equal(t, membership.ByEither, set.Mode())
	assert.Equal(t, 365*24*time.Hour, set.Window())
	gold, ok := set.Tier(2)
	require.True(t, ok)
	assert.Equal(t, shopkit.CNY(5000_00), gold.MinAmount)
	assert.True(t, gold.Benefits.MemberOnlyAccess)
	assert.Equal(t, "0.95", gold.Benefits.DiscountRate.String())

	b, err := json.Marshal(cfg)
	require.NoError(t, err)
	var back membership.TierSetConfig
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, cfg, back)
}

// R5.1: a key that is not a field, at any depth, or a value of the wrong JSON
// type is a ValidationError naming it (CodeInvalidTierSetConfig), so a
// misspelt threshold never leaves a zero threshold in force; enumerations
// decode only their names. On error the config is unchanged.
func TestTierSetConfigJSONIsStrictR5_1(t *testing.T) {
	for _, tc := range []struct {
		name, json, code, field string
	}{
		{"unknown key", `{"windw": 1}`, membership.CodeInvalidTierSetConfig, "windw"},
		{"unknown tier key", `{"tiers": [{"name": "Gold", "min_amout": {"amount": 1, "currency": "CNY"}}]}`,
			membership.CodeInvalidTierSetConfig, "min_amout"},
		{"unknown benefit key", `{"tiers": [{"name": "Gold", "benefits": {"discount": "0.9"}}]}`,
			membership.CodeInvalidTierSetConfig, "discount"},
		{"wrong type", `{"tiers": [{"name": "Gold", "min_orders": "3"}]}`, membership.CodeInvalidTierSetConfig, "min_orders"},
		{"wrong type at the top", `{"tiers": {}}`, membership.CodeInvalidTierSetConfig, "tiers"},
		{"unknown mode", `{"mode": "often"}`, membership.CodeUnknownThresholdMode, "mode"},
		{"unknown rounding", `{"rounding": "nearest"}`, shopkit.CodeUnknownRoundingMode, "rounding_mode"},
		{"money without currency", `{"tiers": [{"name": "Gold", "min_amount": {"amount": 1}}]}`,
			shopkit.CodeInvalidMoneyJson, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := membership.TierSetConfig{Mode: membership.ByAmount, Tiers: tiers(membership.ByAmount)}
			before := cfg
			before.Tiers = tiers(membership.ByAmount)
			err := json.Unmarshal([]byte(tc.json), &cfg)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, tc.code, shopkit.CodeOf(err), "%v", err)
			if tc.field != "" {
				var ve *shopkit.ValidationError
				require.ErrorAs(t, err, &ve)
				assert.Contains(t, ve.Field, tc.field)
			}
			assert.Equal(t, before, cfg, "a refused decode leaves the config as it was")
		})
	}
}

// R5.1: keys the JSON leaves out keep their value, except inside a tier, which
// is decoded whole.
func TestTierSetConfigJSONOverlays(t *testing.T) {
	listing := uuid.MustParse("00000000-0000-4000-8000-000000000001")
	cfg := membership.TierSetConfig{Mode: membership.ByAmount, Tiers: tiers(membership.ByAmount),
		ExcludedListings: []uuid.UUID{listing}}
	require.NoError(t, json.Unmarshal([]byte(`{"tiers": [{"name": "Only", "min_amount": {"amount": 1, "currency": "CNY"},
		"benefits": {"discount_rate": "0.9"}}]}`), &cfg))
	assert.Equal(t, membership.ByAmount, cfg.Mode)
	assert.Equal(t, []uuid.UUID{listing}, cfg.ExcludedListings)
	require.Len(t, cfg.Tiers, 1)
	assert.Empty(t, cfg.Tiers[0].Benefits.Gifts, "not Silver's gifts: the tier is decoded whole")
	_, err := membership.NewTierSet(cfg)
	require.NoError(t, err)
}
