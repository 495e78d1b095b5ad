package commerce

import (
	"cmp"
	"iter"
	"math/bits"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/shopkit/shopkit"
	"github.com/shopspring/decimal"
)

// OrderFact is one order flattened for analytics (R2.7). Hosts build it from their
// orders (paid amounts from the priced lines, refunds from after-sales, commission
// from the commission statement, cost of goods and shipping cost from their own
// books) and stream facts through an iter.Seq, so a month of orders never sits in
// memory. Every amount is in one currency.
type OrderFact struct {
	OrderID    uuid.UUID // the order
	CustomerID string    // the buyer
	Source     string    // channel attribution: "search", "live", "ads", …
	PlacedAt   time.Time // groups by day (SummarizeByDay)
	PaidAt     time.Time // zero when unpaid
	Paid       Money     // what the buyer paid (R2.3.3), after all discounts
	Refunded   Money     // Σ refunds of the order (R3.7)
	Discount   Money     // the coupon discounts the order got (R2.4)
	// CostOfGoods, Commission and ShippingCost are the shop's costs of the order.
	CostOfGoods  Money
	Commission   Money     // the platform's commission (R4)
	ShippingCost Money     // what the shop paid the carrier
	CampaignID   uuid.UUID // the campaign whose coupon the order used, or uuid.Nil
	Lines        int       // number of order lines
}

// ListingStats is one listing's traffic over a period (R2.7): it may appear
// several times (one record per day); ListingConversion adds them up.
type ListingStats struct {
	ListingID uuid.UUID // the listing
	Views     int64     // detail page views, ≥ 0
	Purchases int64     // orders paid for it, ≥ 0
}

// RatePlaces is the number of decimal places of the rates analytics returns
// (refund rate, conversion, campaign return), rounded half-up.
const RatePlaces = 4

// Summary is the headline numbers of a set of orders (R2.7).
type Summary struct {
	Orders   int64 // number of facts
	GMV      Money // Σ Paid
	Refunded Money // Σ Refunded
	Discount Money // Σ Discount
	// AOV is GMV ÷ Orders rounded half-up to the minor unit; zero without orders.
	AOV Money
	// RefundRate is Refunded ÷ GMV to RatePlaces places; zero when GMV is zero.
	RefundRate decimal.Decimal
}

// DaySummary is the Summary of the orders placed on one calendar day.
type DaySummary struct {
	Day Date // the calendar day
	Summary
}

// SourceSummary is the Summary of the orders of one customer source.
type SourceSummary struct {
	Source string // OrderFact.Source
	Summary
}

// tally accumulates a Summary in minor units with overflow checks.
type tally struct {
	orders                  int64
	gmv, refunded, discount int64
	cur                     Currency
	curSet                  bool
}

func errAnalyticsOverflow() error {
	return shopkit.NewError(shopkit.ErrOverflow, "commerce.overflow", "analytics total overflows int64")
}

// addAmount adds b to *a, or reports overflow.
func addAmount(a *int64, b int64) error {
	s := *a + b
	if (b > 0 && s < *a) || (b < 0 && s > *a) {
		return errAnalyticsOverflow()
	}
	*a = s
	return nil
}

// currencyOf checks that every non-zero amount of f is in one currency and
// returns it (CNY when all are zero).
func (f *OrderFact) currencyOf() (Currency, bool, error) {
	var cur Currency
	set := false
	for _, m := range [...]Money{f.Paid, f.Refunded, f.Discount, f.CostOfGoods, f.Commission, f.ShippingCost} {
		if m.amount == 0 {
			continue
		}
		c := m.Currency()
		if set && c != cur {
			return "", false, currencyMismatch("order fact " + f.OrderID.String())
		}
		cur, set = c, true
	}
	if !set {
		return CurrencyCNY, false, nil
	}
	return cur, true, nil
}

func (t *tally) checkCurrency(f *OrderFact) error {
	c, set, err := f.currencyOf()
	if err != nil || !set {
		return err
	}
	if t.curSet && c != t.cur {
		return currencyMismatch("order fact " + f.OrderID.String())
	}
	t.cur, t.curSet = c, true
	return nil
}

