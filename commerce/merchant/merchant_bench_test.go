package merchant_test

import (
	"testing"
	"time"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/merchant"
)

// BenchmarkMerchantApprove measures a checked transition through the aggregate:
// table check, terms validation, state change, audit entry and notify effect.
func BenchmarkMerchantApprove(b *testing.B) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	base := mtSubmitted(b, at)
	base.MarkSaved()
	terms := merchant.Terms{Deposit: shopkit.CNY(5_000_00), CommissionPlanID: "services-standard"}
	const batch = 1024
	pool := make([]*merchant.Merchant, 0, batch)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if len(pool) == 0 {
			b.StopTimer()
			for j := 0; j < batch; j++ {
				pool = append(pool, base.Clone())
			}
			b.StartTimer()
		}
		m := pool[len(pool)-1]
		pool = pool[:len(pool)-1]
		if err := m.Approve(mtReviewer, at, terms, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMerchantChooseCategories measures a checked self-transition of a draft.
func BenchmarkMerchantChooseCategories(b *testing.B) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	base := mtDraft(b, at)
	cats := []string{"维修"}
	m := base.Clone()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%1024 == 0 { // keep the journal from growing without bound
			b.StopTimer()
			m = base.Clone()
			b.StartTimer()
		}
		if err := m.ChooseCategories(mtApplicant, at, cats); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluateGlobalPurchaseTag measures the daily tag evaluation of one shop
// (R1.2).
func BenchmarkEvaluateGlobalPurchaseTag(b *testing.B) {
	rules := mtGlobalPurchaseRules(b)
	f := mtGlobalPurchaseShop()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if !merchant.Evaluate(rules, f, mtAdmissionNow).Passed {
			b.Fatal("should pass")
		}
	}
}
