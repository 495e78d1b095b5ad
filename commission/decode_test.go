package commission_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commission"
)

// ruleSetJSON is the JSON of the base rule set after edit changed its generic
// form.
func ruleSetJSON(t *testing.T, edit func(m map[string]any)) []byte {
	t.Helper()
	b, err := json.Marshal(baseRules(t))
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	edit(m)
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return out
}

func plan(m map[string]any, i int) map[string]any { return m["plans"].([]any)[i].(map[string]any) }

// R4.1, R4.3: rule-set JSON decodes strictly. A misspelt field — "ratee",
// which once vanished and left the plan on the default rate, "Rate", which
// encoding/json matches case-insensitively, a stray field in a tier or the
// promotion — is CodeUnknownField naming its path; a value of the wrong type is
// CodeInvalidJSON; a plan kind, rounding mode, currency or amount it does not
// know is that type's error with the path as its field. The rule set decoded
// into is unchanged.
func TestRuleSet_DecodesStrictly_R4_3(t *testing.T) {
	cases := []struct {
		name, code, field string
		edit              func(m map[string]any)
	}{
		{"misspelt rate", commission.CodeUnknownField, "plans[0].ratee", func(m map[string]any) {
			p := plan(m, 0)
			p["ratee"] = p["rate"]
			delete(p, "rate")
		}},
		{"capitalised rate", commission.CodeUnknownField, "plans[0].Rate", func(m map[string]any) {
			p := plan(m, 0)
			p["Rate"] = p["rate"]
			delete(p, "rate")
		}},
		{"top-level typo", commission.CodeUnknownField, "defualt_rate", func(m map[string]any) { m["defualt_rate"] = "0.2" }},
		{"tier field", commission.CodeUnknownField, "plans[3].tiers[1].to", func(m map[string]any) {
			plan(m, 3)["tiers"].([]any)[1].(map[string]any)["to"] = "x"
		}},
		{"promotion field", commission.CodeUnknownField, "promotion.month", func(m map[string]any) {
			m["promotion"].(map[string]any)["month"] = 3
		}},
		{"plan kind", commission.CodeUnknownPlanKind, "plans[0].kind", func(m map[string]any) { plan(m, 0)["kind"] = "auction" }},
		{"rounding", shopkit.CodeUnknownRoundingMode, "rounding", func(m map[string]any) { m["rounding"] = "sideways" }},
		{"currency", shopkit.CodeUnknownCurrency, "currency", func(m map[string]any) { m["currency"] = "XYZ" }},
		{"money", shopkit.CodeInvalidMoneyJson, "plans[1].fixed.amount", func(m map[string]any) {
			plan(m, 1)["fixed"] = map[string]any{"amount": 1.5, "currency": "CNY"}
		}},
		{"months as text", commission.CodeInvalidJSON, "promotion.months", func(m map[string]any) {
			m["promotion"].(map[string]any)["months"] = "three"
		}},
		{"plans as object", commission.CodeInvalidJSON, "plans", func(m map[string]any) { m["plans"] = map[string]any{} }},
		{"listing key", commission.CodeInvalidJSON, "listings.not-a-uuid", func(m map[string]any) {
			m["listings"] = map[string]any{"not-a-uuid": "0.01"}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rs := baseRules(t)
			before := rs.ID
			err := json.Unmarshal(ruleSetJSON(t, c.edit), &rs)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, c.code, shopkit.CodeOf(err))
			var ve *shopkit.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, c.field, ve.Field)
			assert.Equal(t, before, rs.ID)
			assert.Equal(t, baseRules(t).Plans[0].Rate, rs.Plans[0].Rate, "unchanged")
		})
	}

	var rs commission.RuleSet
	require.NoError(t, json.Unmarshal(ruleSetJSON(t, func(map[string]any) {}), &rs))
	require.NoError(t, rs.Validate())
	assert.Equal(t, "0.05", rs.Plans[0].Rate.String())
	var bad any = "not an object"
	b, err := json.Marshal(bad)
	require.NoError(t, err)
	assert.Equal(t, commission.CodeInvalidJSON, shopkit.CodeOf(json.Unmarshal(b, &rs)))
}

// R4.1, R4.5: every enumeration of a charge or a statement decodes only its
// names: a statement line kind, a bound, a rate source; each name round-trips
// and an unknown one does not marshal either.
func TestEnumsDecodeOnlyTheirNames_R4_5(t *testing.T) {
	for _, c := range []struct {
		name, good, bad, code string
		dst                   any
	}{
		{"line kind", `"adjustment"`, `"refund"`, commission.CodeUnknownLineKind, new(commission.LineKind)},
		{"bound", `"max"`, `"maximum"`, commission.CodeUnknownBound, new(commission.Bound)},
		{"bound none", `""`, `"none"`, commission.CodeUnknownBound, new(commission.Bound)},
		{"rate source", `"category"`, `"merchant"`, commission.CodeUnknownRateSource, new(commission.RateSource)},
	} {
		require.NoError(t, json.Unmarshal([]byte(c.good), c.dst), c.name)
		again, err := json.Marshal(c.dst)
		require.NoError(t, err, c.name)
		assert.JSONEq(t, c.good, string(again), c.name)
		err = json.Unmarshal([]byte(c.bad), c.dst)
		require.ErrorIs(t, err, shopkit.ErrInvalid, c.name)
		assert.Equal(t, c.code, shopkit.CodeOf(err), c.name)
		again2, _ := json.Marshal(c.dst)
		assert.JSONEq(t, c.good, string(again2), "%s: unchanged", c.name)
	}
	var line commission.StatementLine
	err := json.Unmarshal([]byte(`{"kind":"refund"}`), &line)
	assert.Equal(t, commission.CodeUnknownLineKind, shopkit.CodeOf(err))
	_, err = json.Marshal(commission.StatementLine{Kind: "refund"})
	assert.Error(t, err)
	_, err = json.Marshal(commission.OrderCharge{Bound: "maximum", Kind: commission.Percentage})
	assert.Error(t, err)
}
