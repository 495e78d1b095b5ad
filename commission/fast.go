package commission

import (
	"strconv"
	"time"

	"github.com/shopkit/shopkit"
)

// OrderRules is what stays the same for every line of one order: the rule set in
// force when it was paid (R4.3), the merchant's plan, whether the new-merchant
// promotion applies (R4.2) and the rate the plan gives without a listing or
// category rate (the tier chosen by GMV, the plan's rate or the default; R4.1).
// Resolving these once per order leaves each line a lookup and an integer multiply:
// the hot path. The zero OrderRules is not usable; get one from Rules.ForOrder.
type OrderRules struct {
	r      *Rules
	plan   *compiledPlan
	base   *rate      // the rate without a listing or category rate; nil: no rate (fixed fee)
	source RateSource // base's source
	tier   int        // base's tier, for SourceTier
	promo  bool
}

// ForOrder resolves what is fixed for an order paid at paidAt by m, whose GMV in
// the period is gmv (tiered plans only). paidAt must be in r's range (R4.3).
func (r *Rules) ForOrder(m Merchant, paidAt time.Time, gmv shopkit.Money) (OrderRules, error) {
	if r.defPlan == nil {
		return OrderRules{}, errNoRules()
	}
	if !r.inForce(paidAt) {
		return OrderRules{}, r.notInForce(paidAt)
	}
	p, err := r.plan(m.Plan)
	if err != nil {
		return OrderRules{}, err
	}
	o := OrderRules{r: r, plan: p, promo: r.inPromotion(m.ActivatedAt, paidAt)}
	o.base, o.source, o.tier = r.planRate(p, gmv.Amount())
	return o, nil
}

// planRate returns the plan's own rate for a merchant of GMV gmv (R4.1: tier >
// plan > default), its source and, for a tier, its index; nil for a fixed-fee
// plan.
func (r *Rules) planRate(p *compiledPlan, gmv int64) (*rate, RateSource, int) {
	switch {
	case !p.kind.hasRate():
		return nil, SourceNone, 0
	case len(p.tierFrom) > 0:
		// Bands are [From_i, From_i+1); the first starts at zero, so a GMV below
		// zero (refunds exceeding sales) falls in the first.
		i := len(p.tierFrom) - 1
		for i > 0 && gmv < p.tierFrom[i] {
			i--
		}
		return &p.tierRate[i], SourceTier, i
	case p.hasRate:
		return &p.rate, SourcePlan, 0
	}
	return &r.def, SourceDefault, 0
}

// LineRule is a line's resolved rate: applying it is a multiply and a round. The
// zero LineRule charges nothing (the line of a fixed-fee plan).
type LineRule struct {
	rate *rate
	mode shopkit.RoundingMode
}

// Apply returns the commission on paid minor units of the rule set's currency:
// paid × rate rounded by the rule set's mode (R4.4), integer-only. A negative
// amount (a reversal) gives the negative of its positive's commission for
// symmetric modes; it is the only case that can fail (an unknown mode).
func (lr LineRule) Apply(paid int64) (int64, error) {
	if lr.rate == nil {
		return 0, nil
	}
	if paid < 0 {
		return lr.rate.c.ApplyAmount(paid, lr.mode)
	}
	return lr.rate.apply(paid, lr.mode), nil
}

// rateOf chooses a line's rate (R4.1: listing > category > the plan's; R4.2: a
// promotion charges the lower of its rate and that one); nil for a fixed-fee plan.
func (o *OrderRules) rateOf(l *LineRecord) (*rate, RateSource) {
	if o.base == nil {
		return nil, SourceNone
	}
	rt, src := o.base, o.source
	if lr := o.r.listing(l.ListingID); lr != nil {
		rt, src = lr, SourceListing
	} else if cr := o.r.category(l.Category); cr != nil {
		rt, src = cr, SourceCategory
	}
	if o.promo && o.r.promoRate.key < rt.key {
		rt, src = &o.r.promoRate, SourcePromotion
	}
	return rt, src
}

// Resolve returns the line's rule: a caller charging the same line repeatedly (a
// quote, a cart) resolves it once and applies it per amount.
func (o *OrderRules) Resolve(l *LineRecord) LineRule {
	rt, _ := o.rateOf(l)
	if rt == nil {
		return LineRule{}
	}
	return LineRule{rate: rt, mode: o.r.mode}
}

// Explain says how the line's rate was chosen: the explanation Rules.LineCommission
// and Rules.Charge return, kept off the hot path.
func (o *OrderRules) Explain(l *LineRecord) LineExplanation {
	rt, src := o.rateOf(l)
	ex := LineExplanation{Source: src}
	switch src {
	case SourceCategory:
		ex.Key = l.Category
	case SourceTier:
		ex.Tier = o.tier
	}
	if rt != nil {
		ex.Rate = rt.c.Rate()
	}
	return ex
}

// Promotion reports whether the order is charged under the new-merchant promotion
// (R4.2).
func (o *OrderRules) Promotion() bool { return o.promo }

// Line returns the commission of one line on its own: the percentage part only,
// with no fixed fee or per-order bound (those belong to an order; use Commission).
// It is the hot path: integer-only, no allocation. It equals the Commission of
// Rules.LineCommission for the same line.
func (o *OrderRules) Line(l *LineRecord) (int64, error) {
	if o.r == nil {
		return 0, errNoRules()
	}
	if l == nil {
		return 0, invalid(CodeInvalidOrder, "line", "is required")
	}
	if err := o.checkLine(l, -1); err != nil {
		return 0, err
	}
	rt, _ := o.rateOf(l)
	if rt == nil {
		return 0, nil
	}
	return rt.apply(l.Paid.Amount(), o.r.mode), nil
}

