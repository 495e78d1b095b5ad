package commission_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commission"
)

// Decoding a rule set from JSON never panics; a decoding error or a rule set that
// does not compile is a typed error with a commission.* or shopkit.* code
// (unknown plan kinds included, R4.1); a rule set that compiles round-trips:
// encoding and decoding it again gives the same JSON and the same compiled rules.
func FuzzRuleSetJSON_R4_1(f *testing.F) {
	seed, err := json.Marshal(baseRules(f))
	require.NoError(f, err)
	f.Add(seed)
	f.Add([]byte(`{"id":"x","from":"2026-01-01T00:00:00Z","default_rate":"0.1","plans":[{"id":"p","kind":"auction"}]}`))
	f.Add([]byte(`{"id":"x","from":"2026-01-01T00:00:00Z","default_rate":"1.5","plans":[{"id":"p","kind":"percentage"}]}`))
	f.Add([]byte(`{"id":"x","from":"2026-01-01T00:00:00Z","default_rate":"0.1","plans":[{"id":"t","kind":"tiered","tiers":[{"from":{"amount":5,"currency":"CNY"},"rate":"0.1"}]}]}`))
	f.Add([]byte(`{"id":"x","from":"2026-01-01T00:00:00Z","to":"2025-01-01T00:00:00Z","plans":[]}`))
	f.Add([]byte(`{"promotion":{"months":-1},"rounding":"sideways"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var rs commission.RuleSet
		if err := json.Unmarshal(b, &rs); err != nil {
			return // malformed JSON; typed errors are checked below on well-formed input
		}
		r, err := commission.CompileRuleSet(rs)
		if err != nil {
			require.NotEmpty(t, shopkit.CodeOf(err), "untyped error: %v", err)
			return
		}
		out, err := json.Marshal(r.RuleSet())
		require.NoError(t, err)
		var back commission.RuleSet
		require.NoError(t, json.Unmarshal(out, &back))
		r2, err := commission.CompileRuleSet(back)
		require.NoError(t, err, "a compiled rule set's JSON compiles again")
		again, err := json.Marshal(r2.RuleSet())
		require.NoError(t, err)
		require.JSONEq(t, string(out), string(again))
	})
}
