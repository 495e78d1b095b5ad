package commission_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/shopkit/shopkit"
	"github.com/shopkit/shopkit/commission"
)

// shanghai is the zone of the test calendar and the promotion months.
func shanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	return loc
}

// at parses "2006-01-02 15:04:05" in Asia/Shanghai.
func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation(time.DateTime, s, shanghai(t))
	require.NoError(t, err)
	return v
}

// commissionCalendar is the default calendar of R0.3 with the 2026 National Day
// holiday 1–7 October and its make-up working days, Sunday 27 September and
// Saturday 10 October (test data, as a host would supply).
func commissionCalendar(t testing.TB) *shopkit.Calendar {
	t.Helper()
	var holidays []shopkit.Date
	for d := 1; d <= 7; d++ {
		holidays = append(holidays, shopkit.Date{Year: 2026, Month: time.October, Day: d})
	}
	cal, err := shopkit.NewCalendar(shopkit.CalendarConfig{
		Holidays: holidays,
		MakeUpDays: []shopkit.Date{
			{Year: 2026, Month: time.September, Day: 27},
			{Year: 2026, Month: time.October, Day: 10},
		},
	})
	require.NoError(t, err)
	return cal
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func decp(s string) *decimal.Decimal { d := dec(s); return &d }

func cny(fen int64) *shopkit.Money { m := shopkit.CNY(fen); return &m }

// baseRules is a rule set in force from 1 January 2026 offering a 5 % plan, a
// ¥2.00 fixed plan, 3 % + ¥0.50 with a ¥1.00 minimum and ¥20.00 maximum, and a
// tiered plan, with a 2 % books category and a 10 % default.
func baseRules(t testing.TB) commission.RuleSet {
	return commission.RuleSet{
		ID: "2026", From: at(t, "2026-01-01 00:00:00"), Currency: shopkit.CurrencyCNY,
		DefaultRate: dec("0.10"),
		Categories:  map[string]decimal.Decimal{"books": dec("0.02")},
		Plans: []commission.Plan{
			{ID: "pct", Kind: commission.Percentage, Rate: decp("0.05")},
			{ID: "fixed", Kind: commission.FixedFee, Fixed: shopkit.CNY(200)},
			{ID: "mix", Kind: commission.PercentagePlusFixed, Rate: decp("0.03"), Fixed: shopkit.CNY(50),
				Min: cny(100), Max: cny(2000)},
			{ID: "tiers", Kind: commission.Tiered, Tiers: []commission.Tier{
				{From: shopkit.CNY(0), Rate: dec("0.06")},
				{From: shopkit.CNY(1_000_000), Rate: dec("0.05")},
				{From: shopkit.CNY(5_000_000), Rate: dec("0.04")},
			}},
		},
		Promotion: commission.DefaultPromotion(),
	}
}

func compile(t testing.TB, rs commission.RuleSet) *commission.Rules {
	t.Helper()
	r, err := commission.CompileRuleSet(rs)
	require.NoError(t, err)
	return r
}

func line(paid int64, category string) commission.LineRecord {
	return commission.LineRecord{ListingID: uuid.New(), Category: category, Paid: shopkit.CNY(paid), Quantity: 1}
}

func sampleOrder(t testing.TB, merchant, paidAt string, lines ...commission.LineRecord) commission.OrderRecord {
	return commission.OrderRecord{OrderID: uuid.New(), MerchantID: merchantID(merchant), PaidAt: at(t, paidAt), Lines: lines}
}

// merchantID is the fixed merchant ID of a test merchant's name (at most 16
// bytes): the name's bytes, zero-padded, so IDs sort as their names do and
// statements come in the names' order.
func merchantID(name string) uuid.UUID {
	var id uuid.UUID
	copy(id[:], name)
	return id
}

// refund is one refund of an order as the after-sales ledger issues it
// (shopkit.Refund): amount on one order line, booked at at.
func refund(o commission.OrderRecord, key string, at time.Time, line int, amount int64) shopkit.Refund {
	return shopkit.Refund{Key: key, OrderID: o.OrderID, MerchantID: o.MerchantID, At: at, Amount: shopkit.CNY(amount),
		Lines: []shopkit.RefundLine{{Line: line, Amount: shopkit.CNY(amount)}}}
}

// newSettler builds a Settler, failing the test on a bad configuration.
func newSettler(t testing.TB, cfg commission.SettlerConfig) *commission.Settler {
	t.Helper()
	s, err := commission.NewSettler(cfg)
	require.NoError(t, err)
	return s
}