func (t *tally) add(f *OrderFact) error {
	if err := t.checkCurrency(f); err != nil {
		return err
	}
	if t.orders == maxAmount {
		return errAnalyticsOverflow()
	}
	t.orders++
	if err := addAmount(&t.gmv, f.Paid.amount); err != nil {
		return err
	}
	if err := addAmount(&t.refunded, f.Refunded.amount); err != nil {
		return err
	}
	return addAmount(&t.discount, f.Discount.amount)
}

func (t *tally) money(a int64) Money {
	if !t.curSet {
		return Money{amount: a}
	}
	return Money{amount: a, currency: t.cur.key()}
}

func (t *tally) summary() Summary {
	s := Summary{Orders: t.orders, GMV: t.money(t.gmv), Refunded: t.money(t.refunded), Discount: t.money(t.discount),
		AOV: t.money(divHalfUp(t.gmv, t.orders)), RefundRate: ratio(t.refunded, t.gmv)}
	return s
}

// divHalfUp is a ÷ n rounded half away from zero; zero when n is zero.
func divHalfUp(a, n int64) int64 {
	if n == 0 {
		return 0
	}
	u := absU(a)
	q, r := bits.Div64(0, u, uint64(n))
	if r >= uint64(n)-r {
		q++
	}
	if a < 0 {
		return -int64(q)
	}
	return int64(q)
}

// ratio is num ÷ den to RatePlaces places, half-up; zero when den is zero.
func ratio(num, den int64) decimal.Decimal {
	if den == 0 {
		return decimal.Zero
	}
	return decimal.NewFromInt(num).DivRound(decimal.NewFromInt(den), RatePlaces)
}

// Summarize computes order count, GMV, AOV, refund amount and rate of the facts
// (R2.7) in one pass with constant memory. Overflow is an ErrOverflow error, mixed
// currencies an ErrCurrencyMismatch error.
func Summarize(facts iter.Seq[OrderFact]) (Summary, error) {
	var t tally
	for f := range facts {
		if err := t.add(&f); err != nil {
			return Summary{}, err
		}
	}
	return t.summary(), nil
}

// SummarizeByDay is Summarize per calendar day of PlacedAt in cal's time zone
// (R0.3, R2.7), earliest day first. Memory grows with the number of days, not of
// orders. A nil cal is DefaultCalendar().
func SummarizeByDay(facts iter.Seq[OrderFact], cal *Calendar) ([]DaySummary, error) {
	if cal == nil {
		cal = DefaultCalendar()
	}
	days := map[Date]*tally{}
	var all tally // checks one currency across groups
	for f := range facts {
		if err := all.checkCurrency(&f); err != nil {
			return nil, err
		}
		d := cal.DateOf(f.PlacedAt)
		t := days[d]
		if t == nil {
			t = &tally{}
			days[d] = t
		}
		if err := t.add(&f); err != nil {
			return nil, err
		}
	}
	out := make([]DaySummary, 0, len(days))
	for d, t := range days {
		out = append(out, DaySummary{Day: d, Summary: t.summary()})
	}
	slices.SortFunc(out, func(a, b DaySummary) int { return a.Day.Compare(b.Day) })
	return out, nil
}

// SummarizeBySource is Summarize per customer source (R2.7), sorted by source.
// Memory grows with the number of sources, not of orders.
func SummarizeBySource(facts iter.Seq[OrderFact]) ([]SourceSummary, error) {
	sources := map[string]*tally{}
	var all tally
	for f := range facts {
		if err := all.checkCurrency(&f); err != nil {
			return nil, err
		}
		t := sources[f.Source]
		if t == nil {
			t = &tally{}
			sources[f.Source] = t
		}
		if err := t.add(&f); err != nil {
			return nil, err
		}
	}
	out := make([]SourceSummary, 0, len(sources))
	for s, t := range sources {
		out = append(out, SourceSummary{Source: s, Summary: t.summary()})
	}
	slices.SortFunc(out, func(a, b SourceSummary) int { return cmp.Compare(a.Source, b.Source) })
	return out, nil
}

// Conversion is a listing's views → purchases conversion (R2.7).
type Conversion struct {
	ListingID uuid.UUID       // the listing
	Views     int64           // Σ views
	Purchases int64           // Σ purchases
	Rate      decimal.Decimal // Purchases ÷ Views to RatePlaces places; zero without views
}

