package commerce_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mtGlobalPurchaseShop passes every global-purchase threshold at mtAdmissionNow.
func mtGlobalPurchaseShop() commerce.AdmissionFacts {
	return commerce.AdmissionFacts{
		Kind: commerce.MerchantIndividual, Region: commerce.RegionMainland,
		ConsumerProtection: true,
		ShopOpenedAt:       time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC),
		SellerLevel:        commerce.SellerDiamond1,
		ViolationPoints:    11,
		ListedItems:        40, OverseasItems: 40,
	}
}

var mtAdmissionNow = time.Date(2026, 7, 15, 10, 0, 0, 0, time.UTC)

func mtGlobalPurchaseRules(t testing.TB) []commerce.AdmissionRule {
	t.Helper()
	rules, err := commerce.GlobalPurchaseTag(commerce.DefaultGlobalPurchaseTagConfig())
	require.NoError(t, err)
	return rules
}

func mtResult(t testing.TB, rep commerce.AdmissionReport, code string) commerce.RuleResult {
	t.Helper()
	for _, r := range rep.Results {
		if r.Code == code {
			return r
		}
	}
	t.Fatalf("no result for %s", code)
	return commerce.RuleResult{}
}

// R1.2 global-purchase tag: each of the six thresholds at its edge — exactly 6
// months of shop age passes and 1 ns less fails; 11 violation points pass and 12
// fail; 1 diamond passes and 5 hearts fail; 100 % overseas goods pass and 39 of 40
// fail; consumer protection and serious violations.
func TestGlobalPurchaseTagThresholds_R1_2(t *testing.T) {
	rules := mtGlobalPurchaseRules(t)
	rep := commerce.Evaluate(rules, mtGlobalPurchaseShop(), mtAdmissionNow)
	require.True(t, rep.Passed, "%v", rep.Failed())
	require.NoError(t, rep.Err())
	assert.Len(t, rep.Results, 6, "six thresholds")

	opened := time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		change func(f *commerce.AdmissionFacts)
		now    time.Time
		code   string
		pass   bool
	}{
		{"shop age exactly 6 months", func(f *commerce.AdmissionFacts) { f.ShopOpenedAt = opened }, opened.AddDate(0, 6, 0), "commerce.admission.shop_age", true},
		{"shop age 6 months less 1 ns", func(f *commerce.AdmissionFacts) { f.ShopOpenedAt = opened }, opened.AddDate(0, 6, 0).Add(-time.Nanosecond), "commerce.admission.shop_age", false},
		{"shop opening unknown", func(f *commerce.AdmissionFacts) { f.ShopOpenedAt = time.Time{} }, mtAdmissionNow, "commerce.admission.shop_age", false},
		{"11 violation points", func(f *commerce.AdmissionFacts) { f.ViolationPoints = 11 }, mtAdmissionNow, "commerce.admission.violation_points", true},
		{"12 violation points", func(f *commerce.AdmissionFacts) { f.ViolationPoints = 12 }, mtAdmissionNow, "commerce.admission.violation_points", false},
		{"1 diamond", func(f *commerce.AdmissionFacts) { f.SellerLevel = commerce.SellerDiamond1 }, mtAdmissionNow, "commerce.admission.seller_level", true},
		{"a crown", func(f *commerce.AdmissionFacts) { f.SellerLevel = commerce.SellerCrown3 }, mtAdmissionNow, "commerce.admission.seller_level", true},
		{"5 hearts", func(f *commerce.AdmissionFacts) { f.SellerLevel = commerce.SellerHeart5 }, mtAdmissionNow, "commerce.admission.seller_level", false},
		{"invalid level", func(f *commerce.AdmissionFacts) { f.SellerLevel = 99 }, mtAdmissionNow, "commerce.admission.seller_level", false},
		{"100 % overseas", func(f *commerce.AdmissionFacts) { f.ListedItems, f.OverseasItems = 40, 40 }, mtAdmissionNow, "commerce.admission.overseas_share", true},
		{"39 of 40 overseas", func(f *commerce.AdmissionFacts) { f.ListedItems, f.OverseasItems = 40, 39 }, mtAdmissionNow, "commerce.admission.overseas_share", false},
		{"no listed items", func(f *commerce.AdmissionFacts) { f.ListedItems, f.OverseasItems = 0, 0 }, mtAdmissionNow, "commerce.admission.overseas_share", false},
		{"more overseas than listed", func(f *commerce.AdmissionFacts) { f.ListedItems, f.OverseasItems = 3, 4 }, mtAdmissionNow, "commerce.admission.overseas_share", false},
		{"no consumer protection", func(f *commerce.AdmissionFacts) { f.ConsumerProtection = false }, mtAdmissionNow, "commerce.admission.consumer_protection", false},
		{"serious violation", func(f *commerce.AdmissionFacts) { f.SeriousViolation = true }, mtAdmissionNow, "commerce.admission.serious_violation", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := mtGlobalPurchaseShop()
			c.change(&f)
			rep := commerce.Evaluate(rules, f, c.now)
			r := mtResult(t, rep, c.code)
			assert.Equal(t, c.pass, r.Passed, r.Reason)
			assert.NotEmpty(t, r.Reason)
			if !c.pass {
				assert.Equal(t, []string{c.code}, rep.FailedCodes(), "only the rule at its edge fails")
				assert.False(t, rep.Passed)
			}
		})
	}
}

