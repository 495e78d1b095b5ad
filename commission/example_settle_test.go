package commission_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/commission/commissiontest"
)

// A rule set compiled once and applied to an order: a 5 % plan with a ¥5.00
// minimum per order. The ¥3.00 order's minimum is capped at what was paid for it
// (R4.1); the ¥19.70 order pays 5 %, rounded half-up per line (R4.4).
func ExampleCompileRuleSet() {
	five := decimal.RequireFromString("0.05")
	minimum := shopkit.CNY(500)
	rules, err := commission.CompileRuleSet(commission.RuleSet{
		ID: "2026", From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Currency: shopkit.CurrencyCNY,
		DefaultRate: five,
		Plans:       []commission.Plan{{ID: "standard", Kind: commission.Percentage, Rate: &five, Min: &minimum}},
	})
	if err != nil {
		panic(err)
	}
	paidAt := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	shop := uuid.MustParse("5e7f0000-0000-4000-8000-000000000001") // the merchant's ID
	for _, paid := range []int64{300, 1970, 15000} {
		o := commission.OrderRecord{OrderID: uuid.New(), MerchantID: shop, PaidAt: paidAt,
			Lines: []commission.LineRecord{{Category: "toys", Paid: shopkit.CNY(paid), Quantity: 1}}}
		c, err := rules.Charge(o, commission.Merchant{ID: shop, Plan: "standard"}, shopkit.CNY(0))
		if err != nil {
			panic(err)
		}
		fmt.Printf("paid %s: commission %s (bound %q)\n", c.Order.Paid, c.Order.Commission, c.Order.Bound)
	}
	// Output:
	// paid ¥3.00: commission ¥3.00 (bound "amount")
	// paid ¥19.70: commission ¥5.00 (bound "min")
	// paid ¥150.00: commission ¥7.50 (bound "")
}

// settlementExample is one September 2026 run for a merchant on a 5 % plan: an
// order of ¥100.00 with ¥20.00 of its line refunded before settlement (the
// shopkit.Refund the after-sales ledger issued), and a deposit top-up.
func settlementExample() (*commission.Settler, commission.Run) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, loc) }
	five := decimal.RequireFromString("0.05")
	schedule, err := commission.NewSchedule(commission.RuleSet{
		ID: "2026", From: day(time.January, 1), Currency: shopkit.CurrencyCNY, DefaultRate: five,
		Plans: []commission.Plan{{ID: "standard", Kind: commission.Percentage, Rate: &five}},
	})
	if err != nil {
		panic(err)
	}
	settler, err := commission.NewSettler(commission.SettlerConfig{Schedule: schedule, Store: commissiontest.NewStore(),
		Policy: commission.DefaultPolicy()})
	if err != nil {
		panic(err)
	}
	shop := uuid.MustParse("5e7f0000-0000-4000-8000-000000000001") // the merchant's ID
	orderID := uuid.MustParse("00000000-0000-0000-0000-000000000001")
	order := commission.OrderRecord{
		OrderID: orderID, MerchantID: shop,
		PaidAt: day(time.September, 2), CompletedAt: day(time.September, 5), ReturnWindowEnds: day(time.September, 12),
		Lines: []commission.LineRecord{{Category: "toys", Paid: shopkit.CNY(10000), Quantity: 2}},
		Refunds: []shopkit.Refund{{Key: "r1", OrderID: orderID, MerchantID: shop, At: day(time.September, 4),
			Amount: shopkit.CNY(2000), Lines: []shopkit.RefundLine{{Line: 0, SKU: "toy", Units: 1, Amount: shopkit.CNY(2000)}}}},
	}
	period, err := commission.NewPeriod(time.Date(2026, 9, 1, 0, 0, 0, 0, loc), time.Date(2026, 10, 1, 0, 0, 0, 0, loc))
	if err != nil {
		panic(err)
	}
	return settler, commission.Run{Period: period,
		Orders:   slices.Values([]commission.OrderRecord{order}),
		Deposits: slices.Values([]commission.DepositChange{{MerchantID: shop, Amount: shopkit.CNY(1000), At: day(time.September, 3)}}),
	}
}

// A statement run settles the order once (R4.5): net = paid − refunds − commission
// + commission reversed − advances; the deposit top-up is withheld from the payout,
// due T + 7 working days (the default calendar has no holidays; a host adds its
// own). Running the period again gives the same statement.
func ExampleSettler_Statements() {
	settler, run := settlementExample()
	for range 2 {
		sts, err := settler.Statements(context.Background(), run)
		if err != nil {
			panic(err)
		}
		for _, s := range sts {
			fmt.Println(s.MerchantID, "orders", s.Orders, "paid", s.Paid, "refunds", s.Refunds, "commission", s.Commission,
				"reversed", s.CommissionReversed, "net", s.Net, "payout", s.Payout, "due", s.PayoutDue.Format(time.DateTime))
		}
	}
	// Output:
	// 5e7f0000-0000-4000-8000-000000000001 orders 1 paid ¥100.00 refunds ¥20.00 commission ¥5.00 reversed ¥1.00 net ¥76.00 payout ¥66.00 due 2026-10-13 00:00:00
	// 5e7f0000-0000-4000-8000-000000000001 orders 1 paid ¥100.00 refunds ¥20.00 commission ¥5.00 reversed ¥1.00 net ¥76.00 payout ¥66.00 due 2026-10-13 00:00:00
}

// A statement rendered for the merchant as CSV: the CSVWriter's Write is the run's
// Emit, and the total row follows the lines.
func ExampleCSVWriter() {
	settler, run := settlementExample()
	w := commission.NewCSVWriter(os.Stdout)
	run.Emit = w.Write
	sts, err := settler.Statements(context.Background(), run)
	if err != nil {
		panic(err)
	}
	for _, s := range sts {
		if err := w.WriteTotals(s); err != nil {
			panic(err)
		}
	}
	if err := w.Flush(); err != nil {
		panic(err)
	}
	// Output:
	// statement,merchant_id,kind,order_id,paid_at,at,currency,paid,refunds,commission,commission_reversed,advances,deposit_change,net,note
	// 5e7f0000-0000-4000-8000-000000000001/2026-08-31T16:00:00Z/2026-09-30T16:00:00Z,5e7f0000-0000-4000-8000-000000000001,order,00000000-0000-0000-0000-000000000001,2026-09-02T10:00:00+08:00,,CNY,100.00,20.00,5.00,1.00,0.00,0.00,76.00,
	// 5e7f0000-0000-4000-8000-000000000001/2026-08-31T16:00:00Z/2026-09-30T16:00:00Z,5e7f0000-0000-4000-8000-000000000001,deposit,,,2026-09-03T10:00:00+08:00,CNY,0.00,0.00,0.00,0.00,0.00,10.00,0.00,
	// 5e7f0000-0000-4000-8000-000000000001/2026-08-31T16:00:00Z/2026-09-30T16:00:00Z,5e7f0000-0000-4000-8000-000000000001,total,1 orders,,2026-10-01T00:00:00+08:00,CNY,100.00,20.00,5.00,1.00,0.00,10.00,76.00,payout 66.00 due 2026-10-13T00:00:00+08:00
}
