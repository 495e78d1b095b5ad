package analytics

import (
	"cmp"
	"iter"
	"math"
	"math/bits"
	"slices"
	"strconv"
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
	OrderID    uuid.UUID     `json:"order_id"`           // the order
	CustomerID string        `json:"customer_id"`        // the buyer
	Source     string        `json:"source"`             // channel attribution: "search", "live", "ads", …
	PlacedAt   time.Time     `json:"placed_at,omitzero"` // groups by day (SummarizeByDay)
	PaidAt     time.Time     `json:"paid_at,omitzero"`   // zero when unpaid
	Paid       shopkit.Money `json:"paid"`               // what the buyer paid (R2.3.3), after all discounts
	Refunded   shopkit.Money `json:"refunded"`           // Σ refunds of the order (R3.7)
	Discount   shopkit.Money `json:"discount"`           // the coupon discounts the order got (R2.4)
	// CostOfGoods, Commission and ShippingCost are the shop's costs of the order.
	CostOfGoods  shopkit.Money `json:"cost_of_goods"`
	Commission   shopkit.Money `json:"commission"`    // the platform's commission (R4)
	ShippingCost shopkit.Money `json:"shipping_cost"` // what the shop paid the carrier
	CampaignID   uuid.UUID     `json:"campaign_id"`   // the campaign whose coupon the order used, or uuid.Nil
	Lines        int           `json:"lines"`         // number of order lines
}

// String describes the fact with its customer masked (R0.5).
func (f OrderFact) String() string {
	return "OrderFact{" + f.OrderID.String() + " customer " + shopkit.MaskPhone(f.CustomerID) + " source " + f.Source +
		" paid " + f.Paid.String() + " refunded " + f.Refunded.String() + "}"
}

// GoString is String, so %#v prints the same masked form.
func (f OrderFact) GoString() string { return f.String() }

// RatePlaces is the number of decimal places of the rates analytics returns
// (refund rate, conversion, campaign return), rounded half-up.
const RatePlaces = 4

// MaxGroups is the most groups (days, sources, campaigns or listings) one call
// keeps: memory grows with the groups, not the orders, and a host stream whose
// keys never repeat (an order ID passed as the source) must not grow it without
// bound. More is a ValidationError with code CodeTooManyGroups.
const MaxGroups = 1_000_000

// group returns the accumulator of key, adding a new one when the key is new
// and fewer than MaxGroups are kept.
func group[K comparable, V any](groups map[K]*V, key K, field string) (*V, error) {
	if v := groups[key]; v != nil {
		return v, nil
	}
	if len(groups) >= MaxGroups {
		return nil, shopkit.Invalid(CodeTooManyGroups, field, "has more than "+strconv.Itoa(MaxGroups)+" distinct values")
	}
	v := new(V)
	groups[key] = v
	return v, nil
}

// Summary is the headline numbers of a set of orders (R2.7).
type Summary struct {
	Orders   int64         `json:"orders"`   // number of facts
	GMV      shopkit.Money `json:"gmv"`      // Σ Paid
	Refunded shopkit.Money `json:"refunded"` // Σ Refunded
	Discount shopkit.Money `json:"discount"` // Σ Discount
	// AOV is GMV ÷ Orders rounded half-up to the minor unit; zero without orders.
	AOV shopkit.Money `json:"aov"`
	// RefundRate is Refunded ÷ GMV to RatePlaces places; zero when GMV is zero.
	RefundRate decimal.Decimal `json:"refund_rate"`
}

// DaySummary is the Summary of the orders placed on one calendar day.
type DaySummary struct {
	Day shopkit.Date `json:"day"` // the calendar day
	Summary
}

// SourceSummary is the Summary of the orders of one customer source.
type SourceSummary struct {
	Source string `json:"source"` // OrderFact.Source
	Summary
}

// tally accumulates a Summary in minor units with overflow checks.
type tally struct {
	orders                  int64
	gmv, refunded, discount int64
	cur                     shopkit.Currency
	curSet                  bool
}

// errOverflow is the error of a total that does not fit in int64.
func errOverflow() error { return shopkit.Overflow("an analytics total") }

