package merchant_test

import (
	"context"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopkit/shopkit/commerce/merchant/merchanttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// NewService checks its whole config once: every missing dependency and every
// bad policy field is named in one ValidationError, so no method fails later for
// want of a store, calendar or clock (R1.1, R0.3).
func TestNewServiceValidatesConfig(t *testing.T) {
	_, err := merchant.NewService(merchant.ServiceConfig{})
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, merchant.CodeInvalidConfig, ve.Code())
	assert.Equal(t, []string{"store", "calendar", "clock", "policy.review_working_days"}, mtFields(ve))

	cfg := merchant.ServiceConfig{Store: merchanttest.NewStore(), Policy: merchant.DefaultPolicy(),
		Calendar: shopkit.DefaultCalendar(), Clock: func() time.Time { return time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) }}
	svc, err := merchant.NewService(cfg)
	require.NoError(t, err)
	assert.Equal(t, merchant.DefaultPolicy(), svc.Policy())
	_, err = svc.OverdueReviews(context.Background(), 0)
	assert.Equal(t, shopkit.CodeInvalidLimit, shopkit.CodeOf(err), "a limit below 1 is refused")
}

// R1.1: the zero Policy is invalid, DefaultPolicy is valid, and Submit validates
// the policy it is given.
func TestPolicyValidate_R1_1(t *testing.T) {
	require.NoError(t, merchant.DefaultPolicy().Validate())
	for _, days := range []int{0, -1} {
		err := merchant.Policy{ReviewWorkingDays: days}.Validate()
		var ve *shopkit.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, merchant.CodeInvalidPolicy, ve.Code())
		assert.Equal(t, "review_working_days", ve.Field)
	}
}

// R1.2: each preset's config validates itself; the zero config is invalid and the
// default one valid, and the preset's constructor refuses an invalid one.
func TestAdmissionConfigsValidate_R1_2(t *testing.T) {
	require.NoError(t, merchant.DefaultCrossBorderMarketplaceConfig().Validate())
	require.NoError(t, merchant.DefaultCrossBorderImportConfig().Validate())
	require.NoError(t, merchant.DefaultGlobalPurchaseTagConfig().Validate())
	for name, err := range map[string]error{
		"marketplace": merchant.CrossBorderMarketplaceConfig{}.Validate(),
		"import":      merchant.CrossBorderImportConfig{}.Validate(),
		"tag":         merchant.GlobalPurchaseTagConfig{}.Validate(),
	} {
		assert.Equal(t, merchant.CodeInvalidAdmissionConfig, shopkit.CodeOf(err), name)
	}
	_, err := merchant.CrossBorderMarketplace(merchant.CrossBorderMarketplaceConfig{})
	assert.Equal(t, merchant.CodeInvalidAdmissionConfig, shopkit.CodeOf(err))
	_, err = merchant.GlobalPurchaseTag(merchant.GlobalPurchaseTagConfig{})
	assert.Equal(t, merchant.CodeInvalidAdmissionConfig, shopkit.CodeOf(err))
}

// Codes lists every declared code once, each with the package's prefix.
func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range merchant.Codes() {
		assert.Regexp(t, `^merchant\.[a-z_]+$`, c)
		assert.False(t, seen[c], "%s listed twice", c)
		seen[c] = true
	}
	assert.True(t, seen[merchant.CodeWrongState] && seen[merchant.CodeWrongRole] && seen[merchant.CodeAdmissionSupplyProof])
}
