package merchant_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mtGlobalPurchaseShop passes every global-purchase threshold at mtAdmissionNow.
func mtGlobalPurchaseShop() merchant.AdmissionFacts {
	return merchant.AdmissionFacts{
		Kind: merchant.MerchantIndividual, Region: merchant.RegionMainland,
		ConsumerProtection: true,
		ShopOpenedAt:       time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC),
		SellerLevel:        merchant.SellerDiamond1,
		ViolationPoints:    11,
		ListedItems:        40, OverseasItems: 40,
		// R1.2 global purchase conditions 5 and 6, host-supplied facts.
		BuyerPreferenceMet: true, OperatingRequirementsMet: true,
	}
}

var mtAdmissionNow = time.Date(2026, 7, 15, 10, 0, 0, 0, time.UTC)

func mtGlobalPurchaseRules(t testing.TB) []merchant.AdmissionRule {
	t.Helper()
	rules, err := merchant.GlobalPurchaseTag(merchant.DefaultGlobalPurchaseTagConfig())
	require.NoError(t, err)
	return rules
}

func mtResult(t testing.TB, rep merchant.AdmissionReport, code string) merchant.RuleResult {
	t.Helper()
	for _, r := range rep.Results {
		if r.Code == code {
			return r
		}
	}
	t.Fatalf("no result for %s", code)
	return merchant.RuleResult{}
}

// R1.2 global-purchase tag: each of the six thresholds at its edge — exactly 6
// months of shop age passes and 1 ns less fails; 11 violation points pass and 12
// fail; 1 diamond passes and 5 hearts fail; 100 % overseas goods pass and 39 of 40
// fail; consumer protection and serious violations.
func TestGlobalPurchaseTagThresholds_R1_2(t *testing.T) {
	rules := mtGlobalPurchaseRules(t)
	rep := merchant.Evaluate(rules, mtGlobalPurchaseShop(), mtAdmissionNow)
	require.True(t, rep.Passed, "%v", rep.Failed())
	require.NoError(t, rep.Err())
	assert.Len(t, rep.Results, 8, "the six thresholds of conditions 1–4 and conditions 5 and 6")

	opened := time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		change func(f *merchant.AdmissionFacts)
		now    time.Time
		code   string
		pass   bool
	}{
		{"shop age exactly 6 months", func(f *merchant.AdmissionFacts) { f.ShopOpenedAt = opened }, opened.AddDate(0, 6, 0), merchant.CodeAdmissionShopAge, true},
		{"shop age 6 months less 1 ns", func(f *merchant.AdmissionFacts) { f.ShopOpenedAt = opened }, opened.AddDate(0, 6, 0).Add(-time.Nanosecond), merchant.CodeAdmissionShopAge, false},
		{"shop opening unknown", func(f *merchant.AdmissionFacts) { f.ShopOpenedAt = time.Time{} }, mtAdmissionNow, merchant.CodeAdmissionShopAge, false},
		{"11 violation points", func(f *merchant.AdmissionFacts) { f.ViolationPoints = 11 }, mtAdmissionNow, merchant.CodeAdmissionViolationPoints, true},
		{"12 violation points", func(f *merchant.AdmissionFacts) { f.ViolationPoints = 12 }, mtAdmissionNow, merchant.CodeAdmissionViolationPoints, false},
		{"1 diamond", func(f *merchant.AdmissionFacts) { f.SellerLevel = merchant.SellerDiamond1 }, mtAdmissionNow, merchant.CodeAdmissionSellerLevel, true},
		{"a crown", func(f *merchant.AdmissionFacts) { f.SellerLevel = merchant.SellerCrown3 }, mtAdmissionNow, merchant.CodeAdmissionSellerLevel, true},
		{"5 hearts", func(f *merchant.AdmissionFacts) { f.SellerLevel = merchant.SellerHeart5 }, mtAdmissionNow, merchant.CodeAdmissionSellerLevel, false},
		{"invalid level", func(f *merchant.AdmissionFacts) { f.SellerLevel = 99 }, mtAdmissionNow, merchant.CodeAdmissionSellerLevel, false},
		{"100 % overseas", func(f *merchant.AdmissionFacts) { f.ListedItems, f.OverseasItems = 40, 40 }, mtAdmissionNow, merchant.CodeAdmissionOverseasShare, true},
		{"39 of 40 overseas", func(f *merchant.AdmissionFacts) { f.ListedItems, f.OverseasItems = 40, 39 }, mtAdmissionNow, merchant.CodeAdmissionOverseasShare, false},
		{"no listed items", func(f *merchant.AdmissionFacts) { f.ListedItems, f.OverseasItems = 0, 0 }, mtAdmissionNow, merchant.CodeAdmissionOverseasShare, false},
		{"more overseas than listed", func(f *merchant.AdmissionFacts) { f.ListedItems, f.OverseasItems = 3, 4 }, mtAdmissionNow, merchant.CodeAdmissionOverseasShare, false},
		{"no consumer protection", func(f *merchant.AdmissionFacts) { f.ConsumerProtection = false }, mtAdmissionNow, merchant.CodeAdmissionConsumerProtection, false},
		{"serious violation", func(f *merchant.AdmissionFacts) { f.SeriousViolation = true }, mtAdmissionNow, merchant.CodeAdmissionSeriousViolation, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := mtGlobalPurchaseShop()
			c.change(&f)
			rep := merchant.Evaluate(rules, f, c.now)
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
	f.SellerLevel = merchant.SellerHeart2
	rep := merchant.Evaluate(mtGlobalPurchaseRules(t), f, mtAdmissionNow)
	assert.Equal(t, []string{merchant.CodeAdmissionSellerLevel, merchant.CodeAdmissionViolationPoints,
		merchant.CodeAdmissionSeriousViolation}, rep.FailedCodes())
	err := rep.Err()
	require.ErrorIs(t, err, shopkit.ErrNotAllowed)
	assert.Equal(t, merchant.CodeAdmissionFailed, shopkit.CodeOf(err))
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
	rule := merchant.MinShopAge(6)
	for _, c := range cases {
		assert.Equal(t, c.sixMonths, merchant.AddCalendarMonths(c.opened, 6), c.opened)
		f := merchant.AdmissionFacts{ShopOpenedAt: c.opened}
		assert.True(t, rule.Check(f, c.sixMonths).Passed, "exactly 6 months after %s", c.opened)
		assert.False(t, rule.Check(f, c.sixMonths.Add(-time.Nanosecond)).Passed, "1 ns before")
	}
	assert.Equal(t, time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC),
		merchant.AddCalendarMonths(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), 2), "across a year end")
	assert.Equal(t, time.Date(2025, 11, 30, 0, 0, 0, 0, time.UTC),
		merchant.AddCalendarMonths(time.Date(2026, 5, 31, 0, 0, 0, 0, time.UTC), -6), "backwards")
}