// checkLine checks a line's currency and sign; i ≥ 0 names the line in errors.
func (o *OrderRules) checkLine(l *LineRecord, i int) error {
	if l.Paid.Currency() != o.r.cur {
		return o.r.wrongCurrency(l.Paid)
	}
	if l.Paid.IsNegative() {
		field := "lines.paid"
		if i >= 0 {
			field = "lines[" + strconv.Itoa(i) + "].paid"
		}
		return negative(field, l.Paid.String())
	}
	return nil
}

// orderSums are an order's totals before it is split into lines (R4.1).
type orderSums struct {
	paid, parts, fixed, unbounded, total int64
	bound                                Bound
}

// Commission writes each line's commission (rate part plus its share of the fixed
// fee and bound adjustment, as in Rules.Charge) into dst, which must have one
// element per line, and returns the order's commission, in minor units of the rule
// set's currency. It allocates nothing for orders of up to 16 lines. o's PaidAt
// must be the one ForOrder was given.
func (o *OrderRules) Commission(dst []int64, ord *OrderRecord) (int64, error) {
	if o.r == nil {
		return 0, errNoRules()
	}
	if ord == nil {
		return 0, invalid(CodeInvalidOrder, "order", "is required")
	}
	n := len(ord.Lines)
	if len(dst) != n {
		return 0, invalid(CodeInvalidOrder, "dst", "has "+strconv.Itoa(len(dst))+" elements for "+strconv.Itoa(n)+" lines")
	}
	var buf [16]int64
	var shares []int64
	if n > len(buf) {
		shares = make([]int64, n)
	} else {
		shares = buf[:n]
	}
	if _, err := o.amounts(dst, shares, ord); err != nil {
		return 0, err
	}
	var total int64
	for i := range dst {
		dst[i] += shares[i] // checked in amounts
		var err error
		if total, err = add(total, dst[i], "the order's commission"); err != nil {
			return 0, err
		}
	}
	return total, nil
}

// amounts computes each line's rate part into parts and its share of the fixed fee
// and bound adjustment into shares (both one element per line), and the order's
// sums (R4.1, R4.2, R4.4). Every part + share is checked to fit in int64.
func (o *OrderRules) amounts(parts, shares []int64, ord *OrderRecord) (orderSums, error) {
	if len(ord.Lines) == 0 {
		return orderSums{}, invalid(CodeInvalidOrder, "lines", "must not be empty")
	}
	var s orderSums
	var err error
	for i := range ord.Lines {
		l := &ord.Lines[i]
		if err = o.checkLine(l, i); err != nil {
			return orderSums{}, err
		}
		if s.paid, err = add(s.paid, l.Paid.Amount(), "the order's paid total"); err != nil {
			return orderSums{}, err
		}
		var part int64
		if rt, _ := o.rateOf(l); rt != nil {
			part = rt.apply(l.Paid.Amount(), o.r.mode) // ≥ 0, ≤ paid
		}
		parts[i] = part
		if s.parts, err = add(s.parts, part, "the order's commission"); err != nil {
			return orderSums{}, err
		}
	}
	p := o.plan
	if !o.promo { // R4.2: the promotion waives the fee and the minimum
		s.fixed = p.fixed
	}
	if s.total, err = add(s.parts, s.fixed, "the order's commission"); err != nil {
		return orderSums{}, err
	}
	s.unbounded = s.total
	if p.hasMin && !o.promo && s.total < p.min {
		s.total, s.bound = p.min, BoundMin
	}
	if p.hasMax && s.total > p.max {
		s.total, s.bound = p.max, BoundMax
	}
	if s.total > s.paid { // never more than the buyer paid for the lines (R4.1, documented)
		s.total, s.bound = s.paid, BoundAmount
	}
	s.fixed = min(s.fixed, s.paid)
	if err := apportion(shares, parts, ord, s.total-s.parts); err != nil {
		return orderSums{}, err
	}
	for i := range parts {
		if _, err := add(parts[i], shares[i], "a line's commission"); err != nil {
			return orderSums{}, err
		}
	}
	return s, nil
}

// apportion sets shares so that they sum to diff: an increase by the lines' paid
// amounts, a decrease by their rate parts (R0.1 largest remainder). diff ≤ Σpaid −
// Σparts when positive and −diff ≤ Σparts when negative, so every share is at most
// its weight and no line goes below zero.
func apportion(shares, parts []int64, o *OrderRecord, diff int64) error {
	if diff == 0 {
		clear(shares)
		return nil
	}
	if len(shares) == 1 {
		shares[0] = diff
		return nil
	}
	neg := diff < 0
	w := parts
	if !neg {
		// Small orders weigh in a stack buffer; only very long orders allocate.
		var wbuf [16]int64
		w = wbuf[:0]
		if len(shares) > len(wbuf) {
			w = make([]int64, 0, len(shares))
		}
		for i := range o.Lines {
			w = append(w, o.Lines[i].Paid.Amount())
		}
	}
	amount := diff
	if neg {
		amount = -diff
	}
	if err := shopkit.AllocateInto(shares, amount, w); err != nil {
		return shopkit.NewError(shopkit.ErrInvalid, CodeInvalidOrder, "cannot apportion the order's commission: "+err.Error())
	}
	if neg {
		for i := range shares {
			shares[i] = -shares[i]
		}
	}
	return nil
}
