// Command settlement settles September and October 2026 for three merchants: one
// on a 5 % plan, one paying ¥2.00 per order, and a new merchant in its
// commission-free promotion (RULES R4.1, R4.2, R4.5). It has refunds before and
// after settlement and one platform advance (R3.9), and prints each statement as
// CSV. Times are fixed; stores are in memory.
package main

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
	at := func(s string) time.Time {
		t, err := time.ParseInLocation(time.DateTime, s, loc)
		if err != nil {
			panic(err)
		}
		return t
	}
	five := decimal.RequireFromString("0.05")
	store := commissiontest.NewStore()
	if err := store.SaveRuleSet(ctx, commission.RuleSet{
		ID: "2026", From: at("2026-01-01 00:00:00"), Currency: commerce.CurrencyCNY,
		DefaultRate: five,
		Plans: []commission.Plan{
			{ID: "percentage", Kind: commission.Percentage, Rate: &five},
			{ID: "per-order", Kind: commission.FixedFee, Fixed: commerce.CNY(200)},
		},
		Promotion: commission.DefaultPromotion(), // free for 3 months after activation
	}); err != nil {
		return err
	}
	schedule, err := commission.LoadSchedule(ctx, store)
	if err != nil {
		return err
	}
	var holidays []commerce.Date
	for d := 1; d <= 7; d++ {
		holidays = append(holidays, commerce.Date{Year: 2026, Month: time.October, Day: d})
	}
	cal, err := commerce.NewCalendar(commerce.CalendarConfig{Holidays: holidays,
		MakeUpDays: []commerce.Date{{Year: 2026, Month: time.September, Day: 27}, {Year: 2026, Month: time.October, Day: 10}}})
	if err != nil {
		return err
	}
	settler := &commission.Settler{
		Schedule: schedule, Store: store,
		Policy: commission.Policy{PayoutDays: commission.DefaultPayoutDays, Calendar: cal},
		Merchants: map[string]commission.Merchant{
			"tea-house":  {ID: "tea-house", Plan: "percentage", ActivatedAt: at("2025-03-01 09:00:00")},
			"print-shop": {ID: "print-shop", Plan: "per-order", ActivatedAt: at("2025-06-01 09:00:00")},
			"new-bakery": {ID: "new-bakery", Plan: "percentage", ActivatedAt: at("2026-08-15 09:00:00")},
		},
	}

	n := 0
	newOrder := func(merchant, paid string, amounts ...int64) commission.OrderRecord {
		n++
		o := commission.OrderRecord{OrderID: uuid.NewSHA1(uuid.NameSpaceOID, []byte{byte(n)}), MerchantID: merchant,
			PaidAt: at(paid), CompletedAt: at(paid).Add(3 * 24 * time.Hour)}
		o.ReturnWindowEnds = o.CompletedAt.Add(7 * 24 * time.Hour)
		for _, a := range amounts {
			o.Lines = append(o.Lines, commission.LineRecord{ListingID: uuid.NewSHA1(uuid.NameSpaceOID, []byte{byte(n), byte(a)}),
				Category: "goods", Paid: commerce.CNY(a), Quantity: 1})
		}
		return o
	}
	tea1 := newOrder("tea-house", "2026-09-02 10:00:00", 12800, 3600)
	tea1.Refunds = []commission.RefundRecord{ // before settlement
		{Line: 1, Amount: commerce.CNY(3600), At: at("2026-09-06 15:00:00"), Key: "refund-1"}}
	tea2 := newOrder("tea-house", "2026-09-12 20:00:00", 45000)
	tea2.Refunds = []commission.RefundRecord{ // after settlement: an October adjustment
		{Line: 0, Amount: commerce.CNY(15000), At: at("2026-10-09 11:00:00"), Key: "refund-2"}}
	print1 := newOrder("print-shop", "2026-09-03 09:00:00", 5000)
	print1.Advances = []commission.AdvanceRecord{ // the platform compensated the buyer first (R3.9)
		{Amount: commerce.CNY(1500), At: at("2026-09-09 10:00:00"), Key: "advance-1", Reason: "late delivery"}}
	print2 := newOrder("print-shop", "2026-09-25 09:00:00", 2500, 2500) // return window open at the cut-off
	bakery1 := newOrder("new-bakery", "2026-09-10 08:00:00", 8800)      // in the promotion: free
	bakery2 := newOrder("new-bakery", "2026-11-15 09:00:00", 8800)      // promotion ended 15 Nov 09:00
	orders := []commission.OrderRecord{tea1, print1, bakery1, tea2, print2, bakery2}
	deposits := []commission.DepositChange{{MerchantID: "new-bakery", Amount: commerce.CNY(50000),
		At: at("2026-09-01 00:00:00"), Reason: "initial deposit"}}

	for _, month := range []string{"2026-09-01", "2026-10-01", "2026-11-01"} {
		start := at(month + " 00:00:00")
		period, err := commission.NewPeriod(start, commerce.AddCalendarMonths(start, 1))
		if err != nil {
			return err
		}
		lines := map[string][]commission.StatementLine{}
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
			settler.Policy.PayoutDue(period.End).Format(time.DateTime))
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
			fmt.Printf("%s: net %s, payout %s\n\n", st.MerchantID, st.Net, st.Payout)
		}
	}
	return nil
}
