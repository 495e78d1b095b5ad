package commerce_test

import (
	"fmt"
	"time"

	"github.com/shopkit/shopkit/commerce"
)

// ExampleEvaluate checks a shop against the global-purchase tag (R1.2): every
// failed threshold is explained, not only the first.
func ExampleEvaluate() {
	rules, err := commerce.GlobalPurchaseTag(commerce.DefaultGlobalPurchaseTagConfig())
	if err != nil {
		panic(err)
	}
	shop := commerce.AdmissionFacts{
		ConsumerProtection: true,
		ShopOpenedAt:       time.Date(2025, 8, 31, 10, 0, 0, 0, time.UTC),
		SellerLevel:        commerce.SellerHeart5,
		ViolationPoints:    12,
		ListedItems:        120,
		OverseasItems:      120,
	}
	now := time.Date(2026, 2, 28, 10, 0, 0, 0, time.UTC) // 6 months: 31 Aug is clamped to 28 Feb
	report := commerce.Evaluate(rules, shop, now)
	fmt.Println("tagged:", report.Passed)
	for _, r := range report.Failed() {
		fmt.Println(r.Code, "-", r.Reason)
	}
	// Output:
	// tagged: false
	// commerce.admission.seller_level - seller level heart_5 is below diamond_1
	// commerce.admission.violation_points - 12 violation points; must be below 12
}
