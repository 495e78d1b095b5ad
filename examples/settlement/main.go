// Command settlement settles September to November 2026 for three merchants
// (identified by their uuid.UUID): one on a 5 % plan, one paying ¥2.00 per order,
// and a new merchant in its commission-free promotion (RULES R4.1, R4.2, R4.5).
// It has refunds before and after settlement, given as the shopkit.Refund records
// an after-sales ledger issues (R3.7, R4.4), and one platform advance (R3.9), and
// prints each statement as CSV. Times are fixed; stores are in memory.
package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commerce/merchant"
	"github.com/shopkit/shopkit/commission"
	"github.com/shopkit/shopkit/commission/commissiontest"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run() error {
	ctx := context.Background()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return err
	}
	// mustAt parses a fixed time of this program; a typo in one is a bug.
	mustAt := func(s string) time.Time {
		t, err := time.ParseInLocation(time.DateTime, s, loc)
		if err != nil {
			panic(err)
		}
		return t
	}
	five := decimal.RequireFromString("0.05")
	store := commissiontest.NewStore()
	if err := store.SaveRuleSet(ctx, commission.RuleSet{
		ID: "2026", From: mustAt("2026-01-01 00:00:00"), Currency: shopkit.CurrencyCNY,
		DefaultRate: five,
		Plans: []commission.Plan{
			{ID: "percentage", Kind: commission.Percentage, Rate: &five},
			{ID: "per-order", Kind: commission.FixedFee, Fixed: shopkit.CNY(200)},
		},
		Promotion: commission.DefaultPromotion(), // free for 3 months after activation
	}); err != nil {
		return err
	}
	schedule, err := commission.LoadSchedule(ctx, store)
	if err != nil {
		return err
	}
	var holidays []shopkit.Date
	for d := 1; d <= 7; d++ {
		holidays = append(holidays, shopkit.Date{Year: 2026, Month: time.October, Day: d})
	}
	cal, err := shopkit.NewCalendar(shopkit.CalendarConfig{Holidays: holidays,
		MakeUpDays: []shopkit.Date{{Year: 2026, Month: time.September, Day: 27}, {Year: 2026, Month: time.October, Day: 10}}})
	if err != nil {
		return err
	}
	// Merchants are identified by their uuid.UUID, as in every package.
	teaHouse := uuid.MustParse("7ea00000-0000-4000-8000-000000000001")
	printShop := uuid.MustParse("9e100000-0000-4000-8000-000000000002")
	newBakery := uuid.MustParse("bae00000-0000-4000-8000-000000000003")
	names := map[uuid.UUID]string{teaHouse: "tea-house", printShop: "print-shop", newBakery: "new-bakery"}
	settler, err := commission.NewSettler(commission.SettlerConfig{
		Schedule: schedule, Store: store,
		Policy: commission.Policy{PayoutDays: commission.DefaultPayoutDays, Calendar: cal},
		Merchants: map[uuid.UUID]commission.Merchant{
			teaHouse:  {ID: teaHouse, Plan: "percentage", ActivatedAt: mustAt("2025-03-01 09:00:00")},
			printShop: {ID: printShop, Plan: "per-order", ActivatedAt: mustAt("2025-06-01 09:00:00")},
			newBakery: {ID: newBakery, Plan: "percentage", ActivatedAt: mustAt("2026-08-15 09:00:00")},
		},
	})
	if err != nil {
		return err
	}

	n := 0
	newOrder := func(merchant uuid.UUID, paid string, amounts ...int64) commission.OrderRecord {
		n++
		o := commission.OrderRecord{OrderID: uuid.NewSHA1(uuid.NameSpaceOID, []byte{byte(n)}), MerchantID: merchant,
			PaidAt: mustAt(paid), CompletedAt: mustAt(paid).Add(3 * 24 * time.Hour)}
		o.ReturnWindowEnds = o.CompletedAt.Add(7 * 24 * time.Hour)
		for _, a := range amounts {
			o.Lines = append(o.Lines, commission.LineRecord{ListingID: uuid.NewSHA1(uuid.NameSpaceOID, []byte{byte(n), byte(a)}),
				Category: "goods", Paid: shopkit.CNY(a), Quantity: 1})
		}
		return o
	}
	// refund is a refund of one line as the after-sales ledger issues it
	// (shopkit.Refund): commission reverses that line's commission (R4.4).
	refund := func(o commission.OrderRecord, key, at string, line int, units, amount int64) shopkit.Refund {
		return shopkit.Refund{Key: key, OrderID: o.OrderID, MerchantID: o.MerchantID, At: mustAt(at),
			Lines:  []shopkit.RefundLine{{Line: line, Units: units, Amount: shopkit.CNY(amount)}},
			Amount: shopkit.CNY(amount), Reason: "buyer returned the item"}
	}
	tea1 := newOrder(teaHouse, "2026-09-02 10:00:00", 12800, 3600)
	tea1.Refunds = []shopkit.Refund{refund(tea1, "refund-1", "2026-09-06 15:00:00", 1, 1, 3600)} // before settlement
	tea2 := newOrder(teaHouse, "2026-09-12 20:00:00", 45000)
	tea2.Refunds = []shopkit.Refund{refund(tea2, "refund-2", "2026-10-09 11:00:00", 0, 1, 15000)} // after settlement: an October adjustment
	print1 := newOrder(printShop, "2026-09-03 09:00:00", 5000)
	print1.Advances = []commission.AdvanceRecord{ // the platform compensated the buyer first (R3.9)
		{Amount: shopkit.CNY(1500), At: mustAt("2026-09-09 10:00:00"), Key: "advance-1", Reason: "late delivery"}}
	print2 := newOrder(printShop, "2026-09-25 09:00:00", 2500, 2500) // return window open at the cut-off
	bakery1 := newOrder(newBakery, "2026-09-10 08:00:00", 8800)      // in the promotion: free
	bakery2 := newOrder(newBakery, "2026-11-15 09:00:00", 8800)      // promotion ended 15 Nov 09:00
	orders := []commission.OrderRecord{tea1, print1, bakery1, tea2, print2, bakery2}
	deposits := []commission.DepositChange{{MerchantID: newBakery, Amount: shopkit.CNY(50000),
		At: mustAt("2026-09-01 00:00:00"), Reason: "initial deposit"}}

	for _, month := range []string{"2026-09-01", "2026-10-01", "2026-11-01"} {
		start := mustAt(month + " 00:00:00")
		period, err := commission.NewPeriod(start, merchant.AddCalendarMonths(start, 1))
		if err != nil {
			return err
		}
		lines := map[uuid.UUID][]commission.StatementLine{}
		sts, err := settler.Statements(ctx, commission.Run{Period: period,
			Orders: slices.Values(orders), Deposits: slices.Values(deposits),
			Emit: func(l commission.StatementLine) error {
				lines[l.MerchantID] = append(lines[l.MerchantID], l)
				return nil
			}})
		if err != nil {
			return err
		}
		fmt.Printf("== statements for %s (payout due by %s)\n", start.Format("January 2006"),
			settler.Policy().PayoutDue(period.End).Format(time.DateTime))
		for _, st := range sts {
			w := commission.NewCSVWriter(os.Stdout)
			for _, l := range lines[st.MerchantID] {
				if err := w.Write(l); err != nil {
					return err
				}
			}
			if err := w.WriteTotals(st); err != nil {
				return err
			}
			if err := w.Flush(); err != nil {
				return err
			}
			fmt.Printf("%s: net %s, payout %s\n\n", names[st.MerchantID], st.Net, st.Payout)
		}
	}
	return nil
}