// addAmount adds b to *a, or reports overflow.
func addAmount(a *int64, b int64) error {
	s := *a + b
	if (b > 0 && s < *a) || (b < 0 && s > *a) {
		return errOverflow()
	}
	*a = s
	return nil
}

// subAmount subtracts b from *a, or reports overflow. It does not negate b,
// whose negation does not fit when b is math.MinInt64.
func subAmount(a *int64, b int64) error {
	s := *a - b
	if (b > 0 && s > *a) || (b < 0 && s < *a) {
		return errOverflow()
	}
	*a = s
	return nil
}

// currencyOf checks that every non-zero amount of f is in one currency and
// returns it (CNY when all are zero).
func (f *OrderFact) currencyOf() (shopkit.Currency, bool, error) {
	var cur shopkit.Currency
	set := false
	for _, m := range [...]shopkit.Money{f.Paid, f.Refunded, f.Discount, f.CostOfGoods, f.Commission, f.ShippingCost} {
		if m.Amount() == 0 {
			continue
		}
		c := m.Currency()
		if set && c != cur {
			return "", false, shopkit.CurrencyMismatch("order fact " + f.OrderID.String())
		}
		cur, set = c, true
	}
	if !set {
		return shopkit.CurrencyCNY, false, nil
	}
	return cur, true, nil
}

func (t *tally) checkCurrency(f *OrderFact) error {
	c, set, err := f.currencyOf()
	if err != nil || !set {
		return err
	}
	if t.curSet && c != t.cur {
		return shopkit.CurrencyMismatch("order fact " + f.OrderID.String())
	}
	t.cur, t.curSet = c, true
	return nil
}

func (t *tally) add(f *OrderFact) error {
	if err := t.checkCurrency(f); err != nil {
		return err
	}
	if t.orders == math.MaxInt64 {
		return errOverflow()
	}
	t.orders++
	if err := addAmount(&t.gmv, f.Paid.Amount()); err != nil {
		return err
	}
	if err := addAmount(&t.refunded, f.Refunded.Amount()); err != nil {
		return err
	}
	return addAmount(&t.discount, f.Discount.Amount())
}

func (t *tally) money(a int64) shopkit.Money {
	if !t.curSet {
		return shopkit.CNY(a)
	}
	return shopkit.Zero(t.cur).WithAmount(a)
}

func (t *tally) summary() Summary {
	return Summary{Orders: t.orders, GMV: t.money(t.gmv), Refunded: t.money(t.refunded), Discount: t.money(t.discount),
		AOV: t.money(divHalfUp(t.gmv, t.orders)), RefundRate: ratio(t.refunded, t.gmv)}
}

// divHalfUp is a ÷ n rounded half away from zero; zero when n is zero.
func divHalfUp(a, n int64) int64 {
	if n == 0 {
		return 0
	}
	u := uint64(a)
	if a < 0 {
		u = -u
	}
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
// currencies an ErrCurrencyMismatch error, nil facts shopkit.NilArgument.
func Summarize(facts iter.Seq[OrderFact]) (Summary, error) {
	if facts == nil {
		return Summary{}, shopkit.NilArgument("facts")
	}
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
// orders, at most MaxGroups days. A nil cal is DefaultCalendar().
func SummarizeByDay(facts iter.Seq[OrderFact], cal *shopkit.Calendar) ([]DaySummary, error) {
	if facts == nil {
		return nil, shopkit.NilArgument("facts")
	}
	if cal == nil {
		cal = shopkit.DefaultCalendar()
	}
	days := map[shopkit.Date]*tally{}
	var all tally // checks one currency across groups
	for f := range facts {
		if err := all.checkCurrency(&f); err != nil {
			return nil, err
		}
		t, err := group(days, cal.DateOf(f.PlacedAt), "placed_at")
		if err != nil {
			return nil, err
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
// Memory grows with the number of sources, not of orders: at most MaxGroups.
func SummarizeBySource(facts iter.Seq[OrderFact]) ([]SourceSummary, error) {
	if facts == nil {
		return nil, shopkit.NilArgument("facts")
	}
	sources := map[string]*tally{}
	var all tally
	for f := range facts {
		if err := all.checkCurrency(&f); err != nil {
			return nil, err
		}
		t, err := group(sources, f.Source, "source")
		if err != nil {
			return nil, err
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