// R1.2 company only: individual businesses (个体户) and individuals are refused with
// distinct reasons under one code.
func TestCompanyOnly_R1_2(t *testing.T) {
	cases := []struct {
		kind   merchant.Kind
		pass   bool
		reason string
	}{
		{merchant.MerchantCompany, true, "company"},
		{merchant.MerchantIndividualBusiness, false, "个体户"},
		{merchant.MerchantIndividual, false, "individuals"},
		{"", false, "unknown"},
	}
	for _, c := range cases {
		rep := merchant.Evaluate(merchant.CompanyOnly(), merchant.AdmissionFacts{Kind: c.kind}, mtAdmissionNow)
		assert.Equal(t, c.pass, rep.Passed, c.kind)
		require.Len(t, rep.Results, 1)
		assert.Equal(t, merchant.CodeAdmissionCompany, rep.Results[0].Code)
		assert.Contains(t, rep.Results[0].Reason, c.reason)
	}
}

// R1.2 cross-border marketplace: company, destination-law attestation, rating and
// capital at their thresholds, invitation.
func TestCrossBorderMarketplace_R1_2(t *testing.T) {
	cfg := merchant.DefaultCrossBorderMarketplaceConfig()
	assert.Equal(t, 14*24*time.Hour, cfg.ReviewMin, "review 2–4 weeks")
	assert.Equal(t, 28*24*time.Hour, cfg.ReviewMax)
	rules, err := merchant.CrossBorderMarketplace(cfg)
	require.NoError(t, err)
	ok := merchant.AdmissionFacts{
		Kind: merchant.MerchantCompany, Region: merchant.RegionMainland, DestinationLawAttested: true,
		OtherPlatformRating: decimal.RequireFromString("4.5"), RegisteredCapital: shopkit.CNY(1_000_000_00), Invited: true,
	}
	rep := merchant.Evaluate(rules, ok, mtAdmissionNow)
	require.True(t, rep.Passed, "%v", rep.Failed())

	bad := ok
	bad.OtherPlatformRating = decimal.RequireFromString("4.49")
	bad.RegisteredCapital = shopkit.CNY(1_000_000_00 - 1)
	bad.Invited = false
	bad.DestinationLawAttested = false
	rep = merchant.Evaluate(rules, bad, mtAdmissionNow)
	assert.Equal(t, []string{merchant.CodeAdmissionDestinationLaw, merchant.CodeAdmissionRating,
		merchant.CodeAdmissionCapital, merchant.CodeAdmissionInvitation}, rep.FailedCodes())

	eur, err := shopkit.NewMoney(5_000_000_00, "EUR")
	require.NoError(t, err)
	bad = ok
	bad.RegisteredCapital = eur
	r := mtResult(t, merchant.Evaluate(rules, bad, mtAdmissionNow), merchant.CodeAdmissionCapital)
	assert.False(t, r.Passed, "no silent currency conversion")
	assert.Contains(t, r.Reason, "convert")

	cfg.MinRating = decimal.NewFromInt(-1)
	cfg.ReviewMax = time.Hour
	_, err = merchant.CrossBorderMarketplace(cfg)
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, merchant.CodeInvalidAdmissionConfig, ve.Code())
	assert.Len(t, ve.Problems, 2)
}