// ListingConversion adds up each listing's stats and returns its conversion,
// sorted by listing ID. Negative counts are a ValidationError; overflow an
// ErrOverflow error.
func ListingConversion(stats iter.Seq[ListingStats]) ([]Conversion, error) {
	byListing := map[uuid.UUID]*Conversion{}
	for s := range stats {
		if s.Views < 0 || s.Purchases < 0 {
			return nil, shopkit.Invalid("commerce.invalid_listing_stats", "views", "counts must not be negative")
		}
		c := byListing[s.ListingID]
		if c == nil {
			c = &Conversion{ListingID: s.ListingID}
			byListing[s.ListingID] = c
		}
		if err := addAmount(&c.Views, s.Views); err != nil {
			return nil, err
		}
		if err := addAmount(&c.Purchases, s.Purchases); err != nil {
			return nil, err
		}
	}
	out := make([]Conversion, 0, len(byListing))
	for _, c := range byListing {
		c.Rate = ratio(c.Purchases, c.Views)
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Conversion) int { return slices.Compare(a.ListingID[:], b.ListingID[:]) })
	return out, nil
}

// OrderMargin is the order's margin (R2.7): Paid − CostOfGoods − Commission −
// ShippingCost. Paid is already after the discounts; a host that wants refunds
// netted passes Paid − Refunded (and the returned goods' cost) itself.
func OrderMargin(f OrderFact) (Money, error) {
	cur, _, err := f.currencyOf()
	if err != nil {
		return Money{}, err
	}
	m := f.Paid.amount
	for _, c := range [...]int64{f.CostOfGoods.amount, f.Commission.amount, f.ShippingCost.amount} {
		if c == -maxAmount-1 { // its negation does not fit
			return Money{}, errAnalyticsOverflow()
		}
		if err := addAmount(&m, -c); err != nil {
			return Money{}, err
		}
	}
	return Money{amount: m, currency: cur.key()}, nil
}

// CampaignReturn is what a campaign brought in against what it gave away (R2.7).
type CampaignReturn struct {
	CampaignID uuid.UUID // the campaign
	Orders     int64     // orders that used its coupons
	GMV        Money     // Σ Paid of the campaign's orders
	Discount   Money     // Σ Discount: what the campaign spent
	// Return is GMV ÷ Discount to RatePlaces places (zero when nothing was spent):
	// yuan of sales per yuan of discount.
	Return decimal.Decimal
	// Margin is Σ OrderMargin of the campaign's orders: since Paid is after the
	// discount, it is the margin after discount.
	Margin Money
	// Losing is true when the campaign costs more than it earns: its discount
	// exceeds the margin its orders would have made without it, i.e. Margin < 0.
	Losing bool
}

// CampaignReturns computes each campaign's return from the facts of orders that
// used its coupons (CampaignID set), sorted by campaign ID (R2.7). Memory grows
// with the number of campaigns, not of orders.
func CampaignReturns(facts iter.Seq[OrderFact]) ([]CampaignReturn, error) {
	type acc struct {
		t      tally
		margin int64
	}
	byCampaign := map[uuid.UUID]*acc{}
	var all tally
	for f := range facts {
		if f.CampaignID == uuid.Nil {
			continue
		}
		if err := all.checkCurrency(&f); err != nil {
			return nil, err
		}
		a := byCampaign[f.CampaignID]
		if a == nil {
			a = &acc{}
			byCampaign[f.CampaignID] = a
		}
		if err := a.t.add(&f); err != nil {
			return nil, err
		}
		m, err := OrderMargin(f)
		if err != nil {
			return nil, err
		}
		if err := addAmount(&a.margin, m.amount); err != nil {
			return nil, err
		}
	}
	out := make([]CampaignReturn, 0, len(byCampaign))
	for id, a := range byCampaign {
		out = append(out, CampaignReturn{CampaignID: id, Orders: a.t.orders, GMV: a.t.money(a.t.gmv),
			Discount: a.t.money(a.t.discount), Return: ratio(a.t.gmv, a.t.discount),
			Margin: a.t.money(a.margin), Losing: a.margin < 0})
	}
	slices.SortFunc(out, func(a, b CampaignReturn) int { return slices.Compare(a.CampaignID[:], b.CampaignID[:]) })
	return out, nil
}
