package commerce_test

import (
	"encoding/json"
	"testing"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCouponTemplateValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*commerce.CouponTemplateSpec)
		field string
	}{
		{"no name", func(s *commerce.CouponTemplateSpec) { s.Name = "" }, "name"},
		{"unknown kind", func(s *commerce.CouponTemplateSpec) { s.Kind = "bogo" }, "kind"},
		{"shop coupon without shop", func(s *commerce.CouponTemplateSpec) { s.ShopID = [16]byte{} }, "shop_id"},
		{"zero amount", func(s *commerce.CouponTemplateSpec) { s.Amount = commerce.CNY(0) }, "amount"},
		{"rate of 1", func(s *commerce.CouponTemplateSpec) {
			s.Kind, s.Amount, s.Rate = commerce.CouponPercentOff, commerce.Money{}, decimal.NewFromInt(1)
		}, "rate"},
		{"window backwards", func(s *commerce.CouponTemplateSpec) { s.ValidTo = s.ValidFrom.Add(-1) }, "valid_to"},
		{"mixed currencies", func(s *commerce.CouponTemplateSpec) { s.MinSpend = commerce.MustMoney(100, "EUR") }, "min_spend"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := cpSpec()
			tc.edit(&s)
			_, err := commerce.NewCouponTemplate(s, cpStart)
			require.ErrorIs(t, err, shopkit.ErrInvalid)
			assert.Equal(t, "commerce.invalid_coupon", shopkit.CodeOf(err))
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
	back, err := commerce.RestoreCouponTemplate(tpl.Snapshot())
	require.NoError(t, err)
	assert.Equal(t, tpl.Snapshot(), back.Snapshot())
	c := cpUse(t, tpl).Coupon
	rc, err := commerce.RestoreCoupon(c.Snapshot())
	require.NoError(t, err)
	assert.Equal(t, c.Snapshot(), rc.Snapshot())

	var k commerce.CouponKind
	require.NoError(t, json.Unmarshal([]byte(`"percent_off"`), &k))
	assert.Equal(t, commerce.CouponPercentOff, k)
	require.ErrorIs(t, json.Unmarshal([]byte(`"bogo"`), &k), shopkit.ErrInvalid)
	var st commerce.CouponState
	require.ErrorIs(t, json.Unmarshal([]byte(`"lost"`), &st), shopkit.ErrInvalid)
	var is commerce.CouponIssuer
	require.ErrorIs(t, json.Unmarshal([]byte(`"bank"`), &is), shopkit.ErrInvalid)
	assert.Contains(t, commerce.CouponDiagram(), "issued")
}
