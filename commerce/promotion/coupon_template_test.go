package promotion_test

import (
	"encoding/json"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/promotion"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCouponTemplateValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*promotion.CouponTemplateSpec)
		field string
	}{
		{"no name", func(s *promotion.CouponTemplateSpec) { s.Name = "" }, "name"},
		{"unknown kind", func(s *promotion.CouponTemplateSpec) { s.Kind = "bogo" }, "kind"},
		{"shop coupon without shop", func(s *promotion.CouponTemplateSpec) { s.ShopID = [16]byte{} }, "shop_id"},
		{"zero amount", func(s *promotion.CouponTemplateSpec) { s.Amount = shopkit.CNY(0) }, "amount"},
		{"rate of 1", func(s *promotion.CouponTemplateSpec) {
			s.Kind, s.Amount, s.Rate = promotion.CouponPercentOff, shopkit.Money{}, decimal.NewFromInt(1)
		}, "rate"},
		{"window backwards", func(s *promotion.CouponTemplateSpec) { s.ValidTo = s.ValidFrom.Add(-1) }, "valid_to"},
		{"mixed currencies", func(s *promotion.CouponTemplateSpec) { s.MinSpend = shopkit.MustMoney(100, "EUR") }, "min_spend"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := cpSpec()
			tc.edit(&s)
			_, err := promotion.NewCouponTemplate(shopkit.SystemActor(), s, cpStart)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, promotion.CodeInvalidCoupon, shopkit.CodeOf(err))
			var v *shopkit.ValidationError
			require.ErrorAs(t, err, &v)
			fields := []string{}
			for _, p := range v.Problems {
				fields = append(fields, p.Field)
			}
			assert.Contains(t, fields, tc.field)
		})
	}
}

// Templates and coupons round-trip through their snapshots; the enums reject
// unknown values in JSON.
func TestCouponSnapshotsAndCodecs(t *testing.T) {
	tpl := cpTemplate(t, nil)
	back, err := promotion.RestoreCouponTemplate(tpl.Snapshot())
	require.NoError(t, err)
	assert.Equal(t, tpl.Snapshot(), back.Snapshot())
	c := cpUse(t, tpl).Coupon
	rc, err := promotion.RestoreCoupon(c.Snapshot())
	require.NoError(t, err)
	assert.Equal(t, c.Snapshot(), rc.Snapshot())

	var k promotion.CouponKind
	require.NoError(t, json.Unmarshal([]byte(`"percent_off"`), &k))
	assert.Equal(t, promotion.CouponPercentOff, k)
	require.ErrorIs(t, json.Unmarshal([]byte(`"bogo"`), &k), shopkit.ErrInvalid)
	var st promotion.CouponState
	require.ErrorIs(t, json.Unmarshal([]byte(`"lost"`), &st), shopkit.ErrInvalid)
	var is promotion.CouponIssuer
	require.ErrorIs(t, json.Unmarshal([]byte(`"bank"`), &is), shopkit.ErrInvalid)
	assert.Contains(t, promotion.CouponDiagram(cpSpec()), "issued")
}
