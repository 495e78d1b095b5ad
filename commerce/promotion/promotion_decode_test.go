package promotion_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
)

// R2.4 (issue 14): what a host or a merchant's frontend sends in decodes
// strictly. A key that is not a field — a misspelt threshold, a budget, a gap
// or a stacking count — is a *shopkit.ValidationError naming the key, never a
// zero value left in force; an enum decodes only its names.
func TestStrictDecoding_R2_4(t *testing.T) {
	for _, tc := range []struct {
		name, json, code, field string
		into                    any
	}{
		{"template spec", `{"name":"x","MinSpnd":{"amount":100,"currency":"CNY"}}`, promotion.CodeInvalidCoupon, "MinSpnd", new(promotion.CouponTemplateSpec)},
		{"template scope", `{"scope":{"Categorys":["tea"]}}`, promotion.CodeInvalidCoupon, "Categorys", new(promotion.CouponTemplateSpec)},
		{"campaign spec", `{"name":"double 11","Budjet":{"amount":100,"currency":"CNY"}}`, promotion.CodeInvalidCampaign, "Budjet", new(promotion.CampaignSpec)},
		{"campaign policy", `{"MinGapp":1}`, promotion.CodeInvalidPolicy, "MinGapp", new(promotion.CampaignPolicy)},
		{"stacking policy", `{"platform":1,"shops":2}`, promotion.CodeInvalidPolicy, "shops", new(promotion.StackingPolicy)},
		{"kind", `{"kind":"bogo"}`, promotion.CodeUnknownKind, "kind", new(promotion.CouponTemplateSpec)},
		{"issuer", `{"issuer":"bank"}`, promotion.CodeUnknownIssuer, "issuer", new(promotion.CouponTemplateSpec)},
		{"state", `"lost"`, promotion.CodeUnknownState, "state", new(promotion.CouponState)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := json.Unmarshal([]byte(tc.json), tc.into)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			var ve *shopkit.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.code, ve.Code())
			require.NotEmpty(t, ve.Problems)
			assert.Contains(t, ve.Problems[0].Field, tc.field)
		})
	}

	var spec promotion.CampaignSpec
	require.NoError(t, json.Unmarshal([]byte(`{"name":"double 11","budget":{"amount":5000,"currency":"CNY"},"from":"2026-11-11T00:00:00Z","to":"2026-11-12T00:00:00Z"}`), &spec))
	assert.Equal(t, shopkit.CNY(5000), spec.Budget)
	p := promotion.DefaultCampaignPolicy()
	require.NoError(t, json.Unmarshal([]byte(`{}`), &p))
	assert.Equal(t, 7*24*time.Hour, p.MinGap, "a key left out keeps its value")
	var st promotion.StackingPolicy
	require.NoError(t, json.Unmarshal([]byte(`{"platform":2,"shop":1}`), &st))
	assert.Equal(t, promotion.StackingPolicy{Platform: 2, Shop: 1}, st)
}