// AllOf, AnyOf and custom rules compose; a nil rule fails instead of panicking.
func TestAdmissionCombinators_R1_2(t *testing.T) {
	hk := merchant.AdmissionFacts{Region: merchant.RegionHongKong, Kind: merchant.MerchantCompany}
	greaterChina := merchant.AnyOf("host.greater_china",
		merchant.RequireRegion(merchant.RegionHongKong), merchant.RequireRegion(merchant.RegionMacau))
	assert.True(t, greaterChina.Check(hk, mtAdmissionNow).Passed)
	res := greaterChina.Check(merchant.AdmissionFacts{Region: merchant.RegionOverseas}, mtAdmissionNow)
	assert.False(t, res.Passed)
	assert.Equal(t, "host.greater_china", res.Code)
	assert.Contains(t, res.Reason, " or ")
	assert.False(t, merchant.AnyOf("x").Check(hk, mtAdmissionNow).Passed)

	both := merchant.AllOf("host.hk_company", merchant.RequireCompany(), merchant.RequireRegion(merchant.RegionHongKong))
	assert.True(t, both.Check(hk, mtAdmissionNow).Passed)
	res = both.Check(merchant.AdmissionFacts{Region: merchant.RegionHongKong}, mtAdmissionNow)
	assert.False(t, res.Passed)
	assert.Contains(t, res.Reason, "legal form is unknown")

	custom := merchant.NewAdmissionRule("host.admission.no_pets", func(f merchant.AdmissionFacts, _ time.Time) (bool, string) {
		return f.ListedItems < 100, "fewer than 100 items"
	})
	rep := merchant.Evaluate([]merchant.AdmissionRule{custom, nil}, hk, mtAdmissionNow)
	assert.Equal(t, []string{merchant.CodeAdmissionInvalidRule}, rep.FailedCodes())
	assert.True(t, merchant.Evaluate(nil, hk, mtAdmissionNow).Passed, "no rules, nothing to fail")
}

// SellerLevel is ordered and prints as tier and count.
func TestSellerLevel_R1_2(t *testing.T) {
	assert.Less(t, merchant.SellerHeart5, merchant.SellerDiamond1)
	assert.Less(t, merchant.SellerDiamond5, merchant.SellerCrown1)
	assert.Less(t, merchant.SellerCrown5, merchant.SellerGoldCrown1)
	for l := merchant.SellerNoLevel; l <= merchant.SellerGoldCrown5; l++ {
		b, err := l.MarshalText()
		require.NoError(t, err)
		var back merchant.SellerLevel
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, l, back, string(b))
	}
	assert.Equal(t, "diamond_1", merchant.SellerDiamond1.String())
	assert.Equal(t, "gold_crown_5", merchant.SellerGoldCrown5.String())
	assert.Equal(t, "none", merchant.SellerNoLevel.String())
	var l merchant.SellerLevel
	err := l.UnmarshalText([]byte("diamond"))
	assert.Equal(t, merchant.CodeInvalidSellerLevel, shopkit.CodeOf(err))
	assert.True(t, errors.Is(err, shopkit.ErrInvalid))
}

// Global-purchase config validation lists each bad threshold.
func TestGlobalPurchaseTagConfig_R1_2(t *testing.T) {
	cfg := merchant.DefaultGlobalPurchaseTagConfig()
	assert.Equal(t, 6, cfg.MinShopAgeMonths)
	assert.Equal(t, merchant.SellerDiamond1, cfg.MinSellerLevel)
	assert.Equal(t, 12, cfg.ViolationPointsBelow)
	assert.True(t, cfg.MinOverseasShare.Equal(decimal.NewFromInt(1)), "100 %")
	assert.Equal(t, 24*time.Hour, cfg.EvaluateEvery, "evaluated daily")

	cfg.MinShopAgeMonths = -1
	cfg.MinSellerLevel = 21
	cfg.ViolationPointsBelow = 0
	cfg.MinOverseasShare = decimal.RequireFromString("1.01")
	_, err := merchant.GlobalPurchaseTag(cfg)
	var ve *shopkit.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Len(t, ve.Problems, 4)

	// A lower share is a host's choice: 95 % of 40 is 38.
	cfg = merchant.DefaultGlobalPurchaseTagConfig()
	cfg.MinOverseasShare = decimal.RequireFromString("0.95")
	rules, err := merchant.GlobalPurchaseTag(cfg)
	require.NoError(t, err)
	f := mtGlobalPurchaseShop()
	f.OverseasItems = 38
	assert.True(t, merchant.Evaluate(rules, f, mtAdmissionNow).Passed)
	f.OverseasItems = 37
	rep := merchant.Evaluate(rules, f, mtAdmissionNow)
	assert.Equal(t, []string{merchant.CodeAdmissionOverseasShare}, rep.FailedCodes())
	assert.True(t, strings.Contains(rep.Failed()[0].Reason, "95 %"), rep.Failed()[0].Reason)
}
