package commission_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commission"
)

// Bad rule sets are typed errors with stable codes and compile nothing (R4.1, R4.3).
func TestRuleSet_BadInput_R4_1(t *testing.T) {
	cases := []struct {
		name string
		edit func(rs *commission.RuleSet)
		code string
		kind error
	}{
		{"negative rate", func(rs *commission.RuleSet) { rs.Plans[0].Rate = decp("-0.0001") }, commission.CodeInvalidRate, shopkit.ErrInvalid},
		{"rate above 100 %", func(rs *commission.RuleSet) { rs.Categories["books"] = dec("1.0000001") }, commission.CodeInvalidRate, shopkit.ErrInvalid},
		{"negative default", func(rs *commission.RuleSet) { rs.DefaultRate = dec("-0.01") }, commission.CodeInvalidRate, shopkit.ErrInvalid},
		{"listing above 100 %", func(rs *commission.RuleSet) {
			rs.Listings = map[uuid.UUID]decimal.Decimal{uuid.New(): dec("1.01")}
		}, commission.CodeInvalidRate, shopkit.ErrInvalid},
		{"min above max", func(rs *commission.RuleSet) { rs.Plans[2].Min = cny(2001) }, commission.CodeMinAboveMax, shopkit.ErrInvalid},
		{"tiers unordered", func(rs *commission.RuleSet) {
			rs.Plans[3].Tiers[2].From = shopkit.CNY(1_000_000)
		}, commission.CodeUnorderedTiers, shopkit.ErrInvalid},
		{"first tier above zero", func(rs *commission.RuleSet) {
			rs.Plans[3].Tiers[0].From = shopkit.CNY(1)
		}, commission.CodeUnorderedTiers, shopkit.ErrInvalid},
		{"unknown kind", func(rs *commission.RuleSet) { rs.Plans[0].Kind = "auction" }, commission.CodeUnknownPlanKind, shopkit.ErrInvalid},
		{"fixed plan without fee", func(rs *commission.RuleSet) { rs.Plans[1].Fixed = shopkit.CNY(0) }, commission.CodeInvalidPlan, shopkit.ErrInvalid},
		{"duplicate plan", func(rs *commission.RuleSet) { rs.Plans[1].ID = "pct" }, commission.CodeDuplicatePlan, shopkit.ErrInvalid},
		{"to before from", func(rs *commission.RuleSet) { rs.To = rs.From }, commission.CodeInvalidRuleSet, shopkit.ErrInvalid},
		{"zero promotion months", func(rs *commission.RuleSet) { rs.Promotion.Months = 0 }, commission.CodeInvalidPromotion, shopkit.ErrInvalid},
		{"fee in another currency", func(rs *commission.RuleSet) { rs.Plans[1].Fixed = shopkit.MustMoney(200, "EUR") }, commission.CodeCurrencyMismatch, shopkit.ErrCurrencyMismatch},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs := baseRules(t)
			c.edit(&rs)
			_, err := commission.CompileRuleSet(rs)
			require.ErrorIs(t, err, c.kind)
			assert.Equal(t, c.code, shopkit.CodeOf(err))
			assert.Contains(t, err.Error(), "commission")
		})
	}
	// The edges themselves are valid: 0 and exactly 100 %, min equal to max.
	rs := baseRules(t)
	rs.DefaultRate = dec("1")
	rs.Plans[0].Rate = decp("0")
	rs.Plans[2].Min = cny(2000)
	require.NoError(t, rs.Validate())
}

// Overlapping effective ranges are rejected, down to one nanosecond; touching
// ranges are fine (R4.3).
func TestSchedule_Overlap_R4_3(t *testing.T) {
	a := baseRules(t)
	a.To = at(t, "2026-07-01 00:00:00")
	b := baseRules(t)
	b.ID, b.From = "2026H2", a.To.Add(-time.Nanosecond)
	_, err := commission.NewSchedule(b, a)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, commission.CodeOverlappingRules, shopkit.CodeOf(err))

	b.From = a.To
	_, err = commission.NewSchedule(b, a)
	require.NoError(t, err)

	open := baseRules(t) // open-ended, overlaps everything after
	open.ID = "open"
	_, err = commission.NewSchedule(open, b)
	assert.Equal(t, commission.CodeOverlappingRules, shopkit.CodeOf(err))
}

// Unknown plan kinds in JSON fail to decode with a stable code; a rule set
// round-trips through JSON.
func TestRuleSet_JSON_R4_1(t *testing.T) {
	rs := baseRules(t)
	b, err := json.Marshal(rs)
	require.NoError(t, err)
	var back commission.RuleSet
	require.NoError(t, json.Unmarshal(b, &back))
	require.NoError(t, back.Validate())
	assert.JSONEq(t, string(b), string(must(json.Marshal(back))))

	bad := []byte(`{"id":"p","kind":"auction"}`)
	var p commission.Plan
	err = json.Unmarshal(bad, &p)
	require.ErrorIs(t, err, shopkit.ErrInvalid)
	assert.Equal(t, commission.CodeUnknownPlanKind, shopkit.CodeOf(err))

	_, err = json.Marshal(commission.Plan{ID: "p", Kind: "auction"})
	require.Error(t, err)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
