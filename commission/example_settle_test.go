package commission_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/shopkit/shopkit/commerce"
	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/commission/commissiontest"
)

// A rule set compiled once and applied to an order: a 5 % plan with a ¥5.00
// minimum per order. The ¥3.00 order's minimum is capped at what was paid for it
// (R4.1); the ¥19.70 order pays 5 %, rounded half-up per line (R4.4).
func ExampleCompileRuleSet() {
	five := decimal.RequireFromString("0.05")
	minimum := commerce.CNY(500)
	rules, err := commission.CompileRuleSet(commission.RuleSet{
		ID: "2026", From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Currency: commerce.CurrencyCNY,
		DefaultRate: five,
		Plans:       []commission.Plan{{ID: "standard", Kind: commission.Percentage, Rate: &five, Min: &minimum}},
	})
	if err != nil {
		panic(err)
	}
	paidAt := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	for _, paid := range []int64{300, 1970, 15000} {
		o := commission.OrderRecord{OrderID: uuid.New(), MerchantID: "m1", PaidAt: paidAt,
			Lines: []commission.LineRecord{{Category: "toys", Paid: commerce.CNY(paid), Quantity: 1}}}
		c, err := rules.Charge(o, commission.Merchant{ID: "m1", Plan: "standard"}, commerce.CNY(0))
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

// settlementExample is one September 2026 run for merchant m1 on a 5 % plan: an
// order of ¥100.00 with ¥20.00 refunded before settlement, and a deposit top-up.
func settlementExample() (*commission.Settler, commission.Run) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, loc) }
	five := decimal.RequireFromString("0.05")
	schedule, err := commission.NewSchedule(commission.RuleSet{
		ID: "2026", From: day(time.January, 1), Currency: commerce.CurrencyCNY, DefaultRate: five,
		Plans: []commission.Plan{{ID: "standard", Kind: commission.Percentage, Rate: &five}},
	})
	if err != nil {
		panic(err)
	}
	settler := &commission.Settler{Schedule: schedule, Store: commissiontest.NewStore(), Policy: commission.DefaultPolicy()}
	order := commission.OrderRecord{
		OrderID: uuid.MustParse("00000000-0000-0000-0000-000000000001"), MerchantID: "m1",
		PaidAt: day(time.September, 2), CompletedAt: day(time.September, 5), ReturnWindowEnds: day(time.September, 12),
		Lines:   []commission.LineRecord{{Category: "toys", Paid: commerce.CNY(10000), Quantity: 2}},
		Refunds: []commission.RefundRecord{{Line: 0, Amount: commerce.CNY(2000), At: day(time.September, 4), Key: "r1"}},
	}
	period, err := commission.NewPeriod(time.Date(2026, 9, 1, 0, 0, 0, 0, loc), time.Date(2026, 10, 1, 0, 0, 0, 0, loc))
	if err != nil {
		panic(err)
	}
	return settler, commission.Run{Period: period,
		Orders:   slices.Values([]commission.OrderRecord{order}),
		Deposits: slices.Values([]commission.DepositChange{{MerchantID: "m1", Amount: commerce.CNY(1000), At: day(time.September, 3)}}),
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
	// m1 orders 1 paid ¥100.00 refunds ¥20.00 commission ¥5.00 reversed ¥1.00 net ¥76.00 payout ¥66.00 due 2026-10-13 00:00:00
	// m1 orders 1 paid ¥100.00 refunds ¥20.00 commission ¥5.00 reversed ¥1.00 net ¥76.00 payout ¥66.00 due 2026-10-13 00:00:00
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
	// m1/2026-08-31T16:00:00Z/2026-09-30T16:00:00Z,m1,order,00000000-0000-0000-0000-000000000001,2026-09-02T10:00:00+08:00,,CNY,100.00,20.00,5.00,1.00,0.00,0.00,76.00,
	// m1/2026-08-31T16:00:00Z/2026-09-30T16:00:00Z,m1,deposit,,,2026-09-03T10:00:00+08:00,CNY,0.00,0.00,0.00,0.00,0.00,10.00,0.00,
	// m1/2026-08-31T16:00:00Z/2026-09-30T16:00:00Z,m1,total,1 orders,,2026-10-01T00:00:00+08:00,CNY,100.00,20.00,5.00,1.00,0.00,10.00,76.00,payout 66.00 due 2026-10-13T00:00:00+08:00
}