// R1.2: an evaluation explains every failed rule, not only the first.
func TestEvaluateExplainsEveryFailure_R1_2(t *testing.T) {
	f := mtGlobalPurchaseShop()
	f.ViolationPoints = 12
	f.SeriousViolation = true
	f.SellerLevel = commerce.SellerHeart2
	rep := commerce.Evaluate(mtGlobalPurchaseRules(t), f, mtAdmissionNow)
	assert.Equal(t, []string{"commerce.admission.seller_level", "commerce.admission.violation_points",
		"commerce.admission.serious_violation"}, rep.FailedCodes())
	err := rep.Err()
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, "commerce.admission_failed", shopkit.CodeOf(err))
	for _, r := range rep.Failed() {
		assert.Contains(t, err.Error(), r.Reason)
	}
	assert.Contains(t, err.Error(), "12 violation points; must be below 12")
}

// R1.2: shop age is counted in calendar months; a day missing from the target
// month is clamped to its last day (31 Aug + 6 months is 28 Feb, or 29 in a leap
// year), so such a shop qualifies on that day at the opening time, not before.
func TestShopAgeMonthArithmetic_R1_2(t *testing.T) {
	cases := []struct {
		opened, sixMonths time.Time
	}{
		{time.Date(2025, 8, 31, 10, 0, 0, 0, time.UTC), time.Date(2026, 2, 28, 10, 0, 0, 0, time.UTC)},
		{time.Date(2023, 8, 31, 10, 0, 0, 0, time.UTC), time.Date(2024, 2, 29, 10, 0, 0, 0, time.UTC)},
		{time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)},
		{time.Date(2026, 7, 15, 8, 30, 0, 0, time.UTC), time.Date(2027, 1, 15, 8, 30, 0, 0, time.UTC)},
	}
	rule := commerce.MinShopAge(6)
	for _, c := range cases {
		assert.Equal(t, c.sixMonths, commerce.AddCalendarMonths(c.opened, 6), c.opened)
		f := commerce.AdmissionFacts{ShopOpenedAt: c.opened}
		assert.True(t, rule.Check(f, c.sixMonths).Passed, "exactly 6 months after %s", c.opened)
		assert.False(t, rule.Check(f, c.sixMonths.Add(-time.Nanosecond)).Passed, "1 ns before")
	}
	assert.Equal(t, time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC),
		commerce.AddCalendarMonths(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), 2), "across a year end")
	assert.Equal(t, time.Date(2025, 11, 30, 0, 0, 0, 0, time.UTC),
		commerce.AddCalendarMonths(time.Date(2026, 5, 31, 0, 0, 0, 0, time.UTC), -6), "backwards")
}

