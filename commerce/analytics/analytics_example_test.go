package analytics_test

import (
	"fmt"
	"slices"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/analytics"
)

// Summarize streams order facts (any iter.Seq: a database cursor works the
// same) and returns count, GMV, AOV rounded half-up to the fen, and the refund
// rate as an exact decimal (R2.7).
func ExampleSummarize() {
	facts := []analytics.OrderFact{
		{Source: "search", Paid: shopkit.CNY(10000), Refunded: shopkit.CNY(2500)},
		{Source: "live", Paid: shopkit.CNY(5001)},
		{Source: "search", Paid: shopkit.CNY(0)},
	}
	s, err := analytics.Summarize(slices.Values(facts))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("orders", s.Orders, "GMV", s.GMV, "AOV", s.AOV, "refunded", s.Refunded, "refund rate", s.RefundRate)
	// Output:
	// orders 3 GMV ¥150.01 AOV ¥50.00 refunded ¥25.00 refund rate 0.1667
}
