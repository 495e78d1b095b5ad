package commission_test

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commission"
)

// A 3 % + ¥0.50 plan with a ¥1.00 minimum per order, and a 2 % books category.
func ExampleSchedule_Charge() {
	rate := decimal.RequireFromString("0.03")
	minimum := shopkit.CNY(100)
	schedule, err := commission.NewSchedule(commission.RuleSet{
		ID: "2026", From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Currency: shopkit.CurrencyCNY,
		DefaultRate: decimal.RequireFromString("0.05"),
		Categories:  map[string]decimal.Decimal{"books": decimal.RequireFromString("0.02")},
		Plans: []commission.Plan{{ID: "standard", Kind: commission.PercentagePlusFixed, Rate: &rate,
			Fixed: shopkit.CNY(50), Min: &minimum}},
	})
	if err != nil {
		panic(err)
	}
	shop := uuid.MustParse("5e7f0000-0000-4000-8000-000000000001") // the merchant's ID
	order := commission.OrderRecord{OrderID: uuid.New(), MerchantID: shop,
		PaidAt: time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC),
		Lines: []commission.LineRecord{
			{Category: "toys", Paid: shopkit.CNY(1000), Quantity: 1},
			{Category: "books", Paid: shopkit.CNY(500), Quantity: 1},
		}}
	c, err := schedule.Charge(order, commission.Merchant{ID: shop}, shopkit.CNY(0))
	if err != nil {
		panic(err)
	}
	fmt.Println("order:", c.Order.Commission, "bound:", c.Order.Bound)
	for _, l := range c.Lines {
		fmt.Println(l.Explanation.Source, l.Explanation.Rate, l.RatePart, "+", l.Share, "=", l.Commission)
	}
	reversed, _ := commission.Reversed(c.Lines[0].Commission, shopkit.CNY(500), shopkit.CNY(1000))
	fmt.Println("half of line 0 refunded reverses", reversed)
	// Output:
	// order: ¥1.00 bound: min
	// plan 0.03 ¥0.30 + ¥0.40 = ¥0.70
	// category 0.02 ¥0.10 + ¥0.20 = ¥0.30
	// half of line 0 refunded reverses ¥0.35
}