// R1.2 company only: individual businesses (个体户) and individuals are refused with
// distinct reasons under one code.
func TestCompanyOnly_R1_2(t *testing.T) {
	cases := []struct {
		kind   commerce.MerchantKind
		pass   bool
		reason string
	}{
		{commerce.MerchantCompany, true, "company"},
		{commerce.MerchantIndividualBusiness, false, "个体户"},
		{commerce.MerchantIndividual, false, "individuals"},
		{"", false, "unknown"},
	}
	for _, c := range cases {
		rep := commerce.Evaluate(commerce.CompanyOnly(), commerce.AdmissionFacts{Kind: c.kind}, mtAdmissionNow)
		assert.Equal(t, c.pass, rep.Passed, c.kind)
		require.Len(t, rep.Results, 1)
		assert.Equal(t, "commerce.admission.company", rep.Results[0].Code)
		assert.Contains(t, rep.Results[0].Reason, c.reason)
	}
}

// R1.2 cross-border marketplace: company, destination-law attestation, rating and
// capital at their thresholds, invitation.
func TestCrossBorderMarketplace_R1_2(t *testing.T) {
	cfg := commerce.DefaultCrossBorderMarketplaceConfig()
	assert.Equal(t, 14*24*time.Hour, cfg.ReviewMin, "review 2–4 weeks")
	assert.Equal(t, 28*24*time.Hour, cfg.ReviewMax)
	rules, err := commerce.CrossBorderMarketplace(cfg)
	require.NoError(t, err)
	ok := commerce.AdmissionFacts{
		Kind: commerce.MerchantCompany, Region: commerce.RegionMainland, DestinationLawAttested: true,
		OtherPlatformRating: decimal.RequireFromString("4.5"), RegisteredCapital: commerce.CNY(1_000_000_00), Invited: true,
	}
	rep := commerce.Evaluate(rules, ok, mtAdmissionNow)
	require.True(t, rep.Passed, "%v", rep.Failed())

	bad := ok
	bad.OtherPlatformRating = decimal.RequireFromString("4.49")
	bad.RegisteredCapital = commerce.CNY(1_000_000_00 - 1)
	bad.Invited = false
	bad.DestinationLawAttested = false
	rep = commerce.Evaluate(rules, bad, mtAdmissionNow)
	assert.Equal(t, []string{"commerce.admission.destination_law", "commerce.admission.rating",
		"commerce.admission.capital", "commerce.admission.invitation"}, rep.FailedCodes())

	eur, err := commerce.NewMoney(5_000_000_00, "EUR")
	require.NoError(t, err)
	bad = ok
	bad.RegisteredCapital = eur
	r := mtResult(t, commerce.Evaluate(rules, bad, mtAdmissionNow), "commerce.admission.capital")
	assert.False(t, r.Passed, "no silent currency conversion")
	assert.Contains(t, r.Reason, "convert")

	cfg.MinRating = decimal.NewFromInt(-1)
	cfg.ReviewMax = time.Hour
	_, err = commerce.CrossBorderMarketplace(cfg)
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "commerce.invalid_admission_config", ve.Code())
	assert.Len(t, ve.Problems, 2)
}

