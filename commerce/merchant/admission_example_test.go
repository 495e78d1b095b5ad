package merchant_test

import (
	"fmt"
	"time"

	"github.com/shopkit/shopkit/commerce/merchant"
)

// ExampleEvaluate checks a shop against the global-purchase tag (R1.2): every
// failed threshold is explained, not only the first.
func ExampleEvaluate() {
	rules, err := merchant.GlobalPurchaseTag(merchant.DefaultGlobalPurchaseTagConfig())
	if err != nil {
		panic(err)
	}
	shop := merchant.AdmissionFacts{
		ConsumerProtection: true,
		ShopOpenedAt:       time.Date(2025, 8, 31, 10, 0, 0, 0, time.UTC),
		SellerLevel:        merchant.SellerHeart5,
		ViolationPoints:    12,
		ListedItems:        120,
		OverseasItems:      120,
		// Conditions 5 and 6: the host's own findings.
		BuyerPreferenceMet:       true,
		OperatingRequirementsMet: true,
	}
	now := time.Date(2026, 2, 28, 10, 0, 0, 0, time.UTC) // 6 months: 31 Aug is clamped to 28 Feb
	report := merchant.Evaluate(rules, shop, now)
	fmt.Println("tagged:", report.Passed)
	for _, r := range report.Failed() {
		fmt.Println(r.Code, "-", r.Reason)
	}
	// Output:
	// tagged: false
	// merchant.admission_seller_level - seller level heart_5 is below diamond_1
	// merchant.admission_violation_points - 12 violation points; must be below 12
}