// AllOf, AnyOf and custom rules compose; a nil rule fails instead of panicking.
func TestAdmissionCombinators_R1_2(t *testing.T) {
	hk := commerce.AdmissionFacts{Region: commerce.RegionHongKong, Kind: commerce.MerchantCompany}
	greaterChina := commerce.AnyOf("commerce.admission.greater_china",
		commerce.RequireRegion(commerce.RegionHongKong), commerce.RequireRegion(commerce.RegionMacau))
	assert.True(t, greaterChina.Check(hk, mtAdmissionNow).Passed)
	res := greaterChina.Check(commerce.AdmissionFacts{Region: commerce.RegionOverseas}, mtAdmissionNow)
	assert.False(t, res.Passed)
	assert.Equal(t, "commerce.admission.greater_china", res.Code)
	assert.Contains(t, res.Reason, " or ")
	assert.False(t, commerce.AnyOf("x").Check(hk, mtAdmissionNow).Passed)

	both := commerce.AllOf("commerce.admission.hk_company", commerce.RequireCompany(), commerce.RequireRegion(commerce.RegionHongKong))
	assert.True(t, both.Check(hk, mtAdmissionNow).Passed)
	res = both.Check(commerce.AdmissionFacts{Region: commerce.RegionHongKong}, mtAdmissionNow)
	assert.False(t, res.Passed)
	assert.Contains(t, res.Reason, "legal form is unknown")

	custom := commerce.NewAdmissionRule("host.admission.no_pets", func(f commerce.AdmissionFacts, _ time.Time) (bool, string) {
		return f.ListedItems < 100, "fewer than 100 items"
	})
	rep := commerce.Evaluate([]commerce.AdmissionRule{custom, nil}, hk, mtAdmissionNow)
	assert.Equal(t, []string{"commerce.admission.invalid_rule"}, rep.FailedCodes())
	assert.True(t, commerce.Evaluate(nil, hk, mtAdmissionNow).Passed, "no rules, nothing to fail")
}

// SellerLevel is ordered and prints as tier and count.
func TestSellerLevel_R1_2(t *testing.T) {
	assert.Less(t, commerce.SellerHeart5, commerce.SellerDiamond1)
	assert.Less(t, commerce.SellerDiamond5, commerce.SellerCrown1)
	assert.Less(t, commerce.SellerCrown5, commerce.SellerGoldCrown1)
	for l := commerce.SellerNoLevel; l <= commerce.SellerGoldCrown5; l++ {
		b, err := l.MarshalText()
		require.NoError(t, err)
		var back commerce.SellerLevel
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, l, back, string(b))
	}
	assert.Equal(t, "diamond_1", commerce.SellerDiamond1.String())
	assert.Equal(t, "gold_crown_5", commerce.SellerGoldCrown5.String())
	assert.Equal(t, "none", commerce.SellerNoLevel.String())
	var l commerce.SellerLevel
	err := l.UnmarshalText([]byte("diamond"))
	assert.Equal(t, "commerce.invalid_seller_level", shopkit.CodeOf(err))
	assert.True(t, errors.Is(err, shopkit.ErrInvalid))
}

// Global-purchase config validation lists each bad threshold.
func TestGlobalPurchaseTagConfig_R1_2(t *testing.T) {
	cfg := commerce.DefaultGlobalPurchaseTagConfig()
	assert.Equal(t, 6, cfg.MinShopAgeMonths)
	assert.Equal(t, commerce.SellerDiamond1, cfg.MinSellerLevel)
	assert.Equal(t, 12, cfg.ViolationPointsBelow)
	assert.True(t, cfg.MinOverseasShare.Equal(decimal.NewFromInt(1)), "100 %")
	assert.Equal(t, 24*time.Hour, cfg.EvaluateEvery, "evaluated daily")

	cfg.MinShopAgeMonths = -1
	cfg.MinSellerLevel = 21
	cfg.ViolationPointsBelow = 0
	cfg.MinOverseasShare = decimal.RequireFromString("1.01")
	_, err := commerce.GlobalPurchaseTag(cfg)
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Len(t, ve.Problems, 4)

	// A lower share is a host's choice: 95 % of 40 is 38.
	cfg = commerce.DefaultGlobalPurchaseTagConfig()
	cfg.MinOverseasShare = decimal.RequireFromString("0.95")
	rules, err := commerce.GlobalPurchaseTag(cfg)
	require.NoError(t, err)
	f := mtGlobalPurchaseShop()
	f.OverseasItems = 38
	assert.True(t, commerce.Evaluate(rules, f, mtAdmissionNow).Passed)
	f.OverseasItems = 37
	rep := commerce.Evaluate(rules, f, mtAdmissionNow)
	assert.Equal(t, []string{"commerce.admission.overseas_share"}, rep.FailedCodes())
	assert.True(t, strings.Contains(rep.Failed()[0].Reason, "95 %"), rep.Failed()[0].Reason)
}
